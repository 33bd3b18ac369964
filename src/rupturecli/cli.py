"""The `rupture` command line: assembles the subcommands in `rupturecli.commands`.

`rupture analyze ...` loads the analyze command alone (a short note should not wait for the training,
agreement and CI commands to be imported); help and every other command build the whole app.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, Optional

import typer

from rupturecli import __version__, startup

HELP = "Find alliance ruptures in psychotherapy notes and transcripts, and suggest the next repair step."


def _app() -> typer.Typer:
    from rupturecli.commands.helptext import HelpGroup

    app = typer.Typer(
        name="rupture",
        cls=HelpGroup,
        rich_markup_mode=None,  # usage errors as plain lines, as git and ruff print them
        help=HELP,
        no_args_is_help=True,
        add_completion=True,  # --install-completion and --show-completion, for bash, zsh, fish and PowerShell
        pretty_exceptions_enable=False,
    )
    app.callback()(main_options)
    return app


def _print_version(value: bool | None) -> None:
    """`--version` and `-V` answer before anything else is parsed, as in git and ruff."""
    if value:
        typer.echo(f"rupturecli {__version__}")
        raise typer.Exit()


def main_options(
    show_version: Annotated[Optional[bool], typer.Option(
        "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """Options that come before the command."""
    from rupturecli.errors import redact_shown_paths

    redact_shown_paths(None)  # each command sets its own (--redact); a previous one's never carries over


def version() -> None:
    """Print the version (the same as --version)."""
    typer.echo(f"rupturecli {__version__}")


def build_app() -> typer.Typer:
    """Every command."""
    from rupturecli.commands.agree import agree
    from rupturecli.commands.analyze import analyze
    from rupturecli.commands.baseline import baseline_app
    from rupturecli.commands.check import check
    from rupturecli.commands.config_cmd import config_app
    from rupturecli.commands.helptext import HelpCommand
    from rupturecli.commands.privacy import privacy_app
    from rupturecli.commands.rules import rules_app
    from rupturecli.commands.train import train

    app = _app()
    app.command(cls=HelpCommand)(analyze)
    app.add_typer(rules_app, name="rules")
    app.add_typer(config_app, name="config")
    app.command(cls=HelpCommand)(check)
    app.add_typer(baseline_app, name="baseline")
    app.command(cls=HelpCommand)(agree)
    app.command(cls=HelpCommand)(train)
    app.add_typer(privacy_app, name="privacy")
    app.command(cls=HelpCommand)(version)
    return app


def _analyze_app() -> typer.Typer:
    """`rupture analyze` alone, still as a subcommand of `rupture`."""
    from rupturecli.commands.analyze import analyze
    from rupturecli.commands.helptext import HelpCommand

    app = _app()
    app.command(cls=HelpCommand)(analyze)
    return app


def __getattr__(name: str) -> Any:
    """`rupturecli.cli.app`: the whole app, built on first use."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main() -> None:
    arguments = sys.argv[1:]
    # A pydantic plugin sees every object the tool validates, note text included, and may send it elsewhere
    # (observability plugins do): none is loaded, which also spares scanning every installed package's metadata.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        if arguments[:1] == ["analyze"]:
            # The analysis does no matrix algebra: one BLAS thread, not a pool of one per core started at import.
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            startup.load_first()
            _analyze_app()()
        else:
            build_app()()
    except SystemExit as done:
        startup.exit_now(done.code)


if __name__ == "__main__":
    main()
