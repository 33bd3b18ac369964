"""Codes in JSON or JSON lines: a gold-dev gold.json, coder files, notes-gold lines, or rupturecli results.

Each item is sniffed for what it is (`classify`); one file may hold results or coder sessions, not both.
Errors name the file and line and never quote note text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rupturecli.agreement.coding import (
    RUPTURE_TYPES,
    Coding,
    Label,
    SessionCodes,
    derived_session,
    normalise_label,
    session_parts,
)
from rupturecli.agreement.results import result_codes
from rupturecli.agreement.transcripts import find_transcript
from rupturecli.errors import InputError
from rupturecli.parsing.reading import read_text

Located = tuple[dict[str, Any], int | None]  # an item and the line it stands on (None: a whole document)


def parse_json(path: Path, text: str) -> list[tuple[Any, int | None]]:
    """One JSON document (its top-level items, when a list) or JSON lines, each with its line number."""
    if not text.strip():
        raise InputError("empty file", path)
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputError("not valid JSON (nested too deeply)", path) from None
    except json.JSONDecodeError as whole_error:
        items: list[tuple[Any, int | None]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((json.loads(line), number))
            except RecursionError:
                raise InputError("not valid JSON lines (nested too deeply)", path, number) from None
            except json.JSONDecodeError as error:
                if not items:  # not JSON lines either: the document's own error says more
                    raise InputError(f"not valid JSON ({whole_error.msg})", path, whole_error.lineno,
                                     whole_error.colno) from None
                raise InputError(f"not valid JSON lines ({error.msg})", path, number, error.colno) from None
        return items
    return [(item, None) for item in document] if isinstance(document, list) else [(document, None)]


def load_json(path: Path) -> Coding:
    """Sniff each JSON item: a gold.json, a results record or document, a coder file or notes-gold line."""
    items = parse_json(path, read_text(path))
    records: list[Located] = []
    coders: list[Located] = []
    coding = Coding(str(path), "results")
    for item, line in items:
        for kind, entry in classify(item, path, line):
            if kind == "gold":
                coding.kind = "gold"
                _load_gold(coding, entry, path)
            elif kind == "coder":
                coders.append((entry, line))
            else:
                records.append((entry, line))
    if coders and (records or coding.kind == "gold"):
        raise InputError("mixes coder or gold sessions with rupturecli results; give them as separate files", path)
    if coders:
        _load_coders(coding, coders, path)
    for record, line in records:
        coding.add(result_codes(record, path, line), path, line)
    return coding


def classify(item: Any, path: Path, line: int | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """What a JSON item is ("gold", "record" or "coder"); result documents are opened to their records."""
    if isinstance(item, dict):
        if isinstance(item.get("sessions"), list):
            yield "gold", item
            return
        if isinstance(item.get("files"), list):  # rupture analyze --format json, several files
            for record in item["files"]:
                yield from classify(record, path, line)
            return
        if isinstance(item.get("clients"), list):  # rupture analyze --by-client --format json
            for client in item["clients"]:
                for record in (client.get("records") or []) if isinstance(client, dict) else []:
                    yield from classify(record, path, line)
            return
        if "file" in item and isinstance(item.get("episodes"), list):
            yield "record", item
            return
        if "file" in item and isinstance(item.get("ruptures"), list):
            yield "coder", item
            return
    raise InputError("not a code file: expected a rupturecli result ('file', 'episodes'), a gold.json "
                     "('sessions') or a coder file ('file', 'ruptures')", path, line)


def _load_gold(coding: Coding, document: dict[str, Any], path: Path) -> None:
    """gold-dev/gold.json: every client turn labelled; `session_rupture` true, false or null."""
    for number, session in enumerate(document["sessions"], start=1):
        if not isinstance(session, dict) or not isinstance(session.get("file"), str) \
                or not isinstance(session.get("labels"), dict):
            raise InputError(f"session {number} needs 'file' and 'labels'", path)
        turns: dict[int, Label] = {}
        for turn_text, raw in session["labels"].items():
            if not str(turn_text).isdigit() or int(turn_text) < 1:
                raise InputError(f"session '{session['file']}': turn '{turn_text}' is not a whole number from 1",
                                 path)
            turns[int(turn_text)] = normalise_label(raw, str(path), None, f"label for turn {turn_text} of "
                                                    f"'{session['file']}'")
        rupture, types = derived_session(turns.values())
        if "session_rupture" in session:
            rupture = None if session["session_rupture"] is None else bool(session["session_rupture"])
        parts = session_parts(session["file"])
        coding.add(SessionCodes(parts[-1], str(path), dict(sorted(turns.items())), True, rupture, types,
                                parts=parts, written=str(session["file"])), path)


def _load_coders(coding: Coding, entries: list[Located], path: Path) -> None:
    """Coder files (gold-dev/coders/*/x.json) list ruptures by turn; notes-gold lines have no turns at all."""
    ruptures = [(rupture, line) for entry, line in entries for rupture in entry["ruptures"]]
    with_turns = [isinstance(rupture, dict) and "turn" in rupture for rupture, _ in ruptures]
    session_only = bool(ruptures) and not any(with_turns)
    if any(with_turns) and not all(with_turns):
        line = next(line for (_, line), has in zip(ruptures, with_turns, strict=True) if not has)
        raise InputError("a rupture without 'turn' among ruptures with turns", path, line)
    coding.kind = "notes-gold" if session_only else "coder"
    for entry, line in entries:
        file = str(entry["file"])
        where = f"'{file}'"
        turns: dict[int, Label] = {}
        types: set[str] = set()
        for rupture in entry["ruptures"]:
            if not isinstance(rupture, dict):
                raise InputError(f"{where}: each rupture must be a mapping", path, line)
            kind = normalise_label(rupture.get("type"), str(path), line, f"rupture type in {where}")
            if kind in RUPTURE_TYPES:
                types.add(kind)
            if session_only:
                continue
            turn = rupture.get("turn")
            if not isinstance(turn, int) or isinstance(turn, bool) or turn < 1:
                raise InputError(f"{where}: rupture turn must be a whole number from 1, not {turn!r}", path, line)
            previous = turns.get(turn)
            turns[turn] = kind if previous in (None, kind) else "rupture"  # two types at one turn: no agreed type
        rupture_present: bool | None = bool(entry["ruptures"])
        session = entry.get("session")
        if isinstance(session, dict) and "rupture_present" in session:
            value = session["rupture_present"]
            rupture_present = None if value is None else bool(value)
        parts = session_parts(file)
        coding.add(SessionCodes(parts[-1], str(path), None if session_only else dict(sorted(turns.items())), False,
                                rupture_present, frozenset(types), _sibling_transcript(path, parts[-1]), parts,
                                file),
                   path, line)


def _sibling_transcript(path: Path, key: str) -> Path | None:
    """The gold-dev layout: coders/coder1/x.json codes transcripts/x.txt."""
    for ancestor in list(path.resolve().parents)[:3]:
        folder = ancestor / "transcripts"
        if folder.is_dir():
            found = find_transcript(folder, key)
            if found is not None:
                return found
    return None


__all__ = ["classify", "load_json", "parse_json"]
