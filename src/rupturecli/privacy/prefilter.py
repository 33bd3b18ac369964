"""Words one of which every match of a pattern holds (in lower case): a text with none of them skips the pattern,
as the rule engine skips a pattern none of whose literals a turn holds (one Aho-Corasick pass finds which occur).
Only for speed: the spans are the same.

Each detector module registers its patterns' words with `require` when it is imported.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from rupturecli.rules.literals import LiteralIndex

REQUIRED_WORDS: dict[regex.Pattern[str], tuple[str, ...]] = {}


def require(words_by_pattern: dict[regex.Pattern[str], Iterable[str]]) -> None:
    """Skip each pattern on texts that hold none of its words (in any case)."""
    REQUIRED_WORDS.update({pattern: tuple(words) for pattern, words in words_by_pattern.items()})
    _word_index.cache_clear()  # a module imported after the first search adds its words to the index


@functools.cache
def _word_index() -> LiteralIndex:
    """One index of every registered word, built at the first search (and again after a later `require`)."""
    index = LiteralIndex()
    for words in REQUIRED_WORDS.values():
        index.add(frozenset(words))
    index.build()
    return index


def present_words(text: str) -> frozenset[str]:
    """Which of the patterns' required words occur in the text (in any case)."""
    return _word_index().found(text)


def matches(pattern: regex.Pattern[str], text: str, present: frozenset[str]) -> Iterable[regex.Match[str]]:
    """The pattern's matches, or none at once when the text lacks every word the pattern needs."""
    words = REQUIRED_WORDS.get(pattern)
    if words and present.isdisjoint(words):
        return ()
    return pattern.finditer(text)
