"""Coders' JSON files (CODING.md format): markers, repairs and resolutions by turn, merged over coders.

Two coders' codes merge as gold-dev's do: a marker either coder names counts, a repair counts where every
coder saw one (its strategies where they agree), a resolution status where every coder gives the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.model.training.coded import CodedTranscript


def read_coder_file(folder: Path, key: str) -> dict[str, Any] | None:
    """A coder's file of one session (`folder/key.json`); None when that coder has none."""
    path = folder / f"{key}.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
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


def fill_therapist(coded: CodedTranscript, strategies: dict[int, tuple[str, ...] | None]) -> None:
    """Therapist turns: agreed strategies, or none where no coder saw a repair; disagreements left out."""
    for turn in coded.session.turns:
        if turn.speaker != "therapist":
            continue
        found = strategies.get(turn.index, ())
        if found is not None:
            coded.strategies[turn.index] = found


__all__ = ["fill_therapist", "merge_coders", "read_coder_file"]
