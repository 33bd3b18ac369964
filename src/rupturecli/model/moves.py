"""The move model at analysis time: which client turns are ruptures, which therapist turns are repairs.

A transcript is read in two stages. The first scores each client turn from its words and the therapist
turn it answers (and the session's therapist style); the second rereads that score beside its
neighbours' and the session's, because ruptures cluster. Every finding carries its score and the cues
that drove it, so a clinician can judge it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rupturecli.model.columns import ClientColumns, NamedRows
from rupturecli.model.cues import readable_cues
from rupturecli.model.linear import LinearHead
from rupturecli.model.rows import (
    neighbour_features,
    notes_rows,
    rupture_gap,
    session_scores,
    therapist_row,
)
from rupturecli.model.store import MODEL_FILE, WEIGHTS_FILE, ModelError, load_model_files
from rupturecli.model.word_tables import WordTables
from rupturecli.session import Session

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default"
TRANSCRIPT_HEADS = ("client", "stack", "marker", "strategy")
NOTES_HEADS = ("notes_client", "notes_marker", "notes_strategy", "notes_re_engagement", "notes_experience")
RUPTURE_TYPES = ("withdrawal", "confrontation")
TABLES_AFTER_TURNS = 5_000  # the word tables (a fraction of a second) pay off after this many turns...
TABLES_FROM_BYTES = 1_000_000  # ...or for a run of inputs this large
NEIGHBOUR = 0.5  # a neighbouring client turn this likely a rupture is named among the cues


@dataclass(frozen=True)
class ClientMove:
    """A client turn (or notes sentence) the model reads as a rupture."""

    turn: int
    rupture: str
    marker: str
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class TherapistMove:
    """A therapist turn (or notes sentence) the model reads as a resolution strategy."""

    turn: int
    strategy: str
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class SessionMoves:
    ruptures: tuple[ClientMove, ...] = ()
    strategies: tuple[TherapistMove, ...] = ()
    re_engagement: tuple[tuple[int, float], ...] = ()  # client turn (or sentence) -> probability
    experience: tuple[ClientMove, ...] = ()  # notes: the therapist's own reactions (T-W, T-C)

    def re_engagement_score(self, turn: int) -> float | None:
        return dict(self.re_engagement).get(turn)


# A member answering another member is further from what the client head learned (replies to a therapist):
# the stack must be this sure there (chosen on training/groups, the development set of group sessions).
AFTER_MEMBER = 0.4


def _after_another_member(session: Session) -> frozenset[int]:
    """Member turns that answer another member: the client head learned from replies to a therapist."""
    found = set()
    for previous, turn in zip(session.turns, session.turns[1:], strict=False):
        if turn.speaker == "client" and previous.speaker == "client" and previous.member != turn.member:
            found.add(turn.index)
    return frozenset(found)


def rupture_probability(head: LinearHead, probabilities: np.ndarray) -> np.ndarray:
    """P(withdrawal) + P(confrontation) per row: neither none nor re-engagement."""
    columns = [head.classes.index(name) for name in RUPTURE_TYPES if name in head.classes]
    return probabilities[:, columns].sum(axis=1)


def re_engagement_probability(head: LinearHead, probabilities: np.ndarray) -> np.ndarray:
    """P(re-engagement) per row (zero for a head trained without that class)."""
    if "re-engagement" not in head.classes:
        return np.zeros(len(probabilities))
    return probabilities[:, head.classes.index("re-engagement")]


def _softmax_choice(head: LinearHead, probabilities: np.ndarray, allowed: tuple[str, ...]) -> str:
    choices = [(float(probabilities[position]), name) for position, name in enumerate(head.classes)
               if name.startswith(allowed)]
    return max(choices)[1] if choices else head.classes[int(np.argmax(probabilities))]


class MoveModel:
    """A loaded model folder: its heads, thresholds and description."""

    def __init__(self, folder: Path, description: dict[str, Any], heads: Mapping[str, LinearHead]) -> None:
        self.folder = folder
        self.description = description
        self.heads = heads
        self.thresholds: dict[str, float] = dict(description.get("thresholds") or {})
        self._tables: dict[str, WordTables] = {}
        self._read = 0  # turns read so far by this process
        missing = [name for name in TRANSCRIPT_HEADS + NOTES_HEADS if name not in heads]
        if missing:
            raise ModelError(f"model lacks the head{'s' if len(missing) > 1 else ''} {', '.join(missing)}", folder)
        specs = description.get("heads") or {}
        rated = [name for name in TRANSCRIPT_HEADS + NOTES_HEADS if (specs.get(name) or {}).get("kind") == "linear"]
        if rated:  # read from the description: the heads themselves load only when used
            raise ModelError(f"head{'s' if len(rated) > 1 else ''} {', '.join(rated)} of kind 'linear': a move "
                             "model's heads give probabilities (softmax or sigmoid)", folder)

    def prepare(self, run_bytes: int | None = None) -> None:
        """Build the client head's word tables (see word_tables.py) when the run is long enough to repay them.

        Called before worker processes fork for a large run; otherwise once this process has read enough.
        """
        if "client" not in self._tables and (run_bytes is None or run_bytes >= TABLES_FROM_BYTES):
            self._tables["client"] = WordTables.of(self.heads["client"].index)

    @cached_property
    def fingerprint(self) -> str:
        """Changes with the files: finished batch work is then redone. Read only by a batch run that resumes
        (hashing 4 MB again would cost a short note's run a few milliseconds for nothing)."""
        digest = hashlib.sha256()
        for name in (MODEL_FILE, WEIGHTS_FILE):
            digest.update((self.folder / name).read_bytes())
        return digest.hexdigest()[:16]

    @property
    def name(self) -> str:
        return str(self.description.get("name") or self.folder.name)

    @property
    def repair_window(self) -> int:
        return int((self.description.get("config") or {}).get("repair_window", 6))

    def moves(self, session: Session, known_ruptures: tuple[int, ...] = ()) -> SessionMoves:
        """The model's reading of a session; `known_ruptures` are turns the rules already flagged."""
        if session.kind == "transcript":
            return self.transcript_moves(session, known_ruptures)
        return self.notes_moves(session)

    def transcript_moves(self, session: Session, known_ruptures: tuple[int, ...] = ()) -> SessionMoves:
        if session.is_group:
            ruptures, re_engagement = self._member_moves(session)
        else:
            ruptures, re_engagement = self._client_moves(session)
        return self._with_strategies(session, ruptures, re_engagement, known_ruptures)

    def _member_moves(self, session: Session) -> tuple[list[ClientMove], list[tuple[int, float]]]:
        """A group: each member's turns read as a client's, with the turn before (whoever said it) as context;
        the second stage then reads every member's turns together, in session order, as it reads a client's.

        Read member by member, a member who speaks five times looks like a calm session of five turns, and a
        "Fine." after an open question loses to its calm neighbours; ruptures cluster across members too.
        """
        from rupturecli.group.detection import member_view

        readings: list[tuple[int, Any, int, np.ndarray]] = []
        for member in session.members:
            mine = {turn.index for turn in session.turns if turn.speaker == "client" and turn.member == member}
            if not mine:
                continue
            rows = self._rows(member_view(session, member))
            if len(rows):
                first = rows.probabilities(self.heads["client"])
                readings += [(turn, rows, position, first[position])
                             for position, turn in enumerate(rows.turns) if turn in mine]
        readings.sort(key=lambda reading: reading[0])
        return self._second_stage(readings, _after_another_member(session))

    def _rows(self, session: Session) -> Any:
        """The client head's rows of a session's client turns (arrays for a long run, named features otherwise)."""
        self._read += len(session.turns)
        if self._read >= TABLES_AFTER_TURNS:
            self.prepare()
        return ClientColumns(session, self._tables["client"]) if "client" in self._tables else NamedRows(session)

    def _client_moves(self, session: Session) -> tuple[list[ClientMove], list[tuple[int, float]]]:
        rows = self._rows(session)
        if not len(rows):
            return [], []
        first = rows.probabilities(self.heads["client"])
        return self._second_stage([(turn, rows, position, first[position])
                                   for position, turn in enumerate(rows.turns)])

    def _second_stage(self, readings: list[tuple[int, Any, int, np.ndarray]], after_member: frozenset[int] = frozenset()
                      ) -> tuple[list[ClientMove], list[tuple[int, float]]]:
        """Client turns in order, each (turn, its rows, its row number, its first-stage probabilities): the
        stack's verdict with neighbours and session scores, then the marker and the cues of each flagged turn."""
        if not readings:
            return [], []
        client = self.heads["client"]
        first = np.vstack([reading[3] for reading in readings])
        scores = [float(value) for value in rupture_probability(client, first)]
        engaged = [float(value) for value in re_engagement_probability(client, first)]
        summary = session_scores(scores)
        stack_rows = [neighbour_features(scores, position, summary) for position in range(len(scores))]
        second = self.heads["stack"].probabilities(stack_rows)[:, 0]
        threshold = self.thresholds.get("rupture", 0.5)
        flagged = [position for position, score in enumerate(second)
                   if score >= (max(threshold, AFTER_MEMBER) if readings[position][0] in after_member else threshold)]
        ruptures: list[ClientMove] = []
        if flagged:
            marker_head = self.heads["marker"]
            named = {position: readings[position][1].features(readings[position][2]) for position in flagged}
            markers = marker_head.probabilities([named[position] for position in flagged])
            for row_number, position in enumerate(flagged):
                kind = max(RUPTURE_TYPES, key=lambda name: first[position][client.classes.index(name)])
                marker = _softmax_choice(marker_head, markers[row_number], ("W",) if kind == "withdrawal"
                                         else ("C",))
                cues = list(readable_cues(client.cues(named[position], kind, "none", limit=12)))
                if stack_rows[position][1][1] >= NEIGHBOUR or stack_rows[position][2][1] >= NEIGHBOUR:
                    cues.append("next to another likely rupture")
                ruptures.append(ClientMove(readings[position][0], kind, marker, round(float(second[position]), 3),
                                           tuple(cues)))
        re_engagement = [(reading[0], round(score, 3)) for reading, score in zip(readings, engaged, strict=True)]
        return ruptures, re_engagement

    def _with_strategies(self, session: Session, ruptures: list[ClientMove], re_engagement: list[tuple[int, float]],
                         known_ruptures: tuple[int, ...]) -> SessionMoves:
        """The therapists' turns near a rupture, read by the strategy head."""
        rupture_turns = sorted({move.turn for move in ruptures} | set(known_ruptures))
        turns: list[int] = []
        therapist_rows: list[tuple] = []
        for turn in session.turns:
            if turn.speaker != "therapist" or not rupture_turns:
                continue
            gap = rupture_gap(turn.index, rupture_turns, self.repair_window)
            if gap is not None:  # a strategy is a repair only in answer to a rupture
                turns.append(turn.index)
                therapist_rows.append((*therapist_row(session, turn.index), gap))
        strategies = self._strategies("strategy", tuple(turns), tuple(therapist_rows), "strategy")
        return SessionMoves(tuple(ruptures), strategies, tuple(re_engagement))

    def _strategies(self, head_name: str, turns: tuple[int, ...], rows: tuple, threshold_name: str
                    ) -> tuple[TherapistMove, ...]:
        if not rows:
            return ()
        head = self.heads[head_name]
        probabilities = head.probabilities(rows)
        threshold = self.thresholds.get(threshold_name, 0.5)
        found = []
        for position, turn in enumerate(turns):
            for column, strategy in enumerate(head.classes):
                score = float(probabilities[position, column])
                if score >= threshold and strategy not in ("none", "contribution"):
                    cues = readable_cues(head.cues(rows[position], strategy, "none", limit=12))
                    found.append(TherapistMove(turn, strategy, round(score, 3), cues))
        return tuple(found)

    def notes_moves(self, session: Session) -> SessionMoves:
        rows = notes_rows(session)
        if not rows.rows:
            return SessionMoves()
        client = self.heads["notes_client"]
        first = client.probabilities(rows.rows)
        none = client.classes.index("none")
        threshold = self.thresholds.get("notes_rupture", 0.5)
        flagged = [position for position, row in enumerate(first) if 1.0 - row[none] >= threshold]
        ruptures: list[ClientMove] = []
        if flagged:
            marker_head = self.heads["notes_marker"]
            markers = marker_head.probabilities([rows.rows[position] for position in flagged])
            for row_number, position in enumerate(flagged):
                kind = max(RUPTURE_TYPES, key=lambda name: first[position][client.classes.index(name)])
                marker = _softmax_choice(marker_head, markers[row_number], ("W",) if kind == "withdrawal" else ("C",))
                cues = readable_cues(client.cues(rows.rows[position], kind, "none", limit=12))
                ruptures.append(ClientMove(rows.sentences[position], kind, marker,
                                           round(float(1.0 - first[position][none]), 3), cues))
        experience_head = self.heads["notes_experience"]
        experience_probabilities = experience_head.probabilities(rows.rows)
        experience_threshold = self.thresholds.get("notes_experience", 0.5)
        experience = []
        for position, row in enumerate(experience_probabilities):
            for column, name in enumerate(experience_head.classes):
                if name != "none" and row[column] >= experience_threshold:
                    kind = "withdrawal" if name == "T-W" else "confrontation"
                    cues = readable_cues(experience_head.cues(rows.rows[position], name, "none", limit=12))
                    experience.append(ClientMove(rows.sentences[position], kind, name, round(float(row[column]), 3),
                                                 cues))
        engaged = self.heads["notes_re_engagement"].probabilities(rows.rows)[:, 0]
        strategies = self._strategies("notes_strategy", rows.sentences, rows.rows, "notes_strategy")
        return SessionMoves(tuple(ruptures), strategies,
                            tuple((turn, round(float(score), 3))
                                  for turn, score in zip(rows.sentences, engaged, strict=False)),
                            tuple(experience))


@lru_cache(maxsize=8)
def _load(folder: str) -> MoveModel:
    path = Path(folder)
    description, heads = load_model_files(path)
    return MoveModel(path, description, heads)


def load_model(folder: Path | str | None = None) -> MoveModel:
    """The model in `folder`, or the one shipped with rupturecli; loaded once per process."""
    return _load(str(Path(folder).resolve() if folder is not None else DEFAULT_MODEL_DIR))
