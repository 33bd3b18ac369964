"""How a rule says what words show it: a pattern (phrase or regex), its conditions, and in-file examples."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, PrivateAttr, model_validator

from rupturecli.errors import quoted
from rupturecli.rules.model.base import Strict
from rupturecli.rules.phrase import PhraseError, phrase_to_regex


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
                raise ValueError(f"bad phrase {quoted(self.phrase)}: {error}") from None
        return self

    @property
    def expression(self) -> str:
        """The `regex` expression this pattern runs: its regex, or its phrase as compiled when it was read."""
        if self.regex is not None:
            return self.regex
        if self._expression is None:
            self._expression = phrase_to_regex(self.phrase or "")
        return self._expression


def _not_blank(example: str) -> str:
    """A blank example tests nothing, yet would count as a pass."""
    if not example.strip():
        raise ValueError("an empty example tests nothing: write a client line, 'T: ...\\nC: ...' or 'NOTE: ...'")
    return example


ExampleText = Annotated[str, AfterValidator(_not_blank)]


class Examples(Strict):
    """In-file tests. An example is a client line, or a two-turn exchange 'T: ...\\nC: ...'."""

    match: list[ExampleText] = Field(default_factory=list)
    no_match: list[ExampleText] = Field(default_factory=list)
    todo: list[ExampleText] = Field(default_factory=list)
