"""A piece of PHI found in a text, the kinds there are, and putting placeholders in their place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID"]
KINDS: tuple[Kind, ...] = ("NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID")


@dataclass(frozen=True)
class Span:
    """One piece of PHI found in a text: [start, end) and its kind."""

    start: int
    end: int
    kind: Kind


def replace_spans(text: str, spans: list[Span]) -> str:
    """`text` with each span (sorted, not overlapping) replaced by its kind's placeholder: [NAME], [PHONE]..."""
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position:span.start])
        pieces.append(f"[{span.kind}]")
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
