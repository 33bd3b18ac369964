"""JSONL, episode CSV and session CSV outputs, streamed and resumable."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rupturecli.sinks.base import PartialFile, Sink, source_of

EPISODE_COLUMNS = [
    "file", "session_id", "kind", "episode", "type", "mixed", "start_turn", "end_turn", "start_line", "significance",
    "markers", "repair_status", "repair_strategies", "stage_reached", "stage_next", "approach",
    "suggested_strategies", "significance_reasons",
]
SESSION_COLUMNS = [
    "file", "session_id", "date", "kind", "turns", "client_turns", "episodes", "withdrawal", "confrontation",
    "withdrawal_per_100", "confrontation_per_100", "ruptures_per_100", "mean_significance", "max_significance",
    "share_repaired", "resolved", "attempted", "unaddressed", "dominant_type",
]


def _csv_line(row: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def _first_cell(line: str) -> str:
    return next(csv.reader([line]))[0] if line.strip() else ""


def episode_rows(record: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for number, episode in enumerate(record["episodes"], start=1):
        rupture_markers = [marker for marker in episode["markers"]]
        rows.append([
            record["file"], record.get("session_id") or "", record["kind"], number, episode["type"],
            episode["mixed"], episode["start_turn"], episode["end_turn"],
            min((marker["line"] for marker in rupture_markers), default=""), episode["significance"],
            " ".join(sorted({marker["id"] for marker in rupture_markers})), episode["repair"]["status"],
            " ".join(item["id"] for item in episode["repair"]["strategies"]),
            episode["stage"]["reached"] if episode["stage"]["reached"] is not None else "",
            episode["stage"]["next"] if episode["stage"]["next"] is not None else "",
            episode["stage"]["approach"],
            " ".join(item["id"] for item in episode["stage"]["suggested_strategies"]),
            "; ".join(episode["significance_reasons"]),
        ])
    return rows


def session_row(record: dict[str, Any]) -> list[Any]:
    summary = record["summary"]
    per_100 = summary.get("per_100_units", {})

    def blank(value: Any) -> Any:
        return "" if value is None else value

    return [
        record["file"], record.get("session_id") or "", record.get("date") or "", record["kind"], record["turns"],
        record["client_turns"], summary["episodes"], summary["withdrawal"], summary["confrontation"],
        per_100.get("withdrawal", 0.0), per_100.get("confrontation", 0.0), summary["ruptures_per_100_units"],
        blank(summary.get("mean_significance")), summary["max_significance"], blank(summary.get("share_repaired")),
        summary["resolved"], summary["attempted"], summary["unaddressed"], blank(summary["dominant_type"]),
    ]


class _FileSink(Sink):
    """A sink backed by one PartialFile; subclasses say how a record becomes lines."""

    header = ""

    def __init__(self, path: Path, keep_sources: set[str] | None) -> None:
        keep = None if keep_sources is None else _keeper(keep_sources, self.file_of_line)
        self.file = PartialFile(path, keep, header=self.header)

    @staticmethod
    def file_of_line(line: str) -> str:
        return _first_cell(line)

    def lines(self, record: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        for line in self.lines(record):
            self.file.write(line)

    def flush(self) -> None:
        self.file.flush()

    def close(self) -> None:
        self.file.finish()

    def abort(self) -> None:
        self.file.abort()


class JsonlSink(_FileSink):
    """One JSON record per line (every record carries schema_version)."""

    @staticmethod
    def file_of_line(line: str) -> str:
        return json.loads(line)["file"]

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [json.dumps(record, ensure_ascii=False) + "\n"]


class EpisodeCsvSink(_FileSink):
    """One row per episode."""

    header = _csv_line(EPISODE_COLUMNS)

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [_csv_line(row) for row in episode_rows(record)]


class SessionCsvSink(_FileSink):
    """One row per session, with the per-session figures."""

    header = _csv_line(SESSION_COLUMNS)

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [_csv_line(session_row(record))]


def _keeper(keep_sources: set[str], file_of: Callable[[str], str]) -> Callable[[str], bool]:
    def keep(line: str) -> bool:
        try:
            return source_of(file_of(line)) in keep_sources
        except (ValueError, KeyError, IndexError, StopIteration):
            return False

    return keep
