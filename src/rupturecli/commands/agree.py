"""`rupture agree`: agreement between two codings of the same sessions (human coders, gold files, results)."""

from __future__ import annotations

import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from rupturecli.agreement.align import Alignment, align
from rupturecli.agreement.codes import load_coding
from rupturecli.agreement.coding import Coding
from rupturecli.agreement.report import RUPTURE_TYPES, TURN_LABELS, session_report, turn_report
from rupturecli.commands.common import error_line
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.output import write_atomic
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.printable import printable

SCHEMA_VERSION = 1


class AgreeFormat(str, Enum):
    terminal = "terminal"
    json = "json"


def build_document(reference: Coding, compared: Coding, alignment: Alignment) -> dict[str, Any]:
    """The JSON document: both sides, the sessions paired, turn- and session-level statistics."""
    turn_pairs = [(pair.reference, pair.compared) for pair in alignment.turns]
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": {"path": reference.path, "kind": reference.kind, "sessions": len(reference.sessions)},
        "compared": {"path": compared.path, "kind": compared.kind, "sessions": len(compared.sessions)},
        "sessions": {
            "matched": len(alignment.matched),
            "only_reference": alignment.only_reference,
            "only_compared": alignment.only_compared,
            "session_level_only": alignment.session_level_only,
            "flagged_turns_only": alignment.flagged_turns_only,
        },
        "turn_level": turn_report(turn_pairs),
        "session_level": session_report([(pair.reference, pair.compared, pair.reference_types, pair.compared_types)
                                         for pair in alignment.sessions]),
        "disagreements": [
            {"session": pair.session, "turn": pair.turn, "reference": pair.reference, "compared": pair.compared}
            for pair in alignment.turns
            if pair.reference != pair.compared and "uncertain" not in (pair.reference, pair.compared)
        ],
        "warnings": alignment.warnings,
    }


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_tables(console: Console, document: dict[str, Any]) -> None:
    """The Rich report: turn-level agreement, precision/recall/F1, the confusion matrix, session level."""
    reference, compared = document["reference"], document["compared"]
    console.print(f"[bold]Agreement[/bold] of {compared['path']} ({compared['kind']}, {compared['sessions']} "
                  f"sessions) with the reference {reference['path']} ({reference['kind']}, "
                  f"{reference['sessions']} sessions): {document['sessions']['matched']} sessions on both sides.",
                  highlight=False)
    turns, sessions = document["turn_level"], document["session_level"]
    if not turns["total"]:
        console.print("No turn is coded on both sides: session level only.", highlight=False)
    else:
        _turn_tables(console, turns)
    _session_table(console, sessions)


def _turn_tables(console: Console, turns: dict[str, Any]) -> None:
    console.print(f"Turns: {turns['scored']} scored, {turns['excluded_uncertain']} excluded as uncertain; "
                  f"{turns['untyped']} of no agreed type ('rupture') count in rupture vs none only.", highlight=False)

    table = Table(title="Turn level", title_justify="left")
    table.add_column("statistic")
    table.add_column("none / withdrawal / confrontation", justify="right")
    table.add_column("rupture vs none", justify="right")
    rupture = turns["rupture"]
    table.add_row("turns", str(turns["typed"]), str(turns["scored"]))
    for key, name in (("observed_agreement", "observed agreement"), ("cohen_kappa", "Cohen's kappa"),
                      ("krippendorff_alpha", "Krippendorff's alpha (nominal)")):
        table.add_row(name, _number(turns[key]), _number(rupture[key]))
    console.print(table)

    table = Table(title="Turn level: precision, recall, F1 (of the compared side against the reference)",
                  title_justify="left")
    for name in ("label", "precision", "recall", "F1", "reference", "compared", "agreed"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label in RUPTURE_TYPES:
        item = turns["by_type"][label]
        table.add_row(label, _number(item["precision"]), _number(item["recall"]), _number(item["f1"]),
                      str(item["support"]), str(item["predicted"]), str(item["true_positives"]))
    micro, macro = turns["micro"], turns["macro"]
    table.add_row("micro average", _number(micro["precision"]), _number(micro["recall"]), _number(micro["f1"]),
                  str(micro["support"]), str(micro["predicted"]), str(micro["true_positives"]))
    table.add_row("macro average", _number(macro["precision"]), _number(macro["recall"]), _number(macro["f1"]),
                  "", "", "")
    table.add_row("any rupture", _number(rupture["precision"]), _number(rupture["recall"]), _number(rupture["f1"]),
                  str(rupture["support"]), str(rupture["predicted"]), str(rupture["true_positives"]))
    console.print(table)

    table = Table(title="Turn level: confusion matrix", title_justify="left")
    table.add_column("reference \\ compared")
    for label in TURN_LABELS:
        table.add_column(label, justify="right")
    for label, row in zip(TURN_LABELS, turns["confusion"], strict=True):
        table.add_row(label, *(str(count) for count in row))
    console.print(table)


def _session_table(console: Console, sessions: dict[str, Any]) -> None:
    table = Table(title=f"Session level ({sessions['scored']} sessions scored, "
                        f"{sessions['excluded_uncertain']} excluded as uncertain)", title_justify="left",
                  caption="P, R: precision and recall of the compared side; ref, comp: sessions each side "
                          "codes so", caption_justify="left")
    for name in ("session has", "agree", "kappa", "alpha", "P", "R", "F1", "ref", "comp"):
        table.add_column(name, justify="left" if name == "session has" else "right")
    for name, item in (("rupture", sessions["rupture"]),
                       *((label, sessions["by_type"][label]) for label in RUPTURE_TYPES)):
        table.add_row(name, _number(item["observed_agreement"]), _number(item["cohen_kappa"]),
                      _number(item["krippendorff_alpha"]), _number(item["precision"]), _number(item["recall"]),
                      _number(item["f1"]), str(item["support"]), str(item["predicted"]))
    console.print(table)


def render_terminal_text(document: dict[str, Any], width: int = 100) -> str:
    """The Rich report as plain text, for -o FILE."""
    buffer = io.StringIO()
    render_tables(Console(file=buffer, width=width, color_system=None, highlight=False, emoji=False), document)
    return buffer.getvalue()


def agree(
    reference: Annotated[Path, typer.Argument(
        metavar="REFERENCE",
        help="The reference codes: a human-codes CSV (file,turn,label[,marker]), gold-dev gold.json, coder files "
             "(a file or folder) or rupturecli results.", show_default=False)],
    compared: Annotated[Path, typer.Argument(
        metavar="COMPARED",
        help="The codes compared with it: rupturecli results (--format jsonl or json) or another coder's file.",
        show_default=False)],
    output_format: Annotated[AgreeFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Tables (terminal) or one JSON document.")] = AgreeFormat.terminal,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report here (atomically).")] = None,
    transcripts: Annotated[Optional[Path], typer.Option(
        "--transcripts", metavar="DIR",
        help="A folder with the sessions' transcripts: their client turns are scored when "
        "neither side lists every turn (results and coder files list ruptures only).")] = None,
) -> None:
    """Agreement between two codings of the same sessions: kappa, alpha, precision/recall/F1, confusion.

    The first file is the reference. Sessions are matched by file name without folder or extension.
    Exit codes: 0 the statistics were computed; 2 a missing or malformed file, or no session on both sides.
    """
    try:
        if transcripts is not None and not transcripts.is_dir():
            raise RuptureError("not a folder (--transcripts)", transcripts)
        refuse_clashes([reference, compared, *([transcripts] if transcripts else [])], {"-o": output})
        first, second = load_coding(reference), load_coding(compared)
        alignment = align(first, second, transcripts)
        if not alignment.matched:
            raise RuptureError(f"no session is coded on both sides ({compared} codes none of the "
                               f"{len(first.sessions)} sessions of {reference}; sessions are matched by file "
                               "name without folder or extension)")
        document = build_document(first, second, alignment)
        for warning in alignment.warnings:
            sys.stderr.write(f"rupture: warning: {printable(warning)}\n")
        if output_format == AgreeFormat.json:
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        elif output is not None:
            text = render_terminal_text(document)
        else:
            render_tables(Console(highlight=False, emoji=False), document)
            raise typer.Exit(EXIT_OK)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    except OSError as error:  # a folder or file the system will not let us read: say which, no traceback
        where = f"{error.filename}: " if error.filename else ""
        error_line(f"{where}{error.strerror or 'input/output error'}")
        raise typer.Exit(EXIT_ERROR) from None
    raise typer.Exit(EXIT_OK)


__all__ = ["agree", "build_document", "render_tables"]
