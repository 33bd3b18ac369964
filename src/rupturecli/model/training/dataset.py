"""The corpus as labelled feature rows: client turns, therapist turns after a rupture, notes sentences; and
the sparse matrix a head is fitted on (features seen often enough, numbered)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from rupturecli.model.features import Feature
from rupturecli.model.rows import notes_rows, rupture_gap, transcript_rows
from rupturecli.model.training.corpus import Corpus


@dataclass
class Rows:
    """Feature rows with what each is: label, session, group, provenance."""

    features: list[tuple[Feature, ...]] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)  # index into `blocks` (-1: none)
    labels: list[Any] = field(default_factory=list)
    session: list[int] = field(default_factory=list)
    turn: list[int] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    real: list[bool] = field(default_factory=list)
    set_name: list[str] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    blocks: list[tuple[Feature, ...]] = field(default_factory=list)

    def add(self, features: tuple[Feature, ...], label: Any, session: int, turn: int, source: Any,
            shared: int = -1) -> None:
        self.features.append(features)
        self.labels.append(label)
        self.session.append(session)
        self.turn.append(turn)
        self.group.append(source.group)
        self.real.append(source.real)
        self.set_name.append(source.set_name)
        self.weight.append(source.weight)
        self.shared.append(shared)

    def subset(self, keep: Sequence[int]) -> Rows:
        picked = Rows(blocks=self.blocks)
        for index in keep:
            picked.features.append(self.features[index])
            picked.shared.append(self.shared[index])
            picked.labels.append(self.labels[index])
            picked.session.append(self.session[index])
            picked.turn.append(self.turn[index])
            picked.group.append(self.group[index])
            picked.real.append(self.real[index])
            picked.set_name.append(self.set_name[index])
            picked.weight.append(self.weight[index])
        return picked


class Vocabulary:
    """Feature names seen in at least `min_count` training rows, numbered."""

    def __init__(self, rows: Rows, min_count: int) -> None:
        counts: Counter[str] = Counter()
        for features in rows.features:
            counts.update({name for name, _ in features})
        for block in {index for index in rows.shared if index >= 0}:
            counts.update({name for name, _ in rows.blocks[block]})
        self.names = sorted(name for name, count in counts.items() if count >= min_count)
        self.index = {name: position for position, name in enumerate(self.names)}

    def matrix(self, rows: Rows) -> Any:
        from scipy.sparse import csr_matrix

        data: list[float] = []
        columns: list[int] = []
        pointers = [0]
        for features, shared in zip(rows.features, rows.shared, strict=False):
            merged: dict[int, float] = {}
            for name, value in features + (rows.blocks[shared] if shared >= 0 else ()):
                column = self.index.get(name)
                if column is not None:
                    merged[column] = merged.get(column, 0.0) + value
            columns += merged.keys()
            data += merged.values()
            pointers.append(len(columns))
        return csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(columns, dtype=np.int64),
                           np.asarray(pointers, dtype=np.int64)), shape=(len(rows.features), len(self.names)))


def client_rows(corpus: Corpus) -> Rows:
    """Every client turn of every transcript (scored or not: neighbours need scores too)."""
    rows = Rows()
    for number, coded in enumerate(corpus.transcripts):
        built = transcript_rows(coded.session)
        rows.blocks.append(built.style)
        block = len(rows.blocks) - 1
        for turn, features in zip(built.client_turns, built.client, strict=False):
            code = coded.client.get(turn)
            if code is not None and code.label == "none" and coded.re_engagement.get(turn):
                code = replace(code, re_engaged=True)
            rows.add(features, code, number, turn, coded, block)
    return rows


def therapist_rows(corpus: Corpus, window: int) -> Rows:
    """Therapist turns shortly after a coded rupture, labelled with the strategies the coders agreed on."""
    rows = Rows()
    for number, coded in enumerate(corpus.transcripts):
        ruptures = sorted(turn for turn, code in coded.client.items() if code.label != "none")
        if not ruptures:
            continue
        built = transcript_rows(coded.session)
        for turn, features in zip(built.therapist_turns, built.therapist, strict=False):
            gap = rupture_gap(turn, ruptures, window)
            if turn not in coded.strategies or gap is None:
                continue
            label = coded.strategies[turn] or (("contribution",) if turn in coded.contributions else ())
            rows.add((*features, gap), label, number, turn, coded)
    return rows


def sentence_rows(corpus: Corpus) -> Rows:
    rows = Rows()
    for number, note in enumerate(corpus.notes):
        built = notes_rows(note.session)
        for sentence, features in zip(built.sentences, built.rows, strict=False):
            if sentence in note.sentences:  # a sentence the coders disagree on is neither trained on nor scored
                rows.add(features, note.sentences[sentence], number, sentence, note)
    return rows


__all__ = ["Rows", "Vocabulary", "client_rows", "sentence_rows", "therapist_rows"]
