"""Repair in a group: by a therapist's strategy, or by another member reaching out.

A member's move after another member's rupture - validating them, owning their part, inviting the quiet one back
- counts as a repair when it is directed at the ruptured member (or comes from the member the rupture was
toward). The episode is resolved when the ruptured member comes back into the work afterwards.
"""

from __future__ import annotations

import regex

from rupturecli.detect.episodes import Episode
from rupturecli.detect.hits import StrategyHit
from rupturecli.detect.repair import Repair, SessionScan, too_weak
from rupturecli.group.targets import direction_of, member_target, target_member
from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.session import Session
from rupturecli.textutil import normalise

GROUP_REPAIR_WINDOW = 12  # session turns after an episode in which a therapist or a member may repair it
RE_ENGAGEMENT_REACH = 6  # further turns in which the ruptured member may come back


def member_repair_moves(session: Session, rules: RuleSet) -> tuple[StrategyHit, ...]:
    """Every member-repair move (MR-*) in the members' turns, by member ('member:<Label>')."""
    group = rules.group
    if group is None or not group.repairs:
        return ()
    found = []
    for turn in session.turns:
        if turn.speaker != "client":
            continue
        text = normalise(turn.text)
        for repair in group.repairs:
            match = first_match(repair.match, text)
            if match:
                quote = turn.text if len(turn.text) <= 320 else turn.text[:317] + "..."
                found.append(StrategyHit(repair.repair.id, "exploratory", turn.index, turn.line, quote,
                                         by=member_target(session.speaker_of(turn))))
                break
    return tuple(found)


def _toward_ruptured(move: StrategyHit, episode: Episode, session: Session, rules: RuleSet) -> bool:
    """A member's move repairs this episode when it comes from another member and is directed at the ruptured
    member, or comes from the member the rupture was toward."""
    mover = target_member(move.by)
    if mover is None or mover == episode.speaker:
        return False
    if target_member(episode.target) == mover:
        return True
    assert rules.group is not None
    return direction_of(session, move.turn - 1, rules.group, rules).target == member_target(episode.speaker)


def assess_group_repair(episode: Episode, following: Episode | None, scan: SessionScan,
                        member_moves: tuple[StrategyHit, ...]) -> Repair:
    """Resolved, attempted or unaddressed, with who repaired: the therapists' strategies and members' moves."""
    session, rules = scan.session, scan.rules
    start = episode.start_turn
    end = episode.end_turn + GROUP_REPAIR_WINDOW
    if following is not None:
        end = min(end, following.start_turn - 1)
    end = max(end, episode.end_turn)
    used = [hit for hit in scan.strategies_between(start, end) if _for_this_member(hit, episode, session)]
    used += [move for move in member_moves
             if start < move.turn <= end and _toward_ruptured(move, episode, session, rules)]
    used.sort(key=lambda hit: hit.turn)
    weak = too_weak(used)  # listed, but no evidence a repair was tried (detect/repair.py: COUNTED_SCORE)
    counted = [hit for hit in used if hit not in weak]
    if not counted:
        return Repair("unaddressed", tuple(used), None, weak)
    first = counted[0].turn
    for position in range(scan.from_turn(first + 1), len(session.turns)):
        turn = session.turns[position]
        if turn.index > end + RE_ENGAGEMENT_REACH:
            break
        if turn.speaker != "client" or session.speaker_of(turn) != episode.speaker or turn.index in scan.rupture_turns:
            continue
        if scan.comes_back(position):
            # what came before the member came back is what worked
            before = tuple(hit for hit in used if hit.turn < turn.index)
            return Repair("resolved", before, turn.index, tuple(hit for hit in weak if hit in before))
    return Repair("attempted", tuple(used), None, weak)


def _names(text: str, members: tuple[str, ...]) -> set[str]:
    """The members a turn names (whole words, any case), a possessive aside ("Jordan's side" is about Jordan's
    view, not said to Jordan)."""
    return {member for member in members
            if regex.search(rf"(?<!\w){regex.escape(member)}(?!\w)(?!['’]s\b)", text, regex.IGNORECASE)}


def _for_this_member(hit: StrategyHit, episode: Episode, session: Session) -> bool:
    """A therapist's strategy repairs this member's episode unless it is plainly for someone else: it names
    other members and not this one ("let Dana finish" does not repair Lou's withdrawal)."""
    named = _names(session.turns[hit.turn - 1].text, session.members)
    return not named or episode.speaker in named
