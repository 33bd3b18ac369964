"""A session as the rows the model's heads read: one per client turn, therapist turn or notes sentence.

Training and analysis both build rows here, so a model always sees features made the same way.
The session's therapist style (all the therapist's words in the session) is one block shared by every
client row: a lecturing or warning counsellor makes pushback more likely everywhere in the session.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

from rupturecli.model.features import (
    Feature,
    client_features,
    exchange_at,
    ngrams,
    sentence_features,
    therapist_features,
    tokens,
)
from rupturecli.session import Session

EARLIER_THERAPIST_TURNS = 2  # therapist turns before the one answered, read as wider context
EARLIER_TOKENS = 20  # the last words of those turns


@dataclass(frozen=True)
class TranscriptRows:
    client_turns: tuple[int, ...]  # turn index of each client row
    client: tuple[tuple[Feature, ...], ...]
    therapist_turns: tuple[int, ...]
    therapist: tuple[tuple[Feature, ...], ...]
    style: tuple[Feature, ...]  # shared by every client row


def therapist_row(session: Session, index: int) -> tuple[Feature, ...]:
    """One therapist turn (by turn index) as the strategy head reads it: its words, and the client's before."""
    position = index - 1
    last_client = next((turn.text for turn in reversed(session.turns[:position]) if turn.speaker == "client"), "")
    features = therapist_features(session.turns[position].text)
    if last_client:
        features += ngrams("pc", tokens(last_client), scale=0.5, bigrams=False)
    return tuple(features)


def earlier_therapist(wider: Sequence[str]) -> list[str]:
    """The last words of the therapist turns before the one answered (`wider`: those turns, oldest first)."""
    return [word for text in wider for word in tokens(text)][-EARLIER_TOKENS:]


def client_row(speakers: Sequence[str], texts: Sequence[str], position: int,
               earlier: Sequence[str]) -> tuple[Feature, ...]:
    """One client turn (0-based `position`) as the client heads read it; `earlier`: the therapist turns before it."""
    features = client_features(exchange_at(speakers, texts, position))
    wider = earlier[-1 - EARLIER_THERAPIST_TURNS:-1]
    if wider:
        features += ngrams("t2", earlier_therapist(wider), scale=0.4, bigrams=False)
    return tuple(features)


def transcript_rows(session: Session, with_therapist: bool = True) -> TranscriptRows:
    """The rows of a transcript: client turns in context, and (if asked) every therapist turn.

    Analysis reads therapist turns only inside a repair window (`therapist_row`), so it skips them here.
    """
    speakers = [turn.speaker for turn in session.turns]
    texts = [turn.text for turn in session.turns]
    therapist_words = [word for speaker, text in zip(speakers, texts, strict=False) if speaker == "therapist"
                       for word in tokens(text)]
    style = tuple(ngrams("s", therapist_words))
    client_turns: list[int] = []
    client: list[tuple[Feature, ...]] = []
    therapist_turns: list[int] = []
    therapist: list[tuple[Feature, ...]] = []
    earlier: list[str] = []  # therapist turns so far, most recent last
    last_client = ""
    for position, turn in enumerate(session.turns):
        if turn.speaker == "client":
            client_turns.append(turn.index)
            client.append(client_row(speakers, texts, position, earlier))
            last_client = turn.text
        elif turn.speaker == "therapist":
            earlier.append(turn.text)
            if not with_therapist:
                continue
            features = therapist_features(turn.text)
            if last_client:
                features += ngrams("pc", tokens(last_client), scale=0.5, bigrams=False)
            therapist_turns.append(turn.index)
            therapist.append(tuple(features))
    return TranscriptRows(tuple(client_turns), tuple(client), tuple(therapist_turns), tuple(therapist), style)


@dataclass(frozen=True)
class NotesRows:
    sentences: tuple[int, ...]
    rows: tuple[tuple[Feature, ...], ...]


def notes_rows(session: Session) -> NotesRows:
    """One row per notes sentence, with a little of the sentence before it."""
    indexes: list[int] = []
    rows: list[tuple[Feature, ...]] = []
    previous = ""
    for turn in session.turns:
        features = sentence_features(turn.text)
        if previous:
            features += ngrams("np", tokens(previous), scale=0.3, bigrams=False)
        indexes.append(turn.index)
        rows.append(tuple(features))
        previous = turn.text
    return NotesRows(tuple(indexes), tuple(rows))


def rupture_gap(turn: int, rupture_turns: Sequence[int], window: int) -> Feature | None:
    """How far a therapist turn comes after the last rupture before it, or None outside the repair window.

    Coders mark a strategy as a repair only in answer to a rupture, most often in the very next turn.
    `rupture_turns` is sorted (a bisection finds the last one before `turn`, so a long session stays linear).
    """
    position = bisect.bisect_left(rupture_turns, turn)
    if position == 0 or turn - rupture_turns[position - 1] > window:
        return None
    gap = turn - rupture_turns[position - 1]
    return (f"gap:{'1' if gap == 1 else '2-3' if gap <= 3 else '4+'}", 1.0)


def session_scores(probabilities: list[float]) -> tuple[float, float]:
    """The session's mean rupture score and the mean of its three likeliest turns (computed once per session)."""
    top = sorted(probabilities)[-3:]
    return sum(probabilities) / len(probabilities), sum(top) / len(top)


def neighbour_features(probabilities: list[float], position: int,
                       session: tuple[float, float] | None = None) -> list[Feature]:
    """The second stage's view of one client turn: its own score, its neighbours' and the session's.

    Ruptures cluster: pushback rarely comes alone, and a session with several likely ruptures makes a
    borderline one likelier. Pass `session_scores(probabilities)` when scoring every turn of a session.
    """
    own = probabilities[position]
    before = probabilities[position - 1] if position > 0 else 0.0
    after = probabilities[position + 1] if position + 1 < len(probabilities) else 0.0
    further = max(probabilities[position - 2] if position > 1 else 0.0,
                  probabilities[position + 2] if position + 2 < len(probabilities) else 0.0)
    mean, top_mean = session if session is not None else session_scores(probabilities)
    logit = math.log((own + 1e-3) / (1 - own + 1e-3))
    return [("own score", logit), ("previous client turn", before), ("next client turn", after),
            ("client turns two away", further), ("session mean", mean), ("session's likeliest turns", top_mean),
            ("own score x session mean", logit * mean)]
