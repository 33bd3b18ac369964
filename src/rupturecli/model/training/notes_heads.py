"""The notes heads: a sentence's client move and marker, strategies, re-engagement and the therapist's own
reaction (T-W, T-C); their thresholds cross-validated on whole written notes."""

from __future__ import annotations

from typing import Any

import numpy as np

from rupturecli.model.config import TrainConfig
from rupturecli.model.linear import LinearHead
from rupturecli.model.training.coded import CLIENT_LABELS
from rupturecli.model.training.dataset import Rows, Vocabulary
from rupturecli.model.training.fit import fit_softmax, linear_head
from rupturecli.model.training.heads import STRATEGY_IDS, fit_marker_head, fit_multilabel, trained_type
from rupturecli.model.training.validation import cross_validate_multilabel, fold_splits, notes_threshold

EXPERIENCE_CLASSES = ("none", "T-W", "T-C")


class _NoneSentence:
    """The code of a sentence no coder quotes."""

    label = "none"
    markers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    re_engagement = False
    experience = None


_NONE_SENTENCE = _NoneSentence()


def fit_notes_heads(rows: Rows, config: TrainConfig, folds: dict[str, int], heads: dict[str, LinearHead],
                    report: dict[str, Any]) -> dict[str, float]:
    """The notes heads: sentence type, marker, strategies, re-engagement, the therapist's reaction."""
    regularisation = config.regularisation.notes
    labels = [code or _NONE_SENTENCE for code in rows.labels]
    rows.labels = labels
    type_targets = [CLIENT_LABELS.index(trained_type(code.label)) for code in labels]

    def fit_type(part: Rows, targets: list[int]) -> LinearHead:
        vocabulary = Vocabulary(part, config.min_count)
        weights, bias = fit_softmax(vocabulary.matrix(part), targets, len(CLIENT_LABELS), regularisation, True)
        return linear_head("notes_client", "softmax", CLIENT_LABELS, vocabulary, weights, bias)

    scores = np.zeros(len(rows.features))
    for train, test in fold_splits(rows.group, folds, config.folds):
        head = fit_type(rows.subset(train), [type_targets[index] for index in train])
        probabilities = head.probabilities([rows.features[index] for index in test])
        scores[test] = 1.0 - probabilities[:, 0]
    targets = [code.label != "none" for code in labels]
    threshold, figures = notes_threshold(rows, targets, scores)
    heads["notes_client"] = fit_type(rows, type_targets)
    marker_rows = Rows(blocks=rows.blocks, features=rows.features, shared=[-1] * len(rows.features),
                       labels=[code if code.label != "none" else None for code in labels])
    heads["notes_marker"] = fit_marker_head(marker_rows, "notes_marker", config)
    heads["notes_strategy"] = fit_multilabel(rows, "notes_strategy", STRATEGY_IDS,
                                             lambda code, label: label in code.strategies, regularisation,
                                             config.min_count)
    strategy_threshold, strategy_figures = _cross_validate_notes_strategies(rows, config, folds, regularisation)
    heads["notes_re_engagement"] = fit_multilabel(rows, "notes_re_engagement", ("re-engaged",),
                                                  lambda code, _label: code.re_engagement, regularisation,
                                                  config.min_count)
    vocabulary = Vocabulary(rows, config.min_count)
    experience_targets = [EXPERIENCE_CLASSES.index(code.experience or "none") for code in labels]
    weights, bias = fit_softmax(vocabulary.matrix(rows), experience_targets, len(EXPERIENCE_CLASSES),
                                regularisation, True)
    heads["notes_experience"] = linear_head("notes_experience", "softmax", EXPERIENCE_CLASSES, vocabulary, weights,
                                            bias)
    report["notes_sentences"] = {"threshold": threshold, "cross_validated": figures,
                                 "strategies": {"threshold": strategy_threshold, "cross_validated": strategy_figures}}
    return {"notes_rupture": threshold, "notes_strategy": strategy_threshold, "notes_experience": 0.5}


def _cross_validate_notes_strategies(rows: Rows, config: TrainConfig, folds: dict[str, int],
                                     regularisation: float) -> tuple[float, dict[str, float]]:
    strategy_rows = Rows(blocks=rows.blocks, features=rows.features, shared=[-1] * len(rows.features),
                         labels=[code.strategies for code in rows.labels], group=rows.group,
                         real=rows.real, set_name=rows.set_name, session=rows.session, turn=rows.turn,
                         weight=rows.weight)
    return cross_validate_multilabel(strategy_rows, STRATEGY_IDS, config, folds, regularisation)


def empty_notes_heads(heads: dict[str, LinearHead]) -> None:
    """Notes heads that never flag anything, for a corpus without coded notes."""
    for name, kind, classes in (("notes_client", "softmax", CLIENT_LABELS), ("notes_marker", "softmax", ("W2", "C2")),
                                ("notes_strategy", "sigmoid", STRATEGY_IDS),
                                ("notes_re_engagement", "sigmoid", ("re-engaged",)),
                                ("notes_experience", "softmax", EXPERIENCE_CLASSES)):
        bias = np.full(len(classes), -8.0, dtype=np.float32)
        if kind == "softmax":
            bias[0] = 8.0
        heads[name] = LinearHead(name, kind, tuple(classes), {}, np.zeros((0, len(classes)), dtype=np.float32), bias)


__all__ = ["EXPERIENCE_CLASSES", "empty_notes_heads", "fit_notes_heads"]
