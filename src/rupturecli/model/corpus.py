"""Coded sessions for training: real transcripts with coders' labels, written dialogue, notes, rule examples.

Every example keeps its provenance (the set it came from, its file or id, and whether it is real dialogue)
so that figures can be reported on real sessions only and cross-validation can keep one session, or one
group of near-duplicate captionings, inside one fold. Two coders' codes merge as gold-dev's do: agreed
labels count, a rupture one coder saw and the other did not is `uncertain` and is neither trained on nor
scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rupturecli.agreement.codes import load_coding
from rupturecli.agreement.coding import session_key
from rupturecli.errors import InputError
from rupturecli.parsing import parse_text
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.notes import parse_notes
from rupturecli.parsing.reading import read_input
from rupturecli.parsing.transcript import parse_transcript
from rupturecli.session import Session

CLIENT_LABELS = ("none", "withdrawal", "confrontation")


@dataclass(frozen=True)
class ClientCode:
    """One scored client turn: its label (none, withdrawal, confrontation, or rupture of no agreed type)."""

    label: str
    markers: tuple[str, ...] = ()
    re_engaged: bool = False  # a non-rupture turn that comes back into the work after a repair


@dataclass
class CodedTranscript:
    """A transcript with its codes. Turns not in `client` are uncertain or uncoded: left out."""

    name: str
    set_name: str
    group: str
    real: bool
    session: Session
    weight: float = 1.0  # how much each of its turns counts in training
    client: dict[int, ClientCode] = field(default_factory=dict)
    strategies: dict[int, tuple[str, ...]] = field(default_factory=dict)  # therapist turn -> ids (() = none)
    re_engagement: dict[int, bool] = field(default_factory=dict)  # client turns after a repair
    resolved: dict[int, str] = field(default_factory=dict)  # first turn of an episode -> status
    contributions: set[int] = field(default_factory=set)  # therapist turns that provoke or deepen a rupture


@dataclass(frozen=True)
class SentenceCode:
    """One notes sentence: the client move it reports, strategies, re-engagement, the therapist's reaction."""

    label: str = "none"
    markers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    re_engagement: bool = False
    experience: str | None = None  # T-W or T-C


@dataclass
class CodedNote:
    name: str
    set_name: str
    group: str
    real: bool
    session: Session
    weight: float = 1.0
    sentences: dict[int, SentenceCode] = field(default_factory=dict)
    gold: dict[str, Any] = field(default_factory=dict)  # the note's codes as notes-gold.jsonl has them


# ---------------------------------------------------------------------------------------------------------
# Coders' files (CODING.md format): markers and repairs by turn


def _coder_file(folder: Path, key: str) -> dict[str, Any] | None:
    path = folder / f"{key}.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read coder file ({type(error).__name__})", path) from None


def merge_coders(codings: list[dict[str, Any]]) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...] | None],
                                                       dict[int, str]]:
    """Markers by turn (all coders' markers of the turn), strategies by therapist turn (None where the
    coders disagree whether the turn is a repair), and the first agreed resolution status by turn."""
    markers: dict[int, list[str]] = {}
    repairs: list[dict[int, set[str]]] = []
    statuses: list[dict[int, str]] = []
    for coding in codings:
        for rupture in coding.get("ruptures") or []:
            if isinstance(rupture, dict) and isinstance(rupture.get("turn"), int):
                found = markers.setdefault(rupture["turn"], [])
                found += [marker for marker in rupture.get("markers") or [] if marker not in found]
        own: dict[int, set[str]] = {}
        for repair in coding.get("repairs") or []:
            if isinstance(repair, dict) and isinstance(repair.get("turn"), int):
                own.setdefault(repair["turn"], set()).update(str(item) for item in repair.get("strategies") or [])
        repairs.append(own)
        statuses.append({item["for_turn"]: str(item.get("status")) for item in coding.get("resolved") or []
                         if isinstance(item, dict) and isinstance(item.get("for_turn"), int)})
    strategies: dict[int, tuple[str, ...] | None] = {}
    for turn in set().union(*repairs) if repairs else set():
        seen = [own.get(turn) for own in repairs]
        if all(item for item in seen):
            strategies[turn] = tuple(sorted(set().union(*seen)))  # type: ignore[arg-type]
        else:
            strategies[turn] = None
    resolved: dict[int, str] = {}
    if statuses:
        for turn, status in statuses[0].items():
            if all(other.get(turn) == status for other in statuses[1:]):
                resolved[turn] = status
    return {turn: tuple(found) for turn, found in markers.items()}, strategies, resolved


def _fill_therapist(coded: CodedTranscript, strategies: dict[int, tuple[str, ...] | None]) -> None:
    """Therapist turns: agreed strategies, or none where no coder saw a repair; disagreements left out."""
    for turn in coded.session.turns:
        if turn.speaker != "therapist":
            continue
        found = strategies.get(turn.index, ())
        if found is not None:
            coded.strategies[turn.index] = found


# ---------------------------------------------------------------------------------------------------------
# Real transcripts: labels from gold.json / a human-codes CSV / coder files, text from a transcripts folder


def load_duplicate_groups(path: Path | None) -> dict[str, str]:
    """`duplicates.json` ({"groups": [[file, ...], ...]}): near-duplicates share one cross-validation group."""
    if path is None:
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read duplicate groups ({type(error).__name__})", path) from None
    groups: dict[str, str] = {}
    for number, group in enumerate(document.get("groups") or []):
        for name in group:
            groups[session_key(str(name))] = f"{path.name}#{number}"
    return groups


def find_session_file(folder: Path, key: str) -> Path | None:
    for suffix in (".txt", ".md", ".text", ".yaml", ".yml"):
        candidate = folder / f"{key}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def load_transcript_set(name: str, codes: Path, transcripts: Path, coders: Iterable[Path] = (),
                        groups: Path | None = None, real: bool = True, weight: float = 1.0) -> list[CodedTranscript]:
    """One coded set: every session `codes` labels whose transcript is in `transcripts`."""
    coding = load_coding(codes)
    csv_markers = _csv_markers(codes) if codes.suffix.lower() in (".csv", ".tsv") else {}
    coder_folders = list(coders)
    duplicate_groups = load_duplicate_groups(groups)
    found: list[CodedTranscript] = []
    for key, codes_of in sorted(coding.sessions.items()):
        if codes_of.turns is None:
            continue
        path = find_session_file(transcripts, key)
        if path is None:
            raise InputError(f"no transcript for session '{key}' in {transcripts}", codes)
        session = parse_text(read_input(path), str(path), kind="transcript")
        codings = [coding for folder in coder_folders if (coding := _coder_file(folder, key)) is not None]
        markers, strategies, resolved = merge_coders(codings)
        for turn, listed in csv_markers.get(key, {}).items():
            markers[turn] = tuple(dict.fromkeys(markers.get(turn, ()) + listed))
        coded = CodedTranscript(key, name, f"{name}:{duplicate_groups.get(key, key)}", real, session, weight,
                                resolved=resolved)
        client_turns = {turn.index for turn in session.turns if turn.speaker == "client"}
        every_turn = codes_of.lists_every_turn
        for turn in sorted(client_turns):
            label = codes_of.turns.get(turn, None if every_turn else "none")
            if label is None or label == "uncertain":
                continue
            coded.client[turn] = ClientCode(label, markers.get(turn, ()) if label != "none" else ())
        if codings:
            _fill_therapist(coded, strategies)
        _mark_re_engagement(coded)
        found.append(coded)
    return found


def _csv_markers(path: Path) -> dict[str, dict[int, tuple[str, ...]]]:
    """The optional `marker` column of a human-codes CSV (already validated by load_coding): "W2" or "W2;W5"."""
    import csv

    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    found: dict[str, dict[int, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream, delimiter=delimiter):
            row = {str(key).strip().lower(): value for key, value in row.items() if key is not None}
            marker, turn = (row.get("marker") or "").strip(), (row.get("turn") or "").strip()
            if marker and turn.isdigit():
                ids = tuple(item.strip().upper() for item in marker.replace(",", ";").split(";") if item.strip())
                found.setdefault(session_key(row.get("file") or ""), {})[int(turn)] = ids
    return found


def _mark_re_engagement(coded: CodedTranscript) -> None:
    """Real codes have no re-engagement turns; a resolved episode's first non-rupture client turn after
    its repair is one, and the client turns after an attempted repair are not (until the next repair)."""
    if coded.re_engagement or not coded.resolved:
        return
    repairs = sorted(turn for turn, ids in coded.strategies.items() if ids)
    for start, status in coded.resolved.items():
        after = [turn for turn in repairs if turn > start]
        if not after or status not in ("resolved", "attempted"):
            continue
        for turn in sorted(coded.client):
            if turn <= after[0] or turn > after[0] + 6:
                continue
            code = coded.client[turn]
            if code.label != "none":
                continue
            coded.re_engagement[turn] = status == "resolved"
            if status == "resolved":
                break


# ---------------------------------------------------------------------------------------------------------
# Written dialogue: YAML lists of exchanges, with the writer's codes and a second coder's


def _read_yaml_list(path: Path) -> list[dict[str, Any]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"cannot read YAML ({type(error).__name__})", path,
                         mark.line + 1 if mark is not None else None) from None
    if not isinstance(document, list):
        raise InputError("expected a YAML list", path)
    return [item for item in document if isinstance(item, dict)]


def _code_lists(codes: dict[str, Any]) -> dict[str, Any]:
    return {key: codes.get(key) or [] for key in ("ruptures", "repairs", "resolved", "re_engagement", "contributions")}


def merge_exchange(first: dict[str, Any], second: dict[str, Any] | None) -> dict[str, Any]:
    """Two coders' codes of one exchange as one: agreed client labels (others `uncertain`), agreed
    repairs, agreed re-engagement."""
    first = _code_lists(first)
    if second is None:
        return {"labels": {item["turn"]: item["type"] for item in first["ruptures"]}, "uncertain": set(),
                "codings": [first], "re_engagement": {turn: True for turn in first["re_engagement"]},
                "re_uncertain": set()}
    second = _code_lists(second)
    a = {item["turn"]: item["type"] for item in first["ruptures"]}
    b = {item["turn"]: item["type"] for item in second["ruptures"]}
    labels: dict[int, str] = {}
    uncertain: set[int] = set()
    for turn in set(a) | set(b):
        if turn in a and turn in b:
            labels[turn] = a[turn] if a[turn] == b[turn] else "rupture"
        else:
            uncertain.add(turn)
    re_a, re_b = set(first["re_engagement"]), set(second["re_engagement"])
    return {"labels": labels, "uncertain": uncertain, "codings": [first, second],
            "re_engagement": {turn: True for turn in re_a & re_b}, "re_uncertain": re_a ^ re_b}


def _second_coder(path: Path, checks: Path | None) -> dict[str, dict[str, Any]]:
    """The second coder's codes of a writer's file, by id: `checks/<writer folder>/<same file name>`."""
    if checks is None:
        return {}
    check_path = checks / path.parent.name / path.name
    if not check_path.is_file():
        return {}
    return {str(item.get("id")): item for item in _read_yaml_list(check_path)}


def load_dialogue_set(name: str, files: Iterable[Path], checks: Path | None = None,
                      real: bool = False) -> list[CodedTranscript]:
    """Written exchanges: each a small session; with `checks`, only what the second coder agrees with."""
    found: list[CodedTranscript] = []
    for path in files:
        second = _second_coder(path, checks)
        for item in _read_yaml_list(path):
            identifier = str(item.get("id"))
            turns = item.get("turns") or []
            if not turns or not isinstance(turns, list):
                raise InputError(f"exchange '{identifier}' has no turns", path)
            session = parse_transcript("\n".join(str(turn).replace("\n", " ") for turn in turns), identifier,
                                       SpeakerLabels())
            if checks is not None and identifier not in second:
                continue  # not checked yet: a writer's codes alone are not training data
            merged = merge_exchange(item.get("codes") or {}, second.get(identifier))
            markers, strategies, resolved = merge_coders(merged["codings"])
            coded = CodedTranscript(identifier, name, f"{name}:{identifier}", real, session, resolved=resolved)
            for turn in session.turns:
                if turn.speaker != "client" or turn.index in merged["uncertain"]:
                    continue
                label = merged["labels"].get(turn.index, "none")
                coded.client[turn.index] = ClientCode(label, markers.get(turn.index, ()) if label != "none" else ())
                if turn.index not in merged["re_uncertain"] and any(
                        turn.index > repair for repair, ids in strategies.items() if ids):
                    coded.re_engagement[turn.index] = merged["re_engagement"].get(turn.index, False)
            _fill_therapist(coded, strategies)
            coded.contributions = _agreed_contributions(merged["codings"])
            found.append(coded)
    return found


def _agreed_contributions(codings: list[dict[str, Any]]) -> set[int]:
    """Therapist turns every coder lists as provoking or deepening a rupture (lecture, warning, push...)."""
    sets = [{item["turn"] for item in coding.get("contributions") or [] if isinstance(item, dict)
             and isinstance(item.get("turn"), int)} for coding in codings]
    return set.intersection(*sets) if sets else set()


# ---------------------------------------------------------------------------------------------------------
# Narrative notes: YAML lists of notes whose codes quote their evidence


def _sentences_holding(session: Session, quote: str) -> list[int]:
    """The sentences a quoted stretch of the note falls in (a quote can span two)."""
    wanted = " ".join(quote.split()).lower()
    hits = [turn.index for turn in session.turns if wanted in " ".join(turn.text.split()).lower()]
    if hits:
        return hits
    head = wanted[: max(12, len(wanted) // 2)]
    return [turn.index for turn in session.turns if head in " ".join(turn.text.split()).lower()][:1]


def note_gold(identifier: str, codes: dict[str, Any]) -> dict[str, Any]:
    """A note's codes in notes-gold.jsonl's shape, for ../shared/tools/score.py."""
    ruptures = []
    for rupture in codes.get("ruptures") or []:
        evidence = rupture.get("evidence") or []
        ruptures.append({"type": rupture.get("type"),
                         "markers": [item.get("marker") for item in evidence if isinstance(item, dict)],
                         "evidence": [item.get("quote") for item in evidence if isinstance(item, dict)],
                         "significance": rupture.get("significance")})
    return {"file": f"{identifier}.txt", "ruptures": ruptures, "repair": codes.get("repair"),
            "strategies": [item.get("id") for item in codes.get("strategies") or [] if isinstance(item, dict)],
            "approach": codes.get("approach"), "stage_reached": codes.get("stage_reached")}


def _sentence_codes(session: Session, codes: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Each sentence's codes from a note's quoted evidence."""
    labels: dict[int, dict[str, Any]] = {turn.index: {} for turn in session.turns}
    for rupture in codes.get("ruptures") or []:
        for evidence in rupture.get("evidence") or []:
            if not isinstance(evidence, dict):
                continue
            marker = str(evidence.get("marker", ""))
            for index in _sentences_holding(session, str(evidence.get("quote", ""))):
                entry = labels[index]
                if marker.startswith("T-"):
                    entry["experience"] = marker
                else:
                    entry["label"] = rupture.get("type")
                    entry.setdefault("markers", []).append(marker)
    for strategy in codes.get("strategies") or []:
        if isinstance(strategy, dict):
            for index in _sentences_holding(session, str(strategy.get("quote", ""))):
                labels[index].setdefault("strategies", []).append(str(strategy.get("id")))
    for quote in codes.get("re_engagement") or []:
        for index in _sentences_holding(session, str(quote)):
            labels[index]["re_engagement"] = True
    return labels


def _agreed_sentence(first: dict[str, Any], second: dict[str, Any] | None) -> SentenceCode | None:
    """One sentence's code where the two coders agree; None where one saw a rupture and the other did not."""
    def code(entry: dict[str, Any]) -> SentenceCode:
        return SentenceCode(entry.get("label", "none"), tuple(entry.get("markers", ())),
                            tuple(entry.get("strategies", ())), bool(entry.get("re_engagement")),
                            entry.get("experience"))

    if second is None:
        return code(first)
    a, b = first.get("label", "none"), second.get("label", "none")
    if (a == "none") != (b == "none"):
        return None
    label = a if a == b else "rupture"
    markers = tuple(dict.fromkeys(list(first.get("markers", ())) + list(second.get("markers", ()))))
    strategies = tuple(sorted(set(first.get("strategies", ())) & set(second.get("strategies", ())))) \
        or (tuple(sorted(set(first.get("strategies", ())) | set(second.get("strategies", ()))))
            if first.get("strategies") and second.get("strategies") else ())
    experience = first.get("experience") if first.get("experience") == second.get("experience") else None
    return SentenceCode(label, markers if label != "none" else (), strategies,
                        bool(first.get("re_engagement")) and bool(second.get("re_engagement")), experience)


def load_note_set(name: str, files: Iterable[Path], checks: Path | None = None,
                  real: bool = False) -> list[CodedNote]:
    """Notes whose codes quote their evidence: each quoted sentence gets the label, the rest are none.

    With `checks` (a second coder's codes of the same notes, same file names under a folder named after
    the writer's folder), a sentence the two coders label differently is left out.
    """
    found: list[CodedNote] = []
    for path in files:
        second = _second_coder(path, checks)
        for item in _read_yaml_list(path):
            identifier = str(item.get("id"))
            text = str(item.get("text") or "")
            if not text.strip():
                raise InputError(f"note '{identifier}' has no text", path)
            if checks is not None and identifier not in second:
                continue
            session = parse_notes(text, identifier)
            codes = item.get("codes") or {}
            first = _sentence_codes(session, codes)
            other = _sentence_codes(session, second[identifier]) if identifier in second else None
            coded = CodedNote(identifier, name, f"{name}:{identifier}", real, session,
                              gold=note_gold(identifier, codes))
            for index, entry in first.items():
                agreed = _agreed_sentence(entry, other[index] if other is not None else None)
                if agreed is not None:
                    coded.sentences[index] = agreed
            found.append(coded)
    return found


# ---------------------------------------------------------------------------------------------------------
# Rule examples: a marker's `match` examples are training data too


def rule_examples(rules: Any) -> Iterator[CodedTranscript | CodedNote]:
    """Every `match` example of the rule packs, labelled with its marker (or strategy)."""
    from rupturecli.detect.examples import NOTE_PREFIX

    for strategy in rules.loaded.strategies.values():
        for number, text in enumerate(strategy.examples.match):
            stripped = text.strip()
            if not stripped.upper().startswith(NOTE_PREFIX):
                continue
            identifier = f"rule:{strategy.id}:{number}"
            session = parse_notes(stripped[len(NOTE_PREFIX):].strip(), identifier)
            note = CodedNote(identifier, "rule-examples", identifier, False, session)
            for turn in session.turns:
                note.sentences[turn.index] = SentenceCode(strategies=(strategy.id,))
            yield note

    for marker in rules.loaded.markers.values():
        if marker.speaker != "client" or marker.evidence_only:
            continue
        for number, text in enumerate(marker.examples.match):
            identifier = f"rule:{marker.id}:{number}"
            stripped = text.strip()
            if stripped.upper().startswith(NOTE_PREFIX):
                session = parse_notes(stripped[len(NOTE_PREFIX):].strip(), identifier)
                note = CodedNote(identifier, "rule-examples", identifier, False, session)
                for turn in session.turns:
                    note.sentences[turn.index] = SentenceCode(marker.rupture, (marker.id,))
                yield note
                continue
            lines = [line for line in stripped.splitlines() if line.strip()]
            if not any(line.lstrip()[:2].upper() in ("T:", "C:") for line in lines):
                lines = ["C: " + " ".join(lines)]
            session = parse_transcript("\n".join(lines), identifier, SpeakerLabels())
            client = [turn.index for turn in session.turns if turn.speaker == "client"]
            if not client:
                continue
            coded = CodedTranscript(identifier, "rule-examples", identifier, False, session)
            coded.client[client[-1]] = ClientCode(marker.rupture, (marker.id,))
            yield coded
