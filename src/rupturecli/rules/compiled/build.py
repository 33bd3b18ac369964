"""Rule packs compiled once per run: load the packs, compile every pattern into one gate, select the rules."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rupturecli import cache
from rupturecli.errors import RuleError
from rupturecli.parsing.reading import read_regular
from rupturecli.rules.compiled.group import compile_group
from rupturecli.rules.compiled.items import (
    CompiledContext,
    CompiledGuidance,
    CompiledMarker,
    CompiledMove,
    CompiledStrategy,
)
from rupturecli.rules.compiled.patterns import CompiledPattern, compile_all, filling
from rupturecli.rules.compiled.ruleset import RuleSet
from rupturecli.rules.compiled.significance import compile_significance
from rupturecli.rules.compiled.word_guard import CompiledWordGuard
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.loader import LoadedRules, default_rules_dir, load_rules, pack_files
from rupturecli.rules.selection import Selection, rule_names

if TYPE_CHECKING:
    from rupturecli.rules.model import Context, Marker, TherapistMove


def compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    """Compile every pattern once; all share one gate (see gate.py). The rule set holds the items as plain
    records (records.py), so reading it back from the cache needs no pydantic."""
    loaded = loaded.records()
    gate = PatternGate()
    with filling(gate) as bad:
        rule_set = _compile_rules(loaded, selection)
    if bad:
        ordered = sorted(bad, key=lambda error: (error.path or "", error.line or 0, error.column or 0))
        ordered[0].also = tuple(ordered[1:])
        raise ordered[0]
    gate.build()
    gate.set_sides(_sides(rule_set))
    return replace(rule_set, gate=gate)


def _sides(rule_set: RuleSet) -> dict[int, int]:
    """Patterns read in a therapist's words only (contexts, strategies, therapist moves, what a marker's
    `unless_previous` looks for in the turn before: side 1) and in narrative notes only (side 2); the rest are read
    in a client's words (side 0). Hyperscan keeps a database for each side."""
    therapist: set[int] = set()
    for item in (*rule_set.contexts, *rule_set.moves):
        therapist.update(pattern.id for pattern in (*item.match, *item.unless))
    for strategy in rule_set.strategies:
        therapist.update(pattern.id for pattern in strategy.match)
    for marker in rule_set.markers:
        therapist.update(pattern.id for pattern in marker.unless_previous)
    narrative = {pattern.id for item in (*rule_set.markers, *rule_set.strategies, *rule_set.moves)
                 for pattern in item.narrative}
    guidance = rule_set.guidance
    narrative.update(pattern.id for pattern in (*guidance.re_engagement_narrative, *guidance.no_shift_narrative))
    client = {pattern.id for marker in rule_set.markers for pattern in (*marker.match, *marker.unless)}
    sides = dict.fromkeys(narrative - client, 2)
    sides.update(dict.fromkeys(therapist - client, 1))
    return sides


def _restricted(item: Marker | Context | TherapistMove, kind: str) -> bool:
    """Has the rule a condition of its own (`when`, `unless`, a context's question or length, a move's contexts)?
    Its patterns may then match any words: the condition is what picks the turn."""
    if kind == "markers":
        when = item.when
        return bool(when.previous_turn or when.previous_turn_not or when.max_words or when.min_words or item.unless
                    or item.unless_previous)
    if kind == "contexts":
        return bool(item.question is not None or item.max_words or item.min_words or item.unless
                    or item.unless_context)
    return bool(item.contexts or item.unless or item.after_cut_off)


def _compile_rules(loaded: LoadedRules, selection: Selection | None = None) -> RuleSet:
    if loaded.guidance is None:
        raise RuleError("no 'guidance:' (stage table) found in the rule packs",
                        loaded.files[0] if loaded.files else "rules")
    guidance = loaded.guidance
    selection = selection or Selection()

    negation, hypothetical = CompiledWordGuard.of(guidance.negation), CompiledWordGuard.of(guidance.hypothetical)

    def cues(name: str) -> tuple[CompiledPattern, ...]:
        return compile_all(getattr(guidance, name), loaded, ("guidance", ""), name)

    def own(item: Marker | Context | TherapistMove, kind: str, name: str) -> tuple[CompiledPattern, ...]:
        return compile_all(getattr(item, name), loaded, (kind, item.id), name, restricted=_restricted(item, kind))

    kept = selection.kept(rule_names(loaded))
    markers = [m for m in loaded.markers.values() if m.status != "deprecated" and m.id in kept]
    strategies = [s for s in loaded.strategies.values() if s.id in kept]
    return RuleSet(
        markers=tuple(
            CompiledMarker(marker, own(marker, "markers", "match"),
                           own(marker, "markers", "narrative"),
                           own(marker, "markers", "unless"),
                           own(marker, "markers", "unless_previous"),
                           negation if marker.guards.negation else None,
                           hypothetical if marker.guards.hypothetical else None)
            for marker in markers
        ),
        contexts=tuple(
            CompiledContext(context, own(context, "contexts", "match"),
                            own(context, "contexts", "unless"))
            for context in loaded.contexts.values()
        ),
        strategies=tuple(
            CompiledStrategy(strategy, compile_all(strategy.match, loaded, ("strategies", strategy.id), "match"),
                             compile_all(strategy.narrative, loaded, ("strategies", strategy.id), "narrative"))
            for strategy in strategies
        ),
        guidance=CompiledGuidance(
            guidance=guidance,
            stage_evidence={kind: {stage: compile_all(patterns, loaded, ("guidance", ""), "stage_evidence", kind, stage)
                                   for stage, patterns in stages.items()}
                            for kind, stages in guidance.stage_evidence.items()},
            re_engagement=cues("re_engagement"),
            re_engagement_narrative=cues("re_engagement_narrative"),
            no_shift_narrative=cues("no_shift_narrative"),
            not_observed=cues("not_observed"),
            engaged=cues("engaged"),
            recurrence=cues("recurrence"),
            specific_source=cues("specific_source"),
            source_cues={source: compile_all(patterns, loaded, ("guidance", ""), "source_cues", source)
                         for source, patterns in guidance.source_cues.items()},
            intensity=cues("intensity"),
            third_party=cues("third_party"),
            therapist_speech=cues("therapist_speech"),
            settled=cues("settled"),
            strain_elsewhere=cues("strain_elsewhere"),
            negation=negation,
            hypothetical=hypothetical,
        ),
        loaded=loaded,
        significance=compile_significance(loaded),
        moves=tuple(
            CompiledMove(move, own(move, "moves", "match"),
                         own(move, "moves", "narrative"),
                         own(move, "moves", "unless"))
            for move in loaded.moves.values() if move.id in kept
        ),
        group=compile_group(loaded),
    )


def build_rule_set(extra: list[Path] | None = None, replace_defaults: bool = False,
                   selection: Selection | None = None) -> RuleSet:
    """Load the default packs (unless replaced) plus user packs, then compile them once.

    The rule set compiled from the same pack files (their paths and bytes), selection and rule code is kept in
    the user's cache (cache.py), written before any pattern runs: loading and compiling the packs took a tenth
    of a short note's run, reading the compiled set back takes a third of that."""
    locations = [] if replace_defaults else [default_rules_dir()]
    locations += list(extra or [])
    key = _compiled_key(locations, selection or Selection())
    cached = cache.load("rule-set", key) if key is not None else None
    if isinstance(cached, RuleSet):
        return cached
    rule_set = compile_rules(load_rules(locations), selection)
    if key is not None and _compiled_key(locations, selection or Selection()) == key:  # no pack saved meanwhile
        cache.store("rule-set", key, rule_set)
    return rule_set


@functools.cache
def _rule_code() -> bytes:
    """The source of every module that reads, validates and compiles rules (the rules package, the YAML reader
    and what it builds on): a change to any of them (a new field, another compiled form) makes a cached rule set
    stale."""
    rules = Path(__file__).resolve().parent.parent
    package = rules.parent
    modules = [*sorted(rules.rglob("*.py")), *(package / name for name in READER_MODULES)]
    return b"".join(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() for path in modules)


READER_MODULES = ("yamlsource.py", "located.py", "textutil.py", "errors.py", "printable.py", "cache.py")


def _compiled_key(locations: list[Path], selection: Selection) -> str | None:
    """The cache key of the rule set these packs compile to, or None when a pack cannot be read (the ordinary
    path then reports it, naming the file)."""
    parts: list[bytes | str] = ["compiled rule set", _rule_code(),
                                repr((selection.select, selection.ignore, selection.extend_select))]
    try:
        # the shipped rubric too: packs without a `significance:` of their own take it (compile_significance)
        for path in [default_rules_dir() / "significance.yaml", *(found for location in locations
                                                                   for found in pack_files(location))]:
            parts += [str(path), read_regular(path, RuleError, what="rule file")]
    except RuleError:
        return None
    return cache.digest(*parts)
