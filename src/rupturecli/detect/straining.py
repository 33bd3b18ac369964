"""Straining moves in every therapist turn of a session, rupture or not: the trainee profile's rate.

How often the trainee lectured, warned or pushed is what a rating of the session's counselling weighs, whether
or not a rupture followed. Reading every turn makes the analysis about 1.6 times as costly, so a run asks for
it (`rupture check --max-straining-rate`, `--by-therapist`, `--therapist-moves`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rupturecli.detect.contribution import MoveScan


@dataclass(frozen=True)
class FirstMove:
    """Where a straining move first shows in a session, and what the rule pack says to try instead."""

    move_id: str
    name: str
    turn: int
    line: int
    instead: str
    reference: str


@dataclass(frozen=True)
class StrainingMoves:
    """Every therapist turn of a session read for straining moves: which turns showed one, of how many."""

    turns: tuple[int, ...]  # the therapist turns (sentences, in notes) showing at least one straining move
    therapist_turns: int  # the therapist turns read (0 in notes: a note has sentences, not turns)
    by_move: dict[str, int]  # move id -> turns showing it
    first: tuple[FirstMove, ...] = ()  # where each lead move was first seen (no session text: `rupture check` reads it)
    leads: dict[str, int] = field(default_factory=dict)  # move id -> turns named by it (each turn once, `lead_first`)

    @property
    def per_100_therapist_turns(self) -> float | None:
        """Turns with a straining move per 100 therapist turns (None for notes)."""
        return round(100 * len(self.turns) / self.therapist_turns, 1) if self.therapist_turns else None


def straining_moves(scan: MoveScan) -> StrainingMoves:
    """Every therapist turn of the scan's session (every sentence of a note) read for straining moves."""
    session = scan.session
    read = [turn.index for turn in session.turns if scan.notes or turn.speaker == "therapist"]
    found = {index: scan.at(index) for index in read}
    showing = tuple(index for index in read if found[index])
    by_move = Counter(move_id for index in showing for move_id in dict.fromkeys(hit.move_id for hit in found[index]))
    leads = Counter(found[index][0].move_id for index in showing)  # each turn by the move reports name it by
    first: dict[str, FirstMove] = {}
    for hit in (found[index][0] for index in showing):
        first.setdefault(hit.move_id, FirstMove(hit.move_id, hit.name, hit.turn, hit.line, hit.instead, hit.reference))
    return StrainingMoves(showing, 0 if scan.notes else len(read), dict(sorted(by_move.items())),
                          tuple(first.values()), dict(sorted(leads.items())))  # first: in session order
