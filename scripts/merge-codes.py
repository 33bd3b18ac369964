#!/usr/bin/env python3
"""Merge two independent coders' files (CODING.md format) into a gold.json, as gold-dev's and hlqc-train's were.

    python scripts/merge-codes.py CODER1_DIR CODER2_DIR TRANSCRIPTS_DIR -o gold.json

Per client turn: the coders' label when they agree; `uncertain` when one saw a rupture and the other did
not (not scored, not trained on); `rupture` when both saw one of different types. A session is a rupture
session when both say so, not one when both say not, and null (not scored) otherwise. Also prints Cohen's
kappa over none/withdrawal/confrontation per client turn, the figure gold.json records as `coder_kappa`.
Transcripts are read only to list the client turns; nothing of their text is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def client_turns(transcript: Path) -> list[int]:
    lines = transcript.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if line.split(":", 1)[0].strip().lower() == "client"]


def labels_of(coding: dict) -> dict[int, str]:
    return {int(item["turn"]): item["type"] for item in coding.get("ruptures", [])}


def kappa(pairs: list[tuple[str, str]]) -> float:
    total = len(pairs)
    observed = sum(first == second for first, second in pairs) / total
    left, right = Counter(first for first, _ in pairs), Counter(second for _, second in pairs)
    expected = sum(left[label] * right[label] for label in set(left) | set(right)) / (total * total)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def merge(first_dir: Path, second_dir: Path, transcripts: Path) -> dict:
    sessions = []
    pairs: list[tuple[str, str]] = []
    for first_path in sorted(first_dir.glob("*.json")):
        second_path = second_dir / first_path.name
        if not second_path.exists():
            sys.exit(f"{second_path}: missing (each session needs both coders)")
        first, second = (json.loads(path.read_text(encoding="utf-8")) for path in (first_path, second_path))
        name = first.get("file") or first_path.stem + ".txt"
        first_labels, second_labels = labels_of(first), labels_of(second)
        merged: dict[str, str] = {}
        for turn in client_turns(transcripts / name):
            a, b = first_labels.get(turn, "none"), second_labels.get(turn, "none")
            pairs.append((a, b))
            if a == b:
                merged[str(turn)] = a
            elif "none" in (a, b):
                merged[str(turn)] = "uncertain"
            else:
                merged[str(turn)] = "rupture"
        verdicts = {bool(first["session"]["rupture_present"]), bool(second["session"]["rupture_present"])}
        sessions.append({"file": name, "session_rupture": verdicts.pop() if len(verdicts) == 1 else None,
                         "labels": merged})
    return {"coder_kappa": round(kappa(pairs), 4), "sessions": sessions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("transcripts", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    arguments = parser.parse_args()
    gold = merge(arguments.first, arguments.second, arguments.transcripts)
    arguments.output.write_text(json.dumps(gold, indent=1) + "\n", encoding="utf-8")
    counts = Counter(label for session in gold["sessions"] for label in session["labels"].values())
    print(f"{len(gold['sessions'])} sessions, kappa {gold['coder_kappa']}, {dict(counts)}")


if __name__ == "__main__":
    main()
