"""The sink interface, and the append-only partial file that becomes an output at the end of a run.

A sink reports a *position* before and after each input's records, so the resume state can say exactly
which bytes (or database rows) belong to which input. Nothing is ever read back out of the records
themselves: a redacted path, a `#` in a file name or a torn last line cannot confuse a resumed run.
"""

from __future__ import annotations

import csv
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from rupturecli.errors import OutputError, RuptureError
from rupturecli.output import output_mode, output_target

Position = Any  # JSON-ready: a byte offset, a row key, or a list of them for a sink with several files
Span = tuple[Position, Position]


class CannotResume(Exception):  # noqa: N818 - a signal to start over, not an error the user sees
    """A partial output is missing, replaced or shorter than the resume state says: start over."""


class IncompleteOutput(RuptureError):
    """At the end of a run an output holds fewer (or more) records than the finished inputs produced."""


def record_source(record: dict[str, Any]) -> str:
    """The input a record came from, as written in it ('archive.csv#12' comes from 'archive.csv')."""
    file = record["file"]
    session_id = record.get("session_id")
    suffix = f"#{session_id}"
    if session_id is not None and file.endswith(suffix):
        return file[: -len(suffix)]
    return file


class Sink:
    """Receives each input's records; `close(live)` keeps exactly the live spans, `abort()` keeps all."""

    name = "sink"
    needs_utterances = False  # whether write() needs each session's turns besides its record

    def position(self) -> Position:
        raise NotImplementedError

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        raise NotImplementedError

    @staticmethod
    def units(record: dict[str, Any]) -> int:
        """What one record adds to the output, counted the way `close` checks it (a row, a line...)."""
        return 1

    def flush(self) -> None:
        """Called at each checkpoint: what is flushed survives a killed process."""

    def close(self, live: list[Span], expected: int) -> None:
        """The run completed: keep the live spans (`expected` records in all) and move the output into place."""

    def abort(self) -> None:
        """The run stopped early: keep the partial output for resuming."""


def open_exclusive(path: Path, mode: int = 0o666) -> int:
    """A new file at `path`, created by this call (never through a planted link), with `mode` under the umask."""
    path.unlink(missing_ok=True)  # a planted link goes, not its target
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)


def open_existing(path: Path) -> int:
    """The partial file a killed run left, for appending; a link or anything but a plain file cannot resume."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ELOOP):
            raise CannotResume(str(path)) from None
        raise
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise CannotResume(str(path))
    return handle


def count_lines(path: Path) -> int:
    """Records in a JSONL file (JSON escapes newlines, so one line is one record)."""
    count = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def count_csv_rows(path: Path) -> int:
    """Rows below the header (a quoted field may hold a newline)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return max(0, sum(1 for _ in csv.reader(stream)) - 1)


class PartialFile:
    """An output growing in `<path>.partial`, append only; `finish()` writes its live spans to `<path>`."""

    def __init__(self, path: Path, resume_spans: list[Span] | None, header: str = "",
                 count: Callable[[Path], int] = count_lines) -> None:
        self.path = output_target(Path(path))
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.header = header.encode("utf-8")
        self.count = count
        if resume_spans is not None:
            handle = open_existing(self.partial)
            size = os.fstat(handle).st_size
            if size < len(self.header) or any(not len(self.header) <= start <= end <= size
                                              for start, end in resume_spans):
                os.close(handle)
                raise CannotResume(str(self.partial))
            self.stream: BinaryIO = os.fdopen(handle, "ab")
            self.stream.seek(0, os.SEEK_END)
        else:
            # no wider than the output it will become: a report made private stays private while it grows
            self.stream = os.fdopen(open_exclusive(self.partial, output_mode(self.path)), "wb")
            self.stream.write(self.header)

    def position(self) -> int:
        return self.stream.tell()

    def write(self, text: str) -> None:
        try:
            self.stream.write(text.encode("utf-8"))
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", self.partial) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", self.partial) from None

    def finish(self, live: list[Span], expected: int | None) -> None:
        """Write the header and the live spans, in the order given, to `<path>`; check the record count first."""
        self.flush()
        size = self.stream.tell()
        self.stream.close()
        spans = [(start, end) for start, end in live if end > start]
        covered = len(self.header)
        contiguous = True
        for start, end in spans:
            contiguous = contiguous and start == covered
            covered = end
        # the usual case is one unbroken run of live records: the partial file itself becomes the output
        result = self.partial if contiguous and covered == size else self._compact(spans)
        found = self.count(result) if expected is not None else None
        if found != expected:
            if result != self.partial:
                result.unlink(missing_ok=True)
            raise IncompleteOutput(f"holds {found} records where the finished inputs made {expected}; nothing "
                                   f"was replaced (the partial output is kept as {self.partial.name})", self.path)
        os.chmod(result, output_mode(self.path))
        os.replace(result, self.path)
        self.partial.unlink(missing_ok=True)

    def _compact(self, spans: list[Span]) -> Path:
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as out, self.partial.open("rb") as source:
                out.write(self.header)
                for start, end in spans:
                    source.seek(start)
                    remaining = end - start
                    while remaining:
                        block = source.read(min(remaining, 1 << 20))
                        if not block:
                            break
                        out.write(block)
                        remaining -= len(block)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary

    def abort(self) -> None:
        if not self.stream.closed:
            self.stream.flush()
            self.stream.close()
