"""Research-mode runs: many inputs, parallel workers, streamed resumable outputs, an aggregate summary."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rupturecli.errors import shown_path
from rupturecli.outputs.sinks.base import CannotResume, Sink, Span
from rupturecli.outputs.sinks.files import EpisodeCsvSink, JsonlSink, SessionCsvSink
from rupturecli.outputs.sinks.lock import OutputLock
from rupturecli.outputs.sinks.resume import Entry, OwnerTags, ResumeState, command_fingerprint
from rupturecli.parsing.inputs import STDIN
from rupturecli.printable import printable
from rupturecli.run.checkpoints import Checkpoints, InOrder
from rupturecli.run.options import RunOptions
from rupturecli.run.summary import BatchSummary, tally
from rupturecli.run.tasks import RuleSpec, SourceResult, resume_key, run_local

if TYPE_CHECKING:  # rich's progress bar and tables load only when a batch shows them
    from rich.progress import Progress


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


SINK_ORDER = ("jsonl", "episodes_csv", "sessions_csv", "sqlite", "convokit")  # the first holds the resume state


class BatchOutputs:
    """Where results go: (sink kind, path) pairs; at least one file output makes the run resumable."""

    def __init__(self, files: list[tuple[type[Sink], Path]] | None = None) -> None:
        rank = {name: position for position, name in enumerate(SINK_ORDER)}
        self.files = sorted(files or [], key=lambda item: rank.get(item[0].name, len(rank)))

    @classmethod
    def named(cls, **paths: Path | None) -> BatchOutputs:
        """By sink name (jsonl=, episodes_csv=, sessions_csv=, sqlite=, convokit=), for programs and tests."""
        from rupturecli.outputs.sinks.convokit import ConvokitSink
        from rupturecli.outputs.sinks.sqlite import SqliteSink

        kinds = {kind.name: kind for kind in (JsonlSink, EpisodeCsvSink, SessionCsvSink, SqliteSink, ConvokitSink)}
        return cls([(kinds[name], path) for name, path in paths.items() if path is not None])

    @property
    def with_utterances(self) -> bool:
        """Whether a sink needs each session's turns besides its record (ConvoKit does)."""
        return any(kind.needs_utterances for kind, _ in self.files)

    def paths(self) -> list[Path]:
        return [path for _, path in self.files]

    def signature(self) -> str:
        return "|".join(f"{kind.name}={path}" for kind, path in self.files)

    def open(self, resume: dict[str, list[Span]] | None) -> list[Sink]:
        """Every sink, resumed from the spans of finished inputs (None: start each output afresh)."""
        sinks: list[Sink] = []
        try:
            for kind, path in self.files:
                sinks.append(kind(path, None if resume is None else resume.get(kind.name, [])))
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        return sinks


def _progress(total: int, enabled: bool) -> Progress | None:
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} files/s"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def run_batch(sources: list[str], spec: RuleSpec, options: RunOptions, outputs: BatchOutputs, jobs: int,
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
    fingerprint = spec.fingerprint()
    if options.redact_names is not None:  # the detectors load only when a run redacts
        from rupturecli.privacy.redact import redaction_fingerprint

        fingerprint += redaction_fingerprint(options.redact_names)
    summary = BatchSummary()
    files = outputs.paths()
    lock = OutputLock(files) if files else None
    try:
        return _run_locked(sources, spec, options, outputs, jobs, resume and STDIN not in sources, on_error,
                           on_record, show_progress, engine, fingerprint, summary, command)
    finally:
        if lock is not None:
            lock.release()


def _run_locked(sources: list[str], spec: RuleSpec, options: RunOptions, outputs: BatchOutputs, jobs: int,
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
            "outputs": outputs.signature(),
            # records with every therapist turn read differ from those without; a key without it stays as it was
            **({"therapist_moves": True} if options.therapist_moves else {})})
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
            if not kept:  # stopped before the first checkpoint: nothing to keep, whatever the partial output holds
                state.start_over("none of its inputs had been recorded as finished")
            else:
                try:
                    sinks = outputs.open(spans)
                except CannotResume:
                    state.start_over("its partial output is missing or was replaced")
                    kept = {}
        if state.reason and resume:
            sys.stderr.write(f"rupture: note: not resuming {printable(shown_path(files[0]))}: {state.reason}; "
                             "starting over\n")
    if sinks is None:
        sinks = outputs.open(None)
        for sink in sinks:
            if getattr(sink, "replaced", 0):  # a database holds one run's results: an earlier run's go
                sys.stderr.write(f"rupture: note: {printable(shown_path(sink.path))}: replacing the {sink.replaced} "
                                 "sessions an earlier run wrote there (give each run its own --db to keep both)\n")
    if tags is not None:
        tags.claim()
    todo = [source for source in sources if source not in kept]
    summary.skipped = len(sources) - len(todo)
    for entry in kept.values():
        summary.absorb(entry.tally)
    with_utterances = outputs.with_utterances
    progress = _progress(len(todo), sys.stderr.isatty() if show_progress is None else show_progress)
    checkpoints = Checkpoints(sinks, state, sources)
    checkpoints.keep(kept)
    in_order = InOrder(todo, on_record)
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
