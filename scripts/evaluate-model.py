#!/usr/bin/env python3
"""Honest figures for the whole analysis (rules + move model), cross-validated by session.

    python scripts/evaluate-model.py [--config training/config.toml] [--folds 5] [-o report.json]
    python scripts/evaluate-model.py --cross-source      # also: train without a source, test on it

For each fold a model is trained (exactly as `rupture train` does, thresholds chosen inside the training
part) on every session outside the fold; the fold's real transcripts and written notes are then analysed
by `rupture analyze`'s own code with that model and the default rules, and scored against the coders:
turn-level precision/recall/F1 (score.py's definition), the repair status of coded ruptures, the share of
coder-marked repair strategies found, notes evidence recall (score.py's overlap rule) and type set exact, and
how well the rupture rate separates low- from high-quality counselling sessions (AUC, hlqc-train's quality labels).
The same is reported for the rules alone. Nothing here reads the second set or a reserved session.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rupturecli.analysis.analyze import analyze_session  # noqa: E402
from rupturecli.model import load_model  # noqa: E402
from rupturecli.model.config import load_config  # noqa: E402
from rupturecli.model.store import save_model  # noqa: E402
from rupturecli.model.training import TrainingError  # noqa: E402
from rupturecli.model.training.coded import CodedNote, CodedTranscript  # noqa: E402
from rupturecli.model.training.corpus import Corpus, load_corpus  # noqa: E402
from rupturecli.model.training.train import train_model  # noqa: E402
from rupturecli.model.training.validation import kept_fold_model, prf, session_folds, sessions_digest  # noqa: E402
from rupturecli.rules.compiled import build_rule_set  # noqa: E402

HLQC_METADATA = ROOT.parent / "shared" / "eval-data" / "hlqc-train" / "metadata.csv"


def predicted_turns(record: dict[str, Any]) -> dict[int, str]:
    """score.py's reading: a client turn is predicted when a (non T-) marker of an episode cites it."""
    turns: dict[int, str] = {}
    for episode in record["episodes"]:
        for marker in episode["markers"]:
            if not marker["id"].startswith("T-"):
                turns.setdefault(marker["turn"], episode["type"])
    return turns


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def overlaps(quote: str, evidence: str) -> bool:
    q, e = words(quote), words(evidence)
    return bool(q and e) and len(q & e) / min(len(q), len(e)) >= 0.5


class Tally:
    """Counts for one system (rules alone, or rules + model) over held-out sessions."""

    def __init__(self) -> None:
        self.turns: dict[str, list[tuple[bool, bool]]] = {}
        self.repair: list[bool] = []
        self.repair_detected: list[bool] = []
        self.strategy_turn: list[bool] = []
        self.strategy_id: list[bool] = []
        self.evidence: list[bool] = []
        self.notes: list[tuple[bool, bool]] = []
        self.note_types: list[bool] = []
        self.note_repair: list[bool] = []
        self.note_strategies: list[bool] = []
        self.note_repair_pairs: list[tuple[str, str]] = []
        self.rates: list[tuple[str, float]] = []
        self.repair_pairs: list[tuple[str, str]] = []

    def transcript(self, coded: CodedTranscript, record: dict[str, Any]) -> None:
        predicted = predicted_turns(record)
        for turn, code in coded.client.items():
            self.turns.setdefault(coded.set_name, []).append((code.label != "none", turn in predicted))
        for turn in predicted:
            if turn not in coded.client and turn not in _uncertain(coded):
                self.turns.setdefault(coded.set_name, []).append((False, True))
        episodes = record["episodes"]
        for start, status in coded.resolved.items():
            covering = [episode for episode in episodes if episode["start_turn"] - 2 <= start <= episode["end_turn"]]
            self.repair.append(bool(covering) and covering[0]["repair"]["status"] == status)
            self.repair_pairs.append((status, covering[0]["repair"]["status"] if covering else "not detected"))
            if covering:
                self.repair_detected.append(covering[0]["repair"]["status"] == status)
        found = {(item["turn"], item["id"]) for episode in episodes for item in episode["repair"]["strategies"]}
        found_turns = {turn for turn, _ in found}
        for turn, ids in coded.strategies.items():
            if ids:
                self.strategy_turn.append(turn in found_turns)
                self.strategy_id.extend((turn, strategy) in found for strategy in ids)
        client_turns = max(1, sum(1 for turn in coded.session.turns if turn.speaker == "client"))
        self.rates.append((coded.name, len(episodes) / client_turns))

    def note(self, coded: CodedNote, record: dict[str, Any]) -> None:
        quotes = [marker["quote"] for episode in record["episodes"] for marker in episode["markers"]]
        gold = coded.gold
        self.notes.append((bool(gold["ruptures"]), bool(record["episodes"])))
        if gold["ruptures"] and record["episodes"]:  # score.py's "type set exact on detected"
            self.note_types.append({item["type"] for item in gold["ruptures"]} ==
                                   {episode["type"] for episode in record["episodes"]})
        for rupture in gold["ruptures"]:
            for evidence in rupture["evidence"]:
                self.evidence.append(any(overlaps(quote, evidence) for quote in quotes))
        if gold.get("repair") and gold["ruptures"] and record["episodes"]:  # score.py's "repair status on detected"
            statuses = {episode["repair"]["status"] for episode in record["episodes"]}
            self.note_repair.append(gold["repair"] in statuses)
            self.note_repair_pairs.append((gold["repair"], gold["repair"] if gold["repair"] in statuses
                                           else "/".join(sorted(statuses))))
        found = {item["id"] for episode in record["episodes"] for item in episode["repair"]["strategies"]}
        self.note_strategies.extend(strategy in found for strategy in gold.get("strategies") or [])

    def figures(self) -> dict[str, Any]:
        pooled = [pair for pairs in self.turns.values() for pair in pairs]

        def ratio(values: list[bool]) -> float | None:
            return round(sum(values) / len(values), 4) if values else None

        return {
            "turns": prf([gold for gold, _ in pooled], [pred for _, pred in pooled]),
            "turns_by_set": {name: prf([gold for gold, _ in pairs], [pred for _, pred in pairs])
                             for name, pairs in sorted(self.turns.items())},
            "repair_status_of_coded_ruptures": ratio(self.repair),
            "repair_status_of_detected_coded_ruptures": ratio(self.repair_detected),
            "coded_repair_turns_with_a_strategy_found": ratio(self.strategy_turn),
            "coded_strategies_found_by_id": ratio(self.strategy_id),
            "notes": prf([gold for gold, _ in self.notes], [pred for _, pred in self.notes]),
            "notes_evidence_recall": ratio(self.evidence),
            "notes_type_exact_on_detected": ratio(self.note_types),
            "notes_repair_status_on_detected": ratio(self.note_repair),
            "notes_coded_strategies_found": ratio(self.note_strategies),
            "quality_auc_hlqc": quality_auc(self.rates),
            "repair_confusion": {f"{gold} -> {found}": count for (gold, found), count in
                                 sorted(Counter(self.repair_pairs).items())},
            "notes_repair_confusion": {f"{gold} -> {found}": count for (gold, found), count in
                                       sorted(Counter(self.note_repair_pairs).items())},
        }


def _uncertain(coded: CodedTranscript) -> set[int]:
    client = {turn.index for turn in coded.session.turns if turn.speaker == "client"}
    return client - set(coded.client)


def quality_auc(rates: list[tuple[str, float]]) -> float | None:
    """How often a low-quality hlqc session has a higher rupture rate than a high-quality one (ties half)."""
    if not HLQC_METADATA.is_file():
        return None
    with HLQC_METADATA.open(encoding="utf-8", newline="") as stream:
        low = {row["file"].removesuffix(".txt"): row["quality"] == "low" for row in csv.DictReader(stream)}
    scored = [(low[name], rate) for name, rate in rates if name in low]
    lows = [rate for is_low, rate in scored if is_low]
    highs = [rate for is_low, rate in scored if not is_low]
    if not lows or not highs:
        return None
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in lows for b in highs)
    return round(wins / (len(lows) * len(highs)), 4)


def held_out(corpus: Corpus, keep: set[str]) -> Corpus:
    return Corpus([coded for coded in corpus.transcripts if coded.group in keep],
                  [note for note in corpus.notes if note.group in keep])


def evaluate(corpus: Corpus, config: Any, train_part: Corpus, test_part: Corpus, rules: Any,
             with_model: Tally, rules_only: Tally, folder: Path) -> None:
    trained_on = sessions_digest(train_part.groups())
    if not kept_fold_model(folder, trained_on):  # --models DIR keeps fold models for later runs
        result = train_model(train_part, config, rules)
        save_model(folder, result.heads, result.thresholds,
                   {"name": "fold", "config": json.loads(config.model_dump_json()), "trained_on": trained_on})
    model_rules = rules.with_model(load_model(folder))
    for coded in test_part.transcripts:
        if coded.real:
            with_model.transcript(coded, analyze_session(coded.session, model_rules).to_dict())
            rules_only.transcript(coded, analyze_session(coded.session, rules).to_dict())
    for note in test_part.notes:
        if note.gold and note.set_name != "rule-examples":
            with_model.note(note, analyze_session(note.session, model_rules).to_dict())
            rules_only.note(note, analyze_session(note.session, rules).to_dict())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "training" / "config.toml")
    parser.add_argument("--folds", type=int, default=None)
    parser.add_argument("--cross-source", action="store_true", help="also train without a source and test on it")
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--models", type=Path, help="keep (and reuse) the fold models in this folder")
    parser.add_argument("--added", action="append", default=[], metavar="SET",
                        help="a set just added to the config: dealt into folds of its own, the others' unchanged")
    arguments = parser.parse_args()
    config = load_config(arguments.config)
    if arguments.folds:
        config = config.model_copy(update={"folds": arguments.folds})
    rules = build_rule_set()
    corpus = load_corpus(config, rules)
    groups = sorted({item.group for item in corpus.transcripts} | {note.group for note in corpus.notes})
    added = {item.group for item in corpus.transcripts if item.set_name in arguments.added}
    # the other sets keep the folds they had without the added ones, so figures before and after compare
    real = {item.group for item in corpus.transcripts if item.real}
    folds = session_folds([group for group in groups if group not in added], real - added, config.folds,
                             config.seed + 1)
    folds.update(session_folds(sorted(added), added, config.folds, config.seed + 2))
    report: dict[str, Any] = {}
    with_model, rules_only = Tally(), Tally()
    with tempfile.TemporaryDirectory() as temporary:
        scratch = arguments.models or Path(temporary)
        for fold in range(config.folds):
            test = {group for group in groups if folds[group] == fold}
            train = set(groups) - test
            print(f"fold {fold + 1}/{config.folds}", file=sys.stderr)
            evaluate(corpus, config, held_out(corpus, train), held_out(corpus, test), rules, with_model, rules_only,
                     Path(scratch) / f"fold{fold}")
        report["cross_validated"] = {"rules_and_model": with_model.figures(), "rules_only": rules_only.figures()}
        if arguments.cross_source:
            report["cross_source"] = {}
            sources = {"captions (hlqc)": lambda coded: coded.set_name.startswith("hlqc"),
                       "AnnoMI/MIBot": lambda coded: coded.set_name in ("gold-dev", "annomi-mibot")}
            for name, belongs in sources.items():
                test_groups = {coded.group for coded in corpus.transcripts if coded.real and belongs(coded)}
                tally, rules_tally = Tally(), Tally()
                print(f"cross-source: {name}", file=sys.stderr)
                evaluate(corpus, config, held_out(corpus, set(groups) - test_groups),
                         Corpus([coded for coded in corpus.transcripts if coded.group in test_groups], []),
                         rules, tally, rules_tally, Path(scratch) / f"source-{len(report['cross_source'])}")
                report["cross_source"][name] = {"rules_and_model": tally.figures(),
                                                "rules_only": rules_tally.figures()}
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
