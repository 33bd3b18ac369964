"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rupturecli.config import Settings, load_settings
from rupturecli.errors import EXIT_ERROR, RuptureError, redact_shown_paths
from rupturecli.model import DEFAULT_MODEL
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.printable import printable
from rupturecli.rules.compiled import RuleSet, build_rule_set
from rupturecli.rules.selection import Selection
from rupturecli.run.options import RunOptions
from rupturecli.run.tasks import RuleSpec


class InputKindOption(str, Enum):
    transcript = "transcript"
    notes = "notes"


PathsArgument = Annotated[list[str], typer.Argument(
    metavar="PATH", help="Notes, transcripts or folders; '-' reads standard input.")]
InputKindFlag = Annotated[Optional[InputKindOption], typer.Option(
    "--input-kind", metavar="KIND", help="Override detection of transcript versus narrative notes.")]
ClientLabelFlag = Annotated[Optional[list[str]], typer.Option(
    "--client-label", metavar="NAME", help="A speaker label (such as the client's name) that marks client turns; "
    "repeatable.")]
TherapistLabelFlag = Annotated[Optional[list[str]], typer.Option(
    "--therapist-label", metavar="NAME", help="A speaker label that marks therapist turns; repeatable.")]
RulesFlag = Annotated[Optional[list[str]], typer.Option(  # text, not Path: an empty value is refused, not read as "."
    "--rules", metavar="PATH", help="A rule pack folder or file, added after the defaults (same id replaces); "
    "repeatable.")]
NoDefaultRulesFlag = Annotated[Optional[bool], typer.Option(
    "--no-default-rules/--default-rules", help="Use only the packs given with --rules (or in the config).",
    show_default=False)]
SelectFlag = Annotated[Optional[list[str]], typer.Option(
    "--select", metavar="ID", help="Only these markers and strategies, by id, prefix, glob or name (W, C5, 'EX-*', "
    "minimal-response); comma-separated or repeated.")]
IgnoreFlag = Annotated[Optional[list[str]], typer.Option(
    "--ignore", metavar="ID", help="Leave out these markers and strategies (ids, prefixes, globs or names).")]
ExtendSelectFlag = Annotated[Optional[list[str]], typer.Option(
    "--extend-select", metavar="ID", help="Add these to the selection (from the config or --select).")]
ConfigFlag = Annotated[Optional[Path], typer.Option(
    "--config", metavar="FILE", help="A config file (.rupture.toml or pyproject.toml); overrides discovery.")]
IsolatedFlag = Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")]
ModelFlag = Annotated[Optional[Path], typer.Option(
    "--model", metavar="DIR", help="A model folder made by 'rupture train' (default: the model shipped with "
    "rupturecli).")]
NoModelFlag = Annotated[Optional[bool], typer.Option(
    "--no-model/--with-model", help="Rules only: leave the learned move model out.", show_default=False)]


def start_redacting(options: RunOptions, redact: bool) -> None:
    """--redact: the reports, and every path the run shows on standard error, have names replaced."""
    if redact:
        options.redact()
    redact_shown_paths(options.path_redactor())


def error_line(error: RuptureError | str) -> None:
    """One line on stderr: never a traceback, never note text."""
    sys.stderr.write(f"rupture: error: {printable(str(error))}\n")


def note_skipped(documentation: list[Path]) -> None:
    """One line on stderr naming the documentation files (README...) that folder searches skipped."""
    from rupturecli.parsing.inputs import documentation_notice

    sys.stderr.write(documentation_notice(documentation))


def settings_files(settings: Settings, flags: RunFlags | None = None) -> list[Path]:
    """The run's own inputs besides the notes: config files read (or named with --config), rule packs given and
    a model folder."""
    found = list(settings.files) + [Path(item) for item in settings.get("rules", [])]
    if flags is not None:
        found += [Path(path) for path in (flags.config, *(flags.rules or [])) if path is not None]
    model = settings.get("model")
    if isinstance(model, str) and model:
        found.append(Path(model))
    return found


def refuse_clashes_or_exit(inputs: list[str | Path], outputs: dict[str, Path | None],
                           settings: Settings | None = None, flags: RunFlags | None = None) -> None:
    """Exit 2, writing nothing, when an output would overwrite an input, a settings file or another output."""
    try:
        refuse_clashes(inputs, outputs, settings_files(settings, flags) if settings is not None else ())
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None


def load_rules_or_exit(rules: list[Path] | None, no_default_rules: bool,
                       selection: Selection | None = None) -> RuleSet:
    try:
        rule_set = build_rule_set(list(rules or []), replace_defaults=no_default_rules, selection=selection)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    warn_empty_folders(list(rules or []))
    for code in (selection.deprecated_only(rule_set.loaded) if selection is not None else []):
        sys.stderr.write(f"rupture: warning: select '{printable(code)}' names only deprecated markers, which never run "
                         "(status: deprecated): it selects nothing\n")
    return rule_set


def warn_empty_folders(locations: list[Path]) -> None:
    """A pack folder with no rule file in it is most often the wrong folder, or files saved as `.txt`: say so,
    rather than run without the rules the user meant to add."""
    from rupturecli.rules.loader import pack_files

    for location in locations:
        try:
            empty = location.is_dir() and not pack_files(location)
        except (OSError, RuptureError):
            continue
        if empty:
            sys.stderr.write(f"rupture: warning: {printable(str(location))}: no rule files in this folder (a rule "
                             "file ends .yaml or .yml): no rules loaded from it\n")


@dataclass
class RunFlags:
    """Flags shared by analysis commands; None means 'not given' so config values can apply."""

    config: Path | None = None
    isolated: bool = False
    rules: list[str] | None = None
    no_default_rules: bool | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    input_kind: str | None = None
    client_labels: list[str] | None = None
    therapist_labels: list[str] | None = None
    model: Path | None = None
    no_model: bool | None = None


def resolve_settings(paths: list[str], flags: RunFlags, missing_packs: str = "error") -> Settings:
    """Config files in the documented order, then the command line over them. A rule pack the config names that
    is not there is an error naming the config file and key (`missing_packs="warn"`: a warning, for `config show`)."""
    if flags.model is not None and flags.no_model:  # one of them would be ignored without a word
        error_line("--model and --no-model together: give --model DIR to analyse with that model, or --no-model "
                   "for the rules alone")
        raise typer.Exit(EXIT_ERROR)
    try:
        settings = load_settings(flags.config, paths, flags.isolated)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    for item in settings.get("rules", []):
        if not Path(item).exists():
            line = f"{printable(settings.sources['rules'])}: rules: {printable(item)}: no such rule file or folder"
            if missing_packs != "error":
                sys.stderr.write(f"rupture: warning: {line}\n")
                continue
            error_line(line)
            raise typer.Exit(EXIT_ERROR)
    overrides = {
        "rules": [str(path) for path in flags.rules] if flags.rules else None,
        "no-default-rules": flags.no_default_rules,
        "select": flags.select,
        "ignore": flags.ignore,
        "extend-select": flags.extend_select,
        "input-kind": flags.input_kind,
        "client-labels": flags.client_labels,
        "therapist-labels": flags.therapist_labels,
        "model": str(flags.model.resolve()) if flags.model is not None else None,
        "no-model": flags.no_model,
    }
    for key, value in overrides.items():
        if value is None:
            continue
        if key == "rules" and settings.get("rules"):
            value = settings.get("rules") + value  # command-line packs come after configured ones
        settings.set(key, value, "command line")
    if any(not str(path).strip() for path in settings.get("rules", [])):
        where = settings.sources.get("rules", "command line")
        error_line(f"{'--rules' if where == 'command line' else f'rules (in {where})'}: an empty path (give a rule "
                   "pack folder or file)")
        raise typer.Exit(EXIT_ERROR)
    return settings


def selection_of(settings: Settings) -> Selection:
    """--select, --ignore and --extend-select (or their config keys), remembering where each came from."""
    return Selection.parse(settings.get("select"), settings.get("ignore"), settings.get("extend-select"),
                           {key: settings.sources[key] for key in ("select", "ignore", "extend-select")
                            if key in settings.sources})


def rule_spec(settings: Settings) -> RuleSpec:
    """The picklable recipe of the run's rule set, for worker processes."""
    selection = selection_of(settings)
    model = None if settings.get("no-model", False) else settings.get("model", DEFAULT_MODEL)
    return RuleSpec(tuple(settings.get("rules", [])), bool(settings.get("no-default-rules", False)), selection,
                    model)


def prepare_run(paths: list[str], flags: RunFlags) -> tuple[RuleSet, RunOptions, Settings]:
    """Everything an analysis run needs, or a one-line error and exit 2."""
    settings = resolve_settings(paths, flags)
    selection = selection_of(settings)
    rule_set = load_rules_or_exit([Path(item) for item in settings.get("rules", [])],
                                  bool(settings.get("no-default-rules", False)), selection)
    spec = rule_spec(settings)
    try:
        rule_set = rule_set.with_model(spec.load_model())
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    from rupturecli.run.tasks import remember_rules

    remember_rules(spec, rule_set)
    kind = settings.get("input-kind")
    if kind not in (None, "transcript", "notes"):
        error_line(f"input-kind must be 'transcript' or 'notes', not {kind!r} (from {settings.sources['input-kind']})")
        raise typer.Exit(EXIT_ERROR)
    options = RunOptions(kind, list(settings.get("client-labels", [])), list(settings.get("therapist-labels", [])))
    return rule_set, options, settings
