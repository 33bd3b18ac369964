"""One pattern compiled: a `regex` object with a timeout, behind the literal gate.

User patterns run with the `regex` module so a catastrophic pattern times out with an error naming
its rule file, instead of hanging a batch of thousands of notes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

import regex

from rupturecli.errors import RuleError, quoted
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.loader import LoadedRules, default_rules_dir

if TYPE_CHECKING:
    from rupturecli.rules.model import Pattern

MATCH_TIMEOUT_SECONDS = 1.0  # one search
# One pattern, all its searches in one process: 10 s plus 1 s per MB it has searched (the shipped patterns
# use under 0.03 s per MB). A pattern just under the per-search limit on every turn would otherwise slow a
# batch a hundredfold without ever tripping that limit.
RUN_BUDGET_SECONDS = 10.0
RUN_BUDGET_SECONDS_PER_MB = 1.0
FLAGS = regex.IGNORECASE | regex.VERSION0

Origin = tuple[str, int, int]


class PatternTimeout(RuleError):
    """A user pattern ran past its time limit: the whole run stops, naming the rule."""


_GATE: list[PatternGate] = []  # the gate being filled by the compile_rules call in progress


@contextmanager
def filling(gate: PatternGate) -> Iterator[list[RuleError]]:
    """Every pattern compiled inside the block joins `gate` (one gate for a whole rule set); a pattern that does
    not compile is collected in the list yielded, so a pack's bad patterns are all named in one round."""
    _GATE.append(gate)
    _BAD.append([])
    try:
        yield _BAD[-1]
    finally:
        _GATE.pop()
        _BAD.pop()


_BAD: list[list[RuleError]] = []  # the bad patterns of the compile_rules call in progress


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    expression: str
    origin: Origin
    previous_turn: frozenset[str] = frozenset()
    id: int = -1  # in the rule set's gate
    gate: PatternGate | None = None  # None: the pattern always runs
    spent: list[float] = field(default_factory=lambda: [0.0, 0.0], compare=False, hash=False)  # [s, MB] this run

    @cached_property
    def compiled(self) -> regex.Pattern:
        """Compiled on first use: a short note meets only a few of the shipped patterns (see compile_pattern)."""
        return regex.compile(self.expression, FLAGS)

    def _cannot_match(self, text: str) -> bool:
        return self.gate is not None and not self.gate.may_match(self.id, text)

    def _budget(self) -> float:
        return RUN_BUDGET_SECONDS + RUN_BUDGET_SECONDS_PER_MB * self.spent[1]

    def _charge(self, started: float, text: str) -> None:
        self.spent[0] += perf_counter() - started
        self.spent[1] += len(text) / 1e6

    def _timed_out(self) -> PatternTimeout:
        if self.spent[0] >= self._budget() - 0.01:
            return PatternTimeout(f"pattern {quoted(self.source)} has spent {self.spent[0]:.0f}s searching "
                                  f"{self.spent[1]:.2f} MB of this run's inputs (slow on every turn, though under "
                                  "the per-search limit); simplify it", *self.origin)
        return PatternTimeout(f"pattern {quoted(self.source)} took longer than {MATCH_TIMEOUT_SECONDS:g}s on one input "
                              "(catastrophic backtracking?); simplify it", *self.origin)

    def _limit(self) -> float:
        """This search's timeout: the per-search limit, or what is left of the run's budget if less."""
        return max(0.001, min(MATCH_TIMEOUT_SECONDS, self._budget() - self.spent[0]))

    def search(self, text: str, start: int = 0) -> regex.Match | None:
        if self._cannot_match(text):
            return None
        return self.search_ungated(text, start)

    def search_ungated(self, text: str, start: int = 0) -> regex.Match | None:
        """`search` for a caller that has already checked the required literals (see `possible`)."""
        started = perf_counter()
        try:
            found = self.compiled.search(text, start, timeout=self._limit())
        except TimeoutError:
            self._charge(started, text)
            raise self._timed_out() from None
        self._charge(started, text)
        return found

    def finditer(self, text: str) -> list[regex.Match]:
        if self._cannot_match(text):
            return []
        return self.finditer_ungated(text)

    def finditer_ungated(self, text: str) -> list[regex.Match]:
        started = perf_counter()
        try:
            found = list(self.compiled.finditer(text, timeout=self._limit()))
        except TimeoutError:
            self._charge(started, text)
            raise self._timed_out() from None
        self._charge(started, text)
        return found


def possible(patterns: tuple[CompiledPattern, ...], text: str) -> list[CompiledPattern]:
    """The patterns of a group that can match `text`, in order: one gate lookup for the whole group (per side).

    Most turns can match few of the patterns: `regex` runs only on those the gate lets through.
    """
    found: dict[int | None, frozenset[int]] = {}  # by side
    kept = []
    for pattern in patterns:
        gate = pattern.gate
        if gate is not None:
            side = gate.sides[pattern.id] if gate.sides else None
            ids = found.get(side)
            if ids is None:
                ids = found[side] = gate.candidates(text, side)
            if pattern.id not in ids:
                continue
        kept.append(pattern)
    return kept


@functools.lru_cache(maxsize=64)
def _shipped_file(path: str) -> bool:
    try:
        return Path(path).resolve().is_relative_to(default_rules_dir().resolve())
    except (OSError, ValueError):
        return False


def _shipped(origin: Origin) -> bool:
    """A pattern of the packs shipped with rupturecli: valid (the tests compile every one), so compiled lazily."""
    return _shipped_file(str(origin[0]))


MAX_REPEAT = 1000  # a counted repetition past this is refused: `regex` builds it whole (a{1000000000}: 18 GB)
COUNTED = regex.compile(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")


def _too_many_repeats(expression: str) -> int | None:
    """The first counted repetition ({n}, {n,m}) above MAX_REPEAT in `expression`, if any."""
    for found in COUNTED.finditer(expression):
        for number in found.groups():
            if number and int(number) > MAX_REPEAT:
                return int(number)
    return None


EMPTY_MATCH_PROBES = ("", "a", "So, it went well. Really!")
# Turns with nothing in common: a pattern that matches every one (`.`, `\w+`, `^`) matches any turn at all.
EVERY_TURN_PROBES = ("Mm.", "ok", "Then the bus was late, so we walked over.", "42", "Why?", "No!")


def _matches_nothing(compiled: regex.Pattern) -> bool:
    """Does the pattern find an empty match in ordinary text (`''`, `x?`, `\\b`, `(?=\\w)`)? A marker's
    pattern that can fire without any words fires on every turn."""
    return any(found is not None and found.start() == found.end()
               for found in (compiled.search(text) for text in EMPTY_MATCH_PROBES))


def compile_pattern(pattern: Pattern, origin: Origin, restricted: bool = False) -> CompiledPattern:
    """`restricted`: its rule has conditions (`when`, `unless`...), so a regex that matches any words (`^.{1,60}$`
    after a context, a "not followed by" lookahead) is what the rule means, not a marker firing on every turn."""
    from rupturecli.rules.phrase import PhraseError  # the phrase compiler loads only when rules are compiled

    source = pattern.regex if pattern.regex is not None else pattern.phrase
    try:
        expression = pattern.expression
    except PhraseError as error:
        raise RuleError(f"bad phrase {quoted(source)}: {error}", *origin) from None
    repeats = None if _shipped(origin) else _too_many_repeats(expression)
    if repeats is not None:
        raise RuleError(f"bad regex {quoted(source)}: a repetition of {repeats} is more than {MAX_REPEAT} (use + "
                        "or *, or a smaller count)", *origin)
    try:
        contexts = frozenset(pattern.when.previous_turn) if pattern.when else frozenset()
        gate = _GATE[-1] if _GATE else None
        pattern_id = gate.add(expression) if gate else -1
        compiled = CompiledPattern(str(source), expression, origin, contexts, pattern_id, gate)
        if not _shipped(origin) and _matches_nothing(compiled.compiled):  # a user's pattern is checked now
            raise RuleError(f"bad regex {quoted(source)}: it can match without a single character (an empty match), so "
                            "it would fire on every turn", *origin)
        restricted = restricted or bool(pattern.when and pattern.when.previous_turn)
        if not restricted and not _shipped(origin) and all(compiled.compiled.search(text)
                                                           for text in EVERY_TURN_PROBES):
            raise RuleError(f"bad regex {quoted(source)}: it matches any words at all (it matched each of a few "
                            "unrelated turns) and nothing restricts it (no 'when' or 'unless' on it or its rule), so "
                            "it would fire on every turn", *origin)
        return compiled
    except regex.error as error:
        position = f" at position {error.pos}" if getattr(error, "pos", None) is not None else ""
        message = str(error).split(" at position")[0]
        raise RuleError(f"bad regex {quoted(source)}: {message}{position}", *origin) from None


def compile_all(patterns: list[Pattern], loaded: LoadedRules, owner: tuple[str, str],
                *field: object, restricted: bool = False) -> tuple[CompiledPattern, ...]:
    """Compile a list of patterns, each remembering its own file, line and column (`owner`: the item's kind and
    id, or a section's name and ""); inside `filling`, a pattern
    that does not compile is collected and left out, and the caller raises them all."""
    compiled = []
    for index, pattern in enumerate(patterns):
        try:
            compiled.append(compile_pattern(pattern, loaded.where(*owner, *field, index), restricted))
        except RuleError as error:
            if not _BAD or isinstance(error, PatternTimeout):
                raise
            _BAD[-1].append(error)
    return tuple(compiled)


def first_match(patterns: tuple[CompiledPattern, ...], text: str) -> regex.Match | None:
    for pattern in possible(patterns, text):
        found = pattern.search_ungated(text)
        if found:
            return found
    return None

