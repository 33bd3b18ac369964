"""The text of `rupture rules list` and `rupture rules show`: a table of every rule, and one rule described
in words a clinician can check against its YAML (conditions, patterns, examples, references)."""

from __future__ import annotations

from rupturecli.printable import printable
from rupturecli.rules.compiled import RuleSet
from rupturecli.rules.loader import LoadedRules
from rupturecli.rules.model import Examples, Marker, Pattern, Strategy, TherapistMove


def columns(rows: list[tuple[str, ...]]) -> str:
    """Rows as aligned columns, one line each, never wrapped or cut: whole names at any terminal width, and
    one rule per line through a pipe (`| grep`, `| cut`). A narrow terminal folds long lines itself."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)


def rule_table(loaded: LoadedRules) -> str:
    """Every marker, strategy and therapist move: id, type, name, pack and status, one a line."""
    rows = [("id", "type", "name", "pack", "status")]
    for marker in loaded.markers.values():
        aliases = f" (alias {', '.join(marker.aliases)})" if marker.aliases else ""
        kind = marker.rupture + (" evidence" if marker.evidence_only else "")
        rows.append((marker.id, kind, marker.name + aliases, loaded.pack_of("markers", marker.id), marker.status))
    for strategy in loaded.strategies.values():
        rows.append((strategy.id, f"{strategy.approach} strategy", strategy.name,
                     loaded.pack_of("strategies", strategy.id), "stable"))
    for move in loaded.moves.values():
        rows.append((move.id, f"therapist move, {move.strength}", move.name, loaded.pack_of("moves", move.id),
                     "stable"))
    return columns([tuple(printable(cell) for cell in row) for row in rows])


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


def describe_rule(rule_set: RuleSet, rule_id: str) -> list[str] | None:
    """One marker, strategy or therapist move (by id, old id or name) in lines; None when no rule has the name."""
    loaded = rule_set.loaded
    marker = rule_set.marker(rule_id)
    if marker is not None:
        return _describe_marker(marker, loaded.where("markers", marker.id))
    strategy = rule_set.strategy(rule_id)
    if strategy is not None:
        return _describe_strategy(strategy, loaded.where("strategies", strategy.id))
    move = rule_set.move(rule_id)
    if move is not None:
        return _describe_move(move, loaded.where("moves", move.id))
    return None
