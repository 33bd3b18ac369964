"""Results in SQLite (stdlib sqlite3): tables sessions, episodes and markers, one transaction per input."""

from __future__ import annotations

import bisect
import functools
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rupturecli.errors import OutputError, RuptureError
from rupturecli.outputs.sinks.base import CannotResume, IncompleteOutput, Sink, Span, record_source
from rupturecli.outputs.sinks.files import (
    counted_strategy_ids,
    episode_direction,
    therapist_side_cells,
    therapist_summary_cells,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
  session_key INTEGER PRIMARY KEY,
  source TEXT NOT NULL, file TEXT NOT NULL, session_id TEXT, date TEXT, kind TEXT NOT NULL,
  turns INTEGER, client_turns INTEGER, episodes INTEGER, withdrawal INTEGER, confrontation INTEGER,
  ruptures_per_100 REAL, withdrawal_per_100 REAL, confrontation_per_100 REAL,
  mean_significance REAL, max_significance INTEGER, share_repaired REAL,
  resolved INTEGER, attempted INTEGER, unaddressed INTEGER, dominant_type TEXT, schema_version INTEGER,
  contribution_rate REAL, clear_contribution_rate REAL, median_turns_to_repair REAL, more_of_same INTEGER,
  straining_moves_per_100_therapist_turns REAL
);
CREATE TABLE IF NOT EXISTS episodes (
  episode_key INTEGER PRIMARY KEY,
  session_key INTEGER NOT NULL REFERENCES sessions(session_key) ON DELETE CASCADE,
  number INTEGER, type TEXT, mixed INTEGER, start_turn INTEGER, end_turn INTEGER, significance INTEGER,
  significance_reasons TEXT, repair_status TEXT, repair_strategies TEXT, stage_reached INTEGER, stage_next INTEGER,
  approach TEXT, suggested_strategies TEXT, speaker TEXT, target TEXT, confidence TEXT,
  contribution TEXT, moves_before TEXT, turns_to_repair INTEGER, client_reengaged INTEGER, more_of_same INTEGER
);
CREATE TABLE IF NOT EXISTS markers (
  episode_key INTEGER NOT NULL REFERENCES episodes(episode_key) ON DELETE CASCADE,
  marker_id TEXT, name TEXT, turn INTEGER, line INTEGER, quote TEXT, evidence_only INTEGER, speaker TEXT, target TEXT,
  source TEXT, score REAL, strength TEXT
);
CREATE TABLE IF NOT EXISTS members (
  session_key INTEGER NOT NULL REFERENCES sessions(session_key) ON DELETE CASCADE,
  name TEXT, role TEXT, turns INTEGER, words INTEGER, share_of_words REAL, silences INTEGER,
  longest_silence INTEGER, talked_over INTEGER, episodes INTEGER, withdrawal INTEGER, confrontation INTEGER,
  toward_therapist INTEGER, toward_member INTEGER, toward_group INTEGER, ruptures_toward_them INTEGER,
  repairs_made INTEGER, withdrew_after_turn INTEGER
);
CREATE INDEX IF NOT EXISTS members_session ON members(session_key);
CREATE INDEX IF NOT EXISTS sessions_source ON sessions(source);
CREATE INDEX IF NOT EXISTS episodes_session ON episodes(session_key);
CREATE INDEX IF NOT EXISTS markers_episode ON markers(episode_key);
"""


# columns added since the first release (with their types): a database written by an older version gains them
# when reused
NEW_COLUMNS = {
    "sessions": {"contribution_rate": "REAL", "clear_contribution_rate": "REAL", "median_turns_to_repair": "REAL",
                 "more_of_same": "INTEGER", "straining_moves_per_100_therapist_turns": "REAL"},
    "episodes": {"speaker": "TEXT", "target": "TEXT", "confidence": "TEXT", "contribution": "TEXT",
                 "moves_before": "TEXT", "turns_to_repair": "INTEGER", "client_reengaged": "INTEGER",
                 "more_of_same": "INTEGER"},
    "markers": {"speaker": "TEXT", "target": "TEXT", "source": "TEXT", "score": "REAL", "strength": "TEXT"},
}


def _named(method: Callable[..., Any]) -> Callable[..., Any]:
    """SQLite's own errors ('database or disk is full') become one line naming the database."""

    @functools.wraps(method)
    def wrapper(self: SqliteSink, *arguments: Any, **keywords: Any) -> Any:
        try:
            return method(self, *arguments, **keywords)
        except sqlite3.Error as error:
            raise OutputError(f"cannot write the database: {error}", self.path) from None

    return wrapper


def member_rows(session_key: int, record: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per member and therapist; a group's members with their participation and ruptures."""
    group = record.get("group") or {}
    profiles = {item["member"]: item for item in group.get("participation", [])}
    counts = {item["member"]: item for item in group.get("per_member", [])}
    withdrew = {item["member"]: item["after_turn"] for item in group.get("withdrew", [])}
    rows = []
    for name in record.get("members") or []:
        profile, own = profiles.get(name, {}), counts.get(name, {})
        rows.append((session_key, name, "member", profile.get("turns"), profile.get("words"),
                     profile.get("share_of_words"), profile.get("silences"), profile.get("longest_silence_turns"),
                     profile.get("talked_over"), own.get("episodes"), own.get("withdrawal"), own.get("confrontation"),
                     own.get("toward_therapist"), own.get("toward_member"), own.get("toward_group"),
                     own.get("ruptures_toward_them"), own.get("repairs_made"), withdrew.get(name)))
    rows += [(session_key, name, "therapist", *([None] * 15)) for name in record.get("therapists") or []]
    return rows


class SqliteSink(Sink):
    """Writes in place, one transaction per checkpoint: a kill loses at most the inputs since the last one.

    Positions are session keys: the rows of one input are a range of keys, so a resumed run deletes
    exactly the rows of inputs that did not finish.
    """

    name = "sqlite"

    @_named
    def __init__(self, path: Path, resume_spans: list[Span] | None) -> None:
        self.path = Path(path)
        if self.path.is_symlink():
            raise RuptureError("is a symbolic link; --db writes only to a real file (give the path it points to)",
                               self.path)
        self.connection = sqlite3.connect(str(path), check_same_thread=False)  # the checkpoint clock commits
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.executescript(SCHEMA)
        self._add_new_columns()
        stale = [] if resume_spans is None else self._stale(resume_spans)
        self.replaced = 0  # sessions an earlier run wrote that a new run removes (said in a note)
        with self.connection:
            if resume_spans is None:
                self.replaced = self.connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
                self.connection.execute("DELETE FROM sessions")
            else:
                self.connection.executemany("DELETE FROM sessions WHERE session_key = ?", stale)
        last = self.connection.execute("SELECT MAX(session_key) FROM sessions").fetchone()[0]
        self.next_key = max([(last or 0) + 1] + [end for _, end in resume_spans or []])
        self.pending = False

    def _add_new_columns(self) -> None:
        """A database written by an older version gains the columns added since (speaker, target...)."""
        for table, columns in NEW_COLUMNS.items():
            present = {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}
            for column, kind in columns.items():
                if column not in present:
                    self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def _stale(self, spans: list[Span]) -> list[tuple[int]]:
        """The rows of inputs a killed run did not finish; a missing row means we cannot resume."""
        live = sorted((start, end) for start, end in spans if end > start)
        starts = [start for start, _ in live]
        stale, kept = [], 0
        for (key,) in self.connection.execute("SELECT session_key FROM sessions"):
            where = bisect.bisect_right(starts, key) - 1
            if where >= 0 and key < live[where][1]:
                kept += 1
            else:
                stale.append((key,))
        if kept != sum(end - start for start, end in live):
            self.connection.close()
            raise CannotResume(str(self.path))
        return stale

    def position(self) -> int:
        return self.next_key

    @_named
    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        summary = record["summary"]
        per_100 = summary.get("per_100_units", {})
        if not self.pending:
            self.connection.execute("BEGIN")
            self.pending = True
        cursor = self.connection.execute(
            "INSERT INTO sessions (session_key, source, file, session_id, date, kind, turns, client_turns, episodes,"
            " withdrawal, confrontation, ruptures_per_100, withdrawal_per_100, confrontation_per_100,"
            " mean_significance, max_significance, share_repaired, resolved, attempted, unaddressed, dominant_type,"
            " schema_version, contribution_rate, clear_contribution_rate, median_turns_to_repair, more_of_same,"
            " straining_moves_per_100_therapist_turns)"
            f" VALUES ({', '.join('?' * 27)})",
            (self.next_key, record_source(record), record["file"], record.get("session_id"), record.get("date"),
             record["kind"], record["turns"], record["client_turns"], summary["episodes"], summary["withdrawal"],
             summary["confrontation"], summary["ruptures_per_100_units"], per_100.get("withdrawal"),
             per_100.get("confrontation"), summary.get("mean_significance"), summary["max_significance"],
             summary.get("share_repaired"), summary["resolved"], summary["attempted"], summary["unaddressed"],
             summary["dominant_type"], record.get("schema_version"),
             *(cell if cell != "" else None for cell in therapist_summary_cells(record))))
        session_key = self.next_key
        self.next_key += 1
        for number, episode in enumerate(record["episodes"], start=1):
            stage = episode["stage"]
            cursor = self.connection.execute(
                "INSERT INTO episodes (session_key, number, type, mixed, start_turn, end_turn, significance,"
                " significance_reasons, repair_status, repair_strategies, stage_reached, stage_next, approach,"
                " suggested_strategies, speaker, target, confidence, contribution, moves_before, turns_to_repair,"
                " client_reengaged, more_of_same)"
                f" VALUES ({', '.join('?' * 22)})",
                (session_key, number, episode["type"], int(episode["mixed"]), episode["start_turn"],
                 episode["end_turn"], episode["significance"], json.dumps(episode["significance_reasons"]),
                 episode["repair"]["status"], counted_strategy_ids(episode),
                 stage["reached"], stage["next"], stage["approach"],
                 " ".join(item["id"] for item in stage["suggested_strategies"]), *episode_direction(episode),
                 episode.get("confidence"), *(cell if cell != "" else None for cell in therapist_side_cells(episode))))
            episode_key = cursor.lastrowid
            self.connection.executemany(
                "INSERT INTO markers (episode_key, marker_id, name, turn, line, quote, evidence_only, speaker, target,"
                " source, score, strength) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(episode_key, marker["id"], marker["name"], marker["turn"], marker["line"], marker["quote"],
                  int(marker.get("evidence_only", False)), marker.get("speaker"), marker.get("target"),
                  marker.get("source"), marker.get("score"), marker.get("strength"))
                 for marker in episode["markers"]])
        self.connection.executemany(
            f"INSERT INTO members VALUES ({', '.join('?' * 18)})", member_rows(session_key, record))

    @_named
    def flush(self) -> None:
        if self.pending:
            self.connection.execute("COMMIT")
            self.pending = False

    @_named
    def close(self, live: list[Span], expected: int) -> None:
        self.flush()
        found = self.connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        self.connection.close()
        if found != expected:
            raise IncompleteOutput(f"holds {found} sessions where the finished inputs made {expected}", self.path)

    def abort(self) -> None:
        if self.pending:
            self.connection.execute("ROLLBACK")
            self.pending = False
        self.connection.close()
