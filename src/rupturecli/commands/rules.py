"""`rupture rules ...`: list, explain, validate, test and start rule packs without touching Python."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from rupturecli.commands.common import error_line
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.detect.examples import run_examples
from rupturecli.errors import EXIT_ERROR, EXIT_OK, EXIT_THRESHOLD, RuptureError, did_you_mean
from rupturecli.output import write_atomic
from rupturecli.printable import printable
from rupturecli.rules.compiled import RuleSet, build_rule_set, rule_names
from rupturecli.rules.loader import pack_files
from rupturecli.rules.model import Examples, Marker, Pattern, Strategy, TherapistMove

rules_app = typer.Typer(cls=HelpGroup, help="List, explain, validate and test rule packs.",
                        no_args_is_help=True)

PackPath = Annotated[Optional[Path], typer.Argument(
    metavar="PATH", help="A rule pack folder or file (default: the shipped packs).")]
ExtraRules = Annotated[Optional[list[Path]], typer.Option(
    "--rules", metavar="PATH", help="Extra packs loaded after the defaults; repeatable.")]


def _load(extra: list[Path] | None = None) -> RuleSet:
    try:
        return build_rule_set(list(extra or []))
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None


def columns(rows: list[tuple[str, ...]]) -> str:
    """Rows as aligned columns, one line each, never wrapped or cut: whole names at any terminal width, and
    one rule per line through a pipe (`| grep`, `| cut`). A narrow terminal folds long lines itself."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)


@rules_app.command("list", cls=HelpCommand)
def list_rules(rules: ExtraRules = None) -> None:
    """Every marker, strategy and therapist move: id, type, name, pack and status."""
    rule_set = _load(rules)
    loaded = rule_set.loaded
    rows = [("id", "type", "name", "pack", "status")]
    for marker in loaded.markers.values():
        aliases = f" (alias {', '.join(marker.aliases)})" if marker.aliases else ""
        kind = marker.rupture + (" evidence" if marker.evidence_only else "")
        rows.append((marker.id, kind, marker.name + aliases, loaded.sources[marker.id].pack, marker.status))
    for strategy in loaded.strategies.values():
        rows.append((strategy.id, f"{strategy.approach} strategy", strategy.name, loaded.sources[strategy.id].pack,
                     "stable"))
    for move in loaded.moves.values():
        rows.append((move.id, f"therapist move, {move.strength}", move.name, loaded.sources[move.id].pack, "stable"))
    sys.stdout.write(columns([tuple(printable(cell) for cell in row) for row in rows]))


def _patterns(title: str, patterns: list[Pattern]) -> list[str]:
    if not patterns:
        return []
    lines = [f"{title}:"]
    for pattern in patterns:
        text = f"phrase {pattern.phrase!r}" if pattern.phrase is not None else f"regex {pattern.regex}"
        if pattern.when and pattern.when.previous_turn:
            text += f"  (only after: {', '.join(pattern.when.previous_turn)})"
        lines.append(f"  - {text}")
    return lines


def _examples(examples: Examples) -> list[str]:
    """A rule's in-file examples, kind by kind."""
    lines: list[str] = []
    for kind in ("match", "no_match", "todo"):
        if items := getattr(examples, kind):
            lines.append(f"Examples ({kind}):")
            lines += [f"  - {example!r}" for example in items]
    return lines


def _describe_marker(marker: Marker, where: tuple[str, int, int]) -> list[str]:
    lines = [f"{marker.id} {marker.name} ({marker.rupture}{', evidence only' if marker.evidence_only else ''})",
             f"defined at {where[0]}:{where[1]}", ""]
    if marker.description:
        lines += [marker.description, ""]
    when = marker.when
    conditions = [f"said by the {marker.speaker}"]
    if when.previous_turn:
        conditions.append(f"the therapist's previous turn is one of: {', '.join(when.previous_turn)}")
    if when.previous_turn_not:
        conditions.append(f"the previous turn is not: {', '.join(when.previous_turn_not)}")
    if when.max_words:
        conditions.append(f"at most {when.max_words} words")
    if when.min_words:
        conditions.append(f"at least {when.min_words} words")
    guards = [name for name in ("negation", "hypothetical", "quoted") if getattr(marker.guards, name)]
    if guards:
        conditions.append(f"ignored when {', '.join(guards)}")
    lines += ["Conditions:"] + [f"  - {item}" for item in conditions]
    lines += _patterns("Client's words (match)", marker.match)
    lines += _patterns("Clinician's description (narrative)", marker.narrative)
    lines += _patterns("Look-alikes to ignore (unless)", marker.unless)
    lines += _patterns("Not after (unless_previous)", marker.unless_previous)
    lines += _examples(marker.examples)
    if marker.aliases:
        lines.append(f"Aliases: {', '.join(marker.aliases)}")
    if marker.references:
        lines.append(f"References: {'; '.join(marker.references)}")
    return lines


def _describe_strategy(strategy: Strategy, where: tuple[str, int, int]) -> list[str]:
    lines = [f"{strategy.id} {strategy.name} ({strategy.approach}, {strategy.family})",
             f"defined at {where[0]}:{where[1]}", "", strategy.guidance,
             f"Fits: {', '.join(strategy.fits.types)}"
             + (f"; markers {', '.join(strategy.fits.markers)}" if strategy.fits.markers else "")]
    lines += _patterns("Therapist's words (match)", strategy.match)
    lines += _patterns("Clinician's description (narrative)", strategy.narrative)
    if strategy.references:
        lines.append(f"References: {'; '.join(strategy.references)}")
    return lines


def _describe_move(move: TherapistMove, where: tuple[str, int, int]) -> list[str]:
    lines = [f"{move.id} {move.name} (therapist move, {move.strength})", f"defined at {where[0]}:{where[1]}", ""]
    if move.description:
        lines += [" ".join(move.description.split()), ""]
    lines += [f"Feedback names it as: {move.feedback}", f"Instead: {move.instead}"]
    if move.contexts:
        lines.append(f"Shown by therapist turns of the contexts: {', '.join(move.contexts)}")
    if move.after_cut_off:
        lines.append("Shown by a therapist turn right after a client turn that broke off mid-sentence")
    lines += _patterns("Therapist's words (match)", move.match)
    lines += _patterns("Therapist's own account in notes (narrative)", move.narrative)
    lines += _patterns("Look-alikes to ignore (unless)", move.unless)
    lines += _examples(move.examples)
    if move.references:
        lines.append(f"References: {'; '.join(move.references)}")
    return lines


def _move(loaded: Any, code: str) -> TherapistMove | None:
    """A therapist move by id, old id or name (any case)."""
    wanted = code.strip().upper()
    return next((move for move in loaded.moves.values()
                 if wanted in (move.id.upper(), move.name.upper(), *(alias.upper() for alias in move.aliases))), None)


@rules_app.command("show", cls=HelpCommand)
def show(rule_id: Annotated[str, typer.Argument(
             metavar="ID", help="A marker, strategy or therapist move: its id, an old id or its name.")],
         rules: ExtraRules = None) -> None:
    """Description, conditions, patterns, examples and references of one marker, strategy or therapist move."""
    rule_set = _load(rules)
    loaded = rule_set.loaded
    marker = rule_set.marker(rule_id)
    strategy = rule_set.strategy(rule_id) if marker is None else None
    move = _move(loaded, rule_id) if marker is None and strategy is None else None
    if marker is not None:
        lines = _describe_marker(marker, loaded.where(marker.id))
    elif strategy is not None:
        lines = _describe_strategy(strategy, loaded.where(strategy.id))
    elif move is not None:
        lines = _describe_move(move, loaded.where(move.id))
    else:
        known = [text for item in rule_names(loaded) for text in (item.id, *item.aliases, item.name)]
        error_line(f"no such rule: '{rule_id}'{did_you_mean(rule_id.strip(), known, cutoff=0.5, ignore_case=True)}")
        raise typer.Exit(EXIT_ERROR)
    typer.echo("\n".join(lines))


rules_app.command("explain", cls=HelpCommand,
                  help="Same as `show`: explain one marker or strategy.")(show)


@rules_app.command("check", cls=HelpCommand)
def check(path: PackPath = None) -> None:
    """Validate rule packs: every error as file:line:col: message. Exit 0 valid, 2 invalid."""
    extra = [path] if path else []
    try:
        if path is not None:
            pack_files(path)
        rule_set = build_rule_set(extra)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    loaded = rule_set.loaded
    files = len(pack_files(path)) if path else len(loaded.files)
    typer.echo(f"ok: {files} rule file{'s' if files != 1 else ''} valid "
               f"({len(loaded.markers)} markers, {len(loaded.contexts)} contexts, "
               f"{len(loaded.strategies)} strategies loaded)")


rules_app.command("validate", cls=HelpCommand,
                  help="Same as `check`: validate rule packs, every error as file:line:col: message.")(check)


@rules_app.command("test", cls=HelpCommand)
def test(path: PackPath = None,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list passing examples.")] = False) -> None:
    """Run every marker's in-file examples; report missed and unexpected hits with file:line.

    Exit 0 when all pass (todo examples never fail), 1 when some fail, 2 when a pack is invalid.
    """
    try:
        rule_set = build_rule_set([path] if path else [])
        only = {str(file) for file in pack_files(path)} if path else None
        results = run_examples(rule_set, only_files=only)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    failures = [result for result in results if not result.passed]
    todos = [result for result in results if result.kind == "todo"]
    for result in results:
        if not result.passed or verbose or (result.kind == "todo" and result.fired):
            typer.echo(result.describe())
    passed = len(results) - len(failures) - len(todos)
    typer.echo(f"{passed} passed, {len(failures)} failed, {len(todos)} todo")
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
        _write_or_exit(output, text)


SKELETON = """\
# A rupturecli marker. Check it with `rupture rules check FILE` and test it with `rupture rules test FILE`.
markers:
  - id: {id}                      # your own id; reuse a shipped id (W2, C3...) to replace that marker
    name: {name}          # short readable alias
    rupture: {rupture}            # withdrawal | confrontation
    speaker: client               # client | therapist (therapist: evidence in notes, e.g. "I felt bored")
    status: experimental          # stable | experimental | deprecated
    description: >-
      What the client does, and why it strains the alliance.
    message: "What was seen: '{{match}}'"
    when:                         # all optional
      previous_turn: []           # contexts of the therapist's turn before: open-question, pressure, warning,
                                  # lecture, advice, reflection, feeling-probe, question, closed-question
      max_words: 40
    match:                        # the client's own words (transcripts; quoted words in notes)
      - phrase: "cancel next week"  # words, any case and spacing; (a|b) one of, [a] optional,
      - phrase: "I (might|will|am going to) cancel"  # ... a short gap, word* its endings, * any word
      - regex: '\\bcancel\\W*$'       # a regex for what a phrase cannot say (here: the turn's last word)
    narrative:                    # a clinician's description in notes
      - phrase: "(talked|spoke) about cancel*"
    unless:                       # look-alikes to ignore in the same turn
      - phrase: "cancel (my|the) (gym|dentist)"
    guards: {{negation: true, hypothetical: true, quoted: true}}
    references: []
    examples:                     # "T: ...\\nC: ..." exchanges, lone client lines, or "NOTE: ..." notes
      match:
        - "T: How are you feeling about our sessions?\\nC: Honestly I might cancel next week."
      no_match:
        - "C: I had to cancel the dentist again."
      todo: []
"""


@rules_app.command("new", cls=HelpCommand)
def new(rule_id: Annotated[str, typer.Argument(metavar="ID", help="The new marker's id, e.g. X-CANCEL.")],
        output: Annotated[Optional[Path], typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file.")] = None,
        rupture: Annotated[str, typer.Option(
            metavar="TYPE", help="The rupture type: withdrawal or confrontation.")] = "withdrawal") -> None:
    """Print (or write) a commented skeleton for a new marker."""
    marker_id = rule_id.strip().upper()
    try:
        Marker(id=marker_id, name="x", rupture=rupture, narrative=[Pattern(phrase="x")])  # type: ignore[arg-type]
    except Exception:
        error_line(f"'{rule_id}' is not a valid marker id (capitals, digits and dashes, e.g. X-CANCEL) "
                   f"or '{rupture}' is not withdrawal/confrontation")
        raise typer.Exit(EXIT_ERROR) from None
    text = SKELETON.format(id=marker_id, name=marker_id.lower(), rupture=rupture)
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
