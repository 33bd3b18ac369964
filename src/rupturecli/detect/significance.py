"""How significant a rupture is: each rupture turn rated 1-5 from named cues, an episode at its peak.

3RS rates significance from what the client does at a moment, so each turn (sentence, in notes) that
shows a rupture marker gets its own rating; the episode takes its most significant turn's. The cues,
their weights, the cut points and the words that negate a cue are data (`rules/significance.yaml`), the
numbers fitted to coders' own 1-5 ratings by `scripts/evaluate-significance.py`, and every reason names
the one cue that fired.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rupturecli.detect.hits import Hit
from rupturecli.rules.compiled import CompiledCue, CompiledSignificance, RuleSet
from rupturecli.textutil import normalise

if TYPE_CHECKING:
    from rupturecli.rules.model import SignificanceCue

QUOTED_MATCH = 60  # characters of a matched cue quoted in a reason
NOTHING_RAISED = "no cue raised it above a mild marker"
# The weights are fitted on transcripts, where the client's own words and the turn's place in the session are
# read; in notes they count as this middle value, so notes are rated on the same scale without a reason.
NEUTRAL_IN_NOTES = 0.5


@dataclass(frozen=True)
class CueValue:
    """One cue read at one turn: 0-1, and the words naming it (None: it cannot be named here)."""

    cue: CompiledCue
    value: float
    reason: str | None

    @property
    def contribution(self) -> float:
        return self.cue.cue.weight * self.value


@dataclass(frozen=True)
class TurnSignificance:
    turn: int
    significance: int
    reasons: tuple[str, ...]


def _strength(hits: Sequence[Hit], rule_strength: float) -> tuple[float, str]:
    """The clearest finding at the turn: a rule match counts as `rule_strength`, a model one by its score."""
    best, label = 0.0, ""
    for hit in hits:
        value, name = ((hit.score or 0.0), f"model {hit.score:.2f}") if hit.source == "model" \
            else (rule_strength, "a rule pattern matched")
        if value > best:
            best, label = value, name
    return best, label


def _measured(measure: str, cap: int, turn: int, text: str, last_turn: int) -> tuple[float, dict[str, object]]:
    """A transcript's `position` or `words` at the turn, 0-1, and what its reason may quote."""
    if measure == "position":
        return (turn / last_turn if last_turn else 0.0), {"turn": turn, "total": last_turn}
    count = len(text.split())
    return min(math.log1p(count) / math.log1p(cap), 1.0), {"count": count}


def wording_head(rules: RuleSet) -> Any:
    """What rates a rupture turn's words: nothing with the rules alone (`--no-model`), else the rule set's own
    (`rules.wording`, as the rating script gives each fold its own) or the one the wheel ships."""
    if rules.model is None:
        return None
    if rules.wording is not None:
        return rules.wording
    from rupturecli.model.wording import shipped_wording_head

    return shipped_wording_head()


def neutral(cue: SignificanceCue) -> float:
    """What a cue reads where it cannot be read (notes; the rules alone, for wording): its `neutral`, else the
    middle of its range."""
    return NEUTRAL_IN_NOTES if cue.neutral is None else cue.neutral


def wording_value(rating: float) -> float:
    """A 1-5 rating of a turn's words as a cue's 0-1."""
    return min(max((rating - 1.0) / 4.0, 0.0), 1.0)


def _wording(cue: SignificanceCue, text: str, kind: str, wording: Any) -> tuple[float, str | None]:
    """The turn's words as the coders would rate them, 1-5 read as 0-1, and the words that raised it.

    Notes (the clinician's words, not the client's) and the rules alone (no head) read the cue's `neutral`."""
    if wording is None or kind != "transcript":
        return neutral(cue), None
    rating, cues = wording.read(text)
    value = wording_value(rating)
    if value < cue.fires_at or not cues:
        return value, None
    return value, cue.reason.format(rating=min(max(rating, 1.0), 5.0), cues=", ".join(cues))


def cue_values(episode_hits: Sequence[Hit], turn: int, text: str, kind: str,
               significance: CompiledSignificance, last_turn: int = 0, wording: Any = None) -> list[CueValue]:
    """Every cue of the rating read at `turn` (0 when absent), in the order the rule data lists them.

    `last_turn`: the session's last turn, for a cue that reads how far into the session the turn comes;
    `wording`: what rates the turn's words (model.wording.WordingHead), None with the rules alone."""
    unit = "turn" if kind == "transcript" else "sentence"
    rupture_hits = [hit for hit in episode_hits if not hit.evidence_only]
    here = [hit for hit in rupture_hits if hit.turn == turn]
    earlier = len({hit.turn for hit in rupture_hits if hit.turn < turn})
    normal = normalise(text)
    negation = significance.negation  # 'not thinking of quitting' is no threat (the rubric's `negation:` words)
    values = []
    for compiled in significance.cues:
        cue = compiled.cue
        value, reason = 0.0, None
        if cue.only is not None and not any(hit.rupture == cue.only for hit in here):
            pass  # a measure narrowed to one type of rupture, which this turn does not show
        elif cue.measure in ("position", "words"):
            if kind == "transcript":
                value, named = _measured(cue.measure, cue.cap, turn, text, last_turn)
                reason = cue.reason.format(unit=unit, **named) if value >= cue.fires_at else None
            else:  # a note's sentences are the clinician's words in their order: read as the cue's neutral
                value = neutral(cue)
        elif cue.measure == "wording":
            value, reason = _wording(cue, text, kind, wording)
        elif cue.type is not None:
            if any(hit.rupture == cue.type for hit in here):
                value, reason = 1.0, cue.reason.format()
        elif cue.markers:
            found = next((hit for hit in here if hit.marker_id in cue.markers), None)
            if found is not None:
                value, reason = 1.0, cue.reason.format(marker=f"{found.marker_id} {found.name}")
        elif compiled.patterns:
            matches = [found for pattern in compiled.patterns for found in pattern.finditer(normal)
                       if negation is None or not negation.holds_before(normal, found.start())]
            if matches:
                first = min(matches, key=lambda found: found.start()).group(0)[:QUOTED_MATCH]
                value = min(len(matches), cue.cap) / cue.cap
                reason = cue.reason.format(match=first, count=len(matches))
        elif cue.measure == "persistence":
            value = min(earlier, cue.cap) / cue.cap
            units = unit if earlier == 1 else f"{unit}s"
            reason = cue.reason.format(count=earlier, unit=unit, units=units) if earlier else None
        elif cue.measure == "strength":
            value, label = _strength(here, significance.significance.rule_strength)
            reason = cue.reason.format(strength=label) if value >= cue.fires_at else None
        elif cue.measure == "evidence":
            evidence = [hit for hit in episode_hits if hit.evidence_only]
            if evidence:
                nearest = min(evidence, key=lambda hit: abs(hit.turn - turn))
                value = 1.0
                reason = cue.reason.format(marker=nearest.marker_id, unit=unit, turn=nearest.turn)
        values.append(CueValue(compiled, value, reason))
    return values


def rate(values: Sequence[CueValue], significance: CompiledSignificance) -> tuple[int, tuple[str, ...]]:
    """The 1-5 level of a weighted sum of cues, and the cues that raised it most, one reason each."""
    settings = significance.significance
    total = settings.intercept + sum(value.contribution for value in values)
    level = 1 + sum(1 for cut in settings.cuts if total >= cut)
    named = sorted((value for value in values if value.reason and value.contribution >= settings.reason_from),
                   key=lambda value: -value.contribution)
    reasons = tuple(dict.fromkeys(value.reason for value in named if value.reason))
    return level, reasons or (NOTHING_RAISED,)


def rate_turns(episode_hits: Sequence[Hit], texts: Mapping[int, str], kind: str,
               significance: CompiledSignificance, wording: Any = None) -> tuple[TurnSignificance, ...]:
    """Each rupture turn of an episode with its own rating, in turn order."""
    turns = sorted({hit.turn for hit in episode_hits if not hit.evidence_only})
    last_turn = max(texts, default=0)
    rated = []
    for turn in turns:
        values = cue_values(episode_hits, turn, texts.get(turn, ""), kind, significance, last_turn, wording)
        level, reasons = rate(values, significance)
        rated.append(TurnSignificance(turn, level, reasons))
    return tuple(rated)


def peak(turns: Sequence[TurnSignificance]) -> TurnSignificance:
    """The episode's most significant turn (the first of equals): its rating is the episode's."""
    return max(turns, key=lambda item: (item.significance, -item.turn))
