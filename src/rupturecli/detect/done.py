"""What the therapist did about an episode, told back in the report: what worked, what was tried, and the
approach the client came back from. Only the strategies the report can stand behind are told: a rule's, or the
model's when it is fairly sure.
"""

from __future__ import annotations

from rupturecli.detect.episodes import Episode
from rupturecli.detect.hits import StrategyHit
from rupturecli.detect.repair import Repair
from rupturecli.rules.compiled import RuleSet

NARRATED = 0.5  # a model strategy at least this likely is told back in "what worked" and "already tried"


def approach_that_worked(repair: Repair, rules: RuleSet, kind: str, client: str) -> tuple[str, str] | None:
    """A resolved rupture's approach: that of the therapist's strategies before the client came back, when they
    share one (a clarification that brought a withdrawn client back says an immediate approach fit)."""
    if repair.status != "resolved":
        return None
    came_back = repair.re_engagement_turn
    worked = [hit for hit in repair.counted if not hit.by.startswith("member:")
              and (hit.source != "model" or (hit.score or 0.0) >= NARRATED)
              and (came_back is None or hit.turn < came_back)]
    known = [rules.loaded.strategies.get(hit.strategy_id) for hit in worked]
    approaches = {strategy.approach for strategy in known if strategy is not None}
    if len(approaches) != 1 or any(strategy is None for strategy in known):
        return None
    approach = approaches.pop()
    unit = "turn" if kind == "transcript" else "sentence"
    first: dict[str, int] = {}
    for hit in worked:
        first.setdefault(hit.strategy_id, hit.turn)
    done = ", ".join(f"{strategy_id} ({unit} {turn})" for strategy_id, turn in first.items())
    article = "an immediate" if approach == "immediate" else "an exploratory"
    return approach, f"{client} came back after {done}: {article} approach fit"


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
        if hit.source == "model" and (hit.score or 0.0) < NARRATED:
            continue  # a weak guess is listed with its score, never told back as something "you" did
        first_of.setdefault((hit.strategy_id, hit.by if hit.by.startswith("member:") else ""), hit)
    if not first_of:
        return None, ()
    stayed = "withdrawn" if episode.type == "withdrawal" else "confrontational"
    ruptures = [hit.turn for hit in episode.hits if not hit.evidence_only]
    if repair.status == "resolved":
        came_back = repair.re_engagement_turn
        before = [hit for hit in first_of.values() if came_back is None or hit.turn < came_back]
        # a strategy the client answered with more of the rupture did not bring them back: a later one did
        answered = [hit for hit in before if any(hit.turn < turn < (came_back or turn + 1) for turn in ruptures)]
        done = [_done(hit, rules, unit) for hit in before if hit not in answered]
        tried = tuple(f"{_done(hit, rules, unit, already=True)}; {client} stayed {stayed}" for hit in answered)
        if not done:  # the client came back before any strategy, or after one they first met with more of it
            return f"{client} came back into the work at {unit} {came_back}", tried
        return f"{'; '.join(done)}, and {client} came back into the work at {unit} {came_back}", tried
    return None, tuple(f"{_done(hit, rules, unit, already=True)}; "
                       + (f"{client} stayed {stayed}" if any(turn > hit.turn for turn in ruptures)
                          else f"no clear sign yet that {client} came back")  # nothing after it says either way
                       for hit in first_of.values())
