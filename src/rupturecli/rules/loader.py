"""Find rule packs, load their YAML with line marks, validate them, and report `file:line:col`."""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from rupturecli import cache
from rupturecli.errors import RuleError, did_you_mean
from rupturecli.located import LocatedYaml
from rupturecli.parsing.reading import read_regular
from rupturecli.rules import model as rule_model
from rupturecli.rules import phrase as rule_phrase
from rupturecli.rules.model import (
    Context,
    GroupRules,
    Guidance,
    Marker,
    PackFile,
    Significance,
    Strategy,
    TherapistMove,
)


def default_rules_dir() -> Path:
    """The shipped packs: inside the wheel, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "default_rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("the default rule packs are missing from this installation", here / "default_rules")


@dataclass(frozen=True)
class ItemSource:
    """Where one rule item was read: its file, the file's YAML marks and the item's key path."""

    path: Path
    located: LocatedYaml
    key: tuple
    pack: str

    def where(self, *subpath: object) -> tuple[str, int, int]:
        """(file, line, column) of a part of the item, falling back to the item itself."""
        line, column = self.located.locate(self.key + tuple(subpath)) or (1, 1)
        return str(self.path), line, column


@dataclass
class LoadedRules:
    """Validated rule data with the file and line each item came from."""

    markers: dict[str, Marker] = field(default_factory=dict)
    contexts: dict[str, Context] = field(default_factory=dict)
    strategies: dict[str, Strategy] = field(default_factory=dict)
    moves: dict[str, TherapistMove] = field(default_factory=dict)
    guidance: Guidance | None = None
    significance: Significance | None = None
    group: GroupRules | None = None
    sources: dict[str, ItemSource] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def origins(self) -> dict[str, tuple[str, int]]:
        """item id -> (file, line), for messages that name a rule."""
        return {item: source.where()[:2] for item, source in self.sources.items()}

    def where(self, item_id: str, *subpath: object) -> tuple[str, int, int]:
        source = self.sources.get(item_id)
        return source.where(*subpath) if source else ("rules", 1, 1)


def _inner_type(annotation: typing.Any) -> typing.Any:
    """Strip Optional/list/dict wrappers down to the model class, if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if not args:
            return annotation
        annotation = args[-1]


def _model_at(path: tuple) -> type[BaseModel] | None:
    model: typing.Any = PackFile
    for part in path:
        if isinstance(part, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        if part not in model.model_fields:
            return None
        model = _inner_type(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


GROUP_ITEMS = {"targets": "target rule", "member_repairs": "member repair"}


def _owner_path(path: tuple) -> tuple:
    """The part of an error path that names an item: ('markers', 3) or ('group', 'targets', 0)."""
    if len(path) >= 3 and path[0] == "group" and path[1] in GROUP_ITEMS and isinstance(path[2], int):
        return path[:3]
    if len(path) >= 2 and path[0] in ("markers", "contexts", "strategies", "moves") and isinstance(path[1], int):
        return path[:2]
    return ()


def _describe(path: tuple, data: object) -> str:
    """'marker W2' style owner of an error path, for the message."""
    if len(path) >= 3 and path[0] == "group" and path[1] in GROUP_ITEMS and isinstance(path[2], int):
        try:
            item_id = data["group"][path[1]][path[2]].get("id")  # type: ignore[index]
        except (KeyError, IndexError, TypeError, AttributeError):
            item_id = None
        return f" in {GROUP_ITEMS[path[1]]} '{item_id}'" if item_id else ""
    if len(path) >= 2 and path[0] in ("markers", "contexts", "strategies", "moves") and isinstance(path[1], int):
        try:
            item_id = data[path[0]][path[1]].get("id")  # type: ignore[index]
        except (KeyError, IndexError, TypeError, AttributeError):
            item_id = None
        kind = {"strategies": "strategy", "moves": "therapist move"}.get(path[0], path[0][:-1])
        return f" in {kind} '{item_id}'" if item_id else ""
    return ""


def validation_to_rule_error(error: ValidationError, located: LocatedYaml, source: Path) -> RuleError:
    """The first pydantic error on its YAML line, with a did-you-mean for unknown keys; the others, in the
    order of the file, as its `also`."""
    found = {(str(item), item.line or 0, item.column or 0): item
             for item in (_detail_to_rule_error(detail, located, source) for detail in error.errors())}
    first, *others = found.values()
    first.also = tuple(sorted(others, key=lambda item: (item.line or 0, item.column or 0)))
    return first


def _detail_to_rule_error(detail: typing.Any, located: LocatedYaml, source: Path) -> RuleError:
    path = tuple(part for part in detail["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    owner = _describe(path, located.data)
    if detail["type"] == "extra_forbidden":
        key = str(path[-1])
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(key, allowed) or (f" (allowed: {', '.join(allowed)})" if allowed else "")
        mark = located.marks.get(path + ("__key__",)) or located.locate(path)
        return RuleError(f"unknown key '{key}'{owner}{hint}", source, *(mark or (None, None)))
    mark = located.locate(path)
    inside = path[len(_owner_path(path)):]
    where = ".".join(str(part) for part in inside if not isinstance(part, int)) if owner else ".".join(map(str, path))
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "string_pattern_mismatch" and path and path[-1] == "id":
        message = (f"{detail.get('input')!r} is no rule id: capital letters and digits, in parts joined by hyphens "
                   "(W2, X-SIGH, TC-WARN)")
    elif detail["type"] == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        got = detail.get("input")
        options = [option.strip(" '") for option in str(expected).replace(" or ", ",").split(",")]
        message = f"'{got}' is not one of {expected}" + did_you_mean(str(got), options, cutoff=0.5)
    prefix = f"{where}: " if where else ""
    return RuleError(f"{prefix}{message}{owner}", source, *(mark or (None, None)))


@functools.cache
def _schema_source() -> bytes:
    """The rule schema's own source (every module of rules/model/) and the phrase compiler's (a cached pack
    keeps its phrases compiled): a cached pack validated by another schema or compiler is never reused."""
    schema = sorted(Path(rule_model.__file__).parent.glob("*.py"))
    return b"".join(path.name.encode() + b"\0" + path.read_bytes() for path in schema) \
        + Path(rule_phrase.__file__).read_bytes()


def load_pack_file(path: Path) -> tuple[PackFile, LocatedYaml]:
    """One pack, validated; a pack read before with the same bytes comes from the cache (see cache.py)."""
    data = read_regular(path, RuleError, what="rule file")
    key = cache.digest(b"rule pack", _schema_source(), data)
    cached = cache.load("rules", key)
    if cached is not None:
        return cached
    loaded = _validate_pack(path, data)
    cache.store("rules", key, loaded)
    return loaded


def _validate_pack(path: Path, data: bytes) -> tuple[PackFile, LocatedYaml]:
    from rupturecli.yamlsource import load_yaml  # the YAML parser loads only for a pack not in the cache

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RuleError("rule file is not valid UTF-8", path, line) from None
    located = load_yaml(text, path, RuleError)
    if located.data is None:
        return PackFile(), located
    if not isinstance(located.data, dict):
        raise RuleError("a rule file must be a mapping with 'markers:', 'contexts:', 'strategies:', 'moves:', "
                        "'guidance:', 'significance:' or 'group:'", path, 1, 1)
    try:
        return PackFile.model_validate(located.data), located
    except ValidationError as error:
        raise validation_to_rule_error(error, located, path) from None


def pack_files(location: Path) -> list[Path]:
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise RuleError("no such rule file or folder", location)
    return sorted(p for p in location.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(locations: list[Path], into: LoadedRules | None = None) -> LoadedRules:
    """Load packs in order; a later item with the same id replaces the earlier one."""
    rules = into or LoadedRules()
    for location in locations:
        for path in pack_files(location):
            pack, located = load_pack_file(path)
            pack_name = pack.pack or (path.parent.name if path.parent.name != "rules" else path.stem)
            rules.files.append(path)
            for kind, items, store in (
                ("markers", pack.markers, rules.markers),
                ("contexts", pack.contexts, rules.contexts),
                ("strategies", pack.strategies, rules.strategies),
                ("moves", pack.moves, rules.moves),
            ):
                seen: set[str] = set()
                for position, item in enumerate(items):
                    source = ItemSource(path, located, (kind, position), pack_name)
                    if item.id in seen:
                        raise RuleError(f"duplicate id '{item.id}' in this file", *source.where("id"))
                    seen.add(item.id)
                    store[item.id] = item  # type: ignore[index]
                    rules.sources[item.id] = source
            if pack.guidance is not None:
                rules.guidance = pack.guidance
                rules.sources["guidance"] = ItemSource(path, located, ("guidance",), pack_name)
            if pack.significance is not None:
                rules.significance = pack.significance
                rules.sources["significance"] = ItemSource(path, located, ("significance",), pack_name)
            if pack.group is not None:
                rules.group = pack.group
                rules.sources["group"] = ItemSource(path, located, ("group",), pack_name)
    check_references(rules)
    return rules


def check_references(rules: LoadedRules) -> None:
    """Every context and marker a rule names must exist."""
    for marker in rules.markers.values():
        _known_contexts(rules, f"marker '{marker.id}'", marker.when.previous_turn + marker.when.previous_turn_not,
                        rules.where(marker.id, "when"))
    for strategy in rules.strategies.values():
        for marker_id in strategy.fits.markers:
            if marker_id not in rules.markers and not any(marker_id in m.aliases for m in rules.markers.values()):
                raise RuleError(f"strategy '{strategy.id}' fits unknown marker '{marker_id}'",
                                *rules.where(strategy.id, "fits"))
    for move in rules.moves.values():
        _known_contexts(rules, f"therapist move '{move.id}'", move.contexts, rules.where(move.id, "contexts"))
    if rules.group is not None:
        _check_group(rules, rules.group)


def _check_group(rules: LoadedRules, group: GroupRules) -> None:
    """Target rules name known contexts; a re-labelled marker exists and keeps its rupture type."""
    for position, rule in enumerate(group.targets):
        _known_contexts(rules, f"target rule '{rule.id}'", rule.previous_context,
                        rules.where("group", "targets", position))
    for target, mapping in group.retarget.items():
        for found, meant in mapping.items():
            where = rules.where("group", "retarget", target, found)
            for marker_id in (found, meant):
                if marker_id not in rules.markers:
                    raise RuleError(f"retarget names unknown marker '{marker_id}'"
                                    f"{did_you_mean(marker_id, rules.markers)}", *where)
            if rules.markers[found].rupture != rules.markers[meant].rupture:
                raise RuleError(f"retarget: {found} is {rules.markers[found].rupture} but {meant} is "
                                f"{rules.markers[meant].rupture} (a direction never changes a rupture's type)",
                                *where)


def _known_contexts(rules: LoadedRules, owner: str, context_ids: list[str], where: tuple[str, int, int]) -> None:
    for context_id in context_ids:
        if context_id not in rules.contexts:
            raise RuleError(f"{owner} names unknown context '{context_id}'{did_you_mean(context_id, rules.contexts)}",
                            *where)
