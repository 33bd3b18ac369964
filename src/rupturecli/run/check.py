"""`rupture check`'s run: every input through the loop into findings, and what it says about them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rupturecli.checks.findings import REPAIR_WORDS, FileFindings, build_findings
from rupturecli.checks.thresholds import Thresholds
from rupturecli.errors import RuptureError
from rupturecli.parsing.transcript import READ_AS_NOTES
from rupturecli.printable import printable
from rupturecli.rules.compiled import RuleSet
from rupturecli.run.loop import run_inputs
from rupturecli.run.options import RunOptions


def collect_findings(paths: list[str], rule_set: RuleSet, options: RunOptions, include_quotes: bool,
                     on_error: Callable[[RuptureError], None],
                     on_skipped: Callable[[list[Path]], None] | None = None,
                     on_note: Callable[[str], None] | None = None) -> list[FileFindings]:
    """Analyse every input through the run loop (errors go to `on_error`, the rest go on) and turn episodes
    into findings; with --redact the loop has already redacted quotes and file paths. A rule error (a pattern
    that times out) is raised: it would fail on every file. `on_note` hears of a file read as notes that looks
    like dialogue (its other warnings can quote labels, which can be names, so CI logs do not get them)."""
    files = []
    for report in run_inputs(paths, rule_set, options, on_error, on_skipped):
        if on_note is not None and READ_AS_NOTES in report.session.warnings:
            on_note(f"{printable(report.session.file)}: {READ_AS_NOTES}")
        files.append(build_findings(report, include_quotes))
    return files


def append_step_summary(files: list[FileFindings], thresholds: Thresholds, unread: int = 0) -> str | None:
    """GitHub's job summary takes Markdown appended to the file it names; elsewhere there is none.
    Returns the one-line problem when the file cannot be written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    try:
        with open(target, "a", encoding="utf-8") as stream:
            from rupturecli.outputs.github import render_github_summary

            stream.write(render_github_summary(files, thresholds.describe(), unread))
    except OSError as error:
        return f"cannot write the step summary: {error.strerror or error}"
    return None


LISTED_FAILURES = 25  # past this many, the summary says how many more (every format has them all)


def summary_text(files: list[FileFindings], thresholds: Thresholds, exit_zero: bool,
                 accepted: int | None = None, unread: int = 0) -> str:
    """One line on stderr, so stdout stays machine-readable in every format; then which findings reached the
    threshold, one line each (file:line:col, rule, turn, what), so nobody has to work out which they were.
    `accepted`: with --baseline, how many findings the baseline accepted (not reported, not gated); `unread`:
    inputs that could not be read (the run exits 2, so it never says "pass")."""
    findings = [finding for item in files for finding in item.findings]
    failing = [finding for finding in findings if finding.level == "error"]
    verdict = "reported only (--exit-zero)" if exit_zero and failing else ("fail" if failing else "pass")
    if unread:
        verdict = (f"{unread} input{'s' if unread != 1 else ''} not read (exit 2)"
                   + ("" if verdict == "pass" else f"; {verdict}"))
    baseline = "" if accepted is None else \
        f"{accepted} finding{'s' if accepted != 1 else ''} accepted by the baseline, "
    lines = [f"rupture check: {len(files)} file{'s' if len(files) != 1 else ''}, {len(findings)} "
             f"{'new ' if accepted is not None else ''}finding{'s' if len(findings) != 1 else ''}, {baseline}"
             f"{len(failing)} at or past the threshold "
             f"({thresholds.describe()}): {verdict}{':' if failing else ''}"]
    for finding in failing[:LISTED_FAILURES]:
        if finding.rate is not None:
            lines.append(f"  {printable(finding.path)}:{finding.line}:{finding.column}: {finding.rule_id} (straining "
                         f"moves in {finding.rate:g} of every 100 therapist turns, from turn {finding.turn})")
            continue
        where = f"turn {finding.turn}, " if finding.turn else ""
        if finding.contribution:  # the finding sits at the therapist's turn; the turn named is the rupture's
            where = f"before the client's turn {finding.turn}, " if finding.turn else "before "
        why = f": {finding.note}" if finding.note else ""  # a file's gate (too many ruptures, too few resolved)
        lines.append(f"  {printable(finding.path)}:{finding.line}:{finding.column}: {finding.rule_id} ({where}"
                     f"{finding.type} episode {finding.episode}, significance {finding.significance}/5, "
                     f"{REPAIR_WORDS.get(finding.repair, finding.repair)}){why}")
    if len(failing) > LISTED_FAILURES:
        lines.append(f"  ... and {len(failing) - LISTED_FAILURES} more")
    return "".join(line + "\n" for line in lines)
