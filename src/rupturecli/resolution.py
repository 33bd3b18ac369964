"""For each episode: was it repaired, which resolution stage it reached, and what fits next.

Repair follows the 3RS: a therapist strategy followed by client re-engagement is resolved, a
strategy alone is attempted, no strategy is unaddressed. Stages, cues and strategy guidance all
come from the rule packs, so a training program can retune them without touching Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rupturecli.engine import Detection, StrategyHit, client_engages
from rupturecli.episodes import Episode
from rupturecli.rules.compiled import RuleSet, first_match
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


def _window(episode: Episode, following: Episode | None, session: Session) -> tuple[int, int]:
    last_turn = session.turns[-1].index if session.turns else episode.end_turn
    if session.kind == "notes":
        return episode.start_turn, last_turn
    end = episode.end_turn + TRANSCRIPT_REPAIR_WINDOW
    if following is not None:
        end = min(end, following.start_turn - 1)
    return episode.start_turn, max(end, episode.end_turn)


def assess_repair(episode: Episode, following: Episode | None, session: Session, detection: Detection,
                  rules: RuleSet) -> Repair:
    start, end = _window(episode, following, session)
    used = tuple(hit for hit in detection.strategies if start <= hit.turn <= end)
    if not used:
        return Repair("unaddressed", (), None)
    first = min(hit.turn for hit in used)
    model = detection.re_engagement or {}
    if session.kind == "notes":
        return _notes_repair(used, first, session, rules, model)
    rupture_turns = {hit.turn for hit in detection.hits if not hit.evidence_only}
    cues = rules.guidance.re_engagement
    reach = end + 4 if following is None else end  # coming back happens before the next episode starts
    for turn in session.turns:
        if turn.speaker != "client" or turn.index <= first or turn.index > reach or turn.index in rupture_turns:
            continue
        text = normalise(turn.text)
        if (word_count(text) >= RE_ENGAGEMENT_WORDS or (cues and first_match(cues, text))
                or model.get(turn.index, 0.0) >= MODEL_RE_ENGAGEMENT):
            return Repair("resolved", used, turn.index)
    return Repair("attempted", used, None)


def _notes_repair(used: tuple[StrategyHit, ...], first: int, session: Session, rules: RuleSet,
                  model: dict[int, float]) -> Repair:
    """Resolved when the note reports re-engagement after the strategy and no later 'no shift'."""
    guidance = rules.guidance
    engaged: int | None = None
    stalled: int | None = None
    for turn in session.turns:
        if turn.index < first:
            continue
        text = normalise(turn.text)
        if (guidance.re_engagement_narrative and client_engages(guidance.re_engagement_narrative, text)) \
                or model.get(turn.index, 0.0) >= MODEL_RE_ENGAGEMENT:
            engaged = turn.index if engaged is None else engaged
            latest_engaged = turn.index
            if stalled is not None and stalled <= latest_engaged:
                stalled = None
        if guidance.no_shift_narrative and first_match(guidance.no_shift_narrative, text):
            stalled = turn.index
    if engaged is not None and stalled is None:
        return Repair("resolved", used, engaged)
    return Repair("attempted", used, None)


def _stage_reached(repair: Repair, kind: str, session: Session, rules: RuleSet) -> int | None:
    if repair.status == "unaddressed":
        return None
    if repair.status == "attempted":
        return 1
    first = min(hit.turn for hit in repair.strategies)
    reached = 2
    for turn in session.turns:
        if turn.index < first or (session.kind == "transcript" and turn.speaker != "client"):
            continue
        text = normalise(turn.text)
        for stage, patterns in rules.guidance.stage_evidence.get(kind, {}).items():
            if stage > reached and first_match(patterns, text):
                reached = stage
    return reached


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(number: int) -> str:
    return ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else f"{number}th"


def choose_approach(episode: Episode, episodes: list[Episode], session: Session, rules: RuleSet,
                    history: Mapping[str, int] | None = None) -> tuple[str, str]:
    """Exploratory for a recurring pattern, immediate for a specific, identifiable source.

    `history` maps a marker id to how many of this client's sessions in a row, just before this one,
    showed it: a marker that keeps coming back calls for exploring the pattern.
    """
    rupture_ids = [hit.marker_id for hit in episode.hits if not hit.evidence_only]
    others = [other for other in episodes if other is not episode]
    repeated = sorted({marker for marker in rupture_ids if any(marker in other.marker_ids for other in others)})
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
    if session.kind == "notes":
        texts += [normalise(turn.text) for turn in session.turns]
    cue = next((found for text in texts if (found := first_match(guidance.recurrence, text))), None)
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


def suggest_strategies(episode: Episode, approach: str, repair: Repair, rules: RuleSet) -> tuple[Suggestion, ...]:
    used = {hit.strategy_id for hit in repair.strategies}
    markers = set(episode.marker_ids)
    ranked = []
    for order, compiled in enumerate(rules.strategies):
        strategy = compiled.strategy
        if strategy.approach != approach or episode.type not in strategy.fits.types:
            continue
        score = 2 * len(markers & set(strategy.fits.markers))
        ranked.append((-score, order, Suggestion(strategy.id, strategy.name, strategy.guidance)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    # what the therapist has just done is not news: suggest the next moves, unless nothing else fits
    fresh = [item for item in ranked if item[2].id not in used]
    return tuple(item[2] for item in (fresh or ranked)[:3])


def advise(episode: Episode, episodes: list[Episode], repair: Repair, session: Session, rules: RuleSet,
           history: Mapping[str, int] | None = None) -> StageAdvice:
    table = getattr(rules.guidance.guidance.stages, episode.type)
    reached = _stage_reached(repair, episode.type, session, rules)
    next_stage = 1 if reached is None else (reached + 1 if reached < 4 else None)
    if next_stage is None:
        next_step = "Stage 4 reached: consolidate, and watch for shifts back into avoidance."
    else:
        next_step = table[next_stage].next_step
    approach, reason = choose_approach(episode, episodes, session, rules, history)
    return StageAdvice(
        reached=reached,
        reached_name=table[reached].name if reached else None,
        next=next_stage,
        next_name=table[next_stage].name if next_stage else None,
        next_step=next_step,
        approach=approach,
        approach_reason=reason,
        suggested=suggest_strategies(episode, approach, repair, rules),
    )
