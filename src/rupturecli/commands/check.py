"""`rupture check`: analyse like `analyze`, report findings in a CI format, and fail past a threshold."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rupturecli.checks.baseline import filter_new, read_baseline
from rupturecli.checks.findings import FileFindings, InputProblem, input_problem
from rupturecli.checks.thresholds import Thresholds, apply_thresholds, resolve_thresholds
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
    start_redacting,
)
from rupturecli.config import Settings
from rupturecli.errors import EXIT_ERROR, EXIT_OK, EXIT_THRESHOLD, RuptureError
from rupturecli.output import write_atomic
from rupturecli.outputs.formats import FINDING_FORMATS, described, finding_format
from rupturecli.rules.compiled import RuleSet
from rupturecli.run.check import append_step_summary, collect_findings, summary_text

# The CI formats of outputs/formats.py (each a pure module under outputs/), and auto
CheckFormat = Enum("CheckFormat", {**{name: name for name in FINDING_FORMATS}, "auto": "auto"},  # type: ignore[misc]
                   type=str)


class ContributionLevel(str, Enum):
    """How sure a therapist contribution must be for `--fail-on-contribution` to fail on it."""

    clear = "clear"
    possible = "possible"


class RuptureType(str, Enum):
    """The episode types `--fail-on-type` accepts."""

    withdrawal = "withdrawal"
    confrontation = "confrontation"


IncludeQuotesFlag = Annotated[bool, typer.Option(
    "--include-quotes", help="Put the client's quoted words in the output (off by default: they are health data).")]


def resolve_format(chosen: CheckFormat) -> CheckFormat:
    """`auto`: annotations inside GitHub Actions, the concise lines everywhere else."""
    if chosen != CheckFormat.auto:
        return chosen
    return CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.concise


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or a file written atomically; an unwritable file is a one-line error."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None


def note_line(text: str) -> None:
    """A note on stderr (silenced by -q): something the check could not judge, never note text."""
    sys.stderr.write(f"rupture: note: {text}\n")


def render(output_format: CheckFormat, files: list[FileFindings], rule_set: RuleSet,
           problems: list[InputProblem] | None = None) -> str:
    """The format's renderer from the one table (outputs/formats.py); the inputs that could not be read go
    into the formats that can carry them (SARIF, JUnit, GitHub), the others have them on standard error."""
    chosen = finding_format(output_format.value)
    if problems and chosen.with_problems is not None:
        return chosen.with_problems(files, rule_set, problems)
    return chosen.render(files, rule_set)


def _thresholds(settings: Settings, flags: dict[str, object]) -> Thresholds:
    """The [check] table under the flags; a bad table is a one-line config error and exit 2."""
    try:
        return resolve_thresholds(settings.get("check", {}), settings.sources.get("check", "config"), flags)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None


def check(
    paths: PathsArgument,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help=described(FINDING_FORMATS) + ", or auto (github inside "
        "GitHub Actions, else concise).")] = CheckFormat.concise,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report here (atomically) instead of standard output.")
    ] = None,
    fail_on_significance: Annotated[Optional[int], typer.Option(
        "--fail-on-significance", metavar="N", min=1, max=5,
        help="Fail on an episode with significance >= N (1-5).")] = None,
    fail_on_unrepaired: Annotated[Optional[bool], typer.Option(
        "--fail-on-unrepaired/--no-fail-on-unrepaired", show_default=False,
        help="Fail on an episode whose repair is not resolved (attempted or unaddressed).")] = None,
    fail_on_type: Annotated[Optional[list[RuptureType]], typer.Option(
        "--fail-on-type", metavar="TYPE", help="Fail only on episodes of this type; repeat it to fail on any of "
        "several types.")] = None,
    max_ruptures: Annotated[Optional[int], typer.Option(
        "--max-ruptures", metavar="N", min=0, help="Fail when a file has more than N episodes.")] = None,
    fail_on_contribution: Annotated[Optional[ContributionLevel], typer.Option(
        "--fail-on-contribution", metavar="LEVEL", help="Fail on a therapist move (lecture, warning, pushing a "
        "task...) right before a rupture: 'clear', or 'possible' for clear and possible ones.")] = None,
    min_repair_rate: Annotated[Optional[float], typer.Option(
        "--min-repair-rate", metavar="SHARE", min=0.0, max=1.0, help="Fail a file in which less than this share "
        "(0-1) of the rupture episodes were resolved.")] = None,
    max_straining_rate: Annotated[Optional[float], typer.Option(
        "--max-straining-rate", metavar="RATE", min=0.0, max=100.0, help="Fail a transcript in which more than RATE "
        "of every 100 therapist turns show a straining move (lecturing, warning...), rupture or not; every therapist "
        "turn is read. Like any threshold, it replaces the default episode gate.")] = None,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Report only: exit 0 even past the threshold (errors still exit 2).")] = False,
    include_quotes: IncludeQuotesFlag = False,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Replace names, contacts, dates, addresses and record numbers with [NAME], [PHONE]... "
        "in quotes and file paths, in every format.")] = False,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", metavar="FILE",
        help="Report and gate only findings not in this file (from `rupture baseline create`).")
    ] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No summary line or notes on standard error.")] = False,
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
    """Check transcripts for ruptures past a threshold, for CI: one finding per rupture episode, one at the
    therapist's turn for each episode a straining move preceded, and (with --max-straining-rate) one per file for
    its straining moves.

    Default, when no threshold is given by flag or config: fail on an episode with significance >= 3 that was
    not resolved (the same as --fail-on-significance 3 --fail-on-unrepaired).

    Any threshold given replaces that default: an episode fails when it meets every episode condition given,
    and a file fails when it has more than --max-ruptures episodes. Client quotes are left out of every format
    unless --include-quotes is given.

    Exit codes: 0 nothing reaches the threshold; 1 a finding does; 2 usage, config, rule or input error (the
    other inputs are still checked first).
    """
    flags = RunFlags(config, isolated, rules, no_default_rules, select, ignore, extend_select,
                     input_kind.value if input_kind else None, client_label, therapist_label, model, no_model)
    problems: list[InputProblem] = []
    failed = False

    def on_error(error: RuptureError) -> None:
        nonlocal failed
        failed = True
        error_line(error)
        problems.append(input_problem(error, options.redact_names))

    rule_set, options, settings = prepare_run(paths, flags)
    start_redacting(options, redact)
    refuse_clashes_or_exit([*paths, *([baseline] if baseline else [])], {"-o": output}, settings, flags)
    thresholds = _thresholds(settings, {
        "fail-on-significance": fail_on_significance, "fail-on-unrepaired": fail_on_unrepaired,
        "fail-on-type": [kind.value for kind in fail_on_type] if fail_on_type else None, "max-ruptures": max_ruptures,
        "fail-on-contribution": fail_on_contribution.value if fail_on_contribution else None,
        "min-repair-rate": min_repair_rate, "max-straining-rate": max_straining_rate})
    options.therapist_moves = thresholds.max_straining_rate is not None  # every therapist turn read only then
    rate = thresholds.max_straining_rate
    if rate is not None and 0 < rate < 1 and not quiet:  # a share given where a rate per 100 turns is meant
        sys.stderr.write(f"rupture: warning: max-straining-rate {rate:g} is per 100 therapist turns (one straining "
                         f"turn in {100 / rate:g}); for {rate:.0%} of the turns give {100 * rate:g}\n")
    for needed, name in ((options.therapist_moves, "max-straining-rate"),
                         (thresholds.contribution is not None, "fail-on-contribution")):
        if needed and not rule_set.moves:  # a gate that could never fail is refused, not passed in silence
            error_line(f"--{name} needs the therapist moves (TC-...), but the selected rules have none")
            raise typer.Exit(EXIT_ERROR)
    accepted = None
    if baseline is not None:
        try:
            accepted = read_baseline(baseline)
        except RuptureError as error:
            error_line(error)
            raise typer.Exit(EXIT_ERROR) from None
    try:
        files = collect_findings(paths, rule_set, options, include_quotes, on_error, None if quiet else note_skipped,
                                 None if quiet else note_line)
    except RuptureError as error:  # a rule that times out would fail on every file: stop
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    accepted_count = None
    if accepted is not None:
        found = sum(len(item.findings) for item in files)
        files = filter_new(files, accepted)
        accepted_count = found - sum(len(item.findings) for item in files)
    files = apply_thresholds(files, thresholds)
    chosen = resolve_format(output_format)
    write_output(render(chosen, files, rule_set, problems), output)
    if chosen == CheckFormat.github:
        problem = append_step_summary(files, thresholds, len(problems))
        if problem:
            error_line(problem)
    if not quiet:
        sys.stderr.write(summary_text(files, thresholds, exit_zero, accepted_count, unread=len(problems)))
    if failed:
        raise typer.Exit(EXIT_ERROR)
    reached = any(finding.level == "error" for item in files for finding in item.findings)
    raise typer.Exit(EXIT_THRESHOLD if reached and not exit_zero else EXIT_OK)


__all__ = ["CheckFormat", "IncludeQuotesFlag", "check", "write_output"]
