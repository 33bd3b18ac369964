"""Pydantic's validation errors mapped back to the YAML line of a rule file, with a did-you-mean for a misspelt
key: every schema error a user sees names `file:line:col` and the rule it is in."""

from __future__ import annotations

import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from rupturecli.errors import RuleError, did_you_mean
from rupturecli.located import LocatedYaml
from rupturecli.rules.model import PackFile


def _inner_type(annotation: typing.Any) -> typing.Any:
    """Strip Optional/list/dict wrappers down to the model class, if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if not args:
            return annotation
        annotation = args[-1]


def _model_at(path: tuple) -> type[BaseModel] | None:
    model: typing.Any = PackFile
    for part in path:
        if isinstance(part, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        if part not in model.model_fields:
            return None
        model = _inner_type(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


GROUP_ITEMS = {"targets": "target rule", "member_repairs": "member repair"}


def _owner_path(path: tuple) -> tuple:
    """The part of an error path that names an item: ('markers', 3) or ('group', 'targets', 0)."""
    if len(path) >= 3 and path[0] == "group" and path[1] in GROUP_ITEMS and isinstance(path[2], int):
        return path[:3]
    if len(path) >= 2 and path[0] in ("markers", "contexts", "strategies", "moves") and isinstance(path[1], int):
        return path[:2]
    return ()


def _describe(path: tuple, data: object) -> str:
    """'marker W2' style owner of an error path, for the message."""
    if len(path) >= 3 and path[0] == "group" and path[1] in GROUP_ITEMS and isinstance(path[2], int):
        try:
            item_id = data["group"][path[1]][path[2]].get("id")  # type: ignore[index]
        except (KeyError, IndexError, TypeError, AttributeError):
            item_id = None
        return f" in {GROUP_ITEMS[path[1]]} '{item_id}'" if item_id else ""
    if len(path) >= 2 and path[0] in ("markers", "contexts", "strategies", "moves") and isinstance(path[1], int):
        try:
            item_id = data[path[0]][path[1]].get("id")  # type: ignore[index]
        except (KeyError, IndexError, TypeError, AttributeError):
            item_id = None
        kind = {"strategies": "strategy", "moves": "therapist move"}.get(path[0], path[0][:-1])
        return f" in {kind} '{item_id}'" if item_id else ""
    return ""


def validation_to_rule_error(error: ValidationError, located: LocatedYaml, source: Path) -> RuleError:
    """The first pydantic error on its YAML line, with a did-you-mean for unknown keys; the others, in the
    order of the file, as its `also`."""
    found = {(str(item), item.line or 0, item.column or 0): item
             for item in (_detail_to_rule_error(detail, located, source) for detail in error.errors())}
    first, *others = found.values()
    first.also = tuple(sorted(others, key=lambda item: (item.line or 0, item.column or 0)))
    return first


def _detail_to_rule_error(detail: typing.Any, located: LocatedYaml, source: Path) -> RuleError:
    path = tuple(part for part in detail["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    owner = _describe(path, located.data)
    if detail["type"] == "extra_forbidden":
        key = str(path[-1])
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(key, allowed) or (f" (allowed: {', '.join(allowed)})" if allowed else "")
        mark = located.marks.get(path + ("__key__",)) or located.locate(path)
        return RuleError(f"unknown key '{key}'{owner}{hint}", source, *(mark or (None, None)))
    mark = located.locate(path)
    inside = path[len(_owner_path(path)):]
    where = ".".join(str(part) for part in inside if not isinstance(part, int)) if owner else ".".join(map(str, path))
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "string_pattern_mismatch" and path and path[-1] == "id":
        message = (f"{detail.get('input')!r} is no rule id: capital letters and digits, in parts joined by hyphens "
                   "(W2, X-SIGH, TC-WARN)")
    elif detail["type"] == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        got = detail.get("input")
        options = [option.strip(" '") for option in str(expected).replace(" or ", ",").split(",")]
        message = f"'{got}' is not one of {expected}" + did_you_mean(str(got), options, cutoff=0.5)
    prefix = f"{where}: " if where else ""
    return RuleError(f"{prefix}{message}{owner}", source, *(mark or (None, None)))
