"""The group's figures: ruptures by direction, who repaired them, each member's part, and who withdrew."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from rupturecli.group.participation import Participation, Withdrawal, participation, withdrawals
from rupturecli.group.targets import target_kind, target_member
from rupturecli.session import Session

DIRECTIONS = ("therapist", "member", "group")


@dataclass(frozen=True)
class GroupSummary:
    members: tuple[str, ...]
    therapists: tuple[str, ...]
    by_direction: dict[str, int]
    between_members: tuple[tuple[str, str, int], ...]  # (from, toward, episodes)
    repaired_by: dict[str, int]  # resolved episodes by who made the repair moves: therapist, member (or both)
    attempted_by: dict[str, int]  # attempted (no coming back yet): therapist, member
    repairers: dict[str, int]  # each therapist's label and each member ('member:<Label>') -> repairs
    per_member: tuple[dict[str, Any], ...]
    participation: tuple[Participation, ...]
    withdrew: tuple[Withdrawal, ...]
    speaker_by_turn: tuple[str, ...] = ()  # who spoke each turn (a member or a therapist; "" for others)

    def renamed(self, label: Callable[[str], str]) -> GroupSummary:
        """The same figures with every member's and therapist's name passed through `label` (for --redact)."""
        def who(name: str) -> str:
            return f"member:{label(name[len('member:'):])}" if name.startswith("member:") else label(name)

        return replace(
            self, members=tuple(map(label, self.members)), therapists=tuple(map(label, self.therapists)),
            between_members=tuple((label(source), label(aimed), count)
                                  for source, aimed, count in self.between_members),
            repairers={who(name): count for name, count in self.repairers.items()},
            per_member=tuple({**item, "member": label(item["member"])} for item in self.per_member),
            participation=tuple(replace(item, member=label(item.member)) for item in self.participation),
            withdrew=tuple(replace(item, member=label(item.member)) for item in self.withdrew),
            speaker_by_turn=tuple(label(name) if name else name for name in self.speaker_by_turn))

    @property
    def unaddressed(self) -> int:
        return sum(item["unaddressed"] for item in self.per_member)

    @property
    def silent(self) -> tuple[str, ...]:
        return tuple(profile.member for profile in self.participation if profile.turns == 0)

    def text(self) -> str:
        """One plain paragraph for the report's end."""
        total = sum(self.by_direction.values())
        parts = [f"{len(self.members)} members, {len(self.therapists)} therapist"
                 f"{'s' if len(self.therapists) != 1 else ''}"]
        if total:
            parts.append("ruptures toward " + ", ".join(f"the {direction} {self.by_direction[direction]}"
                                                       if direction != "member" else
                                                       f"another member {self.by_direction[direction]}"
                                                       for direction in DIRECTIONS if self.by_direction[direction]))
            parts.append(f"resolved with a therapist's repair {self.repaired_by['therapist']}, with a member's "
                         f"{self.repaired_by['member']}; unaddressed {self.unaddressed}")
        else:
            parts.append("no ruptures")
        if self.withdrew:
            parts.append("withdrew after a rupture toward them: " + ", ".join(
                f"{item.member} (after turn {item.after_turn})" for item in self.withdrew))
        if self.silent:
            parts.append("never spoke: " + ", ".join(self.silent))
        return "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "therapists": list(self.therapists),
            "ruptures_by_direction": dict(self.by_direction),
            "between_members": [{"from": source, "toward": toward, "episodes": count}
                                for source, toward, count in self.between_members],
            "repaired_by": dict(self.repaired_by),
            "attempted_by": dict(self.attempted_by),
            "unaddressed": self.unaddressed,
            "repairers": dict(self.repairers),
            "per_member": [dict(item) for item in self.per_member],
            "participation": [profile.to_dict() for profile in self.participation],
            "withdrew": [item.to_dict() for item in self.withdrew],
            "silent_members": list(self.silent),
            "speaker_by_turn": list(self.speaker_by_turn),
            "text": self.text(),
        }


def _repairer_kind(by: str) -> str:
    return "member" if by.startswith("member:") else "therapist"


def summarise_group(session: Session, episodes: list[Any], silence_turns: int, drop: float) -> GroupSummary:
    """`episodes`: the session's EpisodeReports (episode, repair), each one member's toward one target."""
    by_direction = Counter({direction: 0 for direction in DIRECTIONS})
    between: Counter[tuple[str, str]] = Counter()
    repaired_by = Counter({"therapist": 0, "member": 0})
    attempted_by = Counter({"therapist": 0, "member": 0})
    repairers: Counter[str] = Counter()
    toward: dict[str, int] = {}
    own: dict[str, Counter[str]] = {member: Counter() for member in session.members}
    for item in episodes:
        episode, repair = item.episode, item.repair
        by_direction[target_kind(episode.target)] += 1
        aimed = target_member(episode.target)
        if aimed is not None:
            between[(episode.speaker, aimed)] += 1
            toward.setdefault(aimed, episode.start_turn)
            own.setdefault(aimed, Counter())["ruptures_toward_them"] += 1
        for kind in {_repairer_kind(hit.by) for hit in repair.counted}:
            (repaired_by if repair.status == "resolved" else attempted_by)[kind] += 1
        for by in {hit.by for hit in repair.counted}:
            repairers[by] += 1
            mover = target_member(by)
            if mover in own:
                own[mover]["repairs_made"] += 1
        counts = own.setdefault(episode.speaker, Counter())
        counts["episodes"] += 1
        counts[episode.type] += 1
        counts[f"toward_{target_kind(episode.target)}"] += 1
        counts[repair.status] += 1
    fields = ("episodes", "withdrawal", "confrontation", "toward_therapist", "toward_member", "toward_group",
              "resolved", "attempted", "unaddressed", "ruptures_toward_them", "repairs_made")
    per_member = tuple({"member": member, **{name: own[member][name] for name in fields}}
                       for member in session.members if member in own)
    return GroupSummary(
        session.members, session.therapists, dict(by_direction),
        tuple((source, aimed, count) for (source, aimed), count in sorted(between.items(),
                                                                          key=lambda item: (-item[1], item[0]))),
        dict(repaired_by), dict(attempted_by), dict(sorted(repairers.items())), per_member,
        participation(session, silence_turns), withdrawals(session, toward, drop),
        tuple(session.speaker_of(turn) if turn.speaker in ("client", "therapist") else "" for turn in session.turns))
