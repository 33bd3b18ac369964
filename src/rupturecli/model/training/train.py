"""`rupture train`: fit the move model's heads from coded sessions, choose thresholds by cross-validation.

Everything is cross-validated by session (near-duplicate captionings kept in one fold): the first
stage's out-of-fold scores train the second stage, and the thresholds are the ones that did best on
real sessions' out-of-fold scores. The result is a plain model folder (`store.save_model`) that
analysis reads with numpy alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rupturecli.model.config import TrainConfig
from rupturecli.model.linear import LinearHead
from rupturecli.model.training import TrainingError
from rupturecli.model.training.corpus import Corpus
from rupturecli.model.training.dataset import Rows, client_rows, sentence_rows, therapist_rows
from rupturecli.model.training.heads import fit_client_head, fit_marker_head, fit_therapist_head
from rupturecli.model.training.notes_heads import empty_notes_heads, fit_notes_heads
from rupturecli.model.training.stack import fit_stack, out_of_fold_scores, stack_inputs
from rupturecli.model.training.validation import (
    best_threshold,
    cross_validate_strategies,
    fold_splits,
    prf,
    session_folds,
)


@dataclass
class TrainingResult:
    """The fitted heads, their thresholds, and the cross-validation report."""

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
    _check_sessions(client)
    real = {group for group, is_real in zip(client.group, client.real, strict=True) if is_real}
    folds = session_folds(client.group + [note.group for note in corpus.notes], real, config.folds, config.seed)
    report: dict[str, Any] = {"corpus": corpus.summary(), "training_data": corpus.digest(), "folds": config.folds}
    scored = [index for index, code in enumerate(client.labels) if code is not None]
    # the second stage reads neighbours and whole sessions: real sessions teach it, short written exchanges
    # (a few turns, one rupture each) would not
    stacked = [index for index in scored if client.real[index]] or scored
    targets_all = [code is not None and code.label != "none" for code in client.labels]

    out_of_fold = out_of_fold_scores(client, config, folds)
    inputs = stack_inputs(client, out_of_fold)
    stack_oof = np.zeros(len(inputs))
    learns, scored_rows = set(stacked), set(scored)
    for train, test in fold_splits(client.group, folds, config.folds):
        # a fold whose training part holds no real session (the only one is held out) learns from what it has
        train = [index for index in train if index in learns] or [index for index in train if index in scored_rows]
        if not train:
            continue
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
    strategy_threshold, strategy_figures = cross_validate_strategies(therapist, config, folds)
    report["strategies"] = {"threshold": strategy_threshold, "cross_validated": strategy_figures,
                            "therapist_turns": len(therapist.features)}

    report["re_engagement"] = {"client_turns": sum(1 for code in client.labels if code is not None and code.re_engaged)}

    sentences = sentence_rows(corpus)
    notes_thresholds = fit_notes_heads(sentences, config, folds, heads, report) if sentences.features else {}
    if not sentences.features:
        empty_notes_heads(heads)
    thresholds = {"rupture": threshold, "strategy": strategy_threshold, **notes_thresholds}
    report["thresholds"] = thresholds
    return TrainingResult(heads, thresholds, report)


def _check_sessions(client: Rows) -> None:
    """Cross-validation by session needs two coded sessions at least: with one, no figure could be out of fold."""
    groups = {client.group[index] for index, code in enumerate(client.labels) if code is not None}
    if len(groups) < 2:
        raise TrainingError(f"{len(groups)} coded session{'s' if len(groups) != 1 else ''} with client turns to "
                            "learn from: cross-validation by session needs 2 at least (code more sessions, or "
                            "keep the rule examples on)")


def _by_set(rows: Rows, indexes: Sequence[int], targets: Sequence[bool], scores: np.ndarray,
            threshold: float) -> dict[str, dict[str, float]]:
    """Cross-validated figures of each coded set at the chosen threshold."""
    sets: dict[str, list[int]] = {}
    for index in indexes:
        sets.setdefault(rows.set_name[index], []).append(index)
    return {name: prf([targets[index] for index in members], [scores[index] >= threshold for index in members])
            for name, members in sorted(sets.items())}


__all__ = ["TrainingResult", "rule_flagged", "train_model"]
