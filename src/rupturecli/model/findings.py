"""Model moves -> engine findings: what the model adds to what the rules found.

A rule hit stays a finding as it is; the model adds the client turns and strategies the rules missed,
each marked `source: model` with its score and cues. The selection (`--select`, `--ignore`) applies to
model findings as it does to rules: a marker or strategy left out of the rule set is left out here too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rupturecli.detect.contexts import classify_turn
from rupturecli.detect.hits import Detection, Hit, StrategyHit
from rupturecli.model.features import tokens
from rupturecli.model.moves import SessionMoves
from rupturecli.rules.compiled import CompiledPattern, RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import blank_spans, normalise, quoted_spans, sentence_around, word_count

if TYPE_CHECKING:
    from rupturecli.rules.model import Marker

QUOTE_LIMIT = 320
REPAIR_REACH = 6  # turns after a strategy in which the client is read as answering the repair
AFTER_REPAIR = 0.5  # after a strategy, a model-only rupture needs this score: elaboration is re-engagement
RE_ENGAGED = 0.5  # ...and must not read as re-engagement this likely
SURE_STRATEGY = 0.5  # a model strategy this likely counts as an invitation the client answers
SURE_AFTER_INVITATION = 0.9  # the client's answer to an exploratory invitation is a rupture only this sure
FIRST_PERSON = frozenset({"i", "i'd", "i've", "i'm", "we", "we'd", "we've"})
# A confrontation is against the therapist or the work: words that point there, and words that point elsewhere.
TOWARDS_THERAPY = frozenset({"you", "your", "you're", "youre", "yours", "this", "these", "here", "therapy",
                             "session", "sessions", "we", "us", "our", "counselling", "counseling", "treatment",
                             "homework", "exercise", "exercises", "worksheet", "worksheets", "appointment"})
ELSEWHERE = frozenset({"he", "she", "they", "him", "them", "his", "boss", "manager", "mum", "mom", "dad",
                       "husband", "wife", "partner", "boyfriend", "girlfriend", "teacher", "landlord", "sister",
                       "brother", "mother", "father", "colleague", "colleagues", "kids", "children", "son",
                       "daughter", "family", "parents", "ex"})


def _quote(text: str, kind: str) -> str:
    """A transcript turn is quoted as far as the limit allows; a notes sentence whole."""
    return sentence_around(text, 0, len(text), QUOTE_LIMIT) if kind == "transcript" else text


def add_model_findings(detection: Detection, moves: SessionMoves, session: Session, rules: RuleSet) -> Detection:
    """`detection` with the model's findings added where the rules found nothing of the kind."""
    turns = {turn.index: turn for turn in session.turns}
    selected = {compiled.marker.id: compiled.marker for compiled in rules.markers}
    ruled = {hit.turn for hit in detection.hits if not hit.evidence_only}
    ruled_evidence = {(hit.turn, hit.marker_id) for hit in detection.hits if hit.evidence_only}
    hits = list(detection.hits)
    not_observed = rules.guidance.not_observed if session.kind == "notes" else ()
    engaged = rules.guidance.engaged if session.kind == "notes" else ()
    elsewhere = rules.guidance.strain_elsewhere if session.kind == "notes" else ()
    settled = rules.guidance.settled if session.kind == "transcript" else ()
    reaching_out = {hit.turn for hit in detection.member_repairs}  # in a group: a member repairing another's rupture
    for move in moves.ruptures:
        marker = selected.get(move.marker)
        turn = turns.get(move.turn)
        if marker is None or turn is None or move.turn in ruled or move.turn in reaching_out:
            continue
        if not_observed and first_match(not_observed, normalise(turn.text)):
            continue  # a plan, a hypothetical or history in a note is not this session's rupture
        if engaged and _tells_of_engagement(turn.text, engaged):
            continue  # "open and chatty throughout": the clinician's telling of engagement is no rupture
        if elsewhere and first_match(elsewhere, _prose(turn.text)) is not None:
            continue  # "furious with her dad": the clinician tells of a strain aimed at someone else
        if move.rupture == "confrontation" and _aimed_elsewhere(turn.text, session.kind):
            continue  # a complaint about a third party is not a rupture
        if move.rupture == "confrontation" and settled and first_match(settled, normalise(turn.text)):
            continue  # "...but we sorted that out": a strain told as worked through
        if _reads_as_repair(move.turn, move.score, detection, moves, session.kind):
            continue
        if session.kind == "notes" and _told_as_coming_back(turn, detection, moves):
            continue
        if session.kind == "transcript" and not _fits_the_reply(marker, turn, session, rules):
            continue
        if session.kind == "notes" and _turns_after_repair(move.turn, move.rupture, hits, detection, moves):
            continue
        hits.append(Hit(marker.id, marker.name, move.rupture, False, marker.weight, turn.index, turn.line,
                        _quote(turn.text, session.kind), "", turn.paragraph, "model", move.score, move.cues))
    for move in moves.experience:
        marker = selected.get(move.marker)
        turn = turns.get(move.turn)
        if marker is None or turn is None or (move.turn, move.marker) in ruled_evidence:
            continue
        hits.append(Hit(marker.id, marker.name, marker.rupture, True, marker.weight, turn.index, turn.line,
                        turn.text, "", turn.paragraph, "model", move.score, move.cues))
    strategies = list(detection.strategies)
    known = {(hit.turn, hit.strategy_id) for hit in strategies}
    approaches = {compiled.strategy.id: compiled.strategy.approach for compiled in rules.strategies}
    for move in moves.strategies:
        turn = turns.get(move.turn)
        if move.strategy not in approaches or turn is None or (move.turn, move.strategy) in known:
            continue
        if session.kind == "notes" and not FIRST_PERSON & set(tokens(turn.text)):
            continue  # in a note a strategy is something I (or we) did
        strategies.append(StrategyHit(move.strategy, approaches[move.strategy], turn.index, turn.line,
                                      _quote(turn.text, session.kind), "model", move.score, move.cues,
                                      by=turn.label))
    hits.sort(key=lambda hit: (hit.turn, hit.evidence_only))
    strategies.sort(key=lambda hit: hit.turn)
    return replace(detection, hits=tuple(hits), strategies=tuple(strategies),
                   re_engagement=dict(moves.re_engagement))



def _fits_the_reply(marker: Marker, turn: Turn, session: Session, rules: RuleSet) -> bool:
    """A marker's own limits hold for the model's finding too: W2 (minimal response, at most 6 words) is never
    a 20-word reply, and never a short answer to a closed or factual question ("How many hours?" "Five,
    maybe.") unless the question also invited or pressed."""
    limit = marker.when.max_words
    if limit is None:
        return True
    if word_count(turn.text) > limit:
        return False
    previous = next((earlier for earlier in reversed(session.turns[:turn.index - 1])
                     if earlier.speaker == "therapist"), None)
    if previous is None:
        return True
    contexts = classify_turn(previous.text, rules)
    return not (contexts & rules.closed_contexts) or bool(contexts & (rules.inviting_contexts |
                                                                      rules.straining_contexts))


def _turns_after_repair(sentence: int, rupture: str, hits: list[Hit], detection: Detection,
                        moves: SessionMoves) -> bool:
    """In a note, once a rupture has been answered with a strategy, the client's turn to the other kind of
    strain is the repair moving on (3RS: a withdrawn client comes to assert the complaint, a confronting one
    to the hurt beneath it), not a new rupture the model may add; the rules still read it."""
    earlier = {hit.rupture for hit in hits if not hit.evidence_only and hit.turn < sentence}
    if not earlier or rupture in earlier:
        return False
    strategies = {hit.turn for hit in detection.strategies} | {move.turn for move in moves.strategies}
    first_rupture = min(hit.turn for hit in hits if not hit.evidence_only and hit.turn < sentence)
    return any(first_rupture <= turn <= sentence for turn in strategies)


def _prose(text: str) -> str:
    """A notes sentence in the clinician's own words: the client's quoted words blanked."""
    normal = normalise(text)
    return blank_spans(normal, quoted_spans(normal, single=True))


def _tells_of_engagement(text: str, engaged: tuple[CompiledPattern, ...]) -> bool:
    """A notes sentence that tells of the client engaging or of the work going well, the client's quoted
    words included ('said "the walks helped more than I expected"') or, where those words negate ('thanked
    me for "not lecturing"'), in the prose alone."""
    return first_match(engaged, _prose(text)) is not None or first_match(engaged, normalise(text)) is not None


def _aimed_elsewhere(text: str, kind: str) -> bool:
    """The client's words point at someone else and not at the therapist or the work.

    In notes, only the client's quoted words are read (the clinician's own prose names third parties
    all the time); a note without quotes is left to the model.
    """
    if kind == "notes":
        spans = quoted_spans(normalise(text), single=True)
        if not spans:
            return False
        text = " ".join(text[start:end] for start, end in spans)
    found = set(tokens(text))
    return bool(found & ELSEWHERE) and not found & TOWARDS_THERAPY


def _told_as_coming_back(turn: Turn, detection: Detection, moves: SessionMoves) -> bool:
    """In a note, after a strategy, a sentence the rules read as the client coming back ("he softened, said it had
    been a bad month, and went on to talk about his sister") is the repair working, however sure the model is
    that its words sound like a complaint: a rule's reading outweighs the model's, as for a finding."""
    cues = detection.re_engagement_cues
    if cues is None:
        return False
    return any(strategy < turn.index for strategy in _strategy_turns(detection, moves)) and cues.rejoins(
        normalise(turn.text))


def _strategy_turns(detection: Detection, moves: SessionMoves) -> set[int]:
    """Every turn where a rule, the model or (in a group) a member used a resolution strategy."""
    return ({hit.turn for hit in detection.strategies} | {move.turn for move in moves.strategies}
            | {hit.turn for hit in detection.member_repairs})


def _reads_as_repair(turn: int, score: float, detection: Detection, moves: SessionMoves, kind: str) -> bool:
    """After a resolution strategy, a client's fuller account of the strain is the repair working (3RS
    stage 2: the discontent said more clearly), not a new rupture, unless the model is sure of it."""
    strategy_turns = _strategy_turns(detection, moves)
    if kind == "notes":
        after = any(strategy <= turn for strategy in strategy_turns)
    else:
        after = any(0 < turn - strategy <= REPAIR_REACH for strategy in strategy_turns)
    if not after:
        return False
    invited = {hit.turn for hit in detection.strategies if hit.strategy_id.startswith(("EX-", "GR-"))} | {
        hit.turn for hit in detection.member_repairs} | {
        move.turn for move in moves.strategies if move.strategy.startswith("EX-") and move.score >= SURE_STRATEGY}
    if kind == "transcript" and turn - 1 in invited and score < SURE_AFTER_INVITATION:
        return True  # the answer to an invitation to talk about the rupture is the client taking it up
    return score < AFTER_REPAIR or (moves.re_engagement_score(turn) or 0.0) >= RE_ENGAGED
