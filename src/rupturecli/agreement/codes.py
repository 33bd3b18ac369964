"""Read codes from any file `rupture agree` takes: a human-codes CSV, a gold.json, coder files or results.

`load_coding` turns a file, or a folder of them, into one `Coding` (see `coding.py`): the CSV reader is in
`csv_codes.py`, the JSON ones in `json_codes.py`. Errors name the file and line; they never quote note text.
"""

from __future__ import annotations

from pathlib import Path

from rupturecli.agreement.coding import Coding
from rupturecli.agreement.csv_codes import load_csv
from rupturecli.agreement.json_codes import load_json
from rupturecli.errors import InputError

CODE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl")


def load_coding(path: Path) -> Coding:
    """Read codes from a CSV, a JSON or JSONL file, or a folder of them; InputError when unreadable."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    if not path.exists():
        raise InputError("no such file or directory", path)
    if path.suffix.lower() in (".csv", ".tsv"):
        return load_csv(path)
    return load_json(path)


def _load_folder(folder: Path) -> Coding:
    """Every code file of a folder as one coding (its kind "mixed" when the files are of several kinds)."""
    files = sorted(item for item in folder.iterdir()
                   if item.is_file() and item.suffix.lower() in CODE_SUFFIXES and not item.name.startswith("."))
    if not files:
        raise InputError(f"folder without code files ({', '.join(CODE_SUFFIXES)})", folder)
    coding = Coding(str(folder), "mixed")
    kinds = set()
    for item in files:
        part = load_coding(item)
        kinds.add(part.kind)
        for codes in part.sessions.values():
            coding.add(codes, item)
    coding.kind = kinds.pop() if len(kinds) == 1 else "mixed"
    return coding


__all__ = ["CODE_SUFFIXES", "load_coding"]
