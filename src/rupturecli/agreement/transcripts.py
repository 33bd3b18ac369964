"""Where a coded session's transcript is, and which of its turns are the client's.

Results and coder files list ruptures only; to score the turns neither side flags, `align` reads the
session's transcript for its client turns.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class TranscriptTurns:
    """The turns a transcript has (sentences, for notes), and which of them are the client's."""

    every: frozenset[int]
    client: frozenset[int]


def transcript_turns(transcript: Path) -> TranscriptTurns | None:
    """The turns of a transcript and its client turns (every sentence, for notes); None when it cannot be read."""
    from rupturecli.parsing import parse_text
    from rupturecli.parsing.reading import read_input

    try:
        session = parse_text(read_input(transcript), str(transcript))
    except (InputError, OSError):
        return None
    every = frozenset(turn.index for turn in session.turns)
    if session.kind == "notes":
        return TranscriptTurns(every, every)
    return TranscriptTurns(every, frozenset(turn.index for turn in session.turns if turn.speaker == "client"))


__all__ = ["TRANSCRIPT_SUFFIXES", "TranscriptTurns", "find_transcript", "transcript_turns"]
