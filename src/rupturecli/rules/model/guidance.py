"""The resolution step's data: the stage table, the cues it reads, and the word lists of the guards."""

from __future__ import annotations

from pydantic import Field, field_validator

from rupturecli.rules.model.base import RuptureType, Source, Strict
from rupturecli.rules.model.patterns import Pattern


class Stage(Strict):
    name: str
    next_step: str
    references: list[str] = Field(default_factory=list)


class StageTable(Strict):
    withdrawal: dict[int, Stage]
    confrontation: dict[int, Stage]

    @field_validator("withdrawal", "confrontation")
    @classmethod
    def four_stages(cls, value: dict[int, Stage]) -> dict[int, Stage]:
        if sorted(value) != [1, 2, 3, 4]:
            raise ValueError("stages must be numbered 1, 2, 3 and 4")
        return value


class WordGuard(Strict):
    """Words that stop a match when one comes a few words before it in the same clause: a negation
    ("I'm *not* saying it's pointless"), a hypothetical ("*if* I said it was a waste of time")."""

    words: list[str] = Field(min_length=1)
    endings: list[str] = Field(default_factory=list)  # a word ending so ("n't") counts too
    window: int = Field(ge=1, le=20)  # how many words before the match are read

    @field_validator("words", "endings")
    @classmethod
    def lower_case(cls, value: list[str]) -> list[str]:
        if any(item != item.lower() or not item.strip() for item in value):
            raise ValueError("guard words are written in lower case, one word each")
        return value


class Guidance(Strict):
    """Stage table and the cues the resolution step reads (all patterns are data)."""

    stages: StageTable
    stage_evidence: dict[RuptureType, dict[int, list[Pattern]]] = Field(default_factory=dict)
    re_engagement: list[Pattern] = Field(default_factory=list)
    re_engagement_narrative: list[Pattern] = Field(default_factory=list)
    no_shift_narrative: list[Pattern] = Field(default_factory=list)
    not_observed: list[Pattern] = Field(default_factory=list)
    engaged: list[Pattern] = Field(default_factory=list)  # notes prose telling of the client engaging
    strain_elsewhere: list[Pattern] = Field(default_factory=list)  # notes prose: anger at someone else
    recurrence: list[Pattern] = Field(default_factory=list)
    specific_source: list[Pattern] = Field(default_factory=list)
    source_markers: dict[Source, list[str]] = Field(default_factory=dict)
    source_cues: dict[Source, list[Pattern]] = Field(default_factory=dict)
    intensity: list[Pattern] = Field(default_factory=list)
    third_party: list[Pattern] = Field(default_factory=list)
    therapist_speech: list[Pattern] = Field(default_factory=list)
    settled: list[Pattern] = Field(default_factory=list)  # a client telling a strain as already worked through
    negation: WordGuard | None = None  # the markers' `guards: negation` (none: the guard never holds)
    hypothetical: WordGuard | None = None  # the markers' `guards: hypothetical`
