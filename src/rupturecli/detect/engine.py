"""Markers x turns -> hits. Client markers are judged in the context of the therapist's turn before.

Transcripts: each client turn is matched against marker `match` patterns, gated by the marker's
conditions (which contexts the previous therapist turn must or must not show, length limits) and
guards (negation, hypotheticals, quoted speech). Notes: each sentence is matched against the
markers' `narrative` patterns (as written, and with any reporting verb read as "said"; only when
the client is the subject), and the client's words inside it against `match` patterns: quotations
in double or single marks, and indirect speech turned back into direct speech (see speech.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from types import ModuleType

import regex

from rupturecli.rules.compiled import CompiledMarker, CompiledPattern, CompiledWordGuard, RuleSet, first_match, possible
from rupturecli.session import Session, Turn
from rupturecli.textutil import (
    WORD,
    blank_spans,
    normalise,
    quoted_spans,
    sentence_around,
    word_count,
)

FRAGMENT_WORDS = 3  # a therapist turn this short (an interruption, "Just-") keeps the context before it


@dataclass(frozen=True)
class Hit:
    """One marker seen in one turn (or notes sentence), with the words that show it."""

    marker_id: str
    name: str
    rupture: str
    evidence_only: bool
    weight: float
    turn: int
    line: int
    quote: str
    matched: str
    paragraph: int = 1
    source: str = "rule"  # "rule" (a pattern of the marker matched) or "model" (the move model)
    score: float | None = None  # the model's probability, for model findings
    cues: tuple[str, ...] = ()  # what drove the model
    speaker: str = ""  # who: the member (the client) whose turn it is; "therapist" for the therapist's experience
    target: str = ""  # toward whom: "therapist", "group" or "member:<Label>" (see group/targets.py)


@dataclass(frozen=True)
class StrategyHit:
    strategy_id: str
    approach: str
    turn: int
    line: int
    quote: str
    source: str = "rule"
    score: float | None = None
    cues: tuple[str, ...] = ()
    by: str = ""  # who repaired: a therapist's label, or "member:<Label>" for a member's repair move


@dataclass(frozen=True)
class Detection:
    hits: tuple[Hit, ...]
    strategies: tuple[StrategyHit, ...]
    contexts: dict[int, frozenset[str]]
    re_engagement: dict[int, float] | None = None  # the model's re-engagement probability per client turn
    member_repairs: tuple[StrategyHit, ...] = ()  # in a group: members' repair moves (MR-*), by member


def _speech() -> ModuleType:
    """The notes grammar (many patterns): loaded only when notes are read."""
    from rupturecli.detect import speech

    return speech


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(begin <= start < end for begin, end in spans)


def guarded_match(marker: CompiledMarker, patterns: tuple[CompiledPattern, ...], text: str,
                  quotes: list[tuple[int, int]] | None = None,
                  contexts: frozenset[str] | None = None,
                  accept: Callable[[str, int], bool] | None = None) -> regex.Match | None:
    """The first match of `patterns` in `text` that survives the marker's guards.

    `contexts` are the previous therapist turn's; None (notes) skips per-pattern context conditions.
    `accept(text, start)` can refuse a match (in notes: one whose subject is the therapist).
    """
    guards = marker.marker.guards
    for pattern in possible(patterns, text):
        if contexts is not None and pattern.previous_turn and not (pattern.previous_turn & contexts):
            continue
        for found in pattern.finditer_ungated(text):
            start = found.start()
            if marker.negation is not None and marker.negation.holds_before(text, start):
                continue  # the pack's negation words (rules/stages.yaml `guidance: negation:`)
            if marker.hypothetical is not None and marker.hypothetical.holds_before(text, start):
                continue
            if guards.quoted and quotes and _inside(quotes, start):
                continue
            if accept is not None and not accept(text, start):
                continue
            return found
    return None


def classify_turn(text: str, rules: RuleSet) -> frozenset[str]:
    """The context ids (open-question, pressure, advice...) a therapist turn shows."""
    found = set()
    count = word_count(text)
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
    return frozenset(found)


def _conditions_hold(marker: CompiledMarker, text: str, previous: str | None, contexts: frozenset[str],
                     use_context: bool = True, count: int | None = None) -> bool:
    """The marker's `when` and `unless` conditions; `count` is the turn's word count when already known."""
    when = marker.marker.when
    if count is None:
        count = word_count(text)
    if when.max_words is not None and count > when.max_words:
        return False
    if when.min_words is not None and count < when.min_words:
        return False
    if use_context:
        if when.previous_turn and not (contexts & set(when.previous_turn)):
            return False
        if when.previous_turn_not and contexts & set(when.previous_turn_not):
            return False
        if marker.unless_previous and previous and first_match(marker.unless_previous, previous):
            return False
    return not (marker.unless and first_match(marker.unless, text))


def _hit(marker: CompiledMarker, turn: Turn, quote: str, matched: str) -> Hit:
    m = marker.marker
    return Hit(m.id, m.name, m.rupture, m.evidence_only or m.speaker == "therapist", m.weight,
               turn.index, turn.line, quote, matched, turn.paragraph)


def _is_fragment(text: str) -> bool:
    """At most FRAGMENT_WORDS words (counting stops at the one after)."""
    return sum(1 for _ in islice(WORD.finditer(text), FRAGMENT_WORDS + 1)) <= FRAGMENT_WORDS


class _TherapistContexts:
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
            own = classify_turn(self.turns[current][1], self.rules)
            contexts = own | contexts if self.turns[current][2] >= 0 else own
            self.known[current] = contexts
        return contexts

    def by_turn(self) -> dict[int, frozenset[str]]:
        return {self.turns[position][0]: contexts for position, contexts in sorted(self.known.items())}


def detect_transcript(session: Session, rules: RuleSet) -> Detection:
    """Client markers and therapist strategies, turn by turn; only what the pattern gate lets through is matched."""
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    therapist = _TherapistContexts(rules)
    group = session.is_group
    client_markers = rules.member_markers if group else rules.client_markers
    client_index = rules.member_index if group else rules.client_index
    strategy_index = rules.strategy_index
    previous_position = -1  # the last therapist turn, in `therapist`
    previous_text = ""
    after_strategy = False  # the client's next turn answers a resolution strategy
    for turn in session.turns:
        speaker = turn.speaker
        if speaker == "therapist":
            own_text = text = normalise(turn.text)
            fragment = previous_position >= 0 and _is_fragment(text)
            if fragment:
                text = previous_text + " " + text
            previous_position = therapist.add(turn.index, own_text, fragment)
            previous_text = text
            for position in strategy_index.positions(own_text):
                compiled = rules.strategies[position]
                if compiled.strategy.group_only and not group:
                    continue
                found = first_match(compiled.match, own_text)
                if found:
                    strategies.append(StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index,
                                                  turn.line, sentence_around(turn.text, found.start(), found.end()),
                                                  by=turn.label))
            after_strategy = bool(strategies) and strategies[-1].turn == turn.index
            continue
        if speaker != "client":
            continue
        text = normalise(turn.text)
        answers_strategy, after_strategy = after_strategy, False
        positions = client_index.positions(text)
        if not positions:
            continue
        quotes = quoted_spans(text)
        previous = previous_text if previous_position >= 0 else None
        count = word_count(text)
        # coming back into the work right after a repair is the repair working, not a new withdrawal
        returning = answers_strategy and bool(rules.guidance.re_engagement
                                              and first_match(rules.guidance.re_engagement, text))
        previous_contexts = therapist.of(previous_position)
        for position in positions:
            marker = client_markers[position]
            if returning and marker.marker.rupture == "withdrawal":
                continue
            if not _conditions_hold(marker, text, previous, previous_contexts, count=count):
                continue
            found = guarded_match(marker, marker.match, text, quotes, previous_contexts)
            if found:
                hits.append(_hit(marker, turn, sentence_around(turn.text, found.start(), found.end()), found.group(0)))
    return Detection(tuple(hits), tuple(strategies), therapist.by_turn())


REPORTED_RIGHT_BEFORE = regex.compile(r"\bsaid(?:,| that|:)?(?:\s+(?:only|just|simply|again|\w+ly))?[,:]?\s*$",
                                      regex.IGNORECASE)


def _quote_is_clients(sentence: str, start: int, rules: RuleSet) -> bool:
    """A quotation in notes is the client's words unless the lead-in gives it to me or a third party.

    When a reporting verb comes right before the quotation its subject decides: in 'When I raised his
    father he said, "..."' the quotation is the client's though a third party is named before it.
    """
    said = _speech().as_said(sentence[:start])
    verb = REPORTED_RIGHT_BEFORE.search(said)
    speaker = _speech().speaker_of(said, verb.start()) if verb else "unknown"
    if speaker in ("client", "therapist", "joint"):
        return speaker == "client"
    lead_in = sentence[max(0, start - 80) : start]
    guidance = rules.guidance
    if guidance.therapist_speech and first_match(guidance.therapist_speech, lead_in):
        return False
    return not (guidance.third_party and first_match(guidance.third_party, lead_in))


SECTION_LABEL = regex.compile(r"^\W*(?P<label>[A-Z][A-Za-z]{0,15})\s*:")
INTERVENTION_SECTIONS = frozenset({"I", "Intervention", "Interventions"})


def _section(text: str, current: str | None) -> str | None:
    """The note section a sentence is in: a heading label ("I:", "R:") starts one, others continue it."""
    found = SECTION_LABEL.match(text)
    return found.group("label") if found else current


def _client_subject(in_intervention: bool) -> Callable[[str, int], bool]:
    """A client marker in notes needs a client subject: "I asked ... and said I could see" is mine.

    A sentence without a subject ("Refused the role-play") is about the client, except in the
    intervention ("I:") section of a BIRP/DAP note, where it describes what I did.
    """
    def accept(text: str, start: int) -> bool:
        speaker = _speech().speaker_of(text, start)
        return speaker not in ("therapist", "joint") and not (speaker == "none" and in_intervention)
    return accept


def _narrative_hit(marker: CompiledMarker, variants: tuple[str, ...],
                   accept: Callable[[str, int], bool]) -> regex.Match | None:
    """The marker's narrative patterns on the sentence as written, then with its reporting verbs as "said"."""
    for variant in variants:
        found = guarded_match(marker, marker.narrative, variant, accept=accept)
        if found:
            return found
    return None


def _spoken_parts(text: str, quotes: list[tuple[int, int]], rules: RuleSet,
                  in_intervention: bool) -> list[tuple[str, str]]:
    """The client's words in a notes sentence, each with its lead-in: quotations, then indirect speech."""
    parts = [(text[start:end], text[:start]) for start, end in quotes if _quote_is_clients(text, start - 1, rules)]
    clauses = _speech().reported_clauses(text, quotes, subjectless_is_client=not in_intervention)
    parts += [(clause, text) for clause in clauses]
    return parts


def _narrative_hits(turn: Turn, text: str, prose: str, rules: RuleSet, in_intervention: bool,
                    rejoining: bool) -> list[Hit]:
    """The markers a clinician's description shows (client markers only with a client subject)."""
    hits: list[Hit] = []
    variants = (text, _speech().as_said(text))
    client_subject = _client_subject(in_intervention)
    for marker in rules.markers:
        if not marker.narrative or marker.marker.group_only or (marker.unless and first_match(marker.unless, prose)):
            continue
        is_client = marker.marker.speaker == "client"
        if is_client and rejoining:
            continue
        found = _narrative_hit(marker, variants if is_client else (text,), client_subject if is_client else None)
        if found:
            hits.append(_hit(marker, turn, turn.text, found.group(0)))
    return hits


def _speech_hits(turn: Turn, text: str, quotes: list[tuple[int, int]], rules: RuleSet, in_intervention: bool,
                 previous_sentence: str, seen: set[str]) -> list[Hit]:
    """The markers the client's own words show: quotations and indirect speech, read like a client turn."""
    hits: list[Hit] = []
    for spoken, lead_in in _spoken_parts(text, quotes, rules, in_intervention):
        context = previous_sentence + " " + lead_in
        for marker in rules.markers:
            if (marker.marker.speaker != "client" or not marker.match or marker.id in seen or marker.marker.group_only
                    or not _conditions_hold(marker, spoken, context, frozenset(), use_context=False)):
                continue
            found = guarded_match(marker, marker.match, spoken)
            if found:
                hits.append(_hit(marker, turn, turn.text, found.group(0)))
                seen.add(marker.id)
    return hits


def detect_notes(session: Session, rules: RuleSet) -> Detection:
    """Markers and strategies in narrative notes, sentence by sentence.

    The note's sections matter ("I:" lines say what I did), and once a strategy has been used a
    sentence that shows the client coming back into the work is read as the repair, not a rupture.
    """
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    previous_sentence = ""
    not_observed = rules.guidance.not_observed
    section: str | None = None
    paragraph = 0
    repairing = False
    for turn in session.turns:
        text = normalise(turn.text)
        section = _section(text, section if turn.paragraph == paragraph else None)
        paragraph = turn.paragraph
        in_intervention = section in INTERVENTION_SECTIONS
        quotes = quoted_spans(text, single=True)
        prose = blank_spans(text, quotes)
        if not_observed and first_match(not_observed, prose):
            # plans, hypotheticals about later sessions and history are not observations of this session
            previous_sentence = text
            continue
        found = _strategies_in(turn, prose, rules)
        strategies += found
        repairing = repairing or bool(found)
        rejoining = repairing and _rejoins(prose, rules)
        described = _narrative_hits(turn, text, prose, rules, in_intervention, rejoining)
        hits += described
        if not rejoining:
            hits += _speech_hits(turn, text, quotes, rules, in_intervention, previous_sentence,
                                 {hit.marker_id for hit in described})
        previous_sentence = text
    return Detection(tuple(hits), tuple(strategies), {})


def _strategies_in(turn: Turn, prose: str, rules: RuleSet) -> list[StrategyHit]:
    """The resolution strategies a notes sentence describes."""
    found = []
    for compiled in rules.dyad_strategies:
        if compiled.narrative and first_match(compiled.narrative, prose):
            found.append(StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index, turn.line,
                                     turn.text))
    return found


def _rejoins(prose: str, rules: RuleSet) -> bool:
    """Does the sentence report the client coming back into the work (after a strategy)?

    Such a sentence is the repair, not a new rupture: "she relaxed, apologised for snapping and
    agreed to the plan" is not deference.
    """
    stalled = rules.guidance.no_shift_narrative
    return client_engages(rules.guidance.re_engagement_narrative, prose, rules.guidance.negation) and not (stalled and
                                                                                  first_match(stalled, prose))


def client_engages(patterns: tuple[CompiledPattern, ...], text: str,
                   negation: CompiledWordGuard | None = None) -> bool:
    """A re-engagement cue in notes counts when it is not negated and is not mine.

    "didn't open up" is no re-engagement, and "I began to explain" is my strategy, not the client
    coming back into the work.
    """
    for pattern in patterns:
        for found in pattern.finditer(text):
            if (negation is not None and negation.holds_before(text, found.start())) \
                    or _speech().speaker_of(text, found.start()) == "therapist":
                continue
            return True
    return False


def detect(session: Session, rules: RuleSet) -> Detection:
    if session.kind == "notes":
        return detect_notes(session, rules)
    if session.is_group:
        from rupturecli.group.detection import detect_members  # group, couples and family sessions

        return detect_members(session, rules)
    return detect_transcript(session, rules)
