"""Written dialogue as training data: short exchanges, each coded by its writer and, blind, by a second coder.

With the second coder's checks, an exchange counts once checked, and within it only the client labels,
repairs, re-engagement and contributions both coders agree on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.model.training.coded import ClientCode, CodedTranscript
from rupturecli.model.training.coders import fill_therapist, merge_coders
from rupturecli.model.training.written import read_yaml_list, second_coder
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.transcript import parse_transcript


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


def load_dialogue_set(name: str, files: Iterable[Path], checks: Path | None = None,
                      real: bool = False) -> list[CodedTranscript]:
    """Written exchanges: each a small session; with `checks`, only what the second coder agrees with."""
    found: list[CodedTranscript] = []
    for path in files:
        second = second_coder(path, checks)
        for item in read_yaml_list(path):
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
            fill_therapist(coded, strategies)
            coded.contributions = _agreed_contributions(merged["codings"])
            found.append(coded)
    return found


def _agreed_contributions(codings: list[dict[str, Any]]) -> set[int]:
    """Therapist turns every coder lists as provoking or deepening a rupture (lecture, warning, push...)."""
    sets = [{item["turn"] for item in coding.get("contributions") or [] if isinstance(item, dict)
             and isinstance(item.get("turn"), int)} for coding in codings]
    return set.intersection(*sets) if sets else set()


__all__ = ["load_dialogue_set", "merge_exchange"]
