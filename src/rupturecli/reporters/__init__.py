"""Reporters render finished SessionReports; they never analyse. One module per format."""

from __future__ import annotations

from collections.abc import Callable

from rupturecli.report import SessionReport
from rupturecli.reporters.jsonfmt import render_json, render_jsonl
from rupturecli.reporters.terminal import render_terminal

Renderer = Callable[[list[SessionReport]], str]

REPORTERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "json": render_json,
    "jsonl": render_jsonl,
}

__all__ = ["REPORTERS", "Renderer"]
