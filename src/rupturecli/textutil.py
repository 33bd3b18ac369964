"""Small text helpers shared by the engine: normalising typography, words, clauses, quotes."""

from __future__ import annotations

import re

# One character in, one character out, so match offsets stay valid on the original text.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                             "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
CLAUSE_BOUNDARY = re.compile(r"[.;:!?,()\"]|\b(?:but|and|so|because|though|although)\b|--|-\s", re.IGNORECASE)
QUOTED = re.compile(r"\"([^\"]{1,1000})\"")
# A single-quoted passage opens after a non-word character and closes before one; apostrophes inside
# words (don't, client's) are neither, and '90s never opens.
SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?!\d+s\b)(?=[^\s'])((?:[^'\"\n]|(?<=\w)'(?=\w)){1,300}?)(?<=\S)'(?!\w)")


def normalise(text: str) -> str:
    """Straight quotes and apostrophes, plain hyphens: patterns then need only one spelling."""
    if text.isascii() and "`" not in text:  # the common case, with nothing to replace
        return text
    return text.translate(_TYPOGRAPHY)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def clause_before(text: str, position: int) -> str:
    """The part of the clause that precedes `position` (after the last comma, 'but', full stop...)."""
    head = text[:position]
    last = 0
    for boundary in CLAUSE_BOUNDARY.finditer(head):
        last = boundary.end()
    return head[last:]


def quoted_spans(text: str, single: bool = False) -> list[tuple[int, int]]:
    """Character spans (inside the quote marks) of double-quoted passages, and single-quoted ones if asked.

    Notes quote the client in either mark ('dunno'); transcripts keep double quotes only, where a
    single quote is far more often an apostrophe.
    """
    spans = [(found.start(1), found.end(1)) for found in QUOTED.finditer(text)]
    if single:
        spans += [(found.start(1), found.end(1)) for found in SINGLE_QUOTED.finditer(text)
                  if not any(begin <= found.start() < end for begin, end in spans)]
    return sorted(spans)


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces (offsets unchanged)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def sentence_around(text: str, start: int, end: int, limit: int = 320) -> str:
    """The sentence(s) of `text` that contain [start, end), trimmed to about `limit` characters."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "? ", "! "))
    left = 0 if left < 0 else left + 2
    right_candidates = [text.find(mark, end) for mark in (". ", "? ", "! ")]
    right_candidates = [position + 1 for position in right_candidates if position >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    snippet = text[left:right].strip()
    if len(snippet) > limit:
        centre = (start + end) // 2 - left
        begin = max(0, centre - limit // 2)
        snippet = ("…" if begin else "") + snippet[begin : begin + limit].strip() + "…"
    return snippet
