"""Hits -> episodes: near markers of one type form one episode, rated 1-5 for significance (significance.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rupturecli.detect.hits import Hit
from rupturecli.detect.significance import TurnSignificance, peak, rate_turns, wording_head
from rupturecli.rules.compiled import RuleSet

TRANSCRIPT_GAP = 4  # turns: two client turns apart in an alternating transcript
NOTES_GAP = 4  # sentences
EVIDENCE_REACH = 3  # sentences a therapist-experience marker may sit from its episode


@dataclass(frozen=True)
class Episode:
    type: str
    mixed: bool
    hits: tuple[Hit, ...]
    significance: int
    reasons: tuple[str, ...]
    turn_ratings: tuple[TurnSignificance, ...] = ()  # each rupture turn's own rating; the episode's is the peak
    speaker: str = ""  # in a group: the member whose episode it is
    target: str = ""  # in a group: toward whom (therapist, group, member:<Label>)

    @property
    def peak_turn(self) -> int | None:
        return peak(self.turn_ratings).turn if self.turn_ratings else None

    def significance_at(self, turn: int) -> int | None:
        return next((item.significance for item in self.turn_ratings if item.turn == turn), None)

    @property
    def start_turn(self) -> int:
        return min(hit.turn for hit in self.hits if not hit.evidence_only)

    @property
    def end_turn(self) -> int:
        return max(hit.turn for hit in self.hits if not hit.evidence_only)

    @property
    def marker_ids(self) -> list[str]:
        seen: list[str] = []
        for hit in self.hits:
            if hit.marker_id not in seen:
                seen.append(hit.marker_id)
        return seen


Position = Mapping[int, int]  # turn number -> where it counts from, for gaps (a member's own turns, in a group)


Run = tuple[list[Hit], str]  # hits (by turn), and the type the run is of


def _runs(hits: list[Hit], gap: int, at: Position | None = None) -> list[Run]:
    """Split hits (sorted by turn) into runs of one type with no gap wider than `gap`.

    Hits on one turn stay together whatever their types: one utterance (or notes sentence) is one moment, and
    splitting it would put it in two episodes and count it twice. Such a run keeps the type it started with.
    """
    runs: list[Run] = []
    for hit in hits:
        last = runs[-1] if runs else None
        if last and (hit.turn == last[0][-1].turn
                     or last[1] == hit.rupture and _apart(last[0][-1].turn, hit.turn, at) <= gap):
            last[0].append(hit)
        else:
            runs.append(([hit], hit.rupture))
    return runs


def _apart(first: int, second: int, at: Position | None) -> int:
    return second - first if at is None else at[second] - at[first]


def _absorb_lone_runs(runs: list[Run], gap: int, at: Position | None = None) -> list[tuple[list[Hit], bool]]:
    """A lone turn of the other type inside a run of one type joins it (the episode is 'mixed')."""
    merged: list[tuple[list[Hit], bool, str]] = []  # hits, mixed, the type of the last run taken in
    index = 0
    while index < len(runs):
        run, kind = runs[index]
        if (merged and index + 1 < len(runs) and len({hit.turn for hit in run}) == 1
                and merged[-1][2] == runs[index + 1][1]
                and _apart(merged[-1][0][-1].turn, run[0].turn, at) <= gap
                and _apart(run[-1].turn, runs[index + 1][0][0].turn, at) <= gap):
            previous, _, _ = merged.pop()
            merged.append((previous + run + runs[index + 1][0], True, runs[index + 1][1]))
            index += 2
            continue
        if merged and merged[-1][1] and merged[-1][2] == kind \
                and _apart(merged[-1][0][-1].turn, run[0].turn, at) <= gap:
            previous, _, _ = merged.pop()
            merged.append((previous + run, True, kind))
        else:
            merged.append((run, False, kind))
        index += 1
    return [(hits, mixed) for hits, mixed, _ in merged]


def _dominant_type(hits: list[Hit]) -> str:
    weight = {"withdrawal": 0.0, "confrontation": 0.0}
    for hit in hits:
        weight[hit.rupture] += hit.weight
    return max(weight, key=lambda kind: (weight[kind], kind == "confrontation"))


def build_episodes(hits: tuple[Hit, ...], kind: str, rules: RuleSet,
                   texts: Mapping[int, str] | None = None, at: Position | None = None,
                   gap: int | None = None) -> list[Episode]:
    """Group rupture hits into episodes; attach therapist-experience evidence to the nearest one.

    Each episode is rated 1-5 at its most significant turn (significance.py): the cues about markers, persistence
    and strength read the hits themselves; `texts` (turn number -> the turn's words) lets the cues about wording
    read the client's whole turn, not only the quoted sentence. `at` and `gap`: where each turn counts from, and
    how far apart two of an episode's turns may be (a group member's episode counts the member's own turns).
    """
    gap = gap if gap is not None else TRANSCRIPT_GAP if kind == "transcript" else NOTES_GAP
    rupture_hits = sorted((hit for hit in hits if not hit.evidence_only), key=lambda hit: hit.turn)
    evidence = [hit for hit in hits if hit.evidence_only]
    groups = _absorb_lone_runs(_runs(rupture_hits, gap, at), gap, at)
    grouped: list[tuple[list[Hit], bool, str]] = [(group, mixed, _dominant_type(group)) for group, mixed in groups]
    for extra in evidence:
        candidates = [
            (min(abs(extra.turn - hit.turn) for hit in group), index)
            for index, (group, _, episode_type) in enumerate(grouped)
            if episode_type == extra.rupture
        ]
        candidates = [(distance, index) for distance, index in candidates
                      if distance <= EVIDENCE_REACH or kind == "notes" and distance <= 3 * EVIDENCE_REACH]
        if candidates:
            grouped[min(candidates)[1]][0].append(extra)
    if not grouped:
        return []
    significance = rules.significance
    if significance is None:
        raise ValueError("rule set without significance data")
    wording = wording_head(rules) if kind == "transcript" else None
    episodes = []
    for group, mixed, episode_type in grouped:
        ordered = sorted(group, key=lambda hit: (hit.turn, hit.evidence_only))
        turns = rate_turns(ordered, texts or {}, kind, significance, wording)
        top = peak(turns)
        mixed = mixed or len({hit.rupture for hit in ordered if not hit.evidence_only}) > 1
        episodes.append(Episode(episode_type, mixed, tuple(ordered), top.significance, top.reasons, turns))
    return episodes
