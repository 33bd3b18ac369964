"""`rupture rules ...`: list, explain, validate, test and start rule packs without touching Python."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rupturecli.commands.common import (
    ConfigFlag,
    IsolatedFlag,
    NoDefaultRulesFlag,
    RunFlags,
    error_line,
    load_rules_or_exit,
    resolve_settings,
    warn_empty_folders,
)
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.detect.examples import run_examples
from rupturecli.errors import EXIT_ERROR, EXIT_OK, EXIT_THRESHOLD, RuptureError, did_you_mean
from rupturecli.output import write_atomic
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.rules.compiled import RuleSet, build_rule_set
from rupturecli.rules.describe import describe_rule, rule_table
from rupturecli.rules.loader import ITEM_KINDS, SECTIONS, LoadedRules, pack_files
from rupturecli.rules.selection import rule_names
from rupturecli.rules.skeleton import marker_skeleton

rules_app = typer.Typer(cls=HelpGroup, help="List, explain, validate and test rule packs.",
                        no_args_is_help=True)

def _pack_path(value: str | None) -> Path | None:
    """The PATH argument as a path; an empty one is refused (a Path would read it as the current folder)."""
    if value is not None and not value.strip():
        raise typer.BadParameter("an empty path (give a rule pack folder or file)")
    return Path(value) if value is not None else None


PackPath = Annotated[Optional[Path], typer.Argument(
    metavar="PATH", help="A rule pack folder or file (default: the shipped packs).", parser=_pack_path)]
ExtraRules = Annotated[Optional[list[Path]], typer.Option(
    "--rules", metavar="PATH", help="Extra packs loaded after the defaults; repeatable.")]


def _packs(inputs: list[str], rules: list[Path] | None, no_default_rules: bool | None, config: Path | None,
           isolated: bool) -> tuple[list[Path], bool]:
    """The packs a run in this folder would load, as `analyze` finds them (config file, then the options), and
    whether the shipped packs are left out."""
    settings = resolve_settings(inputs, RunFlags(config=config, isolated=isolated, no_default_rules=no_default_rules,
                                                 rules=[str(item) for item in rules] if rules else None))
    return [Path(item) for item in settings.get("rules", [])], bool(settings.get("no-default-rules", False))


def _load(rules: list[Path] | None, no_default_rules: bool | None = None, config: Path | None = None,
          isolated: bool = False) -> RuleSet:
    """The rule set `analyze` would use here, or a one-line error and exit 2."""
    locations, replace_defaults = _packs([], rules, no_default_rules, config, isolated)
    return load_rules_or_exit(locations, replace_defaults)


@rules_app.command("list", cls=HelpCommand)
def list_rules(rules: ExtraRules = None, no_default_rules: NoDefaultRulesFlag = None, config: ConfigFlag = None,
               isolated: IsolatedFlag = False) -> None:
    """Every marker, strategy and therapist move: id, type, name, pack and status."""
    sys.stdout.write(rule_table(_load(rules, no_default_rules, config, isolated).loaded))


@rules_app.command("show", cls=HelpCommand)
def show(rule_id: Annotated[str, typer.Argument(
             metavar="ID", help="A marker, strategy or therapist move: its id, an old id or its name.")],
         rules: ExtraRules = None, no_default_rules: NoDefaultRulesFlag = None, config: ConfigFlag = None,
         isolated: IsolatedFlag = False) -> None:
    """Description, conditions, patterns, examples and references of one marker, strategy or therapist move."""
    rule_set = _load(rules, no_default_rules, config, isolated)
    lines = describe_rule(rule_set, rule_id)
    if lines is None:
        known = [text for item in rule_names(rule_set.loaded) for text in (item.id, *item.aliases, item.name)]
        error_line(f"no such rule: '{rule_id}'{did_you_mean(rule_id.strip(), known, cutoff=0.5, ignore_case=True)}")
        raise typer.Exit(EXIT_ERROR)
    typer.echo("\n".join(lines))


rules_app.command("explain", cls=HelpCommand,
                  help="Same as `show`: explain one marker or strategy.")(show)


@rules_app.command("check", cls=HelpCommand)
def check(path: PackPath = None, no_default_rules: NoDefaultRulesFlag = None, config: ConfigFlag = None,
          isolated: IsolatedFlag = False) -> None:
    """Validate rule packs: every error as file:line:col: message. Exit 0 valid, 2 invalid.

    The packs are checked with those a run here would load too (the config file's, the shipped ones unless
    --no-default-rules), so what `analyze` refuses is refused here."""
    locations, replace_defaults = _packs([str(path)] if path else [], None, no_default_rules, config, isolated)
    try:
        if path is not None:
            locations = _with_checked(locations, path)
        files = [file for location in locations for file in pack_files(location)]
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    broken = _broken_files(files)
    if broken:  # every schema error of every file, so a pack of several files is mended in one round
        for error in broken:
            error_line(error)
            for other in getattr(error, "also", ()):
                error_line(other)
        raise typer.Exit(EXIT_ERROR)
    try:
        rule_set = build_rule_set(locations, replace_defaults=replace_defaults)  # what only the whole set shows
    except RuptureError as error:
        for each in (error, *getattr(error, "also", ())):  # every bad pattern of the set, in file order
            error_line(each)
        raise typer.Exit(EXIT_ERROR) from None
    loaded = rule_set.loaded
    warn_empty_folders(locations)
    _warn_empty(files)
    note_replaced(loaded)
    count = len(pack_files(path)) if path else len(loaded.files)
    typer.echo(f"ok: {count} rule file{'s' if count != 1 else ''} valid "
               f"({len(loaded.markers)} markers, {len(loaded.contexts)} contexts, "
               f"{len(loaded.strategies)} strategies loaded)")


def _with_checked(locations: list[Path], path: Path) -> list[Path]:
    """The packs to load with the checked one, each file once: a configured pack within it is left out, and it
    comes last unless a configured pack already loads all of it (`rules check my-rules/cancel.yaml` with
    `rules = ["my-rules"]`), which then loads it in its own place, as `analyze` would (never compared with itself)."""
    checked = {file.resolve() for file in pack_files(path)}
    kept = []
    for item in locations:
        files = {file.resolve() for file in pack_files(item)}
        if item.resolve() != path.resolve() and not (files and files <= checked):
            kept.append(item)
    loaded = {file.resolve() for item in kept for file in pack_files(item)}
    return kept if checked and checked <= loaded else [*kept, path]


def _warn_empty(files: list[Path]) -> None:
    """A pack file that holds no rule at all (empty, only comments, `markers: []`) is valid but adds nothing:
    say so, since it is most often a file saved before its rules were written, or under the wrong name."""
    from rupturecli.printable import printable
    from rupturecli.rules.loader import load_pack_file

    for file in files:
        pack, _located = load_pack_file(file)
        if not any(getattr(pack, part) for part in (*ITEM_KINDS, *SECTIONS)):
            sys.stderr.write(f"rupture: warning: {printable(str(file))}: holds no rules (no markers, contexts, "
                             "strategies or moves): it adds nothing\n")


def note_replaced(loaded: LoadedRules) -> None:
    """One note a rule a pack replaces by giving its id (a shipped marker retuned, most often): meant or not,
    the user should know the earlier rule no longer runs."""
    from rupturecli.printable import printable
    from rupturecli.rules.loader import KIND_NAMES, default_rules_dir

    shipped = default_rules_dir().resolve()
    for replaced in loaded.replaced:
        file, line, column = replaced.new.where("id")
        old_file, old_line, _ = replaced.old.where("id")
        whose = "the shipped" if replaced.old.path.resolve().is_relative_to(shipped) else "the earlier"
        sys.stderr.write(printable(f"rupture: note: {file}:{line}:{column}: {KIND_NAMES[replaced.kind]} "
                                   f"'{replaced.item_id}' replaces {whose} {KIND_NAMES[replaced.kind]} of that id "
                                   f"({old_file}:{old_line})") + "\n")


def _broken_files(files: list[Path]) -> list[RuptureError]:
    """The first error of every pack file that does not read or validate on its own."""
    from rupturecli.rules.loader import load_pack_file

    errors = []
    for file in files:
        try:
            load_pack_file(file)
        except RuptureError as error:
            errors.append(error)
    return errors


rules_app.command("validate", cls=HelpCommand,
                  help="Same as `check`: validate rule packs, every error as file:line:col: message.")(check)


@rules_app.command("test", cls=HelpCommand)
def test(path: PackPath = None,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list passing examples.")] = False,
         no_default_rules: NoDefaultRulesFlag = None, config: ConfigFlag = None,
         isolated: IsolatedFlag = False) -> None:
    """Run every marker's in-file examples; report missed and unexpected hits with file:line.

    The examples run with the packs a run here would load (the config file's, the shipped ones unless
    --no-default-rules), as `analyze` would judge them; with PATH only that pack's examples are run.
    Exit 0 when all pass (todo examples never fail), 1 when some fail, 2 when a pack is invalid.
    """
    locations, replace_defaults = _packs([str(path)] if path else [], None, no_default_rules, config, isolated)
    try:
        if path is not None:
            locations = _with_checked(locations, path)
        rule_set = build_rule_set(locations, replace_defaults=replace_defaults)
        only = {str(file) for file in pack_files(path)} if path else None
        results = run_examples(rule_set, only_files=only)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    failures = [result for result in results if not result.passed]
    todos = [result for result in results if result.kind == "todo" and not result.skipped]
    skipped = [result for result in results if result.skipped]
    for result in results:
        if not result.passed or verbose or (result.kind == "todo" and result.fired):
            typer.echo(result.describe())
    passed = len(results) - len(failures) - len(todos) - len(skipped)
    typer.echo(f"{passed} passed, {len(failures)} failed, {len(todos)} todo"
               + (f", {len(skipped)} skipped (deprecated)" if skipped else ""))
    raise typer.Exit(EXIT_THRESHOLD if failures else EXIT_OK)


@rules_app.command("export", cls=HelpCommand)
def export(output: Annotated[Optional[Path], typer.Option(
               "--output", "-o", metavar="FILE", help="Write to this file.")] = None,
           rules: ExtraRules = None) -> None:
    """Write every compiled pattern, one per line, in ripgrep (Rust regex) syntax, for benchmarks."""
    from rupturecli.rules.export import exported_patterns

    text = "".join(pattern + "\n" for pattern in exported_patterns(_load(rules)))
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            refuse_clashes([], {"-o": output}, rules or [])  # the packs exported from are never overwritten
        except RuptureError as error:
            error_line(error)
            raise typer.Exit(EXIT_ERROR) from None
        _write_or_exit(output, text)


@rules_app.command("new", cls=HelpCommand)
def new(rule_id: Annotated[str, typer.Argument(metavar="ID", help="The new marker's id, e.g. X-CANCEL.")],
        output: Annotated[Optional[Path], typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file.")] = None,
        rupture: Annotated[str, typer.Option(
            metavar="TYPE", help="The rupture type: withdrawal or confrontation.")] = "withdrawal") -> None:
    """Print (or write) a commented skeleton for a new marker."""
    marker_id = rule_id.strip().upper()
    try:
        text = marker_skeleton(marker_id, rupture)
    except ValueError as error:
        error_line(str(error))
        raise typer.Exit(EXIT_ERROR) from None
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        error_line(f"{output}: already exists; not overwriting it")
        raise typer.Exit(EXIT_ERROR)
    _write_or_exit(output, text)
    typer.echo(f"wrote {output}")


def _write_or_exit(output: Path, text: str) -> None:
    """Write atomically; a folder without write permission or a full disk is one line naming the file."""
    try:
        write_atomic(output, text)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None


__all__ = ["rules_app"]
