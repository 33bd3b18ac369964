"""`rupture analyze`: the clinician's report, JSON for programs, and research-mode batches."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

try:  # typer 0.2x and later carry their own copy of click; older versions use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import ClickException

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
    settings_files,
    start_redacting,
)
from rupturecli.diagnostics import configure_logging, format_traceback, internal_error_message, log
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError, shown_path
from rupturecli.output import output_target
from rupturecli.outputs.formats import REPORT_FORMATS, described, report_format
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.run import modes

OutputFormat = Enum("OutputFormat", {name: name for name in REPORT_FORMATS}, type=str)  # type: ignore[misc]
OutputFormat.__doc__ = "The formats of outputs/formats.py."


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class Preset(str, Enum):
    annomi = "annomi"
    mibot = "mibot"


def analyze(
    paths: PathsArgument,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help=described(REPORT_FORMATS) + ".")
    ] = OutputFormat.terminal,  # type: ignore[attr-defined]
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
    therapist_moves: Annotated[bool, typer.Option(
        "--therapist-moves", help="Read every therapist turn for straining moves (lecturing, warning...) and give "
        "their rate in each session's trainee profile (on with --by-therapist; the analysis takes about 1.6 "
        "times as long).")] = False,
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
    start_redacting(options, redact)
    options.therapist_moves = therapist_moves or by_therapist
    log.debug("rules: %d markers, %d strategies, %d contexts; redact %s", len(rule_set.markers),
              len(rule_set.strategies), len(rule_set.contexts), "on" if redact else "off")
    options.reader = {key: value for key, value in {
        "preset": preset.value if preset else None, "session_col": session_col, "speaker_col": speaker_col,
        "text_col": text_col, "order_col": order_col}.items() if value is not None}
    failed = False

    def on_error(error: RuptureError | str) -> None:
        nonlocal failed
        failed = True
        error_line(error)

    try:
        output, sessions_csv, database = (output_target(path) if path is not None else None
                                          for path in (output, sessions_csv, database))
        run = modes.Run(paths, rule_set, options, report_format(output_format.value), output, on_error, quiet,
                        note_skipped)
        modes.check_output(run.format, output)
        refuse_clashes(paths, {"-o": output, "--sessions-csv": sessions_csv, "--db": database},
                       settings_files(settings, flags))
        grouped = "--by-therapist" if by_therapist else "--by-client" if by_client else "--client" if client else ""
        if grouped and (sessions_csv is not None or database is not None):
            given = "--sessions-csv" if sessions_csv is not None else "--db"
            raise RuptureError(f"{given} is not written with {grouped} (it writes one report across sessions): "
                               f"run the same inputs without {grouped} for it")
        if by_therapist:
            modes.by_therapist(run)
        elif by_client or client:
            modes.by_client(run, client)
        elif output_format.value == "terminal" and sessions_csv is None and database is None:
            modes.terminal(run)
        else:
            modes.batch(run, modes.BatchRequest(
                sessions_csv, database, jobs, _engine(engine, scheduler), not no_resume, rule_spec(settings),
                {"inputs": paths, "format": output_format.value}))
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
        where = f"{shown_path(error.filename)}: " if error.filename else ""
        error_line(f"{where}{error.strerror or 'input/output error'} ({type(error).__name__})")
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as error:  # a bug: one line without note text, the traceback only with --debug
        log.debug("%s", format_traceback(error))
        error_line(internal_error_message(error))
        raise typer.Exit(EXIT_ERROR) from None
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


def _engine(engine: Engine, scheduler: str | None) -> object:
    """None for local worker processes, else a Dask runner bound to the scheduler."""
    if engine != Engine.dask:
        return None
    from rupturecli.run.dask import dask_runner

    return dask_runner(scheduler)


__all__ = ["analyze"]
