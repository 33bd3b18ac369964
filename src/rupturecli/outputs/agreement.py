"""`rupture agree`'s terminal report: the agreement document (agreement/report.py) as tables."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table

from rupturecli.agreement.report import RUPTURE_TYPES, TURN_LABELS


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
