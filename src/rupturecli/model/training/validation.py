"""Cross-validation by session: folds that keep a group of sessions together, and thresholds chosen on
out-of-fold scores (real sessions' where there are some).

Near-duplicate captionings share a group, so a fold never scores a session whose twin it learned from.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rupturecli.model.config import TrainConfig
from rupturecli.model.training import TrainingError
from rupturecli.model.training.dataset import Rows
from rupturecli.model.training.heads import STRATEGY_IDS, fit_multilabel, fit_therapist_head

THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 19))


def sessions_digest(groups: Iterable[str]) -> str:
    """The sessions a fold model was trained on, in one name (kept in its model.json as `trained_on`)."""
    return hashlib.sha256("\n".join(sorted(set(groups))).encode()).hexdigest()[:16]


def kept_fold_model(folder: Path, trained_on: str) -> bool:
    """Whether `folder` holds a fold model kept from an earlier run on exactly these training sessions.

    A kept model trained on other sessions (the data or the folds changed since) would be scored on sessions
    it learned from: that is an error, never a silent reuse."""
    description = folder / "model.json"
    if not description.is_file():
        return False
    stored = json.loads(description.read_text(encoding="utf-8")).get("trained_on")
    if stored != trained_on:
        raise TrainingError(f"{folder}: this fold model was trained on other sessions (the data or the folds "
                            "changed since): remove it, or give --models a new folder")
    return True


def fold_of_groups(groups: Sequence[str], folds: int, seed: int) -> dict[str, int]:
    """Each group's fold: groups shuffled with the seed, then dealt out in turn."""
    unique = sorted(set(groups))
    random.Random(seed).shuffle(unique)
    return {group: position % folds for position, group in enumerate(unique)}


def session_folds(groups: Sequence[str], dealt: Sequence[str], folds: int, seed: int) -> dict[str, int]:
    """The folds of cross-validation by session (training's own and the evaluation scripts'): the `dealt` groups
    (the real coded sessions) dealt in turn, so each fold holds about as many; every other group (a written
    exchange, a notes file, a rule example) by a hash of its name.

    Dealt among everything, one added rule example (a group of its own) dealt every session anew, and the
    out-of-fold figures moved by a few hundredths for that alone. Now adding or removing a written or rule
    group moves no other group, and the real sessions keep their folds until real sessions are added.
    """
    chosen = set(dealt)
    result = {group: int(hashlib.sha256(f"{seed}\0{group}".encode()).hexdigest(), 16) % folds
              for group in set(groups) - chosen}
    result.update(fold_of_groups(sorted(chosen), folds, seed))
    return result


def fold_splits(groups: Sequence[str], folds: dict[str, int], count: int) -> Iterator[tuple[list[int], list[int]]]:
    """(training rows, held-out rows) of each fold that has both."""
    for fold in range(count):
        train = [index for index, group in enumerate(groups) if folds.get(group, 0) != fold]
        test = [index for index, group in enumerate(groups) if folds.get(group, 0) == fold]
        if train and test:
            yield train, test


def best_threshold(targets: Sequence[bool], scores: Sequence[float]) -> tuple[float, dict[str, float]]:
    """The threshold with the best F1 (ties: the higher threshold, the more precise)."""
    best = (-1.0, 0.5, {})
    for threshold in THRESHOLDS:
        figures = prf([bool(target) for target in targets], [score >= threshold for score in scores])
        if figures["f1"] >= best[0]:
            best = (figures["f1"], threshold, figures)
    return best[1], best[2]


def prf(targets: Sequence[bool], predictions: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 (rounded), with the counts of positives and of predicted ones."""
    true_positive = sum(1 for target, prediction in zip(targets, predictions, strict=False) if target and prediction)
    predicted = int(sum(bool(value) for value in predictions))
    actual = int(sum(bool(value) for value in targets))
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "positives": actual, "predicted": predicted}


def cross_validate_strategies(rows: Rows, config: TrainConfig, folds: dict[str, int]) -> tuple[float, dict]:
    """Out-of-fold strategy probabilities; the threshold with the best micro F1 on real sessions' turns."""
    if not rows.features:
        return 0.5, {}
    scores = np.zeros((len(rows.features), len(STRATEGY_IDS)))
    for train, test in fold_splits(rows.group, folds, config.folds):
        head = fit_therapist_head(rows.subset(train), config)
        probabilities = head.probabilities([rows.features[index] for index in test])
        scores[test] = probabilities[:, [head.classes.index(name) for name in STRATEGY_IDS]]
    chosen = [index for index, real in enumerate(rows.real) if real] or list(range(len(rows.features)))
    targets = [label in (rows.labels[index] or ()) for index in chosen for label in STRATEGY_IDS]
    flat = [float(value) for index in chosen for value in scores[index]]
    threshold, figures = best_threshold(targets, flat)
    everything = [label in (labels or ()) for labels in rows.labels for label in STRATEGY_IDS]
    all_flat = [float(value) for row in scores for value in row]
    return threshold, dict(figures, all_sessions=prf(everything, [value >= threshold for value in all_flat]))


def cross_validate_multilabel(rows: Rows, classes: Sequence[str], config: TrainConfig, folds: dict[str, int],
                              regularisation: float) -> tuple[float, dict[str, float]]:
    """Out-of-fold sigmoid scores, pooled over classes, and the threshold with the best micro F1."""
    if not rows.features:
        return 0.5, {}
    scores = np.zeros((len(rows.features), len(classes)))
    for train, test in fold_splits(rows.group, folds, config.folds):
        head = fit_multilabel(rows.subset(train), "fold", classes, lambda ids, label: label in (ids or ()),
                              regularisation, config.min_count)
        scores[test] = head.probabilities([rows.features[index] for index in test])
    targets = [label in (ids or ()) for ids in rows.labels for label in classes]
    flat = [float(value) for row in scores for value in row]
    real = [index for index, is_real in enumerate(rows.real) if is_real]
    threshold, figures = best_threshold(targets, flat)
    if real:
        real_targets = [label in (rows.labels[index] or ()) for index in real for label in classes]
        real_flat = [float(value) for index in real for value in scores[index]]
        figures = dict(figures, real=prf(real_targets, [value >= threshold for value in real_flat]))
    return threshold, figures


NOTES_EVIDENCE_RECALL = 0.6  # the share of rupture sentences the model alone must still find (rules find more)


def notes_threshold(rows: Rows, targets: Sequence[bool], scores: np.ndarray) -> tuple[float, dict[str, Any]]:
    """The notes threshold with the best note-level F1 (notes without a rupture left unflagged) among those
    that still find NOTES_EVIDENCE_RECALL of the rupture sentences, from out-of-fold scores of whole
    written notes (rule examples, one sentence each, would favour flagging everything)."""
    notes: dict[int, list[int]] = {}
    for index, session in enumerate(rows.session):
        if rows.set_name[index] != "rule-examples":
            notes.setdefault(session, []).append(index)
    chosen = [index for members in notes.values() for index in members] or list(range(len(targets)))
    best: tuple[tuple[bool, float], float, dict[str, Any]] = ((False, -1.0), 0.5, {})
    for threshold in THRESHOLDS:
        sentences = prf([targets[index] for index in chosen], [scores[index] >= threshold for index in chosen])
        note_level = prf([any(targets[index] for index in members) for members in notes.values()],
                         [any(scores[index] >= threshold for index in members) for members in notes.values()])
        key = (sentences["recall"] >= NOTES_EVIDENCE_RECALL, note_level["f1"])
        if key >= best[0]:
            best = (key, threshold, dict(sentences, note_level=note_level))
    return best[1], best[2]


__all__ = [
    "NOTES_EVIDENCE_RECALL",
    "THRESHOLDS",
    "best_threshold",
    "cross_validate_multilabel",
    "cross_validate_strategies",
    "fold_of_groups",
    "session_folds",
    "fold_splits",
    "notes_threshold",
    "prf",
]
