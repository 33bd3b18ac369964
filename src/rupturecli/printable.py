"""File names and other user-given strings made safe to print, log and put in a spreadsheet.

A file name is whatever bytes the file system holds: invalid UTF-8 (which Python keeps as lone
surrogates and no output can encode), newlines and escape sequences that would forge extra error
lines or recolour a terminal, and a leading `=` that a spreadsheet runs as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 and C1 controls, DEL, lone surrogates (undecodable bytes) and the bidirectional overrides that
# can make a name read differently from what it is
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(found: re.Match[str]) -> str:
    character = found.group(0)
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character, undecodable byte and direction override as a visible escape."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub(_escape, text)


KEY_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]{0,39}")


def looks_like_key(text: object) -> bool:
    """A YAML key or column name (`speeker`, `utterance_text`), as opposed to a line of note text."""
    if isinstance(text, int):  # a list position in a YAML path
        return True
    value = str(text)
    return bool(KEY_LIKE.fullmatch(value)) and len(value.split()) <= 3


IDENTIFIER = re.compile(r"[a-z_][a-z0-9_.-]{0,39}")
HEADER_WORDS = re.compile(r"(?i)speaker|text|utterance|session|\bid\b|role|turn|order|time|transcript|label|"
                          r"content|message|date|client|therapist|interlocutor|line|index|file|name|code")


def shown_key(key: object, allowed: Iterable[str] = ()) -> str:
    """A key as an error message may quote it: a lower-case identifier (`speeker`) or a near miss of an allowed
    key. Anything else may be note text or a person's name that YAML took for a key ("Ingrid: fine"), and is
    never shown."""
    import difflib  # only an error message needs it

    value = str(key)
    if IDENTIFIER.fullmatch(value) or difflib.get_close_matches(value.lower(), list(allowed), n=1, cutoff=0.75):
        return f"'{value}'"
    return "(not shown: it may be note text or a name; is a turn written as 'Name: words'?)"


def looks_like_header(cells: list[str]) -> bool:
    """A row of column names that an error may list: key-like cells, one of them a word tables use for names.
    A first row of data ("ZEBRA secret, more words") is never printed: it may be a clinician's words."""
    return bool(cells) and all(looks_like_key(cell) for cell in cells) and any(
        HEADER_WORDS.search(cell) for cell in cells)


def spreadsheet_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
