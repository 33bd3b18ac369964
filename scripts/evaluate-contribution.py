"""How well `rupture` sees the therapist's side, against two blind coders (training/codes/hlqc-contribution).

For every client turn both rupture coders agreed was a rupture (hlqc-train's gold.json and
training/codes/hlqc-extra), two more blind coders said whether a therapist move contributed (none / possible /
clear) and which therapist turns it was. This script prints:
- the coders' agreement with each other (Cohen's kappa, three levels and contributed-or-not);
- the tool's agreement with the turns both coders agree on (kappa), and the share of coded contributing turns
  the tool names (the coders' agreed turns, else either coder's);
- whether a session's rupture-repair profile separates the sessions rated low- from high-quality
  counselling (AUC): on hlqc-train with the coders' rupture turns, and on AnnoMI with the tool's own episodes
  (sessions in RESERVED.md and the second set left out), for each of the profile's session figures:
  contributed ruptures per 100 client turns, ruptures per 100 client turns, and straining moves per 100
  therapist turns (every therapist turn read, as `--therapist-moves` does); and, on MIBot's counselling
  chatbot (the same sessions left out), how rare contribution and straining moves are.

The rules are not fitted to these codes, so the figures are not in-sample for anything learned from them.
The shipped move head learned from these codes: its hlqc figures here are in-sample; the cross-validated
ones come from `python scripts/train-contribution.py --evaluate`.
Usage: python scripts/evaluate-contribution.py [--rupture-turns] [--json] [--no-model]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_sources import EVAL_DATA, annomi_transcripts, mibot_transcript  # noqa: E402

from rupturecli.analysis.analyze import analyze_session  # noqa: E402
from rupturecli.detect.contribution import MoveScan, contribution_before  # noqa: E402
from rupturecli.detect.straining import straining_moves  # noqa: E402
from rupturecli.model.moves import load_model  # noqa: E402
from rupturecli.parsing.labels import SpeakerLabels  # noqa: E402
from rupturecli.parsing.transcript import parse_transcript  # noqa: E402
from rupturecli.rules.compiled import build_rule_set  # noqa: E402
from rupturecli.session import Session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CODES = ROOT / "training" / "codes" / "hlqc-contribution"
HLQC = EVAL_DATA / "hlqc-train"
LEVELS = ("none", "possible", "clear")


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired labels."""
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / total
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[key] * right[key] for key in set(left) | set(right)) / total ** 2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def auc(scored: list[tuple[bool, float]]) -> float | None:
    """Probability that a positive outranks a negative (ties count half)."""
    positives = [score for label, score in scored if label]
    negatives = [score for label, score in scored if not label]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def rupture_turns() -> dict[str, list[int]]:
    """file -> client turns both rupture coders saw as a rupture (any type)."""
    sessions = json.loads((HLQC / "gold.json").read_text())["sessions"]
    sessions += json.loads((ROOT / "training/codes/hlqc-extra/gold.json").read_text())["sessions"]
    return {item["file"]: sorted(int(turn) for turn, label in item["labels"].items()
                                 if label in ("withdrawal", "confrontation", "rupture")) for item in sessions}


def coded(coder: str) -> dict[str, dict[str, Any]]:
    return {path.stem + ".txt": json.loads(path.read_text()) for path in sorted((CODES / coder).glob("*.json"))}


def quality_labels() -> dict[str, bool]:
    """hlqc file -> True when the session is labelled low-quality counselling."""
    with (HLQC / "metadata.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return {row["file"]: row["quality"] == "low" for row in rows}


def session_score(levels: list[str], client_turns: int) -> float:
    """One number per session: contributed ruptures per 100 client turns (clear counts 1, possible 0.5)."""
    weight = {"none": 0.0, "possible": 0.5, "clear": 1.0}
    return 100 * sum(weight[level] for level in levels) / max(1, client_turns)


def hlqc_sessions() -> dict[str, Session]:
    """Every coded hlqc session, parsed once."""
    return {file: parse_transcript((HLQC / "transcripts" / file).read_text(encoding="utf-8"), file, SpeakerLabels())
            for file in sorted(rupture_turns())}


def evaluate_hlqc(scans: Callable[[Session], MoveScan], files: list[str] | None = None,
                  sessions: dict[str, Session] | None = None) -> dict[str, Any]:
    """Agreement with the coders on the coded ruptures of `files` (all by default); `scans` makes the
    tool's move scan of a session (rules only, the shipped head, or a head trained without these files)."""
    turns = rupture_turns()
    sessions = sessions or hlqc_sessions()
    first, second = coded("coder1"), coded("coder2")
    coder_pairs, binary_pairs, tool_pairs, tool_binary, found = [], [], [], [], []
    per_coder: dict[str, list[tuple[str, str]]] = {"coder1": [], "coder2": []}
    scored: list[tuple[bool, float]] = []
    coder_scored: list[tuple[bool, float]] = []
    strained: list[tuple[bool, float]] = []  # straining moves per 100 therapist turns, every turn read
    quality = quality_labels()
    for file in files or sorted(turns):
        session = sessions[file]
        scan = scans(session)
        episodes_a = {item["rupture_turn"]: item for item in first[file]["episodes"]}
        episodes_b = {item["rupture_turn"]: item for item in second[file]["episodes"]}
        tool_levels, coder_levels = [], []
        for turn in turns[file]:
            if not scan.has(turn):
                continue
            level, before = contribution_before(scan, turn)
            tool_levels.append(level)
            a, b = episodes_a[turn]["contribution"], episodes_b[turn]["contribution"]
            coder_pairs.append((a, b))
            binary_pairs.append((str(a != "none"), str(b != "none")))
            per_coder["coder1"].append((level, a))
            per_coder["coder2"].append((level, b))
            if a == b:
                tool_pairs.append((level, a))
                coder_levels.append(a)
            if (a != "none") == (b != "none"):
                tool_binary.append((str(level != "none"), str(a != "none")))
            if a != "none" and b != "none":
                turns_a = {item["turn"] for item in episodes_a[turn]["contributing_turns"]}
                turns_b = {item["turn"] for item in episodes_b[turn]["contributing_turns"]}
                agreed = (turns_a & turns_b) or (turns_a | turns_b)
                found.append(bool(agreed & {hit.turn for hit in before}))
        scored.append((quality.get(file, False), session_score(tool_levels, session.client_turns)))
        strained.append((quality.get(file, False), straining_moves(scan).per_100_therapist_turns or 0.0))
        coder_scored.append((quality.get(file, False), session_score(coder_levels, session.client_turns)))
    return {
        "ruptures": len(coder_pairs),
        "coder_kappa_3_levels": kappa(coder_pairs),
        "coder_kappa_contributed": kappa(binary_pairs),
        "coder_agreed_levels": dict(Counter(level for _, level in tool_pairs)),
        "tool_kappa_3_levels_on_agreed": kappa(tool_pairs),
        "tool_kappa_contributed_on_agreed": kappa(tool_binary),
        "tool_kappa_vs_coder1": kappa(per_coder["coder1"]),
        "tool_kappa_vs_coder2": kappa(per_coder["coder2"]),
        "contributing_turn_found": round(sum(found) / len(found), 3) if found else None,
        "contributions_with_turns": len(found),
        "quality_auc_hlqc_tool": auc(scored),
        "quality_auc_hlqc_coders": auc(coder_scored),
        "quality_auc_hlqc_tool_straining_moves": auc(strained),
    }


def annomi_quality() -> dict[str, bool]:
    """AnnoMI transcript id -> True when labelled low-quality MI."""
    labels: dict[str, bool] = {}
    with (EVAL_DATA / "annomi" / "AnnoMI-simple.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            labels[row["transcript_id"]] = row["mi_quality"].lower().startswith("low")
    return labels


def measured_elsewhere() -> set[str]:
    """AnnoMI ids and MIBot prefixes in RESERVED.md or the second set: never measured here."""
    reserved = (EVAL_DATA / "RESERVED.md").read_text()
    ids: set[str] = set()
    for line in reserved.splitlines():
        if line.startswith(("annomi transcript_id:", "mibot:")):
            ids |= set(line.split(":", 1)[1].split())
    second = ROOT / "eval" / "second-set" / "gold.json"
    if second.exists():
        ids |= set(re.findall(r"(?:annomi|mibot)-([0-9a-f]+)", second.read_text()))
    return ids


def profile_figures(session: Session, rules: Any) -> dict[str, float]:
    """The session figures of a trainee profile, as `rupture analyze --therapist-moves` gives them."""
    report = analyze_session(session, rules, therapist_moves=True)
    levels = [item.therapist.contribution for item in report.episodes if item.therapist is not None]
    assert report.straining is not None
    return {"contributed_ruptures_per_100_client_turns": session_score(levels, session.client_turns),
            "ruptures_per_100_client_turns": 100 * len(report.episodes) / max(1, session.client_turns),
            "straining_moves_per_100_therapist_turns": report.straining.per_100_therapist_turns or 0.0}


def evaluate_annomi(rules: Any) -> dict[str, Any]:
    labels = annomi_quality()
    keep = {key for key in labels if key not in measured_elsewhere()}
    texts = annomi_transcripts(keep)
    scored: list[tuple[bool, dict[str, float]]] = []
    for name, text in sorted(texts.items()):
        session = parse_transcript(text, name, SpeakerLabels())
        scored.append((labels[name.removeprefix("annomi-").removesuffix(".txt")], profile_figures(session, rules)))
    figures: dict[str, Any] = {"annomi_sessions": len(scored), "annomi_low": sum(label for label, _ in scored)}
    for key in scored[0][1] if scored else ():
        figures[f"quality_auc_annomi_{key}"] = auc([(label, values[key]) for label, values in scored])
    figures["quality_auc_annomi_tool"] = figures.get("quality_auc_annomi_contributed_ruptures_per_100_client_turns")
    return figures


def evaluate_mibot(rules: Any) -> dict[str, Any]:
    """MIBot's chatbot counsellor: how often the tool finds contribution, and its straining moves."""
    skip = measured_elsewhere()
    prefixes = sorted(path.stem[:12] for path in (EVAL_DATA / "mibot-v6.3a" / "transcripts").glob("*.json")
                      if path.stem[:12] not in skip)
    contributed, rates = 0, []
    for prefix in prefixes:
        name, text = mibot_transcript(prefix)
        figures = profile_figures(parse_transcript(text, name, SpeakerLabels()), rules)
        contributed += figures["contributed_ruptures_per_100_client_turns"] > 0
        rates.append(figures["straining_moves_per_100_therapist_turns"])
    return {"mibot_sessions": len(prefixes), "mibot_sessions_with_a_contributed_rupture": contributed,
            "mibot_median_straining_moves_per_100_therapist_turns": sorted(rates)[len(rates) // 2] if rates else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rupture-turns", action="store_true", help="print the coded rupture turns and stop")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-model", action="store_true", help="rules only for the AnnoMI run")
    args = parser.parse_args()
    if args.rupture_turns:
        print(json.dumps(rupture_turns(), indent=0))
        return 0
    rules = build_rule_set()
    model_rules = rules if args.no_model else rules.with_model(load_model())
    rules_only = evaluate_hlqc(lambda session: MoveScan(session, rules))
    figures = {f"rules_only_{key}": value for key, value in rules_only.items()
               if key.startswith(("tool_", "contributing", "quality_auc_hlqc_tool"))}
    if not args.no_model:  # in-sample: the shipped head learned from these sessions (see train-contribution.py)
        figures.update({f"in_sample_{key}": value for key, value in
                        evaluate_hlqc(lambda session: MoveScan(session, model_rules)).items()})
    figures.update(evaluate_annomi(model_rules))
    figures.update(evaluate_mibot(model_rules))
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:38} {round(value, 3) if isinstance(value, float) else value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
