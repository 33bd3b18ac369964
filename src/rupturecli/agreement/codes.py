"""Rupture codes from files: human-codes CSV, rupturecli results, the gold-dev files; and their alignment.

Every file becomes a `Coding`: the sessions it codes, keyed by file name without folder or extension, each
with a label per turn (none, withdrawal, confrontation, rupture = a rupture of no agreed type, uncertain =
not scored) and a session-level verdict. `align` pairs two codings turn by turn and session by session for
the statistics in `rupturecli.agreement.stats`. Errors name the file and line; they never quote note text.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Literal

from rupturecli.errors import InputError
from rupturecli.parsing.kinds import FILE_KINDS
from rupturecli.parsing.reading import read_regular

Label = Literal["none", "withdrawal", "confrontation", "rupture", "uncertain"]
CodingKind = Literal["csv", "results", "gold", "coder", "notes-gold", "mixed"]
RUPTURE_TYPES: tuple[Label, ...] = ("withdrawal", "confrontation")
LABELS: tuple[Label, ...] = ("none", "withdrawal", "confrontation", "rupture", "uncertain")
LABEL_SPELLINGS: dict[str, Label] = {
    "none": "none", "no": "none", "no rupture": "none", "no-rupture": "none", "0": "none",
    "withdrawal": "withdrawal", "w": "withdrawal",
    "confrontation": "confrontation", "c": "confrontation",
    "rupture": "rupture", "mixed": "rupture",
    "uncertain": "uncertain", "unsure": "uncertain", "?": "uncertain",
}
CODE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl")
# the session files rupture reads as one session each (parsing/kinds.py, the one table of file kinds)
TRANSCRIPT_SUFFIXES = tuple(suffix for kind in FILE_KINDS if kind.reader in ("text", "yaml", "captions", "docx")
                            for suffix in kind.suffixes)
KIND_NAMES: dict[str, str] = {
    "csv": "human codes (CSV)", "results": "rupturecli results", "gold": "gold-dev gold.json",
    "coder": "coder files", "notes-gold": "notes gold (session level only)", "mixed": "mixed code files",
}


@dataclass(frozen=True)
class SessionCodes:
    """One session's codes from one side.

    `turns` maps 1-based turn numbers to labels, or is None when the source codes the session as a whole
    only (the narrative-notes gold). `lists_every_turn` says whether a turn missing from `turns` was coded
    "none" (a CSV, gold.json) or simply not listed (results and coder files list ruptures only).
    `rupture` is the session-level verdict (None: not scored) and `types` the rupture types it contains.
    `transcript` is where the session's client turns can be read, when known.
    """

    key: str
    source: str
    turns: dict[int, Label] | None
    lists_every_turn: bool
    rupture: bool | None
    types: frozenset[str]
    transcript: Path | None = None


@dataclass
class Coding:
    """Every session one file (or folder of files) codes."""

    path: str
    kind: CodingKind
    sessions: dict[str, SessionCodes] = field(default_factory=dict)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def session_key(file: str) -> str:
    """Match sessions by base name without extension: 'a/b/annomi-101.txt' and 'annomi-101' are one session."""
    name = PurePath(str(file).replace("\\", "/")).name
    stem, dot, _suffix = name.rpartition(".")
    return stem if dot and stem else name


def normalise_label(raw: object, path: str, line: int | None = None, what: str = "label") -> Label:
    """A label in any accepted spelling, or an InputError naming the file and line."""
    text = " ".join(str(raw if raw is not None else "").strip().lower().split())
    if text in LABEL_SPELLINGS:
        return LABEL_SPELLINGS[text]
    close = difflib.get_close_matches(text, list(LABEL_SPELLINGS), n=1, cutoff=0.6)
    hint = f"; did you mean '{LABEL_SPELLINGS[close[0]]}'?" if close else ""
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise InputError(f"unknown {what}: '{shown}' (expected none, withdrawal, confrontation, rupture or "
                     f"uncertain{hint})", path, line)


def derived_session(labels: Iterable[Label]) -> tuple[bool | None, frozenset[str]]:
    """A session's verdict from its turns: a rupture when a turn is one, not scored when only uncertain."""
    labels = list(labels)
    types = frozenset(label for label in labels if label in RUPTURE_TYPES)
    if any(label in ("withdrawal", "confrontation", "rupture") for label in labels):
        return True, types
    if any(label == "uncertain" for label in labels):
        return None, types
    return False, types


def load_coding(path: Path) -> Coding:
    """Read codes from a CSV, a JSON or JSONL file, or a folder of them; InputError when unreadable."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    if not path.exists():
        raise InputError("no such file or directory", path)
    if path.suffix.lower() in (".csv", ".tsv"):
        return _load_csv(path)
    return _load_json(path)


def _read_text(path: Path) -> str:
    data = read_regular(path)  # a FIFO or /dev/zero is refused before it is opened
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError("not valid UTF-8", path, line) from None


def _add(coding: Coding, codes: SessionCodes, path: Path | str, line: int | None = None) -> None:
    other = coding.sessions.get(codes.key)
    if other is not None:
        raise InputError(f"session '{codes.key}' is coded twice (also in {other.source})", path, line)
    coding.sessions[codes.key] = codes


def _load_folder(folder: Path) -> Coding:
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
            _add(coding, codes, item)
    coding.kind = kinds.pop() if len(kinds) == 1 else "mixed"
    return coding


def _load_csv(path: Path) -> Coding:
    """`file,turn,label[,marker]` with a header row; other columns are ignored."""
    text = _read_text(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: dict[str, dict[int, tuple[Label, int]]] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in record]
                missing = [name for name in ("file", "turn", "label") if name not in header]
                if missing:
                    raise InputError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                                     "(the first row must name the columns: file,turn,label[,marker])", path, line)
                columns = {name: header.index(name) for name in ("file", "turn", "label")}
                continue
            if len(record) <= max(columns.values()):
                raise InputError(f"{len(record)} field{'s' if len(record) != 1 else ''}, expected at least "
                                 f"{max(columns.values()) + 1} (file,turn,label)", path, line)
            file = record[columns["file"]].strip()
            if not file:
                raise InputError("empty file name", path, line)
            turn_text = record[columns["turn"]].strip()
            if not turn_text.isdigit() or int(turn_text) < 1:
                shown = turn_text if len(turn_text) <= 20 else turn_text[:17] + "..."
                raise InputError(f"turn must be a whole number from 1, not '{shown}'", path, line)
            turn = int(turn_text)
            label = normalise_label(record[columns["label"]], str(path), line)
            key = session_key(file)
            labels = rows.setdefault(key, {})
            if turn in labels and labels[turn][0] != label:
                first_label, first_line = labels[turn]
                raise InputError(f"turn {turn} of session '{key}' is coded '{first_label}' on line {first_line} "
                                 f"and '{label}' here", path, line)
            labels[turn] = (label, line)
    except csv.Error as error:
        raise InputError(f"not valid CSV ({error})", path, reader.line_num) from None
    if header is None:
        raise InputError("empty file (a header row file,turn,label[,marker] is needed)", path)
    coding = Coding(str(path), "csv")
    for key, labels in rows.items():
        turns = {turn: label for turn, (label, _line) in sorted(labels.items())}
        rupture, types = derived_session(turns.values())
        coding.sessions[key] = SessionCodes(key, str(path), turns, True, rupture, types)
    return coding


def _parse_json(path: Path, text: str) -> list[tuple[Any, int | None]]:
    """One JSON document (its top-level items, when a list) or JSON lines, each with its line number."""
    if not text.strip():
        raise InputError("empty file", path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole_error:
        items: list[tuple[Any, int | None]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((json.loads(line), number))
            except json.JSONDecodeError as error:
                if not items:  # not JSON lines either: the document's own error says more
                    raise InputError(f"not valid JSON ({whole_error.msg})", path, whole_error.lineno,
                                     whole_error.colno) from None
                raise InputError(f"not valid JSON lines ({error.msg})", path, number, error.colno) from None
        return items
    return [(item, None) for item in document] if isinstance(document, list) else [(document, None)]


def _load_json(path: Path) -> Coding:
    """Sniff each JSON item: a gold.json, a results record or document, a coder file or notes-gold line."""
    items = _parse_json(path, _read_text(path))
    records: list[tuple[dict[str, Any], int | None]] = []
    coders: list[tuple[dict[str, Any], int | None]] = []
    coding = Coding(str(path), "results")
    for item, line in items:
        for kind, entry in _classify(item, path, line):
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
        _add(coding, _result_codes(record, path, line), path, line)
    return coding


def _classify(item: Any, path: Path, line: int | None) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(item, dict):
        if isinstance(item.get("sessions"), list):
            yield "gold", item
            return
        if isinstance(item.get("files"), list):  # rupture analyze --format json, several files
            for record in item["files"]:
                yield from _classify(record, path, line)
            return
        if isinstance(item.get("clients"), list):  # rupture analyze --by-client --format json
            for client in item["clients"]:
                for record in (client.get("records") or []) if isinstance(client, dict) else []:
                    yield from _classify(record, path, line)
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
        key = session_key(session["file"])
        _add(coding, SessionCodes(key, str(path), dict(sorted(turns.items())), True, rupture, types), path)


def _load_coders(coding: Coding, entries: list[tuple[dict[str, Any], int | None]], path: Path) -> None:
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
        key = session_key(file)
        _add(coding, SessionCodes(key, str(path), None if session_only else dict(sorted(turns.items())), False,
                                  rupture_present, frozenset(types), _sibling_transcript(path, key)), path, line)


def _sibling_transcript(path: Path, key: str) -> Path | None:
    """The gold-dev layout: coders/coder1/x.json codes transcripts/x.txt."""
    for ancestor in list(path.resolve().parents)[:3]:
        folder = ancestor / "transcripts"
        if folder.is_dir():
            found = find_transcript(folder, key)
            if found is not None:
                return found
    return None


def find_transcript(folder: Path, key: str) -> Path | None:
    """The file in `folder` whose name without extension is `key` (a transcript or notes suffix)."""
    for suffix in TRANSCRIPT_SUFFIXES:
        candidate = folder / f"{key}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def predicted_turns(record: dict[str, Any]) -> dict[int, Label]:
    """Each turn a rupture marker cites, with the type of its episode (as gold-dev's score.py counts them).

    Therapist-experience markers (T-*) cite the therapist's reaction, not a client turn, and are left out;
    the first episode citing a turn gives it its type.
    """
    turns: dict[int, Label] = {}
    for episode in record.get("episodes") or []:
        if not isinstance(episode, dict):
            continue
        episode_type = episode.get("type")
        for marker in episode.get("markers") or []:
            if not isinstance(marker, dict):
                continue
            marker_id = str(marker.get("id", "")).upper()
            turn = marker.get("turn")
            if marker_id.startswith("T-") or not isinstance(turn, int) or isinstance(turn, bool):
                continue
            if episode_type in RUPTURE_TYPES:
                kind: Label = episode_type
            else:
                kind = "withdrawal" if marker_id.startswith("W") else "confrontation"
            turns.setdefault(turn, kind)
    return turns


def _result_codes(record: dict[str, Any], path: Path, line: int | None) -> SessionCodes:
    """A rupturecli result: turns cited by markers; a rupture session when it has an episode."""
    if not isinstance(record.get("file"), str):
        raise InputError("a result record needs 'file' (a string)", path, line)
    turns = predicted_turns(record)
    episodes = [episode for episode in record["episodes"] if isinstance(episode, dict)]
    types = {episode.get("type") for episode in episodes} & set(RUPTURE_TYPES)
    types |= set(turns.values())
    source = Path(record["file"])
    transcript = source if source.is_file() else None
    return SessionCodes(session_key(record["file"]), f"{path}:{line}" if line else str(path),
                        dict(sorted(turns.items())), False, bool(episodes), frozenset(types), transcript)


@dataclass(frozen=True)
class TurnPair:
    session: str
    turn: int
    reference: Label
    compared: Label


@dataclass(frozen=True)
class SessionPair:
    session: str
    reference: bool | None
    compared: bool | None
    reference_types: frozenset[str]
    compared_types: frozenset[str]


@dataclass
class Alignment:
    """Two codings side by side: sessions on both sides, their turns, and what could not be paired."""

    matched: list[str] = field(default_factory=list)
    only_reference: list[str] = field(default_factory=list)
    only_compared: list[str] = field(default_factory=list)
    turns: list[TurnPair] = field(default_factory=list)
    sessions: list[SessionPair] = field(default_factory=list)
    session_level_only: list[str] = field(default_factory=list)
    flagged_turns_only: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def client_turns(transcript: Path) -> set[int] | None:
    """The client turns of a transcript (every sentence, for notes); None when it cannot be read."""
    from rupturecli.parsing import parse_text
    from rupturecli.parsing.reading import read_input

    try:
        session = parse_text(read_input(transcript), str(transcript))
    except (InputError, OSError):
        return None
    if session.kind == "notes":
        return {turn.index for turn in session.turns}
    return {turn.index for turn in session.turns if turn.speaker == "client"}


def align(reference: Coding, compared: Coding, transcripts: Path | None = None) -> Alignment:
    """Pair the sessions both codings hold, and within them every turn either side codes.

    A turn one side lists and the other does not is "none" on the other side. When neither side lists
    every turn (results and coder files list ruptures only), the client turns of the session's transcript
    are scored too: from `transcripts`, next to gold-dev coder files, or at the path a result names.
    """
    alignment = Alignment()
    keys_reference, keys_compared = set(reference.sessions), set(compared.sessions)
    alignment.matched = sorted(keys_reference & keys_compared)
    alignment.only_reference = sorted(keys_reference - keys_compared)
    alignment.only_compared = sorted(keys_compared - keys_reference)
    for side, names in (("reference", alignment.only_reference), ("compared", alignment.only_compared)):
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            alignment.warnings.append(f"{len(names)} session{'s' if len(names) != 1 else ''} only in the {side} "
                                      f"file ({shown}): not scored")
    for key in alignment.matched:
        first, second = reference.sessions[key], compared.sessions[key]
        alignment.sessions.append(SessionPair(key, first.rupture, second.rupture, first.types, second.types))
        if first.turns is None or second.turns is None:
            alignment.session_level_only.append(key)
            continue
        units = set(first.turns) | set(second.turns)
        if not (first.lists_every_turn or second.lists_every_turn):
            transcript = (find_transcript(transcripts, key) if transcripts is not None else None) \
                or first.transcript or second.transcript
            found = client_turns(transcript) if transcript is not None else None
            if found is None:
                alignment.flagged_turns_only.append(key)
            else:
                units |= found
        for turn in sorted(units):
            alignment.turns.append(TurnPair(key, turn, first.turns.get(turn, "none"), second.turns.get(turn, "none")))
    if alignment.session_level_only:
        count = len(alignment.session_level_only)
        alignment.warnings.append(f"{count} session{'s' if count != 1 else ''} coded as a whole only: "
                                  "session-level statistics only")
    if alignment.flagged_turns_only:
        count = len(alignment.flagged_turns_only)
        alignment.warnings.append(
            f"{count} session{'s' if count != 1 else ''} without a transcript and with ruptures listed on both "
            "sides only: only the turns either side flags are scored there (give --transcripts DIR)")
    return alignment


__all__ = [
    "LABELS",
    "RUPTURE_TYPES",
    "Alignment",
    "Coding",
    "SessionCodes",
    "SessionPair",
    "TurnPair",
    "align",
    "client_turns",
    "load_coding",
    "normalise_label",
    "predicted_turns",
    "session_key",
]
