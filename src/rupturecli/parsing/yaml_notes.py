"""YAML notes: a documented, validated schema holding either speaker turns or narrative notes."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rupturecli.errors import InputError
from rupturecli.parsing.labels import SpeakerLabels, normalise_label
from rupturecli.parsing.members import Declared, Roster, resolve_speakers
from rupturecli.parsing.notes import parse_notes
from rupturecli.printable import looks_like_key, shown_key
from rupturecli.session import Session, Turn
from rupturecli.yamlsource import LocatedYaml, load_yaml

# The names pydantic adds to an error's location for each type of a union (`session: str | int`): no YAML key.
UNION_MEMBERS = frozenset(("str", "int", "date", "list[str]", "list[YamlTurn]", "YamlTurn"))


class YamlTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: str = Field(min_length=1)
    text: str


class YamlNotes(BaseModel):
    """The YAML notes schema documented in the README."""

    model_config = ConfigDict(extra="forbid")

    session: str | int | None = None
    date: dt.date | str | None = None
    client: str | None = None
    therapist: str | None = None
    members: list[str] | None = None  # a group, couples or family session: its clients
    therapists: list[str] | None = None  # co-therapists
    turns: list[YamlTurn] | None = None
    notes: str | None = None

    @field_validator("session", mode="before")
    @classmethod
    def date_as_id(cls, value: object) -> object:
        """`session: 2026-01-01` is an id that YAML reads as a date: kept as the text it was written as."""
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def one_body(self) -> YamlNotes:
        if (self.turns is None) == (self.notes is None):
            raise ValueError("give exactly one of 'turns:' (speaker turns) or 'notes:' (narrative text)")
        if self.turns is not None and not self.turns:
            raise ValueError("'turns:' is empty")
        for key in ("members", "therapists"):
            if any(not str(name).strip() for name in getattr(self, key) or []):
                raise ValueError(f"'{key}:' holds an empty name")
        return self


def first_error(error: ValidationError, located: LocatedYaml, source: str) -> InputError:
    """The first pydantic error as an InputError pointing at its YAML line.

    An unknown key comes first: a misspelt `speeker:` also leaves `speaker` missing, and the unknown key is
    what tells the user what to fix."""
    details = error.errors()
    detail = next((item for item in details if item["type"] == "extra_forbidden"), details[0])
    first, *rest = detail["loc"] or ("",)
    path = (first, *(part for part in rest if part not in UNION_MEMBERS))  # 'session.str': pydantic's, not a key
    where = ".".join(str(part) if looks_like_key(part) else "..." for part in path) or "document"
    message = detail["msg"]
    if detail["type"] == "extra_forbidden":
        key_mark = located.marks.get(path + ("__key__",))
        names = sorted(YamlNotes.model_fields if len(path) == 1 else YamlTurn.model_fields)
        allowed = ", ".join(names)
        mark = key_mark or located.locate(path)
        return InputError(f"unknown key {shown_key(path[-1], names)} (allowed: {allowed})", source,
                          *(mark or (None, None)))
    mark = located.locate(path)
    return InputError(f"{where}: {message}", source, *(mark or (None, None)))


def _file_lines(text: str, start: tuple[int, int] | None, sentences: list[str]) -> list[int]:
    """The file line each sentence starts on, found by its first words after the previous one.

    YAML may fold lines into spaces (`>`, plain multi-line scalars) or start the text on the next
    line (`|`, `!!str |`), so line numbers cannot be counted inside the parsed value; searching the
    file for each sentence's opening words, in order, gives the line a clinician would look at.
    """
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    line, column = start or (1, 1)
    cursor = line_starts[min(line, len(line_starts)) - 1] + column - 1
    found: list[int] = []
    for sentence in sentences:
        words = sentence.split()[:4]
        match = re.compile(r"\s+".join(re.escape(word) for word in words)).search(text, cursor) if words else None
        if match is not None:
            found.append(bisect.bisect_right(line_starts, match.start()))
            cursor = match.end()
        else:
            found.append(bisect.bisect_right(line_starts, cursor))
    return found


def parse_yaml_notes(text: str, source: str, known: SpeakerLabels | None = None) -> Session:
    """Validate YAML notes and turn them into a Session, keeping each turn's file line."""
    located = load_yaml(text, source, InputError)
    if not isinstance(located.data, dict):
        found = type(located.data).__name__ if located.data is not None else "nothing"
        raise InputError(f"YAML notes must be a mapping with 'turns:' or 'notes:', found {found}", source, 1)
    try:
        document = YamlNotes.model_validate(located.data)
    except ValidationError as error:
        raise first_error(error, located, source) from None
    known = known or SpeakerLabels()
    if document.client:
        known.add_client(document.client)
    if document.therapist:
        known.add_therapist(document.therapist)
    common = {
        "session_id": None if document.session is None else str(document.session),
        "date": None if document.date is None else str(document.date),
        "client": document.client,
    }
    if document.notes is not None:
        parsed = parse_notes(document.notes, source)
        file_lines = _file_lines(text, located.marks.get(("notes",)), [turn.text for turn in parsed.turns])
        pairs = zip(parsed.turns, file_lines, strict=True)
        turns = tuple(replace(turn, line=line) for turn, line in pairs)
        warnings = ("'members:' and 'therapists:' are read for speaker turns ('turns:') only; narrative notes "
                    "are read as about one client",) if document.members or document.therapists else ()
        return Session(file=source, kind="notes", turns=turns, warnings=warnings, **common)
    roster = _roster(document, known)
    if roster is not None:
        return _group_session(document, located, roster, source, common)
    turns_out: list[Turn] = []
    warnings: list[str] = []
    for position, item in enumerate(document.turns or []):
        role = known.role(item.speaker)
        if role is None:
            role = "unknown"
            warning = f"unknown speaker '{normalise_label(item.speaker)}': turn kept but not analysed"
            if warning not in warnings:
                warnings.append(warning)
        line = (located.marks.get(("turns", position)) or (1, 1))[0]
        if item.text.strip():
            turns_out.append(Turn(index=len(turns_out) + 1, speaker=role, text=" ".join(item.text.split()),
                                  line=line, label=item.speaker))
    members = (document.client,) if document.client else tuple(dict.fromkeys(
        turn.label for turn in turns_out if turn.speaker == "client"))[:1]
    therapists = tuple(dict.fromkeys(turn.label for turn in turns_out if turn.speaker == "therapist"))
    return Session(file=source, kind="transcript", turns=tuple(turns_out), warnings=tuple(warnings),
                   members=members, therapists=therapists, **common)


def _roster(document: YamlNotes, known: SpeakerLabels) -> Roster | None:
    """The members and therapists of a session with declared `members:`, or with several clients; else None.

    A session with one client (`client:` or one client speaker) is read as it always was."""
    declared = Declared(tuple(document.members or ()), tuple(document.therapists or ()))
    if document.client and not declared:
        return None
    speakers = [item.speaker for item in document.turns or []]
    roster = resolve_speakers(speakers, known, declared, every_label_speaks=True)
    return roster if roster.is_group or declared else None


def _group_session(document: YamlNotes, located: LocatedYaml, roster: Roster, source: str,
                   common: dict) -> Session:
    """Turns of a session whose members are declared or inferred: every member's turns are analysed."""
    turns: list[Turn] = []
    for position, item in enumerate(document.turns or []):
        key = normalise_label(item.speaker)
        line = (located.marks.get(("turns", position)) or (1, 1))[0]
        if item.text.strip():
            turns.append(Turn(index=len(turns) + 1, speaker=roster.roles.get(key, "unknown"),  # type: ignore[arg-type]
                              text=" ".join(item.text.split()), line=line, label=item.speaker,
                              member=roster.member_of.get(key, "")))
    warnings = list(roster.warnings)
    for turn in turns:
        warning = f"unknown speaker '{normalise_label(turn.label)}': turn kept but not analysed"
        if turn.speaker == "unknown" and warning not in warnings and not any(
                f"'{normalise_label(turn.label)}'" in item for item in warnings):
            warnings.append(warning)
    return Session(file=source, kind="transcript", turns=tuple(turns), warnings=tuple(warnings),
                   members=roster.members, therapists=roster.therapists, **common)
