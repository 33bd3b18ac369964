"""A group of compiled patterns behind the gate: one literal lookup tells whether any of them can match."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rupturecli.rules.compiled.patterns import CompiledPattern
from rupturecli.rules.gate import PatternGate


@dataclass(frozen=True)
class Gate:
    """A group of patterns: when the gate lets none of them through, no pattern of the group can match."""

    ids: frozenset[int] | None  # None: some pattern has no gate, so the group always runs
    gate: PatternGate | None

    @classmethod
    def of(cls, patterns: tuple[CompiledPattern, ...]) -> Gate:
        if not patterns or any(pattern.gate is None for pattern in patterns):
            return cls(None, None)
        return cls(frozenset(pattern.id for pattern in patterns), patterns[0].gate)

    def open(self, text: str) -> bool:
        if self.ids is None or self.gate is None:
            return True
        return not self.ids.isdisjoint(self.gate.candidates(text, self.side))

    @cached_property
    def side(self) -> int | None:
        """The side all its patterns are on (None: several), the database hyperscan scans; read once sides are set."""
        return self.gate.side_of(self.ids) if self.gate is not None and self.ids is not None else None


@dataclass(frozen=True)
class GateIndex:
    """Which items of a list (markers, strategies) the gate lets through for a text, in the list's order.

    One lookup per pattern the gate lets through instead of one test per item: most turns open none.
    """

    size: int
    always: frozenset[int]  # items with a pattern outside the gate
    by_pattern: dict[int, tuple[int, ...]]
    gate: PatternGate | None

    @classmethod
    def of(cls, gates: list[Gate]) -> GateIndex:
        by_pattern: dict[int, list[int]] = {}
        always = []
        pattern_gate = None
        for position, gate in enumerate(gates):
            if gate.ids is None:
                always.append(position)
                continue
            pattern_gate = pattern_gate or gate.gate
            for pattern_id in gate.ids:
                by_pattern.setdefault(pattern_id, []).append(position)
        return cls(len(gates), frozenset(always), {key: tuple(value) for key, value in by_pattern.items()},
                   pattern_gate)

    @cached_property
    def side(self) -> int | None:
        return self.gate.side_of(self.by_pattern) if self.gate is not None else None

    def positions(self, text: str) -> list[int]:
        if self.gate is None:
            return sorted(self.always)
        found = set(self.always)
        by_pattern = self.by_pattern
        for pattern_id in self.gate.candidates(text, self.side):
            items = by_pattern.get(pattern_id)
            if items:
                found.update(items)
        return sorted(found) if len(found) > 1 else list(found)

