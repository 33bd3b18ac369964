"""Find and merge settings: flags > --config > RUPTURE_CONFIG > closest project file > user file > defaults.

A project file is `.rupture.toml` (top-level keys) or `pyproject.toml` (`[tool.rupture]`), found by
walking up from the first input; the closest one wins, and `extend = "other.toml"` inherits from
another file. `--isolated` ignores every file. Paths inside a file are relative to that file.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from rupturecli.errors import RuptureError, did_you_mean
from rupturecli.parsing.reading import read_regular
from rupturecli.printable import printable

ENVIRONMENT_VARIABLE = "RUPTURE_CONFIG"
PROJECT_FILES = (".rupture.toml", "pyproject.toml")
LIST_KEYS = ("rules", "select", "ignore", "extend-select", "client-labels", "therapist-labels")
SCALAR_KEYS = {"no-default-rules": bool, "input-kind": str, "format": str, "model": str, "no-model": bool}
TABLE_KEYS = ("check",)
KNOWN_KEYS = (*LIST_KEYS, *SCALAR_KEYS, *TABLE_KEYS, "extend")


class ConfigError(RuptureError):
    """A configuration file that cannot be read or has unknown or mistyped keys."""


@dataclass
class Settings:
    """Effective settings, with where each value came from (for `rupture config show`)."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source


def user_config_file() -> Path:
    return Path(user_config_dir("rupturecli", appauthor=False)) / "config.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs (a short note, --isolated) read no config file
        import tomllib
    else:  # pragma: no cover - exercised only on Python 3.10
        import tomli as tomllib

    data = read_regular(path, ConfigError, what="config")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))  # Notepad saves a BOM
    except RecursionError:
        raise ConfigError("config is nested too deeply", path) from None
    except UnicodeDecodeError as error:
        raise ConfigError("config is not valid UTF-8", path, data[: error.start].count(b"\n") + 1) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        if line is None and "(at line " in message:
            tail = message.rsplit("(at line ", 1)[1].rstrip(")")
            parts = tail.replace("column ", "").split(", ")
            line, column = int(parts[0]), int(parts[1]) if len(parts) > 1 else None
            message = message.rsplit(" (at line ", 1)[0]
        raise ConfigError(f"invalid TOML: {message}", path, line, column) from None


def _table(path: Path) -> dict[str, Any] | None:
    """The rupture table of a config file, or None when a pyproject.toml has none."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("rupture")
    return data


def key_line(path: Path | str, key: str, table: str | None = None) -> int | None:
    """The line of `key = ...` in a TOML config (in `[table]`, or at the top; `[tool.rupture...]` in a
    pyproject.toml), so an error about its value names the line; None when it cannot be found (an inline table)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    current: str | None = None
    wanted = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*=""")
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[+\s*([^\]]*?)\s*\]", line)
        if header:
            current = header.group(1).removeprefix("tool.rupture").lstrip(".") or None
        elif current == table and wanted.match(line):
            return number
    return None


def _check_keys(table: dict[str, Any], path: Path) -> None:
    for key, value in table.items():
        try:
            _check_key(key, value, path)
        except ConfigError as error:
            error.line = error.line or key_line(path, key)
            raise


def _check_key(key: str, value: Any, path: Path) -> None:
    if key not in KNOWN_KEYS:
        hint = did_you_mean(key, KNOWN_KEYS) or f" (known keys: {', '.join(KNOWN_KEYS)})"
        raise ConfigError(f"unknown config key '{key}'{hint}", path)
    if key in LIST_KEYS and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
        raise ConfigError(f"'{key}' must be a list of strings", path)
    if key in SCALAR_KEYS and not isinstance(value, SCALAR_KEYS[key]):
        raise ConfigError(f"'{key}' must be a {SCALAR_KEYS[key].__name__}", path)
    if key in TABLE_KEYS and not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table ([{key}])", path)


def _load_chain(path: Path, settings: Settings, seen: tuple[Path, ...] = ()) -> None:
    """Apply `path` over what it extends (the extended file first, then this one)."""
    path = path.resolve()
    if path in seen:
        raise ConfigError("config 'extend' loops back to this file", path)
    table = _table(path)
    if table is None:
        return
    _check_keys(table, path)
    if "extend" in table:
        extended = (path.parent / str(table["extend"])).resolve()
        if not extended.is_file():
            raise ConfigError(f"'extend' names a missing file: {table['extend']}", path)
        _load_chain(extended, settings, (*seen, path))
    settings.files.append(path)
    for key, value in table.items():
        if key == "extend":
            continue
        if key == "rules":
            if any(not str(item).strip() for item in value):
                raise ConfigError("rules: an empty path (give a rule pack folder or file)", path)
            value = [str((path.parent / item).resolve()) for item in value]
        if key == "model" and isinstance(value, str):
            if not value.strip():
                raise ConfigError("model: an empty path (give a model folder, or no-model = true)", path)
            value = str((path.parent / value).resolve())
        if key in TABLE_KEYS:
            merged = dict(settings.values.get(key, {}))
            merged.update(value)
            value = merged
        settings.set(key, value, str(path))


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a folder on the way this user may not read (a HOME kept by sudo, a locked
    ~/.config) counts as no file there, so config discovery never ends the run with a traceback."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_project_config(start: Path) -> Path | None:
    """The closest .rupture.toml, or pyproject.toml with [tool.rupture], at or above `start`."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in PROJECT_FILES:
            candidate = folder / name
            if _is_file(candidate) and (name != "pyproject.toml" or _table(candidate) is not None):
                return candidate
    return None


def discover_config(explicit: Path | None, inputs: list[str], isolated: bool = False) -> Path | None:
    """Which config file applies, in the documented order; None for defaults only."""
    if isolated:
        return None
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError("no such config file", explicit)
        return explicit
    environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if environment:
        path = Path(environment)
        if not path.is_file():
            raise ConfigError(f"no such config file (from ${ENVIRONMENT_VARIABLE})", path)
        return path
    first = next((Path(item) for item in inputs if item != "-"), Path.cwd())
    project = find_project_config(first if first.exists() else Path.cwd())
    if project is not None:
        return project
    user = user_config_file()
    try:
        return user if user.is_file() else None
    except OSError as error:
        sys.stderr.write(f"rupture: warning: {printable(str(user.parent))}: cannot be read "
                         f"({error.strerror or error}); the user config is not used\n")
        return None


def load_settings(explicit: Path | None, inputs: list[str], isolated: bool = False) -> Settings:
    settings = Settings()
    path = discover_config(explicit, inputs, isolated)
    if path is not None:
        _load_chain(path, settings)
    return settings
