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


def _runs(hits: list[Hit], gap: int, at: Position | None = None) -> list[list[Hit]]:
    """Split hits (sorted by turn) into runs of one type with no gap wider than `gap`.

    The hits of one turn move together: one utterance (or notes sentence) is one moment, and splitting it
    would put it in two episodes and count it twice. A turn joins the run before it when the two turns share a
    type, so a turn with markers of both types links runs of either type, in either order. A lone turn of the
    other type between two turns of a run's type joins the run (the episode is then 'mixed'): a moment of
    withdrawal inside a confrontation is part of it.
    """
    turns = _by_turn(hits)
    kinds = [{hit.rupture for hit in turn} for turn in turns]
    runs: list[list[Hit]] = []
    for position, turn in enumerate(turns):
        reads_as = _absorbed_into(kinds, turns, position, gap, at) or kinds[position]
        if runs and kinds[position - 1] & reads_as and _apart(runs[-1][-1].turn, turn[0].turn, at) <= gap:
            runs[-1].extend(turn)
        else:
            runs.append(list(turn))
        kinds[position] = reads_as  # the turn after reads this one as it was taken in
    return runs


def _absorbed_into(kinds: list[set[str]], turns: list[list[Hit]], position: int, gap: int,
                   at: Position | None) -> set[str] | None:
    """The type a lone turn of one type is read as when the turns either side (within `gap`) both show the other
    and the one before does not show its own (`kinds`: the turn before as it was read, the turn after as it is)."""
    own = kinds[position]
    if len(own) != 1 or position == 0 or position + 1 == len(turns) or own & kinds[position - 1]:
        return None
    other = {"withdrawal", "confrontation"} - own
    before, after = kinds[position - 1] & other, kinds[position + 1] & other
    if not before or not after or \
            _apart(turns[position - 1][-1].turn, turns[position][0].turn, at) > gap or \
            _apart(turns[position][-1].turn, turns[position + 1][0].turn, at) > gap:
        return None
    return before & after or None


def _by_turn(hits: list[Hit]) -> list[list[Hit]]:
    """Hits sorted by turn, as the hits of each turn."""
    turns: list[list[Hit]] = []
    for hit in hits:
        if turns and turns[-1][-1].turn == hit.turn:
            turns[-1].append(hit)
        else:
            turns.append([hit])
    return turns


def _apart(first: int, second: int, at: Position | None) -> int:
    return second - first if at is None else at[second] - at[first]


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
    grouped: list[tuple[list[Hit], bool, str]] = [(group, False, _dominant_type(group))
                                                  for group in _runs(rupture_hits, gap, at)]
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
