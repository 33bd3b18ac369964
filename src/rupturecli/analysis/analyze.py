"""The pipeline: session -> hits -> episodes -> repair and stage advice -> SessionReport."""

from __future__ import annotations

from collections.abc import Mapping

from rupturecli.analysis.report import EpisodeReport, SessionReport
from rupturecli.detect.contribution import DEFAULT, MoveScan, assess_therapist_side
from rupturecli.detect.engine import detect
from rupturecli.detect.episodes import Episode, build_episodes
from rupturecli.detect.resolution import SessionScan, advise, assess_repair
from rupturecli.group.targets import assign_targets
from rupturecli.model.findings import add_model_findings
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session


def analyze_session(session: Session, rules: RuleSet, history: Mapping[str, int] | None = None) -> SessionReport:
    """Analyse one parsed session with rules compiled once for the whole run.

    `history`: for a client's session, marker id -> sessions in a row just before this one showing it.
    """
    # who, and toward whom (a member, the group...); in a group a marker that does not hold toward its target
    # is dropped here, before the model looks for what the rules missed
    detection = assign_targets(detect(session, rules), session, rules)
    if rules.model is not None:
        known = tuple(sorted({hit.turn for hit in detection.hits if not hit.evidence_only}))
        detection = add_model_findings(detection, rules.model.moves(session, known), session, rules)
        detection = assign_targets(detection, session, rules)  # the model's findings too (the rules' keep theirs)
    texts = {turn.index: turn.text for turn in session.turns}
    group = session.is_group and rules.group is not None
    if group:
        from rupturecli.group.episodes import build_member_episodes  # group, couples and family sessions
        from rupturecli.group.repair import assess_group_repair

        episodes = build_member_episodes(detection.hits, session, rules, texts)
        member_moves = detection.member_repairs
    else:
        episodes = build_episodes(detection.hits, session.kind, rules, texts)
    scan = SessionScan(session, detection, rules, episodes)  # one pass per pattern, shared by every episode
    repair_turns = frozenset(hit.turn for hit in detection.strategies if hit.strategy_id.startswith("GR-"))
    # the learned move head was trained on individual sessions: in a group only the rule pack's moves are read
    moves = MoveScan(session, rules, learned=None if group else DEFAULT, repairing=repair_turns)
    reports = []
    for position, episode in enumerate(episodes):
        following = _next(episodes, position, group)
        if group:
            repair = assess_group_repair(episode, following, session, detection, rules, scan, member_moves)
        else:
            repair = assess_repair(episode, following, session, detection, rules, scan)
        stage = advise(episode, episodes, repair, session, rules, history, scan)
        previous = _previous(episodes, position, group)
        therapist = assess_therapist_side(episode, repair, previous.end_turn if previous else 0, moves)
        reports.append(EpisodeReport(episode, repair, stage, therapist))
    summary = None
    if group:
        from rupturecli.group.summary import summarise_group

        assert rules.group is not None
        settings = rules.group.rules
        summary = summarise_group(session, reports, settings.silence_turns, settings.participation_drop)
    return SessionReport(session, tuple(reports), summary)


def _next(episodes: list[Episode], position: int, group: bool) -> Episode | None:
    """The episode after this one (in a group: the same member's next one, the others being theirs)."""
    later = episodes[position + 1:]
    if group:
        later = [episode for episode in later if episode.speaker == episodes[position].speaker]
    return later[0] if later else None


def _previous(episodes: list[Episode], position: int, group: bool) -> Episode | None:
    earlier = episodes[:position]
    if group:
        earlier = [episode for episode in earlier if episode.speaker == episodes[position].speaker]
    return earlier[-1] if earlier else None
