"""The project's written training files: YAML lists of exchanges or notes, and a second coder's checks of them.

A second coder codes a writer's file blind, under `checks/<writer's folder>/<same file name>`; only what
the two agree on is learned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rupturecli.errors import InputError


def read_yaml_list(path: Path) -> list[dict[str, Any]]:
    """The mappings of a YAML list; an InputError (with the line) when it is not one."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"cannot read YAML ({type(error).__name__})", path,
                         mark.line + 1 if mark is not None else None) from None
    if not isinstance(document, list):
        raise InputError("expected a YAML list", path)
    return [item for item in document if isinstance(item, dict)]


def second_coder(path: Path, checks: Path | None) -> dict[str, dict[str, Any]]:
    """The second coder's codes of a writer's file, by id: `checks/<writer folder>/<same file name>`."""
    if checks is None:
        return {}
    check_path = checks / path.parent.name / path.name
    if not check_path.is_file():
        return {}
    return {str(item.get("id")): item for item in read_yaml_list(check_path)}


__all__ = ["read_yaml_list", "second_coder"]
