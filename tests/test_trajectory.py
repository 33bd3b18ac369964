"""Across sessions: the alliance trajectory describes its shape and says where the last session stands."""

from __future__ import annotations

import io

from rich.console import Console

from rupturecli.analysis.clients import ClientSummary, SessionPoint
from rupturecli.outputs.terminal import render_client


def client_report(values: list[int]) -> str:
    summary = ClientSummary("rowan", [SessionPoint(f"s{number}.txt", f"2026-03-0{number}", "notes", 1, 1, 0, 0,
                                                   value, []) for number, value in enumerate(values, start=1)])
    buffer = io.StringIO()
    render_client(Console(file=buffer, width=200, color_system=None), summary.to_dict())
    return buffer.getvalue()


def test_a_dip_that_recovered_fully_is_not_worsening() -> None:
    text = client_report([96, 84, 52, 96])
    assert "worsening" not in text
    assert "dip at session 3 (52), recovered by session 4" in text
    assert "last session 96" in text


def test_steady_improving_and_worsening_say_so_with_the_last_session() -> None:
    assert "steady; last session 95" in client_report([96, 90, 95])
    assert "improving; last session 88" in client_report([60, 72, 88])
    assert "worsening; last session 58" in client_report([96, 80, 58])


def test_a_session_date_in_the_file_name_reads_day_first_unless_only_month_first_can() -> None:
    import datetime as dt

    from rupturecli.analysis.clients import session_date
    from rupturecli.session import Session

    def date_of(name: str) -> tuple[dt.date | None, str]:
        return session_date(Session(file=f"/nowhere/{name}", kind="transcript", turns=()))

    assert date_of("2025-03-05-s.txt") == (dt.date(2025, 3, 5), "file name")
    assert date_of("05-03-2025-s.txt") == (dt.date(2025, 3, 5), "file name")  # day first when both read
    assert date_of("12-31-2025-s.txt") == (dt.date(2025, 12, 31), "file name (month first)")
    assert date_of("31-31-2025-s.txt") == (None, "unknown")  # no date, and no file to take the time of
