"""The compiled markers, therapist contexts, strategies, therapist moves and guidance cues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rupturecli.rules.compiled.gates import Gate
from rupturecli.rules.compiled.patterns import CompiledPattern
from rupturecli.rules.compiled.word_guard import CompiledWordGuard

if TYPE_CHECKING:
    from rupturecli.rules.model import Context, Guidance, Marker, Strategy, TherapistMove


@dataclass(frozen=True)
class CompiledMarker:
    marker: Marker
    match: tuple[CompiledPattern, ...]
    narrative: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]
    unless_previous: tuple[CompiledPattern, ...]
    negation: CompiledWordGuard | None = None  # the pack's negation words, when the marker guards against them
    hypothetical: CompiledWordGuard | None = None

    @property
    def id(self) -> str:
        return self.marker.id

    def __post_init__(self) -> None:
        object.__setattr__(self, "_gate", Gate.of(self.match))

    def may_match(self, text: str) -> bool:
        """False only when no `match` pattern can match `text` (one literal lookup for the whole marker)."""
        return self._gate.open(text)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CompiledContext:
    context: Context
    match: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_gate", Gate.of(self.match))

    def may_match(self, text: str) -> bool:
        return self._gate.open(text)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CompiledStrategy:
    strategy: Strategy
    match: tuple[CompiledPattern, ...]
    narrative: tuple[CompiledPattern, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_gate", Gate.of(self.match))

    def may_match(self, text: str) -> bool:
        return self._gate.open(text)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CompiledMove:
    move: TherapistMove
    match: tuple[CompiledPattern, ...]
    narrative: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]

    @property
    def id(self) -> str:
        return self.move.id


@dataclass(frozen=True)
class CompiledGuidance:
    guidance: Guidance
    stage_evidence: dict[str, dict[int, tuple[CompiledPattern, ...]]]
    re_engagement: tuple[CompiledPattern, ...]
    re_engagement_narrative: tuple[CompiledPattern, ...]
    no_shift_narrative: tuple[CompiledPattern, ...]
    not_observed: tuple[CompiledPattern, ...]
    engaged: tuple[CompiledPattern, ...]
    recurrence: tuple[CompiledPattern, ...]
    specific_source: tuple[CompiledPattern, ...]
    source_cues: dict[str, tuple[CompiledPattern, ...]]
    intensity: tuple[CompiledPattern, ...]
    third_party: tuple[CompiledPattern, ...]
    therapist_speech: tuple[CompiledPattern, ...]
    settled: tuple[CompiledPattern, ...] = ()
    strain_elsewhere: tuple[CompiledPattern, ...] = ()
    negation: CompiledWordGuard | None = None
    hypothetical: CompiledWordGuard | None = None

