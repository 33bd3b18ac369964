#!/usr/bin/env python3
"""Agreement of the `rupture` on PATH with two coders on this project's group, couples and family sessions.

    python scripts/evaluate-groups.py               # analyse eval/groups/sessions, score against both coders
    python scripts/evaluate-groups.py --declared    # give the tool each session's members (a YAML copy)
    python scripts/evaluate-groups.py -o report.json
    python scripts/evaluate-groups.py --set training/groups --misses   # the development set, turn by turn

The sessions were written for the project and coded by two coders (eval/groups/coders/coder1 and coder2,
following eval/groups/GROUP-CODING.md); the tool's group rules were written without reading them. Every member
turn is a unit. The reference for a turn is the coders' shared label (none / withdrawal / confrontation);
where they disagree the turn is `uncertain` and not scored, as in gold-dev. Direction (toward a therapist,
another member or the group) is scored on the rupture turns both coders agree on and the tool also flags, and
only where the coders agree on the direction. Repairs: for each rupture episode both coders code, who
repaired it first (a therapist, a member, nobody), against the tool's first repair strategy of the episode
that cites that turn.

Figures: turn-level precision/recall/F1; Cohen's kappa of the tool against the agreed gold (none/W/C) beside
the coders' own kappa; type and direction kappa where both sides flag a turn; who-repaired agreement.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ROOT / "eval" / "groups"
TYPES = ("withdrawal", "confrontation")


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of a list of (rater a, rater b) labels; nan for no pairs."""
    total = len(pairs)
    if not total:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / total
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[key] * second[key] for key in set(first) | set(second)) / (total * total)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def direction(target: str | None) -> str:
    """therapist, member or group: the direction of a rupture, from a coder's or the tool's target."""
    text = (target or "therapist").lower()
    if text.startswith("member"):
        return "member"
    return "group" if text.startswith("group") else "therapist"


def repairer(label: str | None, therapists: set[str]) -> str:
    """therapist, member or none: who made a repair move, from its speaker label."""
    if not label:
        return "none"
    text = label.removeprefix("member:")
    return "therapist" if text in therapists or text.lower() == "therapist" else "member"


def member_turns(transcript: Path, members: set[str]) -> list[int]:
    """Line numbers (from 1) of the members' turns: the units coded."""
    turns = []
    for number, line in enumerate(transcript.read_text(encoding="utf-8").splitlines(), start=1):
        label, _, _ = line.partition(":")
        if label.strip() in members:
            turns.append(number)
    return turns


def coder_view(code: dict[str, Any], therapists: set[str]) -> dict[str, Any]:
    """One coder's file as turn -> (type, direction) and episode-first-turn -> who repaired first."""
    ruptures = {int(item["turn"]): (item["type"], direction(item.get("target"))) for item in code["ruptures"]}
    first_repair: dict[int, tuple[int, str]] = {}
    for item in code.get("repairs", []):
        for_turn, turn = int(item.get("for_turn", 0)), int(item["turn"])
        if for_turn not in first_repair or turn < first_repair[for_turn][0]:
            first_repair[for_turn] = (turn, repairer(item.get("by"), therapists))
    return {"ruptures": ruptures, "repaired_by": {turn: who for turn, (_, who) in first_repair.items()}}


def tool_view(record: dict[str, Any], therapists: set[str]) -> dict[str, Any]:
    """The tool's JSON as turn -> (type, direction) and cited turn -> who made the episode's first repair."""
    ruptures: dict[int, tuple[str, str]] = {}
    repaired_by: dict[int, str] = {}
    for episode in record.get("episodes") or []:
        cited = []
        for marker in episode.get("markers") or []:
            if str(marker.get("id", "")).upper().startswith("T-") or not isinstance(marker.get("turn"), int):
                continue
            kind = episode.get("type") if episode.get("type") in TYPES else (
                "withdrawal" if str(marker["id"]).upper().startswith("W") else "confrontation")
            ruptures.setdefault(marker["turn"], (kind, direction(marker.get("target"))))
            cited.append(marker["turn"])
        strategies = sorted((episode.get("repair") or {}).get("strategies") or [], key=lambda item: item["turn"])
        who = repairer(strategies[0].get("speaker") or strategies[0].get("by") or "Therapist", therapists) \
            if strategies else "none"
        for turn in cited:
            repaired_by.setdefault(turn, who)
    return {"ruptures": ruptures, "repaired_by": repaired_by}


def label(view: dict[str, Any], turn: int) -> str:
    return view["ruptures"].get(turn, ("none", ""))[0]


def analyse(rupture: str, files: list[Path]) -> dict[str, dict[str, Any]]:
    """Run `rupture analyze --format jsonl` once over every session; records by file name."""
    result = subprocess.run([rupture, "analyze", *map(str, files), "--format", "jsonl", "--quiet"],
                            capture_output=True, text=True, check=False)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {Path(str(record["file"])).name: record for record in records if "file" in record}


def declared_copies(work: Path, manifest: dict[str, Any], sessions: Path) -> list[Path]:
    """YAML copies of the transcripts that declare members and therapists (turn numbers unchanged)."""
    import yaml

    copies = []
    for name, info in manifest.items():
        turns = []
        for line in (sessions / name).read_text(encoding="utf-8").splitlines():
            speaker, _, text = line.partition(":")
            turns.append({"speaker": speaker.strip(), "text": text.strip()})
        target = work / name.replace(".txt", ".yaml")
        target.write_text(yaml.safe_dump({"members": info["members"], "therapists": info["therapists"],
                                          "turns": turns}, sort_keys=False, allow_unicode=True), encoding="utf-8")
        copies.append(target)
    return copies


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(manifest: dict[str, Any], sessions: Path, coders: list[Path], records: dict[str, dict[str, Any]],
          suffix: str, misses: bool = False) -> dict[str, Any]:
    """Every figure of the module docstring, over all sessions."""
    tp = fp = fn = 0
    gold_pairs: list[tuple[str, str]] = []
    coder_pairs: list[tuple[str, str]] = []
    type_pairs: list[tuple[str, str]] = []
    direction_pairs: list[tuple[str, str]] = []
    coder_direction_pairs: list[tuple[str, str]] = []
    repair_pairs: list[tuple[str, str]] = []
    found_repair_pairs: list[tuple[str, str]] = []  # only the ruptures the tool finds
    disagreements: list[str] = []
    coder_repair_pairs: list[tuple[str, str]] = []
    counts: Counter[str] = Counter()
    missing = []
    for name, info in sorted(manifest.items()):
        therapists, members = set(info["therapists"]), set(info["members"])
        if not all((folder / name.replace(".txt", ".json")).is_file() for folder in coders):
            counts["sessions not yet coded by both coders"] += 1
            continue
        first, second = (coder_view(json.loads((folder / name.replace(".txt", ".json")).read_text()), therapists)
                         for folder in coders)
        record = records.get(name.replace(".txt", suffix))
        if record is None:
            missing.append(name)
        tool = tool_view(record or {}, therapists)
        for turn in member_turns(sessions / name, members):
            a, b, predicted = label(first, turn), label(second, turn), label(tool, turn)
            coder_pairs.append((a, b))
            if a != b:
                counts["uncertain"] += 1
                continue
            counts[a] += 1
            gold_pairs.append((a, predicted))
            if a != "none" and predicted != "none":
                tp += 1
                type_pairs.append((a, predicted))
                gold_direction = first["ruptures"][turn][1]
                if gold_direction == second["ruptures"][turn][1]:
                    direction_pairs.append((gold_direction, tool["ruptures"][turn][1]))
            elif a != "none":
                fn += 1
            elif predicted != "none":
                fp += 1
            if misses and a != predicted:
                disagreements.append(f"{name}:{turn} coders {a} ({first['ruptures'].get(turn, ('', ''))[1]}),"
                                     f" tool {predicted} ({tool['ruptures'].get(turn, ('', ''))[1]})")
            if a != "none":
                coder_direction_pairs.append((first["ruptures"][turn][1], second["ruptures"][turn][1]))
        for turn in sorted(set(first["repaired_by"]) & set(second["repaired_by"])):
            coder_repair_pairs.append((first["repaired_by"][turn], second["repaired_by"][turn]))
            if first["repaired_by"][turn] == second["repaired_by"][turn]:
                repair_pairs.append((first["repaired_by"][turn], tool["repaired_by"].get(turn, "none")))
                if turn in tool["repaired_by"]:
                    found_repair_pairs.append((first["repaired_by"][turn], tool["repaired_by"][turn]))
    precision, recall, f1 = prf(tp, fp, fn)
    return {
        "sessions": len(manifest), "missing": missing, "member_turns": dict(counts),
        "coders": {"kappa": kappa(coder_pairs), "direction_kappa": kappa(coder_direction_pairs),
                   "who_repaired_kappa": kappa(coder_repair_pairs)},
        "turns": {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
                  "kappa": kappa(gold_pairs)},
        "type": {"kappa": kappa(type_pairs), "agreement": _agreement(type_pairs), "n": len(type_pairs)},
        "direction": {"kappa": kappa(direction_pairs), "agreement": _agreement(direction_pairs),
                      "n": len(direction_pairs), "pairs": Counter(f"{a}->{b}" for a, b in direction_pairs)},
        "who_repaired": {"kappa": kappa(repair_pairs), "agreement": _agreement(repair_pairs),
                         "n": len(repair_pairs), "pairs": Counter(f"{a}->{b}" for a, b in repair_pairs)},
        "who_repaired_of_found": {"kappa": kappa(found_repair_pairs), "agreement": _agreement(found_repair_pairs),
                                  "n": len(found_repair_pairs),
                                  "pairs": Counter(f"{a}->{b}" for a, b in found_repair_pairs)},
        **({"disagreements": disagreements} if misses else {}),
    }


def _agreement(pairs: list[tuple[str, str]]) -> float:
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declared", action="store_true", help="declare each session's members to the tool")
    parser.add_argument("-o", "--output", type=Path, help="write the figures as JSON here too")
    parser.add_argument("--set", type=Path, default=GROUPS, dest="folder",
                        help="a coded set laid out like eval/groups (default); training/groups is the development set")
    parser.add_argument("--misses", action="store_true",
                        help="list each turn the tool and the coders disagree on (development sets only)")
    args = parser.parse_args()
    folder = args.folder.resolve()
    if args.misses and folder == GROUPS.resolve():
        parser.error("--misses reads a development set: eval/groups is for measurement only")
    sessions = folder / "sessions"
    manifest: dict[str, Any] = {}
    for part in sorted(folder.glob("sessions-*.json")):
        manifest.update(json.loads(part.read_text(encoding="utf-8")))
    coders = [folder / "coders" / "coder1", folder / "coders" / "coder2"]
    rupture = shutil.which("rupture") or str(ROOT / ".venv" / "bin" / "rupture")
    with tempfile.TemporaryDirectory(prefix="rupture-groups-") as work:
        if args.declared:
            files, suffix = declared_copies(Path(work), manifest, sessions), ".yaml"
        else:
            files, suffix = [sessions / name for name in sorted(manifest)], ".txt"
        records = analyse(rupture, files)
    figures = score(manifest, sessions, coders, records, suffix, args.misses)
    print(json.dumps(figures, indent=1, default=float))
    if args.output:
        args.output.write_text(json.dumps(figures, indent=1, default=float) + "\n", encoding="utf-8")
    return 0 if not figures["missing"] else 1


if __name__ == "__main__":
    sys.exit(main())
