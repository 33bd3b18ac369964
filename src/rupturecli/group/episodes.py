"""A group's episodes: each member's near markers toward one target form an episode.

A member speaks once in several turns, so the gap between two of an episode's turns counts the member's own
turns (two of their turns apart, as in an alternating dyad), not the session's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from rupturecli.detect.episodes import Episode, build_episodes
from rupturecli.detect.hits import Hit
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session

MEMBER_GAP = 2  # of the member's own turns


def member_positions(session: Session) -> dict[str, dict[int, int]]:
    """member -> (turn number -> the how-manyth of their turns it is)."""
    positions: dict[str, dict[int, int]] = {}
    for turn in session.turns:
        if turn.speaker == "client":
            mine = positions.setdefault(session.speaker_of(turn), {})
            mine[turn.index] = len(mine)
    return positions


def build_member_episodes(hits: tuple[Hit, ...], session: Session, rules: RuleSet,
                          texts: Mapping[int, str] | None = None) -> list[Episode]:
    """Every member's episodes, one member and one direction each, in the order they start."""
    positions = member_positions(session)
    by_owner: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        if not hit.evidence_only:
            by_owner.setdefault((hit.speaker, hit.target), []).append(hit)
    episodes: list[Episode] = []
    for (speaker, target), owned in by_owner.items():
        built = build_episodes(tuple(owned), "transcript", rules, texts, at=positions.get(speaker, {}),
                               gap=MEMBER_GAP)
        episodes += [_directed(replace(episode, speaker=speaker, target=target)) for episode in built]
    return sorted(episodes, key=lambda episode: (episode.start_turn, episode.speaker))


THERAPIST_WORDS = ("the therapist or the work", "the therapist or the therapy", "the therapist")


def _directed(episode: Episode) -> Episode:
    """Significance reasons name whom the episode is directed at: a cue that a dyad reads as 'speaks to the
    therapist directly' speaks to the member or the group here."""
    if episode.target == "therapist":
        return episode
    who = episode.target[len("member:"):] if episode.target.startswith("member:") else f"the {episode.target}"

    def said(reason: str) -> str:
        for words in THERAPIST_WORDS:
            reason = reason.replace(words, who)
        return reason

    ratings = tuple(replace(rating, reasons=tuple(map(said, rating.reasons))) for rating in episode.turn_ratings)
    return replace(episode, reasons=tuple(map(said, episode.reasons)), turn_ratings=ratings)
