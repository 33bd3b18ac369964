"""One YAML file of a rule pack, every section optional: a pack is a folder of these."""

from __future__ import annotations

from pydantic import Field, model_validator

from rupturecli.rules.model.base import Strict
from rupturecli.rules.model.group import GroupRules
from rupturecli.rules.model.guidance import Guidance
from rupturecli.rules.model.markers import Marker
from rupturecli.rules.model.significance import Significance
from rupturecli.rules.model.therapist import Context, Strategy, TherapistMove


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

    @model_validator(mode="before")
    @classmethod
    def empty_lists(cls, value: object) -> object:
        """`markers:` with nothing under it yet (YAML reads it as null) is an empty list: a file being written."""
        if isinstance(value, dict):
            return {key: item for key, item in value.items()
                    if not (item is None and key in ("markers", "contexts", "strategies", "moves"))}
        return value
