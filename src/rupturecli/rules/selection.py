"""Which markers, strategies and therapist moves a run uses: `--select`, `--ignore`, `--extend-select`."""

from __future__ import annotations

from dataclasses import dataclass, field

STRATEGY_PREFIXES = ("IM-", "EX-", "IM*", "EX*")
MOVE_PREFIXES = ("TC-", "TC*")


def family(code: str) -> str:
    """Markers, strategies and therapist moves are selected separately: which one a code or id names."""
    upper = code.strip().upper()
    if upper.startswith(STRATEGY_PREFIXES):
        return "strategy"
    if upper.startswith(MOVE_PREFIXES):
        return "move"
    return "marker"


def _matches(code: str, item_id: str, aliases: list[str]) -> bool:
    """'W' matches W1..W7, 'C5' matches C5, 'EX-*' matches every exploratory strategy; aliases count."""
    code = code.strip().upper().rstrip("*")
    if not code:
        return False
    return any(candidate.upper().startswith(code) for candidate in [item_id, *aliases])


@dataclass(frozen=True)
class Selection:
    """An empty `select` keeps everything; `ignore` wins over `select` and `extend_select`."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = field(default_factory=tuple)

    def keeps(self, item_id: str, aliases: list[str]) -> bool:
        if any(_matches(code, item_id, aliases) for code in self.ignore):
            return False
        # a selection of markers leaves strategies and therapist moves alone, and so on
        kind = family(item_id)
        relevant = [code for code in self.select if family(code) == kind]
        if not relevant:
            return True
        return any(_matches(code, item_id, aliases) for code in relevant + list(self.extend_select))

    @classmethod
    def parse(cls, select: list[str] | None, ignore: list[str] | None,
              extend_select: list[str] | None = None) -> Selection:
        """Codes may be repeated options or comma-separated lists."""

        def split(values: list[str] | None) -> tuple[str, ...]:
            return tuple(code.strip() for value in values or [] for code in value.split(",") if code.strip())

        return cls(split(select), split(ignore), split(extend_select))
