"""Validated rule items as plain frozen records: what a compiled rule set holds.

The schema (rules/model/) validates what a clinician writes, with pydantic. Once a pack is valid, the
compiled rule set keeps each item as a `Record` instead: the same fields under the same names, nothing
else. Reading the cached rule set back then needs neither pydantic nor the schema's classes, about a
fifth of a short note's run; a cold cache, `rules check` and every other validation still use them.
"""

from __future__ import annotations

from typing import Any


class Record:
    """One validated rule item (a marker, a pattern, the guidance...): its fields as attributes, frozen."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a rule item read from a pack is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a rule item read from a pack is frozen: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items() if not name.startswith("_"))
        return f"{type(self).__name__}({fields})"

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Record:
        """A copy with some fields changed (as the schema's models copy)."""
        return type(self)({**self.__dict__, **(update or {})})


class PatternRecord(Record):
    """A pattern (`phrase` or `regex`), with the expression its phrase compiled to when it was read."""

    phrase: str | None
    regex: str | None
    _expression: str | None

    @property
    def expression(self) -> str:
        """The `regex` expression this pattern runs: its regex, or its phrase compiled."""
        if self.regex is not None:
            return self.regex
        if self._expression is None:
            from rupturecli.rules.phrase import phrase_to_regex

            self.__dict__["_expression"] = phrase_to_regex(self.phrase or "")
        return self._expression  # type: ignore[return-value]


class StrategyRecord(Record):
    """A resolution strategy."""

    id: str

    @property
    def group_only(self) -> bool:
        """Group strategies (GR-) are looked for, and suggested, in group sessions only."""
        return self.id.startswith("GR-")


def plain(value: Any) -> Any:
    """`value` with every schema model in it (in lists and mappings too) made a record."""
    from pydantic import BaseModel

    def record(value: Any) -> Any:
        if isinstance(value, (str, int, float)) or value is None:
            return value
        if isinstance(value, BaseModel):
            fields = {name: record(getattr(value, name)) for name in type(value).model_fields}
            kind = type(value).__name__
            if kind == "Pattern":
                return PatternRecord({**fields, "_expression": value._expression})  # as compiled when it was read
            return (StrategyRecord if kind == "Strategy" else Record)(fields)
        if isinstance(value, list):
            return [record(item) for item in value]
        if isinstance(value, dict):
            return {key: record(item) for key, item in value.items()}
        return value

    return record(value)
