"""`--by-therapist` as HTML and CSV: a supervisor's page per trainee, and one row per transcript for a spreadsheet.

The numbers are `trainees.by_therapist`'s; these renderers only lay them out, so the terminal, JSON, HTML and CSV
views of a trainee never disagree.
"""

from __future__ import annotations

from html import escape
from typing import Any

from rupturecli.analysis.trainees import FILE_TIME_NOTE, dated, trend_text
from rupturecli.outputs.charts import REPAIR_COLOR, WIDTH, profile_svg
from rupturecli.outputs.html import page, session_section
from rupturecli.outputs.sinks.files import csv_line

CONTRIBUTION_COLOR = "#b26a00"
CSV_COLUMNS = ("therapist", "row", "file", "date", "date_from", "episodes", "ruptures_per_100_client_turns",
               "contribution_rate", "share_repaired", "median_turns_to_repair", "more_of_same",
               "straining_moves_per_100_therapist_turns", "trend_contribution", "trend_repair", "trend_straining_moves")


def trainee_trend_svg(trainee: dict[str, Any]) -> str:
    """Two lines across the trainee's transcripts in date order: share repaired, share after a straining move."""
    sessions = trainee["sessions"]
    count = max(1, len(sessions))
    left, right, top, bottom, height = 40, WIDTH - 40, 14, 130, 170
    slot = (right - left) / count
    parts = [f'<svg class="trainee-trend" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>Repair and straining moves across '
             f'{escape(trainee["therapist"])}\'s transcripts</title>',
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#9aa3b2"/>']
    for index, point in enumerate(sessions):
        centre = left + slot * (index + 0.5)
        label = point["date"] or f"#{index + 1}"
        parts.append(f'<text x="{centre:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
                     f'fill="#5a6272">{escape(label)}</text>')
    for key, color, name in (("share_repaired", REPAIR_COLOR, "repaired"),
                             ("contribution_rate", CONTRIBUTION_COLOR, "after a straining move")):
        points = [(left + slot * (index + 0.5), bottom - (bottom - top) * point[key], point[key])
                  for index, point in enumerate(sessions) if point[key] is not None]
        if len(points) > 1:
            path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y, _) in enumerate(points))
            parts.append(f'<path class="trainee-line" d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"><title>{value:.0%} {name}</title>'
                     '</circle>' for x, y, value in points)
    parts.append(f'<text x="{right + 4}" y="{top + 4}" font-size="10" fill="#444">100%</text>'
                 f'<text x="{right + 4}" y="{bottom}" font-size="10" fill="#444">0</text></svg>')
    return "".join(parts)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rate(point: dict[str, Any]) -> str:
    rate = point["straining_moves_per_100_therapist_turns"]
    return "-" if rate is None else f"{rate:g}"


def _trainee_card(trainee: dict[str, Any]) -> str:
    rows = "".join(f'<tr><td>{escape(dated(point))}</td><td>{escape(point["file"])}</td>'
                   f'<td>{point["episodes"]}</td><td>{point["ruptures_per_100_client_turns"]}</td>'
                   f'<td>{_share(point["contribution_rate"])}</td><td>{_share(point["share_repaired"])}</td>'
                   f'<td>{point["more_of_same"]}</td><td>{_rate(point)}</td></tr>' for point in trainee["sessions"])
    trend, profile = trainee["trend"], trainee["profile"]
    file_time = any(point.get("date_from") == "file time" for point in trainee["sessions"])
    note = f'<p class="note">{escape(FILE_TIME_NOTE)}</p>' if file_time else ""
    count = len(trainee["sessions"])
    return (f'<section class="card trainee"><h2>Therapist: {escape(trainee["therapist"])}</h2>'
            f'<p>{count} transcript{"s" if count != 1 else ""}; <b>Trend:</b> {escape(trend_text(trend))}</p>'
            f'<p><b>Rupture-repair profile, all transcripts</b> ({profile["episodes"]} ruptures, '
            f'{profile["ruptures_per_100_client_turns"]} per 100 client turns)</p>{profile_svg(profile)}'
            f'<p><b>Across transcripts</b> (<span style="color:{REPAIR_COLOR}">repaired</span>, '
            f'<span style="color:{CONTRIBUTION_COLOR}">after a straining move</span>)</p>{trainee_trend_svg(trainee)}'
            '<table><tr><th>date</th><th>transcript</th><th>ruptures</th><th>per 100 client turns</th>'
            '<th>after a straining move</th><th>repaired</th><th>met with more of the same</th>'
            '<th>straining moves per 100 therapist turns</th></tr>'
            f'{rows}</table>{note}</section>')


def render_trainees_html(trainees: list[dict[str, Any]], records: list[dict[str, Any]]) -> str:
    """Each trainee's card, then their transcripts' own sections, in the trainees' order."""
    by_file = {record["file"]: record for record in records}
    body = []
    for trainee in trainees:
        body.append(_trainee_card(trainee))
        body.extend(session_section(by_file[point["file"]]) for point in trainee["sessions"]
                    if point["file"] in by_file)
    return page("".join(body), len(records), "Trainee rupture-repair report")


def render_trainees_csv(trainees: list[dict[str, Any]]) -> str:
    """One row per transcript (row=session) and one per trainee (row=profile, with the trend)."""
    lines = [csv_line(list(CSV_COLUMNS))]
    for trainee in trainees:
        rows = [{"row": "session", **point} for point in trainee["sessions"]]
        rows.append({"row": "profile", **trainee["profile"], "trend_contribution": trainee["trend"]["contribution"],
                     "trend_repair": trainee["trend"]["repair"],
                     "trend_straining_moves": trainee["trend"]["straining_moves"]})
        for row in rows:
            row["therapist"] = trainee["therapist"]
            lines.append(csv_line(["" if row.get(key) is None else row[key] for key in CSV_COLUMNS]))
    return "".join(lines)
