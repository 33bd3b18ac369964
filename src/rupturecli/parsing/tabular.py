"""Tabular archives (CSV, TSV, JSON Lines): many sessions in one file, one utterance per row.

Columns are mapped to session id, speaker, text and (optionally) order; a preset names them for a
known archive (AnnoMI). Each session becomes a Session named `file#id`; its rows are sorted by the
order column (file order otherwise) and consecutive rows of one speaker are joined into one turn, whose
`line` is the file line of its first row. Speaker values are mapped like transcript labels.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.parsing.labels import SpeakerLabels, normalise_label
from rupturecli.parsing.members import resolve_speakers
from rupturecli.printable import looks_like_header, shown_key
from rupturecli.session import Session, Turn

FIELD_LIMIT = 10_000_000  # characters in one CSV field; the csv module's own default (128 KiB) is too small


@dataclass(frozen=True)
class Columns:
    """Which column holds what; `session` None means the whole file is one session."""

    speaker: str = "speaker"
    text: str = "text"
    session: str | None = None
    order: str | None = None


ANNOMI = Columns(speaker="interlocutor", text="utterance_text", session="transcript_id", order="utterance_id")
PRESETS = {"annomi": ANNOMI}


@dataclass(frozen=True)
class Row:
    """One utterance, with the 1-based file line it starts on."""

    line: int
    session: str | None
    speaker: str
    text: str
    order: float | None


def choose_columns(header: list[str], preset: str | None, session: str | None, speaker: str | None,
                   text: str | None, order: str | None) -> Columns:
    """The preset's columns, overridden by explicit ones; an AnnoMI header is recognised without a preset."""
    base = PRESETS.get(preset or "")
    if base is None and not any((session, speaker, text, order)) and is_annomi_header(header):
        base = ANNOMI
    base = base or Columns()
    chosen = Columns(speaker=speaker or base.speaker, text=text or base.text,
                     session=session or base.session, order=order or base.order)
    return Columns(**{role: _as_written(header, name) for role, name in vars(chosen).items()})


def _as_written(header: list[str], name: str | None) -> str | None:
    """A column as the header writes it: 'Speaker' for speaker, when no column is named exactly so and
    exactly one differs only in case."""
    if name is None or name in header:
        return name
    folded = [column for column in header if column.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else name


def is_annomi_header(header: list[str]) -> bool:
    return {ANNOMI.speaker, ANNOMI.text, ANNOMI.session, ANNOMI.order} <= set(header)


def _check_header(header: list[str], columns: Columns, source: str, line: int) -> None:
    """Every mapped column must exist: name the missing one and list what is there."""
    for role, name in (("session", columns.session), ("speaker", columns.speaker), ("text", columns.text),
                       ("order", columns.order)):
        if name is not None and name not in header:
            if looks_like_header(header):
                found = "columns: " + ", ".join(repr(column) for column in header[:40])
            else:  # a first row of data, not names: never print it (it may be a clinician's words)
                found = f"the first row's {len(header)} cells do not look like column names (is there a header row?)"
            raise InputError(f"no column '{name}' for the {role} (set it with --{role}-col or --preset); {found}",
                             source, line)


def _value(raw: Any, column: str, role: str, source: str, line: int, allow_empty: bool = False) -> str:
    """A cell as text; numbers are fine (ids often are), anything else is a bad value."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, (list, dict)):
        found = "empty" if raw is None else type(raw).__name__
        raise InputError(f"column '{column}' ({role}) holds {found}, expected text", source, line)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    value = str(raw).strip()
    if not value and not allow_empty:
        raise InputError(f"column '{column}' ({role}) is empty", source, line)
    return value


def _order(raw: Any, column: str, source: str, line: int) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and abs(raw) < 1e308:  # finite, even as a float
        return float(raw)
    if isinstance(raw, str):
        try:
            number = float(raw.strip())
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    shown = raw if isinstance(raw, str) and len(raw) <= 20 else type(raw).__name__
    raise InputError(f"column '{column}' (order) holds {shown!r}, expected a number", source, line)


def _row(record: dict[str, Any], columns: Columns, source: str, line: int) -> Row | None:
    """A row's mapped values; None for a row without text (nothing was said)."""
    text = _value(record.get(columns.text), columns.text, "text", source, line, allow_empty=True)
    if not text:
        return None
    session = _value(record.get(columns.session), columns.session, "session", source, line) \
        if columns.session else None
    speaker = _value(record.get(columns.speaker), columns.speaker, "speaker", source, line)
    order = _order(record.get(columns.order), columns.order, source, line) if columns.order else None
    return Row(line, session, speaker, " ".join(text.split()), order)


MAX_ROW_LINES = 20  # an utterance with line breaks spans a few lines; one that spans more is an unclosed quote


def csv_records(text: str, source: str, delimiter: str) -> tuple[list[str], int, Iterator[tuple[int, dict]]]:
    """The header, its line, and (line, record) for each data row of CSV or TSV text."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file: no header row", source, 1) from None
    except csv.Error as error:
        raise InputError(f"unreadable header row ({error})", source, 1) from None
    header = [name.strip() for name in header]

    def rows() -> Iterator[tuple[int, dict]]:
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise InputError(f"unreadable row ({error})", source, start) from None
            if any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    raise InputError(f"row has {len(cells)} fields, the header has {len(header)} "
                                     "(a stray delimiter or quote?)", source, start)
                spans = reader.line_num - start + 1
                if spans > MAX_ROW_LINES:  # an open quote swallows every later row into one cell, silently
                    raise InputError(f"row runs over {spans} lines (limit {MAX_ROW_LINES}): is a quote left open?",
                                     source, start)
                yield start, dict(zip(header, cells, strict=True))
            start = reader.line_num + 1

    return header, 1, rows()


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.msg = f"duplicate key {shown_key(key)}: the first value would be lost"


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (json keeps the last of two silently)."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise _DuplicateKey(key)
        record[key] = value
    return record


def jsonl_records(text: str, source: str) -> tuple[list[str], int, Iterator[tuple[int, dict]]]:
    """The first record's keys, its line, and (line, record) for each JSON Lines record."""
    lines = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]

    def parse(number: int, line: str) -> dict:
        try:
            record = json.loads(line, object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError) as error:  # ValueError: also an integer of over 4300 digits
            message = getattr(error, "msg", "too deeply nested" if isinstance(error, RecursionError)
                              else "a number with too many digits")
            raise InputError(f"not valid JSON ({message})", source, number) from None
        if not isinstance(record, dict):
            raise InputError(f"a JSON Lines record must be an object, found {type(record).__name__}", source, number)
        return record

    if not lines:
        raise InputError("empty file: nothing to analyse", source)
    first_line, first_text = lines[0]
    header = list(parse(first_line, first_text))
    return header, first_line, ((number, parse(number, line)) for number, line in lines)


def read_table(text: str, source: str, labels: SpeakerLabels | None = None, preset: str | None = None,
               session_col: str | None = None, speaker_col: str | None = None, text_col: str | None = None,
               order_col: str | None = None) -> Iterator[Session]:
    """Every session in a CSV, TSV or JSON Lines file's text, in order of first appearance."""
    suffix = Path(source).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        header, header_line, records = jsonl_records(text, source)
    else:
        header, header_line, records = csv_records(text, source, "\t" if suffix in (".tsv", ".tab") else ",")
    columns = choose_columns(header, preset, session_col, speaker_col, text_col, order_col)
    _check_header(header, columns, source, header_line)
    groups: dict[str | None, list[Row]] = {}
    for line, record in records:
        for name in (columns.session, columns.speaker, columns.text, columns.order):
            if name is not None and name not in record:
                raise InputError(f"record has no '{name}' key", source, line)
        row = _row(record, columns, source, line)
        if row is not None:
            groups.setdefault(row.session, []).append(row)
    if not groups:
        raise InputError(f"no rows with text in column '{columns.text}'", source)
    for session_id, rows in groups.items():
        yield build_session(rows, source, session_id, copy.deepcopy(labels) if labels else SpeakerLabels())


def build_session(rows: list[Row], source: str, session_id: str | None, known: SpeakerLabels) -> Session:
    """One session's rows as turns: sorted by order, one speaker's consecutive rows joined."""
    if any(row.order is not None for row in rows):
        rows = sorted(rows, key=lambda row: row.order if row.order is not None else math.inf)
        # A row repeating an earlier one's order, speaker and text is the same utterance coded again
        # (AnnoMI-full.csv has a row per annotator): read it once.
        seen: set[tuple[float | None, str, str]] = set()
        unique = []
        for row in rows:
            if (row.order, row.speaker, row.text) not in seen:
                seen.add((row.order, row.speaker, row.text))
                unique.append(row)
        rows = unique
    roster = resolve_speakers([row.speaker for row in rows], known, every_label_speaks=False)
    roles, warnings = roster.roles, list(roster.warnings)
    turns: list[Turn] = []
    once: list[str] = []
    previous_key: str | None = None
    for row in rows:
        key = normalise_label(row.speaker)
        role = roles.get(key)
        if role is None:
            role = "unknown"
            if key not in once:
                once.append(key)
                warnings.append(f"unknown speaker '{key}': its turns are kept but not analysed "
                                "(declare it with --client-label or --therapist-label)")
        if turns and key == previous_key:
            last = turns[-1]
            turns[-1] = replace(last, text=f"{last.text} {row.text}")
        else:
            turns.append(Turn(index=len(turns) + 1, speaker=role, text=row.text, line=row.line, label=row.speaker,
                              member=roster.member_of.get(key, "")))
        previous_key = key
    name = source if session_id is None else f"{source}#{session_id}"
    return Session(file=name, kind="transcript", turns=tuple(turns), session_id=session_id,
                   warnings=tuple(warnings), members=roster.members, therapists=roster.therapists)
