"""Research-mode runs: many inputs, parallel workers, streamed resumable outputs, an aggregate summary."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rupturecli.outputs.sinks.base import CannotResume, Sink, Span
from rupturecli.outputs.sinks.convokit import ConvokitSink
from rupturecli.outputs.sinks.files import EpisodeCsvSink, JsonlSink, SessionCsvSink
from rupturecli.outputs.sinks.lock import OutputLock
from rupturecli.outputs.sinks.resume import Entry, OwnerTags, ResumeState, command_fingerprint
from rupturecli.outputs.sinks.sqlite import SqliteSink
from rupturecli.parsing.inputs import STDIN
from rupturecli.printable import printable
from rupturecli.run.loop import InputOptions
from rupturecli.run.tasks import RuleSpec, SourceResult, resume_key, run_local

if TYPE_CHECKING:  # rich's progress bar and tables load only when a batch shows them
    from rich.console import Console
    from rich.progress import Progress


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

    def open(self, resume: dict[str, list[Span]] | None) -> list[Sink]:
        """Every sink, resumed from the spans of finished inputs (None: start each output afresh)."""
        sinks: list[Sink] = []
        try:
            for kind, path in ((JsonlSink, self.jsonl), (EpisodeCsvSink, self.episodes_csv),
                               (SessionCsvSink, self.sessions_csv), (SqliteSink, self.sqlite),
                               (ConvokitSink, self.convokit)):
                if path is not None:
                    sinks.append(kind(path, None if resume is None else resume.get(kind.name, [])))
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        return sinks


def tally(records: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> dict[str, Any]:
    """What one input adds to the batch summary, as plain counts: kept in the resume state, so the summary
    of a resumed run covers every record of its output, not only the part analysed after the restart."""
    episodes: Counter[str] = Counter()
    significance: Counter[str] = Counter()
    repair: Counter[str] = Counter()
    for record in records:
        for episode in record["episodes"]:
            episodes[episode["type"]] += 1
            significance[str(episode["significance"])] += 1
            repair[episode["repair"]["status"]] += 1
    return {"sessions": len(records), "with_rupture": sum(1 for record in records if record["episodes"]),
            "episodes": dict(episodes), "significance": dict(significance), "repair": dict(repair)}


@dataclass
class BatchSummary:
    """Counts and distributions over a whole batch (a resumed run's kept inputs included), and the inputs
    that failed with why."""

    inputs: int = 0
    skipped: int = 0
    sessions: int = 0
    episodes: Counter[str] = field(default_factory=Counter)
    significance: Counter[int] = field(default_factory=Counter)
    repair: Counter[str] = field(default_factory=Counter)
    sessions_with_rupture: int = 0
    failures: list[str] = field(default_factory=list)
    documentation: int = 0  # README, SOURCE, LICENSE... files the folder searches skipped

    def add(self, result: SourceResult, counts: dict[str, Any] | None = None) -> None:
        """An input analysed by this run (`counts`: its tally, when the caller has it already)."""
        self.inputs += 1
        self.failures.extend(result.errors)
        self.absorb(counts if counts is not None else tally(result.records))

    def absorb(self, counts: dict[str, Any]) -> None:
        """Add an input's tally: one analysed now, or one a resumed run kept from before."""
        self.sessions += int(counts.get("sessions", 0))
        self.sessions_with_rupture += int(counts.get("with_rupture", 0))
        self.episodes.update({str(key): int(value) for key, value in counts.get("episodes", {}).items()})
        self.significance.update({int(key): int(value) for key, value in counts.get("significance", {}).items()})
        self.repair.update({str(key): int(value) for key, value in counts.get("repair", {}).items()})

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "skipped_finished": self.skipped, "sessions": self.sessions,
                "sessions_with_rupture": self.sessions_with_rupture, "episodes": dict(self.episodes),
                "significance": {str(key): self.significance[key] for key in sorted(self.significance)},
                "repair": dict(self.repair), "failed": self.failures}

    def render(self, console: Console) -> None:
        from rich.table import Table

        title = "Batch summary" + (" of the whole output (a resumed run)" if self.skipped else "")
        table = Table(title=title, box=None, show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        skipped = f", {self.documentation} documentation files skipped" if self.documentation else ""
        table.add_row("inputs", f"{self.inputs + self.skipped}: {self.inputs} analysed, {self.skipped} already "
                                f"finished (resumed), {len(self.failures)} failed{skipped}")
        table.add_row("sessions", f"{self.sessions} ({self.sessions_with_rupture} with a rupture)")
        table.add_row("episodes", ", ".join(f"{count} {kind}" for kind, count in sorted(self.episodes.items()))
                      or "none")
        table.add_row("significance", "  ".join(f"{key}: {self.significance[key]}"
                                                for key in sorted(self.significance)) or "-")
        table.add_row("repair", ", ".join(f"{count} {status}" for status, count in sorted(self.repair.items()))
                      or "-")
        console.print(table)
        for failure in self.failures:
            console.print(f"  failed: {printable(failure)}", markup=False, highlight=False)


def _progress(total: int, enabled: bool) -> Progress | None:
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} files/s"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


CHECKPOINT_SECONDS = 0.5  # how often results and the resume state are made durable (fsync) ...
CHECKPOINT_INPUTS = 256  # ... or after this many inputs, whichever comes first


class _InOrder:
    """Hands records to a callback in input order while results arrive as inputs finish."""

    def __init__(self, todo: list[str], callback: Callable[[dict[str, Any]], None] | None) -> None:
        self.todo = todo
        self.callback = callback
        self.next = 0
        self.waiting: dict[str, list[tuple[dict[str, Any], ...]]] = {}

    def add(self, result: SourceResult) -> None:
        if self.callback is None:
            return
        self.waiting.setdefault(result.source, []).append(result.records)
        while self.next < len(self.todo) and self.waiting.get(self.todo[self.next]):
            for record in self.waiting[self.todo[self.next]].pop(0):
                self.callback(record)
            self.next += 1


class _Checkpoints:
    """Writes results to the sinks and makes them durable on a clock, even while a slow input runs."""

    def __init__(self, sinks: list[Sink], state: ResumeState | None, sources: list[str]) -> None:
        self.sinks = sinks
        self.state = state
        self.order = {source: index for index, source in reversed(list(enumerate(sources)))}
        self.pending: list[Entry] = []
        self.live: dict[str, list[tuple[int, Span]]] = {sink.name: [] for sink in sinks}
        self.expected: dict[str, int] = {sink.name: 0 for sink in sinks}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.failure: BaseException | None = None
        self.clock = threading.Thread(target=self._tick, name="rupture-checkpoint", daemon=True)

    def keep(self, entries: dict[str, Entry]) -> None:
        """Results of a killed run that stay: they count as this run's own."""
        for entry in entries.values():
            for sink in self.sinks:
                span = entry.spans.get(sink.name, (sink.position(), sink.position()))
                self.live[sink.name].append((self.order.get(entry.source, -1), span))
                self.expected[sink.name] += entry.units.get(sink.name, 0)

    def start(self) -> None:
        self.clock.start()

    def _tick(self) -> None:
        while not self.stopped.wait(CHECKPOINT_SECONDS):
            try:
                with self.lock:
                    self.save()
            except BaseException as error:  # noqa: BLE001 - handed to the main thread, which stops the run
                self.failure = error
                return

    def add(self, result: SourceResult, finished: bool, with_utterances: bool, counts: dict[str, Any]) -> None:
        if self.failure is not None:
            raise self.failure
        with self.lock:
            starts = {sink.name: sink.position() for sink in self.sinks}
            units = dict.fromkeys(starts, 0)
            for position, record in enumerate(result.records):
                utterances = result.utterances[position] if with_utterances else None
                for sink in self.sinks:
                    sink.write(record, utterances)
                    units[sink.name] += sink.units(record)
            spans = {sink.name: (starts[sink.name], sink.position()) for sink in self.sinks}
            for sink in self.sinks:
                self.live[sink.name].append((self.order.get(result.source, -1), spans[sink.name]))
                self.expected[sink.name] += units[sink.name]
            self.pending.append(Entry(result.source, result.key, finished, units, spans, counts))
            if len(self.pending) >= CHECKPOINT_INPUTS:
                self.save()

    def save(self) -> None:
        """Results to disk first, then the inputs they finish: a killed run resumes after the last checkpoint."""
        if not self.pending:
            return
        for sink in self.sinks:
            sink.flush()
        if self.state is not None:
            self.state.record(self.pending)
        self.pending = []

    def live_in_order(self, sink: Sink) -> list[Span]:
        """The sink's live spans in input order (stable for an input given twice)."""
        return [span for _, span in sorted(self.live[sink.name], key=lambda item: item[0])]

    def stop(self) -> None:
        self.stopped.set()
        if self.clock.is_alive():
            self.clock.join()


def run_batch(sources: list[str], spec: RuleSpec, options: InputOptions, outputs: BatchOutputs, jobs: int,
              resume: bool, on_error: Callable[[str], None],
              on_record: Callable[[dict[str, Any]], None] | None = None,
              show_progress: bool | None = None,
              engine: Callable[..., Iterator[SourceResult]] | None = None,
              command: dict[str, Any] | None = None) -> BatchSummary:
    """Analyse `sources` and stream every record to the outputs; resumable when there are file outputs.

    Inputs are analysed in parallel and written as they finish, so a slow input holds nothing back; every
    output and `on_record` still get the records in input order. `command` is what the user asked for
    (inputs as given, options): a rerun resumes only the same command.
    """
    sources = list(dict.fromkeys(sources))  # an input named twice is analysed once
    from rupturecli.privacy.redaction import redaction_fingerprint  # its patterns load only when a batch runs
    fingerprint = spec.fingerprint() + redaction_fingerprint(options.redact_names)
    summary = BatchSummary()
    files = outputs.paths()
    lock = OutputLock(files) if files else None
    try:
        return _run_locked(sources, spec, options, outputs, jobs, resume and STDIN not in sources, on_error,
                           on_record, show_progress, engine, fingerprint, summary, command)
    finally:
        if lock is not None:
            lock.release()


def _run_locked(sources: list[str], spec: RuleSpec, options: InputOptions, outputs: BatchOutputs, jobs: int,
                resume: bool, on_error: Callable[[str], None], on_record: Callable[[dict[str, Any]], None] | None,
                show_progress: bool | None, engine: Callable[..., Iterator[SourceResult]] | None,
                fingerprint: str, summary: BatchSummary, command: dict[str, Any] | None) -> BatchSummary:
    files = outputs.paths()
    state: ResumeState | None = None
    kept: dict[str, Entry] = {}
    sinks: list[Sink] | None = None
    tags: OwnerTags | None = None
    if files:
        key = command_fingerprint({
            "command": command if command is not None else sorted(sources), "rules": fingerprint,
            "reading": [options.kind, options.client_labels, options.therapist_labels, options.reader],
            "outputs": outputs.signature()})
        state = ResumeState(files[0], key, resume)
        tags = OwnerTags(files[1:], key)
        if state.resumed and not tags.all_ours():
            state.start_over("another command has written one of its outputs since")
        if state.resumed:
            kept = state.kept({source: resume_key(source, fingerprint) for source in set(sources)})
            spans: dict[str, list[Span]] = {}
            for entry in kept.values():
                for name, span in entry.spans.items():
                    spans.setdefault(name, []).append(span)
            try:
                sinks = outputs.open(spans)
            except CannotResume:
                state.start_over("its partial output is missing or was replaced")
                kept = {}
        if state.reason and resume:
            sys.stderr.write(f"rupture: note: not resuming {printable(str(files[0]))}: {state.reason}; starting over\n")
    if sinks is None:
        sinks = outputs.open(None)
    if tags is not None:
        tags.claim()
    todo = [source for source in sources if source not in kept]
    summary.skipped = len(sources) - len(todo)
    for entry in kept.values():
        summary.absorb(entry.tally)
    with_utterances = outputs.convokit is not None
    progress = _progress(len(todo), sys.stderr.isatty() if show_progress is None else show_progress)
    checkpoints = _Checkpoints(sinks, state, sources)
    checkpoints.keep(kept)
    in_order = _InOrder(todo, on_record)
    completed = False
    try:
        checkpoints.start()
        run = engine or run_local
        results = run(todo, spec, options, fingerprint, jobs, with_utterances)
        if progress is not None:
            progress.start()
            task = progress.add_task("analyse", total=len(todo), rate="-")
        for result in results:
            for error in result.errors:
                on_error(error)
            counts = tally(result.records)
            checkpoints.add(result, not result.errors and result.source != STDIN, with_utterances, counts)
            in_order.add(result)
            summary.add(result, counts)
            if progress is not None:
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{(summary.inputs / elapsed):.1f}" if elapsed else "-"
                progress.update(task, advance=1, rate=rate)
        checkpoints.stop()
        with checkpoints.lock:
            checkpoints.save()
            for sink in sinks:
                sink.close(checkpoints.live_in_order(sink), checkpoints.expected[sink.name])
        completed = True
    finally:
        checkpoints.stop()
        if progress is not None:
            progress.stop()
        if not completed:
            with contextlib.suppress(OSError), checkpoints.lock:
                checkpoints.save()  # Ctrl-C or an error: keep every result already received
            for sink in sinks:
                with contextlib.suppress(Exception):
                    sink.abort()
        if state is not None:
            if completed:
                state.complete()
                if tags is not None:
                    tags.release()
            else:
                state.close()
    return summary
