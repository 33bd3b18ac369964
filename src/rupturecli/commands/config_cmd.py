"""`rupture config show`: the effective settings and where each one came from."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from rupturecli.checks.thresholds import CHECK_KEYS, DEFAULT_THRESHOLDS
from rupturecli.commands.common import ConfigFlag, IsolatedFlag, RunFlags, resolve_settings
from rupturecli.commands.helptext import HelpCommand, HelpGroup
from rupturecli.errors import did_you_mean
from rupturecli.printable import printable

config_app = typer.Typer(cls=HelpGroup, help="Show the effective configuration.", no_args_is_help=True)


@config_app.command("show", cls=HelpCommand)
def show(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="PATH", help="Inputs whose closest config applies.")] = None,
    config: ConfigFlag = None,
    isolated: IsolatedFlag = False,
) -> None:
    """Print every effective setting with its source (a file, or 'default')."""
    settings = resolve_settings(list(paths or []), RunFlags(config=config, isolated=isolated), missing_packs="warn")
    typer.echo("config files: " + (", ".join(str(path) for path in settings.files) or "none (defaults)"))
    defaults = {"rules": [], "no-default-rules": False, "select": [], "ignore": [], "extend-select": [],
                "input-kind": None, "client-labels": [], "therapist-labels": []}
    for key in sorted((set(defaults) | set(settings.values)) - {"check"}):
        value = settings.values.get(key, defaults.get(key))
        source = settings.sources.get(key, "default")
        typer.echo(f"{key} = {json.dumps(value)}    # {source}")
    check = settings.values.get("check") or {}
    check_source = settings.sources.get("check", "default")
    for key in check:
        if key not in CHECK_KEYS:  # `rupture check` refuses it: say so here, not just "not set" for the meant key
            hint = did_you_mean(key, CHECK_KEYS) or f" (known keys: {', '.join(CHECK_KEYS)})"
            sys.stderr.write(f"rupture: warning: {printable(check_source)}: unknown key '{printable(key)}' in "
                             f"[check]{hint}\n")
    if not check:
        typer.echo(f"check: {DEFAULT_THRESHOLDS.describe()} fails    # default (no [check] table)")
    for key in CHECK_KEYS:
        if key in check:
            typer.echo(f"check.{key} = {json.dumps(check[key])}    # {check_source}")
        elif check:
            typer.echo(f"check.{key} = null    # not set")
