"""Markers x turns -> hits. Client markers are judged in the context of the therapist's turn before.

Transcripts: each client turn is matched against marker `match` patterns, gated by the marker's
conditions (which contexts the previous therapist turn must or must not show, length limits) and
guards (negation, hypotheticals, quoted speech). Notes: each sentence is matched against the
markers' `narrative` patterns, and the client's quoted words inside it against `match` patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from rupturecli.rules.compiled import CompiledMarker, CompiledPattern, RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import blank_spans, clause_before, normalise, quoted_spans, sentence_around, words

NEGATION_WORDS = frozenset({"not", "no", "never", "hardly", "barely", "nobody", "nothing", "without", "nor"})
HYPOTHETICAL_WORDS = frozenset({"if", "would", "might", "suppose", "imagine", "whether", "hypothetically",
                                "unless", "lest", "wonder", "wondered"})
NEGATION_WINDOW = 3
HYPOTHETICAL_WINDOW = 6
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


@dataclass(frozen=True)
class StrategyHit:
    strategy_id: str
    approach: str
    turn: int
    line: int
    quote: str


@dataclass(frozen=True)
class Detection:
    hits: tuple[Hit, ...]
    strategies: tuple[StrategyHit, ...]
    contexts: dict[int, frozenset[str]]


def _is_negated(text: str, start: int) -> bool:
    tokens = [token.lower() for token in words(clause_before(text, start))][-NEGATION_WINDOW:]
    return any(token in NEGATION_WORDS or token.endswith("n't") for token in tokens)


def _is_hypothetical(text: str, start: int) -> bool:
    tokens = [token.lower() for token in words(clause_before(text, start))][-HYPOTHETICAL_WINDOW:]
    return any(token in HYPOTHETICAL_WORDS for token in tokens)


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(begin <= start < end for begin, end in spans)


def guarded_match(marker: CompiledMarker, patterns: tuple[CompiledPattern, ...], text: str,
                  quotes: list[tuple[int, int]] | None = None,
                  contexts: frozenset[str] | None = None) -> regex.Match | None:
    """The first match of `patterns` in `text` that survives the marker's guards.

    `contexts` are the previous therapist turn's; None (notes) skips per-pattern context conditions.
    """
    guards = marker.marker.guards
    for pattern in patterns:
        if contexts is not None and pattern.previous_turn and not (pattern.previous_turn & contexts):
            continue
        for found in pattern.finditer(text):
            start = found.start()
            if guards.negation and _is_negated(text, start):
                continue
            if guards.hypothetical and _is_hypothetical(text, start):
                continue
            if guards.quoted and quotes and _inside(quotes, start):
                continue
            return found
    return None


def classify_turn(text: str, rules: RuleSet) -> frozenset[str]:
    """The context ids (open-question, pressure, advice...) a therapist turn shows."""
    found = set()
    count = len(words(text))
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
                     use_context: bool = True) -> bool:
    when = marker.marker.when
    count = len(words(text))
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


def detect_transcript(session: Session, rules: RuleSet) -> Detection:
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    contexts: dict[int, frozenset[str]] = {}
    client_markers = [m for m in rules.markers if m.marker.speaker == "client" and m.match]
    previous_therapist: Turn | None = None
    previous_text = ""
    previous_contexts: frozenset[str] = frozenset()
    for turn in session.turns:
        text = normalise(turn.text)
        if turn.speaker == "therapist":
            own = classify_turn(text, rules)
            if len(words(text)) <= FRAGMENT_WORDS and previous_therapist is not None:
                own = own | previous_contexts
                text = previous_text + " " + text
            previous_therapist, previous_text = turn, text
            previous_contexts = own
            contexts[turn.index] = previous_contexts
            own_text = normalise(turn.text)
            for compiled in rules.strategies:
                found = first_match(compiled.match, own_text) if compiled.may_match(own_text) else None
                if found:
                    strategies.append(StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index,
                                                  turn.line, sentence_around(turn.text, found.start(), found.end())))
            continue
        if turn.speaker != "client":
            continue
        quotes = quoted_spans(text)
        previous = previous_text if previous_therapist else None
        for marker in client_markers:
            if not marker.may_match(text) or not _conditions_hold(marker, text, previous, previous_contexts):
                continue
            found = guarded_match(marker, marker.match, text, quotes, previous_contexts)
            if found:
                hits.append(_hit(marker, turn, sentence_around(turn.text, found.start(), found.end()), found.group(0)))
    return Detection(tuple(hits), tuple(strategies), contexts)


def _quote_is_clients(sentence: str, start: int, rules: RuleSet) -> bool:
    """A quotation in notes is the client's words unless the lead-in gives it to me or a third party."""
    lead_in = sentence[max(0, start - 80) : start]
    guidance = rules.guidance
    if guidance.therapist_speech and first_match(guidance.therapist_speech, lead_in):
        return False
    return not (guidance.third_party and first_match(guidance.third_party, lead_in))


def detect_notes(session: Session, rules: RuleSet) -> Detection:
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    narrative_markers = [m for m in rules.markers if m.narrative]
    speech_markers = [m for m in rules.markers if m.marker.speaker == "client" and m.match]
    previous_sentence = ""
    not_observed = rules.guidance.not_observed
    for turn in session.turns:
        text = normalise(turn.text)
        quotes = quoted_spans(text)
        prose = blank_spans(text, quotes)
        seen: set[str] = set()
        if not_observed and first_match(not_observed, prose):
            # plans, hypotheticals about later sessions and history are not observations of this session
            previous_sentence = text
            continue
        for marker in narrative_markers:
            if marker.unless and first_match(marker.unless, prose):
                continue
            found = guarded_match(marker, marker.narrative, text)
            if found:
                hits.append(_hit(marker, turn, turn.text, found.group(0)))
                seen.add(marker.id)
        for start, end in quotes:
            if not _quote_is_clients(text, start - 1, rules):
                continue
            spoken = text[start:end]
            lead_in = previous_sentence + " " + text[:start]
            for marker in speech_markers:
                if marker.id in seen or not _conditions_hold(marker, spoken, lead_in, frozenset(), use_context=False):
                    continue
                found = guarded_match(marker, marker.match, spoken)
                if found:
                    hits.append(_hit(marker, turn, turn.text, found.group(0)))
                    seen.add(marker.id)
        for compiled in rules.strategies:
            found = first_match(compiled.narrative, prose) if compiled.narrative else None
            if found:
                strategies.append(StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index,
                                              turn.line, turn.text))
        previous_sentence = text
    return Detection(tuple(hits), tuple(strategies), {})


def detect(session: Session, rules: RuleSet) -> Detection:
    return detect_transcript(session, rules) if session.kind == "transcript" else detect_notes(session, rules)
