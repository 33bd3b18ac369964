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
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_sources import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "eval" / "second-set"
SHARED = ROOT.parent / "shared"
EVAL_DATA = SHARED / "eval-data"


def session_files(gold: Path) -> list[str]:
    """The transcript names the gold file codes, in its order."""
    return [session["file"] for session in json.loads(gold.read_text(encoding="utf-8"))["sessions"]]


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
