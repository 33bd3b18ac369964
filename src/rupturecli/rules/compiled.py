"""Rule packs compiled once per run: every pattern becomes a `regex` object with a timeout.

User patterns run with the `regex` module so a catastrophic pattern times out with an error naming
its rule file, instead of hanging a batch of thousands of notes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import Any

import regex

from rupturecli.errors import RuleError
from rupturecli.rules.literals import LiteralIndex, required_literals
from rupturecli.rules.loader import LoadedRules, default_rules_dir, load_rules
from rupturecli.rules.model import Context, Guidance, Marker, Pattern, Strategy, TherapistMove
from rupturecli.rules.selection import Selection

MATCH_TIMEOUT_SECONDS = 1.0  # one search
# One pattern, all its searches in one process: 10 s plus 1 s per MB it has searched (the shipped patterns
# use under 0.03 s per MB). A pattern just under the per-search limit on every turn would otherwise slow a
# batch a hundredfold without ever tripping that limit.
RUN_BUDGET_SECONDS = 10.0
RUN_BUDGET_SECONDS_PER_MB = 1.0
FLAGS = regex.IGNORECASE | regex.VERSION0


def phrase_to_regex(phrase: str) -> str:
    """A literal phrase, word-bounded, with any run of spaces matching any whitespace."""
    words = [regex.escape(word) for word in phrase.split()]
    return r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])"


Origin = tuple[str, int, int]


class PatternTimeout(RuleError):
    """A user pattern ran past its time limit: the whole run stops, naming the rule."""


_INDEX: list[LiteralIndex] = []  # the literal index being filled by the compile_rules call in progress


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    expression: str
    origin: Origin
    previous_turn: frozenset[str] = frozenset()
    required: frozenset[str] | None = None  # one of these must occur (lower-cased) for a match
    index: LiteralIndex | None = None
    spent: list[float] = field(default_factory=lambda: [0.0, 0.0], compare=False, hash=False)  # [s, MB] this run

    @cached_property
    def compiled(self) -> regex.Pattern:
        """Compiled on first use: a short note meets only a few of the shipped patterns (see compile_pattern)."""
        return regex.compile(self.expression, FLAGS)

    def _cannot_match(self, text: str) -> bool:
        if self.required is None or self.index is None:
            return False
        return self.required.isdisjoint(self.index.found(text))

    def _budget(self) -> float:
        return RUN_BUDGET_SECONDS + RUN_BUDGET_SECONDS_PER_MB * self.spent[1]

    def _charge(self, started: float, text: str) -> None:
        self.spent[0] += perf_counter() - started
        self.spent[1] += len(text) / 1e6

    def _timed_out(self) -> PatternTimeout:
        if self.spent[0] >= self._budget() - 0.01:
            return PatternTimeout(f"pattern {self.source!r} has spent {self.spent[0]:.0f}s searching "
                                  f"{self.spent[1]:.2f} MB of this run's inputs (slow on every turn, though under "
                                  "the per-search limit); simplify it", *self.origin)
        return PatternTimeout(f"pattern {self.source!r} took longer than {MATCH_TIMEOUT_SECONDS:g}s on one input "
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
    """The patterns of a group that can match `text`, in order: one literal lookup for the whole group.

    Most turns hold none of most patterns' required words; asking the literal index once per group
    instead of once per pattern is what keeps the rules engine fast.
    """
    found: frozenset[str] | None = None
    kept = []
    for pattern in patterns:
        required = pattern.required
        if required is not None and pattern.index is not None:
            if found is None:
                found = pattern.index.found(text)
            if required.isdisjoint(found):
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


def compile_pattern(pattern: Pattern, origin: Origin) -> CompiledPattern:
    source = pattern.regex if pattern.regex is not None else pattern.phrase
    expression = pattern.regex if pattern.regex is not None else phrase_to_regex(pattern.phrase or "")
    try:
        contexts = frozenset(pattern.when.previous_turn) if pattern.when else frozenset()
        required = required_literals(expression) if _INDEX else None
        if required:
            _INDEX[-1].add(required)
        compiled = CompiledPattern(str(source), expression, origin, contexts, required, _INDEX[-1] if _INDEX else None)
        if not _shipped(origin):
            compiled.compiled  # noqa: B018 - a user's pattern is checked now, so its error names its file and line
        return compiled
    except regex.error as error:
        position = f" at position {error.pos}" if getattr(error, "pos", None) is not None else ""
        message = str(error).split(" at position")[0]
        raise RuleError(f"bad regex {source!r}: {message}{position}", *origin) from None


def compile_all(patterns: list[Pattern], loaded: LoadedRules, item: str, *field: object) -> tuple[CompiledPattern, ...]:
    """Compile a list of patterns, each remembering its own file, line and column."""
    return tuple(compile_pattern(pattern, loaded.where(item, *field, index))
                 for index, pattern in enumerate(patterns))


def first_match(patterns: tuple[CompiledPattern, ...], text: str) -> regex.Match | None:
    for pattern in possible(patterns, text):
        found = pattern.search_ungated(text)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Gate:
    """The required literals of a group of patterns: when none occurs, no pattern of the group can match."""

    literals: frozenset[str] | None  # None: some pattern has no requirement, so the group always runs
    index: LiteralIndex | None

    @classmethod
    def of(cls, patterns: tuple[CompiledPattern, ...]) -> Gate:
        if not patterns or any(pattern.required is None or pattern.index is None for pattern in patterns):
            return cls(None, None)
        return cls(frozenset().union(*(pattern.required for pattern in patterns)), patterns[0].index)

    def open(self, text: str) -> bool:
        if self.literals is None or self.index is None:
            return True
        return not self.literals.isdisjoint(self.index.found(text))


@dataclass(frozen=True)
class CompiledMarker:
    marker: Marker
    match: tuple[CompiledPattern, ...]
    narrative: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]
    unless_previous: tuple[CompiledPattern, ...]

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
    recurrence: tuple[CompiledPattern, ...]
    specific_source: tuple[CompiledPattern, ...]
    intensity: tuple[CompiledPattern, ...]
    third_party: tuple[CompiledPattern, ...]
    therapist_speech: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs, compiled once and shared by every file of a run."""

    markers: tuple[CompiledMarker, ...]
    contexts: tuple[CompiledContext, ...]
    strategies: tuple[CompiledStrategy, ...]
    guidance: CompiledGuidance
    loaded: LoadedRules
    model: Any = None  # the move model (rupturecli.model.MoveModel) read beside the rules, or None
    moves: tuple[CompiledMove, ...] = ()  # the move model (rupturecli.model.MoveModel) read beside the rules, or None

    def with_model(self, model: Any) -> RuleSet:
        """The same rules with a move model (None: rules only)."""
        return replace(self, model=model)

    def marker(self, marker_id: str) -> Marker | None:
        found = self.loaded.markers.get(marker_id)
        if found:
            return found
        for marker in self.loaded.markers.values():
            if marker_id in marker.aliases:
                return marker
        return None


def compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    """Compile every pattern once; all share one index of required literals (see literals.py)."""
    index = LiteralIndex()
    _INDEX.append(index)
    try:
        rule_set = _compile_rules(loaded, selection)
    finally:
        _INDEX.pop()
    index.build()
    return rule_set


def _compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    if loaded.guidance is None:
        raise RuleError("no 'guidance:' (stage table) found in the rule packs",
                        loaded.files[0] if loaded.files else "rules")
    guidance = loaded.guidance
    selection = selection or Selection()

    def cues(name: str) -> tuple[CompiledPattern, ...]:
        return compile_all(getattr(guidance, name), loaded, "guidance", name)

    markers = [m for m in loaded.markers.values() if m.status != "deprecated" and selection.keeps(m.id, m.aliases)]
    strategies = [s for s in loaded.strategies.values() if selection.keeps(s.id, [])]
    return RuleSet(
        markers=tuple(
            CompiledMarker(marker, compile_all(marker.match, loaded, marker.id, "match"),
                           compile_all(marker.narrative, loaded, marker.id, "narrative"),
                           compile_all(marker.unless, loaded, marker.id, "unless"),
                           compile_all(marker.unless_previous, loaded, marker.id, "unless_previous"))
            for marker in markers
        ),
        contexts=tuple(
            CompiledContext(context, compile_all(context.match, loaded, context.id, "match"),
                            compile_all(context.unless, loaded, context.id, "unless"))
            for context in loaded.contexts.values()
        ),
        strategies=tuple(
            CompiledStrategy(strategy, compile_all(strategy.match, loaded, strategy.id, "match"),
                             compile_all(strategy.narrative, loaded, strategy.id, "narrative"))
            for strategy in strategies
        ),
        guidance=CompiledGuidance(
            guidance=guidance,
            stage_evidence={kind: {stage: compile_all(patterns, loaded, "guidance", "stage_evidence", kind, stage)
                                   for stage, patterns in stages.items()}
                            for kind, stages in guidance.stage_evidence.items()},
            re_engagement=cues("re_engagement"),
            re_engagement_narrative=cues("re_engagement_narrative"),
            no_shift_narrative=cues("no_shift_narrative"),
            not_observed=cues("not_observed"),
            recurrence=cues("recurrence"),
            specific_source=cues("specific_source"),
            intensity=cues("intensity"),
            third_party=cues("third_party"),
            therapist_speech=cues("therapist_speech"),
        ),
        loaded=loaded,
        moves=tuple(
            CompiledMove(move, compile_all(move.match, loaded, move.id, "match"),
                         compile_all(move.narrative, loaded, move.id, "narrative"),
                         compile_all(move.unless, loaded, move.id, "unless"))
            for move in loaded.moves.values() if selection.keeps(move.id, move.aliases)
        ),
    )


def build_rule_set(extra: list[Path] | None = None, replace_defaults: bool = False,
                   selection: Selection | None = None) -> RuleSet:
    """Load the default packs (unless replaced) plus user packs, then compile them once."""
    locations = [] if replace_defaults else [default_rules_dir()]
    locations += list(extra or [])
    return compile_rules(load_rules(locations), selection)
