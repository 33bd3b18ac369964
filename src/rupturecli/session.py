"""The parsed form of one input file: speaker turns (transcripts) or sentences (notes)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from rupturecli.printable import printable

Speaker = Literal["therapist", "client", "unknown", "narrator"]
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
InputKind = Literal["transcript", "notes"]


class Turn(BaseModel):
    """One speaker turn of a transcript, or one sentence of a narrative note.

    `index` is 1-based and is what reports call `turn`; `line` is the 1-based line in the file
    where the turn starts, so evidence can always be found again in the source.
    """

    model_config = ConfigDict(frozen=True)

    index: int
    speaker: Speaker
    text: str
    line: int
    label: str = ""
    paragraph: int = 1
    member: str = ""  # a client turn's member (the person behind the label), when the reader knows it

    @field_validator("text", "label", "member")
    @classmethod
    def _encodable(cls, value: str) -> str:
        """A lone surrogate (a JSON or YAML '\\ud800' escape) is no character any output can hold: it becomes
        U+FFFD here, so one such file cannot stop every output of a batch."""
        return value if value.isascii() else LONE_SURROGATE.sub("\ufffd", value)


class Session(BaseModel):
    """A whole input file, ready for the engine."""

    model_config = ConfigDict(frozen=True)

    file: str
    kind: InputKind
    turns: tuple[Turn, ...]
    session_id: str | None = None
    date: str | None = None
    client: str | None = None
    warnings: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # the clients: one in individual therapy, several in a group, couple or family
    therapists: tuple[str, ...] = ()

    @field_validator("file", "session_id")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        """A name with control characters or bytes that are not UTF-8 is kept with visible escapes."""
        return printable(value) if value is not None else None

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
