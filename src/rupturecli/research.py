"""Research-mode runs: many inputs, parallel workers, streamed resumable outputs, an aggregate summary."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rupturecli.batch import RuleSpec, SourceResult, resume_key, run_local
from rupturecli.pipeline import InputOptions
from rupturecli.redaction import redaction_fingerprint
from rupturecli.sinks import ResumeState, Sink
from rupturecli.sinks.convokit import ConvokitSink
from rupturecli.sinks.files import EpisodeCsvSink, JsonlSink, SessionCsvSink
from rupturecli.sinks.sqlite import SqliteSink


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass
class BatchOutputs:
    """Where results go; at least one file output makes the run resumable."""

    jsonl: Path | None = None
    episodes_csv: Path | None = None
    sessions_csv: Path | None = None
    sqlite: Path | None = None
    convokit: Path | None = None

    def paths(self) -> list[Path]:
        return [path for path in (self.jsonl, self.episodes_csv, self.sessions_csv, self.sqlite, self.convokit)
                if path is not None]

    def signature(self) -> str:
        return "|".join(f"{name}={getattr(self, name)}" for name in
                        ("jsonl", "episodes_csv", "sessions_csv", "sqlite", "convokit"))

    def open(self, keep: set[str] | None) -> list[Sink]:
        sinks: list[Sink] = []
        if self.jsonl:
            sinks.append(JsonlSink(self.jsonl, keep))
        if self.episodes_csv:
            sinks.append(EpisodeCsvSink(self.episodes_csv, keep))
        if self.sessions_csv:
            sinks.append(SessionCsvSink(self.sessions_csv, keep))
        if self.sqlite:
            sinks.append(SqliteSink(self.sqlite, keep))
        if self.convokit:
            sinks.append(ConvokitSink(self.convokit, keep))
        return sinks


@dataclass
class BatchSummary:
    """Counts and distributions over a whole batch, and the inputs that failed with why."""

    inputs: int = 0
    skipped: int = 0
    sessions: int = 0
    episodes: Counter[str] = field(default_factory=Counter)
    significance: Counter[int] = field(default_factory=Counter)
    repair: Counter[str] = field(default_factory=Counter)
    sessions_with_rupture: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, result: SourceResult) -> None:
        self.inputs += 1
        self.failures.extend(result.errors)
        for record in result.records:
            self.sessions += 1
            self.sessions_with_rupture += bool(record["episodes"])
            for episode in record["episodes"]:
                self.episodes[episode["type"]] += 1
                self.significance[episode["significance"]] += 1
                self.repair[episode["repair"]["status"]] += 1

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "skipped_finished": self.skipped, "sessions": self.sessions,
                "sessions_with_rupture": self.sessions_with_rupture, "episodes": dict(self.episodes),
                "significance": {str(key): self.significance[key] for key in sorted(self.significance)},
                "repair": dict(self.repair), "failed": self.failures}

    def render(self, console: Console) -> None:
        table = Table(title="Batch summary", box=None, show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        table.add_row("inputs", f"{self.inputs} analysed, {self.skipped} already finished (resumed), "
                                f"{len(self.failures)} failed")
        table.add_row("sessions", f"{self.sessions} ({self.sessions_with_rupture} with a rupture)")
        table.add_row("episodes", ", ".join(f"{count} {kind}" for kind, count in sorted(self.episodes.items()))
                      or "none")
        table.add_row("significance", "  ".join(f"{key}: {self.significance[key]}"
                                                for key in sorted(self.significance)) or "-")
        table.add_row("repair", ", ".join(f"{count} {status}" for status, count in sorted(self.repair.items()))
                      or "-")
        console.print(table)
        for failure in self.failures:
            console.print(f"  failed: {failure}", markup=False, highlight=False)


def _progress(total: int, enabled: bool) -> Progress | None:
    if not enabled:
        return None
    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} files/s"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


CHECKPOINT_SECONDS = 0.5  # how often results and the resume state are made durable (fsync) ...
CHECKPOINT_INPUTS = 256  # ... or after this many inputs, whichever comes first


def run_batch(sources: list[str], spec: RuleSpec, options: InputOptions, outputs: BatchOutputs, jobs: int,
              resume: bool, on_error: Callable[[str], None],
              on_record: Callable[[dict[str, Any]], None] | None = None,
              show_progress: bool | None = None,
              engine: Callable[..., Iterator[SourceResult]] | None = None) -> BatchSummary:
    """Analyse `sources` and stream every record to the outputs; resumable when there are file outputs."""
    fingerprint = spec.fingerprint() + redaction_fingerprint(options.redact_names)
    summary = BatchSummary()
    state: ResumeState | None = None
    keep: set[str] | None = None
    files = outputs.paths()
    if files:
        state = ResumeState(files[0], outputs.signature(), resume)
        if state.resumed:
            keep = {source for source, key in state.done.items() if resume_key(source, fingerprint) == key}
    todo = [source for source in sources if keep is None or source not in keep]
    summary.skipped = len(sources) - len(todo)
    sinks = outputs.open(keep)
    with_utterances = outputs.convokit is not None
    progress = _progress(len(todo), sys.stderr.isatty() if show_progress is None else show_progress)
    completed = False
    finished: list[tuple[str, str]] = []

    def checkpoint() -> None:
        """Results to disk first, then the inputs they finish: a killed run resumes after the last checkpoint."""
        for sink in sinks:
            sink.flush()
        if state is not None and finished:
            state.record(finished)
        finished.clear()

    last_checkpoint = time.monotonic()
    try:
        run = engine or run_local
        results = run(todo, spec, options, fingerprint, jobs, with_utterances)
        if progress is not None:
            progress.start()
            task = progress.add_task("analyse", total=len(todo), rate="-")
        for result in results:
            for error in result.errors:
                on_error(error)
            for position, record in enumerate(result.records):
                utterances = result.utterances[position] if with_utterances else None
                for sink in sinks:
                    sink.write(record, utterances)
                if on_record is not None:
                    on_record(record)
            if state is not None and not result.errors:
                finished.append((result.source, result.key))
            if len(finished) >= CHECKPOINT_INPUTS or time.monotonic() - last_checkpoint >= CHECKPOINT_SECONDS:
                checkpoint()
                last_checkpoint = time.monotonic()
            summary.add(result)
            if progress is not None:
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{(summary.inputs / elapsed):.1f}" if elapsed else "-"
                progress.update(task, advance=1, rate=rate)
        completed = True
    finally:
        if progress is not None:
            progress.stop()
        if not completed:
            with contextlib.suppress(OSError):
                checkpoint()  # Ctrl-C or an error: keep every result already received
        for sink in sinks:
            if completed:
                sink.close()
            else:
                sink.abort()
        if state is not None:
            if completed:
                state.complete()
            else:
                state.close()
    return summary
