"""Plain data read from YAML with the line and column of each value (apart from yamlsource.py, which reads
it, so that a validated rule pack read back from the cache does not load the YAML parser)."""

from __future__ import annotations

import pickle
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


class PackedMarks(LocatedYaml):
    """A rule file's marks as a compiled rule set keeps them: without the data, and kept packed (pickled apart)
    until a line is asked for. Only a message or `rules check` names a line; unpickling every mark of every pack
    took a quarter of reading the rule set back."""

    def __init__(self, packed: bytes) -> None:
        self.data = None
        self._packed = packed
        self._marks: dict[PathKey, Location] | None = None

    @classmethod
    def of(cls, located: LocatedYaml) -> PackedMarks:
        return cls(pickle.dumps(located.marks, protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def marks(self) -> dict[PathKey, Location]:  # type: ignore[override]
        if self._marks is None:
            self._marks = pickle.loads(self._packed)  # noqa: S301 - packed by `of`, kept inside our own cache entry
        return self._marks

    def __reduce__(self) -> tuple[type[PackedMarks], tuple[bytes]]:
        return PackedMarks, (self._packed,)
