"""The ways `rupture analyze` runs, each writing through the format table (outputs/formats.py):

- `terminal`: the clinician's report, drawn as each session finishes (or written to -o as plain text);
- `batch`: research mode, parallel and resumable, streaming records to files or standard output;
- `by_client`: each client's sessions in date order, with trends;
- `by_therapist`: each trainee's rupture-repair profile across their transcripts.

Every mode reads inputs through the one loop (run/loop.py), so redaction and errors behave the same in each.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli.analysis.report import LIMITS, SessionReport
from rupturecli.diagnostics import describe_report, log, logged_engine
from rupturecli.errors import RuptureError, shown_path
from rupturecli.output import write_atomic
from rupturecli.outputs.formats import ReportFormat, formats_with
from rupturecli.rules.compiled import RuleSet
from rupturecli.run.loop import ErrorHandler, found_inputs, read_inputs, run_inputs
from rupturecli.run.options import RunOptions


class UnsupportedFormat(RuptureError):
    """The chosen format has no way to write what this mode produces."""


@dataclass
class Run:
    """What every mode is given: the inputs, the compiled rules, the options and where the report goes."""

    paths: list[str]
    rules: RuleSet
    options: RunOptions
    format: ReportFormat
    output: Path | None
    on_error: ErrorHandler
    quiet: bool = False
    on_skipped: Callable[[list[Path]], None] | None = None
    skipped: list[Path] = field(default_factory=list)

    def note_skipped(self, documentation: list[Path]) -> None:
        self.skipped = documentation
        if not self.quiet and self.on_skipped is not None:
            self.on_skipped(documentation)

    def write(self, text: str) -> None:
        """The finished report: into -o atomically, else on standard output."""
        if self.output is not None:
            write_atomic(self.output, text)
            log.debug("wrote %s", shown_path(self.output))
        else:
            sys.stdout.write(text)


def check_output(form: ReportFormat, output: Path | None) -> None:
    """A format that cannot go to standard output (a folder) needs -o: said before anything runs."""
    if form.needs_output and output is None:
        raise UnsupportedFormat(f"--format {form.name} needs -o {form.needs_output}")


def _require(part: Any, run: Run, part_name: str, flag: str) -> Any:
    if part is None:
        raise UnsupportedFormat(f"{flag} supports {', '.join(formats_with(part_name))}, not {run.format.name}")
    return part


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def terminal(run: Run) -> list[SessionReport]:
    """The clinician's report: each session drawn as it finishes, or all of them written to -o without colour."""
    from rich.text import Text

    live = run.format.live
    console = _console() if run.output is None else None
    reports: list[SessionReport] = []
    for report in run_inputs(run.paths, run.rules, run.options, run.on_error, run.note_skipped):
        log.info("%s", describe_report(report))
        if console is not None and live is not None:
            if reports:
                console.print()
            live(console, report)
        reports.append(report)
    if run.output is not None:
        if reports:
            run.write(_require(run.format.reports, run, "reports", "-o")(reports))
        return reports
    if reports:
        console.print(Text(LIMITS, style="dim"))
    if len(reports) > 1 and not run.quiet:
        from rupturecli.run.summary import BatchSummary

        summary = BatchSummary(documentation=len(run.skipped))
        for report in reports:
            summary.add_records((report.to_dict(),))
        console.print()
        summary.render(console)
    return reports


def by_therapist(run: Run) -> None:
    """Supervisor view of trainees: each trainee's profile across their transcripts, and its trend."""
    from rupturecli.analysis.trainees import by_therapist as profiles
    from rupturecli.analysis.trainees import notes_left_out

    render = _require(run.format.trainees, run, "trainees", "--by-therapist")
    names = run.options.redact_names
    # with --redact, trainees are told apart and their transcripts put in date order before anything is redacted
    # (redacted, two trainees' folders are both '[NAME]' and every date '[DATE]'), then the whole view is redacted
    options = dataclasses.replace(run.options, redact_names=None) if names is not None else run.options
    reports = list(run_inputs(run.paths, run.rules, options, run.on_error))
    notes = notes_left_out(reports)
    if notes and not run.quiet:
        sys.stderr.write(f"rupture: note: --by-therapist profiles transcripts: {notes} input{'s' if notes != 1 else ''}"
                         " read as narrative notes left out of the trainees' figures\n")
    transcripts = [report for report in reports if report.session.kind == "transcript"]
    summaries = profiles(transcripts)
    if names is not None:
        from rupturecli.privacy.redact import redact_report, redact_trainee_summaries

        summaries = redact_trainee_summaries(summaries, transcripts, set(names))
        transcripts = [redact_report(report, set(names)) for report in transcripts]
    run.write(render(summaries, [report.to_dict() for report in transcripts]))


def by_client(run: Run, client: str | None) -> None:
    """Clinician and supervisor view: each client's sessions in date order, with trends across them.

    Sessions are read first and analysed in each client's order (a marker's recurrence counts earlier sessions);
    with --redact a group member keeps one pseudonym across all their sessions.
    """
    from rupturecli.analysis.clients import analyze_by_client

    live = run.format.live_client if run.output is None else None
    render = None if live is not None else _require(run.format.clients, run, "clients", "--by-client")
    sessions = read_inputs(run.paths, run.options, run.on_error, run.note_skipped)
    results = [(summary.to_dict(), reports) for summary, reports in analyze_by_client(sessions, run.rules, client)]
    if run.options.redact_names is not None:
        from rupturecli.privacy.redact import redact_client_summary, redact_report, run_member_aliases

        names = set(run.options.redact_names)
        aliases = run_member_aliases(sessions)
        results = [(redact_client_summary(summary, reports, names, aliases),
                    [redact_report(report, names, aliases) for report in reports]) for summary, reports in results]
    for _, reports in results:
        for report in reports:
            log.info("%s", describe_report(report))
    groups = [(summary, [report.to_dict() for report in reports]) for summary, reports in results]
    if live is not None:
        _draw_clients(live, run.format, results, groups)
        return
    run.write(render(groups, [report for _, reports in results for report in reports]))


def _draw_clients(live: Callable[..., None], form: ReportFormat, results: list[tuple[Any, list[SessionReport]]],
                  groups: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    from rich.text import Text

    console = _console()
    for position, (_summary, reports) in enumerate(results):
        if position:
            console.print()
        live(console, groups[position][0])
        for report in reports:
            console.print()
            if form.live is not None:
                form.live(console, report)
    if results:
        console.print(Text(LIMITS, style="dim"))


@dataclass
class BatchRequest:
    """Research mode's own settings: extra outputs, workers, engine and resuming."""

    sessions_csv: Path | None = None
    database: Path | None = None
    jobs: int | None = None
    engine: Any = None  # None: local worker processes; else a callable with run.tasks.run_local's signature
    resume: bool = True
    spec: Any = None  # the run's picklable RuleSpec
    command: dict[str, Any] = field(default_factory=dict)


def batch(run: Run, request: BatchRequest) -> Any:
    """Research mode: every input through worker processes, streamed to the outputs, resumable; a document
    format (json, html) is assembled from the records at the end. Returns the batch summary."""
    from rupturecli.outputs.sinks.files import SessionCsvSink
    from rupturecli.run.batch import BatchOutputs, default_jobs, run_batch

    found = found_inputs(run.paths, run.options, run.on_error, run.note_skipped)
    names = [source.name for source in found.sources]
    form = run.format
    files: list[tuple[Any, Path]] = []
    collected: list[dict[str, Any]] = []
    on_record: Callable[[dict[str, Any]], None] | None = None
    if form.sink is not None and run.output is not None:
        files.append((form.sink, run.output))
    elif form.line is not None:
        sys.stdout.write(form.header)
        line = form.line

        def on_record(record: dict[str, Any]) -> None:
            sys.stdout.write(line(record))
            sys.stdout.flush()
    elif form.document is not None:
        on_record = collected.append
    if request.sessions_csv is not None:
        files.append((SessionCsvSink, request.sessions_csv))
    if request.database is not None:
        from rupturecli.outputs.sinks.sqlite import SqliteSink  # sqlite3 loads only for --db

        files.append((SqliteSink, request.database))
    jobs = 1 if "-" in names else request.jobs or default_jobs()  # standard input belongs to this process
    engine = request.engine
    if log.isEnabledFor(logging.INFO):
        from rupturecli.run.tasks import run_local

        engine = logged_engine(engine or run_local)
    summary = run_batch(names, request.spec, run.options, BatchOutputs(files), min(jobs, max(1, len(names))),
                        request.resume, run.on_error, on_record, show_progress=None if not run.quiet else False,
                        engine=engine, command=request.command)
    if form.document is not None and (collected or (run.output is not None and not summary.failures)):
        run.write(form.document(collected))
    summary.documentation = len(found.documentation)
    several = len(names) > 1 or summary.sessions > 1 or bool(summary.failures)
    summary.add_not_found([str(problem) for problem in found.problems])  # already said, one line each
    if not run.quiet and several and form.document is None:
        from rich.console import Console

        summary.render(Console(stderr=True, highlight=False))
    return summary
