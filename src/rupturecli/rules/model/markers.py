"""A rupture marker: what the client says or does, when it counts, and the look-alikes it ignores."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from rupturecli.rules.model.base import ID_PATTERN, Approach, RuptureType, Strict, TargetKind
from rupturecli.rules.model.patterns import Examples, Pattern

OTHER_KINDS_PREFIXES = ("IM-", "EX-", "GR-", "TC-")


class Conditions(Strict):
    """When a marker may fire, in words a clinician can check."""

    previous_turn: list[str] = Field(default_factory=list, description="context ids; any of them")
    previous_turn_not: list[str] = Field(default_factory=list)
    max_words: int | None = Field(default=None, ge=1)
    min_words: int | None = Field(default=None, ge=1)


class Guards(Strict):
    """Look-alikes to ignore: negated, hypothetical or quoted (someone else's) words."""

    negation: bool = True
    hypothetical: bool = True
    quoted: bool = True


class Marker(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    rupture: RuptureType
    speaker: Literal["client", "therapist"] = "client"
    evidence_only: bool = False
    group_only: bool = Field(default=False, description="read only in group, couples and family sessions")
    target: TargetKind | None = Field(default=None, description="a marker that is only about this target: toward "
                                      "'group' it always is; toward 'member' it needs the target rules to name one")
    status: Literal["stable", "experimental", "deprecated"] = "stable"
    weight: float = Field(default=1.0, ge=0, le=3)
    approach: Approach = "exploratory"
    description: str = ""
    message: str = ""
    when: Conditions = Field(default_factory=Conditions)
    match: list[Pattern] = Field(default_factory=list)
    narrative: list[Pattern] = Field(default_factory=list)
    unless: list[Pattern] = Field(default_factory=list)
    unless_previous: list[Pattern] = Field(default_factory=list)
    guards: Guards = Field(default_factory=Guards)
    aliases: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)

    @field_validator("id")
    @classmethod
    def not_another_kind_of_id(cls, value: str) -> str:
        """IM-, EX- and GR- name strategies and TC- therapist moves: a marker so named would be confused with them
        in `--select`, `rules show` and every message."""
        if value.startswith(OTHER_KINDS_PREFIXES):
            raise ValueError(f"'{value}' is the kind of id strategies (IM-, EX-, GR-) and therapist moves (TC-) have; "
                             f"a marker needs one of its own, such as 'X-{value.split('-', 1)[1]}'")
        return value

    @model_validator(mode="after")
    def has_patterns(self) -> Marker:
        if not self.match and not self.narrative:
            raise ValueError(f"marker '{self.id}' needs 'match' (speech) or 'narrative' (notes) patterns")
        return self
