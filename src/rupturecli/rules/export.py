"""Export the compiled patterns for other engines (ripgrep's Rust regex), e.g. for benchmarks.

Rust regex has no lookaround and no backreferences, so lookaround groups are dropped and a backreference
becomes "a word" (the exported set matches a little more than ours: fine for a speed baseline, not for
analysis). It refuses escapes of characters that are not special (`\\"`), so those lose their backslash.
`\\b`, `\\w`, `\\s` and `\\d` become their ASCII forms (`(?-u:\\b)`...), which ripgrep runs much faster
than the Unicode ones.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rupturecli.rules.regexsyntax import drop_lookarounds

if TYPE_CHECKING:
    from rupturecli.rules.compiled import RuleSet

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_RUST_META = frozenset(".+*?()|[]{}^$#&~-\\")


def _rust_escape(found: re.Match[str]) -> str:
    """Rust regex takes escapes of its meta characters and letter classes only, and no backreferences."""
    character = found.group(1)
    if character in "123456789":
        return "(?-u:\\w)+"
    if character in "bwWsSd":
        return f"(?-u:\\{character})"
    if character in _RUST_META or character.isalnum() or character.isspace():
        return found.group(0)
    return character


def to_ripgrep(pattern: str) -> str:
    """One of our patterns in ripgrep's default (Rust) regex syntax."""
    exported = drop_lookarounds(pattern)
    return _ESCAPE.sub(_rust_escape, exported)


def exported_patterns(rules: RuleSet) -> list[str]:
    """Every marker, context and strategy pattern the rule set compiles, in ripgrep syntax."""
    patterns: list[str] = []
    groups = [compiled.match + compiled.narrative + compiled.unless for compiled in rules.markers]
    groups += [compiled.match + compiled.unless for compiled in rules.contexts]
    groups += [compiled.match + compiled.narrative for compiled in rules.strategies]
    for group in groups:
        for pattern in group:
            source = pattern.compiled.pattern
            patterns.append(to_ripgrep(source))
    return patterns


__all__ = ["exported_patterns", "to_ripgrep"]
