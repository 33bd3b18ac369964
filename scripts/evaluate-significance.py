#!/usr/bin/env python3
"""How well the tool's 1-5 significance agrees with the coders' own ratings, cross-validated by session.

    python scripts/build-training-transcripts.py     # once: the AnnoMI/MIBot dialogue of training/codes
    python scripts/evaluate-significance.py [--models DIR] [--in-sample] [--write] [-o report.json]

Every coded rupture of the real transcripts (gold-dev, hlqc-train, and this project's hlqc-extra and
annomi-mibot codes) carries each coder's `significance`; the reference is their mean where both coded the
turn. Each of 5 folds (grouped by session, near-duplicate HLQC captionings in one fold: the folds of
`scripts/evaluate-model.py`) is analysed by `rupture analyze`'s own code with a move model trained without
it, so detection is out of fold too. The wording head (how the coders would rate a turn's words,
`src/rupturecli/model/wording.py`) is fitted on the other folds' coded ruptures, detected or not, and the
other folds' rows read it from heads fitted without their own fold as well (nested), so no turn is ever rated
by a head that saw it. The cue weights, intercept and cut points of `rules/significance.yaml` are then fitted
on the other folds' detected ruptures (least squares with a small ridge, weights kept >= 0, cuts at the
coders' own proportions of 1-5) and the fold is rated with them. Figures:

- detected: Spearman between the tool's significance at the coded turn and the coders', over the coded
  ruptures whose turn an episode cites (and with the episode's significance, its peak, instead);
- all coded: the same over every coded rupture, an undetected one scoring 0;
- shipped: the same with the weights in rules/significance.yaml as they are (fitted on every fold).

`--write` fits on every fold and writes the numbers into rules/significance.yaml, and the wording head fitted on
every coded rupture into src/rupturecli/model/significance/ (the weights are fitted on the heads' out-of-fold
readings, as analysis reads turns no head saw). `--in-sample` uses the
shipped move model for every fold (fast, for development; its detections are in-sample). `--models DIR`
keeps and reuses the fold models (the same folder `evaluate-model.py --models` fills).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import lsq_linear
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rupturecli.analysis.analyze import analyze_session  # noqa: E402
from rupturecli.analysis.report import SessionReport  # noqa: E402
from rupturecli.detect.significance import cue_values, wording_value  # noqa: E402
from rupturecli.model import load_model  # noqa: E402
from rupturecli.model.config import load_config  # noqa: E402
from rupturecli.model.store import save_model  # noqa: E402
from rupturecli.model.training import TrainingError  # noqa: E402
from rupturecli.model.training.coded import CodedTranscript  # noqa: E402
from rupturecli.model.training.corpus import Corpus, load_corpus  # noqa: E402
from rupturecli.model.training.train import train_model  # noqa: E402
from rupturecli.model.training.validation import kept_fold_model, session_folds, sessions_digest  # noqa: E402
from rupturecli.model.training.wording import fit_wording_head  # noqa: E402
from rupturecli.model.wording import SHIPPED as WORDING_FOLDER  # noqa: E402
from rupturecli.model.wording import WordingHead  # noqa: E402
from rupturecli.rules.compiled import RuleSet, build_rule_set  # noqa: E402

SIGNIFICANCE_FILE = ROOT / "rules" / "significance.yaml"
RIDGE = 1.0


@dataclass
class CodedRupture:
    set_name: str
    session: str
    fold: int
    turn: int
    reference: float  # the coders' mean significance
    features: list[float] | None  # the cues read at the turn (None: no episode cites it)
    episode_features: list[list[float]] | None  # every rupture turn of the covering episode
    shipped_turn: int  # the shipped weights' rating at the turn (0: not detected)
    shipped_episode: int
    group: str = ""  # the session's group (near-duplicate captionings of one conversation share one)
    text: str = ""  # the client's words at the turn
    episode_texts: tuple[str, ...] = ()  # ...and at each rupture turn of the covering episode


@dataclass
class RatedTurn:
    """A coded rupture turn's words and the coders' mean rating: what the wording head learns from."""

    fold: int
    text: str
    reference: float


def coder_significance(coded: CodedTranscript, coders: list[Path]) -> dict[int, float]:
    """Turn -> the mean of the coders' significance (one coder's where only one coded the turn)."""
    ratings: dict[int, list[int]] = {}
    for folder in coders:
        path = folder / f"{coded.name}.json"
        if path.is_file():
            for rupture in json.loads(path.read_text(encoding="utf-8")).get("ruptures", []):
                if isinstance(rupture.get("significance"), int):
                    ratings.setdefault(int(rupture["turn"]), []).append(rupture["significance"])
    return {turn: sum(values) / len(values) for turn, values in ratings.items()}


def collect(coded: CodedTranscript, fold: int, report: SessionReport, rules: RuleSet,
            coders: list[Path]) -> list[CodedRupture]:
    texts = {turn.index: turn.text for turn in coded.session.turns}
    found = []
    assert rules.significance is not None
    for turn, reference in sorted(coder_significance(coded, coders).items()):
        item = next((item for item in report.episodes
                     if any(hit.turn == turn and not hit.evidence_only for hit in item.episode.hits)), None)
        if item is None:
            found.append(CodedRupture(coded.set_name, coded.name, fold, turn, reference, None, None, 0, 0,
                                      coded.group, texts.get(turn, "")))
            continue
        episode = item.episode

        def read(at: int, hits: tuple = episode.hits) -> list[float]:
            return [value.value for value in cue_values(hits, at, texts.get(at, ""), coded.session.kind,
                                                        rules.significance, max(texts, default=0))]

        rupture_turns = sorted({hit.turn for hit in episode.hits if not hit.evidence_only})
        found.append(CodedRupture(coded.set_name, coded.name, fold, turn, reference, read(turn),
                                  [read(at) for at in rupture_turns], episode.significance_at(turn) or 0,
                                  episode.significance, coded.group, texts.get(turn, ""),
                                  tuple(texts.get(at, "") for at in rupture_turns)))
    return found


def wording_heads(rows: list[CodedRupture], folds: int) -> dict[tuple[int, ...], WordingHead]:
    """Heads fitted without fold f (key (f,)) and without folds f and g (key (f, g)), on every coded rupture."""
    heads = {}
    for left_out in [(fold,) for fold in range(folds)] + [(f, g) for f in range(folds) for g in range(folds) if f != g]:
        train = [row for row in rows if row.fold not in left_out]
        heads[left_out] = WordingHead(fit_wording_head([row.text for row in train], [row.reference for row in train],
                                                       [row.group for row in train]))
    return heads


def with_wording(features: list[float], position: int | None, head: WordingHead, text: str) -> list[float]:
    """The cues of a turn with the wording cue read by `head` (the rating script's fold head, not the shipped one)."""
    if position is None:
        return features
    rating, _ = head.read(text)
    return [*features[:position], wording_value(rating), *features[position + 1:]]


def read_by(rows: list[CodedRupture], position: int | None, head_of: Any) -> list[CodedRupture]:
    """The detected rows with their wording cue (at the turn and across the episode) read by `head_of(row)`."""
    read = []
    for row in rows:
        if row.features is None or row.episode_features is None:
            continue
        head = head_of(row)
        read.append(replace(row, features=with_wording(row.features, position, head, row.text),
                            episode_features=[with_wording(features, position, head, text) for features, text
                                              in zip(row.episode_features, row.episode_texts, strict=True)]))
    return read


def fit(rows: list[CodedRupture], fixed: np.ndarray, free: np.ndarray,
        penalised: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Intercept, cue weights (>= 0; `free` marks the fitted ones) and four cuts, from detected ruptures.

    The ridge pulls every fitted weight towards 0 but the wording cue's (`penalised` False): that cue is
    already a rating on the coders' scale, fitted with its own ridge, so 0 is the wrong place to pull it to."""
    X = np.array([row.features for row in rows], dtype=float)
    y = np.array([row.reference for row in rows], dtype=float)
    target = y - X[:, ~free] @ fixed[~free]
    design = np.c_[np.ones(len(y)), X[:, free]]
    penalty = (np.sqrt(RIDGE) * np.eye(design.shape[1])[1:])[penalised[free]]
    solution = lsq_linear(np.r_[design, penalty], np.r_[target, np.zeros(len(penalty))],
                          bounds=([-np.inf] + [0.0] * int(free.sum()), [np.inf] * design.shape[1]))
    weights = fixed.copy()
    weights[free] = solution.x[1:]
    intercept = float(solution.x[0])
    predicted = intercept + X @ weights
    levels = np.floor(y + 0.5)
    shares = [float(np.mean(levels <= level)) for level in (1, 2, 3, 4)]
    cuts = np.quantile(predicted, np.clip(shares, 0.0, 1.0))
    return intercept, weights, np.maximum.accumulate(cuts)


def level(features: list[float], intercept: float, weights: np.ndarray, cuts: np.ndarray) -> int:
    total = intercept + float(np.dot(features, weights))
    return 1 + int(np.sum(total >= cuts))


def spearman(pairs: list[tuple[float, float]]) -> float | None:
    if len(pairs) < 3:
        return None
    first, second = zip(*pairs, strict=True)
    if len(set(first)) < 2 or len(set(second)) < 2:
        return None
    return round(float(spearmanr(first, second).statistic), 3)


def figures(rows: list[CodedRupture], turn_levels: list[int], episode_levels: list[int]) -> dict[str, Any]:
    detected = [index for index, row in enumerate(rows) if row.features is not None]
    return {
        "coded_ruptures": len(rows),
        "detected": len(detected),
        "spearman_detected_turn": spearman([(rows[index].reference, turn_levels[index]) for index in detected]),
        "spearman_detected_episode": spearman([(rows[index].reference, episode_levels[index])
                                               for index in detected]),
        "spearman_all_coded_turn": spearman([(row.reference, turn_levels[index]) for index, row in enumerate(rows)]),
        "by_set_detected_turn": {name: spearman([(rows[index].reference, turn_levels[index]) for index in detected
                                                 if rows[index].set_name == name])
                                 for name in sorted({row.set_name for row in rows})},
        "levels_detected": {str(value): sum(1 for index in detected if turn_levels[index] == value)
                            for value in range(1, 6)},
    }


def fold_models(corpus: Corpus, config: Any, rules: RuleSet, folds: dict[str, int], groups: list[str],
                scratch: Path, in_sample: bool) -> dict[int, RuleSet]:
    if in_sample:
        shipped = rules.with_model(load_model())
        return dict.fromkeys(range(config.folds), shipped)
    models = {}
    for fold in range(config.folds):
        folder = scratch / f"fold{fold}"
        train = Corpus([coded for coded in corpus.transcripts if folds[coded.group] != fold],
                       [note for note in corpus.notes if folds[note.group] != fold])
        trained_on = sessions_digest(train.groups())
        if not kept_fold_model(folder, trained_on):
            print(f"training the model without fold {fold + 1}/{config.folds}", file=sys.stderr)
            result = train_model(train, config, rules)
            save_model(folder, result.heads, result.thresholds,
                       {"name": "fold", "config": json.loads(config.model_dump_json()), "trained_on": trained_on})
        models[fold] = rules.with_model(load_model(folder))
    return models


def write_weights(path: Path, cue_ids: list[str], intercept: float, weights: np.ndarray, cuts: np.ndarray,
                  neutrals: dict[str, float]) -> None:
    """Rewrite the numbers of the significance file, keeping everything else as written: its patterns,
    reasons, comments and the `negation:` words. `neutrals`: cue id -> its `neutral:`, written after `weight:`."""
    values = dict(zip(cue_ids, weights, strict=True))
    current = None  # the cue whose lines these are
    written: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if (found := re.match(r"^\s*- id: ([\w-]+)\s*$", line)):
            current = found.group(1)
        elif re.match(r"^  \w", line):  # a key of `significance:` itself (negation, cues...): no cue's line
            current = None
            if line.startswith("  intercept:"):
                line = f"  intercept: {intercept:.3f}"
            elif line.startswith("  cuts:"):
                line = f"  cuts: [{', '.join(f'{cut:.3f}' for cut in cuts)}]"
        elif current and re.match(r"^    weight:", line):
            line = f"    weight: {values[current]:.3f}"
            if current in neutrals:
                written += [line, f"    neutral: {neutrals[current]:.3f}"]
                continue
        elif current in neutrals and re.match(r"^    neutral:", line):
            continue  # written after the weight
        written.append(line)
    path.write_text("\n".join(written) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "training" / "config.toml")
    parser.add_argument("--models", type=Path, help="keep (and reuse) the fold models in this folder")
    parser.add_argument("--in-sample", action="store_true", help="detect with the shipped model (fast)")
    parser.add_argument("--write", action="store_true", help="write the weights fitted on every fold")
    parser.add_argument("-o", "--output", type=Path)
    arguments = parser.parse_args()
    config = load_config(arguments.config)
    rules = build_rule_set()
    assert rules.significance is not None
    cues = [compiled.cue for compiled in rules.significance.cues]
    fixed = np.array([cue.weight for cue in cues], dtype=float)
    free = np.array([cue.fitted for cue in cues], dtype=bool)
    penalised = np.array([cue.measure != "wording" for cue in cues], dtype=bool)
    corpus = load_corpus(config, rules)
    groups = sorted({item.group for item in corpus.transcripts} | {note.group for note in corpus.notes})
    real = {item.group for item in corpus.transcripts if item.real}
    folds = session_folds(groups, real, config.folds, config.seed + 1)  # evaluate-model.py's folds
    coders = {item.name: [Path(folder) for folder in item.coders] for item in config.transcripts}
    rows: list[CodedRupture] = []
    with tempfile.TemporaryDirectory() as temporary:
        models = fold_models(corpus, config, rules, folds, groups, arguments.models or Path(temporary),
                             arguments.in_sample)
        for coded in corpus.transcripts:
            if coded.real and coded.set_name in coders:
                fold = folds[coded.group]
                report = analyze_session(coded.session, models[fold])
                rows += collect(coded, fold, report, models[fold], coders[coded.set_name])
    position = next((index for index, cue in enumerate(cues) if cue.measure == "wording"), None)
    heads = wording_heads(rows, config.folds)
    turn_levels, episode_levels = [0] * len(rows), [0] * len(rows)
    for fold in range(config.folds):
        # the training rows read by heads that saw neither this fold nor their own; the fold's rows by one that
        # did not see it
        train = read_by([row for row in rows if row.fold != fold], position,
                        lambda row, fold=fold: heads[(fold, row.fold)])
        intercept, weights, cuts = fit(train, fixed, free, penalised)
        for index, row in enumerate(rows):
            if row.fold == fold and row.features is not None and row.episode_features is not None:
                read = read_by([row], position, lambda _row, fold=fold: heads[(fold,)])[0]
                assert read.features is not None and read.episode_features is not None
                turn_levels[index] = level(read.features, intercept, weights, cuts)
                episode_levels[index] = max(level(features, intercept, weights, cuts)
                                            for features in read.episode_features)
    every_fold = read_by(rows, position, lambda row: heads[(row.fold,)])
    intercept, weights, cuts = fit(every_fold, fixed, free, penalised)
    # with the rules alone (and in notes) the wording cue reads as a typical detected rupture turn's wording
    neutrals = {cues[position].id: float(np.mean([row.features[position] for row in every_fold
                                                   if row.features is not None]))} if position is not None else {}
    report = {
        "method": "Spearman rank correlation with the coders' mean significance; detection and weights out of fold"
                  + (" (detection in-sample: --in-sample)" if arguments.in_sample else ""),
        "cross_validated": figures(rows, turn_levels, episode_levels),
        "shipped_weights": figures(rows, [row.shipped_turn for row in rows], [row.shipped_episode for row in rows]),
        "fitted_on_every_fold": {"intercept": round(intercept, 3), "cuts": [round(float(cut), 3) for cut in cuts],
                                 "weights": {cue.id: round(float(weight), 3) for cue, weight in zip(cues, weights,
                                                                                                    strict=True)},
                                 "neutral": {name: round(value, 3) for name, value in neutrals.items()}},
    }
    if arguments.write:
        write_weights(SIGNIFICANCE_FILE, [cue.id for cue in cues], intercept, weights, cuts, neutrals)
        print(f"wrote {SIGNIFICANCE_FILE.relative_to(ROOT)}", file=sys.stderr)
        if position is not None:
            head = fit_wording_head([row.text for row in rows], [row.reference for row in rows],
                                    [row.group for row in rows])
            save_model(WORDING_FOLDER, {head.name: head}, {},
                       {"name": "rupturecli-wording", "trained_on": f"{len(rows)} coded rupture turns of "
                        f"{len({row.session for row in rows})} real transcripts (two coders' mean significance)"})
            print(f"wrote {WORDING_FOLDER.relative_to(ROOT)}", file=sys.stderr)
    text = json.dumps(report, indent=2)
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TrainingError as error:
        sys.exit(f"error: {error}")
