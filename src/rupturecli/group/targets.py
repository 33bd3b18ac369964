"""Toward whom a member's rupture is directed: a therapist, another member, or the group and its frame.

The target rules are data (`group:` in rules/group.yaml), tried in order: the turn names or addresses another
member, mentions the group or its frame, says "you" right after another member spoke, answers a member's
question, or else follows a therapist's turn. A complaint about another member is not a complaint about the
therapist: the marker keeps its type and is re-labelled for its direction (C1 toward a member reads as C1-M).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rupturecli.detect.contexts import classify_turn
from rupturecli.detect.hits import Detection, Hit
from rupturecli.parsing.labels import normalise_label
from rupturecli.rules.compiled import CompiledGroup, CompiledTargetRule, MemberPattern, RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import normalise

MEMBER = "member:"
THERAPIST = "therapist"
GROUP = "group"


def member_target(member: str) -> str:
    return f"{MEMBER}{member}"


def target_kind(target: str) -> str:
    """therapist, member or group."""
    return "member" if target.startswith(MEMBER) else target


def target_member(target: str) -> str | None:
    return target[len(MEMBER):] if target.startswith(MEMBER) else None


@dataclass(frozen=True)
class Direction:
    """Toward whom a turn is directed, and the target rule that said so (`fallback` when none held)."""

    target: str
    rule: str


@dataclass(frozen=True)
class Before:
    """What came before a member's turn: the turn just before by someone else, and the last non-member turn."""

    other: Turn | None
    non_member: Turn | None


def before(session: Session, position: int) -> Before:
    """The turns a target rule looks back at, from the turn at `position` (0-based)."""
    me = session.turns[position]
    other = non_member = None
    for earlier in reversed(session.turns[:position]):
        if other is None and earlier.speaker in ("client", "therapist") and not (
                earlier.speaker == "client" and earlier.member == me.member):
            other = earlier
        if non_member is None and earlier.speaker != "client":
            non_member = earlier
        if other is not None and non_member is not None:
            break
    return Before(other, non_member)


def _canonical(name: str, members: tuple[str, ...]) -> str | None:
    key = normalise_label(name)
    return next((member for member in members if normalise_label(member) == key), None)


def _rule_holds(rule: CompiledTargetRule, text: str, seen: Before, others: tuple[str, ...],
                rules: RuleSet) -> str | None:
    """The target this rule gives the turn, or None when it does not hold."""
    definition = rule.rule
    previous = seen.other
    if definition.previous == "member" and (previous is None or previous.speaker != "client"):
        return None
    if definition.previous == "therapist" and (seen.non_member is None or seen.non_member.speaker != THERAPIST):
        return None
    if definition.previous_context and (previous is None or not classify_turn(previous.text, rules)
                                        & set(definition.previous_context)):
        return None
    named: str | None = None
    if rule.match:
        found = None
        for pattern in rule.match:
            compiled = pattern.for_members(others) if isinstance(pattern, MemberPattern) else pattern
            found = first_match((compiled,), text)
            if found:
                break
        if not found:
            return None
        if "member" in found.re.groupindex and found.group("member"):
            named = _canonical(found.group("member"), others)
    if definition.target != "member":
        return definition.target
    if named is None and previous is not None and previous.speaker == "client":
        named = previous.member
    return member_target(named) if named else None


def direction_of(session: Session, position: int, group: CompiledGroup, rules: RuleSet) -> Direction:
    """Toward whom the member's turn at `position` (0-based) is directed."""
    me = session.turns[position]
    others = tuple(member for member in session.members if member != me.member)
    text = normalise(me.text)
    seen = before(session, position)
    for rule in group.targets:
        target = _rule_holds(rule, text, seen, others, rules)
        if target is not None:
            return Direction(target, rule.rule.id)
    return Direction(group.rules.fallback, "fallback")


def rule_applies(rule: CompiledTargetRule, session: Session, position: int, rules: RuleSet) -> bool:
    """Does this one target rule hold for the turn at `position` (for its examples)?"""
    me = session.turns[position]
    others = tuple(member for member in session.members if member != me.member)
    return _rule_holds(rule, normalise(me.text), before(session, position), others, rules) is not None


def assign_targets(detection: Detection, session: Session, rules: RuleSet) -> Detection:
    """Every hit with its speaker and target; in a group, markers re-labelled for their direction."""
    if session.kind == "notes":
        client = session.client or "client"
        hits = tuple(replace(hit, speaker=THERAPIST, target="") if hit.evidence_only
                     else replace(hit, speaker=client, target=THERAPIST) for hit in detection.hits)
        return replace(detection, hits=hits)
    turns = session.turns
    if not session.is_group or rules.group is None:
        hits = tuple(replace(hit, speaker=session.speaker_of(turns[hit.turn - 1]), target=THERAPIST)
                     for hit in detection.hits)
        return replace(detection, hits=hits)
    directions: dict[int, Direction] = {}
    kept: list[Hit] = []
    seen: set[tuple[int, str]] = set()
    for hit in detection.hits:
        if hit.turn not in directions:
            directions[hit.turn] = direction_of(session, hit.turn - 1, rules.group, rules)
        directed = _directed(hit, directions[hit.turn].target, session, rules)
        if directed is not None and (directed.turn, directed.marker_id) not in seen:
            seen.add((directed.turn, directed.marker_id))
            kept.append(directed)
    return replace(detection, hits=tuple(kept))


def _directed(hit: Hit, target: str, session: Session, rules: RuleSet) -> Hit | None:
    """The hit with its speaker and target, re-labelled for the direction; None when the marker does not hold
    toward this target (a marker about a member when no member is addressed)."""
    group = rules.group
    if group is None:
        return hit
    turn = session.turns[hit.turn - 1]
    hit = replace(hit, speaker=session.speaker_of(turn), target=target)
    definition = rules.marker(hit.marker_id)
    fixed = definition.target if definition is not None else None
    if fixed == GROUP:
        return replace(hit, target=GROUP)
    if fixed == "member":
        return hit if target.startswith(MEMBER) else None
    meant_id = group.rules.retarget.get(target_kind(target), {}).get(hit.marker_id)  # type: ignore[call-overload]
    if meant_id is None:
        return hit
    meant = next((compiled.marker for compiled in rules.markers if compiled.marker.id == meant_id), None)
    if meant is None:
        return None  # left out by the selection (--ignore)
    return replace(hit, marker_id=meant.id, name=meant.name, weight=meant.weight)
