"""`--format json` (one document) and `--format jsonl` (one line per session, streamed and resumable)."""

from __future__ import annotations

import json
from typing import Any

from rupturecli.outputs.formats import ClientGroup, Record, ReportFormat
from rupturecli.outputs.sinks.files import JsonlSink, json_line


def json_text(document: Any) -> str:
    """Every JSON document the tool writes: indented, UTF-8 as it is, one newline at the end."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _document(records: list[Record]) -> str:
    """One session gives one object; several give {"files": [...]} so the shape never guesses."""
    return json_text(records[0] if len(records) == 1 else {"files": records})


def _clients(groups: list[ClientGroup], _reports: list[Any]) -> str:
    return json_text({"clients": [dict(summary, records=records) for summary, records in groups]})


def _client_lines(groups: list[ClientGroup], _reports: list[Any]) -> str:
    return "".join(json_line(record) for _, records in groups for record in records)


def _trainees(summaries: list[Record], _records: list[Record]) -> str:
    return json_text({"therapists": summaries})


JSON = ReportFormat("json", document=_document, clients=_clients, trainees=_trainees)
JSONL = ReportFormat("jsonl", sink=JsonlSink, line=json_line, clients=_client_lines)
