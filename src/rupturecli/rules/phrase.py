"""The phrase language: patterns a clinician can read and write without knowing regular expressions.

A phrase is words, matched as whole words, in any case, with any whitespace between them (`it doesn't
bother me`). A few marks say more, and each reads as it would on paper:

    (upset|angry|bothered)   one of these words or word sequences
    [really]                 an optional word (`[really|even]`: optionally one of these)
    ...                      a short gap: up to four words, within one sentence
    bother*                  a word's endings: bother, bothers, bothered, bothering
    *                        any one word

A mark written against a word, with no space, joins it: `walk(s|ed)`, `un[-]happy`. A backslash makes the
next character plain (`\\(`). Input text has its curly quotes and dashes straightened before matching, so a
phrase writes `'` and `-`. A phrase that cannot be read raises `PhraseError` with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

GAP_WORDS = 4  # `...`: at most this many words between its neighbours
GAP_WORD = r"[^\s.!?]+"  # a gap's word: anything up to whitespace, never across a sentence's end
ANY_WORD = r"\w+"
WORD_ENDING = r"\w*"
SEPARATOR = r"\s+"
MEMBER_SLOT = "{member}"  # in a group target rule: any other member's name
_MARKS = "()[]|"


class PhraseError(ValueError):
    """A phrase that cannot be read: unbalanced brackets, an empty alternative, a gap with nothing beside it."""


@dataclass(frozen=True)
class _Word:
    parts: tuple[str | None, ...]  # literal text, None for `*`


@dataclass(frozen=True)
class _Group:
    alternatives: tuple[tuple[tuple[object, bool], ...], ...]  # each a sequence of (item, space before)
    optional: bool


@dataclass(frozen=True)
class _Gap:
    pass


Item = _Word | _Group | _Gap
Sequence = tuple[tuple[Item, bool], ...]


def _tokens(phrase: str) -> list[tuple[str, object]]:
    """('space'|'mark'|'word', value): a word is its parts, literal text or None for an unescaped `*`."""
    tokens: list[tuple[str, object]] = []
    index = 0
    while index < len(phrase):
        char = phrase[index]
        if char.isspace():
            while index < len(phrase) and phrase[index].isspace():
                index += 1
            tokens.append(("space", " "))
            continue
        if char in _MARKS:
            if char in ")]" and phrase[index + 1:index + 2] in ("?", "+") and phrase[index + 2:index + 3].isalnum():
                # `(mean )?to leave`: regex intent, which would lose the space; `(point|use)?` at the end, before a
                # space or punctuation, keeps its `?` or `+` as a literal character joined to the group
                opening = phrase.rfind("(" if char == ")" else "[", 0, index)
                inner = phrase[opening + 1:index].strip()
                raise PhraseError(f"'{char}{phrase[index + 1]}' is regex syntax; a phrase marks optional words with "
                                  f"square brackets: '[{inner}]'")
            tokens.append(("mark", char))
            index += 1
            continue
        parts: list[str | None] = []
        text: list[str] = []
        plain = True  # no escaped character: a lone `...` is a gap
        while index < len(phrase) and not phrase[index].isspace() and phrase[index] not in _MARKS:
            char = phrase[index]
            if char == "\\":
                if index + 1 >= len(phrase):
                    raise PhraseError("it ends with a lone '\\' (a backslash makes the next character plain)")
                text.append(phrase[index + 1])
                plain = False
                index += 2
                continue
            if char == "*":
                if text:
                    parts.append("".join(text))
                    text = []
                parts.append(None)
            else:
                text.append(char)
            index += 1
        if text:
            parts.append("".join(text))
        tokens.append(("gap", None) if plain and parts == ["..."] else ("word", tuple(parts)))
    return tokens


class _Parser:
    def __init__(self, phrase: str) -> None:
        self.tokens = _tokens(phrase)
        self.position = 0

    def peek(self) -> tuple[str, object] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def alternatives(self, closing: str | None) -> tuple[Sequence, ...]:
        """Sequences separated by `|`, up to `closing` (or the end of the phrase)."""
        found = [self.sequence(closing)]
        while self.peek() == ("mark", "|"):
            self.position += 1
            found.append(self.sequence(closing))
        return tuple(found)

    def sequence(self, closing: str | None) -> Sequence:
        items: list[tuple[Item, bool]] = []
        spaced = False
        while (token := self.peek()) is not None:
            kind, value = token
            if kind == "space":
                spaced = True
                self.position += 1
                continue
            if kind == "mark" and value in ")]|":
                if value == "|":
                    break
                if value != closing:
                    raise PhraseError(f"'{value}' closes nothing" if closing is None
                                      else f"'{value}' where '{closing}' should close the '{_OPENING[closing]}'")
                break
            self.position += 1
            if kind == "mark":  # ( or [
                inner_closing = ")" if value == "(" else "]"
                alternatives = self.alternatives(inner_closing)
                if self.peek() != ("mark", inner_closing):
                    raise PhraseError(f"'{value}' is never closed by '{inner_closing}'")
                self.position += 1
                item: Item = _Group(alternatives, optional=value == "[")
            elif kind == "gap":
                item = _Gap()
            else:
                item = _Word(value)  # type: ignore[arg-type]
            items.append((item, spaced and bool(items)))
            spaced = False
        if not items:
            raise PhraseError(self._empty(closing))
        return tuple(items)

    def _empty(self, closing: str | None) -> str:
        """Why a sequence is empty: '()', a '|' with nothing on one side, or no words at all."""
        around = [token for token in self.tokens if token[0] != "space"]
        if not around:
            return "it has no words"
        before = [token for token in self.tokens[: self.position] if token[0] != "space"]
        if closing and before and before[-1][1] in "([" and self.peek() == ("mark", closing):
            return f"empty brackets '{before[-1][1]}{closing}'"
        return "an empty alternative (a '|' with nothing on one side)"


_OPENING = {")": "(", "]": "["}


def parse(phrase: str) -> tuple[Sequence, ...]:
    """The phrase's top-level alternatives; PhraseError when it cannot be read."""
    parser = _Parser(phrase)
    found = parser.alternatives(None)
    if parser.peek() is not None:  # a stray closing mark
        raise PhraseError(f"'{parser.peek()[1]}' closes nothing")  # type: ignore[index]
    for sequence in found:
        _check(sequence)
        if _any_words(sequence):
            raise PhraseError("it has no word of its own ('*' is any word): it would match every turn")
    return found


def _any_words(sequence: Sequence) -> bool:
    """Whether every word the sequence needs is `*` (any word), so it matches any turn with words in it."""
    for item, _ in sequence:
        if _optional(item) or isinstance(item, _Gap):
            continue
        if isinstance(item, _Word) and any(part is not None for part in item.parts):
            return False
        if isinstance(item, _Group) and not any(_any_words(alternative) for alternative in item.alternatives):
            return False
    return True


def _check(sequence: Sequence) -> None:
    """Every sequence needs a word that is not optional; a gap stands between two such words."""
    if all(_optional(item) or isinstance(item, _Gap) for item, _ in sequence):
        raise PhraseError("every word of an alternative is optional: it would match nothing at all")
    for index, (item, spaced) in enumerate(sequence):
        if isinstance(item, _Group):
            for alternative in item.alternatives:
                _check(alternative)
        if not isinstance(item, _Gap):
            continue
        before = sequence[index - 1][0] if index else None
        after = sequence[index + 1] if index + 1 < len(sequence) else None
        if (before is None or after is None or _optional(before) or _optional(after[0])
                or isinstance(before, _Gap) or isinstance(after[0], _Gap) or not spaced or not after[1]):
            raise PhraseError("'...' must stand between two words, with a space on each side")


def _optional(item: object) -> bool:
    return isinstance(item, _Group) and item.optional


def _word(word: _Word, member_slot: bool) -> str:
    if not word.parts or word.parts == (None,):
        return ANY_WORD
    text = "".join(WORD_ENDING if part is None else regex.escape(part) for part in word.parts)
    return text.replace(regex.escape(MEMBER_SLOT), MEMBER_SLOT) if member_slot else text


def _item(item: Item, member_slot: bool) -> str:
    if isinstance(item, _Word):
        return _word(item, member_slot)
    if isinstance(item, _Group):
        bodies = [_sequence(alternative, member_slot) for alternative in item.alternatives]
        return bodies[0] if len(bodies) == 1 and not item.optional else "(?:" + "|".join(bodies) + ")"
    return f"(?:{SEPARATOR}{GAP_WORD}){{0,{GAP_WORDS}}}?"


def _sequence(sequence: Sequence, member_slot: bool) -> str:
    """Required items joined by whitespace (or nothing, when written together); an optional item brings
    its own whitespace, so "I [really] care" matches "I care" as well as "I really care"."""
    first = next(index for index, (item, _) in enumerate(sequence) if not _optional(item))
    out: list[str] = []
    for index, (item, spaced) in enumerate(sequence):
        body = _item(item, member_slot)
        if index < first:  # an optional item before the first required one: its whitespace follows it
            after = SEPARATOR if sequence[index + 1][1] else ""
            out.append(f"(?:{body}{after})?")
            continue
        separator = SEPARATOR if spaced and index > first and not isinstance(item, _Gap) else ""
        out.append(f"(?:{separator}{body})?" if _optional(item) else separator + body)
    return "".join(out)


def phrase_to_regex(phrase: str, member_slot: bool = False) -> str:
    """The `regex` expression of a phrase, bounded by word edges. `member_slot`: keep `{member}` for a
    group target rule to fill in. A phrase of plain words compiles as it always has."""
    alternatives = parse(phrase)
    body = "|".join(_sequence(sequence, member_slot) for sequence in alternatives)
    if len(alternatives) > 1:
        body = f"(?:{body})"
    return r"(?<![\w])" + body + r"(?![\w])"


def literal_to_regex(text: str) -> str:
    """Plain words, taken literally (a member's name may hold any character), word-bounded, any spacing."""
    words = [regex.escape(word) for word in text.split()]
    return r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])"
