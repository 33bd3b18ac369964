"""A trainee's rupture-repair profile across their transcripts (`--by-therapist`): one folder per trainee.

Each session contributes its own profile (report.summary()["therapist"]); the trainee's summary pools the
episodes, and the trend compares the earlier half of their sessions with the later half, in date order (with an
odd number, the middle one in neither).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from statistics import median
from typing import Any

from rupturecli.analysis.clients import session_date
from rupturecli.analysis.report import SessionReport

TREND_STEP = 0.15  # a change in a share smaller than this is "steady"
STRAIN_STEP = 5.0  # ... and in straining moves per 100 therapist turns
NO_TREND = "one session: no trend yet"
FILE_TIME_NOTE = ("* the file's modification time (no date in the notes or the file name): the order, and so the "
                  "trend, may not be the order of the sessions")


def therapist_of(report: SessionReport) -> str:
    """The trainee a transcript belongs to: the folder it sits in (a folder per trainee, transcripts directly in
    it), read as the path was given: a cohort folder (`2025/alex/`) or a linked folder keeps its own name."""
    parent = Path(report.session.file.split("#", 1)[0]).parent.name
    return parent or "(current folder)"


def _share(count: int, total: int) -> float | None:
    return round(count / total, 3) if total else None


def _pooled(reports: list[SessionReport]) -> dict[str, Any]:
    episodes = [item for report in reports for item in report.episodes]
    sides = [item.therapist for item in episodes if item.therapist is not None]
    client_turns = sum(report.unit_count for report in reports)
    delays = [side.turns_to_repair for side in sides if side.turns_to_repair is not None]
    read = [report.straining for report in reports if report.straining is not None and report.straining.therapist_turns]
    therapist_turns = sum(item.therapist_turns for item in read)
    straining = round(100 * sum(len(item.turns) for item in read) / therapist_turns, 1) if therapist_turns else None
    return {
        "episodes": len(episodes),
        "ruptures_per_100_client_turns": round(100 * len(episodes) / client_turns, 1) if client_turns else 0.0,
        "contribution_rate": _share(sum(1 for side in sides if side.contribution != "none"), len(sides)),
        "share_repaired": _share(sum(1 for item in episodes if item.repair.status == "resolved"), len(episodes)),
        "median_turns_to_repair": median(delays) if delays else None,
        "more_of_same": sum(1 for side in sides if side.more_of_same),
        "straining_moves_per_100_therapist_turns": straining,
        "straining_moves": dict(sorted(sum((Counter(item.by_move) for item in read), Counter()).items()))
        if read else None,  # None, as in a session's profile, when no therapist turn was read
    }


def _direction(earlier: float | None, later: float | None, higher_is_better: bool, step: float = TREND_STEP,
               missing: str = "not enough ruptures to tell") -> str:
    if earlier is None or later is None:
        return missing
    change = later - earlier if higher_is_better else earlier - later
    if abs(change) < step:
        return "steady"
    return "improving" if change > 0 else "worsening"


def trainee_summary(name: str, reports: list[SessionReport]) -> dict[str, Any]:
    """Sessions in date order (then name), each with its profile, the pooled profile and the trend."""
    dates = {id(report): session_date(report.session) for report in reports}
    ordered = sorted(reports, key=lambda report: (dates[id(report)][0] is None, str(dates[id(report)][0] or ""),
                                                  report.session.file))
    sessions = [{"file": report.session.file, "date": str(dates[id(report)][0]) if dates[id(report)][0] else None,
                 "date_from": dates[id(report)][1], **_pooled([report])} for report in ordered]
    half = len(ordered) // 2  # with an odd number the middle transcript is in neither half: 100%, 50%, 100% is steady
    earlier, later = _pooled(ordered[:half]), _pooled(ordered[len(ordered) - half:])
    trend = {
        "contribution": _direction(earlier["contribution_rate"], later["contribution_rate"], higher_is_better=False),
        "repair": _direction(earlier["share_repaired"], later["share_repaired"], higher_is_better=True),
        "straining_moves": _direction(earlier["straining_moves_per_100_therapist_turns"],
                                      later["straining_moves_per_100_therapist_turns"], higher_is_better=False,
                                      step=STRAIN_STEP,
                                      missing="not enough transcripts with therapist turns to tell"),
    } if half else {key: NO_TREND for key in ("contribution", "repair", "straining_moves")}
    return {"therapist": name, "sessions": sessions, "profile": _pooled(ordered), "trend": trend}


def by_therapist(reports: Iterable[SessionReport]) -> list[dict[str, Any]]:
    """One summary per trainee folder, in name order. Transcripts only: a note counts sentences, not client turns
    (`notes_left_out`)."""
    grouped: dict[str, list[SessionReport]] = {}
    for report in reports:
        if report.session.kind == "transcript":
            grouped.setdefault(therapist_of(report), []).append(report)
    return [trainee_summary(name, grouped[name]) for name in sorted(grouped)]


def notes_left_out(reports: Iterable[SessionReport]) -> int:
    """Narrative notes among the inputs, which a trainee's profile leaves out."""
    return sum(1 for report in reports if report.session.kind != "transcript")


def dated(point: dict[str, Any]) -> str:
    """A transcript's date as a table shows it, marked (FILE_TIME_NOTE) when it is only the file's modification
    time: a copied or edited file gets a new one, and the trend follows date order."""
    if not point["date"]:
        return "?"
    return point["date"] + ("*" if point.get("date_from") == "file time" else "")


def trend_text(trend: dict[str, str]) -> str:
    """The trend line; with a single transcript there is none to give, said once rather than for each figure."""
    if len(set(trend.values())) == 1 and next(iter(trend.values())) == NO_TREND:
        return "one transcript, no trend yet."
    return (f"straining moves before ruptures {trend['contribution']}; repair {trend['repair']}; straining moves "
            f"in all therapist turns {trend['straining_moves']}.")
