"""Recognise speaker labels and timestamps at the start of a transcript line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

TIMESTAMP = r"(?:[\[(]\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:\s*[\])])?"
LABEL_LINE = re.compile(
    rf"^\s*(?:{TIMESTAMP}\s*[-–—]?\s*)?(?P<label>[A-Za-z][A-Za-z0-9 .'’_-]{{0,31}}?)\s*"
    rf"(?:[\[(]\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*[\])])?\s*:(?:\s+|$)(?P<text>.*)$"
)

THERAPIST_LABELS = frozenset(
    {"therapist", "t", "th", "counsellor", "counselor", "clinician", "interviewer", "doctor",
     "psychologist", "psychiatrist", "provider", "practitioner", "coach", "trainee", "dr"}
)
CLIENT_LABELS = frozenset({"client", "c", "cl", "patient", "p", "pt", "interviewee", "participant", "member"})
DOCTOR_NAME = re.compile(r"^(?:dr|doctor|prof)\.?\s+\S.*$", re.IGNORECASE)


@dataclass
class SpeakerLabels:
    """Which labels mean therapist and which mean client, extendable by the user."""

    therapist: set[str] = field(default_factory=lambda: set(THERAPIST_LABELS))
    client: set[str] = field(default_factory=lambda: set(CLIENT_LABELS))

    def add_client(self, name: str) -> None:
        self.client.add(normalise_label(name))

    def add_therapist(self, name: str) -> None:
        self.therapist.add(normalise_label(name))

    def role(self, label: str) -> str | None:
        """'therapist', 'client', or None for a label we do not know."""
        key = normalise_label(label)
        if key in self.client:
            return "client"
        if key in self.therapist or DOCTOR_NAME.match(key):
            return "therapist"
        return None


@lru_cache(maxsize=1024)
def normalise_label(label: str) -> str:
    """A label as compared: case, spacing, a final full stop and curly apostrophes do not count (cached: a
    transcript repeats its few labels on every line)."""
    return " ".join(label.replace("’", "'").strip().rstrip(".").lower().split())


def split_label(line: str) -> tuple[str, str] | None:
    """(label, text) when the line starts a speaker turn, else None."""
    match = LABEL_LINE.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    if len(label.split()) > 3:
        return None
    return label, match.group("text")
