"""Two codings side by side: the sessions both hold, paired turn by turn and as a whole.

The statistics (`stats.py`, `report.py`) read the pairs; what could not be paired becomes a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rupturecli.agreement.coding import Coding, Label, SessionCodes
from rupturecli.agreement.transcripts import find_transcript, transcript_turns

NOT_RUPTURES = frozenset(("none", "uncertain"))


@dataclass(frozen=True)
class TurnPair:
    session: str
    turn: int
    reference: Label
    compared: Label


@dataclass(frozen=True)
class SessionPair:
    session: str
    reference: bool | None
    compared: bool | None
    reference_types: frozenset[str]
    compared_types: frozenset[str]


@dataclass
class Alignment:
    """Two codings side by side: sessions on both sides, their turns, and what could not be paired."""

    matched: list[str] = field(default_factory=list)
    only_reference: list[str] = field(default_factory=list)
    only_compared: list[str] = field(default_factory=list)
    turns: list[TurnPair] = field(default_factory=list)
    sessions: list[SessionPair] = field(default_factory=list)
    session_level_only: list[str] = field(default_factory=list)
    flagged_turns_only: list[str] = field(default_factory=list)
    not_client_turns: dict[str, list[int]] = field(default_factory=dict)  # coded ruptures on others' turns
    missing_turns: dict[str, list[int]] = field(default_factory=dict)  # coded turns the transcript lacks
    uncoded_turns: dict[str, list[int]] = field(default_factory=dict)  # client turns neither side codes
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # reference sessions that fit several
    warnings: list[str] = field(default_factory=list)


def align(reference: Coding, compared: Coding, transcripts: Path | None = None) -> Alignment:
    """Pair the sessions both codings hold, and within them every turn either side codes.

    A turn one side lists and the other does not is "none" on the other side. When neither side lists
    every turn (results and coder files list ruptures only), the client turns of the session's transcript
    are scored too: from `transcripts`, next to gold-dev coder files, or at the path a result names.
    """
    alignment = Alignment()
    pairs, alignment.ambiguous = paired_keys(reference, compared)
    alignment.matched = sorted(pairs)
    if alignment.ambiguous:
        alignment.warnings.append(ambiguity_warning(alignment.ambiguous))
    alignment.only_reference = sorted(set(reference.sessions) - set(pairs))
    alignment.only_compared = sorted(set(compared.sessions) - set(pairs.values()))
    for side, names in (("reference", alignment.only_reference), ("compared", alignment.only_compared)):
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            alignment.warnings.append(f"{len(names)} session{'s' if len(names) != 1 else ''} only in the {side} "
                                      f"file ({shown}): not scored")
    for key in alignment.matched:
        first, second = reference.sessions[key], compared.sessions[pairs[key]]
        alignment.sessions.append(SessionPair(key, first.rupture, second.rupture, first.types, second.types))
        if first.turns is None or second.turns is None:
            alignment.session_level_only.append(key)
            continue
        units = set(first.turns) | set(second.turns)
        transcript = (find_transcript(transcripts, key) if transcripts is not None else None) \
            or first.transcript or second.transcript
        found = transcript_turns(transcript) if transcript is not None else None
        if found is not None:
            missing = sorted(units - found.every)
            if missing:  # no turn there to agree or disagree on
                alignment.missing_turns[key] = missing
                units -= set(missing)
            not_client = sorted(turn for turn in units if turn not in found.client and
                                {first.turns.get(turn, "none"), second.turns.get(turn, "none")} - NOT_RUPTURES)
            if not_client:
                alignment.not_client_turns[key] = not_client
        if not (first.lists_every_turn or second.lists_every_turn):
            if found is None:
                alignment.flagged_turns_only.append(key)
            else:
                units |= found.client
        elif found is not None and found.client - units:
            alignment.uncoded_turns[key] = sorted(found.client - units)
        for turn in sorted(units):
            alignment.turns.append(TurnPair(key, turn, first.turns.get(turn, "none"), second.turns.get(turn, "none")))
    if alignment.session_level_only:
        count = len(alignment.session_level_only)
        alignment.warnings.append(f"{count} session{'s' if count != 1 else ''} coded as a whole only: "
                                  "session-level statistics only")
    _turn_warnings(alignment)
    if alignment.not_client_turns:
        shown = "; ".join(f"{key}: {', '.join(map(str, turns[:5]))}" for key, turns in
                          list(alignment.not_client_turns.items())[:3])
        count = sum(len(turns) for turns in alignment.not_client_turns.values())
        alignment.warnings.append(
            f"{count} coded rupture turn{'s are' if count != 1 else ' is'} not a client turn of the session's "
            f"transcript ({shown}): turns are numbered over every speaker turn, as `rupture analyze` numbers them")
    if alignment.flagged_turns_only:
        count = len(alignment.flagged_turns_only)
        alignment.warnings.append(
            f"{count} session{'s' if count != 1 else ''} without a transcript and with ruptures listed on both "
            "sides only: only the turns either side flags are scored there (give --transcripts DIR)")
    return alignment


def _turn_warnings(alignment: Alignment) -> None:
    """Coded turns the transcript does not have, and client turns it has that neither side codes."""
    if alignment.missing_turns:
        count = sum(len(turns) for turns in alignment.missing_turns.values())
        alignment.warnings.append(
            f"{count} coded turn{'s' if count != 1 else ''} {'do' if count != 1 else 'does'} not exist in the "
            f"session's transcript ({_shown(alignment.missing_turns)}): not scored; turns are numbered over every "
            "speaker turn, as `rupture analyze` numbers them")
    if alignment.uncoded_turns:
        count = sum(len(turns) for turns in alignment.uncoded_turns.values())
        sessions = len(alignment.uncoded_turns)
        alignment.warnings.append(
            f"{count} client turn{'s' if count != 1 else ''} of {sessions} session{'s' if sessions != 1 else ''} "
            f"{'are' if count != 1 else 'is'} coded on neither side ({_shown(alignment.uncoded_turns)}): not "
            "scored; a codes CSV lists every client turn of a session it codes, with none where there is no rupture")


def _shown(turns: dict[str, list[int]]) -> str:
    return "; ".join(f"{key}: {', '.join(map(str, numbers[:5]))}{' ...' if len(numbers) > 5 else ''}"
                     for key, numbers in list(turns.items())[:3]) + (" ..." if len(turns) > 3 else "")


def ambiguity_warning(ambiguous: dict[str, list[str]]) -> str:
    shown = "; ".join(f"{key}: {', '.join(keys[:3])}" for key, keys in list(ambiguous.items())[:3])
    return (f"{len(ambiguous)} session{'s' if len(ambiguous) != 1 else ''} of the reference match several of the "
            f"other file ({shown}): name each by its folder")


def paired_keys(reference: Coding, compared: Coding) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Reference key -> compared key of the sessions both hold: the same key, or else the same file told by its
    folders (results keyed 'ana/s1' from 'corpus/ana/s1.txt', codes listing 'ana/s1.txt' once and keyed 's1'),
    or a table's session by its id as written ('A1' or 'v1.2' for 'archive.csv#v1.2'), when that pairing is the
    only one either way. Also the reference sessions that match several (to be named in a warning)."""
    pairs = {key: key for key in reference.sessions if key in compared.sessions}
    left = [item for key, item in reference.sessions.items() if key not in pairs]
    right = [item for key, item in compared.sessions.items() if key not in pairs]
    candidates = {item.key: [other.key for other in right if _same_file(item, other)] for item in left}
    taken = [key for keys in candidates.values() for key in keys]
    for key, keys in candidates.items():
        if len(keys) == 1 and taken.count(keys[0]) == 1:
            pairs[key] = keys[0]
    ends = {item.key: [other.key for other in right if _ends_with(other.path_parts, item.key)]
            for item in left if item.key not in pairs}
    return pairs, {key: keys for key, keys in ends.items() if len(keys) > 1}


def _same_file(first: SessionCodes, second: SessionCodes) -> bool:
    """Each one's key ends the other's path ('ana/s1' and ('ana', 's1')), or one is a table's session and the
    other names it by its id alone."""
    if _ends_with(second.path_parts, first.key) and _ends_with(first.path_parts, second.key):
        return True
    for table, other in ((first, second), (second, first)):
        if table.table_id is not None and other.table_id is None and table.table_id in (other.written.strip(),
                                                                                          other.key):
            return True
    return False


def _ends_with(parts: tuple[str, ...], key: str) -> bool:
    wanted = tuple(key.split("/"))
    return len(parts) >= len(wanted) and parts[-len(wanted):] == wanted


__all__ = ["Alignment", "SessionPair", "TurnPair", "align", "ambiguity_warning", "paired_keys"]
