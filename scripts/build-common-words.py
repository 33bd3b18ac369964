#!/usr/bin/env python3
"""Rebuild src/rupturecli/parsing/common_words.py: lower-case words our own texts use, for telling a lower-case name
("my sister aoife") from an ordinary word ("my sister often").

Read from the project's own writing only (training/dialogues, training/notes, the rule packs' examples), never
from real transcripts: a word seen at least three times, not on the given-names list, becomes "common".

    python scripts/build-common-words.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rupturecli.parsing.given_names import GIVEN_NAMES  # noqa: E402

WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’]*(?:-[a-z]+)?(?![\w-])")
SOURCES = ("training/dialogues", "training/notes", "rules")


def main() -> int:
    counts: Counter[str] = Counter()
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".yaml", ".yml", ".md"):
                counts.update(word.replace("’", "'") for word in WORD.findall(path.read_text(encoding="utf-8")))
    words = sorted(word for word, count in counts.items()
                   if count >= 3 and len(word) >= 2 and word not in GIVEN_NAMES)
    lines: list[str] = []
    for word in words:  # lines of at most 100 characters
        if lines and len(lines[-1]) + 1 + len(word) <= 100:
            lines[-1] += " " + word
        else:
            lines.append(word)
    target = ROOT / "src" / "rupturecli" / "parsing" / "common_words.py"
    target.write_text(
        '"""Lower-case words the project\'s own texts use (built by scripts/build-common-words.py; do not edit).\n\n'
        "A lower-case word after a relation or a title that is not here is taken for a name: \"my sister aoife\".\n"
        '"""\n\nfrom __future__ import annotations\n\nCOMMON_WORDS = frozenset("""\n'
        + "\n".join(lines) + '\n""".split())\n',
        encoding="utf-8")
    print(f"{len(words)} words -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
