"""Stage advice for each episode: which resolution stage it reached, the approach that fits, what to try next.

Stages, cues and strategy guidance all come from the rule packs (rules/stages.yaml, rules/strategies.yaml), so a
training program can retune them without touching Python. An `Advisor` serves one session: the tables it reads
from the session's turns (stage evidence, a note's mention of recurrence, which markers recur across episodes)
are built once, so advising every episode stays linear in the session's length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from rupturecli.detect.done import approach_that_worked, what_was_done
from rupturecli.detect.episodes import Episode
from rupturecli.detect.repair import Repair, SessionScan
from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.textutil import normalise

if TYPE_CHECKING:
    from rupturecli.rules.model import Strategy

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
GROUP_FIRST = 3  # in a group, a group strategy that fits the rupture's direction ranks before the others
ANSWERS_FIRST = 20  # a strategy that answers the therapist's own straining move (fits.after_moves) ranks first


@dataclass(frozen=True)
class Suggestion:
    id: str
    name: str
    guidance: str


@dataclass(frozen=True)
class StageAdvice:
    reached: int | None
    reached_name: str | None
    next: int | None
    next_name: str | None
    next_step: str
    approach: str
    approach_reason: str
    suggested: tuple[Suggestion, ...]
    source: str | None = None  # what the rupture moves against or away from (task, therapist, parameters...)
    worked: str | None = None  # after a resolved rupture: what the therapist did that the client came back from
    already_tried: tuple[str, ...] = ()  # strategies used in this episode without the client coming back


class Advisor:
    """Stage advice for the episodes of one session.

    `history` maps a marker id to how many of this client's sessions in a row, just before this one,
    showed it: a marker that keeps coming back calls for exploring the pattern.
    """

    def __init__(self, scan: SessionScan, episodes: list[Episode], history: Mapping[str, int] | None = None) -> None:
        self.scan = scan
        self.session = scan.session
        self.rules = scan.rules
        self.episodes = episodes
        self.episode_ids = {id(episode) for episode in episodes}
        self.history = history or {}
        self._stages: dict[str, list[int]] = {}

    def advise(self, episode: Episode, repair: Repair, strained: frozenset[str] = frozenset()) -> StageAdvice:
        """`strained`: the therapist's straining moves (TC- ids) just before the episode or answering it."""
        rules, session = self.rules, self.session
        table = getattr(rules.guidance.guidance.stages, episode.type)
        reached = self.stage_reached(repair, episode.type)
        next_stage = 1 if reached is None else (reached + 1 if reached < 4 else None)
        if next_stage is None:
            next_step = "Stage 4 reached: consolidate, and watch for shifts back into avoidance."
        else:
            next_step = table[next_stage].next_step
        approach, reason = self.approach(episode, repair)
        source = rupture_source(episode, rules, self.texts(episode, evidence=False))
        member = episode.speaker if session.is_group else None
        worked, tried = what_was_done(episode, repair, rules, session.kind, member)
        return StageAdvice(
            reached=reached,
            reached_name=table[reached].name if reached else None,
            next=next_stage,
            next_name=table[next_stage].name if next_stage else None,
            next_step=next_step,
            approach=approach,
            approach_reason=reason,
            suggested=suggest_strategies(episode, approach, repair, rules, source,
                                         episode.target if session.is_group else None, strained),
            source=source,
            worked=worked,
            already_tried=tried,
        )

    def stage_reached(self, repair: Repair, kind: str) -> int | None:
        if repair.status == "unaddressed":
            return None
        if repair.status == "attempted":
            return 1
        first = min(hit.turn for hit in repair.counted)
        return max(2, self.stage_from(kind, first))

    def stage_from(self, kind: str, turn: int) -> int:
        """The highest stage any turn numbered `turn` or later shows evidence of (0: none)."""
        table = self._stage_suffix(kind)
        position = self.scan.from_turn(turn)
        return table[position] if position < len(table) else 0

    def _stage_suffix(self, kind: str) -> list[int]:
        if kind not in self._stages:
            turns = self.session.turns
            evidence = self.rules.guidance.stage_evidence.get(kind, {})
            suffix = [0] * (len(turns) + 1)
            for position in range(len(turns) - 1, -1, -1):
                best = suffix[position + 1]
                if evidence and not (self.session.kind == "transcript" and turns[position].speaker != "client"):
                    text = self.scan.text(position)
                    best = max([best] + [stage for stage, patterns in evidence.items()
                                         if stage > best and first_match(patterns, text)])
                suffix[position] = best
            self._stages[kind] = suffix[:-1]
        return self._stages[kind]

    @cached_property
    def recurrence_in_turns(self) -> regex.Match | None:
        """Notes: the first sentence describing the strain as recurring."""
        patterns = self.rules.guidance.recurrence
        return next((found for position in range(len(self.session.turns))
                     if (found := first_match(patterns, self.scan.text(position)))), None)

    @cached_property
    def marker_episodes(self) -> Counter[str]:
        """How many of the session's episodes show each marker."""
        return Counter(marker for episode in self.episodes for marker in set(episode.marker_ids))

    def texts(self, episode: Episode, evidence: bool = True) -> list[str]:
        """What the episode's source is read from: its quotes (`evidence`: the therapist's own reactions' too)
        and, in a transcript, the client's whole turns ("I'd rather not say. Is this going to get back to my
        employer?" is quoted by its first sentence)."""
        texts = [normalise(hit.quote) for hit in episode.hits if evidence or not hit.evidence_only]
        if self.session.kind == "transcript":
            texts += [self.scan.text(self.scan.from_turn(hit.turn)) for hit in episode.hits if not hit.evidence_only]
        return texts

    def approach(self, episode: Episode, repair: Repair | None = None) -> tuple[str, str]:
        """Exploratory for a recurring pattern, immediate for a specific, identifiable source; otherwise, for a
        resolved rupture, the approach of the strategies the client came back from."""
        rules = self.rules
        rupture_ids = [hit.marker_id for hit in episode.hits if not hit.evidence_only]
        counts = self.marker_episodes  # an episode's own markers are counted once, for itself
        own = 1 if id(episode) in self.episode_ids else 0
        repeated = sorted({marker for marker in rupture_ids if counts[marker] - own >= 1})
        streaks = sorted((self.history.get(marker, 0), marker) for marker in set(rupture_ids))
        if streaks and streaks[-1][0] >= 1:
            count, marker = streaks[-1]
            known = rules.marker(marker)
            label = f"{marker} {known.name}" if known else marker
            return "exploratory", (f"{_ordinal(count + 1)} session in a row with {label}: "
                                   "consider exploring the pattern")
        if repeated:
            return "exploratory", f"{', '.join(repeated)} recurs in several episodes this session: explore the pattern"
        guidance = rules.guidance
        texts = self.texts(episode)
        cue = next((found for text in texts if (found := first_match(guidance.recurrence, text))), None)
        if cue is None and self.session.kind == "notes":
            cue = self.recurrence_in_turns
        if cue:
            return "exploratory", f"described as recurring ('{cue.group(0)}'): explore the pattern"
        source = next((found for text in texts if (found := first_match(guidance.specific_source, text))), None)
        if source:
            return "immediate", f"a specific source ('{source.group(0)}'): address it directly"
        client = episode.speaker if self.session.is_group else "the client"
        worked = approach_that_worked(repair, rules, self.session.kind, client) if repair is not None else None
        if worked is not None:
            return worked
        votes: Counter[str] = Counter()
        for hit in episode.hits:
            marker = rules.marker(hit.marker_id)
            if marker is not None and not hit.evidence_only:
                votes[marker.approach] += hit.weight
        approach = "immediate" if votes["immediate"] > votes["exploratory"] else "exploratory"
        if approach == "immediate" and rupture_source(episode, rules, self.texts(episode, evidence=False)) is None:
            approach = "exploratory"  # immediate strategies answer a specific source; with none, explore
        if approach == "immediate":
            return approach, "tied to what just happened in the session: address it directly"
        return approach, "no single identifiable source: explore what is happening between you"


def _ordinal(number: int) -> str:
    return ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else f"{number}th"


def rupture_source(episode: Episode, rules: RuleSet, texts: list[str] | None = None) -> str | None:
    """What the client moved against or away from: by the episode's markers, else by what their words name
    (`texts`: the words to read, by default the markers' quotes)."""
    guidance = rules.guidance.guidance
    for hit in episode.hits:
        if hit.evidence_only:
            continue
        for source, markers in guidance.source_markers.items():
            if hit.marker_id in markers:
                return source
    if texts is None:
        texts = [normalise(hit.quote) for hit in episode.hits if not hit.evidence_only]
    for source, patterns in rules.guidance.source_cues.items():
        if any(first_match(patterns, text) for text in texts):
            return source
    return None


def _suggestion(strategy: Strategy, source: str | None) -> Suggestion:
    """The strategy's guidance, with an example only when it fits the rupture's known source."""
    example = strategy.for_source.get(source) if source else None  # type: ignore[call-overload]
    guidance = strategy.guidance if not example else f"{strategy.guidance.rstrip('.')} (for example {example})."
    return Suggestion(strategy.id, strategy.name, guidance)


def suggest_strategies(episode: Episode, approach: str, repair: Repair, rules: RuleSet,
                       source: str | None = None, target: str | None = None,
                       strained: frozenset[str] = frozenset()) -> tuple[Suggestion, ...]:
    """Up to three strategies that fit, never one the therapist already used in this episode.

    After a resolved rupture only one: the thing to keep in mind next time. `target`: in a group, toward whom
    the rupture is directed; group strategies (GR-) are then suggested by target and type, before the others.
    `strained`: the therapist's own straining moves around the episode. A strategy that would be more of the same
    (`fits.not_after_moves`: the rationale after a lecture) is never suggested; one that answers them
    (`fits.after_moves`: owning one's part) comes first, whatever the approach.
    """
    used = {hit.strategy_id for hit in repair.counted}
    markers = set(episode.marker_ids)
    kind = None if target is None else "member" if target.startswith("member:") else target
    ranked = []
    for order, compiled in enumerate(rules.strategies):
        strategy = compiled.strategy
        if episode.type not in strategy.fits.types or strategy.id in used:
            continue
        if strained & set(strategy.fits.not_after_moves):
            continue
        answers = len(strained & set(strategy.fits.after_moves))  # owning one's part answers a lecture and a warning
        if strategy.group_only:
            if kind is None or (strategy.fits.targets and kind not in strategy.fits.targets):
                continue
        elif strategy.approach != approach and not answers:
            continue
        score = (2 * len(markers & set(strategy.fits.markers)) + (GROUP_FIRST if strategy.group_only else 0)
                 + (ANSWERS_FIRST + 3 * answers if answers else 0))
        ranked.append((-score, order, _suggestion(strategy, source)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in ranked[: 1 if repair.status == "resolved" else 3])
