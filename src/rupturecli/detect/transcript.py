"""Markers in a transcript: each client turn against the markers' `match` patterns, read in the context of the
therapist's turn before it (contexts.py) and through the look-alike guards (guards.py).

Therapist turns are read for resolution strategies (repair.py), and the client's turn right after one is read for
coming back into the work: there a withdrawal marker is the repair working, not a new rupture.
"""

from __future__ import annotations

from rupturecli.detect.contexts import TherapistContexts, is_fragment
from rupturecli.detect.guards import conditions_hold, guarded_match
from rupturecli.detect.hits import Detection, Hit, StrategyHit, marker_hit
from rupturecli.detect.repair import ReEngagementCues, strategies_used
from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.session import Session
from rupturecli.textutil import normalise, quoted_spans, sentence_around, word_count


def detect_transcript(session: Session, rules: RuleSet, cues: ReEngagementCues | None = None) -> Detection:
    """Client markers and therapist strategies, turn by turn; only what the pattern gate lets through is matched.

    `cues`: the session's re-engagement table, when another reading of the same session shares it (a group).
    """
    cues = cues or ReEngagementCues(rules)
    hits: list[Hit] = []
    strategies: list[StrategyHit] = []
    therapist = TherapistContexts(rules)
    group = session.is_group
    client_markers = rules.member_markers if group else rules.client_markers
    client_index = rules.member_index if group else rules.client_index
    previous_position = -1  # the last therapist turn, in `therapist`
    previous_text = ""
    after_strategy = False  # the client's next turn answers a resolution strategy
    after_invitation = False  # ...an exploratory one (an invitation to say what is happening between you)
    for turn in session.turns:
        speaker = turn.speaker
        if speaker == "therapist":
            own_text = text = normalise(turn.text)
            fragment = previous_position >= 0 and is_fragment(text)
            if fragment:
                text = previous_text + " " + text
            previous_position = therapist.add(turn.index, own_text, fragment)
            previous_text = text
            used = strategies_used(turn, own_text, rules, group)
            strategies += used
            after_strategy = bool(used)
            after_invitation = any(hit.approach == "exploratory" for hit in used)
            continue
        if speaker != "client":
            continue
        text = normalise(turn.text)
        answers_strategy, after_strategy = after_strategy, False
        answers_invitation, after_invitation = after_invitation, False
        positions = client_index.positions(text)
        if not positions:
            continue
        quotes = quoted_spans(text)
        previous = previous_text if previous_position >= 0 else None
        count = word_count(text)
        # coming back into the work right after a repair is the repair working, not a new withdrawal; and after
        # an invitation, saying the strain aloud ("I felt you weren't hearing me; it's a relief to say it") is
        # the disembedding the invitation asked for, not a new confrontation
        returning = answers_strategy and cues.said(text)
        settled = bool(rules.guidance.settled) and first_match(rules.guidance.settled, text) is not None
        previous_contexts = therapist.of(previous_position)
        for position in positions:
            marker = client_markers[position]
            if returning and (marker.marker.rupture == "withdrawal" or answers_invitation):
                continue
            if settled and marker.marker.rupture == "confrontation":
                continue  # a strain told as already worked through is history, not this session's rupture
            if not conditions_hold(marker, text, previous, previous_contexts, count=count):
                continue
            found = guarded_match(marker, marker.match, text, quotes, previous_contexts)
            if found:
                quote = sentence_around(turn.text, found.start(), found.end())
                hits.append(marker_hit(marker, turn, quote, found.group(0)))
    return Detection(tuple(hits), tuple(strategies), therapist.by_turn(), re_engagement_cues=cues)
