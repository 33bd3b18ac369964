"""The heads of the move model and what each learns: a client turn's move and marker, a therapist turn's
strategy (or contribution to the rupture), and one sigmoid per class for the notes' multi-label heads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rupturecli.model.config import TrainConfig
from rupturecli.model.linear import LinearHead
from rupturecli.model.training.coded import ClientCode
from rupturecli.model.training.dataset import Rows, Vocabulary
from rupturecli.model.training.fit import fit_binary, fit_softmax, linear_head

STRATEGY_IDS = ("IM-RATIONALE", "IM-CLARIFY", "IM-CHANGE-TASK", "IM-REFOCUS", "EX-INVITE", "EX-VALIDATE",
                "EX-OWN-PART", "EX-DISCLOSE", "EX-LINK-PATTERN")
CLIENT_MOVES = ("none", "withdrawal", "confrontation", "re-engagement")
THERAPIST_MOVES = ("none", "contribution", *STRATEGY_IDS)


def fit_client_head(rows: Rows, config: TrainConfig) -> LinearHead:
    """The first stage: a scored client turn's move (none, withdrawal, confrontation, re-engagement)."""
    scored = [index for index, code in enumerate(rows.labels) if code is not None]
    part = rows.subset(scored)
    vocabulary = Vocabulary(part, config.min_count)
    labels = [CLIENT_MOVES.index(client_move(code)) for code in part.labels]
    weights, bias = fit_softmax(vocabulary.matrix(part), labels, len(CLIENT_MOVES),
                                config.regularisation.client, balanced=True, weights=part.weight)
    return linear_head("client", "softmax", CLIENT_MOVES, vocabulary, weights, bias)


def client_move(code: ClientCode) -> str:
    """The class a coded client turn trains: a rupture type, re-engagement, or none."""
    if code.label == "none":
        return "re-engagement" if code.re_engaged else "none"
    return trained_type(code.label)


def trained_type(label: str) -> str:
    """A rupture both coders saw but typed differently trains as confrontation (the more evident type)."""
    return "confrontation" if label == "rupture" else label


def fit_marker_head(rows: Rows, name: str, config: TrainConfig) -> LinearHead:
    """Which marker a rupture shows: one row per (turn, marker)."""
    picked = Rows(blocks=rows.blocks)
    markers: list[str] = []
    for index, code in enumerate(rows.labels):
        if code is None or code.label == "none":
            continue
        for marker in code.markers:
            if marker[:1] in ("W", "C") and marker[1:].isdigit():
                picked.features.append(rows.features[index])
                picked.shared.append(-1)
                markers.append(marker)
    classes = sorted(set(markers)) or ["W2"]
    if len(classes) == 1:
        classes.append("C2" if classes[0].startswith("W") else "W2")
    vocabulary = Vocabulary(picked, 1)
    weights, bias = fit_softmax(vocabulary.matrix(picked), [classes.index(marker) for marker in markers],
                                len(classes), config.regularisation.marker) if markers else (
        np.zeros((len(vocabulary.names), len(classes))), np.zeros(len(classes)))
    return linear_head(name, "softmax", classes, vocabulary, weights, bias)


def fit_therapist_head(rows: Rows, config: TrainConfig) -> LinearHead:
    """What a therapist turn after a rupture does: a strategy (by id), a contribution to the rupture, or
    neither. One softmax, so a push or a lecture competes with the strategies instead of passing for one;
    a turn with two strategies trains once for each."""
    if not rows.features:  # no coded strategies to learn from: a head that never finds one
        bias = np.full(len(THERAPIST_MOVES), -8.0, dtype=np.float32)
        bias[0] = 8.0
        return LinearHead("strategy", "softmax", THERAPIST_MOVES, {}, np.zeros((0, len(THERAPIST_MOVES)),
                                                                              dtype=np.float32), bias)
    picked = Rows(blocks=rows.blocks)
    targets: list[int] = []
    for index, moves in enumerate(rows.labels):
        for move in moves or ("none",):
            picked.features.append(rows.features[index])
            picked.shared.append(-1)
            picked.weight.append(rows.weight[index])
            targets.append(THERAPIST_MOVES.index(move) if move in THERAPIST_MOVES else 0)
    vocabulary = Vocabulary(picked, config.min_count)
    weights, bias = fit_softmax(vocabulary.matrix(picked), targets, len(THERAPIST_MOVES),
                                config.regularisation.strategy, weights=picked.weight)
    return linear_head("strategy", "softmax", THERAPIST_MOVES, vocabulary, weights, bias)


def fit_multilabel(rows: Rows, name: str, classes: Sequence[str], positives: Any, regularisation: float,
                   min_count: int) -> LinearHead:
    """One sigmoid per class, sharing a vocabulary."""
    vocabulary = Vocabulary(rows, min_count)
    matrix = vocabulary.matrix(rows)
    weights = np.zeros((len(vocabulary.names), len(classes)))
    bias = np.zeros(len(classes))
    for column, label in enumerate(classes):
        targets = [positives(value, label) for value in rows.labels]
        weights[:, column], bias[column] = fit_binary(matrix, targets, regularisation)
    return linear_head(name, "sigmoid", classes, vocabulary, weights, bias)


__all__ = [
    "CLIENT_MOVES",
    "STRATEGY_IDS",
    "THERAPIST_MOVES",
    "client_move",
    "fit_client_head",
    "fit_marker_head",
    "fit_multilabel",
    "fit_therapist_head",
    "trained_type",
]
