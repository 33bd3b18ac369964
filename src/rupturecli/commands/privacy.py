"""`rupture privacy ...`: measure the redaction that --redact applies on labelled snippets, or try it on a text.

The detectors' patterns are compiled only when one of these commands runs, never when the app is built.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rupturecli.commands.common import error_line
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.printable import printable

privacy_app = typer.Typer(cls=HelpGroup, help="Measure the PHI redaction of --redact, or try it on a text.",
                          no_args_is_help=True)


@privacy_app.command("evaluate", cls=HelpCommand)
def evaluate_snippets(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="Labelled snippets (YAML): a list of text, phi (each a text and a kind) and names.",
        show_default=False)],
    misses: Annotated[bool, typer.Option(
        "--misses", help="Also list each missed span and each false alarm, with its snippet.")] = False,
) -> None:
    """Print recall and precision per kind of PHI (NAME, EMAIL, PHONE, DATE, ADDRESS, POSTCODE, ID) as a
    Markdown table.

    An expected span is found when every letter and digit of it lies inside a detection of its kind; a
    detection is correct when it overlaps an expected span of its kind. The last line counts the expected
    spans fully redacted under any placeholder. tests/phi/ holds the labelled sets. Exit codes: 0 measured;
    2 a file that cannot be read or is not labelled snippets.
    """
    from rupturecli.privacy.evaluate import evaluate, format_table, load_snippets
    from rupturecli.privacy.evaluate import misses as list_misses

    try:
        snippets = load_snippets(file)
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    typer.echo(f"{len(snippets)} snippets in {printable(str(file))}")
    typer.echo(format_table(*evaluate(snippets)))
    if misses:
        typer.echo("\n".join(list_misses(snippets)))
    raise typer.Exit(EXIT_OK)


MAX_STDIN_BYTES = 64 * 1024 * 1024  # a note is far smaller; /dev/zero is not read forever


@privacy_app.command("redact", cls=HelpCommand)
def redact(
    text: Annotated[Optional[str], typer.Argument(
        metavar="TEXT", help="The text to redact (standard input when absent or '-').", show_default=False)] = None,
) -> None:
    """Print a text with its PHI replaced by [NAME], [PHONE], [DATE]..., to see what --redact hides.

    The text is read on its own: names a session gives elsewhere (its speaker labels, its client) are not
    known here, as they are to `rupture analyze --redact`.
    """
    from rupturecli.errors import InputError
    from rupturecli.parsing.reading import decode_utf8
    from rupturecli.privacy.redact import redact_text

    try:
        # bounded: /dev/zero on standard input must not fill the memory
        stdin = text is None or text == "-"  # '-' reads standard input, as every path argument of the tool does
        given = decode_utf8(sys.stdin.buffer.read(MAX_STDIN_BYTES), "<stdin>") if stdin else text
    except InputError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    typer.echo(redact_text(given) + ("" if given.endswith("\n") else "\n"), nl=False)


__all__ = ["privacy_app"]
