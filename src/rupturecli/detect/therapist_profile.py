"""A session's rupture-repair profile for a trainee: what the therapist did around each rupture, as rates.

Kept apart from `contribution.py`, which finds the moves: this only counts what the episodes already say.
"""

from __future__ import annotations

from collections import Counter
from statistics import median
from typing import Any

from rupturecli.detect.contribution import TherapistSide
from rupturecli.detect.straining import StrainingMoves


def therapist_profile(sides: list[TherapistSide], types: list[str], repaired: list[bool], unit_count: int,
                      used_strategies: list[str], suggested: list[str],
                      straining: StrainingMoves | None = None) -> dict[str, Any]:
    """The session's rupture-repair profile for a trainee: rates, contribution, repair and strategies; the
    straining moves of every therapist turn when the run read them (else None)."""
    total = len(sides)
    contributed = sum(1 for side in sides if side.contribution != "none")
    clear = sum(1 for side in sides if side.contribution == "clear")
    delays = [side.turns_to_repair for side in sides if side.turns_to_repair is not None]
    moves = Counter(hit.move_id for side in sides for hit in side.before)
    per_100 = {kind: round(100 * types.count(kind) / unit_count, 1) if unit_count else 0.0
               for kind in ("withdrawal", "confrontation")}
    return {
        "ruptures_per_100_client_turns": per_100,
        "contribution_rate": round(contributed / total, 3) if total else None,
        "clear_contribution_rate": round(clear / total, 3) if total else None,
        "share_repaired": round(sum(repaired) / total, 3) if total else None,
        "median_turns_to_repair": median(delays) if delays else None,
        "more_of_same": sum(1 for side in sides if side.more_of_same),
        "moves_before_ruptures": dict(sorted(moves.items())),
        "strategies_used": dict(sorted(Counter(used_strategies).items())),
        "strategies_suggested": dict(sorted(Counter(suggested).items())),
        "straining_moves_per_100_therapist_turns": straining.per_100_therapist_turns if straining else None,
        "straining_moves": dict(straining.by_move) if straining else None,
        "straining_turns": list(straining.turns) if straining else None,  # which turns, so a reader can check
    }
