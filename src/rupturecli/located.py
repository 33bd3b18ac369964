"""Plain data read from YAML with the line and column of each value (apart from yamlsource.py, which reads
it, so that a validated rule pack read back from the cache does not load the YAML parser)."""

from __future__ import annotations

from typing import Any

Location = tuple[int, int]
PathKey = tuple[Any, ...]


class LocatedYaml:
    """Plain data from a YAML document plus the 1-based (line, column) of each path in it."""

    def __init__(self, data: Any, marks: dict[PathKey, Location]) -> None:
        self.data = data
        self.marks = marks

    def locate(self, path: PathKey) -> Location | None:
        """The mark of `path`, or of its closest ancestor that has one."""
        key = tuple(path)
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:
                return None
            key = key[:-1]
