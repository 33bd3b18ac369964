"""`rupture train`: fit the move model's heads from coded sessions, choose thresholds by cross-validation.

Everything is cross-validated by session (near-duplicate captionings kept in one fold): the first
stage's out-of-fold scores train the second stage, and the thresholds are the ones that did best on
real sessions' out-of-fold scores. Fitting uses scikit-learn (the `train` extra); the result is a plain
model folder that analysis reads with numpy alone.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from rupturecli.errors import RuptureError
from rupturecli.model.config import TrainConfig
from rupturecli.model.corpus import (
    CLIENT_LABELS,
    ClientCode,
    CodedNote,
    CodedTranscript,
    load_dialogue_set,
    load_note_set,
    load_transcript_set,
    rule_examples,
)
from rupturecli.model.features import Feature
from rupturecli.model.linear import LinearHead
from rupturecli.model.moves import re_engagement_probability, rupture_probability
from rupturecli.model.rows import neighbour_features, notes_rows, rupture_gap, session_scores, transcript_rows

STRATEGY_IDS = ("IM-RATIONALE", "IM-CLARIFY", "IM-CHANGE-TASK", "IM-REFOCUS", "EX-INVITE", "EX-VALIDATE",
                "EX-OWN-PART", "EX-DISCLOSE", "EX-LINK-PATTERN")
EXPERIENCE_CLASSES = ("none", "T-W", "T-C")
CLIENT_MOVES = ("none", "withdrawal", "confrontation", "re-engagement")
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 19))


class TrainingError(RuptureError):
    """Training cannot go on: a missing dependency, or too little coded data."""


def _sklearn() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise TrainingError("rupture train needs scikit-learn: pip install 'rupturecli[train]'") from None
    return LogisticRegression


# ---------------------------------------------------------------------------------------------------------
# The corpus


@dataclass
class Corpus:
    transcripts: list[CodedTranscript] = field(default_factory=list)
    notes: list[CodedNote] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts per set, for the model's description and the training report."""
        sets: dict[str, Counter[str]] = {}
        for coded in self.transcripts:
            counts = sets.setdefault(coded.set_name, Counter())
            counts["sessions"] += 1
            counts["real"] = int(coded.real)
            for code in coded.client.values():
                counts[f"client {code.label}"] += 1
            counts["strategy turns"] += sum(1 for ids in coded.strategies.values() if ids)
        for note in self.notes:
            counts = sets.setdefault(note.set_name, Counter())
            counts["notes"] += 1
            counts["rupture sentences"] += sum(1 for code in note.sentences.values() if code.label != "none")
        return {name: dict(counts) for name, counts in sets.items()}


def load_corpus(config: TrainConfig, rules: Any | None = None) -> Corpus:
    corpus = Corpus()
    for item in config.transcripts:
        corpus.transcripts += load_transcript_set(item.name, item.codes, item.transcripts, item.coders, item.groups,
                                                  item.real, item.weight)
    for dialogues in config.dialogues:
        from pathlib import Path

        corpus.transcripts += load_dialogue_set(dialogues.name, [Path(path) for path in dialogues.files],
                                                dialogues.checks, dialogues.real)
    for notes in config.notes:
        from pathlib import Path

        corpus.notes += load_note_set(notes.name, [Path(path) for path in notes.files], notes.checks, notes.real)
    if config.rule_examples and rules is not None:
        for example in rule_examples(rules):
            (corpus.transcripts if isinstance(example, CodedTranscript) else corpus.notes).append(example)
    if not any(code.label != "none" for coded in corpus.transcripts for code in coded.client.values()):
        raise TrainingError("no coded rupture turns to learn from (give --codes and --transcripts, or a config)")
    return corpus


# ---------------------------------------------------------------------------------------------------------
# Rows and vectors


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


THERAPIST_MOVES = ("none", "contribution", *STRATEGY_IDS)


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
    weights, bias = _fit_softmax(vocabulary.matrix(picked), targets, len(THERAPIST_MOVES),
                                 config.regularisation.strategy, weights=picked.weight)
    return _head("strategy", "softmax", THERAPIST_MOVES, vocabulary, weights, bias)


def _cross_validate_therapist(rows: Rows, config: TrainConfig, folds: dict[str, int]) -> tuple[float, dict]:
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


def sentence_rows(corpus: Corpus) -> Rows:
    rows = Rows()
    for number, note in enumerate(corpus.notes):
        built = notes_rows(note.session)
        for sentence, features in zip(built.sentences, built.rows, strict=False):
            if sentence in note.sentences:  # a sentence the coders disagree on is neither trained on nor scored
                rows.add(features, note.sentences[sentence], number, sentence, note)
    return rows


# ---------------------------------------------------------------------------------------------------------
# Fitting


def fold_of_groups(groups: Sequence[str], folds: int, seed: int) -> dict[str, int]:
    """Each group's fold: groups shuffled with the seed, then dealt out in turn."""
    unique = sorted(set(groups))
    random.Random(seed).shuffle(unique)
    return {group: position % folds for position, group in enumerate(unique)}


def fold_splits(groups: Sequence[str], folds: dict[str, int], count: int) -> Iterator[tuple[list[int], list[int]]]:
    """(training rows, held-out rows) of each fold that has both."""
    for fold in range(count):
        train = [index for index, group in enumerate(groups) if folds.get(group, 0) != fold]
        test = [index for index, group in enumerate(groups) if folds.get(group, 0) == fold]
        if train and test:
            yield train, test


def _fit_softmax(matrix: Any, labels: Sequence[int], classes: int, regularisation: float,
                 balanced: bool = False, weights: Sequence[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    LogisticRegression = _sklearn()
    present = sorted(set(labels))
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


def _fit_binary(matrix: Any, labels: Sequence[bool], regularisation: float) -> tuple[np.ndarray, float]:
    if len(set(labels)) < 2:
        return np.zeros(matrix.shape[1]), (8.0 if labels and labels[0] else -8.0)
    LogisticRegression = _sklearn()
    model = LogisticRegression(C=regularisation, max_iter=3000)
    model.fit(matrix, list(labels))
    return model.coef_[0], float(model.intercept_[0])


def _head(name: str, kind: str, classes: Sequence[str], vocabulary: Vocabulary, weights: np.ndarray,
          bias: np.ndarray) -> LinearHead:
    keep = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-4)
    names = [vocabulary.names[position] for position in keep]
    return LinearHead(name, kind, tuple(classes), {feature: position for position, feature in enumerate(names)},
                      weights[keep].astype(np.float32), np.asarray(bias, dtype=np.float32))


def fit_client_head(rows: Rows, config: TrainConfig) -> LinearHead:
    scored = [index for index, code in enumerate(rows.labels) if code is not None]
    part = rows.subset(scored)
    vocabulary = Vocabulary(part, config.min_count)
    labels = [CLIENT_MOVES.index(client_move(code)) for code in part.labels]
    weights, bias = _fit_softmax(vocabulary.matrix(part), labels, len(CLIENT_MOVES),
                                 config.regularisation.client, balanced=True, weights=part.weight)
    return _head("client", "softmax", CLIENT_MOVES, vocabulary, weights, bias)


def client_move(code: ClientCode) -> str:
    """The class a coded client turn trains: a rupture type, re-engagement, or none."""
    if code.label == "none":
        return "re-engagement" if code.re_engaged else "none"
    return _type(code.label)


def _type(label: str) -> str:
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
    weights, bias = _fit_softmax(vocabulary.matrix(picked), [classes.index(marker) for marker in markers],
                                 len(classes), config.regularisation.marker) if markers else (
        np.zeros((len(vocabulary.names), len(classes))), np.zeros(len(classes)))
    return _head(name, "softmax", classes, vocabulary, weights, bias)


def fit_multilabel(rows: Rows, name: str, classes: Sequence[str], positives: Any, regularisation: float,
                   min_count: int) -> LinearHead:
    """One sigmoid per class, sharing a vocabulary."""
    vocabulary = Vocabulary(rows, min_count)
    matrix = vocabulary.matrix(rows)
    weights = np.zeros((len(vocabulary.names), len(classes)))
    bias = np.zeros(len(classes))
    for column, label in enumerate(classes):
        targets = [positives(value, label) for value in rows.labels]
        weights[:, column], bias[column] = _fit_binary(matrix, targets, regularisation)
    return _head(name, "sigmoid", classes, vocabulary, weights, bias)


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
    names = [name for name, _ in inputs[0]]
    matrix = np.array([[value for _, value in row] for row in inputs])
    weights, bias = _fit_binary(matrix, targets, regularisation)
    return LinearHead("stack", "sigmoid", ("rupture",), {name: position for position, name in enumerate(names)},
                      weights.reshape(-1, 1).astype(np.float32), np.array([bias], dtype=np.float32))


def best_threshold(targets: Sequence[bool], scores: Sequence[float]) -> tuple[float, dict[str, float]]:
    """The threshold with the best F1 (ties: the higher threshold, the more precise)."""
    best = (-1.0, 0.5, {})
    for threshold in THRESHOLDS:
        figures = prf([bool(target) for target in targets], [score >= threshold for score in scores])
        if figures["f1"] >= best[0]:
            best = (figures["f1"], threshold, figures)
    return best[1], best[2]


def prf(targets: Sequence[bool], predictions: Sequence[bool]) -> dict[str, float]:
    true_positive = sum(1 for target, prediction in zip(targets, predictions, strict=False) if target and prediction)
    predicted = int(sum(bool(value) for value in predictions))
    actual = int(sum(bool(value) for value in targets))
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "positives": actual, "predicted": predicted}


@dataclass
class TrainingResult:
    heads: dict[str, LinearHead]
    thresholds: dict[str, float]
    report: dict[str, Any]


def rule_flagged(corpus: Corpus, rules: Any) -> set[tuple[int, int]]:
    """(session, turn) of every client turn the rules flag in a real transcript."""
    from rupturecli.detect.engine import detect

    flagged: set[tuple[int, int]] = set()
    for number, coded in enumerate(corpus.transcripts):
        if coded.real:
            flagged |= {(number, hit.turn) for hit in detect(coded.session, rules).hits if not hit.evidence_only}
    return flagged


def train_model(corpus: Corpus, config: TrainConfig, rules: Any | None = None) -> TrainingResult:
    """Fit every head on all the data; thresholds and the report from cross-validation by session.

    With `rules`, the rupture threshold is the one that does best together with the rules (whose hits
    stay findings): where the rules already see a turn, the model need not.
    """
    client = client_rows(corpus)
    folds = fold_of_groups(client.group + [note.group for note in corpus.notes], config.folds, config.seed)
    report: dict[str, Any] = {"corpus": corpus.summary(), "folds": config.folds}
    scored = [index for index, code in enumerate(client.labels) if code is not None]
    # the second stage reads neighbours and whole sessions: real sessions teach it, short written exchanges
    # (a few turns, one rupture each) would not
    stacked = [index for index in scored if client.real[index]] or scored
    targets_all = [code is not None and code.label != "none" for code in client.labels]

    out_of_fold = out_of_fold_scores(client, config, folds)
    inputs = stack_inputs(client, out_of_fold)
    stack_oof = np.zeros(len(inputs))
    learns = set(stacked)
    for train, test in fold_splits(client.group, folds, config.folds):
        train = [index for index in train if index in learns]
        head = fit_stack([inputs[index] for index in train], [targets_all[index] for index in train],
                         config.regularisation.stack)
        stack_oof[test] = head.probabilities([inputs[index] for index in test])[:, 0]
    real_scored = [index for index in scored if client.real[index]] or scored
    # the rules look perfect on the set they were written from: choose the threshold on the others
    unbiased = [index for index in real_scored if client.set_name[index] not in config.rules_written_from()]
    chosen = unbiased or real_scored
    ruled = rule_flagged(corpus, rules) if rules is not None else set()
    combined = [1.0 if (client.session[index], client.turn[index]) in ruled else float(stack_oof[index])
                for index in range(len(stack_oof))]
    threshold, _ = best_threshold([targets_all[index] for index in chosen], [combined[index] for index in chosen])
    figures = prf([targets_all[index] for index in real_scored],
                  [combined[index] >= threshold for index in real_scored])
    report["client_turns"] = {"threshold": threshold, "cross_validated": figures,
                              "first_stage": best_threshold([targets_all[index] for index in real_scored],
                                                            [out_of_fold[index, 0] for index in real_scored])[1],
                              "with_rules": bool(ruled),
                              "by_set": _by_set(client, real_scored, targets_all, np.asarray(combined), threshold)}

    heads: dict[str, LinearHead] = {}
    heads["client"] = fit_client_head(client, config)
    heads["stack"] = fit_stack([inputs[index] for index in stacked], [targets_all[index] for index in stacked],
                               config.regularisation.stack)
    heads["marker"] = fit_marker_head(client, "marker", config)

    therapist = therapist_rows(corpus, config.repair_window)
    heads["strategy"] = fit_therapist_head(therapist, config)
    strategy_threshold, strategy_figures = _cross_validate_therapist(therapist, config, folds)
    report["strategies"] = {"threshold": strategy_threshold, "cross_validated": strategy_figures,
                            "therapist_turns": len(therapist.features)}

    report["re_engagement"] = {"client_turns": sum(1 for code in client.labels if code is not None and code.re_engaged)}

    sentences = sentence_rows(corpus)
    notes_thresholds = _fit_notes(sentences, config, folds, heads, report) if sentences.features else {}
    if not sentences.features:
        _empty_notes_heads(heads)
    thresholds = {"rupture": threshold, "strategy": strategy_threshold, **notes_thresholds}
    report["thresholds"] = thresholds
    return TrainingResult(heads, thresholds, report)


def _by_set(rows: Rows, indexes: Sequence[int], targets: Sequence[bool], scores: np.ndarray,
            threshold: float) -> dict[str, dict[str, float]]:
    sets: dict[str, list[int]] = {}
    for index in indexes:
        sets.setdefault(rows.set_name[index], []).append(index)
    return {name: prf([targets[index] for index in members], [scores[index] >= threshold for index in members])
            for name, members in sorted(sets.items())}


def _cross_validate_multilabel(rows: Rows, classes: Sequence[str], config: TrainConfig, folds: dict[str, int],
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


def _empty_notes_heads(heads: dict[str, LinearHead]) -> None:
    for name, kind, classes in (("notes_client", "softmax", CLIENT_LABELS), ("notes_marker", "softmax", ("W2", "C2")),
                                ("notes_strategy", "sigmoid", STRATEGY_IDS),
                                ("notes_re_engagement", "sigmoid", ("re-engaged",)),
                                ("notes_experience", "softmax", EXPERIENCE_CLASSES)):
        bias = np.full(len(classes), -8.0, dtype=np.float32)
        if kind == "softmax":
            bias[0] = 8.0
        heads[name] = LinearHead(name, kind, tuple(classes), {}, np.zeros((0, len(classes)), dtype=np.float32), bias)


def _fit_notes(rows: Rows, config: TrainConfig, folds: dict[str, int], heads: dict[str, LinearHead],
               report: dict[str, Any]) -> dict[str, float]:
    """The notes heads: sentence type, marker, strategies, re-engagement, the therapist's reaction."""
    regularisation = config.regularisation.notes
    labels = [code or _NONE_SENTENCE for code in rows.labels]
    rows.labels = labels
    type_targets = [CLIENT_LABELS.index(_type(code.label)) for code in labels]

    def fit_type(part: Rows, targets: list[int]) -> LinearHead:
        vocabulary = Vocabulary(part, config.min_count)
        weights, bias = _fit_softmax(vocabulary.matrix(part), targets, len(CLIENT_LABELS), regularisation, True)
        return _head("notes_client", "softmax", CLIENT_LABELS, vocabulary, weights, bias)

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
    weights, bias = _fit_softmax(vocabulary.matrix(rows), experience_targets, len(EXPERIENCE_CLASSES),
                                 regularisation, True)
    heads["notes_experience"] = _head("notes_experience", "softmax", EXPERIENCE_CLASSES, vocabulary, weights, bias)
    report["notes_sentences"] = {"threshold": threshold, "cross_validated": figures,
                                 "strategies": {"threshold": strategy_threshold, "cross_validated": strategy_figures}}
    return {"notes_rupture": threshold, "notes_strategy": strategy_threshold, "notes_experience": 0.5}


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


def _cross_validate_notes_strategies(rows: Rows, config: TrainConfig, folds: dict[str, int],
                                     regularisation: float) -> tuple[float, dict[str, float]]:
    strategy_rows = Rows(blocks=rows.blocks, features=rows.features, shared=[-1] * len(rows.features),
                         labels=[code.strategies for code in rows.labels], group=rows.group,
                         real=rows.real, set_name=rows.set_name, session=rows.session, turn=rows.turn,
                         weight=rows.weight)
    return _cross_validate_multilabel(strategy_rows, STRATEGY_IDS, config, folds, regularisation)


class _NoneSentence:
    label = "none"
    markers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    re_engagement = False
    experience = None


_NONE_SENTENCE = _NoneSentence()
