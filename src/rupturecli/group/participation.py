"""Each member's participation: how much they spoke, their silences, being talked over, and whether they withdrew.

A silence is a stretch of at least N turns by others (`silence_turns` in rules/group.yaml) in which the member
does not speak; a member who never speaks is silent for the whole session. Being talked over is a turn of
theirs that breaks off ("--", "-", "..." at its end) with another speaker's turn next. A member withdrew across
the session when, after the first rupture directed at them, they spoke less than a share (`participation_drop`)
of what they spoke per turn before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rupturecli.session import Session
from rupturecli.textutil import word_count

MIN_TURNS_AFTER = 4  # turns after the rupture before a fall in participation can be told
CUT_OFF = ("--", "-", "\u2014", "\u2013", "...", "\u2026")


@dataclass(frozen=True)
class Silence:
    after_turn: int  # the member's last turn before it (0: from the start)
    turns: int  # turns by others in a row


@dataclass(frozen=True)
class Participation:
    member: str
    turns: int
    words: int
    share_of_words: float
    silences: tuple[Silence, ...]
    talked_over: tuple[int, ...]  # their turns that broke off as another spoke

    @property
    def longest_silence(self) -> int:
        return max((silence.turns for silence in self.silences), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"member": self.member, "turns": self.turns, "words": self.words,
                "share_of_words": self.share_of_words, "silences": len(self.silences),
                "longest_silence_turns": self.longest_silence,
                "silence_after_turns": [silence.after_turn for silence in self.silences],
                "talked_over": len(self.talked_over), "talked_over_turns": list(self.talked_over)}


@dataclass(frozen=True)
class Withdrawal:
    """A member who spoke less after a rupture directed at them."""

    member: str
    after_turn: int  # the rupture toward them
    words_per_turn_before: float  # their words per session turn before it
    words_per_turn_after: float

    def to_dict(self) -> dict[str, Any]:
        return {"member": self.member, "after_turn": self.after_turn,
                "words_per_turn_before": self.words_per_turn_before,
                "words_per_turn_after": self.words_per_turn_after}


def _spoken_turns(session: Session) -> list[tuple[int, str, int]]:
    """(turn number, who, words) for every turn by a therapist or a member."""
    return [(turn.index, session.speaker_of(turn), word_count(turn.text)) for turn in session.turns
            if turn.speaker in ("client", "therapist")]


def participation(session: Session, silence_turns: int) -> tuple[Participation, ...]:
    """Every member's profile, in the order the session lists them (silent members too)."""
    spoken = _spoken_turns(session)
    member_words = {member: 0 for member in session.members}
    for _, who, words in spoken:
        if who in member_words:
            member_words[who] += words
    total = sum(member_words.values())
    profiles = []
    for member in session.members:
        mine = [(index, words) for index, who, words in spoken if who == member]
        profiles.append(Participation(member, len(mine), member_words[member],
                                      round(member_words[member] / total, 3) if total else 0.0,
                                      _silences(spoken, member, silence_turns), _talked_over(session, member)))
    return tuple(profiles)


def _silences(spoken: list[tuple[int, str, int]], member: str, at_least: int) -> tuple[Silence, ...]:
    found: list[Silence] = []
    run, last = 0, 0
    for index, who, _ in spoken:
        if who == member:
            if run >= at_least:
                found.append(Silence(last, run))
            run, last = 0, index
        else:
            run += 1
    if run >= at_least or (run and not any(who == member for _, who, _ in spoken)):
        found.append(Silence(last, run))
    return tuple(found)


def _talked_over(session: Session, member: str) -> tuple[int, ...]:
    turns = session.turns
    found = []
    for position, turn in enumerate(turns[:-1]):
        if turn.speaker == "client" and session.speaker_of(turn) == member \
                and turn.text.rstrip().endswith(CUT_OFF) and session.speaker_of(turns[position + 1]) != member:
            found.append(turn.index)
    return tuple(found)


def withdrawals(session: Session, toward: dict[str, int], drop: float) -> tuple[Withdrawal, ...]:
    """Members who spoke less after the first rupture directed at them (`toward`: member -> that turn)."""
    spoken = _spoken_turns(session)
    found = []
    for member, turn in sorted(toward.items(), key=lambda item: item[1]):
        before = [words if who == member else 0 for index, who, words in spoken if index <= turn]
        after = [words if who == member else 0 for index, who, words in spoken if index > turn]
        if not before or len(after) < MIN_TURNS_AFTER:
            continue
        rate_before, rate_after = sum(before) / len(before), sum(after) / len(after)
        if rate_before > 0 and rate_after < drop * rate_before:
            found.append(Withdrawal(member, turn, round(rate_before, 2), round(rate_after, 2)))
    return tuple(found)
