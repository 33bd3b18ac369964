"""Markers in narrative notes, sentence by sentence.

Each sentence is matched against the markers' `narrative` patterns (as written, and with any reporting verb read
as "said"; a client marker only when the client is the subject), and the client's words inside it against their
`match` patterns: quotations in double or single marks, and indirect speech turned back into direct speech (see
speech.py). The note's sections matter ("I:" lines say what I did), and once a strategy has been used a sentence
that shows the client coming back into the work is read as the repair, not a rupture (repair.py).
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from rupturecli.detect.guards import conditions_hold, guarded_match
from rupturecli.detect.hits import Detection, Hit, StrategyHit, marker_hit
from rupturecli.detect.repair import ReEngagementCues, strategies_described
from rupturecli.detect.speech import as_said, reported_clauses, speaker_of
from rupturecli.rules.compiled import CompiledMarker, RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import blank_spans, normalise, quoted_spans

REPORTED_RIGHT_BEFORE = regex.compile(r"\bsaid(?:,| that|:)?(?:\s+(?:only|just|simply|again|\w+ly))?[,:]?\s*$",
                                      regex.IGNORECASE)
SECTION_LABEL = regex.compile(r"^\W*(?P<label>[A-Z][A-Za-z]{0,15})\s*:")
INTERVENTION_SECTIONS = frozenset({"I", "Intervention", "Interventions"})


def detect_notes(session: Session, rules: RuleSet) -> Detection:
    """Markers and strategies in narrative notes, sentence by sentence."""
    cues = ReEngagementCues(rules)
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    previous_sentence = ""
    not_observed = rules.guidance.not_observed
    engaged = rules.guidance.engaged
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
        found = strategies_described(turn, prose, rules)
        strategies += found
        repairing = repairing or bool(found)
        rejoining = repairing and cues.rejoins(prose)
        described = _narrative_hits(turn, text, prose, rules, in_intervention, rejoining)
        if described and engaged and first_match(engaged, prose):
            described = []  # the clinician tells of the client engaging: no marker in the telling
        hits += described
        if not rejoining:
            hits += _speech_hits(turn, text, quotes, rules, in_intervention, previous_sentence,
                                 {hit.marker_id for hit in described})
        previous_sentence = text
    return Detection(tuple(hits), tuple(strategies), {}, re_engagement_cues=cues)


def _section(text: str, current: str | None) -> str | None:
    """The note section a sentence is in: a heading label ("I:", "R:") starts one, others continue it."""
    found = SECTION_LABEL.match(text)
    return found.group("label") if found else current


def _quote_is_clients(sentence: str, start: int, rules: RuleSet) -> bool:
    """A quotation in notes is the client's words unless the lead-in gives it to me or a third party.

    When a reporting verb comes right before the quotation its subject decides: in 'When I raised his
    father he said, "..."' the quotation is the client's though a third party is named before it.
    """
    said = as_said(sentence[:start])
    verb = REPORTED_RIGHT_BEFORE.search(said)
    speaker = speaker_of(said, verb.start()) if verb else "unknown"
    if speaker in ("client", "therapist", "joint"):
        return speaker == "client"
    lead_in = sentence[max(0, start - 80) : start]
    guidance = rules.guidance
    if guidance.therapist_speech and first_match(guidance.therapist_speech, lead_in):
        return False
    return not (guidance.third_party and first_match(guidance.third_party, lead_in))


def _client_subject(in_intervention: bool) -> Callable[[str, int], bool]:
    """A client marker in notes needs a client subject: "I asked ... and said I could see" is mine.

    A sentence without a subject ("Refused the role-play") is about the client, except in the
    intervention ("I:") section of a BIRP/DAP note, where it describes what I did.
    """
    def accept(text: str, start: int) -> bool:
        speaker = speaker_of(text, start)
        return speaker not in ("therapist", "joint") and not (speaker == "none" and in_intervention)
    return accept


def _narrative_hit(marker: CompiledMarker, variants: tuple[str, ...],
                   accept: Callable[[str, int], bool] | None) -> regex.Match | None:
    """The marker's narrative patterns on the sentence as written, then with its reporting verbs as "said"."""
    for variant in variants:
        found = guarded_match(marker, marker.narrative, variant, accept=accept)
        if found:
            return found
    return None


def _narrative_hits(turn: Turn, text: str, prose: str, rules: RuleSet, in_intervention: bool,
                    rejoining: bool) -> list[Hit]:
    """The markers a clinician's description shows (client markers only with a client subject)."""
    hits: list[Hit] = []
    variants = (text, as_said(text))
    client_subject = _client_subject(in_intervention)
    for marker in rules.markers:
        if not marker.narrative or marker.marker.group_only or (marker.unless and first_match(marker.unless, prose)):
            continue
        is_client = marker.marker.speaker == "client"
        if is_client and rejoining:
            continue
        found = _narrative_hit(marker, variants if is_client else (text,), client_subject if is_client else None)
        if found:
            hits.append(marker_hit(marker, turn, turn.text, found.group(0)))
    return hits


def _spoken_parts(text: str, quotes: list[tuple[int, int]], rules: RuleSet,
                  in_intervention: bool) -> list[tuple[str, str]]:
    """The client's words in a notes sentence, each with its lead-in: quotations, then indirect speech."""
    parts = [(text[start:end], text[:start]) for start, end in quotes if _quote_is_clients(text, start - 1, rules)]
    clauses = reported_clauses(text, quotes, subjectless_is_client=not in_intervention)
    parts += [(clause, text) for clause in clauses]
    return parts


def _speech_hits(turn: Turn, text: str, quotes: list[tuple[int, int]], rules: RuleSet, in_intervention: bool,
                 previous_sentence: str, seen: set[str]) -> list[Hit]:
    """The markers the client's own words show: quotations and indirect speech, read like a client turn."""
    hits: list[Hit] = []
    for spoken, lead_in in _spoken_parts(text, quotes, rules, in_intervention):
        context = previous_sentence + " " + lead_in
        for marker in rules.markers:
            if (marker.marker.speaker != "client" or not marker.match or marker.id in seen or marker.marker.group_only
                    or not conditions_hold(marker, spoken, context, frozenset(), use_context=False)):
                continue
            found = guarded_match(marker, marker.match, spoken)
            if found:
                hits.append(marker_hit(marker, turn, turn.text, found.group(0)))
                seen.add(marker.id)
    return hits
