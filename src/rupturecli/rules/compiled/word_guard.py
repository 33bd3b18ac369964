"""A guard's word list compiled: the negation or hypothetical words read just before a match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rupturecli.textutil import clause_before, words

if TYPE_CHECKING:
    from rupturecli.rules.model import WordGuard


@dataclass(frozen=True)
class CompiledWordGuard:
    """A guard's words (`guidance: negation:` / `hypothetical:`) as a set, read before a match."""

    words: frozenset[str]
    endings: tuple[str, ...]
    window: int

    @classmethod
    def of(cls, guard: WordGuard | None) -> CompiledWordGuard | None:
        return None if guard is None else cls(frozenset(guard.words), tuple(guard.endings), guard.window)

    def holds_before(self, text: str, start: int) -> bool:
        """One of the words (or endings) among the last `window` words of the clause before `start`."""
        tokens = [token.lower() for token in words(clause_before(text, start))][-self.window:]
        return any(token in self.words or token.endswith(self.endings) for token in tokens) if self.endings \
            else any(token in self.words for token in tokens)

