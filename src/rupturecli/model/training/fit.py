"""scikit-learn at arm's length: logistic regressions fitted, and their weights kept as a `LinearHead`.

Fitting needs scikit-learn (the `train` extra); analysis reads the heads with numpy alone. A softmax
fitted on two classes is stored as two halves of the one logit, so every head scores the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rupturecli.model.linear import LinearHead
from rupturecli.model.training import TrainingError
from rupturecli.model.training.dataset import Vocabulary


def _sklearn() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise TrainingError("rupture train needs scikit-learn: pip install 'rupturecli[train]'") from None
    return LogisticRegression


def fit_softmax(matrix: Any, labels: Sequence[int], classes: int, regularisation: float,
                balanced: bool = False, weights: Sequence[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A softmax over `classes` (label numbers): weights by feature and class, a bias per class.

    Labels of one class (a corpus with no therapist reactions in its notes, say) give a constant head that
    always answers that class: there is nothing to tell apart, and the model needs every head."""
    present = sorted(set(labels))
    if len(present) < 2:
        bias = np.full(classes, -8.0)
        bias[present[0] if present else 0] = 8.0
        return np.zeros((matrix.shape[1], classes), dtype=np.float64), bias
    LogisticRegression = _sklearn()
    model = LogisticRegression(C=regularisation, max_iter=3000, class_weight="balanced" if balanced else None)
    model.fit(matrix, labels, sample_weight=None if weights is None else np.asarray(weights))
    weights = np.zeros((matrix.shape[1], classes), dtype=np.float64)
    bias = np.full(classes, -30.0)
    if len(present) == 2:
        weights[:, present[1]] = model.coef_[0] / 2
        weights[:, present[0]] = -model.coef_[0] / 2
        bias[present[1]], bias[present[0]] = model.intercept_[0] / 2, -model.intercept_[0] / 2
    else:
        for row, label in enumerate(model.classes_):
            weights[:, label] = model.coef_[row]
            bias[label] = model.intercept_[row]
    return weights, bias


def fit_binary(matrix: Any, labels: Sequence[bool], regularisation: float) -> tuple[np.ndarray, float]:
    """One sigmoid; a constant sure answer where the labels never vary."""
    if len(set(labels)) < 2:
        return np.zeros(matrix.shape[1]), (8.0 if labels and labels[0] else -8.0)
    LogisticRegression = _sklearn()
    model = LogisticRegression(C=regularisation, max_iter=3000)
    model.fit(matrix, list(labels))
    return model.coef_[0], float(model.intercept_[0])


def linear_head(name: str, kind: str, classes: Sequence[str], vocabulary: Vocabulary, weights: np.ndarray,
                bias: np.ndarray) -> LinearHead:
    """The fitted weights as a head, keeping only the features that weigh anything."""
    keep = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-4)
    names = [vocabulary.names[position] for position in keep]
    return LinearHead(name, kind, tuple(classes), {feature: position for position, feature in enumerate(names)},
                      weights[keep].astype(np.float32), np.asarray(bias, dtype=np.float32))


__all__ = ["fit_binary", "fit_softmax", "linear_head"]
