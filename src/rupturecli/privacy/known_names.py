"""Names known before the text is read (speaker labels, the client, --client-label, names found elsewhere in the
session): the words worth looking for, and every place they occur in a text."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from rupturecli.parsing.labels import normalise_label
from rupturecli.privacy.spans import Span
from rupturecli.privacy.words import ROLE_LABELS, TITLES


def name_words(names: Iterable[str]) -> set[str]:
    """The words of names worth looking for: 'Dr Lee' gives 'Lee' and 'Dr Lee'; role labels give nothing."""
    words: set[str] = set()
    for name in names:
        name = name.strip()
        if not name or normalise_label(name) in ROLE_LABELS:
            continue
        parts = [part.strip(".,") for part in name.split()]
        kept = [part for part in parts if part.lower() not in TITLES and len(part) >= 2
                and part.lower() not in ROLE_LABELS]
        words.update(kept)
        if len(kept) > 1:
            words.add(" ".join(kept))
    return words


@functools.lru_cache(maxsize=64)
def name_words_of(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name_words(names))


@functools.lru_cache(maxsize=256)
def _known_name_index(names: frozenset[str], ignore_case: bool) -> dict[str, tuple[str, ...]]:
    """Every spelling of every known name (as given, capitalised, in capitals; in lower case when case is
    ignored) by its first character, longest first. A dictionary, not one big alternation: compiling that
    cost more than redacting a session with many names."""
    variants: set[str] = set()
    for name in names:
        variants.update({name, name[:1].upper() + name[1:], name.upper()})
    index: dict[str, set[str]] = {}
    for variant in variants:
        if len(variant) >= 2:
            key = variant.lower() if ignore_case else variant
            index.setdefault(key[0], set()).add(key)
    return {first: tuple(sorted(group, key=len, reverse=True)) for first, group in index.items()}


NAME_START = regex.compile(r"(?<![\p{L}\p{N}_])\S")  # where a name may begin: not inside a word
WORD_CHARACTER = regex.compile(r"[\p{L}\p{N}_]")


def known_name_spans(text: str, names: Iterable[str], ignore_case: bool = False) -> list[Span]:
    """Every occurrence of a known name (capitalised or as written), as a whole word; the longest name where
    several start at one place."""
    index = _known_name_index(frozenset(names), ignore_case)
    if not index:
        return []
    lowered = text.lower() if ignore_case else text
    aligned = len(lowered) == len(text)  # else a letter whose lower case is longer ("İ"): compare slice by slice
    spans: list[Span] = []
    position = 0
    for start in NAME_START.finditer(text):
        at = start.start()
        if at < position:
            continue
        for variant in index.get(lowered[at] if aligned else text[at].lower() if ignore_case else text[at], ()):
            end = at + len(variant)
            found = (lowered.startswith(variant, at) if aligned
                     else text[at:end].lower() == variant)
            if found and not WORD_CHARACTER.match(text, end):
                spans.append(Span(at, end, "NAME"))
                position = end
                break
    return spans
