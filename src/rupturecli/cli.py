"""The `rupture` command line: assembles the subcommands in `rupturecli.commands`.

`rupture analyze ...` loads the analyze command alone (a short note should not wait for the training,
agreement and CI commands to be imported); help and every other command build the whole app.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from rupturecli import __version__

HELP = "Find alliance ruptures in psychotherapy notes and transcripts, and suggest the next repair step."


def _app() -> typer.Typer:
    return typer.Typer(name="rupture", help=HELP, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False)


def version() -> None:
    """Print the version."""
    typer.echo(f"rupturecli {__version__}")


def build_app() -> typer.Typer:
    """Every command."""
    from rupturecli.commands.agree import agree
    from rupturecli.commands.analyze import analyze
    from rupturecli.commands.baseline import baseline_app
    from rupturecli.commands.check import check
    from rupturecli.commands.config_cmd import config_app
    from rupturecli.commands.rules import rules_app
    from rupturecli.commands.train import train

    app = _app()
    app.command()(analyze)
    app.add_typer(rules_app, name="rules")
    app.add_typer(config_app, name="config")
    app.command()(check)
    app.add_typer(baseline_app, name="baseline")
    app.command()(agree)
    app.command()(train)
    app.command()(version)
    return app


def _analyze_app() -> typer.Typer:
    """`rupture analyze` alone, still as a subcommand of `rupture`."""
    from rupturecli.commands.analyze import analyze

    app = _app()
    app.command()(analyze)
    app.callback()(_group)
    return app


def _group() -> None:
    pass


def __getattr__(name: str) -> Any:
    """`rupturecli.cli.app`: the whole app, built on first use."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["analyze"]:
        # The analysis does no matrix algebra: one BLAS thread, not a pool of one per core started at import.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        _analyze_app()()
    else:
        build_app()()


if __name__ == "__main__":
    main()
