"""JSONL, episode CSV and session CSV outputs, streamed and resumable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rupturecli.analysis.report import counted_strategies
from rupturecli.outputs.sinks.base import PartialFile, Sink, Span, count_csv_rows, count_lines
from rupturecli.printable import spreadsheet_cell

EPISODE_COLUMNS = [
    "file", "session_id", "kind", "episode", "type", "mixed", "start_turn", "end_turn", "start_line", "significance",
    "markers", "repair_status", "repair_strategies", "stage_reached", "stage_next", "approach",
    "suggested_strategies", "significance_reasons", "speaker", "target", "confidence",
    "contribution", "moves_before", "turns_to_repair", "client_reengaged", "more_of_same",
]
SESSION_COLUMNS = [
    "file", "session_id", "date", "kind", "turns", "client_turns", "episodes", "withdrawal", "confrontation",
    "withdrawal_per_100", "confrontation_per_100", "ruptures_per_100", "mean_significance", "max_significance",
    "share_repaired", "resolved", "attempted", "unaddressed", "dominant_type", "members", "therapists",
    "contribution_rate", "clear_contribution_rate", "median_turns_to_repair", "more_of_same",
    "straining_moves_per_100_therapist_turns",
]


def json_line(record: dict[str, Any]) -> str:
    """A session's record as one JSON line: the one place a record becomes JSON Lines (file or standard output)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def csv_line(row: list[Any]) -> str:
    """One CSV row; a text cell a spreadsheet would run as a formula is neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue()


def episode_rows(record: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for number, episode in enumerate(record["episodes"], start=1):
        rupture_markers = [marker for marker in episode["markers"]]
        rows.append([
            record["file"], record.get("session_id") or "", record["kind"], number, episode["type"],
            episode["mixed"], episode["start_turn"], episode["end_turn"],
            min((marker["line"] for marker in rupture_markers), default=""), episode["significance"],
            " ".join(sorted({marker["id"] for marker in rupture_markers})), episode["repair"]["status"],
            counted_strategy_ids(episode),
            episode["stage"]["reached"] if episode["stage"]["reached"] is not None else "",
            episode["stage"]["next"] if episode["stage"]["next"] is not None else "",
            episode["stage"]["approach"],
            " ".join(item["id"] for item in episode["stage"]["suggested_strategies"]),
            "; ".join(episode["significance_reasons"]),
            *episode_direction(episode),
            episode.get("confidence", ""),
            *therapist_side_cells(episode),
        ])
    return rows


def counted_strategy_ids(episode: dict[str, Any]) -> str:
    """The ids of the strategies the repair verdict rests on (a model reading too weak to count left off)."""
    return " ".join(item["id"] for item in counted_strategies(episode))


def therapist_side_cells(episode: dict[str, Any]) -> list[Any]:
    """The therapist's side of an episode as flat cells: contribution, the moves before it (ids), turns to the
    first repair, whether the client re-engaged, whether more of the straining move followed (blank: not assessed)."""
    quality = episode.get("repair_quality") or {}

    def flag(value: Any) -> Any:
        return "" if value is None else bool(value)  # written as `mixed` is: True / False

    return [episode.get("contribution") or "", " ".join(dict.fromkeys(move["id"] for move in
                                                                     episode.get("moves_before") or [])),
            "" if quality.get("turns_to_repair") is None else quality["turns_to_repair"],
            flag(quality.get("client_reengaged")), flag(quality.get("more_of_same"))]


def therapist_summary_cells(record: dict[str, Any]) -> list[Any]:
    """The session's rupture-repair profile for the trainee, as flat cells (blank where it does not apply;
    the straining-move rate is blank unless the run read every therapist turn)."""
    profile = record["summary"].get("therapist") or {}
    return ["" if profile.get(name) is None else profile[name]
            for name in ("contribution_rate", "clear_contribution_rate", "median_turns_to_repair", "more_of_same",
                         "straining_moves_per_100_therapist_turns")]


def episode_direction(episode: dict[str, Any]) -> tuple[str, str]:
    """(speaker, target) of an episode: a group's episode says them; otherwise its first rupture marker does."""
    if episode.get("speaker"):
        return episode["speaker"], episode["target"]
    marker = next((marker for marker in episode["markers"] if not marker.get("evidence_only")), None)
    return (marker.get("speaker") or "", marker.get("target") or "") if marker else ("", "")


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
        "; ".join(record.get("members") or []), "; ".join(record.get("therapists") or []),
        *therapist_summary_cells(record),
    ]


class _FileSink(Sink):
    """A sink backed by one PartialFile; subclasses say how a record becomes lines."""

    header = ""

    def __init__(self, path: Path, resume_spans: list[Span] | None) -> None:
        self.file = PartialFile(path, resume_spans, header=self.header, count=self.count)

    @staticmethod
    def count(path: Path) -> int:
        return count_csv_rows(path)

    def lines(self, record: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def position(self) -> int:
        return self.file.position()

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        for line in self.lines(record):
            self.file.write(line)

    def flush(self) -> None:
        self.file.flush()

    def close(self, live: list[Span], expected: int) -> None:
        self.file.finish(live, expected)

    def abort(self) -> None:
        self.file.abort()


class JsonlSink(_FileSink):
    """One JSON record per line (every record carries schema_version)."""

    name = "jsonl"

    @staticmethod
    def count(path: Path) -> int:
        return count_lines(path)

    @staticmethod
    def units(record: dict[str, Any]) -> int:
        return 1

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [json_line(record)]


class EpisodeCsvSink(_FileSink):
    """One row per episode."""

    name = "episodes_csv"
    header = csv_line(EPISODE_COLUMNS)

    @staticmethod
    def units(record: dict[str, Any]) -> int:
        return len(record["episodes"])

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [csv_line(row) for row in episode_rows(record)]


class SessionCsvSink(_FileSink):
    """One row per session, with the per-session figures."""

    name = "sessions_csv"
    header = csv_line(SESSION_COLUMNS)

    @staticmethod
    def units(record: dict[str, Any]) -> int:
        return 1

    def lines(self, record: dict[str, Any]) -> list[str]:
        return [csv_line(session_row(record))]
