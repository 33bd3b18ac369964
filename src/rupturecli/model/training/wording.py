"""Fitting the wording head (model/wording.py): ridge regression of the coders' 1-5 significance of each
coded rupture turn on the turn's words and word pairs. Needs scikit-learn (the `train` extra)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from rupturecli.model.linear import LinearHead
from rupturecli.model.training import TrainingError
from rupturecli.model.wording import LABEL, wording_features

REGULARISATION = 1.0  # the ridge penalty (scikit-learn's default); too few rated turns to tune it on
MIN_SESSIONS = 2  # a word or pair must appear in this many sessions to be weighed: no one session's names or topics


def fit_wording_head(texts: Sequence[str], ratings: Sequence[float], sessions: Sequence[str],
                     regularisation: float = REGULARISATION, min_sessions: int = MIN_SESSIONS) -> LinearHead:
    """A `linear` head rating a turn's words 1-5 as the coders rated the turns it was fitted on (`sessions`:
    the session each turn comes from)."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import Ridge
    except ImportError:
        raise TrainingError("fitting the wording head needs scikit-learn: pip install 'rupturecli[train]'") from None
    if not len(texts) == len(ratings) == len(sessions) or len(texts) < 2:
        raise TrainingError("the wording head needs two or more rated rupture turns")
    rows = [wording_features(text) for text in texts]
    counts = Counter(name for name, _session in {(name, session) for row, session in zip(rows, sessions, strict=True)
                                                 for name, _ in row})
    names = sorted(name for name, count in counts.items() if count >= min_sessions)
    index = {name: position for position, name in enumerate(names)}
    data, columns, pointers = [], [], [0]
    for row in rows:
        for name, value in row:
            if name in index:
                columns.append(index[name])
                data.append(value)
        pointers.append(len(columns))
    matrix = csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(columns, dtype=np.int64),
                         np.asarray(pointers, dtype=np.int64)), shape=(len(rows), len(names)))
    model = Ridge(alpha=regularisation).fit(matrix, np.asarray(ratings, dtype=np.float64))
    weights = np.asarray(model.coef_, dtype=np.float32).reshape(-1, 1)
    return LinearHead(LABEL, "linear", (LABEL,), index, weights, np.array([model.intercept_], dtype=np.float32))


__all__ = ["fit_wording_head"]
