"""Results written as they arrive and made durable on a clock, and handed on in input order."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rupturecli.outputs.sinks.base import Sink, Span
from rupturecli.outputs.sinks.resume import Entry, ResumeState
from rupturecli.run.tasks import SourceResult

CHECKPOINT_SECONDS = 0.5  # how often results and the resume state are made durable (fsync) ...
CHECKPOINT_INPUTS = 256  # ... or after this many inputs, whichever comes first


class InOrder:
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


class Checkpoints:
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
