"""Rule packs compiled once per run: every pattern becomes a `regex` object with a timeout.

User patterns run with the `regex` module so a catastrophic pattern times out with an error naming
its rule file, instead of hanging a batch of thousands of notes. One module a job: patterns (one
pattern, its timeout and the gate it joins), gates (a group of patterns behind the gate), word_guard,
items (markers, contexts, strategies, moves, guidance), group, significance, ruleset (the RuleSet the
engine reads) and build (build_rule_set). Import the names from here.
"""

from __future__ import annotations

from rupturecli.rules.compiled.build import build_rule_set, compile_rules
from rupturecli.rules.compiled.gates import Gate, GateIndex
from rupturecli.rules.compiled.group import (
    CompiledGroup,
    CompiledMemberRepair,
    CompiledTargetRule,
    MemberPattern,
    compile_member_pattern,
)
from rupturecli.rules.compiled.items import (
    CompiledContext,
    CompiledGuidance,
    CompiledMarker,
    CompiledMove,
    CompiledStrategy,
)
from rupturecli.rules.compiled.patterns import (
    FLAGS,
    CompiledPattern,
    Origin,
    PatternTimeout,
    compile_all,
    compile_pattern,
    first_match,
    possible,
)
from rupturecli.rules.compiled.ruleset import RuleSet
from rupturecli.rules.compiled.significance import CompiledCue, CompiledSignificance
from rupturecli.rules.compiled.word_guard import CompiledWordGuard
from rupturecli.rules.selection import rule_names

__all__ = [
    "FLAGS", "CompiledContext", "CompiledCue", "CompiledGroup", "CompiledGuidance", "CompiledMarker",
    "CompiledMemberRepair", "CompiledMove", "CompiledPattern", "CompiledSignificance", "CompiledStrategy",
    "CompiledTargetRule", "CompiledWordGuard", "Gate", "GateIndex", "MemberPattern", "Origin", "PatternTimeout",
    "RuleSet", "build_rule_set", "compile_all", "compile_member_pattern", "compile_pattern", "compile_rules",
    "first_match", "possible", "rule_names",
]
