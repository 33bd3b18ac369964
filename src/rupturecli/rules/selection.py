"""Which markers and strategies a run uses: `--select`, `--ignore`, `--extend-select` by id or prefix."""

from __future__ import annotations

from dataclasses import dataclass, field

STRATEGY_PREFIXES = ("IM-", "EX-", "IM*", "EX*")


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
        # a selection of markers leaves strategies alone, and a selection of strategies leaves markers
        is_strategy = item_id.upper().startswith(STRATEGY_PREFIXES)
        relevant = [code for code in self.select if code.upper().startswith(STRATEGY_PREFIXES) == is_strategy]
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
