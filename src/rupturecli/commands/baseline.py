"""`rupture baseline create`: accept today's findings so `rupture check --baseline` gates only new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rupturecli.checks.baseline import render_baseline
from rupturecli.commands.check import write_output
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
    refuse_clashes_or_exit,
)
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.printable import printable
from rupturecli.run.check import collect_findings

baseline_app = typer.Typer(
    cls=HelpGroup, help="Accept current findings so `rupture check --baseline` reports only new ones.",
    no_args_is_help=True)


@baseline_app.command("create", cls=HelpCommand)
def create(
    paths: PathsArgument,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="The baseline file to write (JSON, atomically).")],
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
) -> None:
    """Write every current finding's fingerprint (whatever the thresholds) to a JSON sidecar.

    Fingerprints ignore line numbers, so moving or adding lines keeps findings accepted. The baseline holds
    no quotes and no line numbers; transcripts are never modified. Exit codes: 0 written; 2 usage, config,
    rule or input error (the baseline is still written from the other inputs).
    """
    flags = RunFlags(config, isolated, rules, no_default_rules, select, ignore, extend_select,
                     input_kind.value if input_kind else None, client_label, therapist_label, model, no_model)
    failed = False

    def on_error(error: RuptureError) -> None:
        nonlocal failed
        failed = True
        error_line(error)

    rule_set, options, settings = prepare_run(paths, flags)
    options.therapist_moves = True  # a file's straining moves can be accepted too (--max-straining-rate)
    refuse_clashes_or_exit(paths, {"-o": output}, settings, flags)
    try:
        files = collect_findings(paths, rule_set, options, False, on_error, note_skipped)
    except RuptureError as error:  # a rule that times out would fail on every file: stop
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    write_output(render_baseline(files), output)
    count = sum(len(item.findings) for item in files)
    typer.echo(f"rupture baseline: {count} finding{'s' if count != 1 else ''} from {len(files)} "
               f"file{'s' if len(files) != 1 else ''} accepted in {printable(str(output))}", err=True)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


__all__ = ["baseline_app"]
