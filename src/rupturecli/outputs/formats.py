"""The one table from `--format` to what writes it. Adding a format is one module and one line here.

A format module defines a `ReportFormat` (for `rupture analyze`) or a `FindingFormat` (for `rupture check`)
with the parts it can do; a run asks for the part its mode needs (a whole document, a streaming sink, lines on
standard output, the live terminal, a view across a client's sessions or a trainee's) and, when the format lacks
it, says which formats have it. Modules are imported only when their format is used: a short note starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from rupturecli.analysis.report import SessionReport
    from rupturecli.checks.findings import FileFindings, InputProblem
    from rupturecli.outputs.sinks.base import Sink, Span
    from rupturecli.rules.compiled import RuleSet

Record = dict[str, Any]
ClientGroup = tuple[Record, list[Record]]  # a client's summary and their sessions' records, in date order

# name: (module:attribute, what `--help` says of it)
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "terminal": ("rupturecli.outputs.terminal:FORMAT", "the clinician's report"),
    "json": ("rupturecli.outputs.jsonfmt:JSON", "one document"),
    "jsonl": ("rupturecli.outputs.jsonfmt:JSONL", "one line per session"),
    "csv": ("rupturecli.outputs.csvfmt:CSV", "one row per episode"),
    "convokit": ("rupturecli.outputs.convokit:FORMAT", "a corpus folder"),
    "html": ("rupturecli.outputs.html:FORMAT", "a self-contained page"),
}
FINDING_FORMATS: dict[str, tuple[str, str]] = {
    "concise": ("rupturecli.outputs.concise:FORMAT", "path:line:col: ID message"),
    "sarif": ("rupturecli.outputs.sarif:FORMAT", "SARIF 2.1.0"),
    "junit": ("rupturecli.outputs.junit:FORMAT", "JUnit XML"),
    "github": ("rupturecli.outputs.github:FORMAT", "GitHub Actions annotations"),
    "gitlab": ("rupturecli.outputs.gitlab:FORMAT", "GitLab Code Quality"),
}


@dataclass(frozen=True)
class ReportFormat:
    """What one `rupture analyze --format` can write; a part left None is a mode the format does not have."""

    name: str
    document: Callable[[list[Record]], str] | None = None  # every session's record as one document
    sink: Callable[[Path, list[Span] | None], Sink] | None = None  # streamed into -o while the batch runs
    line: Callable[[Record], str] | None = None  # one record's text, streamed to standard output
    header: str = ""  # written before the streamed lines
    needs_output: str | None = None  # what -o must name when the format cannot go to standard output
    live: Callable[[Console, SessionReport], None] | None = None  # drawn on the terminal as each session finishes
    reports: Callable[[list[SessionReport]], str] | None = None  # finished reports as text (-o FILE)
    clients: Callable[[list[ClientGroup], list[SessionReport]], str] | None = None  # --by-client
    live_client: Callable[[Console, Record], None] | None = None  # --by-client on the terminal
    trainees: Callable[[list[Record], list[Record]], str] | None = None  # --by-therapist (summaries, records)


@dataclass(frozen=True)
class FindingFormat:
    """What one `rupture check --format` writes: the findings of every file (SARIF also describes the rules)."""

    name: str
    render: Callable[[list[FileFindings], RuleSet], str]
    # the inputs that could not be checked, in the report itself (a test view must not look green without them)
    with_problems: Callable[[list[FileFindings], RuleSet, list[InputProblem]], str] | None = None


def _load(table: dict[str, tuple[str, str]], name: str) -> Any:
    module, _, attribute = table[name][0].partition(":")
    return getattr(importlib.import_module(module), attribute)


def report_format(name: str) -> ReportFormat:
    return _load(REPORT_FORMATS, name)


def finding_format(name: str) -> FindingFormat:
    return _load(FINDING_FORMATS, name)


def formats_with(part: str) -> list[str]:
    """The report formats that have `part` (for the error when the chosen one has not): the terminal first,
    then those that write one document, then those that stream."""
    def rank(form: ReportFormat) -> int:
        return 0 if form.live is not None else 1 if form.document is not None else 2

    having = [report_format(name) for name in REPORT_FORMATS if getattr(report_format(name), part) is not None]
    return [form.name for form in sorted(having, key=rank)]


def described(table: dict[str, tuple[str, str]]) -> str:
    """'name (what it is), ...' for help text."""
    return ", ".join(f"{name} ({description})" for name, (_, description) in table.items())
