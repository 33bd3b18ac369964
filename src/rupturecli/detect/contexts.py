"""What the therapist's turn before a client turn was: an open question, pressure, advice... (`contexts:` in
rules/contexts.yaml). A client marker's conditions name these, so "I don't know" after an open feeling question
is a minimal response and after "Did you take the bus?" is nothing.
"""

from __future__ import annotations

import re
from itertools import islice

from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.textutil import WORD, word_count

FRAGMENT_WORDS = 3  # a therapist turn this short (an interruption, "Just-") keeps the context before it
WORD_START = re.compile(r"\S+")
ANSWERED_WORDS = 60  # a longer therapist turn is read from its last this many words for the client's markers


def classify_turn(text: str, rules: RuleSet, words: int | None = None) -> frozenset[str]:
    """The context ids (open-question, pressure, advice...) a therapist turn shows; `words`: the length of the
    whole turn when `text` is only its end (a context's min_words and max_words are about the whole turn)."""
    found = set()
    count = word_count(text) if words is None else words
    for compiled in rules.contexts:
        context = compiled.context
        if context.question is not None and ("?" in text) != context.question:
            continue
        if context.max_words is not None and count > context.max_words:
            continue
        if context.min_words is not None and count < context.min_words:
            continue
        if compiled.match and (not compiled.may_match(text) or first_match(compiled.match, text) is None):
            continue
        if compiled.unless and first_match(compiled.unless, text) is not None:
            continue
        found.add(context.id)
    for compiled in rules.contexts:  # a context another one rules out (`unless_context`) does not hold
        if compiled.context.unless_context and compiled.context.id in found and not found.isdisjoint(
                compiled.context.unless_context):
            found.discard(compiled.context.id)
    return frozenset(found)


def answered_part(text: str) -> str:
    """The end of a long therapist turn: what the client's next turn answers.

    A caption transcript can run minutes of talk into one turn; a word of pressure early in it ("I want you
    to...") is not what a "well, ..." after its closing open question answers. On the training transcripts
    (hlqc) reading the last 60 words dropped 6 of 25 false rule findings for 1 of 15 true ones; short turns are
    read whole, so gold-dev is unchanged. (The move model reads the end of the turn too: features.py.)
    """
    if len(text) < ANSWERED_WORDS * 2:  # too short to hold more words than that: the common case, no scan
        return text
    starts = [match.start() for match in WORD_START.finditer(text)]
    return text if len(starts) <= ANSWERED_WORDS else text[starts[-ANSWERED_WORDS]:]


def is_fragment(text: str) -> bool:
    """At most FRAGMENT_WORDS words (counting stops at the one after)."""
    return sum(1 for _ in islice(WORD.finditer(text), FRAGMENT_WORDS + 1)) <= FRAGMENT_WORDS


class TherapistContexts:
    """The contexts of a transcript's therapist turns, worked out only for those a client marker needs.

    A therapist fragment ("Just-", "Mm.") keeps the contexts of the therapist turn before it, so a turn's
    contexts are its own plus, for a fragment, those of the turn it continues.
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.turns: list[tuple[int, str, int]] = []  # (turn index, own text, position continued or -1)
        self.known: dict[int, frozenset[str]] = {}  # position -> contexts

    def add(self, turn_index: int, own_text: str, fragment: bool) -> int:
        self.turns.append((turn_index, own_text, len(self.turns) - 1 if fragment else -1))
        return len(self.turns) - 1

    def of(self, position: int) -> frozenset[str]:
        if position < 0:
            return frozenset()
        todo = []
        while position >= 0 and position not in self.known:
            todo.append(position)
            position = self.turns[position][2]
        contexts = self.known.get(position, frozenset())
        for current in reversed(todo):
            text = self.turns[current][1]
            answered = answered_part(text)
            own = classify_turn(answered, self.rules, None if answered is text else word_count(text))
            contexts = own | contexts if self.turns[current][2] >= 0 else own
            self.known[current] = contexts
        return contexts

    def by_turn(self) -> dict[int, frozenset[str]]:
        return {self.turns[position][0]: contexts for position, contexts in sorted(self.known.items())}
