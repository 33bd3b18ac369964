"""Export the compiled patterns for other engines (ripgrep's Rust regex), e.g. for benchmarks.

Rust regex has no lookaround, so lookaround groups are dropped (the exported set matches a little
more than ours: fine for a speed baseline, not for analysis). `\\b`, `\\w`, `\\s` and `\\d` become their
ASCII forms (`(?-u:\\b)`...), which ripgrep runs much faster than the Unicode ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rupturecli.rules.regexsyntax import drop_lookarounds

if TYPE_CHECKING:
    from rupturecli.rules.compiled import RuleSet

def to_ripgrep(pattern: str) -> str:
    """One of our patterns in ripgrep's default (Rust) regex syntax."""
    exported = drop_lookarounds(pattern)
    for escape in ("\\b", "\\w", "\\W", "\\s", "\\S", "\\d"):
        exported = exported.replace(escape, f"(?-u:{escape})")
    return exported


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
