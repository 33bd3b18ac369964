"""The rule set: everything the engine needs, compiled once and shared by every file of a run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rupturecli.rules.compiled.gates import GateIndex
from rupturecli.rules.compiled.group import CompiledGroup
from rupturecli.rules.compiled.items import (
    CompiledContext,
    CompiledGuidance,
    CompiledMarker,
    CompiledMove,
    CompiledStrategy,
)
from rupturecli.rules.compiled.patterns import CompiledPattern
from rupturecli.rules.compiled.significance import CompiledSignificance
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.loader import LoadedRules

if TYPE_CHECKING:
    from rupturecli.rules.model import Marker, Strategy, TherapistMove


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs, compiled once and shared by every file of a run."""

    markers: tuple[CompiledMarker, ...]
    contexts: tuple[CompiledContext, ...]
    strategies: tuple[CompiledStrategy, ...]
    guidance: CompiledGuidance
    loaded: LoadedRules
    significance: CompiledSignificance | None = None
    model: Any = None  # the move model (rupturecli.model.MoveModel) read beside the rules, or None
    moves: tuple[CompiledMove, ...] = ()  # therapist moves (TC-*), found around each episode
    gate: PatternGate | None = None  # every pattern's id, and which may match a text
    group: CompiledGroup | None = None  # how group, couples and family sessions are read (rules/group.yaml)
    wording: Any = None  # what rates a rupture turn's words (model.wording.WordingHead); None: the shipped one

    @cached_property
    def inviting_contexts(self) -> frozenset[str]:
        """Contexts of an open, inviting turn (`inviting: true`): no straining move, no closed question."""
        return frozenset(item.context.id for item in self.contexts if item.context.inviting)

    @cached_property
    def closed_contexts(self) -> frozenset[str]:
        """Contexts of a closed or factual question (`closed: true`): a short reply to it is ordinary."""
        return frozenset(item.context.id for item in self.contexts if item.context.closed)

    @cached_property
    def straining_contexts(self) -> frozenset[str]:
        """Contexts that show a therapist move straining the alliance (the moves' `contexts`: pressure...)."""
        return frozenset(context for move in self.moves for context in move.move.contexts)

    @cached_property
    def client_markers(self) -> tuple[CompiledMarker, ...]:
        """The markers a client turn of a transcript with one client is matched against."""
        return tuple(marker for marker in self.member_markers if not marker.marker.group_only)

    @cached_property
    def member_markers(self) -> tuple[CompiledMarker, ...]:
        """The markers a member's turn of a group session is matched against (group-only markers too)."""
        return tuple(marker for marker in self.markers if marker.marker.speaker == "client" and marker.match)

    @cached_property
    def client_index(self) -> GateIndex:
        return GateIndex.of([marker._gate for marker in self.client_markers])  # type: ignore[attr-defined]

    @cached_property
    def member_index(self) -> GateIndex:
        return GateIndex.of([marker._gate for marker in self.member_markers])  # type: ignore[attr-defined]

    @cached_property
    def dyad_strategies(self) -> tuple[CompiledStrategy, ...]:
        """The strategies of individual therapy: group strategies (GR-) are for groups only."""
        return tuple(strategy for strategy in self.strategies if not strategy.strategy.group_only)

    @cached_property
    def strategy_index(self) -> GateIndex:
        return GateIndex.of([strategy._gate for strategy in self.strategies])  # type: ignore[attr-defined]

    def patterns(self) -> Iterator[CompiledPattern]:
        """Every pattern of the rule set (some more than once)."""
        for marker in self.markers:
            yield from (*marker.match, *marker.narrative, *marker.unless, *marker.unless_previous)
        for context in self.contexts:
            yield from (*context.match, *context.unless)
        for strategy in self.strategies:
            yield from (*strategy.match, *strategy.narrative)
        guidance = self.guidance
        for stages in guidance.stage_evidence.values():
            for patterns in stages.values():
                yield from patterns
        for name in ("re_engagement", "re_engagement_narrative", "no_shift_narrative", "not_observed", "engaged",
                     "recurrence", "specific_source", "intensity", "third_party", "therapist_speech", "settled",
                     "strain_elsewhere"):
            yield from getattr(guidance, name)
        if self.group is not None:
            for rule in self.group.targets:
                yield from (pattern for pattern in rule.match if isinstance(pattern, CompiledPattern))
            for repair in self.group.repairs:
                yield from repair.match

    def compile_patterns(self) -> None:
        """Compile every pattern now: before worker processes fork, so each does not compile them again."""
        for pattern in self.patterns():
            pattern.compiled  # noqa: B018 - compiled on first use otherwise

    def with_model(self, model: Any) -> RuleSet:
        """The same rules with a move model (None: rules only)."""
        return replace(self, model=model)

    def marker(self, marker_id: str) -> Marker | None:
        """The marker with this id, else the one with it as an old id (alias) or as its name, in any case."""
        found = self.loaded.markers.get(marker_id)
        if found:
            return found
        wanted = marker_id.strip().casefold()
        for marker in self.loaded.markers.values():
            if wanted == marker.id.casefold() or wanted in (alias.casefold() for alias in marker.aliases):
                return marker
        return next((marker for marker in self.loaded.markers.values() if wanted == marker.name.casefold()), None)

    def strategy(self, strategy_id: str) -> Strategy | None:
        """The strategy with this id or name, in any case."""
        wanted = strategy_id.strip().casefold()
        return next((strategy for strategy in self.loaded.strategies.values()
                     if wanted in (strategy.id.casefold(), strategy.name.strip().casefold())), None)

    def move(self, move_id: str) -> TherapistMove | None:
        """The therapist move with this id, old id or name, in any case."""
        wanted = move_id.strip().upper()
        return next((move for move in self.loaded.moves.values()
                     if wanted in (move.id.upper(), move.name.upper(), *(alias.upper() for alias in move.aliases))),
                    None)
