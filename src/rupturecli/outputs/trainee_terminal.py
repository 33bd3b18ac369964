"""`--by-therapist` in the terminal: per trainee, a row per transcript in date order, the pooled profile and the
trend (the figures and their wording are `analysis/trainees.py`'s, shared with the HTML and CSV views)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rupturecli.analysis.trainees import FILE_TIME_NOTE, dated, trend_text
from rupturecli.outputs.terminal import straining_text


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_trainees(summaries: list[dict[str, Any]], width: int = 100) -> str:
    """`--by-therapist`: per trainee, a row per session (in date order), the pooled profile and the trend."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False, emoji=False)
    if not summaries:
        console.print("No transcripts to profile (inputs read as narrative notes are left out of a trainee's profile).")
    for position, summary in enumerate(summaries):
        if position:
            console.print()
        count = len(summary["sessions"])
        table = Table(title=f"Therapist {summary['therapist']}: {count} transcript{'s' if count != 1 else ''}",
                      title_justify="left", header_style="bold", box=None, pad_edge=False)
        # the date and the figures keep set widths (their headers wrap); the transcript's name takes the rest,
        # whole when it fits and folded, never cut, when it does not
        for column, width in (("date", 11), ("transcript", None), ("ruptures per 100 client turns", 16),
                              ("after a straining move", 9), ("repaired", 8), ("more of same", 7),
                              ("straining per 100 therapist turns", 9)):
            table.add_column(column, overflow="fold", width=width, min_width=width,
                             ratio=1 if width is None else None)
        for point in summary["sessions"]:
            rate = point["straining_moves_per_100_therapist_turns"]
            table.add_row(dated(point), Path(point["file"]).name, f"{point['ruptures_per_100_client_turns']:g}",
                          _percent(point["contribution_rate"]), _percent(point["share_repaired"]),
                          str(point["more_of_same"]), "-" if rate is None else f"{rate:g}")
        console.print(table)
        if any(point.get("date_from") == "file time" for point in summary["sessions"]):
            console.print(Text(FILE_TIME_NOTE, style="dim"))
        profile, trend = summary["profile"], summary["trend"]
        delay = profile["median_turns_to_repair"]
        episodes = profile["episodes"]
        same = profile["more_of_same"]
        overall = (f"{episodes} episode{'s' if episodes != 1 else ''} "
                   f"({profile['ruptures_per_100_client_turns']:g} per 100 client turns), "
                   f"{_percent(profile['contribution_rate'])} after a straining move, "
                   f"{_percent(profile['share_repaired'])} repaired"
                   + (f", {same} met with more of the same" if same else ""))
        if delay is not None:
            overall += f", first repair a median of {delay:g} turn{'s' if delay != 1 else ''} after the rupture"
        straining = straining_text(profile)
        console.print(Text.assemble(("Overall: ", "bold"), overall + "." + (f" {straining}" if straining else "")))
        console.print(Text.assemble(("Trend: ", "bold"), trend_text(trend)))
    return buffer.getvalue()
