"""What a coding is: the sessions one file (or folder of files) codes, each with a label per turn and a verdict.

Every code file `rupture agree` reads becomes a `Coding`, keyed by session (file name without folder or
extension; a table's session keeps its id, `archive#A1`; two sessions of one name in different folders are
told apart by as many folders as it takes, `ana/s1` and `ben/s1`). A turn's label is none, withdrawal,
confrontation, rupture (a rupture of no agreed type) or uncertain (not scored). The readers (`codes`,
`csv_codes`, `json_codes`, `results`) build codings; `align` pairs two of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Literal

from rupturecli.errors import InputError
from rupturecli.parsing.kinds import split_table_session

Label = Literal["none", "withdrawal", "confrontation", "rupture", "uncertain"]
CodingKind = Literal["csv", "results", "gold", "coder", "notes-gold", "mixed"]
RUPTURE_TYPES: tuple[Label, ...] = ("withdrawal", "confrontation")
LABELS: tuple[Label, ...] = ("none", "withdrawal", "confrontation", "rupture", "uncertain")
LABEL_SPELLINGS: dict[str, Label] = {
    "none": "none", "no": "none", "no rupture": "none", "no-rupture": "none", "0": "none",
    "withdrawal": "withdrawal", "w": "withdrawal",
    "confrontation": "confrontation", "c": "confrontation",
    "rupture": "rupture", "mixed": "rupture",
    "uncertain": "uncertain", "unsure": "uncertain", "?": "uncertain",
}
KIND_NAMES: dict[str, str] = {
    "csv": "human codes (CSV)", "results": "rupturecli results", "gold": "gold-dev gold.json",
    "coder": "coder files", "notes-gold": "notes gold (session level only)", "mixed": "mixed code files",
}


@dataclass(frozen=True)
class SessionCodes:
    """One session's codes from one side.

    `turns` maps 1-based turn numbers to labels, or is None when the source codes the session as a whole
    only (the narrative-notes gold). `lists_every_turn` says whether a turn missing from `turns` was coded
    "none" (a CSV, gold.json) or simply not listed (results and coder files list ruptures only).
    `rupture` is the session-level verdict (None: not scored) and `types` the rupture types it contains.
    `transcript` is where the session's client turns can be read, when known.
    """

    key: str
    source: str
    turns: dict[int, Label] | None
    lists_every_turn: bool
    rupture: bool | None
    types: frozenset[str]
    transcript: Path | None = None
    parts: tuple[str, ...] = ()  # the file's folders and name (see session_parts); () when only the key is known
    written: str = ""  # the file (or id) as the code file or result wrote it

    @property
    def path_parts(self) -> tuple[str, ...]:
        return self.parts or (self.key,)

    @property
    def table_id(self) -> str | None:
        """A table session's id as written ('v1.2' in 'archive.csv#v1.2'); None for any other file."""
        split = split_table_session(self.written.replace("\\", "/"))
        return split[1] if split else None


@dataclass
class Coding:
    """Every session one file (or folder of files) codes."""

    path: str
    kind: CodingKind
    sessions: dict[str, SessionCodes] = field(default_factory=dict)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def add(self, codes: SessionCodes, path: Path | str, line: int | None = None) -> None:
        """Add one session's codes; a session coded twice is an InputError naming both places. Two sessions
        of one name from different folders are both kept, each keyed by as many folders as tell them apart."""
        name = codes.path_parts[-1]
        clash = [other for other in self.sessions.values() if other.path_parts[-1] == name]
        for other in clash:
            if other.path_parts == codes.path_parts:
                raise InputError(f"session '{other.key}' is coded twice (also in {other.source})", path, line)
        if not clash:
            self.sessions[name] = replace(codes, key=name)
            return
        group = [*clash, codes]
        for other in clash:
            del self.sessions[other.key]
        for item, key in zip(group, qualified_keys([item.path_parts for item in group]), strict=True):
            self.sessions[key] = replace(item, key=key)


def qualified_keys(names: list[tuple[str, ...]]) -> list[str]:
    """The shortest trailing paths that tell distinct session names apart: ('a', 's1'), ('b', 's1') -> a/s1, b/s1."""
    for depth in range(1, max(len(parts) for parts in names) + 1):
        keys = ["/".join(parts[-depth:]) for parts in names]
        if len(set(keys)) == len(keys):
            return keys
    return ["/".join(parts) for parts in names]


def session_parts(file: str) -> tuple[str, ...]:
    """A session's file as folders and a name without extension: 'corpus/ana/s1.txt' -> ('corpus', 'ana', 's1');
    a table's session keeps its id: 'data/archive.csv#A1' -> ('data', 'archive#A1')."""
    text = str(file).replace("\\", "/")
    session = ""
    split = split_table_session(text)
    if split:
        text, session = split[0], "#" + split[1]
    parts = [part for part in PurePath(text).parts if part not in ("/", ".", "..")] or [text]
    stem, dot, _suffix = parts[-1].rpartition(".")
    return (*parts[:-1], (stem if dot and stem else parts[-1]) + session)


def session_key(file: str) -> str:
    """Match sessions by base name without extension: 'a/b/annomi-101.txt' and 'annomi-101' are one session;
    a table's session by file and id ('archive.csv#A1' -> 'archive#A1')."""
    return session_parts(file)[-1]


def normalise_label(raw: object, path: str, line: int | None = None, what: str = "label") -> Label:
    """A label in any accepted spelling, or an InputError naming the file and line."""
    text = " ".join(str(raw if raw is not None else "").strip().lower().split())
    if text in LABEL_SPELLINGS:
        return LABEL_SPELLINGS[text]
    close = difflib.get_close_matches(text, list(LABEL_SPELLINGS), n=1, cutoff=0.6)
    hint = f"; did you mean '{LABEL_SPELLINGS[close[0]]}'?" if close else ""
    # a cell that is not label-shaped may be a coder's free-text comment, with names in it: never quoted
    shown = f"'{text}'" if len(text) <= 24 and len(text.split()) <= 2 else f"a {len(text)}-character text"
    raise InputError(f"unknown {what}: {shown} (expected none, withdrawal, confrontation, rupture or "
                     f"uncertain{hint})", path, line)


def derived_session(labels: Iterable[Label]) -> tuple[bool | None, frozenset[str]]:
    """A session's verdict from its turns: a rupture when a turn is one, not scored when only uncertain."""
    labels = list(labels)
    types = frozenset(label for label in labels if label in RUPTURE_TYPES)
    if any(label in ("withdrawal", "confrontation", "rupture") for label in labels):
        return True, types
    if any(label == "uncertain" for label in labels):
        return None, types
    return False, types


__all__ = [
    "LABELS",
    "RUPTURE_TYPES",
    "Coding",
    "CodingKind",
    "Label",
    "SessionCodes",
    "derived_session",
    "normalise_label",
    "qualified_keys",
    "session_key",
    "session_parts",
]
