"""`--format csv`: one row per episode (streamed and resumable); with --by-therapist, the trainees' table."""

from __future__ import annotations

from rupturecli.outputs.formats import Record, ReportFormat
from rupturecli.outputs.sinks.files import EPISODE_COLUMNS, EpisodeCsvSink, csv_line, episode_rows


def _episode_lines(record: Record) -> str:
    return "".join(csv_line(row) for row in episode_rows(record))


def _trainees(summaries: list[Record], _records: list[Record]) -> str:
    from rupturecli.outputs.trainees import render_trainees_csv

    return render_trainees_csv(summaries)


CSV = ReportFormat("csv", sink=EpisodeCsvSink, line=_episode_lines, header=csv_line(EPISODE_COLUMNS),
                   trainees=_trainees)
