"""Load YAML into plain Python while remembering the line and column of every value.

Pydantic reports errors by location path (`("markers", 3, "match")`); keeping a map from such
paths to YAML marks lets every validation error point at `file:line:col`. Aliases are refused
outright, which also makes alias bombs ("billion laughs") impossible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rupturecli.errors import RuptureError

Location = tuple[int, int]
PathKey = tuple[Any, ...]


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that rejects anchors' aliases instead of expanding them."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise _AliasRefused(mark.line + 1, mark.column + 1)
        return super().compose_node(parent, index)


class _AliasRefused(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__("YAML aliases are not allowed")
        self.line = line
        self.column = column


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


def _construct(node: Node, path: PathKey, marks: dict[PathKey, Location], loader: yaml.SafeLoader) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, ScalarNode) else str(key_node.value)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            result[key] = _construct(value_node, path + (key,), marks, loader)
            marks[path + (key, "__key__")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, SequenceNode):
        return [_construct(item, path + (index,), marks, loader) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml(text: str, source: Path | str) -> LocatedYaml:
    """Parse one YAML document; raise a RuptureError naming `source` and the line on failure."""
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(None, {})
        marks: dict[PathKey, Location] = {}
        data = _construct(node, (), marks, loader)
        return LocatedYaml(data, marks)
    except _AliasRefused as error:
        raise RuptureError("YAML aliases (*name) are not allowed", source, error.line, error.column) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise RuptureError(f"invalid YAML: {problem}", source, line, column) from None
    except yaml.YAMLError as error:
        raise RuptureError(f"invalid YAML: {error}", source) from None
    except RecursionError:
        raise RuptureError("invalid YAML: nested too deeply", source) from None
    finally:
        loader.dispose()
