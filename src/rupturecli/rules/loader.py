"""Find rule packs, load their YAML with line marks, validate them, and report `file:line:col`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rupturecli import cache
from rupturecli.errors import InputError, RuleError
from rupturecli.located import LocatedYaml, PackedMarks
from rupturecli.parsing.reading import UTF16_BOMS, decode_utf8, read_regular
from rupturecli.rules.records import plain

if TYPE_CHECKING:  # the schema, and pydantic under it, load only to validate a pack (not for a cached rule set)
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


ITEM_KINDS = ("markers", "contexts", "strategies", "moves")  # the lists of a pack whose items have ids
SECTIONS = ("guidance", "significance", "group")  # one each per run: the last one loaded wins
KIND_NAMES = {"markers": "marker", "contexts": "context", "strategies": "strategy", "moves": "therapist move"}


@dataclass(frozen=True)
class Replacement:
    """An item a later pack replaced by giving the same id (`rules check` names it, so it is never a surprise)."""

    kind: str
    item_id: str
    new: ItemSource
    old: ItemSource


@dataclass
class LoadedRules:
    """Validated rule data with the file and line each item came from.

    `sources` is keyed by (kind, id): a marker and a context may share an id with a section's name or with
    each other's, and each keeps its own file and line. A section (guidance, significance, group) is (name, "")."""

    markers: dict[str, Marker] = field(default_factory=dict)
    contexts: dict[str, Context] = field(default_factory=dict)
    strategies: dict[str, Strategy] = field(default_factory=dict)
    moves: dict[str, TherapistMove] = field(default_factory=dict)
    guidance: Guidance | None = None
    significance: Significance | None = None
    group: GroupRules | None = None
    sources: dict[tuple[str, str], ItemSource] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)

    def where(self, kind: str, item_id: str, *subpath: object) -> tuple[str, int, int]:
        """(file, line, column) of an item of `kind` (or a section, with item_id ""), or of a part of it."""
        source = self.sources.get((kind, item_id))
        return source.where(*subpath) if source else ("rules", 1, 1)

    def section_where(self, name: str, *subpath: object) -> tuple[str, int, int]:
        """(file, line, column) of a part of the guidance, significance or group section."""
        return self.where(name, "", *subpath)

    def pack_of(self, kind: str, item_id: str) -> str:
        source = self.sources.get((kind, item_id))
        return source.pack if source else ""

    def records(self) -> LoadedRules:
        """The same rules as a compiled rule set keeps them: every item a plain record (records.py), each file's
        marks packed (located.PackedMarks)."""
        packed: dict[int, PackedMarks] = {}

        def source(item: ItemSource) -> ItemSource:
            located = item.located
            if not isinstance(located, PackedMarks) and id(located) not in packed:
                packed[id(located)] = PackedMarks.of(located)
            return item if isinstance(located, PackedMarks) else replace(item, located=packed[id(located)])

        return replace(self, **{name: plain(getattr(self, name)) for name in (*ITEM_KINDS, *SECTIONS)},
                       sources={key: source(item) for key, item in self.sources.items()},
                       replaced=[replace(change, new=source(change.new), old=source(change.old))
                                 for change in self.replaced])


@functools.cache
def _schema_source() -> bytes:
    """The rule schema's own source (every module of rules/model/) and the phrase compiler's (a cached pack
    keeps its phrases compiled): a cached pack validated by another schema or compiler is never reused."""
    from rupturecli.rules import model as rule_model
    from rupturecli.rules import phrase as rule_phrase

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
    from pydantic import ValidationError

    from rupturecli.rules.model import PackFile
    from rupturecli.rules.schema_errors import validation_to_rule_error
    from rupturecli.yamlsource import load_yaml  # the YAML parser loads only for a pack not in the cache

    if b"\x00" in data and not data.startswith(UTF16_BOMS) and not data.startswith(b"\x00\x00\xfe\xff"):
        raise RuleError("rule file holds NUL bytes: UTF-16 without a byte-order mark? save it as UTF-8", path)
    try:  # as notes are read: UTF-8 (a BOM allowed) or UTF-16 with its BOM (Notepad's "Unicode")
        text = decode_utf8(data, path)
    except InputError as error:
        raise RuleError(f"rule file: {error.message}", path, error.line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac endings: YAML's lines are the editor's
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


def is_rule_file(path: Path) -> bool:
    """A `.yaml` or `.yml` file in any case (`CLINIC.YAML` from Windows); hidden files (`.x.yaml`, an editor's
    lock file `.#x.yaml`) and backups (`x.yaml~`, `x.yaml.bak`) are not rule files."""
    return path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".")


def pack_files(location: Path) -> list[Path]:
    """The rule files of a pack: the file itself, or every rule file in a folder and its subfolders (a hidden
    folder's are skipped too)."""
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise RuleError("no such rule file or folder", location)
    return sorted(path for path in location.rglob("*") if is_rule_file(path) and path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(location).parts))


def load_rules(locations: list[Path], into: LoadedRules | None = None) -> LoadedRules:
    """Load packs in order. Within one pack (a folder or file), an id given twice is an error; a later pack's
    item with the id of an earlier pack's replaces it (remembered in `replaced`)."""
    from rupturecli.rules.references import check_references

    rules = into or LoadedRules()
    for location in locations:
        in_this_pack: dict[tuple[str, str], ItemSource] = {}
        for path in pack_files(location):
            pack, located = load_pack_file(path)
            pack_name = pack.pack or (path.parent.name if path.parent.name != "rules" else path.stem)
            rules.files.append(path)
            for kind in ITEM_KINDS:
                store = getattr(rules, kind)
                for position, item in enumerate(getattr(pack, kind)):
                    source = ItemSource(path, located, (kind, position), pack_name)
                    _add_item(rules, in_this_pack, kind, item, source)
                    store[item.id] = item
            for name in SECTIONS:
                if getattr(pack, name) is not None:
                    setattr(rules, name, getattr(pack, name))
                    rules.sources[(name, "")] = ItemSource(path, located, (name,), pack_name)
    check_references(rules)
    return rules


def _add_item(rules: LoadedRules, in_this_pack: dict[tuple[str, str], ItemSource], kind: str, item: object,
              source: ItemSource) -> None:
    """Record where an item was read; the same id twice in one pack is an error naming both places."""
    key = (kind, item.id)  # type: ignore[attr-defined]
    earlier = in_this_pack.get(key)
    if earlier is not None:
        file, line, _ = earlier.where("id")
        place = f"line {line}" if Path(file) == source.path else f"{file}:{line}"
        raise RuleError(f"duplicate {KIND_NAMES[kind]} id '{key[1]}' (also at {place}; one pack gives an id once)",
                        *source.where("id"))
    if key in rules.sources and rules.sources[key].path.resolve() != source.path.resolve():
        # a file given again (`rules check rules/withdrawal.yaml` beside the shipped packs, or a pack re-added to
        # win over one given after it) takes its place again; only another file's rule is worth a note
        rules.replaced.append(Replacement(kind, key[1], source, rules.sources[key]))
    in_this_pack[key] = rules.sources[key] = source
