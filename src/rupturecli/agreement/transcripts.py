"""Where a coded session's transcript is, and which of its turns are the client's.

Results and coder files list ruptures only; to score the turns neither side flags, `align` reads the
session's transcript for its client turns.
"""

from __future__ import annotations

from pathlib import Path

from rupturecli.errors import InputError
from rupturecli.parsing.kinds import FILE_KINDS

# the session files rupture reads as one session each (parsing/kinds.py, the one table of file kinds)
TRANSCRIPT_SUFFIXES = tuple(suffix for kind in FILE_KINDS if kind.reader in ("text", "yaml", "captions", "docx")
                            for suffix in kind.suffixes)


def find_transcript(folder: Path, key: str) -> Path | None:
    """The file in `folder` whose name without extension is `key` (a transcript or notes suffix)."""
    for suffix in TRANSCRIPT_SUFFIXES:
        candidate = folder / f"{key}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def client_turns(transcript: Path) -> set[int] | None:
    """The client turns of a transcript (every sentence, for notes); None when it cannot be read."""
    from rupturecli.parsing import parse_text
    from rupturecli.parsing.reading import read_input

    try:
        session = parse_text(read_input(transcript), str(transcript))
    except (InputError, OSError):
        return None
    if session.kind == "notes":
        return {turn.index for turn in session.turns}
    return {turn.index for turn in session.turns if turn.speaker == "client"}


__all__ = ["TRANSCRIPT_SUFFIXES", "client_turns", "find_transcript"]
