r"""A cheap necessary condition for a regex: groups of literal strings, one of each group must appear.

Before running a pattern on a text, checking that its required literals occur in the text (lower-cased,
each run of white space made one space: `gate_text`) skips most patterns on most texts. The requirement is
derived from the pattern's parse tree as a list of clauses that must all hold, each clause a set of strings
of which one must occur. Where a stretch of the pattern can only match a few strings (words, `\s+` between
them, a small alternation, an optional word, a lookaround or `\b`), they are spelt out whole: `what\s+(are|r)`
needs 'what are' or 'what r', not merely 'what'. Elsewhere a sequence needs every part's clauses, an
alternation one of its branches' (the most selective clause of each), a repeat its body's when it repeats at
least once. Where no requirement can be proven the pattern always runs, so results are exactly those of the
full patterns.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as constants
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Clause = frozenset[str]
Requirement = tuple[Clause, ...] | None
MIN_LITERAL = 2
LONGEST = 12  # characters of a spelt string kept in a clause: enough to tell it, few for the automaton
MAX_SPELT = 32  # strings a stretch is spelt out as, at most; a longer list is cut into separate clauses
# str.isspace() (what this \s finds) takes in every character `regex`'s \s matches (a test checks each one)
WHITE_SPACE = re.compile(r"\s+")
EMPTY: Clause = frozenset({""})
ZERO_WIDTH = (constants.AT, constants.ASSERT, constants.ASSERT_NOT)


# The letters beyond ASCII that `regex` matches case-blind with an ASCII letter, which lower() does not give as
# that letter alone (long s, dotted capital I; the Kelvin sign lower-cases to k already): a test checks every one.
ASCII_FOLDS = {0x017F: "s", 0x0130: "i", 0x212A: "k"}


def gate_text(text: str) -> str:
    """The text as the literals are looked for in it: lower-cased, each run of white space one space."""
    if not text.isascii():
        text = text.translate(ASCII_FOLDS)
    return WHITE_SPACE.sub(" ", text.lower())


def _useful(clause: Clause) -> bool:
    return bool(clause) and min(map(len, clause)) >= MIN_LITERAL


def _best(clauses: list[Clause]) -> Clause | None:
    """The most selective clause: the one whose shortest literal is longest."""
    useful = [clause for clause in clauses if _useful(clause)]
    if not useful:
        return None
    return max(useful, key=lambda clause: (min(map(len, clause)), -len(clause)))


class _Found:
    """What a part of a pattern tells: `exact`, every string it can match (as `gate_text` spells them), when
    there are few; else `clauses` that any match of it satisfies. (A plain class: this module is imported by
    every run, and a dataclass costs half a millisecond to make.)"""

    __slots__ = ("clauses", "exact")

    def __init__(self, exact: Clause | None, clauses: list[Clause]) -> None:
        self.exact = exact
        self.clauses = clauses


UNKNOWN = _Found(None, [])


SPACED = tuple(" " if chr(code).isspace() else chr(code).lower() for code in range(128))


def _space(character: int) -> str | None:
    """An ASCII character as `gate_text` has it (white space as one space), or None beyond ASCII (a non-ASCII
    letter may match an ASCII one case-blind)."""
    return SPACED[character] if character < 128 else None


def _joined(left: Clause, right: Clause) -> Clause:
    """Each string of `left` followed by each of `right`, white space meeting white space made one space."""
    return frozenset(a + b[1:] if a.endswith(" ") and b.startswith(" ") else a + b for a in left for b in right)


def _sequence(items: list) -> _Found:
    run: Clause = EMPTY
    clauses: list[Clause] = []
    whole = True
    letters: list[str] = []  # a run of ASCII literals, joined to `run` at once (the common case, made quick)
    for op, argument in items:
        if op is constants.LITERAL and argument < 128:
            letter = SPACED[argument]
            if letter != " " or not letters or letters[-1] != " ":
                letters.append(letter)
            continue
        if op in ZERO_WIDTH:  # \b, ^, a lookaround: what they match is empty, whatever else they ask
            continue
        if letters:
            run = _joined(run, frozenset({"".join(letters)}))
            letters.clear()
        found = _item(op, argument)
        if found.exact is not None and len(run) * len(found.exact) <= MAX_SPELT:
            run = _joined(run, found.exact)
            continue
        whole = False
        clauses.append(run)
        if found.exact is not None:
            run = found.exact
        else:
            clauses += found.clauses
            run = EMPTY
    if letters:
        run = _joined(run, frozenset({"".join(letters)}))
    if whole:
        return _Found(run, [])
    clauses.append(run)
    return _Found(None, [_shortest(clause) for clause in clauses if _useful(clause)])


def _clauses(found: _Found) -> list[Clause]:
    if found.exact is not None:
        return [_shortest(found.exact)] if _useful(found.exact) else []
    return found.clauses


def _shortest(clause: Clause) -> Clause:
    """The clause with each string cut to its first LONGEST characters (a part of a match is as sure a sign of
    it), less the strings that hold another of its strings ('ok?' serves for 'ok? ' too)."""
    clause = frozenset(text[:LONGEST] for text in clause)
    return frozenset(text for text in clause if not any(other != text and other in text for other in clause))


def _characters(items: list) -> _Found:
    r"""A character class of a few ASCII characters or \s (never negated): each of them."""
    characters = set()
    for op, argument in items:
        if op is constants.LITERAL and _space(argument) is not None:
            characters.add(_space(argument))
        elif op is constants.CATEGORY and argument is constants.CATEGORY_SPACE:
            characters.add(" ")
        else:
            return UNKNOWN
    return _Found(frozenset(characters), []) if len(characters) <= MAX_SPELT else UNKNOWN


def _repeat(low: int, high: int, body: _Found) -> _Found:
    if body.exact is not None and body.exact <= frozenset({" ", ""}):  # white space, spaced as gate_text has it
        return _Found(frozenset({" "}) if low >= 1 and "" not in body.exact else frozenset({"", " "}), [])
    if (low, high) == (1, 1):
        return body
    if (low, high) == (0, 1) and body.exact is not None and len(body.exact) < MAX_SPELT:
        return _Found(body.exact | EMPTY, [])
    return _Found(None, _clauses(body)) if low >= 1 else UNKNOWN


def _parts(pattern: object) -> list:
    """The items of a parsed (sub)pattern: its list itself (iterating a SubPattern goes item by item through
    __getitem__, most of the parse's own cost again)."""
    return getattr(pattern, "data", pattern)  # type: ignore[return-value]


def _item(op: object, argument: object) -> _Found:
    if op is constants.LITERAL:
        letter = _space(argument)  # type: ignore[arg-type]
        return UNKNOWN if letter is None else _Found(frozenset({letter}), [])
    if op in ZERO_WIDTH:  # \b, ^, a lookaround: what they match is empty, whatever else they ask
        return _Found(EMPTY, [])
    if op is constants.IN:
        return _characters(argument)  # type: ignore[arg-type]
    if op is constants.SUBPATTERN:
        return _sequence(_parts(argument[-1]))  # type: ignore[index]
    if op is constants.BRANCH:
        branches = [_sequence(_parts(branch)) for branch in argument[1]]  # type: ignore[index]
        if all(branch.exact is not None for branch in branches):
            union = frozenset().union(*(branch.exact for branch in branches))  # type: ignore[misc]
            if len(union) <= MAX_SPELT:
                return _Found(union, [])
        best = [_best(_clauses(branch)) for branch in branches]
        if any(clause is None for clause in best):
            return UNKNOWN
        return _Found(None, [frozenset().union(*best)])  # type: ignore[misc]
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, high, body = argument  # type: ignore[misc]
        return _repeat(low, high, _sequence(_parts(body)))
    return UNKNOWN


def requirement(pattern: str) -> Requirement:
    """Clauses of strings as `gate_text` spells them (one string of each must occur in any match), or None when
    unknown.

    The most selective clause comes first: an index looks the pattern up by it.
    """
    try:
        parsed = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows: no shortcut, run it
        return None
    clauses = list(dict.fromkeys(_clauses(_sequence(_parts(parsed)))))
    best = _best(clauses)
    if best is None:
        return None
    clauses.remove(best)
    return (best, *clauses)


def required_literals(pattern: str) -> Clause | None:
    """The most selective clause alone: strings one of which any match of `pattern` contains."""
    found = requirement(pattern)
    return found[0] if found else None


class LiteralIndex:
    """Finds, in one pass over a text, which of all the patterns' required literals occur in it.

    Uses an Aho-Corasick automaton (pyahocorasick) when installed, else one substring test per
    literal; either way the answer is the same set, cached for the few texts being matched now.
    """

    def __init__(self) -> None:
        self.literals: set[str] = set()
        self.automaton: object | None = None
        self.cache: dict[str, frozenset[str]] = {}

    def add(self, literals: frozenset[str] | None) -> None:
        if literals:
            self.literals |= literals

    def build(self) -> None:
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - the plain fallback below gives the same answer
            return
        automaton = ahocorasick.Automaton()
        for literal in self.literals:
            automaton.add_word(literal, literal)
        if self.literals:
            automaton.make_automaton()
            self.automaton = automaton

    def found(self, text: str) -> frozenset[str]:
        cached = self.cache.get(text)
        if cached is None:
            if len(self.cache) > 16:
                self.cache.clear()
            lowered = (text if text.isascii() else text.translate(ASCII_FOLDS)).lower()
            if self.automaton is not None:
                cached = frozenset(value for _, value in self.automaton.iter(lowered))  # type: ignore[attr-defined]
            else:
                cached = frozenset(literal for literal in self.literals if literal in lowered)
            self.cache[text] = cached
        return cached
