"""A linear head: named features -> class probabilities, and the features that drove a decision.

Training (scikit-learn, `rupture train`) and analysis (numpy only) meet here: a head is a vocabulary,
a weight matrix and a bias, nothing more, so it loads in milliseconds, runs offline and can always say
which words moved it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Literal

import numpy as np

from rupturecli.model.features import Feature

HeadKind = Literal["softmax", "sigmoid", "linear"]


@dataclass(frozen=True)
class LinearHead:
    """One decision of the model. `softmax`: exactly one class; `sigmoid`: each class on its own; `linear`: a
    number read as it is (a rating)."""

    name: str
    kind: HeadKind
    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def _rows(self, rows: Sequence[Sequence[Feature]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Known features as (column, value, row) arrays; one dict lookup per feature, done in C by map()."""
        names = [name for row in rows for name, _ in row]
        if not names:
            empty = np.zeros(0, dtype=np.int64)
            return empty, np.zeros(0, dtype=np.float32), empty
        columns = np.fromiter(map(self.index.get, names, repeat(-1)), dtype=np.int64, count=len(names))
        values = np.fromiter((value for row in rows for _, value in row), dtype=np.float32, count=len(names))
        owners = np.repeat(np.arange(len(rows), dtype=np.int64), [len(row) for row in rows])
        known = columns >= 0
        return columns[known], values[known], owners[known]

    def logits(self, rows: Sequence[Sequence[Feature]], shared: Sequence[Feature] = ()) -> np.ndarray:
        """Raw scores, one row per input row; `shared` features count in every row but are summed once."""
        shared_columns, shared_values, _ = self._rows([shared]) if shared else (None, None, None)
        columns, values, owners = self._rows(rows) if rows else (None, None, None)
        return self.logits_of(len(rows), columns, values, owners, shared_columns, shared_values)

    def logits_of(self, count: int, columns: np.ndarray | None, values: np.ndarray | None,
                  owners: np.ndarray | None, shared_columns: np.ndarray | None = None,
                  shared_values: np.ndarray | None = None) -> np.ndarray:
        """`logits` of rows given as arrays of known feature columns, values and owning rows (see columns.py)."""
        base = self.bias.astype(np.float32)
        if shared_columns is not None and len(shared_columns):
            base = base + (self.weights[shared_columns] * shared_values[:, None]).sum(axis=0)  # type: ignore[index]
        result = np.tile(base, (count, 1))
        if not count:
            return result
        if columns is not None and len(columns):
            contributions = self.weights[columns] * values[:, None]  # type: ignore[index]
            for column in range(result.shape[1]):  # a weighted bincount per class: far faster than np.add.at
                result[:, column] += np.bincount(owners, weights=contributions[:, column], minlength=count)
        return result

    def probabilities(self, rows: Sequence[Sequence[Feature]], shared: Sequence[Feature] = ()) -> np.ndarray:
        return self.squash(self.logits(rows, shared))

    def squash(self, scores: np.ndarray) -> np.ndarray:
        """Logits to probabilities: softmax across classes, or a sigmoid for each (a linear head's are kept)."""
        if self.kind == "linear":
            return scores
        if self.kind == "sigmoid":
            return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))
        scores = scores - scores.max(axis=1, keepdims=True)
        exponents = np.exp(scores)
        return exponents / exponents.sum(axis=1, keepdims=True)

    def cues(self, row: Sequence[Feature], label: str, against: str | None = None, limit: int = 4) -> list[str]:
        """The features that pushed this row towards `label` most (against `against`, for softmax heads)."""
        target = self.classes.index(label)
        other = self.classes.index(against) if against in self.classes else None
        pushes: dict[str, float] = {}
        for name, value in row:
            column = self.index.get(name)
            if column is None:
                continue
            weight = float(self.weights[column, target])
            if other is not None:
                weight -= float(self.weights[column, other])
            pushes[name] = pushes.get(name, 0.0) + weight * value
        ranked = sorted((push, name) for name, push in pushes.items() if push > 0)
        return [name for _push, name in reversed(ranked[-limit:])]
