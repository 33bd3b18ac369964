"""Read any supported input into a Session: transcripts, narrative notes, YAML notes."""

from __future__ import annotations

from dataclasses import replace

from rupturecli.errors import InputError
from rupturecli.parsing.kinds import kind_of
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.notes import parse_notes
from rupturecli.parsing.transcript import (
    READ_AS_NOTES,
    looks_like_transcript,
    looks_like_unread_dialogue,
    parse_transcript,
)
from rupturecli.session import InputKind, Session


def parse_text(
    text: str,
    source: str,
    kind: InputKind | None = None,
    labels: SpeakerLabels | None = None,
    is_yaml: bool | None = None,
) -> Session:
    """Parse decoded text; `kind` overrides detection of transcript versus notes."""
    labels = labels or SpeakerLabels()
    if is_yaml is None:
        file_kind = kind_of(source)
        is_yaml = file_kind is not None and file_kind.reader == "yaml"
    if is_yaml:
        from rupturecli.parsing.yaml_notes import parse_yaml_notes  # the YAML parser loads only for YAML notes

        session = parse_yaml_notes(text, source, labels)
        if kind == "notes" and session.kind == "transcript":
            raise InputError("--input-kind notes given, but this YAML file holds 'turns:'", source)
        return session
    detected = kind is None
    if kind is None:
        kind = "transcript" if looks_like_transcript(text, labels) else "notes"
    session = parse_transcript(text, source, labels) if kind == "transcript" else parse_notes(text, source)
    if not session.turns:
        raise InputError(f"no {'speaker turns' if kind == 'transcript' else 'text'} found", source)
    if detected and kind == "notes" and looks_like_unread_dialogue(text):
        session = replace(session, warnings=(*session.warnings, READ_AS_NOTES))
    return session


__all__ = ["SpeakerLabels", "parse_text"]
