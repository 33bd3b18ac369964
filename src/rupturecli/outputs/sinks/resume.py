"""Which inputs a batch has finished and where their records sit, kept next to the first output.

`<output>.resume` starts with the command's fingerprint (inputs as given, rules, model, redaction, reader
options, outputs): a rerun resumes only the same command. Then one line per input, appended at each
checkpoint after the outputs are flushed: its path, its key (content hash, rules, version), whether it
finished without error, and each output's span (the bytes or rows its records occupy). A resumed run keeps
exactly the spans of finished, unchanged inputs and drops everything else.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli.errors import OutputError
from rupturecli.outputs.sinks.base import Span, open_exclusive

STATE_VERSION = 4  # 3: each entry carries its tally, so a resumed run's summary covers the whole output;
# 4: CSV and database rows carry the therapist's side (a partial output of 3 has fewer columns: start over)


@dataclass(frozen=True)
class Entry:
    """One input's results as the resume state records them."""

    source: str
    key: str
    finished: bool
    units: dict[str, int]  # what each output holds for it (records, rows)
    spans: dict[str, Span]  # where in each output
    tally: dict[str, Any] = field(default_factory=dict)  # counts for the batch summary (run/summary.py): no text

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "key": self.key, "finished": self.finished,
                           "units": self.units, "spans": self.spans,
                           "tally": self.tally})  # ASCII: paths may hold undecodable bytes

    @classmethod
    def from_json(cls, line: str) -> Entry:
        data = json.loads(line)
        spans = {name: (span[0], span[1]) for name, span in data["spans"].items()}
        tally = data["tally"]
        if not isinstance(tally, dict):
            raise TypeError("tally")
        return cls(str(data["source"]), str(data["key"]), bool(data["finished"]),
                   {name: int(count) for name, count in data["units"].items()}, spans, tally)


class ResumeState:
    """An append-only record of the inputs a batch has written, for the same command to pick up."""

    def __init__(self, output: Path, command: str, resume: bool) -> None:
        self.path = Path(output).with_name(Path(output).name + ".resume")
        self.command = command
        self.entries: dict[str, Entry] = {}  # the latest entry per input
        self.resumed = False
        self.reason = ""  # why an existing state was not resumed, for the user
        if resume and self.path.exists():
            self._load()
        self._open()

    def _load(self) -> None:
        if self.path.is_symlink():
            self.reason = "its resume state is a symbolic link"
            return
        lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        try:
            header = json.loads(lines[0]) if lines else {}
        except json.JSONDecodeError:
            header = {}
        if header.get("version") != STATE_VERSION or header.get("command") != self.command:
            self.reason = "the interrupted run was a different command"
            return
        for line in lines[1:]:
            try:
                entry = Entry.from_json(line)
            except (ValueError, KeyError, TypeError, IndexError):
                continue  # a torn last line from a killed run
            self.entries[entry.source] = entry
        self.resumed = True

    def _open(self) -> None:
        if self.resumed:
            handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
            self.stream = os.fdopen(handle, "a", encoding="utf-8")
            return
        self.entries.clear()
        self.stream = os.fdopen(open_exclusive(self.path, 0o600), "w", encoding="utf-8")  # it lists input paths
        self.stream.write(json.dumps({"version": STATE_VERSION, "command": self.command}) + "\n")
        self.stream.flush()

    def start_over(self, reason: str) -> None:
        """The outputs cannot be resumed after all (a partial file is missing or replaced)."""
        self.stream.close()
        self.resumed = False
        self.reason = reason
        self._open()

    def kept(self, current_keys: dict[str, str]) -> dict[str, Entry]:
        """Finished inputs of this run whose content, rules and version are unchanged: they are not redone."""
        return {source: entry for source, entry in self.entries.items()
                if entry.finished and current_keys.get(source) == entry.key}

    def record(self, entries: list[Entry]) -> None:
        """Append entries, durably: call only after their records are flushed to disk."""
        try:
            for entry in entries:
                self.entries[entry.source] = entry
                self.stream.write(entry.to_json() + "\n")
            self.stream.flush()
            os.fsync(self.stream.fileno())
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", self.path) from None

    def complete(self) -> None:
        """The run finished: the state is no longer needed."""
        self.stream.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if not self.stream.closed:
            self.stream.close()


def command_fingerprint(parts: dict[str, Any]) -> str:
    """A digest of everything that decides a run's results (no path or note text in the state's header)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class OwnerTags:
    """`<output>.resume` beside every other output of a run, holding the command that writes it.

    The resume state lives beside the first output only; without these tags a different command writing the
    same --db or --sessions-csv in between would go unnoticed, and a resumed run would keep its rows.
    """

    def __init__(self, outputs: list[Path], command: str) -> None:
        self.paths = [Path(output).with_name(Path(output).name + ".resume") for output in outputs]
        self.command = command

    def all_ours(self) -> bool:
        """Every other output was last written by this command (and not finished since)."""
        for path in self.paths:
            try:
                if path.is_symlink() or json.loads(path.read_text(encoding="utf-8")).get("command") != self.command:
                    return False
            except (OSError, ValueError, AttributeError):
                return False
        return True

    def claim(self) -> None:
        for path in self.paths:
            try:
                with os.fdopen(open_exclusive(path, 0o600), "w", encoding="utf-8") as stream:
                    stream.write(json.dumps({"version": STATE_VERSION, "command": self.command}) + "\n")
            except OSError as error:
                raise OutputError(f"cannot write: {error.strerror or error}", path) from None

    def release(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
