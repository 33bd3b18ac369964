"""Which markers, strategies and therapist moves a run uses: `--select`, `--ignore`, `--extend-select` by id,
prefix, glob or name.

A code that matches nothing is an error (a typo must never silently turn every rule off).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from rupturecli.errors import RuleError, did_you_mean

if TYPE_CHECKING:
    from rupturecli.rules.loader import LoadedRules

GLOB_CHARACTERS = frozenset("*?[")
OPTIONS = (("select", "select"), ("ignore", "ignore"), ("extend_select", "extend-select"))


@dataclass(frozen=True)
class RuleName:
    """What a code can name: a marker, strategy or therapist move's id, its old ids (`aliases`) and its name."""

    id: str
    aliases: tuple[str, ...]
    name: str
    kind: str  # "marker", "strategy" or "move": each kind is selected on its own


def rule_names(loaded: LoadedRules) -> list[RuleName]:
    """Every marker and strategy by id, old ids and name: what `--select` and `rules show` accept."""
    return ([RuleName(marker.id, tuple(marker.aliases), marker.name, "marker") for marker in loaded.markers.values()]
            + [RuleName(strategy.id, (), strategy.name, "strategy") for strategy in loaded.strategies.values()]
            + [RuleName(move.id, tuple(move.aliases), move.name, "move") for move in loaded.moves.values()])


def matches(code: str, item: RuleName) -> bool:
    """'W' matches W1..W7 and 'C5' matches C5 (prefixes of the id or an old id); 'EX-*' or '*-INVITE' are globs
    over the same; 'minimal-response' matches the marker of that name (a whole name, any case)."""
    code = code.strip().upper()
    if not code:
        return False
    ids = [item.id.upper(), *(alias.upper() for alias in item.aliases)]
    if GLOB_CHARACTERS & set(code):
        return any(fnmatchcase(candidate, code) for candidate in ids)
    return any(candidate.startswith(code) for candidate in ids) or code == item.name.strip().upper()


@dataclass(frozen=True)
class Selection:
    """An empty `select` keeps everything; `ignore` wins over `select` and `extend_select`.

    `sources` says where each list came from ("command line", or a config file's path), for error messages only.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = field(default_factory=tuple)
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def kept(self, items: list[RuleName]) -> set[str]:
        """The ids of `items` this selection keeps; a code that names none of them is a RuleError."""
        self.check(items)
        kept = set()
        for item in items:
            if any(matches(code, item) for code in self.ignore):
                continue
            # a selection of markers leaves strategies and therapist moves alone, and so on
            same_kind = [code for code in self.select
                         if any(matches(code, other) for other in items if other.kind == item.kind)]
            if not same_kind or any(matches(code, item) for code in same_kind + list(self.extend_select)):
                kept.add(item.id)
        return kept

    def check(self, items: list[RuleName]) -> None:
        """Every code must name at least one marker, strategy or therapist move: one line naming the option, with a
        suggestion."""
        for attribute, key in OPTIONS:
            for code in getattr(self, attribute):
                if any(matches(code, item) for item in items):
                    continue
                known = [text for item in items for text in (item.id, *item.aliases, item.name)]
                hint = did_you_mean(code, known, cutoff=0.5, ignore_case=True) or " (`rupture rules list` shows them)"
                source = self.sources.get(key, "command line")
                if source == "command line":
                    raise RuleError(f"--{key} '{code}' matches no marker, strategy or therapist move{hint}")
                raise RuleError(f"{key}: '{code}' matches no marker, strategy or therapist move{hint}", source)

    @classmethod
    def parse(cls, select: list[str] | None, ignore: list[str] | None,
              extend_select: list[str] | None = None, sources: dict[str, str] | None = None) -> Selection:
        """Codes may be repeated options or comma-separated lists."""

        def split(values: list[str] | None) -> tuple[str, ...]:
            return tuple(code.strip() for value in values or [] for code in value.split(",") if code.strip())

        return cls(split(select), split(ignore), split(extend_select), dict(sources or {}))

    def deprecated_only(self, loaded: LoadedRules) -> list[str]:
        """The `--select` and `--extend-select` codes that name deprecated markers and nothing else: a run never
        uses a deprecated marker, so such a code selects nothing at all."""
        deprecated = {marker.id for marker in loaded.markers.values() if marker.status == "deprecated"}
        items = rule_names(loaded)
        found = []
        for code in (*self.select, *self.extend_select):
            named = {item.id for item in items if matches(code, item)}
            if named and named <= deprecated:
                found.append(code)
        return found
