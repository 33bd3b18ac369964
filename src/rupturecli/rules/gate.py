"""Which of a rule set's patterns can match a text, found in one pass, so `regex` runs only where it may.

Every pattern of a rule set gets an id in one shared gate. For a text, `candidates(text)` is the set of
ids whose pattern may match it: a superset of the patterns that do, never missing one, so the findings
are exactly those of running every pattern. Two ways to find it, with the same answer for the engine:

- hyperscan (the `fast` extra), when a database of every pattern is at hand: one scan of the text in
  prefilter mode (lookarounds dropped, so it can only say yes too often). Used for ASCII texts, where
  its byte semantics and `regex`'s agree; other texts take the literal path.
- literals: an Aho-Corasick pass (pyahocorasick) finds which required literals occur (see literals.py).

Building the hyperscan database takes seconds, so it is built only for a large run and kept in the
user's cache folder (keyed by the patterns; only patterns are written there, never note text).
`RUPTURE_HYPERSCAN=0` turns it off, `RUPTURE_HYPERSCAN=1` uses it whatever the run's size.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rupturecli import cache
from rupturecli.rules import literals
from rupturecli.rules.literals import Requirement, gate_text, requirement

CACHE_TEXTS = 4096  # candidates kept for the texts asked about lately (a session's turns are asked about again)
USE_CACHED_FROM_BYTES = 200_000  # a run this large loads a hyperscan database already built
BUILD_FROM_BYTES = 5_000_000  # ...and one this large builds it (a few seconds, once per rule set and machine)


def hyperscan_setting() -> str:
    """'0' (never), '1' (always) or 'auto' (by the run's size), from RUPTURE_HYPERSCAN."""
    value = os.environ.get("RUPTURE_HYPERSCAN", "auto").strip().lower()
    if value in ("0", "no", "off", "false"):
        return "0"
    if value in ("1", "yes", "on", "true"):
        return "1"
    return "auto"


class PatternGate:
    """The patterns of one rule set, by id, and the texts they may match."""

    def __init__(self) -> None:
        self.expressions: list[str] = []
        self.ids: dict[str, int] = {}
        self.requirements: list[Requirement] = []
        self.always: frozenset[int] = frozenset()  # patterns with no literal requirement
        self.by_literal: dict[str, tuple[int, ...]] = {}  # a pattern under each literal of its first clause
        self.literals: frozenset[str] = frozenset()  # every literal of every clause
        self.automaton: object | None = None
        self.scanner: object | None = None  # a HyperscanScanner once prepared
        self.cache: dict[tuple[int, str], frozenset[int]] = {}
        # Each pattern's side: 0 for those read in a client's words, 1 in a therapist's, 2 in narrative notes (see
        # `set_sides`). Hyperscan keeps one database per side, so a turn is scanned for its own side's patterns.
        self.sides: list[int] = []

    def add(self, expression: str) -> int:
        """The id of `expression` (one per distinct expression)."""
        found = self.ids.get(expression)
        if found is None:
            found = self.ids[expression] = len(self.expressions)
            self.expressions.append(expression)
        return found

    def set_sides(self, sides: dict[int, int]) -> None:
        """Each pattern's side (`sides`: id -> side; any other is on side 0, the client's words)."""
        self.sides = [sides.get(pattern_id, 0) for pattern_id in range(len(self.expressions))]
        self.cache.clear()

    def side_of(self, pattern_ids: Iterable[int]) -> int | None:
        """The one side all these patterns are on, or None when they are on several (or sides are not set)."""
        found = {self.sides[pattern_id] for pattern_id in pattern_ids} if self.sides else set()
        return found.pop() if len(found) == 1 else None

    def may_match(self, pattern_id: int, text: str) -> bool:
        return pattern_id in self.candidates(text, self.sides[pattern_id] if self.sides else None)

    def build(self) -> None:
        """The literal index over every pattern added so far (their literals are cached, see cache.py)."""
        key = cache.digest("requirements", Path(literals.__file__).read_bytes(), *self.expressions)  # and how made
        requirements = cache.load("gate", key)
        if requirements is None or len(requirements) != len(self.expressions):
            requirements = [requirement(expression) for expression in self.expressions]
            cache.store("gate", key, requirements)
        self.requirements = requirements
        index: dict[str, list[int]] = {}
        always = []
        for pattern_id, clauses in enumerate(self.requirements):
            if clauses is None:
                always.append(pattern_id)
                continue
            for literal in clauses[0]:
                index.setdefault(literal, []).append(pattern_id)
        self.always = frozenset(always)
        self.by_literal = {literal: tuple(ids) for literal, ids in index.items()}
        self.literals = frozenset(literal for clauses in self.requirements if clauses for clause in clauses
                                  for literal in clause)
        self.automaton = None
        self.cache.clear()
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - the plain fallback below gives the same answer
            return
        if self.literals:
            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self.automaton = automaton

    def prepare(self, run_bytes: int | None = None) -> None:
        """Use hyperscan for this run if it pays: `run_bytes` is the size of the inputs (None: unknown).

        Called once before worker processes fork, so they share the database instead of each building it.
        """
        setting = hyperscan_setting()
        if self.scanner is not None or setting == "0" or not self.expressions:
            return
        if setting == "auto" and run_bytes is not None and run_bytes < USE_CACHED_FROM_BYTES:
            return
        build = setting == "1" or (run_bytes is not None and run_bytes >= BUILD_FROM_BYTES)
        from rupturecli.rules.hyperscan_gate import HyperscanScanner

        self.scanner = HyperscanScanner.load(self.expressions, self.sides or [0] * len(self.expressions), build=build)
        self.cache.clear()

    @property
    def scanning(self) -> bool:
        """Whether hyperscan finds this run's candidates (prepared, and not given up on)."""
        return self.scanner is not None

    def literal_candidates(self, text: str, among: Iterable[int] | None = None) -> frozenset[int]:
        """The patterns whose required literals all occur in `text` (restricted to `among`, if given)."""
        lowered = gate_text(text)
        if self.automaton is not None:
            found = {literal for _, literal in self.automaton.iter(lowered)}  # type: ignore[attr-defined]
        else:
            found = {literal for literal in self.literals if literal in lowered}
        requirements = self.requirements
        kept = set(self.always)
        for literal in found:
            for pattern_id in self.by_literal.get(literal, ()):
                clauses = requirements[pattern_id]
                if len(clauses) == 1 or all(not clause.isdisjoint(found) for clause in clauses[1:]):  # type: ignore[arg-type]
                    kept.add(pattern_id)
        if among is not None:
            kept.intersection_update(among)
        return frozenset(kept)

    def candidates(self, text: str, side: int | None = None) -> frozenset[int]:
        """Ids of the patterns that may match `text` (cached for the last few texts); with `side`, at least those
        of that side (hyperscan scans that side's database only; the literal gate answers for every pattern)."""
        key = (-1 if side is None or self.scanner is None else side, text)
        cached = self.cache.get(key)
        if cached is None:
            if len(self.cache) >= CACHE_TEXTS:
                self.cache.clear()
            scanner = self.scanner
            if scanner is not None and text.isascii():
                try:
                    cached = scanner.candidates(text, side)  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001 - a database this hyperscan or CPU cannot run: literals it is
                    self.scanner = None
                    cached = self.literal_candidates(text)
                else:
                    missing = scanner.missing_on(side)  # type: ignore[attr-defined]
                    if missing:
                        cached |= self.literal_candidates(text, missing)
            else:
                cached = self.literal_candidates(text)
            self.cache[key] = cached
        return cached
