#!/usr/bin/env python3
"""Score the `rupture` on PATH against eval/second-set: transcripts the rules were first measured on blind.

    python scripts/score-second-set.py            # build the transcripts, analyse them, score them
    python scripts/score-second-set.py --keep DIR # keep the built transcripts and predictions in DIR

The transcripts are not stored here (they belong to ../shared/eval-data): they are rebuilt from the AnnoMI
CSV and the MIBot JSON exactly as gold-dev's were (one speaker turn per line, consecutive utterances of one
speaker joined, whitespace collapsed), and the codes in eval/second-set/gold.json are scored by
../shared/tools/score.py. Narrative notes in eval/second-set/notes/ are scored against notes-gold.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "eval" / "second-set"
SHARED = ROOT.parent / "shared"
EVAL_DATA = SHARED / "eval-data"


def _joined(turns: list[tuple[str, str]]) -> str:
    """One line per speaker turn: consecutive utterances of one speaker are one turn."""
    lines: list[list[str]] = []
    for speaker, text in turns:
        text = re.sub(r"\s+", " ", text).strip()
        if lines and lines[-1][0] == speaker:
            lines[-1][1] += " " + text
        else:
            lines.append([speaker, text])
    return "".join(f"{speaker}: {text}\n" for speaker, text in lines)


def annomi_transcripts(wanted: set[str]) -> dict[str, str]:
    rows: dict[str, list[dict[str, str]]] = {}
    with (EVAL_DATA / "annomi" / "AnnoMI-simple.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["transcript_id"] in wanted:
                rows.setdefault(row["transcript_id"], []).append(row)
    built = {}
    for transcript_id, items in rows.items():
        items.sort(key=lambda row: int(row["utterance_id"]))
        built[f"annomi-{transcript_id}.txt"] = _joined(
            [("Therapist" if row["interlocutor"] == "therapist" else "Client", row["utterance_text"])
             for row in items])
    return built


def mibot_transcript(prefix: str) -> tuple[str, str]:
    path = next((EVAL_DATA / "mibot-v6.3a" / "transcripts").glob(f"{prefix}*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    turns = [("Counsellor" if item["speaker"] == "counsellor" else "Client", item["text"])
             for item in data["utterances"]]
    return f"mibot-{prefix}.txt", _joined(turns)


def session_files(gold: Path) -> list[str]:
    """The transcript names the gold file codes, in its order."""
    return [session["file"] for session in json.loads(gold.read_text(encoding="utf-8"))["sessions"]]


def build(folder: Path, files: list[str]) -> None:
    annomi = {name.removeprefix("annomi-").removesuffix(".txt") for name in files if name.startswith("annomi-")}
    texts = annomi_transcripts(annomi)
    for name in files:
        if name.startswith("mibot-"):
            key, text = mibot_transcript(name.removeprefix("mibot-").removesuffix(".txt"))
            texts[key] = text
    for name in files:
        (folder / name).write_text(texts[name], encoding="utf-8")


def analyse(rupture: str, files: list[Path], output: Path) -> None:
    with output.open("w", encoding="utf-8") as stream:
        subprocess.run([rupture, "analyze", *map(str, files), "--format", "jsonl"], stdout=stream, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="keep built transcripts and predictions in this folder")
    args = parser.parse_args()
    if not EVAL_DATA.is_dir():
        print(f"score-second-set: {EVAL_DATA} not found (it sits beside the repository)", file=sys.stderr)
        return 2
    rupture = shutil.which("rupture") or str(ROOT / ".venv" / "bin" / "rupture")
    score = str(SHARED / "tools" / "score.py")
    work = args.keep or Path(tempfile.mkdtemp(prefix="rupture-second-set-"))
    (work / "transcripts").mkdir(parents=True, exist_ok=True)
    files = session_files(SET / "gold.json")
    build(work / "transcripts", files)
    analyse(rupture, [work / "transcripts" / name for name in files], work / "transcripts.jsonl")
    status = subprocess.run([sys.executable, score, "transcripts", str(SET / "gold.json"),
                             str(work / "transcripts.jsonl")], check=False).returncode
    notes = sorted((SET / "notes").glob("*.txt"))
    if notes:
        analyse(rupture, notes, work / "notes.jsonl")
        status |= subprocess.run([sys.executable, score, "notes", str(SET / "notes-gold.jsonl"),
                                  str(work / "notes.jsonl")], check=False).returncode
    if not args.keep:
        shutil.rmtree(work)
    return status


if __name__ == "__main__":
    sys.exit(main())
