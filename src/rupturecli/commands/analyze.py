"""`rupture analyze`: the clinician's report, or JSON/JSONL for programs."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from rupturecli.commands.common import (
    ClientLabelFlag,
    ConfigFlag,
    ExtendSelectFlag,
    IgnoreFlag,
    InputKindFlag,
    IsolatedFlag,
    NoDefaultRulesFlag,
    PathsArgument,
    RulesFlag,
    RunFlags,
    SelectFlag,
    TherapistLabelFlag,
    error_line,
    prepare_run,
)
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.output import write_atomic
from rupturecli.pipeline import iter_reports
from rupturecli.report import SessionReport
from rupturecli.reporters import REPORTERS
from rupturecli.reporters.terminal import render_session


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"


def analyze(
    paths: PathsArgument,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.")] = OutputFormat.terminal,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the report here (atomically).")] = None,
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
) -> None:
    """Analyse notes or transcripts and report rupture episodes, repair and next steps.

    Exit codes: 0 every input analysed; 2 usage, rule or input error (other inputs still analysed).
    """
    flags = RunFlags(config, isolated, rules, no_default_rules, select, ignore, extend_select,
                     input_kind.value if input_kind else None, client_label, therapist_label)
    rule_set, options, _ = prepare_run(paths, flags)
    failed = False

    def on_error(error: RuptureError) -> None:
        nonlocal failed
        failed = True
        error_line(error)

    streaming_terminal = output_format == OutputFormat.terminal and output is None
    console = Console(highlight=False, emoji=False) if streaming_terminal else None
    reports: list[SessionReport] = []
    try:
        for report in iter_reports(paths, rule_set, options, on_error):
            if console is not None:
                if reports:
                    console.print()
                render_session(console, report)
            elif output is None and output_format == OutputFormat.jsonl:
                sys.stdout.write(REPORTERS["jsonl"]([report]))
                sys.stdout.flush()
            reports.append(report)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    if output is not None:
        if reports or not failed:
            write_atomic(output, REPORTERS[output_format.value](reports))
    elif output_format == OutputFormat.json and reports:
        sys.stdout.write(REPORTERS["json"](reports))
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)
