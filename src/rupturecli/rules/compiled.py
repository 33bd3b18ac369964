"""Rule packs compiled once per run: every pattern becomes a `regex` object with a timeout.

User patterns run with the `regex` module so a catastrophic pattern times out with an error naming
its rule file, instead of hanging a batch of thousands of notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from rupturecli.errors import RuleError
from rupturecli.rules.loader import LoadedRules, default_rules_dir, load_rules
from rupturecli.rules.model import Context, Guidance, Marker, Pattern, Strategy

MATCH_TIMEOUT_SECONDS = 1.0
FLAGS = regex.IGNORECASE | regex.VERSION0


def phrase_to_regex(phrase: str) -> str:
    """A literal phrase, word-bounded, with any run of spaces matching any whitespace."""
    words = [regex.escape(word) for word in phrase.split()]
    return r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])"


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    compiled: regex.Pattern
    origin: tuple[str, int]
    previous_turn: frozenset[str] = frozenset()

    def search(self, text: str, start: int = 0) -> regex.Match | None:
        try:
            return self.compiled.search(text, start, timeout=MATCH_TIMEOUT_SECONDS)
        except TimeoutError:
            path, line = self.origin
            raise RuleError(f"pattern {self.source!r} took longer than {MATCH_TIMEOUT_SECONDS:g}s on one input "
                            "(catastrophic backtracking?); simplify it", path, line) from None

    def finditer(self, text: str) -> list[regex.Match]:
        try:
            return list(self.compiled.finditer(text, timeout=MATCH_TIMEOUT_SECONDS))
        except TimeoutError:
            path, line = self.origin
            raise RuleError(f"pattern {self.source!r} took longer than {MATCH_TIMEOUT_SECONDS:g}s on one input "
                            "(catastrophic backtracking?); simplify it", path, line) from None


def compile_pattern(pattern: Pattern, origin: tuple[str, int]) -> CompiledPattern:
    source = pattern.regex if pattern.regex is not None else pattern.phrase
    expression = pattern.regex if pattern.regex is not None else phrase_to_regex(pattern.phrase or "")
    try:
        contexts = frozenset(pattern.when.previous_turn) if pattern.when else frozenset()
        return CompiledPattern(str(source), regex.compile(expression, FLAGS), origin, contexts)
    except regex.error as error:
        path, line = origin
        raise RuleError(f"bad regex {source!r}: {error}", path, line) from None


def compile_all(patterns: list[Pattern], origin: tuple[str, int]) -> tuple[CompiledPattern, ...]:
    return tuple(compile_pattern(pattern, origin) for pattern in patterns)


def first_match(patterns: tuple[CompiledPattern, ...], text: str) -> regex.Match | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


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


@dataclass(frozen=True)
class CompiledContext:
    context: Context
    match: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class CompiledStrategy:
    strategy: Strategy
    match: tuple[CompiledPattern, ...]
    narrative: tuple[CompiledPattern, ...]


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

    def marker(self, marker_id: str) -> Marker | None:
        found = self.loaded.markers.get(marker_id)
        if found:
            return found
        for marker in self.loaded.markers.values():
            if marker_id in marker.aliases:
                return marker
        return None


def compile_rules(loaded: LoadedRules) -> RuleSet:
    if loaded.guidance is None:
        raise RuleError("no 'guidance:' (stage table) found in the rule packs",
                        loaded.files[0] if loaded.files else "rules")
    origin = loaded.origins.get("guidance", ("rules", 1))
    guidance = loaded.guidance
    return RuleSet(
        markers=tuple(
            CompiledMarker(marker, compile_all(marker.match, loaded.origins[marker.id]),
                           compile_all(marker.narrative, loaded.origins[marker.id]),
                           compile_all(marker.unless, loaded.origins[marker.id]),
                           compile_all(marker.unless_previous, loaded.origins[marker.id]))
            for marker in loaded.markers.values() if marker.status != "deprecated"
        ),
        contexts=tuple(
            CompiledContext(context, compile_all(context.match, loaded.origins[context.id]),
                            compile_all(context.unless, loaded.origins[context.id]))
            for context in loaded.contexts.values()
        ),
        strategies=tuple(
            CompiledStrategy(strategy, compile_all(strategy.match, loaded.origins[strategy.id]),
                             compile_all(strategy.narrative, loaded.origins[strategy.id]))
            for strategy in loaded.strategies.values()
        ),
        guidance=CompiledGuidance(
            guidance=guidance,
            stage_evidence={kind: {stage: compile_all(patterns, origin) for stage, patterns in stages.items()}
                            for kind, stages in guidance.stage_evidence.items()},
            re_engagement=compile_all(guidance.re_engagement, origin),
            re_engagement_narrative=compile_all(guidance.re_engagement_narrative, origin),
            no_shift_narrative=compile_all(guidance.no_shift_narrative, origin),
            not_observed=compile_all(guidance.not_observed, origin),
            recurrence=compile_all(guidance.recurrence, origin),
            specific_source=compile_all(guidance.specific_source, origin),
            intensity=compile_all(guidance.intensity, origin),
            third_party=compile_all(guidance.third_party, origin),
            therapist_speech=compile_all(guidance.therapist_speech, origin),
        ),
        loaded=loaded,
    )


def build_rule_set(extra: list[Path] | None = None, replace_defaults: bool = False) -> RuleSet:
    """Load the default packs (unless replaced) plus user packs, then compile them once."""
    locations = [] if replace_defaults else [default_rules_dir()]
    locations += list(extra or [])
    return compile_rules(load_rules(locations))
