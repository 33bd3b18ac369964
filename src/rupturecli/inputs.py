"""Expand the paths given on the command line into input files, and read one input."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rupturecli.errors import InputError
from rupturecli.parsing import SpeakerLabels, parse_text
from rupturecli.parsing.reading import decode_text, read_input
from rupturecli.session import InputKind, Session

NOTE_SUFFIXES = frozenset({".txt", ".md", ".yaml", ".yml", ".text"})
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input to analyse: a file path, or '-' for standard input."""

    name: str

    @property
    def is_stdin(self) -> bool:
        return self.name == STDIN


def expand_paths(paths: list[str]) -> tuple[list[Source], list[InputError]]:
    """Files as given; folders searched recursively for notes. Problems are returned, not raised."""
    sources: list[Source] = []
    errors: list[InputError] = []
    for raw in paths:
        if raw == STDIN:
            sources.append(Source(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                errors.append(InputError("directory without notes (.txt, .md, .yaml, .yml)", path))
            sources.extend(Source(str(p)) for p in found)
        elif not path.exists():
            errors.append(InputError("no such file or directory", path))
        else:
            sources.append(Source(raw))
    return sources, errors


def load_session(source: Source, kind: InputKind | None = None, labels: SpeakerLabels | None = None) -> Session:
    """Read and parse one input; raises InputError naming the source."""
    if source.is_stdin:
        text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        stripped = text.lstrip()
        is_yaml = stripped.startswith(("---", "turns:", "notes:", "session:", "client:", "date:", "therapist:"))
        return parse_text(text, "<stdin>", kind, labels, is_yaml=is_yaml)
    text = read_input(Path(source.name))
    return parse_text(text, source.name, kind, labels)
