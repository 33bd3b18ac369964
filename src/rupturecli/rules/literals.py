"""A cheap necessary condition for a regex: groups of literal strings, one of each group must appear.

Before running a pattern on a text, checking that its required literals occur in the lower-cased text
skips most patterns on most texts. The requirement is derived from the pattern's parse tree as a list of
clauses that must all hold, each clause a set of strings of which one must occur: a sequence needs every
part's clauses ('you' and 'should' for 'you should'), an alternation one of its branches' (the most
selective clause of each), a repeat its body's when it repeats at least once. Where no requirement can be
proven the pattern always runs, so results are exactly those of the full patterns.
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as constants
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Clause = frozenset[str]
Requirement = tuple[Clause, ...] | None
MIN_LITERAL = 2


def _useful(clause: Clause) -> bool:
    return bool(clause) and min(map(len, clause)) >= MIN_LITERAL


def _best(clauses: list[Clause]) -> Clause | None:
    """The most selective clause: the one whose shortest literal is longest."""
    useful = [clause for clause in clauses if _useful(clause)]
    if not useful:
        return None
    return max(useful, key=lambda clause: (min(map(len, clause)), -len(clause)))


def _sequence(items: list) -> list[Clause]:
    clauses: list[Clause] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            clauses.append(frozenset({"".join(run)}))
            run.clear()

    for op, argument in items:
        if op is constants.LITERAL and argument < 128:  # a non-ASCII letter may match an ASCII one case-blind
            run.append(chr(argument).lower())
            continue
        close_run()
        clauses += _item(op, argument)
    close_run()
    return [clause for clause in clauses if _useful(clause)]


def _item(op: object, argument: object) -> list[Clause]:
    if op is constants.SUBPATTERN:
        return _sequence(list(argument[-1]))  # type: ignore[index]
    if op is constants.BRANCH:
        union: set[str] = set()
        for branch in argument[1]:  # type: ignore[index]
            best = _best(_sequence(list(branch)))
            if best is None:
                return []
            union |= best
        return [frozenset(union)]
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _high, body = argument  # type: ignore[misc]
        return _sequence(list(body)) if low >= 1 else []
    return []


def requirement(pattern: str) -> Requirement:
    """Clauses of lower-case strings (one string of each must occur in any match), or None when unknown.

    The most selective clause comes first: an index looks the pattern up by it.
    """
    try:
        parsed = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows: no shortcut, run it
        return None
    clauses = list(dict.fromkeys(_sequence(list(parsed))))
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
            lowered = text.lower()
            if self.automaton is not None:
                cached = frozenset(value for _, value in self.automaton.iter(lowered))  # type: ignore[attr-defined]
            else:
                cached = frozenset(literal for literal in self.literals if literal in lowered)
            self.cache[text] = cached
        return cached
