"""The batch summary: counts and distributions over a whole run, a resumed run's kept inputs included."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rupturecli.printable import printable
from rupturecli.run.tasks import SourceResult

if TYPE_CHECKING:  # rich's tables load only when a summary is shown
    from rich.console import Console


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
    failed_inputs: int = 0  # inputs read by this run that failed (one may fail with more than one line)
    not_found: list[str] = field(default_factory=list)  # named paths that could not be read at all

    def add_not_found(self, problems: list[str]) -> None:
        """Named paths that were never analysed (missing, unreadable): they count, and are listed, as failed."""
        self.not_found.extend(problems)
        self.failures.extend(problems)

    def add_records(self, records: tuple[dict[str, Any], ...]) -> None:
        """One input's records, analysed by this process (the terminal report counts this way)."""
        self.inputs += 1
        self.absorb(tally(records))

    def add(self, result: SourceResult, counts: dict[str, Any] | None = None) -> None:
        """An input analysed by this run (`counts`: its tally, when the caller has it already)."""
        self.inputs += 1
        self.failures.extend(result.errors)
        self.failed_inputs += bool(result.errors)
        self.absorb(counts if counts is not None else tally(result.records))

    def absorb(self, counts: dict[str, Any]) -> None:
        """Add an input's tally: one analysed now, or one a resumed run kept from before."""
        self.sessions += int(counts.get("sessions", 0))
        self.sessions_with_rupture += int(counts.get("with_rupture", 0))
        self.episodes.update({str(key): int(value) for key, value in counts.get("episodes", {}).items()})
        self.significance.update({int(key): int(value) for key, value in counts.get("significance", {}).items()})
        self.repair.update({str(key): int(value) for key, value in counts.get("repair", {}).items()})

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "skipped_finished": self.skipped, "not_found": len(self.not_found),
                "sessions": self.sessions,
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
        total = self.inputs + self.skipped + len(self.not_found)
        failed = self.failed_inputs + len(self.not_found)
        table.add_row("inputs", f"{total}: {self.inputs - self.failed_inputs} analysed, {self.skipped} already "
                                f"finished (resumed), {failed} failed{skipped}")
        table.add_row("sessions", f"{self.sessions} ({self.sessions_with_rupture} with a rupture)")
        table.add_row("episodes", ", ".join(f"{count} {kind}" for kind, count in sorted(self.episodes.items()))
                      or "none")
        table.add_row("significance", "  ".join(f"{key}: {self.significance[key]}"
                                                for key in sorted(self.significance)) or "-")
        table.add_row("repair", ", ".join(f"{count} {status}" for status, count in sorted(self.repair.items()))
                      or "-")
        console.print(table)
        for failure in self.failures:  # one line each, however narrow the terminal: scripts grep for them
            console.print(f"  failed: {printable(failure)}", markup=False, highlight=False, soft_wrap=True)
