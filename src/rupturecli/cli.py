"""The `rupture` command line: assembles the subcommands in `rupturecli.commands`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rupturecli import __version__
from rupturecli.commands.agree import agree
from rupturecli.commands.analyze import analyze
from rupturecli.commands.baseline import baseline_app
from rupturecli.commands.check import check
from rupturecli.commands.config_cmd import config_app
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.commands.rules import rules_app
from rupturecli.commands.train import train

app = typer.Typer(
    name="rupture",
    cls=HelpGroup,
    rich_markup_mode=None,  # usage errors as plain lines, as git and ruff print them
    help="Find alliance ruptures in psychotherapy notes and transcripts, and suggest the next repair step.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion and --show-completion, for bash, zsh, fish and PowerShell
    pretty_exceptions_enable=False,
)
app.command(cls=HelpCommand)(analyze)
app.add_typer(rules_app, name="rules")
app.add_typer(config_app, name="config")
app.command(cls=HelpCommand)(check)
app.add_typer(baseline_app, name="baseline")
app.command(cls=HelpCommand)(agree)
app.command(cls=HelpCommand)(train)


def _print_version(value: bool | None) -> None:
    """`--version` and `-V` answer before anything else is parsed, as in git and ruff."""
    if value:
        typer.echo(f"rupturecli {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: Annotated[Optional[bool], typer.Option(
        "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """Options that come before the command."""


@app.command(cls=HelpCommand)
def version() -> None:
    """Print the version (the same as --version)."""
    typer.echo(f"rupturecli {__version__}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
