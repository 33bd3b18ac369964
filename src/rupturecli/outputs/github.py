"""`rupture check --format github`: workflow-command annotations, and a Markdown table for the step summary.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest are counted in a note
and listed in full in the step summary ($GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import os
import re

from rupturecli.analysis.report import LIMITS
from rupturecli.checks.findings import FileFindings, Finding, InputProblem
from rupturecli.outputs.formats import FindingFormat
from rupturecli.printable import printable

ANNOTATION_CAP = 10
COMMANDS = {"error": "error", "warning": "warning"}


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF percent-encoded, as the runner decodes them; any other control
    character or byte that is not UTF-8 as a visible escape (it would reach the log as it is)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A property (file=, title=): the message's escapes, and ':' and ',', which end a property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(finding: Finding) -> str:
    return (f"::{COMMANDS[finding.level]} file={_escape_property(finding.location)},line={finding.line},"
            f"title={_escape_property(finding.title)}::{_escape_data(finding.message)}")


def _problem(problem: InputProblem) -> str:
    where = f"file={_escape_property(problem.uri)}," if problem.uri else ""
    return f"::error {where}title=cannot read the file::{_escape_data(problem.message)}"


def render_github(files: list[FileFindings], problems: list[InputProblem] | None = None) -> str:
    """Inputs that could not be read first (never capped: each is why the step failed), then errors, each
    level capped as GitHub caps it, then a plain note of what was left out."""
    findings = [finding for item in files for finding in item.findings]
    lines = [_problem(problem) for problem in problems or []]
    omitted = {}
    for level in ("error", "warning"):
        chosen = [finding for finding in findings if finding.level == level]
        lines.extend(_annotation(finding) for finding in chosen[:ANNOTATION_CAP])
        omitted[level] = max(0, len(chosen) - ANNOTATION_CAP)
    if any(omitted.values()):
        parts = [f"{count} {level}{'s' if count != 1 else ''}" for level, count in omitted.items() if count]
        where = ("the step summary lists every finding" if os.environ.get("GITHUB_STEP_SUMMARY")
                 else "--format sarif or junit lists every finding")  # no step summary outside a GitHub step
        lines.append(f"rupture: {' and '.join(parts)} not annotated (GitHub shows at most {ANNOTATION_CAP} error "
                     f"and {ANNOTATION_CAP} warning annotations per step); {where}")
    return "".join(line + "\n" for line in lines)


# Characters Markdown (GitHub's) may read as markup in a table cell: each is shown as itself after a backslash
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~&])")


def _cell(text: str) -> str:
    """Plain text in a Markdown table cell, shown as it is: markup characters backslash-escaped, line breaks as
    spaces (a table row is one line)."""
    return _MARKDOWN.sub(r"\\\1", printable(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")))


def _code_cell(text: str) -> str:
    """A file name as code in a Markdown table cell: inside a code span a backslash is itself (so not doubled),
    the span is fenced by one backtick more than the longest run inside it (a name may hold backticks), and '|'
    is escaped for the table, which splits cells before code spans are read."""
    shown = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    edges = shown[:1] + shown[-1:]
    padding = " " if "`" in edges or edges == "  " else ""  # CommonMark strips one space from each end
    return f"{fence}{padding}{shown.replace('|', chr(92) + '|')}{padding}{fence}"


def render_github_summary(files: list[FileFindings], threshold: str, unread: int = 0) -> str:
    """Every finding in one Markdown table (appended to the step summary), quotes only if they were asked for;
    `unread` inputs (the step fails with exit 2) are said first, so the page never looks green without them."""
    findings = [finding for item in files for finding in item.findings]
    failing = sum(1 for finding in findings if finding.level == "error")
    with_quotes = any(finding.quotes for finding in findings)
    lines = ["## rupture check", ""]
    if unread:
        lines += [f"**{unread} input{'s' if unread != 1 else ''} could not be read** (the check exits 2; the "
                  "annotations name each).", ""]
    lines += [f"{len(files)} file{'s' if len(files) != 1 else ''} checked, {len(findings)} "
              f"finding{'s' if len(findings) != 1 else ''}, {failing} failing the check "
              f"(threshold: {_cell(threshold)}).", ""]
    if findings:
        header = ["result", "file", "line", "marker", "type", "significance", "repair", "next step"]
        if with_quotes:
            header.append("evidence")
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for finding in findings:
            episode = finding.rate is None
            row = ["fail" if finding.level == "error" else "warn", _code_cell(finding.uri), str(finding.line),
                   _cell(finding.title), finding.type + (" (mixed)" if finding.mixed else "") if episode else
                   f"straining moves, {finding.rate:g} per 100 therapist turns",
                   f"{finding.significance}/5" if episode else "-", finding.repair if episode else "-",
                   _cell(finding.next_step + (f" ({finding.note})" if finding.note else ""))]
            if with_quotes:
                row.append(_cell("; ".join(f'{item.marker_id}: "{item.quote}"' for item in finding.quotes)))
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
        lines.extend([LIMITS, ""])
    return "\n".join(lines) + "\n"


FORMAT = FindingFormat("github", lambda files, _rules: render_github(files),
                        lambda files, _rules, problems: render_github(files, problems))
