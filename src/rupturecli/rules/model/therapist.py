"""What the therapist does: the contexts of a turn, the resolution strategies, the moves that strain."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rupturecli.rules.model.base import Approach, RuptureType, Source, Strict, TargetKind
from rupturecli.rules.model.patterns import Examples, Pattern


class Context(Strict):
    """A class of therapist turn (open question, pressure, advice...) that markers can require."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str = ""
    question: bool | None = None
    # an open, inviting turn: the learned move head never reads it as a straining move (the rules still may)
    inviting: bool = False
    # a closed or factual question: a short reply to it is ordinary, never a short-reply marker the model adds
    closed: bool = False
    max_words: int | None = Field(default=None, ge=1)
    min_words: int | None = Field(default=None, ge=1)
    match: list[Pattern] = Field(default_factory=list)
    unless: list[Pattern] = Field(default_factory=list)
    # context ids: where one of them holds too, this one does not (a summary gives the client's words back: no lecture)
    unless_context: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class StrategyFit(Strict):
    types: list[RuptureType] = Field(default_factory=lambda: ["withdrawal", "confrontation"])
    markers: list[str] = Field(default_factory=list)
    targets: list[TargetKind] = Field(default_factory=list, description="in a group: the rupture directions it "
                                      "suits (empty: any)")
    # The therapist's own straining moves (TC- ids) just before the rupture, or answering it: after these the
    # strategy comes first, whatever the approach (owning a lecture fits an immediate rupture too)...
    after_moves: list[str] = Field(default_factory=list)
    # ...and after these it would be more of the same (explaining the rationale after a lecture is another lecture)
    not_after_moves: list[str] = Field(default_factory=list)


class Strategy(Strict):
    id: str = Field(pattern=r"^(IM|EX|GR)-[A-Z0-9-]+$")
    name: str
    approach: Approach
    family: Literal["direct", "indirect", "metacommunication", "group"]
    guidance: str
    past: str | None = None  # what the therapist did, for "you already explained the rationale at turn 8"
    for_source: dict[Source, str] = Field(default_factory=dict)  # an example fitted to the rupture's source
    fits: StrategyFit = Field(default_factory=StrategyFit)
    match: list[Pattern] = Field(default_factory=list)
    narrative: list[Pattern] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)

    @model_validator(mode="after")
    def approach_matches_id(self) -> Strategy:
        if self.id.startswith("GR-"):  # a group strategy may be either
            if self.family != "group":
                raise ValueError(f"strategy '{self.id}' is a group strategy (GR-): its family is 'group'")
            return self
        expected = "immediate" if self.id.startswith("IM-") else "exploratory"
        if self.approach != expected:
            raise ValueError(f"strategy '{self.id}' is {expected} by its id prefix, not {self.approach}")
        if self.family == "group":
            raise ValueError(f"strategy '{self.id}': only group strategies (GR-) have the family 'group'")
        return self

    @property
    def group_only(self) -> bool:
        """Group strategies (GR-) are looked for, and suggested, in group sessions only."""
        return self.id.startswith("GR-")


class TherapistMove(Strict):
    """A therapist move that can strain the alliance (the 3RS therapist contribution): a lecture, a
    warning, pushing a task... Found in the therapist turns just before a rupture, and after it when the
    therapist answers the rupture with more of the same."""

    id: str = Field(pattern=r"^TC-[A-Z0-9-]+$")
    name: str = Field(min_length=1)
    description: str = ""
    feedback: str = Field(min_length=1, description="the move as a supervisor names it: 'a warning about consequences'")
    instead: str = Field(min_length=1, description="what to try instead, as a suggestion")
    strength: Literal["clear", "possible"] = "clear"
    contexts: list[str] = Field(default_factory=list, description="therapist-turn contexts that show the move")
    match: list[Pattern] = Field(default_factory=list)
    narrative: list[Pattern] = Field(default_factory=list)
    unless: list[Pattern] = Field(default_factory=list)
    after_cut_off: bool = Field(default=False, description="the client's turn just before broke off mid-sentence")
    aliases: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)

    @model_validator(mode="after")
    def has_evidence(self) -> TherapistMove:
        if not (self.contexts or self.match or self.narrative or self.after_cut_off):
            raise ValueError(f"move '{self.id}' needs 'contexts', 'match', 'narrative' or 'after_cut_off'")
        return self
