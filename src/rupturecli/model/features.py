"""Turns into named features: the words of a client turn read with the therapist turn it answers.

One function per unit the model reads (a client turn in its context, a therapist turn, a notes
sentence), shared by training and analysis so both see exactly the same features. Feature names
are readable ("c:waste of", "t:you should", "len:1-2&t:open?") so the cues a model reports are too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rupturecli.textutil import normalise

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
CONTEXT_TOKENS = 40  # the end of a long therapist turn is what the client answers
CONTEXT_BIGRAMS = 15  # ...and bigrams of its last words only
BACKCHANNEL_TOKENS = 3  # a therapist turn this short ("Mm-hmm.", "Right.") is a backchannel, not an intervention
Feature = tuple[str, float]


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words without punctuation: caption text and edited text read alike.

    Cached: a therapist turn is read for several client rows and the session's style.
    """
    return tuple(TOKEN.findall(normalise(text).lower()))


def length_bucket(count: int) -> str:
    """Coarse turn length: how short a reply is matters more than its exact length."""
    for limit, name in ((0, "0"), (2, "1-2"), (4, "3-4"), (8, "5-8"), (16, "9-16"), (32, "17-32")):
        if count <= limit:
            return name
    return "33+"


def ngrams(prefix: str, words: Sequence[str], scale: float = 1.0, bigrams: bool = True) -> list[Feature]:
    """Unigrams and bigrams of one text, each weighted 1/sqrt(n) so long turns do not shout."""
    names = [f"{prefix}:{word}" for word in words]
    if bigrams:
        names += [f"{prefix}:{first} {second}" for first, second in zip(words, words[1:], strict=False)]
    if not names:
        return []
    unique = dict.fromkeys(names)
    value = scale / math.sqrt(len(unique))
    return [(name, value) for name in unique]


def context_ngrams(prefix: str, words: Sequence[str], scale: float) -> list[Feature]:
    """A therapist turn as context: unigrams of its last CONTEXT_TOKENS words, bigrams of its last
    CONTEXT_BIGRAMS (what the client answers is at the end; fewer features keep analysis fast)."""
    tail = words[-CONTEXT_TOKENS:]
    names = [f"{prefix}:{word}" for word in tail]
    near = words[-CONTEXT_BIGRAMS:]
    names += [f"{prefix}:{first} {second}" for first, second in zip(near, near[1:], strict=False)]
    if not names:
        return []
    unique = dict.fromkeys(names)
    value = scale / math.sqrt(len(unique))
    return [(name, value) for name in unique]


@dataclass(frozen=True)
class Exchange:
    """A client turn and what it answers: the therapist's turn before it (the intervention), and the
    client's own turn before that when the therapist only backchannelled in between."""

    client: str
    therapist: str | None
    earlier_client: str | None = None
    backchannel: bool = False


def exchange_at(speakers: Sequence[str], texts: Sequence[str], position: int) -> Exchange:
    """The exchange of the client turn at `position` (0-based) in a session's turns.

    A backchannel ("Mm-hmm") does not reset the context: the therapist's last real intervention stays
    what the client answers, and the client's turn before it is read too (a rupture carries on).
    """
    therapist, earlier_client, backchannel = exchange_positions(speakers, texts, position)
    return Exchange(texts[position], texts[therapist] if therapist >= 0 else None,
                    texts[earlier_client] if earlier_client >= 0 else None, backchannel)


def exchange_positions(speakers: Sequence[str], texts: Sequence[str], position: int) -> tuple[int, int, bool]:
    """`exchange_at` as positions: (therapist turn answered, earlier client turn, backchannel); -1 for none."""
    therapist = earlier_client = -1
    backchannel = False
    index = position - 1
    while index >= 0 and speakers[index] != "therapist":
        index -= 1
    if index >= 0:
        therapist = index
        if len(tokens(texts[index])) <= BACKCHANNEL_TOKENS:
            backchannel = True
            before = index - 1
            while before >= 0 and speakers[before] != "client":
                before -= 1
            if before >= 0:
                earlier_client = before
                intervention = before - 1
                while intervention >= 0 and speakers[intervention] != "therapist":
                    intervention -= 1
                if intervention >= 0:
                    therapist = intervention
    return therapist, earlier_client, backchannel


def therapist_features(text: str) -> list[Feature]:
    """A therapist turn on its own: for the therapist-act and strategy heads."""
    words = tokens(text)
    features = ngrams("th", words)
    features.append((f"tlen:{length_bucket(len(words))}", 1.0))
    stripped = normalise(text).rstrip()
    if "?" in text:
        features.append(("th:has?", 1.0))
    if stripped.endswith("?"):
        features.append(("th:ends?", 1.0))
    if words:
        features.append((f"tfirst:{words[0]}", 1.0))
        features.append((f"tfirst:{' '.join(words[:2])}", 1.0))
    return features


def client_features(exchange: Exchange) -> list[Feature]:
    """A client turn in its context: its words, the therapist's words before it, lengths, and
    conjunctions of the two that a linear model cannot form itself (a one-word reply to an open question)."""
    words = tokens(exchange.client)
    features = ngrams("c", words)
    size = length_bucket(len(words))
    features.append((f"len:{size}", 1.0))
    text = normalise(exchange.client).strip()
    if "?" in text:
        features.append(("c:has?", 1.0))
    if words:
        features.append((f"cfirst:{words[0]}", 1.0))
        features.append((f"cfirst:{' '.join(words[:2])}", 1.0))
        features.append((f"clast:{words[-1]}", 1.0))
    if exchange.therapist is None:
        features.append(("t:none", 1.0))
    else:
        therapist_words = tokens(exchange.therapist)
        features += context_ngrams("t", therapist_words, scale=0.7)
        asks = normalise(exchange.therapist).rstrip().endswith("?")
        features.append((f"tlen:{length_bucket(len(therapist_words))}", 1.0))
        features.append((f"len:{size}&t:{'asks' if asks else 'tells'}", 1.0))
        if words:
            features.append((f"cfirst:{words[0]}&t:{'asks' if asks else 'tells'}", 1.0))
    if exchange.backchannel:
        features.append(("after-backchannel", 1.0))
        if exchange.earlier_client:
            features += ngrams("pc", tokens(exchange.earlier_client), scale=0.5, bigrams=False)
    return features


def sentence_features(text: str) -> list[Feature]:
    """A narrative-notes sentence: its words, and whether it quotes anyone."""
    words = tokens(text)
    features = ngrams("n", words)
    features.append((f"nlen:{length_bucket(len(words))}", 1.0))
    if '"' in normalise(text):
        features.append(("n:quotes", 1.0))
    if words:
        features.append((f"nfirst:{words[0]}", 1.0))
    return features
