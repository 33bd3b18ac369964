"""The rule-pack schema: markers, therapist contexts, resolution strategies and stage guidance.

Everything a clinician writes in `rules/*.yaml` is validated here (`extra="forbid"` everywhere,
so a misspelt key is an error with a did-you-mean hint, not a silently ignored line).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from rupturecli.rules.phrase import PhraseError, phrase_to_regex

RuptureType = Literal["withdrawal", "confrontation"]
Approach = Literal["immediate", "exploratory"]
Source = Literal["task", "therapist", "parameters", "progress"]  # what a rupture moves against or away from
ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PatternConditions(Strict):
    """Extra conditions for one pattern (in transcripts): the previous therapist turn's contexts."""

    previous_turn: list[str] = Field(default_factory=list)


class Pattern(Strict):
    """One way a marker can show: a `phrase` (whole words, any case, the small language of phrase.py:
    `(a|b)`, `[optional]`, `...`, `word*`) or a `regex`."""

    phrase: str | None = None
    regex: str | None = None
    when: PatternConditions | None = None
    _expression: str | None = PrivateAttr(default=None)  # the phrase compiled once, kept with the cached pack

    @model_validator(mode="before")
    @classmethod
    def from_string(cls, value: object) -> object:
        return {"phrase": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def exactly_one(self) -> Pattern:
        if (self.phrase is None) == (self.regex is None):
            raise ValueError("a pattern needs exactly one of 'phrase' or 'regex'")
        if self.phrase is not None and not self.phrase.strip():
            raise ValueError("empty phrase")
        if self.phrase is not None:
            try:
                self._expression = phrase_to_regex(self.phrase)
            except PhraseError as error:
                raise ValueError(f"bad phrase {self.phrase!r}: {error}") from None
        return self

    @property
    def expression(self) -> str:
        """The `regex` expression this pattern runs: its regex, or its phrase as compiled when it was read."""
        if self.regex is not None:
            return self.regex
        if self._expression is None:
            self._expression = phrase_to_regex(self.phrase or "")
        return self._expression


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


class Examples(Strict):
    """In-file tests. An example is a client line, or a two-turn exchange 'T: ...\\nC: ...'."""

    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)
    todo: list[str] = Field(default_factory=list)


TargetKind = Literal["therapist", "member", "group"]  # toward whom a member's rupture is directed


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

    @model_validator(mode="after")
    def has_patterns(self) -> Marker:
        if not self.match and not self.narrative:
            raise ValueError(f"marker '{self.id}' needs 'match' (speech) or 'narrative' (notes) patterns")
        return self


class Context(Strict):
    """A class of therapist turn (open question, pressure, advice...) that markers can require."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str = ""
    question: bool | None = None
    max_words: int | None = Field(default=None, ge=1)
    min_words: int | None = Field(default=None, ge=1)
    match: list[Pattern] = Field(default_factory=list)
    unless: list[Pattern] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class StrategyFit(Strict):
    types: list[RuptureType] = Field(default_factory=lambda: ["withdrawal", "confrontation"])
    markers: list[str] = Field(default_factory=list)
    targets: list[TargetKind] = Field(default_factory=list, description="in a group: the rupture directions it "
                                      "suits (empty: any)")


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
    """Words that stop a marker's match when one comes a few words before it in the same clause: a negation
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
    recurrence: list[Pattern] = Field(default_factory=list)
    specific_source: list[Pattern] = Field(default_factory=list)
    source_markers: dict[Source, list[str]] = Field(default_factory=dict)
    source_cues: dict[Source, list[Pattern]] = Field(default_factory=dict)
    intensity: list[Pattern] = Field(default_factory=list)
    third_party: list[Pattern] = Field(default_factory=list)
    therapist_speech: list[Pattern] = Field(default_factory=list)
    negation: WordGuard | None = None  # the markers' `guards: negation` (none: the guard never holds)
    hypothetical: WordGuard | None = None  # the markers' `guards: hypothetical`


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
    measure: Literal["persistence", "strength", "evidence"] | None = None
    cap: int = Field(default=1, ge=1)  # a count (of matches, earlier turns) is read up to this, scaled to 0-1
    fires_at: float = Field(default=0.0, ge=0, le=1)  # a strength cue names itself from this value

    @model_validator(mode="after")
    def reads_one_thing(self) -> SignificanceCue:
        given = [name for name, value in (("type", self.type), ("markers", self.markers),
                                          ("patterns", self.patterns), ("measure", self.measure)) if value]
        if len(given) != 1:
            raise ValueError(f"cue '{self.id}' needs exactly one of type, markers, patterns or measure")
        return self


class Significance(Strict):
    """How a rupture turn's 1-5 significance is rated: a weighted sum of cues, cut into five levels."""

    intercept: float = 1.0
    rule_strength: float = Field(default=0.9, ge=0, le=1)  # a rule match's strength, on the model's 0-1 scale
    cuts: list[float] = Field(min_length=4, max_length=4)  # the sums from which a turn rates 2, 3, 4 and 5
    reason_from: float = Field(default=0.1, ge=0)  # a cue is named as a reason when it adds at least this
    cues: list[SignificanceCue]

    @field_validator("cuts")
    @classmethod
    def increasing(cls, value: list[float]) -> list[float]:
        if value != sorted(value):
            raise ValueError("cuts must not decrease")
        return value


class TargetRule(Strict):
    """One way to tell toward whom a member's turn is directed; the rules are tried in order, first wins.

    In `match`, `{member}` stands for any other member's name (the member named is the target). A rule with
    `previous: member` and `target: member` and no `{member}` points at the member who spoke just before.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str = ""
    target: TargetKind
    previous: Literal["any", "member", "therapist"] = Field(
        default="any", description="member: the turn just before (by someone else) is another member's; "
        "therapist: the last turn by someone other than a member is a therapist's")
    previous_context: list[str] = Field(default_factory=list, description="context ids the turn just before "
                                        "must show (any of them)")
    match: list[Pattern] = Field(default_factory=list, description="empty: the rule holds on `previous` alone")
    examples: Examples = Field(default_factory=Examples)

    @model_validator(mode="after")
    def member_is_findable(self) -> TargetRule:
        names_one = any("{member}" in (pattern.regex or pattern.phrase or "") for pattern in self.match)
        if self.target == "member" and not names_one and self.previous != "member":
            raise ValueError(f"target rule '{self.id}' points at a member: use {{member}} in a pattern, or "
                             "previous: member")
        return self


class MemberRepair(Strict):
    """A member's move that helps repair another member's rupture: validating, owning their part, inviting
    the quiet one back. Read in member turns after an episode, never in the ruptured member's own."""

    id: str = Field(pattern=r"^MR-[A-Z0-9-]+$")
    name: str = Field(min_length=1)
    description: str = ""
    past: str = Field(min_length=1, description="what the member did, for 'Sam validated at turn 8'")
    match: list[Pattern] = Field(min_length=1)
    examples: Examples = Field(default_factory=Examples)


class GroupRules(Strict):
    """How group, couples and family sessions are read: rupture direction, re-labelled markers, member repairs."""

    targets: list[TargetRule] = Field(min_length=1)
    fallback: TargetKind = "group"  # when no target rule holds
    retarget: dict[Literal["member", "group"], dict[str, str]] = Field(
        default_factory=dict, description="a marker found toward a member or the group is read as this marker")
    member_repairs: list[MemberRepair] = Field(default_factory=list)
    silence_turns: int = Field(default=8, ge=2, description="turns of others in a row that make a silence")
    participation_drop: float = Field(default=0.5, gt=0, lt=1, description="share of words after a rupture "
                                      "toward a member, against before, under which they count as withdrawing")


class PackFile(Strict):
    """One YAML file of a pack; a pack is a folder of these."""

    pack: str | None = None
    description: str | None = None
    markers: list[Marker] = Field(default_factory=list)
    contexts: list[Context] = Field(default_factory=list)
    strategies: list[Strategy] = Field(default_factory=list)
    moves: list[TherapistMove] = Field(default_factory=list)
    guidance: Guidance | None = None
    significance: Significance | None = None
    group: GroupRules | None = None
