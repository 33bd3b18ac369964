"""What training learns from: coded transcripts (a label per client turn) and coded notes (per sentence).

Every example keeps its provenance (the set it came from, its file or id, and whether it is real dialogue)
so that figures can be reported on real sessions only and cross-validation can keep one session, or one
group of near-duplicate captionings, inside one fold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rupturecli.session import Session

CLIENT_LABELS = ("none", "withdrawal", "confrontation")


@dataclass(frozen=True)
class ClientCode:
    """One scored client turn: its label (none, withdrawal, confrontation, or rupture of no agreed type)."""

    label: str
    markers: tuple[str, ...] = ()
    re_engaged: bool = False  # a non-rupture turn that comes back into the work after a repair


@dataclass
class CodedTranscript:
    """A transcript with its codes. Turns not in `client` are uncertain or uncoded: left out."""

    name: str
    set_name: str
    group: str
    real: bool
    session: Session
    weight: float = 1.0  # how much each of its turns counts in training
    client: dict[int, ClientCode] = field(default_factory=dict)
    strategies: dict[int, tuple[str, ...]] = field(default_factory=dict)  # therapist turn -> ids (() = none)
    re_engagement: dict[int, bool] = field(default_factory=dict)  # client turns after a repair
    resolved: dict[int, str] = field(default_factory=dict)  # first turn of an episode -> status
    contributions: set[int] = field(default_factory=set)  # therapist turns that provoke or deepen a rupture


@dataclass(frozen=True)
class SentenceCode:
    """One notes sentence: the client move it reports, strategies, re-engagement, the therapist's reaction."""

    label: str = "none"
    markers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    re_engagement: bool = False
    experience: str | None = None  # T-W or T-C


@dataclass
class CodedNote:
    """A narrative note with its codes: a code per sentence the coders agree on."""

    name: str
    set_name: str
    group: str
    real: bool
    session: Session
    weight: float = 1.0
    sentences: dict[int, SentenceCode] = field(default_factory=dict)
    gold: dict[str, Any] = field(default_factory=dict)  # the note's codes as notes-gold.jsonl has them


__all__ = ["CLIENT_LABELS", "ClientCode", "CodedNote", "CodedTranscript", "SentenceCode"]
