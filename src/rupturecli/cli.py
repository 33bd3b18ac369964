"""The `rupture` command line: parse options, run the pipeline, pick a reporter, return an exit code."""

from __future__ import annotations

import copy
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from rupturecli import __version__
from rupturecli.analysis import analyze_session
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.inputs import expand_paths, load_session
from rupturecli.output import write_atomic
from rupturecli.parsing import SpeakerLabels
from rupturecli.report import SessionReport
from rupturecli.reporters import REPORTERS
from rupturecli.reporters.terminal import render_session
from rupturecli.rules.compiled import RuleSet, build_rule_set

app = typer.Typer(
    name="rupture",
    help="Find alliance ruptures in psychotherapy notes and transcripts, and suggest the next repair step.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"


class InputKindOption(str, Enum):
    transcript = "transcript"
    notes = "notes"


def error_line(error: RuptureError | str) -> None:
    """One line on stderr: never a traceback, never note text."""
    sys.stderr.write(f"rupture: error: {error}\n")


def load_rule_set(rules: list[Path] | None, no_default_rules: bool) -> RuleSet:
    return build_rule_set(list(rules or []), replace_defaults=no_default_rules)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Notes, transcripts or folders; '-' reads standard input.")],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.")] = OutputFormat.terminal,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the report here (atomically).")] = None,
    input_kind: Annotated[Optional[InputKindOption], typer.Option(
        "--input-kind", help="Override detection of transcript versus narrative notes.")] = None,
    client_label: Annotated[Optional[list[str]], typer.Option(
        "--client-label", help="A speaker label (such as the client's name) that marks client turns.")] = None,
    therapist_label: Annotated[Optional[list[str]], typer.Option(
        "--therapist-label", help="A speaker label that marks therapist turns.")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option(
        "--rules", help="A rule pack folder or file, added after the defaults (same id replaces).")] = None,
    no_default_rules: Annotated[bool, typer.Option(
        "--no-default-rules", help="Use only the packs given with --rules.")] = False,
) -> None:
    """Analyse notes or transcripts and report rupture episodes, repair and next steps.

    Exit codes: 0 every input analysed; 2 usage, rule or input error (other inputs still analysed).
    """
    try:
        rule_set = load_rule_set(rules, no_default_rules)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    labels = SpeakerLabels()
    for name in client_label or []:
        labels.add_client(name)
    for name in therapist_label or []:
        labels.add_therapist(name)
    sources, problems = expand_paths(paths)
    for problem in problems:
        error_line(problem)
    failed = bool(problems)
    kind = input_kind.value if input_kind else None
    reports: list[SessionReport] = []
    console = Console(highlight=False, emoji=False) if output_format == OutputFormat.terminal and output is None \
        else None
    for source in sources:
        try:
            session = load_session(source, kind, copy.deepcopy(labels))
            report = analyze_session(session, rule_set)
        except RuptureError as error:
            error_line(error)
            failed = True
            continue
        if console is not None:
            if reports:
                console.print()
            render_session(console, report)
        elif output is None and output_format == OutputFormat.jsonl:
            sys.stdout.write(REPORTERS["jsonl"]([report]))
            sys.stdout.flush()
        reports.append(report)
    if output is not None:
        if reports or not failed:
            write_atomic(output, REPORTERS[output_format.value](reports))
    elif output_format == OutputFormat.json and reports:
        sys.stdout.write(REPORTERS["json"](reports))
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"rupturecli {__version__}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
