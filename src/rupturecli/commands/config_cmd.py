"""`rupture config show`: the effective settings and where each one came from."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from rupturecli.commands.common import ConfigFlag, IsolatedFlag, RunFlags, resolve_settings

config_app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)


@config_app.command("show")
def show(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Inputs whose closest config applies.")] = None,
    config: ConfigFlag = None,
    isolated: IsolatedFlag = False,
) -> None:
    """Print every effective setting with its source (a file, or 'default')."""
    settings = resolve_settings(list(paths or []), RunFlags(config=config, isolated=isolated))
    typer.echo("config files: " + (", ".join(str(path) for path in settings.files) or "none (defaults)"))
    defaults = {"rules": [], "no-default-rules": False, "select": [], "ignore": [], "extend-select": [],
                "input-kind": None, "client-labels": [], "therapist-labels": []}
    for key in sorted(set(defaults) | set(settings.values)):
        value = settings.values.get(key, defaults.get(key))
        source = settings.sources.get(key, "default")
        typer.echo(f"{key} = {json.dumps(value)}    # {source}")
