"""Results in SQLite (stdlib sqlite3): tables sessions, episodes and markers, one transaction per input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from rupturecli.sinks.base import Sink, source_of

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
  session_key INTEGER PRIMARY KEY,
  source TEXT NOT NULL, file TEXT NOT NULL, session_id TEXT, date TEXT, kind TEXT NOT NULL,
  turns INTEGER, client_turns INTEGER, episodes INTEGER, withdrawal INTEGER, confrontation INTEGER,
  ruptures_per_100 REAL, withdrawal_per_100 REAL, confrontation_per_100 REAL,
  mean_significance REAL, max_significance INTEGER, share_repaired REAL,
  resolved INTEGER, attempted INTEGER, unaddressed INTEGER, dominant_type TEXT, schema_version INTEGER
);
CREATE TABLE IF NOT EXISTS episodes (
  episode_key INTEGER PRIMARY KEY,
  session_key INTEGER NOT NULL REFERENCES sessions(session_key) ON DELETE CASCADE,
  number INTEGER, type TEXT, mixed INTEGER, start_turn INTEGER, end_turn INTEGER, significance INTEGER,
  significance_reasons TEXT, repair_status TEXT, repair_strategies TEXT, stage_reached INTEGER, stage_next INTEGER,
  approach TEXT, suggested_strategies TEXT
);
CREATE TABLE IF NOT EXISTS markers (
  episode_key INTEGER NOT NULL REFERENCES episodes(episode_key) ON DELETE CASCADE,
  marker_id TEXT, name TEXT, turn INTEGER, line INTEGER, quote TEXT, evidence_only INTEGER
);
CREATE INDEX IF NOT EXISTS sessions_source ON sessions(source);
CREATE INDEX IF NOT EXISTS episodes_session ON episodes(session_key);
CREATE INDEX IF NOT EXISTS markers_episode ON markers(episode_key);
"""


class SqliteSink(Sink):
    """Writes in place: each input's rows commit in one transaction, so a kill loses at most that input."""

    def __init__(self, path: Path, keep_sources: set[str] | None) -> None:
        self.connection = sqlite3.connect(str(path))
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.executescript(SCHEMA)
        with self.connection:
            if keep_sources is None:
                self.connection.execute("DELETE FROM sessions")
            else:
                stale = [row[0] for row in self.connection.execute("SELECT DISTINCT source FROM sessions")
                         if row[0] not in keep_sources]
                self.connection.executemany("DELETE FROM sessions WHERE source = ?", [(item,) for item in stale])
        self.pending = False

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        summary = record["summary"]
        per_100 = summary.get("per_100_units", {})
        if not self.pending:
            self.connection.execute("BEGIN")
            self.pending = True
        cursor = self.connection.execute(
            "INSERT INTO sessions (source, file, session_id, date, kind, turns, client_turns, episodes, withdrawal,"
            " confrontation, ruptures_per_100, withdrawal_per_100, confrontation_per_100, mean_significance,"
            " max_significance, share_repaired, resolved, attempted, unaddressed, dominant_type, schema_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source_of(record["file"]), record["file"], record.get("session_id"), record.get("date"), record["kind"],
             record["turns"], record["client_turns"], summary["episodes"], summary["withdrawal"],
             summary["confrontation"], summary["ruptures_per_100_units"], per_100.get("withdrawal"),
             per_100.get("confrontation"), summary.get("mean_significance"), summary["max_significance"],
             summary.get("share_repaired"), summary["resolved"], summary["attempted"], summary["unaddressed"],
             summary["dominant_type"], record.get("schema_version")))
        session_key = cursor.lastrowid
        for number, episode in enumerate(record["episodes"], start=1):
            stage = episode["stage"]
            cursor = self.connection.execute(
                "INSERT INTO episodes (session_key, number, type, mixed, start_turn, end_turn, significance,"
                " significance_reasons, repair_status, repair_strategies, stage_reached, stage_next, approach,"
                " suggested_strategies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_key, number, episode["type"], int(episode["mixed"]), episode["start_turn"],
                 episode["end_turn"], episode["significance"], json.dumps(episode["significance_reasons"]),
                 episode["repair"]["status"], " ".join(item["id"] for item in episode["repair"]["strategies"]),
                 stage["reached"], stage["next"], stage["approach"],
                 " ".join(item["id"] for item in stage["suggested_strategies"])))
            episode_key = cursor.lastrowid
            self.connection.executemany(
                "INSERT INTO markers VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(episode_key, marker["id"], marker["name"], marker["turn"], marker["line"], marker["quote"],
                  int(marker.get("evidence_only", False))) for marker in episode["markers"]])

    def flush(self) -> None:
        if self.pending:
            self.connection.execute("COMMIT")
            self.pending = False

    def close(self) -> None:
        self.flush()
        self.connection.close()

    def abort(self) -> None:
        if self.pending:
            self.connection.execute("ROLLBACK")
            self.pending = False
        self.connection.close()
