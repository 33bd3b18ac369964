"""What detection finds: a marker in a turn (Hit), a resolution strategy in a turn (StrategyHit), and both together.

Every later step (episodes, significance, repair, the therapist's side, the reports) reads these and nothing else
of the engine, so they sit apart from the code that finds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rupturecli.rules.compiled import CompiledMarker
from rupturecli.session import Turn

if TYPE_CHECKING:
    from rupturecli.detect.repair import ReEngagementCues


@dataclass(frozen=True)
class Hit:
    """One marker seen in one turn (or notes sentence), with the words that show it."""

    marker_id: str
    name: str
    rupture: str
    evidence_only: bool
    weight: float
    turn: int
    line: int
    quote: str
    matched: str
    paragraph: int = 1
    source: str = "rule"  # "rule" (a pattern of the marker matched) or "model" (the move model)
    score: float | None = None  # the model's probability, for model findings
    cues: tuple[str, ...] = ()  # what drove the model
    speaker: str = ""  # who: the member (the client) whose turn it is; "therapist" for the therapist's experience
    target: str = ""  # toward whom: "therapist", "group" or "member:<Label>" (see group/targets.py)


def marker_hit(marker: CompiledMarker, turn: Turn, quote: str, matched: str) -> Hit:
    """A rule's hit: a therapist-speaker marker is evidence only (the therapist's experience), never a rupture."""
    m = marker.marker
    return Hit(m.id, m.name, m.rupture, m.evidence_only or m.speaker == "therapist", m.weight,
               turn.index, turn.line, quote, matched, turn.paragraph)


@dataclass(frozen=True)
class StrategyHit:
    strategy_id: str
    approach: str
    turn: int
    line: int
    quote: str
    source: str = "rule"
    score: float | None = None
    cues: tuple[str, ...] = ()
    by: str = ""  # who repaired: a therapist's label, or "member:<Label>" for a member's repair move


@dataclass(frozen=True)
class Detection:
    hits: tuple[Hit, ...]
    strategies: tuple[StrategyHit, ...]
    contexts: dict[int, frozenset[str]]
    re_engagement: dict[int, float] | None = None  # the model's re-engagement probability per client turn
    member_repairs: tuple[StrategyHit, ...] = ()  # in a group: members' repair moves (MR-*), by member
    re_engagement_cues: ReEngagementCues | None = None  # the cues the engine read, for the repair verdicts to reuse
