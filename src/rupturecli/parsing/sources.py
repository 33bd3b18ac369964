"""Read one input into its sessions, whatever its format: the dispatcher of the readers.

Plain text, Markdown, YAML and standard input go to `load_session`; captions (.vtt, .srt),
Word documents (.docx), tabular archives (.csv, .tsv, .jsonl) and MIBot JSON transcripts (.json) to
their own parsers in `parsing/`. A tabular file holds many sessions, so this yields.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rupturecli.errors import InputError
from rupturecli.parsing import SpeakerLabels, parse_text
from rupturecli.parsing.inputs import Source
from rupturecli.parsing.kinds import reader_of
from rupturecli.parsing.reading import decode_text, read_input
from rupturecli.parsing.word import read_docx
from rupturecli.session import InputKind, Session

PRESETS = ("annomi", "mibot")


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input: forced kind (text and .docx), speaker labels, and the archive mapping."""

    kind: InputKind | None = None
    labels: SpeakerLabels | None = None
    preset: str | None = None  # "annomi" (tabular columns) or "mibot" (JSON transcripts)
    session_col: str | None = None
    speaker_col: str | None = None
    text_col: str | None = None
    order_col: str | None = None


def load_session(source: Source, kind: InputKind | None = None, labels: SpeakerLabels | None = None) -> Session:
    """Read and parse one input; raises InputError naming the source."""
    if source.is_stdin:
        text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        stripped = text.lstrip()
        is_yaml = stripped.startswith(("---", "turns:", "notes:", "session:", "client:", "date:", "therapist:"))
        return parse_text(text, "<stdin>", kind, labels, is_yaml=is_yaml)
    text = read_input(Path(source.name))
    return parse_text(text, source.name, kind, labels)


def read_sessions(source: Source, options: ReadOptions) -> Iterator[Session]:
    """The sessions of one input, in file order; raises InputError naming the file (and line)."""
    if options.preset is not None and options.preset not in PRESETS:
        raise InputError(f"unknown preset '{options.preset}' (known: {', '.join(PRESETS)})", source.name)
    labels = copy.deepcopy(options.labels) if options.labels is not None else SpeakerLabels()
    if source.is_stdin:
        yield load_session(source, options.kind, labels)
        return
    path = Path(source.name)
    reader = reader_of(path).reader  # the one table of file kinds (parsing/kinds.py)
    # The readers of other formats load only when such a file is read: a text note starts faster.
    if reader == "captions":
        from rupturecli.parsing.subtitles import parse_subtitles

        yield parse_subtitles(read_input(path), source.name, labels)
    elif reader == "docx":
        text = read_docx(path)
        yield parse_text(text, source.name, options.kind, labels, is_yaml=False)
    elif reader == "table":
        from rupturecli.parsing.tabular import read_table

        yield from read_table(read_input(path), source.name, labels, preset=options.preset,
                              session_col=options.session_col, speaker_col=options.speaker_col,
                              text_col=options.text_col, order_col=options.order_col)
    elif reader == "json":
        yield _read_json(path, source.name, labels, options)
    else:  # text and YAML notes, and any other ending named on the command line
        yield load_session(source, options.kind, labels)


def _read_json(path: Path, name: str, labels: SpeakerLabels, options: ReadOptions) -> Session:
    """A .json file: a MIBot transcript (by --preset mibot, or recognised by its shape)."""
    text = read_input(path)
    from rupturecli.parsing.mibot import is_mibot, load_json, read_mibot

    document = load_json(text, name)
    if options.preset == "mibot" or is_mibot(document):
        return read_mibot(text, name, labels, document)
    raise InputError("unrecognised JSON layout: a MIBot transcript has 'participant_id' and 'utterances'; "
                     "for other records, write JSON Lines (.jsonl) and map them with "
                     "--session-col/--speaker-col/--text-col", name, 1)
