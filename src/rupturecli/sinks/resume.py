"""Which inputs a batch has finished, kept next to its output so a rerun can skip them."""

from __future__ import annotations

import json
import os
from pathlib import Path


class ResumeState:
    """An append-only list of finished inputs' keys (path, content hash, rules hash, version)."""

    def __init__(self, output: Path, outputs_signature: str, resume: bool) -> None:
        self.path = Path(output).with_name(Path(output).name + ".resume")
        self.signature = outputs_signature
        self.done: dict[str, str] = {}
        self.resumed = False
        if resume and self.path.exists():
            self._load()
        if not self.resumed:
            self.path.unlink(missing_ok=True)
        self.stream = self.path.open("a", encoding="utf-8")
        if not self.resumed:
            self.stream.write(json.dumps({"outputs": self.signature}) + "\n")
            self.stream.flush()

    def _load(self) -> None:
        lines = self.path.read_text(encoding="utf-8").splitlines()
        if not lines:
            return
        try:
            header = json.loads(lines[0])
        except json.JSONDecodeError:
            return
        if header.get("outputs") != self.signature:
            return  # different outputs last time: start over
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line from a killed run
            self.done[entry["source"]] = entry["key"]
        self.resumed = True

    def finished(self, source: str, key: str) -> bool:
        return self.done.get(source) == key

    def record(self, finished: list[tuple[str, str]]) -> None:
        """Mark inputs finished, durably: call only after their results are flushed to disk."""
        for source, key in finished:
            self.done[source] = key
            self.stream.write(json.dumps({"source": source, "key": key}) + "\n")
        self.stream.flush()
        os.fsync(self.stream.fileno())

    def complete(self) -> None:
        """The run finished: the state is no longer needed."""
        self.stream.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if not self.stream.closed:
            self.stream.close()
