"""Human codes as a CSV (or TSV): `file,turn,label[,marker]` with a header row, every coded turn a row.

A CSV lists every turn it codes, so a turn it leaves out of a session it codes is not a rupture there.
Errors name the file and line and never quote note text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rupturecli.agreement.coding import Coding, Label, SessionCodes, derived_session, normalise_label, session_parts
from rupturecli.errors import InputError
from rupturecli.parsing.reading import read_text

COLUMNS = ("file", "turn", "label")
MAX_TURN = 1_000_000  # no session has more turns: a longer number is a damaged cell


def load_csv(path: Path) -> Coding:
    """`file,turn,label[,marker]` with a header row; other named columns are ignored, and a row with more cells
    than the header names is an error (an unquoted comma would shift its label)."""
    text = read_text(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: dict[tuple[str, ...], dict[int, tuple[Label, int]]] = {}
    written: dict[tuple[str, ...], str] = {}  # each session's file as the codes first write it
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in record]
                missing = [name for name in COLUMNS if name not in header]
                if missing:
                    raise InputError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                                     "(the first row must name the columns: file,turn,label[,marker])", path, line)
                columns = {name: header.index(name) for name in COLUMNS}
                continue
            if any(cell.strip() for cell in record[len(header):]):
                separator = "tab" if delimiter == "\t" else "comma"
                raise InputError(f"{len(record)} fields, but the header names {len(header)} (a {separator} inside "
                                 "a label needs quotes)", path, line)
            if len(record) <= max(columns.values()):
                raise InputError(f"{len(record)} field{'s' if len(record) != 1 else ''}, expected at least "
                                 f"{max(columns.values()) + 1} (file,turn,label)", path, line)
            file = record[columns["file"]].strip()
            if not file:
                raise InputError("empty file name", path, line)
            turn_text = record[columns["turn"]].strip()
            if not (turn_text.isascii() and turn_text.isdigit()) or not 1 <= int(turn_text) <= MAX_TURN:
                shown = turn_text if len(turn_text) <= 20 else turn_text[:17] + "..."
                raise InputError(f"turn must be a whole number from 1 to {MAX_TURN:,}, not '{shown}'", path, line)
            turn = int(turn_text)
            label = normalise_label(record[columns["label"]], str(path), line)
            parts = session_parts(file)
            written.setdefault(parts, file)
            labels = rows.setdefault(parts, {})
            if turn in labels and labels[turn][0] != label:
                first_label, first_line = labels[turn]
                raise InputError(f"turn {turn} of session '{'/'.join(parts)}' is coded '{first_label}' on line "
                                 f"{first_line} and '{label}' here", path, line)
            labels[turn] = (label, line)
    except csv.Error as error:
        raise InputError(f"not valid CSV ({error})", path, reader.line_num) from None
    if header is None:
        raise InputError("empty file (a header row file,turn,label[,marker] is needed)", path)
    coding = Coding(str(path), "csv")
    for parts, labels in rows.items():
        turns = {turn: label for turn, (label, _line) in sorted(labels.items())}
        rupture, types = derived_session(turns.values())
        coding.add(SessionCodes(parts[-1], str(path), turns, True, rupture, types, parts=parts,
                                written=written[parts]), path)
    return coding


__all__ = ["load_csv"]
