"""`rupture agree`: agreement between two codings of the same sessions (human coders, gold files, results)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from rupturecli.agreement.align import align, ambiguity_warning
from rupturecli.agreement.codes import load_coding
from rupturecli.agreement.report import build_document
from rupturecli.commands.common import error_line
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.output import write_atomic
from rupturecli.outputs.agreement import render_tables, render_terminal_text
from rupturecli.outputs.guard import refuse_clashes
from rupturecli.printable import printable


class AgreeFormat(str, Enum):
    terminal = "terminal"
    json = "json"


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
            raise RuptureError("no such folder (--transcripts)" if not transcripts.exists() else
                               "is a file; --transcripts takes the folder of the sessions' transcripts", transcripts)
        refuse_clashes([reference, compared, *([transcripts] if transcripts else [])], {"-o": output})
        first, second = load_coding(reference), load_coding(compared)
        alignment = align(first, second, transcripts)
        if not alignment.matched:
            several = ambiguity_warning(alignment.ambiguous) if alignment.ambiguous else ""
            raise RuptureError(f"no session is coded on both sides ({compared} codes none of the "
                               f"{len(first.sessions)} sessions of {reference}; sessions are matched by file "
                               "name without folder or extension" + (f"; {several}" if several else "") + ")")
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


__all__ = ["agree"]
