"""What a coding is: the sessions one file (or folder of files) codes, each with a label per turn and a verdict.

Every code file `rupture agree` reads becomes a `Coding`, keyed by session (file name without folder or
extension). A turn's label is none, withdrawal, confrontation, rupture (a rupture of no agreed type) or
uncertain (not scored). The readers (`codes`, `csv_codes`, `json_codes`, `results`) build codings;
`align` pairs two of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Literal

from rupturecli.errors import InputError

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
        """Add one session's codes; a session coded twice is an InputError naming both places."""
        other = self.sessions.get(codes.key)
        if other is not None:
            raise InputError(f"session '{codes.key}' is coded twice (also in {other.source})", path, line)
        self.sessions[codes.key] = codes


def session_key(file: str) -> str:
    """Match sessions by base name without extension: 'a/b/annomi-101.txt' and 'annomi-101' are one session."""
    name = PurePath(str(file).replace("\\", "/")).name
    stem, dot, _suffix = name.rpartition(".")
    return stem if dot and stem else name


def normalise_label(raw: object, path: str, line: int | None = None, what: str = "label") -> Label:
    """A label in any accepted spelling, or an InputError naming the file and line."""
    text = " ".join(str(raw if raw is not None else "").strip().lower().split())
    if text in LABEL_SPELLINGS:
        return LABEL_SPELLINGS[text]
    close = difflib.get_close_matches(text, list(LABEL_SPELLINGS), n=1, cutoff=0.6)
    hint = f"; did you mean '{LABEL_SPELLINGS[close[0]]}'?" if close else ""
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise InputError(f"unknown {what}: '{shown}' (expected none, withdrawal, confrontation, rupture or "
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
    "session_key",
]
