"""Rule packs compiled once per run: every pattern becomes a `regex` object with a timeout.

User patterns run with the `regex` module so a catastrophic pattern times out with an error naming
its rule file, instead of hanging a batch of thousands of notes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import Any

import regex

from rupturecli.errors import RuleError
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.loader import LoadedRules, default_rules_dir, load_rules
from rupturecli.rules.model import (
    Context,
    GroupRules,
    Guidance,
    Marker,
    MemberRepair,
    Pattern,
    Significance,
    SignificanceCue,
    Strategy,
    TargetRule,
    TherapistMove,
    WordGuard,
)
from rupturecli.rules.phrase import MEMBER_SLOT, PhraseError, literal_to_regex, phrase_to_regex
from rupturecli.rules.selection import RuleName, Selection
from rupturecli.textutil import clause_before, words

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
        return self.gate is not None and self.id not in self.gate.candidates(text)

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
    """The patterns of a group that can match `text`, in order: one gate lookup for the whole group.

    Most turns can match few of the patterns: `regex` runs only on those the gate lets through.
    """
    found: frozenset[int] | None = None
    kept = []
    for pattern in patterns:
        gate = pattern.gate
        if gate is not None:
            if found is None:
                found = gate.candidates(text)
            if pattern.id not in found:
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
    try:
        expression = pattern.expression
    except PhraseError as error:
        raise RuleError(f"bad phrase {source!r}: {error}", *origin) from None
    try:
        contexts = frozenset(pattern.when.previous_turn) if pattern.when else frozenset()
        gate = _GATE[-1] if _GATE else None
        pattern_id = gate.add(expression) if gate else -1
        compiled = CompiledPattern(str(source), expression, origin, contexts, pattern_id, gate)
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
        return not self.ids.isdisjoint(self.gate.candidates(text))


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

    def positions(self, text: str) -> list[int]:
        if self.gate is None:
            return sorted(self.always)
        found = set(self.always)
        by_pattern = self.by_pattern
        for pattern_id in self.gate.candidates(text):
            items = by_pattern.get(pattern_id)
            if items:
                found.update(items)
        return sorted(found) if len(found) > 1 else list(found)


@dataclass(frozen=True)
class CompiledWordGuard:
    """A guard's words (`guidance: negation:` / `hypothetical:`) as a set, read before a match."""

    words: frozenset[str]
    endings: tuple[str, ...]
    window: int

    @classmethod
    def of(cls, guard: WordGuard | None) -> CompiledWordGuard | None:
        return None if guard is None else cls(frozenset(guard.words), tuple(guard.endings), guard.window)

    def holds_before(self, text: str, start: int) -> bool:
        """One of the words (or endings) among the last `window` words of the clause before `start`."""
        tokens = [token.lower() for token in words(clause_before(text, start))][-self.window:]
        return any(token in self.words or token.endswith(self.endings) for token in tokens) if self.endings \
            else any(token in self.words for token in tokens)


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
    recurrence: tuple[CompiledPattern, ...]
    specific_source: tuple[CompiledPattern, ...]
    source_cues: dict[str, tuple[CompiledPattern, ...]]
    intensity: tuple[CompiledPattern, ...]
    third_party: tuple[CompiledPattern, ...]
    therapist_speech: tuple[CompiledPattern, ...]
    negation: CompiledWordGuard | None = None
    hypothetical: CompiledWordGuard | None = None


@dataclass(frozen=True)
class MemberPattern:
    """A target-rule pattern naming `{member}`: compiled for each session's member names (outside the gate)."""

    source: str
    expression: str
    origin: Origin

    def for_members(self, names: tuple[str, ...]) -> CompiledPattern:
        """The pattern with `{member}` as any of these names (longest first), captured as the group 'member'."""
        return _member_pattern(self, names)


@functools.lru_cache(maxsize=256)
def _member_pattern(pattern: MemberPattern, names: tuple[str, ...]) -> CompiledPattern:
    alternatives = "|".join(literal_to_regex(name) for name in sorted(names, key=len, reverse=True)) or "(?!)"
    expression = pattern.expression.replace(MEMBER_SLOT, f"(?P<member>{alternatives})", 1)
    expression = expression.replace(MEMBER_SLOT, "(?P=member)")
    return CompiledPattern(pattern.source, expression, pattern.origin)


def compile_member_pattern(pattern: Pattern, origin: Origin) -> MemberPattern:
    """Check a `{member}` pattern now (with a stand-in name), so a bad one names its file and line."""
    source = pattern.regex if pattern.regex is not None else pattern.phrase or ""
    try:
        expression = source if pattern.regex is not None else phrase_to_regex(source, member_slot=True)
    except PhraseError as error:
        raise RuleError(f"bad phrase {source!r}: {error}", *origin) from None
    compiled = MemberPattern(source, expression, origin)
    try:
        regex.compile(_member_pattern(compiled, ("Alex",)).expression, FLAGS)
    except regex.error as error:
        raise RuleError(f"bad regex {source!r}: {str(error).split(' at position')[0]}", *origin) from None
    return compiled


@dataclass(frozen=True)
class CompiledTargetRule:
    rule: TargetRule
    match: tuple[CompiledPattern | MemberPattern, ...]


@dataclass(frozen=True)
class CompiledMemberRepair:
    repair: MemberRepair
    match: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class CompiledGroup:
    """The group pack: target rules in order, re-labelled markers and member repairs."""

    rules: GroupRules
    targets: tuple[CompiledTargetRule, ...]
    repairs: tuple[CompiledMemberRepair, ...]


def _compile_group(loaded: LoadedRules) -> CompiledGroup | None:
    group = loaded.group
    if group is None:
        return None
    targets = []
    for position, rule in enumerate(group.targets):
        patterns: list[CompiledPattern | MemberPattern] = []
        for index, pattern in enumerate(rule.match):
            origin = loaded.where("group", "targets", position, "match", index)
            text = pattern.regex if pattern.regex is not None else pattern.phrase or ""
            patterns.append(compile_member_pattern(pattern, origin) if MEMBER_SLOT in text
                            else compile_pattern(pattern, origin))
        targets.append(CompiledTargetRule(rule, tuple(patterns)))
    repairs = tuple(CompiledMemberRepair(repair, compile_all(repair.match, loaded, "group", "member_repairs",
                                                             position, "match"))
                    for position, repair in enumerate(group.member_repairs))
    return CompiledGroup(group, tuple(targets), repairs)


@dataclass(frozen=True)
class CompiledCue:
    cue: SignificanceCue
    patterns: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class CompiledSignificance:
    significance: Significance
    cues: tuple[CompiledCue, ...]


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
        for name in ("re_engagement", "re_engagement_narrative", "no_shift_narrative", "not_observed", "recurrence",
                     "specific_source", "intensity", "third_party", "therapist_speech"):
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


def rule_names(loaded: LoadedRules) -> list[RuleName]:
    """Every marker and strategy by id, old ids and name: what `--select` and `rules show` accept."""
    return ([RuleName(marker.id, tuple(marker.aliases), marker.name, "marker") for marker in loaded.markers.values()]
            + [RuleName(strategy.id, (), strategy.name, "strategy") for strategy in loaded.strategies.values()]
            + [RuleName(move.id, tuple(move.aliases), move.name, "move") for move in loaded.moves.values()])


def compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    """Compile every pattern once; all share one gate (see gate.py)."""
    gate = PatternGate()
    _GATE.append(gate)
    try:
        rule_set = _compile_rules(loaded, selection)
    finally:
        _GATE.pop()
    gate.build()
    return replace(rule_set, gate=gate)


def _compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    if loaded.guidance is None:
        raise RuleError("no 'guidance:' (stage table) found in the rule packs",
                        loaded.files[0] if loaded.files else "rules")
    guidance = loaded.guidance
    selection = selection or Selection()

    negation, hypothetical = CompiledWordGuard.of(guidance.negation), CompiledWordGuard.of(guidance.hypothetical)

    def cues(name: str) -> tuple[CompiledPattern, ...]:
        return compile_all(getattr(guidance, name), loaded, "guidance", name)

    kept = selection.kept(rule_names(loaded))
    markers = [m for m in loaded.markers.values() if m.status != "deprecated" and m.id in kept]
    strategies = [s for s in loaded.strategies.values() if s.id in kept]
    return RuleSet(
        markers=tuple(
            CompiledMarker(marker, compile_all(marker.match, loaded, marker.id, "match"),
                           compile_all(marker.narrative, loaded, marker.id, "narrative"),
                           compile_all(marker.unless, loaded, marker.id, "unless"),
                           compile_all(marker.unless_previous, loaded, marker.id, "unless_previous"),
                           negation if marker.guards.negation else None,
                           hypothetical if marker.guards.hypothetical else None)
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
            source_cues={source: compile_all(patterns, loaded, "guidance", "source_cues", source)
                         for source, patterns in guidance.source_cues.items()},
            intensity=cues("intensity"),
            third_party=cues("third_party"),
            therapist_speech=cues("therapist_speech"),
            negation=negation,
            hypothetical=hypothetical,
        ),
        loaded=loaded,
        significance=_compile_significance(loaded),
        moves=tuple(
            CompiledMove(move, compile_all(move.match, loaded, move.id, "match"),
                         compile_all(move.narrative, loaded, move.id, "narrative"),
                         compile_all(move.unless, loaded, move.id, "unless"))
            for move in loaded.moves.values() if move.id in kept
        ),
        group=_compile_group(loaded),
    )


def _compile_significance(loaded: LoadedRules) -> CompiledSignificance:
    """The packs' `significance:`, else the shipped one (a user pack need not restate it)."""
    if loaded.significance is None:
        loaded = load_rules([default_rules_dir() / "significance.yaml"])
        if loaded.significance is None:
            raise RuleError("no 'significance:' found in the rule packs", default_rules_dir() / "significance.yaml")
    cues = tuple(CompiledCue(cue, compile_all(cue.patterns, loaded, "significance", "cues", position, "patterns"))
                 for position, cue in enumerate(loaded.significance.cues))
    return CompiledSignificance(loaded.significance, cues)


def build_rule_set(extra: list[Path] | None = None, replace_defaults: bool = False,
                   selection: Selection | None = None) -> RuleSet:
    """Load the default packs (unless replaced) plus user packs, then compile them once."""
    locations = [] if replace_defaults else [default_rules_dir()]
    locations += list(extra or [])
    return compile_rules(load_rules(locations), selection)
