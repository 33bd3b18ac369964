"""YAML notes: a documented, validated schema holding either speaker turns or narrative notes."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rupturecli.errors import InputError
from rupturecli.parsing.labels import SpeakerLabels, normalise_label
from rupturecli.parsing.notes import parse_notes
from rupturecli.session import Session, Turn
from rupturecli.yamlsource import LocatedYaml, load_yaml


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
    turns: list[YamlTurn] | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def one_body(self) -> YamlNotes:
        if (self.turns is None) == (self.notes is None):
            raise ValueError("give exactly one of 'turns:' (speaker turns) or 'notes:' (narrative text)")
        if self.turns is not None and not self.turns:
            raise ValueError("'turns:' is empty")
        return self


def first_error(error: ValidationError, located: LocatedYaml, source: str) -> InputError:
    """The first pydantic error as an InputError pointing at its YAML line."""
    detail = error.errors()[0]
    path = tuple(detail["loc"])
    where = ".".join(str(part) for part in path) or "document"
    message = detail["msg"]
    if detail["type"] == "extra_forbidden":
        key_mark = located.marks.get(path + ("__key__",))
        allowed = ", ".join(sorted(YamlNotes.model_fields if len(path) == 1 else YamlTurn.model_fields))
        mark = key_mark or located.locate(path)
        return InputError(f"unknown key '{path[-1]}' (allowed: {allowed})", source, *(mark or (None, None)))
    mark = located.locate(path)
    return InputError(f"{where}: {message}", source, *(mark or (None, None)))


def _scalar_first_line(text: str, mark: tuple[int, int] | None) -> int:
    """The file line where a scalar's text starts (block scalars start on the next line)."""
    if mark is None:
        return 1
    line, column = mark
    source_line = text.split("\n")[line - 1] if line - 1 < len(text.split("\n")) else ""
    return line + 1 if source_line[column - 1 : column] in ("|", ">") else line


def parse_yaml_notes(text: str, source: str, known: SpeakerLabels | None = None) -> Session:
    """Validate YAML notes and turn them into a Session, keeping each turn's file line."""
    located = load_yaml(text, source)
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
        first_line = _scalar_first_line(text, located.marks.get(("notes",)))
        parsed = parse_notes(document.notes, source)
        turns = tuple(turn.model_copy(update={"line": turn.line + first_line - 1}) for turn in parsed.turns)
        return Session(file=source, kind="notes", turns=turns, **common)
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
    return Session(file=source, kind="transcript", turns=tuple(turns_out), warnings=tuple(warnings), **common)
