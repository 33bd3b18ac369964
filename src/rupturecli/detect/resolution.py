"""For each episode: was it repaired, which resolution stage it reached, and what fits next.

Repair follows the 3RS: a therapist strategy followed by client re-engagement is resolved, a
strategy alone is attempted, no strategy is unaddressed. Stages, cues and strategy guidance all
come from the rule packs, so a training program can retune them without touching Python.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import regex

from rupturecli.detect.engine import Detection, StrategyHit, client_engages
from rupturecli.detect.episodes import Episode
from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.rules.model import Strategy
from rupturecli.session import Session
from rupturecli.textutil import normalise, word_count

TRANSCRIPT_REPAIR_WINDOW = 8
RE_ENGAGEMENT_WORDS = 15
MODEL_RE_ENGAGEMENT = 0.5  # the model's probability from which a client turn counts as coming back


@dataclass(frozen=True)
class Repair:
    status: str
    strategies: tuple[StrategyHit, ...]
    re_engagement_turn: int | None


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


class SessionScan:
    """What repair and stage advice read from a session's turns, each pattern run once per turn.

    Every episode asks about the turns after it; answering from per-session tables (built lazily, in one
    pass) keeps the whole analysis linear in the session's length instead of rescanning per episode.
    """

    def __init__(self, session: Session, detection: Detection, rules: RuleSet,
                 episodes: list[Episode] | None = None) -> None:
        self.session = session
        self.episodes = episodes or []
        self.rules = rules
        self.turn_numbers = [turn.index for turn in session.turns]
        self.strategies = sorted(detection.strategies, key=lambda hit: hit.turn)
        self.strategy_turns = [hit.turn for hit in self.strategies]
        self.model = detection.re_engagement or {}
        self.rupture_turns = frozenset(hit.turn for hit in detection.hits if not hit.evidence_only)
        self.episode_ids = {id(episode) for episode in self.episodes}
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

    def stage_from(self, kind: str, turn: int) -> int:
        """The highest stage any turn numbered `turn` or later shows evidence of (0: none)."""
        table = self._stage_suffix(kind)
        position = self.from_turn(turn)
        return table[position] if position < len(table) else 0

    def _stage_suffix(self, kind: str) -> list[int]:
        cache = self.__dict__.setdefault("_stages", {})
        if kind not in cache:
            evidence = self.rules.guidance.stage_evidence.get(kind, {})
            suffix = [0] * (len(self.session.turns) + 1)
            for position in range(len(self.session.turns) - 1, -1, -1):
                turn = self.session.turns[position]
                best = suffix[position + 1]
                if evidence and not (self.session.kind == "transcript" and turn.speaker != "client"):
                    text = self.text(position)
                    best = max([best] + [stage for stage, patterns in evidence.items()
                                         if stage > best and first_match(patterns, text)])
                suffix[position] = best
            cache[kind] = suffix[:-1]
        return cache[kind]

    @cached_property
    def narrative_cues(self) -> tuple[list[int], list[int]]:
        """Notes: the sentences reporting re-engagement, and those reporting no shift, by turn number."""
        guidance = self.rules.guidance
        engaged, stalled = [], []
        for position, turn in enumerate(self.session.turns):
            text = self.text(position)
            narrative = guidance.re_engagement_narrative
            if (narrative and client_engages(narrative, text, guidance.negation)) \
                    or self.model.get(turn.index, 0.0) >= MODEL_RE_ENGAGEMENT:
                engaged.append(turn.index)
            if guidance.no_shift_narrative and first_match(guidance.no_shift_narrative, text):
                stalled.append(turn.index)
        return engaged, stalled

    @cached_property
    def recurrence_in_turns(self) -> regex.Match | None:
        """Notes: the first sentence describing the strain as recurring."""
        patterns = self.rules.guidance.recurrence
        return next((found for position in range(len(self.session.turns))
                     if (found := first_match(patterns, self.text(position)))), None)

    @cached_property
    def marker_episodes(self) -> Counter[str]:
        """How many of the session's episodes show each marker."""
        return Counter(marker for episode in self.episodes for marker in set(episode.marker_ids))


def _window(episode: Episode, following: Episode | None, session: Session) -> tuple[int, int]:
    last_turn = session.turns[-1].index if session.turns else episode.end_turn
    if session.kind == "notes":
        return episode.start_turn, last_turn
    end = episode.end_turn + TRANSCRIPT_REPAIR_WINDOW
    if following is not None:
        end = min(end, following.start_turn - 1)
    return episode.start_turn, max(end, episode.end_turn)


def assess_repair(episode: Episode, following: Episode | None, session: Session, detection: Detection,
                  rules: RuleSet, scan: SessionScan | None = None) -> Repair:
    scan = scan or SessionScan(session, detection, rules)
    start, end = _window(episode, following, session)
    used = scan.strategies_between(start, end)
    if not used:
        return Repair("unaddressed", (), None)
    first = min(hit.turn for hit in used)
    if session.kind == "notes":
        return _notes_repair(used, first, scan)
    rupture_turns = scan.rupture_turns
    cues = rules.guidance.re_engagement
    reach = end + 4 if following is None else end  # coming back happens before the next episode starts
    for position in range(scan.from_turn(first + 1), len(session.turns)):
        turn = session.turns[position]
        if turn.index > reach:
            break
        if turn.speaker != "client" or turn.index in rupture_turns:
            continue
        text = scan.text(position)
        if (word_count(text) >= RE_ENGAGEMENT_WORDS or (cues and first_match(cues, text))
                or scan.model.get(turn.index, 0.0) >= MODEL_RE_ENGAGEMENT):
            return Repair("resolved", used, turn.index)
    return Repair("attempted", used, None)


def _notes_repair(used: tuple[StrategyHit, ...], first: int, scan: SessionScan) -> Repair:
    """Resolved when the note reports re-engagement after the strategy and no later 'no shift'."""
    engaged, stalled = scan.narrative_cues
    position = bisect.bisect_left(engaged, first)
    if position == len(engaged):
        return Repair("attempted", used, None)
    if stalled and stalled[-1] >= first and stalled[-1] >= engaged[-1]:
        return Repair("attempted", used, None)  # the note ends on 'no shift'
    return Repair("resolved", used, engaged[position])


def _stage_reached(repair: Repair, kind: str, scan: SessionScan) -> int | None:
    if repair.status == "unaddressed":
        return None
    if repair.status == "attempted":
        return 1
    first = min(hit.turn for hit in repair.strategies)
    return max(2, scan.stage_from(kind, first))


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(number: int) -> str:
    return ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else f"{number}th"


def choose_approach(episode: Episode, episodes: list[Episode], session: Session, rules: RuleSet,
                    history: Mapping[str, int] | None = None, scan: SessionScan | None = None) -> tuple[str, str]:
    """Exploratory for a recurring pattern, immediate for a specific, identifiable source.

    `history` maps a marker id to how many of this client's sessions in a row, just before this one,
    showed it: a marker that keeps coming back calls for exploring the pattern.
    """
    scan = scan or SessionScan(session, Detection((), (), {}), rules, episodes)
    rupture_ids = [hit.marker_id for hit in episode.hits if not hit.evidence_only]
    counts = scan.marker_episodes  # an episode's own markers are counted once, for itself
    own = 1 if id(episode) in scan.episode_ids else 0
    repeated = sorted({marker for marker in rupture_ids if counts[marker] - own >= 1})
    streaks = sorted(((history or {}).get(marker, 0), marker) for marker in set(rupture_ids))
    if streaks and streaks[-1][0] >= 1:
        count, marker = streaks[-1]
        known = rules.marker(marker)
        label = f"{marker} {known.name}" if known else marker
        return "exploratory", (f"{_ordinal(count + 1)} session in a row with {label}: "
                               "consider exploring the pattern")
    if repeated:
        return "exploratory", f"{', '.join(repeated)} recurs in several episodes this session: explore the pattern"
    guidance = rules.guidance
    texts = [normalise(hit.quote) for hit in episode.hits]
    cue = next((found for text in texts if (found := first_match(guidance.recurrence, text))), None)
    if cue is None and session.kind == "notes":
        cue = scan.recurrence_in_turns
    if cue:
        return "exploratory", f"described as recurring ('{cue.group(0)}'): explore the pattern"
    source = next((found for text in texts[: len(episode.hits)] if (found := first_match(guidance.specific_source,
                                                                                          text))), None)
    if source:
        return "immediate", f"a specific source ('{source.group(0)}'): address it directly"
    votes: Counter[str] = Counter()
    for hit in episode.hits:
        marker = rules.marker(hit.marker_id)
        if marker is not None and not hit.evidence_only:
            votes[marker.approach] += hit.weight
    approach = "immediate" if votes["immediate"] > votes["exploratory"] else "exploratory"
    if approach == "immediate":
        return approach, "tied to what just happened in the session: address it directly"
    return approach, "no single identifiable source: explore what is happening between you"


def rupture_source(episode: Episode, rules: RuleSet) -> str | None:
    """What the client moved against or away from: by the episode's markers, else by what their words name."""
    guidance = rules.guidance.guidance
    for hit in episode.hits:
        if hit.evidence_only:
            continue
        for source, markers in guidance.source_markers.items():
            if hit.marker_id in markers:
                return source
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


GROUP_FIRST = 3  # in a group, a group strategy that fits the rupture's direction ranks before the others


def suggest_strategies(episode: Episode, approach: str, repair: Repair, rules: RuleSet,
                       source: str | None = None, target: str | None = None) -> tuple[Suggestion, ...]:
    """Up to three strategies that fit, never one the therapist already used in this episode.

    After a resolved rupture only one: the thing to keep in mind next time. `target`: in a group, toward whom
    the rupture is directed; group strategies (GR-) are then suggested by target and type, before the others.
    """
    used = {hit.strategy_id for hit in repair.strategies}
    markers = set(episode.marker_ids)
    kind = None if target is None else "member" if target.startswith("member:") else target
    ranked = []
    for order, compiled in enumerate(rules.strategies):
        strategy = compiled.strategy
        if episode.type not in strategy.fits.types or strategy.id in used:
            continue
        if strategy.group_only:
            if kind is None or (strategy.fits.targets and kind not in strategy.fits.targets):
                continue
        elif strategy.approach != approach:
            continue
        score = 2 * len(markers & set(strategy.fits.markers)) + (GROUP_FIRST if strategy.group_only else 0)
        ranked.append((-score, order, _suggestion(strategy, source)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in ranked[: 1 if repair.status == "resolved" else 3])


def _done(hit: StrategyHit, rules: RuleSet, unit: str, already: bool = False) -> str:
    """'you explained the rationale at turn 8', or in a group 'Ana acknowledged what the member felt at turn 9'."""
    if hit.by.startswith("member:"):
        repairs = rules.group.repairs if rules.group is not None else ()
        past = next((item.repair.past for item in repairs if item.repair.id == hit.strategy_id),
                    f"used {hit.strategy_id}")
        who = hit.by[len("member:"):]
    else:
        known = rules.loaded.strategies.get(hit.strategy_id)
        past = known.past if known and known.past else f"used {hit.strategy_id}"
        who = "you"
    return f"{who} {'already ' if already else ''}{past} at {unit} {hit.turn}"


def what_was_done(episode: Episode, repair: Repair, rules: RuleSet, kind: str,
                  member: str | None = None) -> tuple[str | None, tuple[str, ...]]:
    """(what worked, what was tried without the client coming back), in the therapist's own moves (and, in a
    group, the other members': `member` is the one whose episode it is)."""
    unit = "turn" if kind == "transcript" else "sentence"
    client = member or "the client"
    first_of = {}
    for hit in repair.strategies:
        first_of.setdefault((hit.strategy_id, hit.by if hit.by.startswith("member:") else ""), hit)
    if not first_of:
        return None, ()
    if repair.status == "resolved":
        done = [_done(hit, rules, unit) for hit in first_of.values()]
        return (f"{'; '.join(done)}, and {client} came back into the work at {unit} "
                f"{repair.re_engagement_turn}"), ()
    stayed = "withdrawn" if episode.type == "withdrawal" else "confrontational"
    return None, tuple(f"{_done(hit, rules, unit, already=True)}; {client} stayed {stayed}"
                       for hit in first_of.values())


def advise(episode: Episode, episodes: list[Episode], repair: Repair, session: Session, rules: RuleSet,
           history: Mapping[str, int] | None = None, scan: SessionScan | None = None) -> StageAdvice:
    scan = scan or SessionScan(session, Detection((), repair.strategies, {}), rules, episodes)
    table = getattr(rules.guidance.guidance.stages, episode.type)
    reached = _stage_reached(repair, episode.type, scan)
    next_stage = 1 if reached is None else (reached + 1 if reached < 4 else None)
    if next_stage is None:
        next_step = "Stage 4 reached: consolidate, and watch for shifts back into avoidance."
    else:
        next_step = table[next_stage].next_step
    approach, reason = choose_approach(episode, episodes, session, rules, history, scan)
    source = rupture_source(episode, rules)
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
                                     episode.target if session.is_group else None),
        source=source,
        worked=worked,
        already_tried=tried,
    )
