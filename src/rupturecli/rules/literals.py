"""A cheap necessary condition for a regex: a few literal strings of which one must appear.

Before running a pattern on a turn, checking (in C, with `in`) that one of its required literals occurs
in the lower-cased text skips most patterns on most turns. The literals are derived from the pattern's
parse tree: a sequence needs the requirement of any one of its parts (the most selective is kept), an
alternation needs one of its branches' requirements. Where no requirement can be proven, the pattern
always runs, so results are exactly those of the full patterns.
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as constants
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Requirement = frozenset[str] | None
MIN_LITERAL = 2


def _best(options: list[frozenset[str]]) -> Requirement:
    """The most selective requirement: the one whose shortest literal is longest."""
    options = [option for option in options if option and min(map(len, option)) >= MIN_LITERAL]
    if not options:
        return None
    return max(options, key=lambda option: (min(map(len, option)), -len(option)))


def _sequence(items: list) -> Requirement:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, argument in items:
        if op is constants.LITERAL:
            run.append(chr(argument).lower())
            continue
        close_run()
        requirement = _item(op, argument)
        if requirement:
            candidates.append(requirement)
    close_run()
    return _best(candidates)


def _item(op: object, argument: object) -> Requirement:
    if op is constants.SUBPATTERN:
        return _sequence(list(argument[-1]))  # type: ignore[index]
    if op is constants.BRANCH:
        union: set[str] = set()
        for branch in argument[1]:  # type: ignore[index]
            requirement = _sequence(list(branch))
            if not requirement:
                return None
            union |= requirement
        return frozenset(union)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _high, body = argument  # type: ignore[misc]
        return _sequence(list(body)) if low >= 1 else None
    if op is constants.IN:
        letters = [chr(value).lower() for kind, value in argument if kind is constants.LITERAL]  # type: ignore[union-attr]
        if len(letters) == len(argument) and letters:  # type: ignore[arg-type]
            return frozenset(letters) if all(len(letter) >= MIN_LITERAL for letter in letters) else None
    return None


def required_literals(pattern: str) -> Requirement:
    """Lower-case strings one of which any match of `pattern` contains, or None when unknown."""
    try:
        parsed = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows: no shortcut, run it
        return None
    return _sequence(list(parsed))


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
