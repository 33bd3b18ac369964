"""The one per-input loop: read -> analyse -> redact, with errors reported and the batch going on.

Every way of running the tool goes through here: the terminal report and `rupture check` (`run_inputs`),
worker processes and Dask (`run.tasks.analyze_source`), `--by-client` (`read_inputs`, then its own order) and
the Python API (`reports_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from rupturecli import startup
from rupturecli.analysis.analyze import analyze_session
from rupturecli.analysis.report import SessionReport
from rupturecli.diagnostics import internal_error_message, log_internal_error
from rupturecli.errors import InputError, RuptureError
from rupturecli.parsing.inputs import Inputs, Source, find_inputs, input_bytes
from rupturecli.parsing.sources import read_sessions
from rupturecli.rules.compiled import RuleSet
from rupturecli.run.options import RunOptions
from rupturecli.session import Session

ErrorHandler = Callable[[RuptureError], None]


def redacted(report: SessionReport, options: RunOptions) -> SessionReport:
    """The report as it may leave the tool: with --redact, names and identifiers replaced."""
    if options.redact_names is None:
        return report
    from rupturecli.privacy.redact import redact_report  # loaded only to redact: a short note starts faster

    return redact_report(report, set(options.redact_names))


def reports_of(source: Source, rules: RuleSet, options: RunOptions) -> Iterator[SessionReport]:
    """The reports of one input's sessions (a tabular archive holds many), as each is analysed.

    Raises InputError naming the input, after the sessions before the bad one; a bug met on this input
    becomes such an error too (logged with --debug, without note text). A rule error (a pattern that times
    out) is raised as it is, because it would fail again on every input.
    """
    try:
        for session in read_sessions(source, options.reading()):
            yield redacted(analyze_session(session, rules, therapist_moves=options.therapist_moves), options)
    except RuptureError:
        raise
    except Exception as error:  # a bug on one input must not end the batch, nor quote its text
        log_internal_error(source.name, error)
        raise InputError(internal_error_message(error), source.name) from None


def found_inputs(paths: list[str], options: RunOptions, on_error: ErrorHandler,
                 on_skipped: Callable[[list[Path]], None] | None = None) -> Inputs:
    """The inputs `paths` name; problems go to `on_error`, skipped documentation files to `on_skipped`."""
    found = find_inputs(paths, include_tables=bool(options.reader))
    for problem in found.problems:
        on_error(problem)
    if found.documentation and on_skipped is not None:
        on_skipped(found.documentation)
    return found


def run_inputs(paths: list[str], rules: RuleSet, options: RunOptions, on_error: ErrorHandler,
               on_skipped: Callable[[list[Path]], None] | None = None) -> Iterator[SessionReport]:
    """A report per readable session of every input, in order; a bad input goes to `on_error` and the run goes on."""
    sources = found_inputs(paths, options, on_error, on_skipped).sources
    if rules.gate is not None:
        rules.gate.prepare(input_bytes(source.name for source in sources if not source.is_stdin))
    startup.settle()
    for source in sources:
        try:
            yield from reports_of(source, rules, options)
        except InputError as error:
            on_error(error)


def read_inputs(paths: list[str], options: RunOptions, on_error: ErrorHandler,
                on_skipped: Callable[[list[Path]], None] | None = None) -> list[Session]:
    """Every readable session, unanalysed: for views that must order sessions before analysing them."""
    sessions: list[Session] = []
    startup.settle()
    for source in found_inputs(paths, options, on_error, on_skipped).sources:
        try:
            sessions.extend(read_sessions(source, options.reading()))
        except InputError as error:
            on_error(error)
    return sessions
