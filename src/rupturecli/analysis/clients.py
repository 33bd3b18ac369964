"""Across sessions: group a client's sessions, order them by date, and follow ruptures over time.

Recurrence is what tells an immediate repair from an exploratory one, so each session is analysed
knowing which markers the client's previous sessions showed, in a row.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rupturecli.analysis.analyze import analyze_session
from rupturecli.analysis.report import SessionReport
from rupturecli.parsing.labels import normalise_label
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session

ISO_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
DAY_FIRST_IN_NAME = re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.](\d{4})(?!\d)")
# How much an episode weighs on the alliance index, by repair status (a heuristic, documented).
STRAIN = {"unaddressed": 8, "attempted": 5, "resolved": 2}
TRAJECTORY_STEP = 10  # alliance-index points that count as a change between sessions


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def session_date(session: Session) -> tuple[dt.date | None, str]:
    """The session's date and where it came from: YAML `date`, a date in the file name, or the file time."""
    if session.date:
        try:
            return dt.date.fromisoformat(str(session.date)[:10]), "notes"
        except ValueError:
            pass
    name = Path(session.file.split("#", 1)[0]).name
    found = ISO_IN_NAME.search(name)
    if found and (date := _valid(int(found[1]), int(found[2]), int(found[3]))):
        return date, "file name"
    found = DAY_FIRST_IN_NAME.search(name)
    if found and (date := _valid(int(found[3]), int(found[2]), int(found[1]))):
        return date, "file name"
    if found and (date := _valid(int(found[3]), int(found[1]), int(found[2]))):
        return date, "file name (month first)"  # 12-31-2025: only a US date reads; 05-03-2025 stays day first
    try:
        return dt.date.fromtimestamp(os.stat(session.file.split("#", 1)[0]).st_mtime), "file time"
    except OSError:
        return None, "unknown"


def client_of(session: Session, override: str | None) -> str:
    """--client, else the YAML `client:` field, else the folder the file is in."""
    if override:
        return override
    if session.client:
        return session.client
    return Path(session.file.split("#", 1)[0]).resolve().parent.name or "client"


@dataclass
class SessionPoint:
    file: str
    date: str | None
    date_source: str
    episodes: int
    withdrawal: int
    confrontation: int
    resolved: int
    alliance_index: int
    markers: list[str]


@dataclass
class ClientSummary:
    client: str
    sessions: list[SessionPoint] = field(default_factory=list)

    def recurring(self) -> list[dict[str, Any]]:
        """Markers seen in two or more sessions, with their longest run of consecutive sessions."""
        found: dict[str, dict[str, int]] = {}
        for position, point in enumerate(self.sessions):
            for marker in point.markers:
                entry = found.setdefault(marker, {"sessions": 0, "longest_run": 0, "run": 0, "last": -2})
                entry["sessions"] += 1
                entry["run"] = entry["run"] + 1 if entry["last"] == position - 1 else 1
                entry["longest_run"] = max(entry["longest_run"], entry["run"])
                entry["last"] = position
        return [{"marker": marker, "sessions": entry["sessions"], "longest_run": entry["longest_run"]}
                for marker, entry in sorted(found.items(), key=lambda item: (-item[1]["sessions"], item[0]))
                if entry["sessions"] >= 2]

    def repair_trend(self) -> dict[str, Any]:
        """Share of episodes resolved in the earlier versus the later half of the sessions."""
        half = len(self.sessions) // 2
        if half == 0:
            return {"direction": "not enough sessions", "earlier": None, "later": None}

        def share(points: list[SessionPoint]) -> float | None:
            total = sum(point.episodes for point in points)
            return round(sum(point.resolved for point in points) / total, 2) if total else None

        earlier, later = share(self.sessions[:half]), share(self.sessions[-half:])
        if earlier is None or later is None:
            direction = "not enough ruptures"
        elif later > earlier + 0.1:
            direction = "repaired more often over time"
        elif later < earlier - 0.1:
            direction = "repaired less often over time"
        else:
            direction = "about the same"
        return {"direction": direction, "earlier": earlier, "later": later}

    def trajectory(self) -> dict[str, Any]:
        """The alliance index's shape over the sessions, in words, always ending on the last session."""
        values = [point.alliance_index for point in self.sessions]
        direction, description = describe_trajectory(values)
        return {"alliance_index": values, "direction": direction, "description": description}

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "sessions": [point.__dict__ for point in self.sessions],
            "recurring_markers": self.recurring(),
            "repair_trend": self.repair_trend(),
            "trajectory": self.trajectory(),
        }


def _compared(last: int, first: int) -> str:
    if abs(last - first) < TRAJECTORY_STEP / 2:
        return f"level with the first ({first})"
    return f"{'above' if last > first else 'below'} the first ({first})"


def describe_trajectory(values: list[int]) -> tuple[str, str]:
    """(direction, description): steady, improving, worsening, or a dip and whether it recovered.

    A half-versus-half average hides a dip that recovered (96, 84, 52, 96 is not 'worsening'), so the
    description names the lowest session and says where the last one stands.
    """
    if len(values) < 2:
        return "not enough sessions", "not enough sessions"
    first, last = values[0], values[-1]
    low = min(values)
    low_at = values.index(low)
    ending = f"last session {last}, {_compared(last, first)}"
    if max(values) - low < TRAJECTORY_STEP:
        return "steady", f"steady; {ending}"
    if 0 < low_at < len(values) - 1 and low <= min(first, last) - TRAJECTORY_STEP:
        back = next((position for position in range(low_at + 1, len(values))
                     if values[position] >= first - TRAJECTORY_STEP / 2), None)
        if back is not None and last >= first - TRAJECTORY_STEP / 2:
            return "recovered", f"dip at session {low_at + 1} ({low}), recovered by session {back + 1}; {ending}"
        if back is not None:
            return ("worsening" if last <= first - TRAJECTORY_STEP else "uneven",
                    f"dip at session {low_at + 1} ({low}), recovered by session {back + 1}, then fell again; {ending}")
        return ("worsening" if last <= first - TRAJECTORY_STEP else "partly recovered",
                f"dip at session {low_at + 1} ({low}), only partly recovered; {ending}")
    if last >= first + TRAJECTORY_STEP:
        return "improving", f"improving; {ending}"
    if last <= first - TRAJECTORY_STEP:
        return "worsening", f"worsening; {ending}"
    return "uneven", f"uneven, no lasting change; {ending}"


def alliance_index(report: SessionReport) -> int:
    """100 is a session without strain; each episode lowers it by significance times its repair weight."""
    strain = sum(item.episode.significance * STRAIN[item.repair.status] for item in report.episodes)
    return max(0, 100 - strain)


def clients_in(session: Session, override: str | None) -> list[str]:
    """Whose sessions this is: in a group, each member (the member's label is their client id; with --client,
    that member); otherwise the one client (`client_of`)."""
    if not session.is_group:
        return [client_of(session, override)]
    if override:
        wanted = normalise_label(override)
        named = [member for member in session.members if normalise_label(member) == wanted]
        return named or [override]
    return list(session.members)


def member_report(report: SessionReport, member: str) -> SessionReport:
    """A group session as one member's: their own episodes and those directed at them, with the group's figures."""
    if not report.session.is_group or member not in report.session.members:
        return report
    kept = tuple(item for item in report.episodes
                 if item.episode.speaker == member or item.episode.target == f"member:{member}")
    return replace(report, episodes=kept)


def _own(report: SessionReport, member: str) -> SessionReport:
    """Only the member's own episodes: what their timeline counts."""
    if not report.session.is_group or member not in report.session.members:
        return report
    return replace(report, episodes=tuple(item for item in report.episodes if item.episode.speaker == member))


def analyze_by_client(sessions: Iterable[Session], rules: RuleSet,
                      client_override: str | None = None) -> list[tuple[ClientSummary, list[SessionReport]]]:
    """Each client's sessions in date order, each analysed with the markers of the sessions before it.

    A group session is in each member's sessions: the member's own episodes count toward their figures."""
    grouped: dict[str, list[tuple[dt.date | None, str, Session]]] = {}
    for session in sessions:
        date, source = session_date(session)
        for client in clients_in(session, client_override):
            grouped.setdefault(client, []).append((date, source, session))
    results = []
    for client in sorted(grouped):
        ordered = sorted(grouped[client], key=lambda item: (item[0] or dt.date.min, item[2].file))
        summary = ClientSummary(client)
        reports: list[SessionReport] = []
        streaks: dict[str, int] = {}
        for date, source, session in ordered:
            whole = analyze_session(session, rules, streaks)
            reports.append(member_report(whole, client))
            report = _own(whole, client)
            markers = sorted({hit.marker_id for item in report.episodes for hit in item.episode.hits
                              if not hit.evidence_only})
            streaks = {marker: streaks.get(marker, 0) + 1 for marker in markers}
            counts = report.summary()
            summary.sessions.append(SessionPoint(
                session.file, date.isoformat() if date else None, source, counts["episodes"],
                counts["withdrawal"], counts["confrontation"], counts["resolved"], alliance_index(report), markers))
        results.append((summary, reports))
    return results
