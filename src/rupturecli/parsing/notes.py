"""Narrative notes: a clinician's prose, split into paragraphs and sentences.

Sentences are the notes' "turns": each keeps the line it starts on. A sentence never ends inside
a quotation, so a quoted reply ("I don't know. Fine.") stays with the sentence that reports it.
"""

from __future__ import annotations

import re

from rupturecli.session import Session, Turn
from rupturecli.textutil import SINGLE_QUOTED

ABBREVIATIONS = frozenset(
    "dr mr mrs ms mx prof st vs etc e.g i.e approx appt pt cl dx tx hx sx hw wk wks min mins no vol fig".split()
)
HEADING_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)]\s|[A-Z][A-Za-z /&]{0,24}:(?:\s|$))")
OPENING_QUOTES = "\"“"
CLOSING_QUOTES = "\"”"


def _paragraph_units(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group a paragraph's lines: headings and bullets start a new unit, wrapped lines join."""
    units: list[list[tuple[int, str]]] = []
    for number, line in lines:
        if not units or HEADING_LINE.match(line):
            units.append([(number, line)])
        else:
            units[-1].append((number, line))
    return units


def _ends_sentence(text: str, position: int) -> bool:
    """Is the punctuation at `position` the end of a sentence (not an abbreviation or decimal)?"""
    char = text[position]
    if char in "!?;":
        return True
    if char != ".":
        return False
    start = position
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:position].lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return not (position + 1 < len(text) and text[position + 1].isdigit())


def _quote_ends_sentence(text: str, index: int) -> bool:
    """A closing quote after . ! or ? ends the sentence when a capitalised word follows."""
    if index == 0 or text[index - 1] not in ".!?":
        return False
    rest = text[index + 1 :]
    stripped = rest.lstrip()
    return len(stripped) < len(rest) and stripped[:1].isupper()


def _single_quoted(text: str) -> tuple[set[int], set[int]]:
    """Positions inside single-quoted passages ('dunno. whatever.'), and the positions of their closing marks."""
    inside: set[int] = set()
    closing: set[int] = set()
    for found in SINGLE_QUOTED.finditer(text.replace("’", "'").replace("‘", "'")):
        inside.update(range(found.start(1), found.end(1)))
        closing.add(found.end(1))
    return inside, closing


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text`, not splitting inside double or single quotes."""
    spans: list[tuple[int, int]] = []
    start = 0
    in_quote = False
    length = len(text)
    index = 0
    single_inside, single_closing = _single_quoted(text)
    while index < length:
        char = text[index]
        if index in single_inside and not in_quote:
            index += 1
            continue
        if index in single_closing and not in_quote:
            if _quote_ends_sentence(text, index):
                spans.append((start, index + 1))
                start = index + 1
            index += 1
            continue
        if char in "\"“”":
            closing = in_quote and char != "“"
            in_quote = False if closing else (char != "”")
            if closing and _quote_ends_sentence(text, index):
                spans.append((start, index + 1))
                start = index + 1
        elif not in_quote and _ends_sentence(text, index):
            end = index + 1
            while end < length and text[end] in ".!?\"”')":
                end += 1
            if end >= length or text[end].isspace():
                spans.append((start, end))
                start = end
                index = end
                continue
        index += 1
    if start < length:
        spans.append((start, length))
    return [(begin, end) for begin, end in spans if text[begin:end].strip()]


def parse_notes(text: str, source: str) -> Session:
    """Split notes into sentences, each with its paragraph number and starting line."""
    turns: list[Turn] = []
    paragraph: list[tuple[int, str]] = []
    paragraph_number = 0

    def flush() -> None:
        nonlocal paragraph_number
        if not paragraph:
            return
        paragraph_number += 1
        for unit in _paragraph_units(paragraph):
            joined = ""
            line_starts: list[tuple[int, int]] = []
            for number, line in unit:
                if joined:
                    joined += " "
                line_starts.append((len(joined), number))
                joined += line.strip()
            for begin, end in split_sentences(joined):
                sentence = joined[begin:end].strip()
                offset = begin + (len(joined[begin:end]) - len(joined[begin:end].lstrip()))
                line = max(number for start, number in line_starts if start <= offset)
                turns.append(Turn(index=len(turns) + 1, speaker="narrator", text=sentence, line=line,
                                  paragraph=paragraph_number))
        paragraph.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            paragraph.append((number, line))
        else:
            flush()
    flush()
    return Session(file=source, kind="notes", turns=tuple(turns))
