"""The `marker` column of a human-codes CSV, checked against the rule set's markers before training.

A marker id the rules do not know (a typo, `W9`) would train a marker class that no rule can carry, and the
analysis then drops every model finding named with it; a withdrawal marker on a turn coded confrontation
teaches the marker head the wrong type. Both are input errors naming the line.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path
from typing import Any

from rupturecli.agreement.coding import normalise_label, session_parts
from rupturecli.errors import InputError
from rupturecli.parsing.reading import read_text

TYPED_LABELS = ("withdrawal", "confrontation")


def learned_markers(rules: Any) -> dict[str, str]:
    """Marker id -> rupture type of every client marker the model's marker head can learn (W1, C3...), aliases
    included, from the rule set the model runs beside."""
    known: dict[str, str] = {}
    for marker in rules.loaded.markers.values():
        if marker.speaker != "client" or marker.id[:1] not in ("W", "C") or not marker.id[1:].isdigit():
            continue
        for name in (marker.id, *getattr(marker, "aliases", ())):
            known[str(name).upper()] = marker.rupture
    return known


def read_csv_markers(path: Path, known: dict[str, str] | None) -> tuple[
        dict[tuple[str, ...], dict[int, tuple[str, ...]]], dict[tuple[str, ...], dict[int, int]]]:
    """Session -> turn -> marker ids of a codes CSV ("W2" or "W2;W5"; load_coding has read the rest), and
    session -> turn -> line of every row, for warnings that name the row. A session is its file's folders and
    name (`session_parts`: 'ana/s1.txt' -> ('ana', 's1')), as `SessionCodes.path_parts` has it, so sessions of
    one name in different folders keep their own markers and lines.

    With `known` (see `learned_markers`), an id it lacks or one of the other rupture type than its row's label
    is an InputError naming the line."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=delimiter)
    header: list[str] | None = None
    found: dict[tuple[str, ...], dict[int, tuple[str, ...]]] = {}
    lines: dict[tuple[str, ...], dict[int, int]] = {}
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in record]
            continue
        row = dict(zip(header, (cell.strip() for cell in record), strict=False))
        marker, turn = row.get("marker") or "", row.get("turn") or ""
        if turn.isdigit():
            lines.setdefault(session_parts(row.get("file") or ""), {})[int(turn)] = reader.line_num
        if not marker or not turn.isdigit():
            continue
        ids = tuple(item.strip().upper() for item in marker.replace(",", ";").split(";") if item.strip())
        if known is not None:
            _check(ids, normalise_label(row.get("label"), str(path), reader.line_num), known, path, reader.line_num)
        found.setdefault(session_parts(row.get("file") or ""), {})[int(turn)] = ids
    return found, lines


def _check(ids: tuple[str, ...], label: str, known: dict[str, str], path: Path, line: int) -> None:
    for marker in ids:
        if marker not in known:
            close = difflib.get_close_matches(marker, sorted(known), n=3, cutoff=0.5)
            hint = f"did you mean {' or '.join(repr(item) for item in close)}?" if close else \
                f"known: {', '.join(sorted(known))}"
            shown = marker if len(marker) <= 12 else marker[:9] + "..."
            raise InputError(f"unknown marker '{shown}' ({hint})", path, line)
        if label in TYPED_LABELS and known[marker] != label:
            raise InputError(f"marker '{marker}' is a {known[marker]} marker, but the turn is coded {label}", path,
                             line)
        if label == "none":
            raise InputError(f"marker '{marker}' on a turn coded none (a marker names a rupture)", path, line)


__all__ = ["learned_markers", "read_csv_markers"]
