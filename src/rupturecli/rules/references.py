"""Check that every id a rule names exists, once all packs are loaded: a context in a condition (the marker's
own or one pattern's), a marker a strategy fits, a marker a significance cue or the guidance reads. A misspelt
id would otherwise make a rule silently never fire; each is an error at its `file:line:col`, with a did-you-mean.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rupturecli.errors import RuleError, did_you_mean
from rupturecli.rules.model import GroupRules, Pattern

if TYPE_CHECKING:
    from rupturecli.rules.loader import LoadedRules

# The pattern lists of each kind of item: each pattern may carry its own `when: {previous_turn: [...]}`.
PATTERN_FIELDS = {
    "markers": ("match", "narrative", "unless", "unless_previous"),
    "contexts": ("match", "unless"),
    "strategies": ("match", "narrative"),
    "moves": ("match", "narrative", "unless"),
}
OWNERS = {"markers": "marker", "contexts": "context", "strategies": "strategy", "moves": "therapist move"}

Where = tuple[str, int, int]


def check_references(rules: LoadedRules) -> None:
    """Every context and marker a rule names must exist."""
    for marker in rules.markers.values():
        owner = f"marker '{marker.id}'"
        _known_contexts(rules, owner, marker.when.previous_turn, rules.where("markers", marker.id, "when",
                                                                             "previous_turn"))
        _known_contexts(rules, owner, marker.when.previous_turn_not, rules.where("markers", marker.id, "when",
                                                                                 "previous_turn_not"))
    for kind in PATTERN_FIELDS:
        for item_id, item in getattr(rules, kind).items():
            for context_id, where in _pattern_contexts(rules, kind, item_id, item):
                _known_contexts(rules, f"{OWNERS[kind]} '{item_id}'", [context_id], where)
    for strategy in rules.strategies.values():
        for position, marker_id in enumerate(strategy.fits.markers):
            _known_marker(rules, f"strategy '{strategy.id}' fits", marker_id,
                          rules.where("strategies", strategy.id, "fits", "markers", position))
        for field in ("after_moves", "not_after_moves"):
            for position, move_id in enumerate(getattr(strategy.fits, field)):
                _known_move(rules, f"strategy '{strategy.id}' fits.{field}", move_id,
                            rules.where("strategies", strategy.id, "fits", field, position))
    for context in rules.contexts.values():
        _known_contexts(rules, f"context '{context.id}'", context.unless_context,
                        rules.where("contexts", context.id, "unless_context"))
    for move in rules.moves.values():
        for position, context_id in enumerate(move.contexts):
            _known_contexts(rules, f"therapist move '{move.id}'", [context_id],
                            rules.where("moves", move.id, "contexts", position))
    _check_markers_named_by_sections(rules)
    _check_names(rules)
    if rules.group is not None:
        _check_group(rules, rules.group)


def _pattern_contexts(rules: LoadedRules, kind: str, item_id: str, item: object) -> Iterator[tuple[str, Where]]:
    """Each context one of the item's patterns names in its own `when`, with where it is written."""
    for field in PATTERN_FIELDS[kind]:
        patterns: list[Pattern] = getattr(item, field)
        for index, pattern in enumerate(patterns):
            if pattern.when is None:
                continue
            for position, context_id in enumerate(pattern.when.previous_turn):
                yield context_id, rules.where(kind, item_id, field, index, "when", "previous_turn", position)


def _check_markers_named_by_sections(rules: LoadedRules) -> None:
    """A significance cue's `markers` and the guidance's `source_markers` name markers that exist. A copy of the
    shipped section may keep naming shipped markers (with --no-default-rules they are simply never seen)."""
    if rules.significance is not None and not _shipped(rules, "significance"):
        for position, cue in enumerate(rules.significance.cues):
            for index, marker_id in enumerate(cue.markers):
                _known_marker(rules, f"significance cue '{cue.id}' reads", marker_id,
                              rules.section_where("significance", "cues", position, "markers", index), True)
    if rules.guidance is not None and not _shipped(rules, "guidance"):
        for source, marker_ids in rules.guidance.source_markers.items():
            for index, marker_id in enumerate(marker_ids):
                _known_marker(rules, f"guidance source_markers '{source}' names", marker_id,
                              rules.section_where("guidance", "source_markers", source, index), True)


def _shipped(rules: LoadedRules, section: str) -> bool:
    """Whether the section was read from the packs shipped with rupturecli (their ids are tested)."""
    from rupturecli.rules.loader import default_rules_dir

    source = rules.sources.get((section, ""))
    return source is not None and source.path.resolve().is_relative_to(default_rules_dir().resolve())


@functools.cache
def _shipped_marker_ids() -> frozenset[str]:
    from rupturecli.rules.loader import default_rules_dir, load_rules

    loaded = load_rules([default_rules_dir()])
    return frozenset(loaded.markers) | {alias for marker in loaded.markers.values() for alias in marker.aliases}


def _known_marker(rules: LoadedRules, owner: str, marker_id: str, where: Where, shipped_too: bool = False) -> None:
    """A marker id (or an old id in a marker's `aliases`) that some loaded pack defines (`shipped_too`: or a
    shipped pack)."""
    if marker_id in rules.markers or any(marker_id in marker.aliases for marker in rules.markers.values()):
        return
    if shipped_too and marker_id in _shipped_marker_ids():
        return
    known = list(rules.markers) or (sorted(_shipped_marker_ids()) if shipped_too else [])
    raise RuleError(f"{owner} unknown marker '{marker_id}'{did_you_mean(marker_id, known)}", *where)


def _known_move(rules: LoadedRules, owner: str, move_id: str, where: Where) -> None:
    """A therapist move id (or an old id in a move's `aliases`) that some loaded pack defines."""
    if move_id in rules.moves or any(move_id in move.aliases for move in rules.moves.values()):
        return
    raise RuleError(f"{owner} names unknown therapist move '{move_id}'{did_you_mean(move_id, rules.moves)}", *where)


def _check_names(rules: LoadedRules) -> None:
    """A rule's name is another way to select it (`--ignore minimal-response`): it must not be another rule's
    name or id, or one option would switch both."""
    taken: dict[str, str] = {}
    for kind in ("markers", "strategies", "moves"):
        for item_id in getattr(rules, kind):
            taken.setdefault(item_id.casefold(), f"the id of {OWNERS[kind]} '{item_id}'")
    for kind in ("markers", "strategies", "moves"):
        for item_id, item in getattr(rules, kind).items():
            name = item.name.strip().casefold()
            holder = taken.get(name)
            if holder is not None and holder != f"the id of {OWNERS[kind]} '{item_id}'":
                raise RuleError(f"{OWNERS[kind]} '{item_id}': name '{item.name}' is already {holder} (a name selects "
                                "a rule like its id: give it a name of its own)",
                                *rules.where(kind, item_id, "name"))
            taken[name] = f"the name of {OWNERS[kind]} '{item_id}'"


def _check_group(rules: LoadedRules, group: GroupRules) -> None:
    """Target rules name known contexts; a re-labelled marker exists and keeps its rupture type."""
    for position, rule in enumerate(group.targets):
        _known_contexts(rules, f"target rule '{rule.id}'", rule.previous_context,
                        rules.section_where("group", "targets", position))
    for target, mapping in group.retarget.items():
        for found, meant in mapping.items():
            where = rules.section_where("group", "retarget", target, found)
            for marker_id in (found, meant):
                if marker_id not in rules.markers:
                    raise RuleError(f"retarget names unknown marker '{marker_id}'"
                                    f"{did_you_mean(marker_id, rules.markers)}", *where)
            if rules.markers[found].rupture != rules.markers[meant].rupture:
                raise RuleError(f"retarget: {found} is {rules.markers[found].rupture} but {meant} is "
                                f"{rules.markers[meant].rupture} (a direction never changes a rupture's type)",
                                *where)


def _known_contexts(rules: LoadedRules, owner: str, context_ids: list[str], where: Where) -> None:
    for context_id in context_ids:
        if context_id not in rules.contexts:
            raise RuleError(f"{owner} names unknown context '{context_id}'{did_you_mean(context_id, rules.contexts)}",
                            *where)
