"""What every part of the rule-pack schema shares: strict models and the small vocabularies of 3RS."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

RuptureType = Literal["withdrawal", "confrontation"]
Approach = Literal["immediate", "exploratory"]
Source = Literal["task", "therapist", "parameters", "progress"]  # what a rupture moves against or away from
TargetKind = Literal["therapist", "member", "group"]  # toward whom a member's rupture is directed
ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class Strict(BaseModel):
    """A misspelt key is an error (with a did-you-mean hint), never a silently ignored line."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
