"""How a rupture turn's 1-5 significance is rated: named cues with fitted weights, and the cut points."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from rupturecli.rules.model.base import RuptureType, Strict
from rupturecli.rules.model.guidance import WordGuard
from rupturecli.rules.model.patterns import Pattern

# What each kind of cue puts in its reason's {slots} (detect/significance.py), with a value of the same type.
REASON_SLOTS: dict[str, tuple[str, ...]] = {
    "type": (), "markers": ("marker",), "patterns": ("match", "count"), "persistence": ("count", "unit", "units"),
    "strength": ("strength",), "evidence": ("marker", "unit", "turn"), "position": ("unit", "turn", "total"),
    "words": ("unit", "count"), "wording": ("rating", "cues"),
}
REASON_SAMPLES: dict[str, object] = {"marker": "W2 minimal-response", "match": "some words", "count": 2,
                                     "unit": "turn", "units": "turns", "strength": "model 0.91", "turn": 3,
                                     "total": 10, "rating": 2.5, "cues": '"some", "words"'}


class SignificanceCue(Strict):
    """One thing that can raise a rupture turn's significance, with its fitted weight.

    Exactly one of `type`, `markers`, `patterns` or `measure` says what it reads; `reason` is the words the
    report prints when it fires ({match} is the client's words that matched, {marker} the marker).
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    reason: str
    weight: float = 0.0
    fitted: bool = True  # False: set by hand (no coded transcript shows it), kept by the fitting script
    type: RuptureType | None = None
    markers: list[str] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    # persistence: earlier rupture turns of the episode; strength: the clearest finding at the turn; evidence: the
    # therapist's own experience (notes); position: how far into the session the turn comes (transcripts);
    # words: how many words the client's turn has (transcripts), up to `cap` on a log scale; wording: the move
    # model's reading of the turn's words on the coders' 1-5 scale (transcripts, with the model on), as 0-1.
    measure: Literal["persistence", "strength", "evidence", "position", "words", "wording"] | None = None
    only: RuptureType | None = None  # a measure read only at turns showing this type of rupture
    cap: int = Field(default=1, ge=1)  # a count (of matches, earlier turns, words) is read up to this, scaled to 0-1
    fires_at: float = Field(default=0.0, ge=0, le=1)  # a measured cue names itself from this value
    # what a measure reads where it cannot be read (notes have no client words or turn order; with the rules alone
    # nothing reads the wording): this value, no reason; unset, the middle of the range (0.5)
    neutral: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def reads_one_thing(self) -> SignificanceCue:
        given = [name for name, value in (("type", self.type), ("markers", self.markers),
                                          ("patterns", self.patterns), ("measure", self.measure)) if value]
        if len(given) != 1:
            raise ValueError(f"cue '{self.id}' needs exactly one of type, markers, patterns or measure")
        if self.only is not None and self.measure is None:
            raise ValueError(f"cue '{self.id}': 'only' narrows a measure; give it with 'measure'")
        self._check_reason()
        return self

    def _check_reason(self) -> None:
        """The reason's {slots} must be ones this kind of cue fills, so a typo fails `rules check`, not a run."""
        kind = self.measure or ("type" if self.type else "markers" if self.markers else "patterns")
        filled = {name: REASON_SAMPLES[name] for name in REASON_SLOTS[kind]}
        try:
            self.reason.format(**filled)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
            slots = ", ".join(f"{{{name}}}" for name in REASON_SLOTS[kind]) or "none"
            raise ValueError(f"cue '{self.id}': reason {self.reason!r} cannot be filled ({type(error).__name__}: "
                             f"{error}); a {kind} cue fills {slots}") from None


class Significance(Strict):
    """How a rupture turn's 1-5 significance is rated: a weighted sum of cues, cut into five levels."""

    intercept: float = 1.0
    rule_strength: float = Field(default=0.9, ge=0, le=1)  # a rule match's strength, on the model's 0-1 scale
    cuts: list[float] = Field(min_length=4, max_length=4)  # the sums from which a turn rates 2, 3, 4 and 5
    reason_from: float = Field(default=0.1, ge=0)  # a cue is named as a reason when it adds at least this
    # A `patterns` cue's match is not counted after one of these words ("not thinking of quitting" is no threat);
    # none: every match counts.
    negation: WordGuard | None = None
    cues: list[SignificanceCue]

    @field_validator("cuts")
    @classmethod
    def increasing(cls, value: list[float]) -> list[float]:
        if value != sorted(value):
            raise ValueError("cuts must not decrease")
        return value
