"""The significance rating compiled: each cue with its patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rupturecli.errors import RuleError
from rupturecli.rules.compiled.patterns import CompiledPattern, compile_all
from rupturecli.rules.compiled.word_guard import CompiledWordGuard
from rupturecli.rules.loader import LoadedRules, default_rules_dir, load_rules

if TYPE_CHECKING:
    from rupturecli.rules.model import Significance, SignificanceCue


@dataclass(frozen=True)
class CompiledCue:
    """A cue of the rating; only a `patterns` cue has patterns to search."""

    cue: SignificanceCue
    patterns: tuple[CompiledPattern, ...]


@dataclass(frozen=True)
class CompiledSignificance:
    """The rating's settings (intercept, cuts...) and its cues, in the order the pack lists them."""

    significance: Significance
    cues: tuple[CompiledCue, ...]
    negation: CompiledWordGuard | None = None  # words that keep a pattern cue's match from counting


def compile_significance(loaded: LoadedRules) -> CompiledSignificance:
    """The packs' `significance:`, else the shipped one (a user pack need not restate it)."""
    if loaded.significance is None:
        loaded = load_rules([default_rules_dir() / "significance.yaml"])
        if loaded.significance is None:
            raise RuleError("no 'significance:' found in the rule packs", default_rules_dir() / "significance.yaml")
    cues = tuple(CompiledCue(cue, compile_all(cue.patterns, loaded, ("significance", ""), "cues", position, "patterns"))
                 for position, cue in enumerate(loaded.significance.cues))
    return CompiledSignificance(loaded.significance, cues, CompiledWordGuard.of(loaded.significance.negation))

