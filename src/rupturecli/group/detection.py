"""Markers in a group session: each member's turns read with the turn just before as their context.

A member answers whoever spoke last: a therapist, or another member. Each member is read in a view of the session
where their own turns are the client's and everyone else's are the other side of the exchange, so the markers'
context conditions (an open question before a minimal reply...) apply to a member's question as to a therapist's.
Resolution strategies are read in the therapists' own turns.
"""

from __future__ import annotations

from dataclasses import replace

from rupturecli.detect.hits import Detection
from rupturecli.detect.transcript import detect_transcript
from rupturecli.group.repair import member_repair_moves
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session, Turn


def member_view(session: Session, member: str) -> Session:
    """The session as one member's exchange: their turns are the client's, every other speaker's the other side."""
    turns = tuple(_as_seen_by(turn, member) for turn in session.turns)
    return replace(session, turns=turns)


def _as_seen_by(turn: Turn, member: str) -> Turn:
    if turn.speaker == "client" and turn.member == member:
        return turn
    if turn.speaker in ("client", "therapist"):
        return replace(turn, speaker="therapist")
    return turn


def detect_members(session: Session, rules: RuleSet) -> Detection:
    """Every member's markers (each in their own view) and the therapists' strategies."""
    whole = detect_transcript(session, rules)  # strategies and contexts of the therapists' own turns
    hits = []
    for member in session.members:
        view = detect_transcript(member_view(session, member), rules, whole.re_engagement_cues)
        hits += [hit for hit in view.hits if session.turns[hit.turn - 1].member == member]
    hits.sort(key=lambda hit: (hit.turn, hit.evidence_only))
    return Detection(tuple(hits), whole.strategies, whole.contexts, member_repairs=member_repair_moves(session, rules),
                     re_engagement_cues=whole.re_engagement_cues)
