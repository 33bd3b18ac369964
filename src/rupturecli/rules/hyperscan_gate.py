"""The hyperscan side of the pattern gate: patterns translated for it, one database, cached on disk.

Hyperscan reads PCRE syntax on bytes; our patterns are `regex` syntax on text. Each pattern is parsed
(Python's own parser) and written out again for ASCII bytes with `regex`'s meaning: every character,
class and category becomes the explicit set of ASCII characters `regex` would match case-blind, anchors
stay, lookarounds are dropped and backreferences match anything. The result matches at least wherever
the pattern does (on ASCII text), and hyperscan's prefilter mode may only widen it further. A pattern
that cannot be written so is left to the literal gate (`missing`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import regex

from rupturecli import cache

try:  # Python 3.11+
    from re import _constants as constants
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

FORMAT = "rupturecli-hyperscan-3"  # change when the translation changes: cached databases are then rebuilt
ASCII = range(128)
SIDES = 3  # the client's words, the therapist's and narrative notes (PatternGate.sides)
NOTHING = r"[^\x00-\x7f]"  # no ASCII character
ANYTHING = r"[\x00-\x7f]"


class Untranslatable(Exception):
    """A construct with no hyperscan equivalent: the pattern stays with the literal gate."""


@lru_cache(maxsize=4096)
def _ascii_set(class_source: str) -> frozenset[int]:
    """The ASCII characters a one-character `regex` class matches, case-blind."""
    compiled = regex.compile(class_source, regex.IGNORECASE | regex.VERSION0)
    return frozenset(code for code in ASCII if compiled.fullmatch(chr(code)))


def _class(codes: frozenset[int]) -> str:
    """The set as hyperscan reads it case-blind: a letter stands for both cases (at worst a little more)."""
    if not codes:
        return NOTHING
    if len(codes) == len(ASCII):
        return ANYTHING
    shown = sorted({ord(chr(code).lower()) for code in codes})
    if len(shown) == 1:
        return _char(shown[0])
    runs: list[list[int]] = []
    for code in shown:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in runs) + "]"


def _char(code: int) -> str:
    return chr(code) if chr(code).isalnum() else f"\\x{code:02x}"


CATEGORIES = {
    constants.CATEGORY_DIGIT: r"\d", constants.CATEGORY_NOT_DIGIT: r"\D",
    constants.CATEGORY_SPACE: r"\s", constants.CATEGORY_NOT_SPACE: r"\S",
    constants.CATEGORY_WORD: r"\w", constants.CATEGORY_NOT_WORD: r"\W",
}
ANCHORS = {
    constants.AT_BEGINNING: "^", constants.AT_BEGINNING_LINE: "^", constants.AT_BEGINNING_STRING: r"\A",
    constants.AT_END: "$", constants.AT_END_LINE: "$", constants.AT_END_STRING: r"\z",
    constants.AT_BOUNDARY: r"\b", constants.AT_NON_BOUNDARY: r"\B",
}


def _member(op: object, argument: object) -> str:
    if op is constants.LITERAL:
        return regex.escape(chr(argument))  # type: ignore[arg-type]
    if op is constants.RANGE:
        low, high = argument  # type: ignore[misc]
        return f"{regex.escape(chr(low))}-{regex.escape(chr(high))}"
    if op is constants.CATEGORY and argument in CATEGORIES:
        return CATEGORIES[argument]
    raise Untranslatable(str(op))


def _in(items: list) -> str:
    negate = bool(items) and items[0][0] is constants.NEGATE
    members = "".join(_member(op, argument) for op, argument in items[1:] if negate) if negate else \
        "".join(_member(op, argument) for op, argument in items)
    return _class(_ascii_set(f"[{'^' if negate else ''}{members}]"))


def _sequence(items: list, dotall: bool) -> str:
    return "".join(_item(op, argument, dotall) for op, argument in items)


def _item(op: object, argument: object, dotall: bool) -> str:  # noqa: C901 - one branch per construct
    if op is constants.LITERAL:
        return _class(_ascii_set(f"[{regex.escape(chr(argument))}]"))  # type: ignore[arg-type]
    if op is constants.NOT_LITERAL:
        return _class(_ascii_set(f"[^{regex.escape(chr(argument))}]"))  # type: ignore[arg-type]
    if op is constants.IN:
        return _in(list(argument))  # type: ignore[arg-type]
    if op is constants.ANY:
        return ANYTHING if dotall else r"[\x00-\x09\x0b-\x7f]"
    if op is constants.AT:
        return ANCHORS.get(argument, "")  # type: ignore[call-overload]
    if op is constants.BRANCH:
        return "(?:" + "|".join(_sequence(list(branch), dotall) for branch in argument[1]) + ")"  # type: ignore[index]
    if op is constants.SUBPATTERN:
        _group, add_flags, del_flags, body = argument  # type: ignore[misc]
        inner = (dotall or bool(add_flags & constants.SRE_FLAG_DOTALL)) and not del_flags & constants.SRE_FLAG_DOTALL
        return "(?:" + _sequence(list(body), inner) + ")"
    if op is getattr(constants, "ATOMIC_GROUP", None):
        return "(?:" + _sequence(list(argument), dotall) + ")"  # type: ignore[arg-type]
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)):
        low, high, body = argument  # type: ignore[misc]
        upper = "" if high is constants.MAXREPEAT or high >= constants.MAXREPEAT else str(high)
        return f"(?:{_sequence(list(body), dotall)}){{{low},{upper}}}"
    if op in (constants.ASSERT, constants.ASSERT_NOT):
        return ""  # dropped: the pattern can then only match more
    if op is constants.GROUPREF:
        return ANYTHING + "*"
    if op is constants.GROUPREF_EXISTS:
        _group, yes, no = argument  # type: ignore[misc]
        return "(?:" + _sequence(list(yes), dotall) + "|" + (_sequence(list(no), dotall) if no else "") + ")"
    if op is constants.FAILURE:
        return NOTHING
    raise Untranslatable(str(op))


def translate(expression: str) -> bytes | None:
    """`expression` as a hyperscan pattern that matches ASCII text at least wherever it does, or None."""
    try:
        parsed = parser.parse(expression)
        dotall = bool(parsed.state.flags & constants.SRE_FLAG_DOTALL)
        return _sequence(list(parsed), dotall).encode("ascii")
    except Exception:  # noqa: BLE001 - syntax only `regex` knows, or a construct hyperscan lacks
        return None


def _key(expressions: list[str], sides: list[int], version: str) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{version}\0".encode())
    for expression, side in zip(expressions, sides, strict=True):
        digest.update(f"{side}".encode() + expression.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


class HyperscanScanner:
    """A rule set's patterns as hyperscan databases, one per side (client's words, therapist's, narrative notes): a
    turn is scanned for its own side's patterns only, unless a pattern of another side is asked about it too."""

    def __init__(self, databases: list[object | None], compiled: list[list[int]], sides: list[int]) -> None:
        import hyperscan

        self.databases = databases
        self.hyperscan = hyperscan
        done = [frozenset(ids) for ids in compiled]
        # ids left to the literal gate, by side (and all of them: a question about every side)
        self.missing = [frozenset(pattern_id for pattern_id, own in enumerate(sides) if own == side) - done[side]
                        for side in range(len(databases))]
        self.missing_all = frozenset().union(*self.missing)
        self.local = threading.local()  # hyperscan's scratch space is one per thread (and per database)

    @classmethod
    def load(cls, expressions: list[str], sides: list[int], build: bool) -> HyperscanScanner | None:
        """The databases of `expressions` from the cache, or built (and cached) if `build`; None without hyperscan."""
        try:
            import hyperscan
        except ImportError:
            return None
        version = getattr(hyperscan, "__version__", "?")
        folder = cache.private_folder("hyperscan")
        path = folder / f"{_key(expressions, sides, version)}.hsdb" if folder is not None else None
        if path is not None:
            loaded = cls._read(path, sides)
            if loaded is not None:
                cache.touch(path)
                return loaded
        if not build:
            return None
        databases, compiled = [], []
        for side in range(SIDES):
            database, ids = _compile({pattern_id: expression for pattern_id, expression in enumerate(expressions)
                                      if sides[pattern_id] == side})
            databases.append(database)
            compiled.append(ids)
        if all(database is None for database in databases):
            return None
        if path is not None:
            _write(path, databases, compiled)
        return cls(databases, compiled, sides)

    @classmethod
    def _read(cls, path: Path, sides: list[int]) -> HyperscanScanner | None:
        import hyperscan

        try:
            data = path.read_bytes()
            header, _, blob = data.partition(b"\n")
            parts = json.loads(header)
            databases: list[object | None] = []
            offset = 0
            for size in parts["sizes"]:
                databases.append(hyperscan.loadb(blob[offset:offset + size], hyperscan.HS_MODE_BLOCK) if size else None)
                offset += size
            compiled = parts["compiled"]
            if len(databases) != SIDES or len(compiled) != SIDES or offset != len(blob):
                return None
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged, or built by another hyperscan or CPU: rebuild it
            return None
        return cls(databases, compiled, sides)

    def missing_on(self, side: int | None) -> frozenset[int]:
        """The ids of `side` (None: of every side) that hyperscan could not take: the literal gate answers for them."""
        return self.missing_all if side is None else self.missing[side]

    def candidates(self, text: str, side: int | None = None) -> frozenset[int]:
        """Ids of the compiled patterns of `side` (None: of every side) that may match the ASCII `text`."""
        found: list[int] = []
        encoded = text.encode("ascii")
        for number, database in enumerate(self.databases):
            if database is None or (side is not None and number != side):
                continue
            scratches = getattr(self.local, "scratches", None)
            if scratches is None:
                scratches = self.local.scratches = {}
            scratch = scratches.get(number)
            if scratch is None:
                scratch = scratches[number] = self.hyperscan.Scratch(database)
            database.scan(encoded, match_event_handler=_collect, context=found,  # type: ignore[attr-defined]
                          scratch=scratch)
        return frozenset(found)


def _collect(pattern_id: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(pattern_id)


FLAGS_NAMES = ("HS_FLAG_CASELESS", "HS_FLAG_MULTILINE", "HS_FLAG_SINGLEMATCH", "HS_FLAG_ALLOWEMPTY",
               "HS_FLAG_PREFILTER")


def _compile(expressions: dict[int, str]) -> tuple[object | None, list[int]]:
    """One block-mode database of every pattern (by id) that translates and compiles."""
    import hyperscan

    flags = 0
    for name in FLAGS_NAMES:
        flags |= getattr(hyperscan, name)
    translated = [(pattern_id, translate(expression)) for pattern_id, expression in expressions.items()]
    usable = [(pattern_id, pattern) for pattern_id, pattern in translated if pattern is not None]

    def build(items: list[tuple[int, bytes]]) -> object:
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(expressions=[pattern for _, pattern in items], ids=[pattern_id for pattern_id, _ in items],
                         elements=len(items), flags=[flags] * len(items))
        return database

    if not usable:
        return None, []
    try:
        return build(usable), [pattern_id for pattern_id, _ in usable]
    except hyperscan.error:  # some pattern hyperscan refuses: find which, build without them
        kept = []
        for item in usable:
            try:
                build([item])
            except hyperscan.error:
                continue
            kept.append(item)
        if not kept:
            return None, []
        return build(kept), [pattern_id for pattern_id, _ in kept]


def _write(path: Path, databases: list[object | None], compiled: list[list[int]]) -> None:
    """Written to a temporary name and renamed: a run reading it never sees half a database."""
    import hyperscan

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        blobs = [hyperscan.dumpb(database) if database is not None else b"" for database in databases]
        header = {"compiled": compiled, "sizes": [len(blob) for blob in blobs]}
        with open(temporary, "wb") as stream:
            stream.write(json.dumps(header).encode() + b"\n" + b"".join(blobs))
        os.replace(temporary, path)
        cache.prune(path.parent)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
