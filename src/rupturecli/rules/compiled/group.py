"""The group pack compiled: target rules (a `{member}` pattern per session's names) and member repairs."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from rupturecli.errors import RuleError, quoted
from rupturecli.rules.compiled.patterns import FLAGS, CompiledPattern, Origin, compile_all, compile_pattern
from rupturecli.rules.loader import LoadedRules

if TYPE_CHECKING:
    from rupturecli.rules.model import GroupRules, MemberRepair, Pattern, TargetRule


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
    from rupturecli.rules.phrase import MEMBER_SLOT, literal_to_regex  # the phrase compiler: only for groups

    alternatives = "|".join(literal_to_regex(name) for name in sorted(names, key=len, reverse=True)) or "(?!)"
    expression = pattern.expression.replace(MEMBER_SLOT, f"(?P<member>{alternatives})", 1)
    expression = expression.replace(MEMBER_SLOT, "(?P=member)")
    return CompiledPattern(pattern.source, expression, pattern.origin)


def compile_member_pattern(pattern: Pattern, origin: Origin) -> MemberPattern:
    """Check a `{member}` pattern now (with a stand-in name), so a bad one names its file and line."""
    from rupturecli.rules.phrase import PhraseError, phrase_to_regex

    source = pattern.regex if pattern.regex is not None else pattern.phrase or ""
    try:
        expression = source if pattern.regex is not None else phrase_to_regex(source, member_slot=True)
    except PhraseError as error:
        raise RuleError(f"bad phrase {quoted(source)}: {error}", *origin) from None
    compiled = MemberPattern(source, expression, origin)
    try:
        regex.compile(_member_pattern(compiled, ("Alex",)).expression, FLAGS)
    except regex.error as error:
        raise RuleError(f"bad regex {quoted(source)}: {str(error).split(' at position')[0]}", *origin) from None
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


def compile_group(loaded: LoadedRules) -> CompiledGroup | None:
    from rupturecli.rules.phrase import MEMBER_SLOT

    group = loaded.group
    if group is None:
        return None
    targets = []
    for position, rule in enumerate(group.targets):
        patterns: list[CompiledPattern | MemberPattern] = []
        for index, pattern in enumerate(rule.match):
            origin = loaded.section_where("group", "targets", position, "match", index)
            text = pattern.regex if pattern.regex is not None else pattern.phrase or ""
            patterns.append(compile_member_pattern(pattern, origin) if MEMBER_SLOT in text
                            else compile_pattern(pattern, origin))
        targets.append(CompiledTargetRule(rule, tuple(patterns)))
    repairs = tuple(CompiledMemberRepair(repair, compile_all(repair.match, loaded, ("group", ""), "member_repairs",
                                                             position, "match"))
                    for position, repair in enumerate(group.member_repairs))
    return CompiledGroup(group, tuple(targets), repairs)

