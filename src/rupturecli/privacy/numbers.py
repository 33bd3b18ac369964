"""Digits, written or read out in words: shared by the phone, record number and postcode detectors."""

from __future__ import annotations

import regex

DIGIT = regex.compile(r"\d")  # most patterns need one: a text without a digit skips them
# A digit read out: "oh seven nine double one..."
DIGIT_WORD = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)"


def digit_count(text: str) -> int:
    """How many digits a match holds: a phone has nine to fifteen, a record number four at least."""
    return sum(character.isdigit() for character in text)
