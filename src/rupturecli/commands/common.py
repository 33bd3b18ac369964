"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rupturecli.errors import EXIT_ERROR, RuptureError
from rupturecli.rules.compiled import RuleSet, build_rule_set


class InputKindOption(str, Enum):
    transcript = "transcript"
    notes = "notes"


PathsArgument = Annotated[list[str], typer.Argument(help="Notes, transcripts or folders; '-' reads standard input.")]
InputKindFlag = Annotated[Optional[InputKindOption], typer.Option(
    "--input-kind", help="Override detection of transcript versus narrative notes.")]
ClientLabelFlag = Annotated[Optional[list[str]], typer.Option(
    "--client-label", help="A speaker label (such as the client's name) that marks client turns.")]
TherapistLabelFlag = Annotated[Optional[list[str]], typer.Option(
    "--therapist-label", help="A speaker label that marks therapist turns.")]
RulesFlag = Annotated[Optional[list[Path]], typer.Option(
    "--rules", help="A rule pack folder or file, added after the defaults (same id replaces).")]
NoDefaultRulesFlag = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]


def error_line(error: RuptureError | str) -> None:
    """One line on stderr: never a traceback, never note text."""
    sys.stderr.write(f"rupture: error: {error}\n")


def load_rules_or_exit(rules: list[Path] | None, no_default_rules: bool) -> RuleSet:
    try:
        return build_rule_set(list(rules or []), replace_defaults=no_default_rules)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
