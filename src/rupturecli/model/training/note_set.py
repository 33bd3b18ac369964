"""Narrative notes as training data: each note's codes quote their evidence, and the quoted sentences carry
the labels (the rest are none).

With a second coder's checks, a sentence one coder reads as a rupture and the other does not is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.model.training.coded import CodedNote, SentenceCode
from rupturecli.model.training.written import read_yaml_list, second_coder
from rupturecli.parsing.notes import parse_notes
from rupturecli.session import Session


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
        second = second_coder(path, checks)
        for item in read_yaml_list(path):
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


__all__ = ["load_note_set", "note_gold"]
