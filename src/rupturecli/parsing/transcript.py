"""Plain-text transcripts: one speaker turn starts with a label and a colon."""

from __future__ import annotations

from collections import Counter

from rupturecli.parsing.labels import SpeakerLabels, normalise_label, split_label
from rupturecli.parsing.members import NOT_A_PERSON, SPEAKS_ONCE, Roster, header_declaration, resolve_speakers
from rupturecli.session import Session, Turn


def _label_lines(lines: list[str]) -> list[tuple[int, str, str]]:
    found = []
    for number, line in enumerate(lines, start=1):
        parts = split_label(line)
        if parts:
            found.append((number, parts[0], parts[1]))
    return found


_LAST: list[tuple[str, list[str], list[tuple[int, str, str]]]] = []


def _split(text: str) -> tuple[list[str], list[tuple[int, str, str]]]:
    """The text's lines and its labelled lines; detection and parsing read the same text, so the last is kept."""
    if _LAST and _LAST[0][0] is text:
        return _LAST[0][1], _LAST[0][2]
    lines = text.split("\n")
    labelled = _label_lines(lines)
    _LAST[:] = [(text, lines, labelled)]
    return lines, labelled


def resolve_roles(labels: list[str], known: SpeakerLabels) -> tuple[dict[str, str], list[str]]:
    """Map each label to a role; guess a lone unknown speaker's role from the missing one.

    Returns the map (normalised label -> role) and warnings for labels we could not place.
    """
    counts = Counter(normalise_label(label) for label in labels)
    roles: dict[str, str] = {}
    unknown: list[str] = []
    for label in counts:
        role = known.role(label)
        if role:
            roles[label] = role
        elif counts[label] >= 2 or label in SPEAKS_ONCE:  # "Mother:" once is her turn, not the client's words
            unknown.append(label)
    warnings: list[str] = []
    present = set(roles.values())
    # the missing role goes to a lone recurring person: never 'Both' or 'All', nor a relative heard once
    persons = [label for label in unknown if label not in NOT_A_PERSON and counts[label] >= 2]
    if len(persons) == 1 and len(present) == 1:
        missing = "client" if "therapist" in present else "therapist"
        roles[persons[0]] = missing
        warnings.append(f"speaker label '{persons[0]}' taken as the {missing}")
        unknown.remove(persons[0])
    for label in unknown:
        roles[label] = "unknown"
        warnings.append(f"unknown speaker label '{label}': its turns are kept but not analysed "
                        "(declare it with --client-label or --therapist-label)")
    return roles, warnings


SOAP_SECTIONS = ("s", "o", "a", "p")


def _is_soap_note(labelled: list[tuple[int, str, str]]) -> bool:
    """S:/O:/A:/P: section heads (P is also 'patient'): a clinician's SOAP note, not a dialogue."""
    sections = [normalise_label(label) for _, label, _ in labelled if normalise_label(label) in SOAP_SECTIONS]
    return len(set(sections)) >= 3 and sections == sorted(sections, key=SOAP_SECTIONS.index)


def looks_like_transcript(text: str, known: SpeakerLabels) -> bool:
    """True when enough lines start with speaker labels of both roles."""
    lines, labelled = _split(text)
    if len(labelled) < 2 or _is_soap_note(labelled):
        return False
    roles = roster_of(lines, labelled, known).roles
    turn_lines = [label for _, label, _ in labelled if roles.get(normalise_label(label)) in ("therapist", "client")]
    present = {roles[normalise_label(label)] for label in turn_lines}
    if present != {"therapist", "client"}:
        return False
    nonblank = sum(1 for line in lines if line.strip())
    return len(turn_lines) >= 4 or len(turn_lines) * 2 >= nonblank


# Said (in the report's warnings, and by `check` on stderr) of a file read as notes that looks like dialogue; it
# names no label, since a label can be a client's name.
READ_AS_NOTES = ("read as narrative notes, though most of its lines start with a speaker label: no pair of therapist "
                 "and client labels was recognised; name them with --therapist-label and --client-label, or give "
                 "--input-kind transcript")


# Section headings of structured progress notes (BIRP, GIRP, PIRP, SOAP, DAP): a note's own structure, never a
# speaker label left unrecognised.
NOTE_SECTIONS = frozenset({
    "behavior", "behaviour", "intervention", "interventions", "response", "plan", "subjective", "objective",
    "assessment", "data", "goal", "goals", "problem", "progress",
})


def looks_like_unread_dialogue(text: str) -> bool:
    """Most lines start with a label and one label recurs (a client alone, or labels it does not know), but it is
    no transcript: read as notes, nothing of it would be found, and a CI check would pass in silence. A notes
    section heading (`Behavior:`, `Plan:`, `Subjective:`, `Data:`...) is no speaker label."""
    lines, labelled = _split(text)
    if len(labelled) < 2 or _is_soap_note(labelled):
        return False
    labelled = [line for line in labelled if normalise_label(line[1]) not in NOTE_SECTIONS]
    if len(labelled) < 2:
        return False
    counts = Counter(normalise_label(label) for _, label, _ in labelled)
    nonblank = sum(1 for line in lines if line.strip())
    return max(counts.values()) >= 2 and len(labelled) * 2 >= nonblank


def roster_of(lines: list[str], labelled: list[tuple[int, str, str]], known: SpeakerLabels,
              every_label_speaks: bool = False) -> Roster:
    """The roles of the labels, and the members and therapists (header lines declare them, else inferred)."""
    return resolve_speakers([label for _, label, _ in labelled], known, header_declaration(lines),
                            every_label_speaks)


def parse_transcript(text: str, source: str, known: SpeakerLabels | None = None,
                     every_label_speaks: bool = False) -> Session:
    """Split a transcript into turns; lines without a label continue the previous turn.

    `every_label_speaks`: every labelled line is a turn (a rule's example), so a name used once is a speaker."""
    known = known or SpeakerLabels()
    lines, labelled = _split(text)
    roster = roster_of(lines, labelled, known, every_label_speaks)
    roles, warnings = roster.roles, roster.warnings
    starts = {number: (label, body) for number, label, body in labelled if normalise_label(label) in roles}
    turns: list[Turn] = []
    current: dict | None = None

    def close() -> None:
        if current and current["text"].strip():
            turns.append(Turn(index=len(turns) + 1, speaker=current["speaker"], text=current["text"].strip(),
                              line=current["line"], label=current["label"],
                              member=roster.member_of.get(normalise_label(current["label"]), "")))

    for number, line in enumerate(lines, start=1):
        if number in starts:
            close()
            label, body = starts[number]
            current = {"speaker": roles[normalise_label(label)], "text": body, "line": number, "label": label}
        elif current is not None and line.strip():
            current["text"] += " " + line.strip()
    close()
    return Session(file=source, kind="transcript", turns=tuple(turns), warnings=tuple(warnings),
                   members=roster.members, therapists=roster.therapists)
