"""The pipeline: session -> hits -> episodes -> repair and stage advice -> SessionReport."""

from __future__ import annotations

from collections.abc import Mapping

from rupturecli.contribution import MoveScan, assess_therapist_side
from rupturecli.engine import detect
from rupturecli.episodes import build_episodes
from rupturecli.group.targets import assign_targets
from rupturecli.model.findings import add_model_findings
from rupturecli.report import EpisodeReport, SessionReport
from rupturecli.resolution import SessionScan, advise, assess_repair
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session


def analyze_session(session: Session, rules: RuleSet, history: Mapping[str, int] | None = None) -> SessionReport:
    """Analyse one parsed session with rules compiled once for the whole run.

    `history`: for a client's session, marker id -> sessions in a row just before this one showing it.
    """
    detection = detect(session, rules)
    if rules.model is not None:
        known = tuple(sorted({hit.turn for hit in detection.hits if not hit.evidence_only}))
        detection = add_model_findings(detection, rules.model.moves(session, known), session, rules)
    detection = assign_targets(detection, session, rules)  # who, and toward whom (a member, the group...)
    episodes = build_episodes(detection.hits, session.kind, rules, {turn.index: turn.text for turn in session.turns})
    scan = SessionScan(session, detection, rules, episodes)  # one pass per pattern, shared by every episode
    moves = MoveScan(session, rules)
    reports = []
    for position, episode in enumerate(episodes):
        following = episodes[position + 1] if position + 1 < len(episodes) else None
        repair = assess_repair(episode, following, session, detection, rules, scan)
        stage = advise(episode, episodes, repair, session, rules, history, scan)
        previous_end = episodes[position - 1].end_turn if position else 0
        therapist = assess_therapist_side(episode, repair, previous_end, moves)
        reports.append(EpisodeReport(episode, repair, stage, therapist))
    return SessionReport(session, tuple(reports))
