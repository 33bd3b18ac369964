"""Help pages that read like git's and ruff's, at any terminal width.

A usage line with real metavars (`rupture check [OPTIONS] PATH...`), the docstring's paragraphs reflowed,
then the options: `-f, --format FORMAT` (a flag has no metavar), the help beside it or, on a narrow
terminal, under it, with the default and the possible values after it. Lines break between words only:
never inside a word or at a hyphen (`--fail-on-significance` stays whole).
"""

from __future__ import annotations

import inspect
import re
import shutil
import textwrap
from enum import Enum
from typing import Any

from typer.core import TyperCommand, TyperGroup

from rupturecli.commands.coercion import install

MAX_WIDTH = 100  # as clap (ruff) does: wide terminals still get readable lines
MIN_WIDTH = 40
TERM_COLUMN_LIMIT = 30  # a longer option name puts its help on the next line
NARROW = 60  # below this, every option's help goes under it


def help_width() -> int:
    """The terminal's width (COLUMNS when set), within 40-100 columns, less a margin."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(columns, MAX_WIDTH)) - 1


KEEP = "\u00a0"  # joins words that must stay on one line ("[default: concise]"); a space once printed


def wrap(text: str, width: int, indent: str = "", first_indent: str | None = None) -> list[str]:
    """Words to lines, breaking only at spaces: a long word (a path, an option) overflows rather than splits."""
    words = re.sub(r"[ \t\r\n]+", " ", text).strip()
    lines = textwrap.wrap(words, width=max(width, 10), initial_indent=indent if first_indent is None else first_indent,
                          subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [""]
    return [line.replace(KEEP, " ") for line in lines]


def paragraphs(text: str, width: int, indent: str = "  ") -> list[str]:
    """A docstring's paragraphs, each reflowed (a paragraph starting with a \\b line is kept as written)."""
    text = inspect.cleandoc(text).partition("\f")[0]
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if not paragraph.strip():
            continue
        if lines:
            lines.append("")
        if paragraph.startswith("\b"):
            lines += [indent + line for line in paragraph.splitlines()[1:]]
        else:
            lines += wrap(paragraph, width, indent)
    return lines


def _display(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _choices(param: Any) -> list[str]:
    """The values a choice option takes, whichever typer or click made it."""
    for holder in (getattr(param, "type", None), getattr(param, "type_descriptor", None)):
        choices = getattr(holder, "choices", None)
        if choices:
            return [_display(choice) for choice in choices]
    return []


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


def metavar(param: Any) -> str:
    """FORMAT, PATH, N...: the parameter's own metavar, else its name in capitals."""
    return param.metavar or (param.name or "value").upper()


def _usage_piece(argument: Any) -> str:
    piece = metavar(argument) + ("..." if argument.nargs != 1 else "")
    return piece if argument.required else f"[{piece}]"


def usage(command: Any, ctx: Any) -> str:
    pieces = ["[OPTIONS]"] + [_usage_piece(param) for param in command.get_params(ctx)
                              if getattr(param, "param_type_name", "") == "argument"]
    if isinstance(command, TyperGroup):
        pieces.append(command.subcommand_metavar or "COMMAND [ARGS]...")
    return f"Usage: {ctx.command_path} {' '.join(pieces)}"


def _option_term(param: Any) -> str:
    """`-f, --format FORMAT`, `    --isolated`, `    --no-model / --with-model`: long options line up."""
    shorts = [name for name in param.opts if not name.startswith("--")]
    longs = [name for name in param.opts if name.startswith("--")]
    names = ", ".join(shorts + longs) if shorts else "    " + ", ".join(longs)
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    return names if _is_flag(param) else f"{names} {metavar(param)}"


def _option_help(param: Any) -> str:
    """The help, then [default: ...] for an option with a value, then the possible values of a choice."""
    text = " ".join((param.help or "").split())
    default = getattr(param, "default", None)
    show = getattr(param, "show_default", True)
    if isinstance(show, str) and show:  # click's convention: a default told in words ("5, or the config's")
        text += f" [default:{KEEP}{show}]".replace(" ", KEEP).replace(KEEP + "[", " [", 1)
    elif (not _is_flag(param) and show is not False and default not in (None, "", (), [])
            and not callable(default)):
        text += f" [default:{KEEP}{_display(default)}]".replace(" ", KEEP).replace(KEEP + "[", " [", 1)
    choices = _choices(param)
    if choices:
        text += f" [possible{KEEP}values: {', '.join(choices)}]"
    return text.strip()


def _definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Terms and their help: side by side when there is room, the help under a long term (or all of them,
    on a narrow terminal), indented so the terms stand out."""
    if not rows:
        return []
    widest = max((len(term) for term, _ in rows if len(term) <= TERM_COLUMN_LIMIT), default=0)
    column = 2 + widest + 2
    stacked = width < NARROW
    lines: list[str] = []
    for term, text in rows:
        if stacked:
            bare = term.lstrip()
            lines += wrap(bare, width, " " * 8, first_indent="  " + term[: len(term) - len(bare)])
            if text:
                lines += wrap(text, width, " " * 10)
            continue
        if len(term) > TERM_COLUMN_LIMIT or not text:
            lines.append(f"  {term}")
            if text:
                lines += wrap(text, width, " " * column)
            continue
        lines += wrap(text, width, " " * column, first_indent=f"  {term}".ljust(column))
    return lines


def render_help(command: Any, ctx: Any, width: int | None = None) -> str:
    width = width or help_width()
    lines = wrap(usage(command, ctx), width, " " * 7, first_indent="")
    if command.help:
        lines += [""] + paragraphs(command.help, width)
    params = [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]
    arguments = [(metavar(param) + ("..." if param.nargs != 1 else ""), " ".join((param.help or "").split()))
                 for param in params if getattr(param, "param_type_name", "") == "argument"]
    options = [(_option_term(param), _option_help(param))
               for param in params if getattr(param, "param_type_name", "") == "option"]
    if arguments:
        lines += ["", "Arguments:"] + _definitions(arguments, width)
    if options:
        lines += ["", "Options:"] + _definitions(options, width)
    if isinstance(command, TyperGroup):
        commands = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            summary = sub.short_help or inspect.cleandoc(sub.help or "").partition("\n\n")[0]
            commands.append((name, " ".join(summary.split())))
        if commands:
            lines += ["", "Commands:"] + _definitions(commands, width)
    return "\n".join(line.rstrip() for line in lines) + "\n"


class HelpCommand(TyperCommand):
    """A typer command whose --help and usage line come from `render_help` (and whose plain values are checked
    without pydantic: coercion.py)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        install(params)
        return params

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write(usage(self, ctx) + "\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))


class HelpGroup(TyperGroup):
    """A typer group (`rupture`, `rupture rules`...) whose --help and usage come from `render_help`."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        install(params)
        return params

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write(usage(self, ctx) + "\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))
