"""The sink interface, and streaming to a partial file that is renamed into place at the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def source_of(file_field: str) -> str:
    """The input path of a record ('archive.csv#12' comes from 'archive.csv')."""
    return file_field.split("#", 1)[0]


class Sink:
    """Receives every record of a finished input, then is closed (complete) or aborted (resumable)."""

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Called after each input's records: what is flushed survives a killed process."""

    def close(self) -> None:
        """The run completed: move the output into place."""

    def abort(self) -> None:
        """The run stopped early: keep the partial output for resuming."""


class PartialFile:
    """A text file appended to under `<path>.partial`, renamed over `<path>` by `finish()`."""

    def __init__(self, path: Path, keep: Callable[[str], bool] | None, header: str = "") -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        if keep is not None and self.partial.exists():
            self._filter(keep, header)
            self.stream: IO[str] = self.partial.open("a", encoding="utf-8", newline="")
        else:
            self.stream = self.partial.open("w", encoding="utf-8", newline="")
            self.stream.write(header)

    def _filter(self, keep: Callable[[str], bool], header: str) -> None:
        """Keep only complete lines of finished inputs (a killed run may leave a torn last line)."""
        temporary = self.partial.with_name(self.partial.name + ".tmp")
        with self.partial.open(encoding="utf-8", newline="") as old, temporary.open("w", encoding="utf-8",
                                                                                   newline="") as new:
            first = True
            for line in old:
                if first and header:
                    first = False
                    new.write(header)
                    continue
                first = False
                if line.endswith("\n") and keep(line):
                    new.write(line)
            if first and header:
                new.write(header)
        os.replace(temporary, self.partial)

    def write(self, text: str) -> None:
        self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())

    def finish(self) -> None:
        self.flush()
        self.stream.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        if not self.stream.closed:
            self.stream.flush()
            self.stream.close()
