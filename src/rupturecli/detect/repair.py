"""Repair, in one place: the strategies a therapist uses, the client coming back into the work, and the verdict.

3RS: a therapist strategy followed by client re-engagement is resolved, a strategy alone is attempted, no strategy
is unaddressed. The engine finds the strategies and reads re-engagement cues while it scans the session (coming
back into the work right after a repair is the repair working, not a new withdrawal); it keeps what it read in a
`ReEngagementCues` table that the verdicts read on, so no text is matched twice against the same cues. The cues
are rule data (`re_engagement`, `re_engagement_narrative`, `no_shift_narrative` in rules/stages.yaml).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rupturecli.detect.hits import Detection, StrategyHit
from rupturecli.rules.compiled import CompiledPattern, CompiledWordGuard, RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import normalise, sentence_around, word_count

if TYPE_CHECKING:  # the engine reads strategies and cues from here: detection does not need episodes loaded
    from rupturecli.detect.episodes import Episode

TRANSCRIPT_REPAIR_WINDOW = 8
RE_ENGAGEMENT_WORDS = 15
MODEL_RE_ENGAGEMENT = 0.5  # the model's probability from which a client turn counts as coming back
# ...and a notes sentence as reporting it. Notes tell of coming back in many ways ("she talked at length about
# the bullying"), and at 0.5 most of the written notes coded resolved came out attempted: cross-validated on them
# (`scripts/evaluate-model.py`, 0.5 / 0.4 / 0.3 / 0.2), repair status on detected notes 0.51 / 0.54 / 0.58 / 0.64;
# 0.3 is kept, the best per status (attempted stays 10 of 17 right; at 0.2 only 7): README, Accuracy.
MODEL_RE_ENGAGEMENT_NOTES = 0.3
# In a transcript the model's reading of a strategy counts toward the verdict only from this score. The model
# lists strategies from its own threshold (0.2 for the shipped one, chosen for finding them), and they stay
# listed with their scores; but one that weak is no evidence that a repair was tried (cross-validated on the
# coded transcripts: "attempted" for ruptures the coders saw unaddressed fell from 9 to 4; README, Accuracy).
COUNTED_SCORE = 0.3


# --- the strategies ------------------------------------------------------------------------------------------------


def strategies_used(turn: Turn, text: str, rules: RuleSet, group: bool) -> list[StrategyHit]:
    """The resolution strategies a therapist's turn uses (`text`: its normalised words); group ones in a group."""
    found = []
    for position in rules.strategy_index.positions(text):
        compiled = rules.strategies[position]
        if compiled.strategy.group_only and not group:
            continue
        match = first_match(compiled.match, text)
        if match:
            found.append(StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index, turn.line,
                                     sentence_around(turn.text, match.start(), match.end()), by=turn.label))
    return found


def strategies_described(turn: Turn, prose: str, rules: RuleSet) -> list[StrategyHit]:
    """The resolution strategies a notes sentence describes (`prose`: the sentence without its quotations)."""
    return [StrategyHit(compiled.strategy.id, compiled.strategy.approach, turn.index, turn.line, turn.text)
            for compiled in rules.dyad_strategies if compiled.narrative and first_match(compiled.narrative, prose)]


# --- the client coming back ----------------------------------------------------------------------------------------


def client_engages(patterns: tuple[CompiledPattern, ...], text: str,
                   negation: CompiledWordGuard | None = None) -> bool:
    """A re-engagement cue in notes counts when it is not negated and is not mine.

    "didn't open up" is no re-engagement, and "I began to explain" is my strategy, not the client
    coming back into the work.
    """
    from rupturecli.detect.speech import speaker_of  # the notes grammar: loaded only when notes are read

    for pattern in patterns:
        for found in pattern.finditer(text):
            if (negation is not None and negation.holds_before(text, found.start())) \
                    or speaker_of(text, found.start()) == "therapist":
                continue
            return True
    return False


class ReEngagementCues:
    """Each text's re-engagement cues, read at most once a session: by the engine as it detects, then by repair."""

    def __init__(self, rules: RuleSet) -> None:
        self.guidance = rules.guidance
        self._said: dict[str, bool] = {}
        self._reported: dict[str, bool] = {}
        self._stalled: dict[str, bool] = {}

    def said(self, text: str) -> bool:
        """Transcripts: the client's words show them back in the work ("you're right", "I could try that")."""
        cues = self.guidance.re_engagement
        return _once(self._said, text, lambda: bool(cues) and first_match(cues, text) is not None)

    def reported(self, text: str) -> bool:
        """Notes: the sentence reports the client coming back ("she opened up", "went on to describe")."""
        cues = self.guidance.re_engagement_narrative
        return _once(self._reported, text, lambda: bool(cues) and client_engages(cues, text, self.guidance.negation))

    def stalled(self, text: str) -> bool:
        """Notes: the sentence reports no shift ("answers stayed short", "agreed but did not commit")."""
        cues = self.guidance.no_shift_narrative
        return _once(self._stalled, text, lambda: bool(cues) and first_match(cues, text) is not None)

    def rejoins(self, text: str) -> bool:
        """Notes, after a strategy: the client comes back, and the sentence does not take it back.

        Such a sentence is the repair, not a new rupture: "she relaxed, apologised for snapping and
        agreed to the plan" is not deference.
        """
        return self.reported(text) and not self.stalled(text)


def _once(seen: dict[str, bool], text: str, read: Callable[[], bool]) -> bool:
    """`read()` for `text` the first time it is asked about, the remembered answer after."""
    if text not in seen:
        seen[text] = read()
    return seen[text]


# --- the verdict ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Repair:
    status: str
    strategies: tuple[StrategyHit, ...]  # every strategy found in the episode's window
    re_engagement_turn: int | None
    too_weak: tuple[StrategyHit, ...] = ()  # of those, the model's readings too weak to count (COUNTED_SCORE)

    @property
    def counted(self) -> tuple[StrategyHit, ...]:
        """The strategies the verdict rests on."""
        return tuple(hit for hit in self.strategies if hit not in self.too_weak)


class SessionScan:
    """What the repair verdicts read from a session's turns, each turn and cue read at most once.

    Every episode asks about the turns after it; answering from per-session tables (built lazily, in one
    pass) keeps the whole analysis linear in the session's length instead of rescanning per episode.
    """

    def __init__(self, session: Session, detection: Detection, rules: RuleSet) -> None:
        self.session = session
        self.rules = rules
        self.turn_numbers = [turn.index for turn in session.turns]
        self.strategies = sorted(detection.strategies, key=lambda hit: hit.turn)
        self.strategy_turns = [hit.turn for hit in self.strategies]
        self.model = detection.re_engagement or {}
        self.rupture_turns = frozenset(hit.turn for hit in detection.hits if not hit.evidence_only)
        self.cues = detection.re_engagement_cues or ReEngagementCues(rules)  # what the engine read
        self._normal: dict[int, str] = {}

    def text(self, position: int) -> str:
        if position not in self._normal:
            self._normal[position] = normalise(self.session.turns[position].text)
        return self._normal[position]

    def from_turn(self, turn: int) -> int:
        """The position of the first turn numbered `turn` or later."""
        return bisect.bisect_left(self.turn_numbers, turn)

    def strategies_between(self, start: int, end: int) -> tuple[StrategyHit, ...]:
        low = bisect.bisect_left(self.strategy_turns, start)
        high = bisect.bisect_right(self.strategy_turns, end)
        return tuple(self.strategies[low:high])

    def comes_back(self, position: int) -> bool:
        """Transcripts: the client turn at `position` is back in the work (a full answer, a cue, or the model)."""
        text = self.text(position)
        return (word_count(text) >= RE_ENGAGEMENT_WORDS or self.cues.said(text)
                or self.model.get(self.session.turns[position].index, 0.0) >= MODEL_RE_ENGAGEMENT)

    @cached_property
    def narrative_cues(self) -> tuple[list[int], list[int]]:
        """Notes: the sentences reporting re-engagement, and those reporting no shift, by turn number."""
        engaged, stalled = [], []
        for position, turn in enumerate(self.session.turns):
            text = self.text(position)
            if self.cues.reported(text) or self.model.get(turn.index, 0.0) >= MODEL_RE_ENGAGEMENT_NOTES:
                engaged.append(turn.index)
            if self.cues.stalled(text):
                stalled.append(turn.index)
        return engaged, stalled


def _window(episode: Episode, following: Episode | None, session: Session) -> tuple[int, int]:
    last_turn = session.turns[-1].index if session.turns else episode.end_turn
    if session.kind == "notes":
        return episode.start_turn, last_turn
    end = episode.end_turn + TRANSCRIPT_REPAIR_WINDOW
    if following is not None:
        end = min(end, following.start_turn - 1)
    return episode.start_turn, max(end, episode.end_turn)


def assess_repair(episode: Episode, following: Episode | None, scan: SessionScan) -> Repair:
    """Resolved, attempted or unaddressed: the strategies in the episode's window, and whether the client came back."""
    session = scan.session
    start, end = _window(episode, following, session)
    used = scan.strategies_between(start, end)
    if session.kind == "notes":
        if not used:
            return Repair("unaddressed", (), None)
        # coming back is looked for after the first firm strategy: a faint guess at an ordinary question early in
        # the note would otherwise take the client's next sentence, still withdrawn, for the repair working
        firm = [hit for hit in used if hit not in too_weak(used)] or list(used)
        return _notes_repair(used, min(hit.turn for hit in firm), scan)
    weak = too_weak(used)
    counted = [hit for hit in used if hit not in weak]
    if not counted:
        return Repair("unaddressed", used, None, weak)
    first = min(hit.turn for hit in counted)
    reach = end + 4 if following is None else end  # coming back happens before the next episode starts
    for position in range(scan.from_turn(first + 1), len(session.turns)):
        turn = session.turns[position]
        if turn.index > reach:
            break
        if turn.speaker != "client" or turn.index in scan.rupture_turns:
            continue
        if scan.comes_back(position):
            return Repair("resolved", used, turn.index, weak)
    return Repair("attempted", used, None, weak)


def too_weak(strategies: tuple[StrategyHit, ...] | list[StrategyHit]) -> tuple[StrategyHit, ...]:
    """The model's readings of a strategy too weak to count toward a transcript's repair verdict (in notes: to mark
    where the client's coming back is looked for)."""
    return tuple(hit for hit in strategies if hit.source == "model" and (hit.score or 0.0) < COUNTED_SCORE)


def _notes_repair(used: tuple[StrategyHit, ...], first: int, scan: SessionScan) -> Repair:
    """Resolved when the note reports re-engagement after the strategy and no later 'no shift'."""
    engaged, stalled = scan.narrative_cues
    position = bisect.bisect_left(engaged, first)
    if position == len(engaged):
        return Repair("attempted", used, None)
    if stalled and stalled[-1] >= first and stalled[-1] >= engaged[-1]:
        return Repair("attempted", used, None)  # the note ends on 'no shift'
    return Repair("resolved", used, engaged[position])
