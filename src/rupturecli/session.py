"""The parsed form of one input file: speaker turns (transcripts) or sentences (notes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rupturecli.printable import printable

Speaker = Literal["therapist", "client", "unknown", "narrator"]
SPEAKERS = frozenset(("therapist", "client", "unknown", "narrator"))
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
InputKind = Literal["transcript", "notes"]


def _encodable(value: str) -> str:
    """A lone surrogate (a JSON or YAML '\\ud800' escape) is no character any output can hold: it becomes U+FFFD
    here, so one such file cannot stop every output of a batch."""
    return value if value.isascii() else LONE_SURROGATE.sub("\ufffd", value)


@dataclass(frozen=True)
class Turn:
    """One speaker turn of a transcript, or one sentence of a narrative note.

    `index` is 1-based and is what reports call `turn`; `line` is the 1-based line in the file
    where the turn starts, so evidence can always be found again in the source. (A plain frozen
    dataclass checked as it is made: every reader builds thousands, and a short note should not pay
    for a validation library's start-up.)
    """

    index: int
    speaker: Speaker
    text: str
    line: int
    label: str = ""
    paragraph: int = 1
    member: str = ""  # a client turn's member (the person behind the label), when the reader knows it

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise ValueError(f"speaker must be one of {sorted(SPEAKERS)}, not {self.speaker!r}")
        for name in ("text", "label", "member"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"turn {name} must be text, not {type(value).__name__}")
            if not value.isascii():
                object.__setattr__(self, name, _encodable(value))


@dataclass(frozen=True)
class Session:
    """A whole input file, ready for the engine."""

    file: str
    kind: InputKind
    turns: tuple[Turn, ...]
    session_id: str | None = None
    date: str | None = None
    client: str | None = None
    warnings: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # the clients: one in individual therapy, several in a group, couple or family
    therapists: tuple[str, ...] = ()
    path: str = ""  # the file's name as the file system holds it ("" : as `file`), for CI formats to locate it

    def __post_init__(self) -> None:
        if self.kind not in ("transcript", "notes"):
            raise ValueError(f"kind must be 'transcript' or 'notes', not {self.kind!r}")
        # a name with control characters or bytes that are not UTF-8 is kept with visible escapes; `path` keeps
        # the name itself (a SARIF URI must name the real file), and is never printed as it is
        shown = printable(self.file)
        if not self.path and shown != self.file:
            object.__setattr__(self, "path", self.file)
        object.__setattr__(self, "file", shown)
        if self.session_id is not None:
            object.__setattr__(self, "session_id", printable(self.session_id))
        for name in ("turns", "warnings", "members", "therapists"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @property
    def client_turns(self) -> int:
        return sum(1 for turn in self.turns if turn.speaker == "client")

    @property
    def is_group(self) -> bool:
        """More than one member: a group, couples or family session, read member by member."""
        return len(self.members) > 1

    def speaker_of(self, turn: Turn) -> str:
        """Who spoke a turn: a client turn's member, a therapist's label, else its role."""
        if turn.speaker == "client":
            return turn.member or (self.members[0] if self.members else self.client or "client")
        return turn.label or turn.speaker
