"""`--format json` (one document) and `--format jsonl` (one line per input file)."""

from __future__ import annotations

import json

from rupturecli.analysis.report import SessionReport


def render_json(reports: list[SessionReport]) -> str:
    """One file gives one object; several give {"files": [...]} so the shape never guesses."""
    records = [report.to_dict() for report in reports]
    document = records[0] if len(records) == 1 else {"files": records}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_jsonl(reports: list[SessionReport]) -> str:
    return "".join(json.dumps(report.to_dict(), ensure_ascii=False) + "\n" for report in reports)
