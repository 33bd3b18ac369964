"""Load YAML into plain Python while remembering the line and column of every value.

Pydantic reports errors by location path (`("markers", 3, "match")`); keeping a map from such
paths to YAML marks lets every validation error point at `file:line:col`. Aliases are refused
outright, which also makes alias bombs ("billion laughs") impossible.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rupturecli.errors import RuptureError
from rupturecli.located import LocatedYaml, Location, PathKey
from rupturecli.printable import looks_like_key, shown_key

__all__ = ["LocatedYaml", "load_yaml"]


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that rejects anchors' aliases instead of expanding them."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(event.start_mark.index)
        return super().compose_node(parent, index)


class _AliasRefused(Exception):
    def __init__(self, index: int) -> None:
        super().__init__("YAML aliases are not allowed")
        self.index = index


class _Lines:
    """1-based line and column of a character offset, counting only line feeds, as editors and `grep -n` do
    (PyYAML's own marks also break lines at U+0085, U+2028 and U+2029, which would shift every later line)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, index: int) -> Location:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _BadValue(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class _DuplicateKey(_BadValue):
    """A key given twice in one mapping."""


def _construct(node: Node, path: PathKey, marks: dict[PathKey, Location], loader: yaml.SafeLoader,
               lines: _Lines) -> Any:
    marks[path] = lines.at(node.start_mark.index)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, ScalarNode) else str(key_node.value)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in result:  # YAML keeps the last silently: the first value (a turn's words) would be lost
                first = marks[path + (key, "__key__")][0]
                raise _DuplicateKey(f"duplicate key {shown_key(key)} (first at line {first})",
                                    *lines.at(key_node.start_mark.index))
            result[key] = _construct(value_node, path + (key,), marks, loader, lines)
            marks[path + (key, "__key__")] = lines.at(key_node.start_mark.index)
        return result
    if isinstance(node, SequenceNode):
        return [_construct(item, path + (index,), marks, loader, lines) for index, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, IndexError, TypeError, AttributeError):  # looks typed but is not: a date
        # 2026-13-45, or text tagged !!timestamp
        kind = node.tag.rsplit(":", 1)[-1]
        what = "date" if kind == "timestamp" else kind
        where = ".".join(str(part) if looks_like_key(part) else "..." for part in path) or "document"
        raise _BadValue(f"{where}: not a valid {what}", *marks[path]) from None  # the value may be PHI


def _line_of(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    line = before.count("\n") + 1
    return line, position - (before.rfind("\n") + 1) + 1


def load_yaml(text: str, source: Path | str, error: type[RuptureError] = RuptureError) -> LocatedYaml:
    """Parse one YAML document; raise `error` (an input or a rule error) naming `source` and the line."""
    loader: _NoAliasLoader | None = None
    lines = _Lines(text)
    try:
        loader = _NoAliasLoader(text)
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(None, {})
        marks: dict[PathKey, Location] = {}
        data = _construct(node, (), marks, loader, lines)
        return LocatedYaml(data, marks)
    except _AliasRefused as refused:
        raise error("YAML aliases (*name) are not allowed", source, *lines.at(refused.index)) from None
    except yaml.reader.ReaderError as bad:
        line, column = _line_of(text, bad.position)
        raise error(f"invalid YAML: control character #x{bad.character:02x} is not allowed (quote or remove it)",
                    source, line, column) from None
    except yaml.MarkedYAMLError as bad:
        mark = bad.problem_mark or bad.context_mark
        problem = bad.problem or "invalid YAML"
        line, column = lines.at(mark.index) if mark else (None, None)
        raise error(f"invalid YAML: {problem}", source, line, column) from None
    except yaml.YAMLError as bad:
        raise error(f"invalid YAML: {bad}", source) from None
    except RecursionError:
        raise error("invalid YAML: nested too deeply", source) from None
    except (ValueError, OverflowError):  # the scanner's own: an escape beyond Unicode ("\\U00110000")
        raise error("invalid YAML: a character escape beyond Unicode", source) from None
    except _DuplicateKey as duplicate:
        raise error(f"invalid YAML: {duplicate}", source, duplicate.line, duplicate.column) from None
    except _BadValue as bad:
        message = f"invalid YAML value at {bad} (quote it to keep it as text)"
        raise error(message, source, bad.line, bad.column) from None
    finally:
        if loader is not None:
            loader.dispose()

