"""rupturecli's own results read as codes: each turn a rupture marker cites, typed by its episode.

A result lists ruptures only (turns no marker cites are not listed, not coded "none"); the session is a
rupture session when it has an episode. This is how gold-dev's score.py counts the tool's findings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rupturecli.agreement.coding import RUPTURE_TYPES, Label, SessionCodes, session_parts
from rupturecli.errors import InputError


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


def result_codes(record: dict[str, Any], path: Path, line: int | None) -> SessionCodes:
    """A rupturecli result: turns cited by markers; a rupture session when it has an episode."""
    if not isinstance(record.get("file"), str):
        raise InputError("a result record needs 'file' (a string)", path, line)
    _check_marker_turns(record, path, line)
    turns = predicted_turns(record)
    episodes = [episode for episode in record["episodes"] if isinstance(episode, dict)]
    types = {episode.get("type") for episode in episodes} & set(RUPTURE_TYPES)
    types |= set(turns.values())
    source = Path(record["file"])
    transcript = source if source.is_file() else None
    parts = session_parts(record["file"])
    return SessionCodes(parts[-1], f"{path}:{line}" if line else str(path),
                        dict(sorted(turns.items())), False, bool(episodes), frozenset(types), transcript, parts,
                        record["file"])


def _check_marker_turns(record: dict[str, Any], path: Path, line: int | None) -> None:
    """Every marker of a result cites a turn by its number: a record that does not was edited or damaged, and
    its turn would silently not count."""
    episodes = record.get("episodes") or []
    if not isinstance(episodes, list):
        raise InputError("a result's 'episodes' must be a list", path, line)
    for number, episode in enumerate(episodes, start=1):
        markers = (episode.get("markers") or []) if isinstance(episode, dict) else []
        if not isinstance(markers, list):
            raise InputError(f"episode {number}: 'markers' must be a list", path, line)
        for marker in markers:
            turn = marker.get("turn") if isinstance(marker, dict) else None
            if not isinstance(turn, int) or isinstance(turn, bool) or turn < 1:
                raise InputError(f"episode {number}: a marker's 'turn' must be a whole number from 1", path, line)


__all__ = ["predicted_turns", "result_codes"]
