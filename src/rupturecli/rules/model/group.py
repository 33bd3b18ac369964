"""How group, couples and family sessions are read: toward whom a rupture is directed, member repairs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rupturecli.rules.model.base import Strict, TargetKind
from rupturecli.rules.model.patterns import Examples, Pattern


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
