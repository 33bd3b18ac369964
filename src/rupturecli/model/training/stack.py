"""The second stage: each client turn's first-stage score reread beside its neighbours' and its session's.

It learns from out-of-fold first-stage scores (from models that never saw the session), as it will meet
scores of unseen sessions at analysis time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rupturecli.model.config import TrainConfig
from rupturecli.model.features import Feature
from rupturecli.model.linear import LinearHead
from rupturecli.model.moves import re_engagement_probability, rupture_probability
from rupturecli.model.rows import neighbour_features, session_scores
from rupturecli.model.training.dataset import Rows
from rupturecli.model.training.fit import fit_binary
from rupturecli.model.training.heads import fit_client_head
from rupturecli.model.training.validation import fold_splits


def _rupture_scores(head: LinearHead, rows: Rows, keep: Sequence[int]) -> np.ndarray:
    """P(rupture) and P(re-engagement) of the rows `keep` (one column each), each with its session's block."""
    scores = np.zeros((len(keep), 2))
    by_block: dict[int, list[int]] = {}
    for position, index in enumerate(keep):
        by_block.setdefault(rows.shared[index], []).append(position)
    for block, positions in by_block.items():
        shared = rows.blocks[block] if block >= 0 else ()
        probabilities = head.probabilities([rows.features[keep[position]] for position in positions], shared)
        scores[positions, 0] = rupture_probability(head, probabilities)
        scores[positions, 1] = re_engagement_probability(head, probabilities)
    return scores


def stack_inputs(rows: Rows, scores: np.ndarray) -> list[list[Feature]]:
    """Neighbour features of every client row, from first-stage scores of all its session's client turns."""
    by_session: dict[int, list[int]] = {}
    for index, session in enumerate(rows.session):
        by_session.setdefault(session, []).append(index)
    inputs: list[list[Feature]] = [[] for _ in rows.session]
    for indexes in by_session.values():
        ordered = sorted(indexes, key=lambda index: rows.turn[index])
        values = [float(scores[index, 0]) for index in ordered]
        summary = session_scores(values)
        for position, index in enumerate(ordered):
            inputs[index] = neighbour_features(values, position, summary)
    return inputs


def out_of_fold_scores(rows: Rows, config: TrainConfig, folds: dict[str, int]) -> np.ndarray:
    """First-stage rupture scores of every client row from a model that never saw its session."""
    scores = np.zeros((len(rows.features), 2))
    for train, test in fold_splits(rows.group, folds, config.folds):
        head = fit_client_head(rows.subset(train), config)
        scores[test] = _rupture_scores(head, rows, test)
    return scores


def fit_stack(inputs: list[list[Feature]], targets: list[bool], regularisation: float) -> LinearHead:
    """The second stage, on neighbour and session features of the first stage's scores."""
    names = [name for name, _ in inputs[0]]
    matrix = np.array([[value for _, value in row] for row in inputs])
    weights, bias = fit_binary(matrix, targets, regularisation)
    return LinearHead("stack", "sigmoid", ("rupture",), {name: position for position, name in enumerate(names)},
                      weights.reshape(-1, 1).astype(np.float32), np.array([bias], dtype=np.float32))


__all__ = ["fit_stack", "out_of_fold_scores", "stack_inputs"]
