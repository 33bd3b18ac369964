"""`rupture analyze`: the clinician's report, JSON for programs, and research-mode batches."""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.text import Text

try:  # typer 0.2x and later carry their own copy of click; older versions use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import ClickException

from rupturecli.analysis.report import LIMITS, SessionReport
from rupturecli.commands.common import (
    ClientLabelFlag,
    ConfigFlag,
    ExtendSelectFlag,
    IgnoreFlag,
    InputKindFlag,
    IsolatedFlag,
    ModelFlag,
    NoDefaultRulesFlag,
    NoModelFlag,
    PathsArgument,
    RulesFlag,
    RunFlags,
    SelectFlag,
    TherapistLabelFlag,
    error_line,
    note_skipped,
    prepare_run,
    rule_spec,
)
from rupturecli.diagnostics import (
    configure_logging,
    describe_report,
    format_traceback,
    internal_error_message,
    log,
    logged_engine,
)
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.output import write_atomic
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.outputs.sinks.files import EPISODE_COLUMNS, csv_line, episode_rows
from rupturecli.outputs.terminal import render_session
from rupturecli.parsing.inputs import find_inputs
from rupturecli.run.batch import BatchOutputs, BatchSummary, default_jobs, run_batch
from rupturecli.run.loop import iter_reports


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    convokit = "convokit"
    html = "html"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class Preset(str, Enum):
    annomi = "annomi"
    mibot = "mibot"


def analyze(
    paths: PathsArgument,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="The terminal report, one JSON document, JSON Lines (one record "
        "per session), CSV (one row per episode), a ConvoKit corpus (a folder) or a self-contained HTML page.")
    ] = OutputFormat.terminal,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="PATH", help="Write the report here (atomically); a folder for --format "
        "convokit.")] = None,
    sessions_csv: Annotated[Optional[Path], typer.Option(
        "--sessions-csv", metavar="FILE", help="Also write one row per session with its figures.")] = None,
    database: Annotated[Optional[Path], typer.Option(
        "--db", metavar="FILE", help="Also write results to this SQLite database (tables sessions, episodes, "
        "markers).")] = None,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", metavar="N", min=1, help="Worker processes (default: the machine's cores).")] = None,
    engine: Annotated[Engine, typer.Option(
        metavar="ENGINE", help="Local worker processes, or a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(
        metavar="ADDRESS", help="Dask scheduler address (default: a local cluster).")] = None,
    no_resume: Annotated[bool, typer.Option(
        "--no-resume", help="Start over instead of skipping inputs a previous run finished.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No batch summary, progress bar or notes on standard error.")] = False,
    by_client: Annotated[bool, typer.Option(
        "--by-client", help="Group sessions by client (YAML client:, else folder), in date order, with trends.")
    ] = False,
    client: Annotated[Optional[str], typer.Option(
        "--client", metavar="NAME", help="All inputs are this client's sessions (implies --by-client).")] = None,
    by_therapist: Annotated[bool, typer.Option(
        "--by-therapist", help="A trainee's rupture-repair profile across their transcripts (a folder per trainee), "
        "with the trend (terminal, json, html or csv).")] = False,
    preset: Annotated[Optional[Preset], typer.Option(
        metavar="ARCHIVE", help="Read a known archive as it is: annomi (AnnoMI CSV columns) or mibot (MIBot JSON "
        "transcripts).")] = None,
    session_col: Annotated[Optional[str], typer.Option(
        metavar="COLUMN", help="Tabular inputs: the session id column.")] = None,
    speaker_col: Annotated[Optional[str], typer.Option(
        metavar="COLUMN", help="Tabular inputs: the speaker column.")] = None,
    text_col: Annotated[Optional[str], typer.Option(metavar="COLUMN", help="Tabular inputs: the text column.")] = None,
    order_col: Annotated[Optional[str], typer.Option(
        metavar="COLUMN", help="Tabular inputs: the turn order column.")] = None,
    input_kind: InputKindFlag = None,
    client_label: ClientLabelFlag = None,
    therapist_label: TherapistLabelFlag = None,
    rules: RulesFlag = None,
    no_default_rules: NoDefaultRulesFlag = None,
    select: SelectFlag = None,
    ignore: IgnoreFlag = None,
    extend_select: ExtendSelectFlag = None,
    config: ConfigFlag = None,
    isolated: IsolatedFlag = False,
    model: ModelFlag = None,
    no_model: NoModelFlag = None,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Replace names, contacts, dates, addresses and record numbers with [NAME], [PHONE]... "
        "in everything written (a safety net, not a certified de-identification).")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", help="Log each file's counts, lines and marker ids to stderr (never note text).")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Like --verbose, with more detail and a traceback for internal errors.")] = False,
) -> None:
    """Analyse notes or transcripts and report rupture episodes, repair and next steps.

    Exit codes: 0 every input analysed; 2 usage, rule or input error (other inputs still analysed).
    """
    flags = RunFlags(config, isolated, rules, no_default_rules, select, ignore, extend_select,
                     input_kind.value if input_kind else None, client_label, therapist_label, model, no_model)
    configure_logging(verbose, debug)
    rule_set, options, settings = prepare_run(paths, flags)
    if redact:
        options.redact_names = options.client_labels + options.therapist_labels
    log.debug("rules: %d markers, %d strategies, %d contexts; redact %s", len(rule_set.markers),
              len(rule_set.strategies), len(rule_set.contexts), "on" if redact else "off")
    options.reader = {key: value for key, value in {
        "preset": preset.value if preset else None, "session_col": session_col, "speaker_col": speaker_col,
        "text_col": text_col, "order_col": order_col}.items() if value is not None}
    if output_format == OutputFormat.convokit and output is None:
        error_line("--format convokit needs -o FOLDER")
        raise typer.Exit(EXIT_ERROR)
    failed = False

    def on_error(error: RuptureError | str) -> None:
        nonlocal failed
        failed = True
        error_line(error)

    batch = output_format != OutputFormat.terminal or sessions_csv is not None or database is not None
    try:
        refuse_clashes(paths, {"-o": output, "--sessions-csv": sessions_csv, "--db": database})
        if by_therapist:
            _by_therapist(paths, rule_set, options, output_format, output, on_error)
        elif by_client or client:
            _by_client(paths, rule_set, options, output_format, output, client, on_error, quiet)
        elif not batch:
            _terminal(paths, rule_set, options, on_error, quiet, output)
        else:
            _batch(paths, output_format, output, sessions_csv, database, jobs, engine, scheduler, not no_resume,
                   quiet, rule_spec(settings), options, on_error)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        sys.stderr.write("rupture: interrupted; run the same command again to resume\n")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, ClickException, BrokenPipeError):
        raise  # a closed pipe (`| head`) ends the run quietly, as click does for every command
    except OSError as error:  # say which file, as the system does ("Permission denied"), never note text
        log.debug("%s", format_traceback(error))
        where = f"{error.filename}: " if error.filename else ""
        error_line(f"{where}{error.strerror or 'input/output error'} ({type(error).__name__})")
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as error:  # a bug: one line without note text, the traceback only with --debug
        log.debug("%s", format_traceback(error))
        error_line(internal_error_message(error))
        raise typer.Exit(EXIT_ERROR) from None
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


def _terminal(paths: list[str], rule_set: Any, options: Any, on_error: Any, quiet: bool,
              output: Path | None = None) -> None:
    """The clinician's report, streamed to the terminal, or written (without colour) to -o FILE."""
    from rupturecli.outputs.terminal import render_terminal

    console = Console(highlight=False, emoji=False)
    summary = BatchSummary()
    reports: list[SessionReport] = []

    def on_skipped(documentation: list[Path]) -> None:
        summary.documentation = len(documentation)
        if not quiet:
            note_skipped(documentation)

    for report in iter_reports(paths, rule_set, options, on_error, on_skipped):
        log.info("%s", describe_report(report))
        if output is None:
            if reports:
                console.print()
            render_session(console, report)
        reports.append(report)
        _count(summary, report)
    if output is not None:
        if reports:
            write_atomic(output, render_terminal(reports))
            log.debug("wrote %s", output)
        return
    if reports:
        console.print(Text(LIMITS, style="dim"))
    if len(reports) > 1 and not quiet:
        console.print()
        summary.render(console)


def _by_therapist(paths: list[str], rule_set: Any, options: Any, output_format: OutputFormat,
                  output: Path | None, on_error: Any) -> None:
    """Supervisor view of trainees: each trainee's profile across their transcripts, and its trend."""
    from rupturecli.analysis.trainees import by_therapist
    from rupturecli.run.loop import iter_reports

    formats = (OutputFormat.terminal, OutputFormat.json, OutputFormat.html, OutputFormat.csv)
    if output_format not in formats:
        error_line(f"--by-therapist supports {', '.join(item.value for item in formats)}, not {output_format.value}")
        raise typer.Exit(EXIT_ERROR)
    reports = list(iter_reports(paths, rule_set, options, on_error))
    if options.redact_names is not None:
        from rupturecli.privacy.redaction import redact_report

        reports = [redact_report(report, set(options.redact_names)) for report in reports]
    summaries = by_therapist(reports)
    if output_format == OutputFormat.json:
        text = json.dumps({"therapists": summaries}, indent=2, ensure_ascii=False) + "\n"
    elif output_format == OutputFormat.html:
        from rupturecli.outputs.trainees import render_trainees_html

        text = render_trainees_html(summaries, [report.to_dict() for report in reports])
    elif output_format == OutputFormat.csv:
        from rupturecli.outputs.trainees import render_trainees_csv

        text = render_trainees_csv(summaries)
    else:
        from rupturecli.outputs.terminal import render_trainees

        text = render_trainees(summaries)
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def _by_client(paths: list[str], rule_set: Any, options: Any, output_format: OutputFormat, output: Path | None,
               client: str | None, on_error: Any, quiet: bool = False) -> None:
    """Clinician and supervisor view: each client's sessions in date order, with trends across them."""
    from rupturecli.analysis.clients import analyze_by_client
    from rupturecli.errors import InputError
    from rupturecli.outputs.html import render_html
    from rupturecli.outputs.terminal import render_client
    from rupturecli.run.tasks import read_sessions

    found = find_inputs(paths, include_tables=bool(options.reader))
    for problem in found.problems:
        on_error(problem)
    if found.documentation and not quiet:
        note_skipped(found.documentation)
    sources = found.sources
    sessions = []
    for source in sources:
        try:
            sessions.extend(read_sessions(source, options))
        except InputError as error:
            on_error(error)
    results = [(summary.to_dict(), reports) for summary, reports in analyze_by_client(sessions, rule_set, client)]
    if options.redact_names is not None:
        from rupturecli.privacy.redaction import redact_client_summary, redact_report, run_member_aliases

        names = set(options.redact_names)
        aliases = run_member_aliases(sessions)  # a group member keeps one pseudonym across their sessions
        results = [(redact_client_summary(summary, reports, names, aliases),
                    [redact_report(report, names, aliases) for report in reports]) for summary, reports in results]
    for _, reports in results:
        for report in reports:
            log.info("%s", describe_report(report))
    groups = [(summary, [report.to_dict() for report in reports]) for summary, reports in results]
    if output_format == OutputFormat.terminal and output is None:
        console = Console(highlight=False, emoji=False)
        for position, (_summary, reports) in enumerate(results):
            if position:
                console.print()
            render_client(console, groups[position][0])
            for report in reports:
                console.print()
                render_session(console, report)
        if results:
            console.print(Text(LIMITS, style="dim"))
        return
    if output_format == OutputFormat.html:
        text = render_html(groups)
    elif output_format == OutputFormat.jsonl:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for _, records in groups for record in records)
    elif output_format == OutputFormat.terminal:
        from rupturecli.outputs.terminal import render_terminal

        text = render_terminal([report for _, reports in results for report in reports])
    elif output_format == OutputFormat.json:
        text = json.dumps({"clients": [dict(summary, records=records) for summary, records in groups]},
                          indent=2, ensure_ascii=False) + "\n"
    else:
        error_line(f"--by-client supports terminal, json, jsonl and html, not {output_format.value}")
        raise typer.Exit(EXIT_ERROR)
    if output is not None:
        write_atomic(output, text)
        log.debug("wrote %s", output)
    else:
        sys.stdout.write(text)


def _count(summary: BatchSummary, report: SessionReport) -> None:
    from rupturecli.run.tasks import SourceResult

    summary.add(SourceResult(report.session.file, "", (report.to_dict(),)))


def _batch(paths: list[str], output_format: OutputFormat, output: Path | None, sessions_csv: Path | None,
           database: Path | None, jobs: int | None, engine: Engine, scheduler: str | None, resume: bool,
           quiet: bool, spec: Any, options: Any, on_error: Any) -> None:
    found = find_inputs(paths, include_tables=bool(options.reader))
    for problem in found.problems:
        on_error(problem)
    if found.documentation and not quiet:
        note_skipped(found.documentation)
    names = [source.name for source in found.sources]
    outputs = BatchOutputs(sessions_csv=sessions_csv, sqlite=database)
    collected: list[dict[str, Any]] = []
    on_record = None
    if output_format == OutputFormat.jsonl:
        if output is not None:
            outputs.jsonl = output
        else:
            def on_record(record: dict[str, Any]) -> None:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                sys.stdout.flush()
    elif output_format == OutputFormat.csv:
        if output is not None:
            outputs.episodes_csv = output
        else:
            sys.stdout.write(csv_line(EPISODE_COLUMNS))

            def on_record(record: dict[str, Any]) -> None:
                sys.stdout.write("".join(csv_line(row) for row in episode_rows(record)))
                sys.stdout.flush()
    elif output_format == OutputFormat.convokit:
        outputs.convokit = output
    elif output_format in (OutputFormat.json, OutputFormat.html):
        on_record = collected.append
    worker_count = jobs or default_jobs()
    if "-" in names:
        worker_count = 1  # standard input belongs to this process
    run_engine = None
    if engine == Engine.dask:
        from rupturecli.run.dask import dask_runner

        run_engine = dask_runner(scheduler)
    if log.isEnabledFor(logging.INFO):
        from rupturecli.run.tasks import run_local

        run_engine = logged_engine(run_engine or run_local)
    command = {"inputs": paths, "format": output_format.value}
    summary = run_batch(names, spec, options, outputs, min(worker_count, max(1, len(names))), resume,
                        on_error, on_record, show_progress=None if not quiet else False, engine=run_engine,
                        command=command)
    if output_format in (OutputFormat.json, OutputFormat.html):
        if output_format == OutputFormat.html:
            from rupturecli.outputs.html import render_html

            text = render_html([(None, collected)])
        else:
            document: Any = collected[0] if len(collected) == 1 else {"files": collected}
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if output is not None:
            if collected or not summary.failures:
                write_atomic(output, text)
                log.debug("wrote %s", output)
        elif collected:
            sys.stdout.write(text)
    summary.documentation = len(found.documentation)
    several = len(names) > 1 or summary.sessions > 1 or summary.failures
    if not quiet and several and output_format not in (OutputFormat.json, OutputFormat.html):
        summary.render(Console(stderr=True, highlight=False))


__all__ = ["analyze"]
