"""Checking a command's option values as typer does, without building pydantic for the values that need none.

typer (0.2x) checks every parameter's value, given or not, with a pydantic TypeAdapter built on first use:
importing pydantic and building the adapters of `rupture analyze`'s parameters took a fifth of a short
note's run. A value typer hands back unchanged or by a plain lookup (an option not given, the words of a
`str` or `list[str]` parameter, a choice by its own name or member, a path its checks let through) is handed
back here the same way; any other value (a number, a misspelt choice, a path typer would refuse) goes to
typer's own adapter, which is then built as before, so every result and every error message stays typer's.
A typer that coerces otherwise (older versions use click's types) is left as it is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's own coercion (typer 0.2x); absent in other versions, which then keep theirs
    from typer._coercion import build_runtime_param
    from typer._param_types import coerce_cli_choice
except ImportError:  # pragma: no cover - depends on the installed typer
    build_runtime_param = None

TYPER = object()  # the value needs typer's own coercion


class QuickCoercion:
    """Stands in for a parameter's typer coercion until a value needs the real one, then hands it over."""

    def __init__(self, param: Any) -> None:
        self.param = param

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        quick = plain_value(value, param, ctx)
        if quick is not TYPER:
            return quick
        param._runtime_param = real = build_runtime_param(param.type_descriptor)  # typer's, built as it would be
        return real.coerce(value, param=param, ctx=ctx)


def plain_value(value: Any, param: Any, ctx: Any) -> Any:
    """What typer's coercion returns for `value`, when that needs no adapter; else TYPER."""
    multiple = param.multiple or param.nargs == -1
    if value is None:
        return () if multiple else None  # as typer's RuntimeParam.coerce
    descriptor = param.type_descriptor
    if descriptor.parameter_info.parser is not None or descriptor.file_annotation is not None:
        return TYPER
    annotation = descriptor.annotation
    if multiple:
        words = isinstance(value, (list, tuple)) and all(type(item) is str for item in value)
        return list(value) if words and get_origin(annotation) is list and get_args(annotation) == (str,) else TYPER
    if annotation is str and type(value) is str:
        return value
    if isinstance(annotation, type) and issubclass(annotation, Path) and type(value) is str:
        try:
            return _path(value, annotation, descriptor.parameter_info)
        except Exception:  # noqa: BLE001 - a path the system refuses to look at (a NUL in it): typer's message
            return TYPER
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:  # what typer's choice adapter runs; a value it refuses goes to the adapter for typer's message
            return coerce_cli_choice(value, choices=list(annotation),
                                     case_sensitive=descriptor.parameter_info.case_sensitive, ctx=ctx)
        except Exception:  # noqa: BLE001
            return TYPER
    return TYPER


def _path(value: str, annotation: type[Path], info: Any) -> Any:
    """typer's check of a path option, where it can only pass: the path, made as typer's adapter makes it (the
    annotation's own class of the word); where typer would refuse it or change it, TYPER."""
    if info.path_type is not None or info.allow_dash or info.resolve_path:
        return TYPER
    path = annotation(value)
    try:
        status = os.stat(path)
    except OSError:
        return TYPER if info.exists else path
    refused = ((not info.file_okay and stat.S_ISREG(status.st_mode))
               or (not info.dir_okay and stat.S_ISDIR(status.st_mode))
               or (info.readable and not os.access(path, os.R_OK))
               or (info.writable and not os.access(path, os.W_OK)))
    return TYPER if refused else path


def install(params: Iterable[Any]) -> None:
    """Give each typer parameter not yet checked the quick coercion."""
    if build_runtime_param is None:
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = QuickCoercion(param)
