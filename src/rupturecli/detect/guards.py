"""Look-alikes that are not the marker: whether a pattern's match counts.

A match is dropped when a negation or a hypothetical comes just before it ("I'm *not* saying it's pointless",
"*if* I said it was a waste of time"), when it sits inside someone else's quoted words, or when the marker's own
conditions (`when:`, `unless:`) do not hold. The guard words are rule data (`guidance: negation:` and
`hypothetical:` in rules/stages.yaml), compiled into each marker that guards against them; this module applies them.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from rupturecli.rules.compiled import CompiledMarker, CompiledPattern, first_match, possible
from rupturecli.textutil import word_count


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(begin <= start < end for begin, end in spans)


def guarded_match(marker: CompiledMarker, patterns: tuple[CompiledPattern, ...], text: str,
                  quotes: list[tuple[int, int]] | None = None,
                  contexts: frozenset[str] | None = None,
                  accept: Callable[[str, int], bool] | None = None) -> regex.Match | None:
    """The first match of `patterns` in `text` that survives the marker's guards.

    `contexts` are the previous therapist turn's; None (notes) skips per-pattern context conditions.
    `accept(text, start)` can refuse a match (in notes: one whose subject is the therapist).
    """
    guards = marker.marker.guards
    for pattern in possible(patterns, text):
        if contexts is not None and pattern.previous_turn and not (pattern.previous_turn & contexts):
            continue
        for found in pattern.finditer_ungated(text):
            start = found.start()
            if marker.negation is not None and marker.negation.holds_before(text, start):
                continue  # the pack's negation words (rules/stages.yaml `guidance: negation:`)
            if marker.hypothetical is not None and marker.hypothetical.holds_before(text, start):
                continue
            if guards.quoted and quotes and inside(quotes, start):
                continue
            if accept is not None and not accept(text, start):
                continue
            return found
    return None


def conditions_hold(marker: CompiledMarker, text: str, previous: str | None, contexts: frozenset[str],
                    use_context: bool = True, count: int | None = None) -> bool:
    """The marker's `when` and `unless` conditions; `count` is the turn's word count when already known."""
    when = marker.marker.when
    if count is None:
        count = word_count(text)
    if when.max_words is not None and count > when.max_words:
        return False
    if when.min_words is not None and count < when.min_words:
        return False
    if use_context:
        if when.previous_turn and not (contexts & set(when.previous_turn)):
            return False
        if when.previous_turn_not and contexts & set(when.previous_turn_not):
            return False
        if marker.unless_previous and previous and first_match(marker.unless_previous, previous):
            return False
    return not (marker.unless and first_match(marker.unless, text))
