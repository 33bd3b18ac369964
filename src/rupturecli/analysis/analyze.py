"""The path one session takes: detect -> episodes -> repair -> stage advice and the therapist's side -> report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from rupturecli.analysis.report import EpisodeReport, SessionReport
from rupturecli.detect.advice import Advisor
from rupturecli.detect.contribution import DEFAULT, MoveScan, assess_therapist_side
from rupturecli.detect.engine import detect
from rupturecli.detect.episodes import Episode, build_episodes
from rupturecli.detect.hits import Detection
from rupturecli.detect.repair import Repair, SessionScan, assess_repair
from rupturecli.detect.straining import straining_moves
from rupturecli.group.targets import assign_targets
from rupturecli.model.findings import add_model_findings
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session

if TYPE_CHECKING:  # the group modules load only for a group, couples or family session: a note starts faster
    from rupturecli.group.summary import GroupSummary


def analyze_session(session: Session, rules: RuleSet, history: Mapping[str, int] | None = None,
                    therapist_moves: bool = False) -> SessionReport:
    """Analyse one parsed session with rules compiled once for the whole run.

    `history`: for a client's session, marker id -> sessions in a row just before this one showing it.
    `therapist_moves`: also read every therapist turn for straining moves (the trainee profile's rate).
    """
    group = session.is_group and rules.group is not None  # group, couples and family sessions
    detection = _detect(session, rules)
    moves = _therapist_moves(session, rules, detection, group)
    detection = _without_straining_repairs(detection, moves)
    episodes = _episodes(detection, session, rules, group)
    scan = SessionScan(session, detection, rules)  # the turns repair reads, each read once for every episode
    advisor = Advisor(scan, episodes, history)
    reports = []
    for position, episode in enumerate(episodes):
        before, after = _neighbours(episodes, position, group)
        repair = _repair(episode, after, scan, detection, group)
        therapist = assess_therapist_side(episode, repair, before.end_turn if before else 0, moves)
        strained = frozenset(hit.move_id for hit in therapist.before + therapist.after)
        reports.append(EpisodeReport(episode, repair, advisor.advise(episode, repair, strained), therapist))
    return SessionReport(session, tuple(reports), _group_summary(session, reports, rules) if group else None,
                         straining_moves(moves) if therapist_moves else None)


def _detect(session: Session, rules: RuleSet) -> Detection:
    """Every marker with who and toward whom, and what the move model adds where the rules found nothing.

    In a group a marker that does not hold toward its target is dropped before the model looks for what the
    rules missed; the model's findings are then directed too (the rules' keep theirs).
    """
    detection = assign_targets(detect(session, rules), session, rules)
    if rules.model is None:
        return detection
    known = tuple(sorted({hit.turn for hit in detection.hits if not hit.evidence_only}))
    detection = add_model_findings(detection, rules.model.moves(session, known), session, rules)
    return assign_targets(detection, session, rules)


def _without_straining_repairs(detection: Detection, moves: MoveScan) -> Detection:
    """The model's repair strategies, less those it reads on a turn where a rule finds a straining move.

    A warning or a lecture can share words with an invitation ("if you keep going like this..."). A move the
    rules find in the turn's own wording is stronger evidence than the model's reading of a strategy there,
    as a rule's rupture finding is; a strategy a rule finds stays."""
    def straining(turn: int) -> bool:
        return moves.has(turn) and any(move.source == "rule" for move in moves.at(turn))

    kept = tuple(hit for hit in detection.strategies if hit.source != "model" or not straining(hit.turn))
    return detection if len(kept) == len(detection.strategies) else replace(detection, strategies=kept)


def _episodes(detection: Detection, session: Session, rules: RuleSet, group: bool) -> list[Episode]:
    """Near markers of one type (in a group: of one member toward one target) as episodes, each rated 1-5."""
    texts = {turn.index: turn.text for turn in session.turns}
    if group:
        from rupturecli.group.episodes import build_member_episodes

        return build_member_episodes(detection.hits, session, rules, texts)
    return build_episodes(detection.hits, session.kind, rules, texts)


def _therapist_moves(session: Session, rules: RuleSet, detection: Detection, group: bool) -> MoveScan:
    """The therapist's moves around each episode; a group's repair strategies, and any turn where a rule finds a
    resolution strategy, are never read as straining moves by the learned head.

    The learned move head was trained on individual sessions: in a group only the rule pack's moves are read.
    """
    repairing = frozenset(hit.turn for hit in detection.strategies if hit.strategy_id.startswith("GR-"))
    rule_repairs = frozenset(hit.turn for hit in detection.strategies if hit.source == "rule")
    return MoveScan(session, rules, learned=None if group else DEFAULT, repairing=repairing,
                    rule_repairs=rule_repairs)


def _repair(episode: Episode, after: Episode | None, scan: SessionScan, detection: Detection, group: bool) -> Repair:
    if group:
        from rupturecli.group.repair import assess_group_repair

        return assess_group_repair(episode, after, scan, detection.member_repairs)
    return assess_repair(episode, after, scan)


def _neighbours(episodes: list[Episode], position: int, group: bool) -> tuple[Episode | None, Episode | None]:
    """The episodes before and after this one (in a group: the same member's, the others being theirs)."""
    if not group:
        return (episodes[position - 1] if position else None), (episodes[position + 1] if position + 1 < len(episodes)
                                                                else None)
    speaker = episodes[position].speaker
    earlier = [other for other in episodes[:position] if other.speaker == speaker]
    later = [other for other in episodes[position + 1:] if other.speaker == speaker]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def _group_summary(session: Session, reports: list[EpisodeReport], rules: RuleSet) -> GroupSummary:
    from rupturecli.group.summary import summarise_group

    assert rules.group is not None
    settings = rules.group.rules
    return summarise_group(session, reports, settings.silence_turns, settings.participation_drop)
