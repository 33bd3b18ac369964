#!/usr/bin/env python3
"""Rebuild the AnnoMI and MIBot transcripts that training/codes/annomi-mibot codes, from ../shared.

    python scripts/build-training-transcripts.py [FOLDER]   # default: build/training-transcripts

The codes are in the repository; the dialogue is not (it belongs to ../shared/eval-data): this writes it
to a scratch folder that training/config.toml reads. None of these sessions is in gold-dev, the second set
or ../shared/eval-data/RESERVED.md (tests/test_training_data.py holds that).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_sources import EVAL_DATA, ROOT, build  # noqa: E402

CODES = ROOT / "training" / "codes" / "annomi-mibot" / "gold.json"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "training-transcripts"
    if not EVAL_DATA.is_dir():
        print(f"build-training-transcripts: {EVAL_DATA} not found (it sits beside the repository)", file=sys.stderr)
        return 2
    files = [session["file"] for session in json.loads(CODES.read_text(encoding="utf-8"))["sessions"]]
    build(folder, files)
    print(f"{len(files)} transcripts in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
