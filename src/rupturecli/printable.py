"""File names and other user-given strings made safe to print, log and put in a spreadsheet.

A file name is whatever bytes the file system holds: invalid UTF-8 (which Python keeps as lone
surrogates and no output can encode), newlines and escape sequences that would forge extra error
lines or recolour a terminal, and a leading `=` that a spreadsheet runs as a formula.
"""

from __future__ import annotations

import re

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


def shown_key(key: object) -> str:
    """A key as an error message may quote it: note text that YAML took for a key is never shown."""
    return f"'{key}'" if looks_like_key(key) else "(not shown: it reads like note text; is a line unindented?)"


def spreadsheet_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
