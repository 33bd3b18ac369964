#!/usr/bin/env python3
"""Rebuild the AnnoMI and MIBot transcripts that training/codes/annomi-mibot* code, from ../shared.

    python scripts/build-training-transcripts.py [FOLDER]   # every set (default folder: build/training-transcripts)
    python scripts/build-training-transcripts.py --set annomi-mibot-2 DIR   # one set only

The codes are in the repository; the dialogue is not (it belongs to ../shared/eval-data): this writes it
to a scratch folder that training/config.toml reads. None of these sessions is in gold-dev, the second set
or ../shared/eval-data/RESERVED.md (tests/test_training_data.py holds that).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_sources import EVAL_DATA, ROOT, build  # noqa: E402

CODES = ROOT / "training" / "codes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "build" / "training-transcripts")
    parser.add_argument("--set", dest="name", help="only this set of training/codes (annomi-mibot, annomi-mibot-2)")
    arguments = parser.parse_args()
    if not EVAL_DATA.is_dir():
        print(f"build-training-transcripts: {EVAL_DATA} not found (it sits beside the repository)", file=sys.stderr)
        return 2
    sets = [CODES / arguments.name / "gold.json"] if arguments.name else sorted(CODES.glob("annomi-mibot*/gold.json"))
    missing = [str(path) for path in sets if not path.is_file()]
    if missing:
        print(f"build-training-transcripts: no codes at {missing[0]}", file=sys.stderr)
        return 2
    files = [session["file"] for codes in sets for session in json.loads(codes.read_text(encoding="utf-8"))["sessions"]]
    build(arguments.folder, files)
    print(f"{len(files)} transcripts in {arguments.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
