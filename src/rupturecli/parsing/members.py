"""Who is in the room: a session's members (clients) and therapists, declared or inferred from speaker labels.

Group, couples and family sessions have several clients. They are declared (`members:` and `therapists:` in
YAML notes, or `# members: A, B` / `# therapists: X, Y` header lines at the top of a transcript) or inferred
from the labels: therapist-like labels (Therapist, Co-therapist, Leader, Co-leader, Facilitator, Counsellor,
T, T1, T2, Dr X...) are therapists and the other speakers (names, Member 1, P1, Client 2) members. A session
with one client is read exactly as before: the inference only steps in when two or more people besides the
therapists speak.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

from rupturecli.parsing.given_names import GIVEN_NAMES
from rupturecli.parsing.labels import CLIENT_LABELS, SpeakerLabels, normalise_label

THERAPIST_WORDS = (r"(?:psycho)?therapist|leader|facilitator|counsell?or|clinician|psychologist|psychiatrist|"
                   r"practitioner|coach|conductor|interviewer|moderator|trainee|provider|doctor|clinician")
THERAPIST_LIKE = re.compile(
    rf"^(?:(?:co|group|lead|assistant|senior|trainee)[- ]?)?(?:{THERAPIST_WORDS})(?:[- ]?(?:\d{{1,2}}|[a-z]))?$"
    r"|^(?:co[- ]?)?th?[- ]?\d{0,2}$|^(?:dr|doctor|prof)\.?\s+\S.*$"
)
# Labels that are members by their shape even when they speak only once (Member 3, P2, Client B, Partner A).
MEMBER_LIKE = re.compile(r"^(?:member|participant|client|patient|partner|person|resident|student|speaker|"
                         r"pt|p|m|c)[- #]?(?:\d{1,2}|[a-z])$")
# Labels that name no one person: kept out of the members (their turns are kept but not analysed).
NOT_A_PERSON = frozenset(
    "all both everyone everybody group members others several many multiple unknown unidentified inaudible "
    "crosstalk cross-talk voices voice someone somebody audience note notes comment comments observer "
    "observation interpreter translator scribe supervisor narrator transcriber speaker speakers various "
    "session date time summary plan homework agenda goal goals topic context background break".split()
) | {"group members", "note taker", "all members", "several members", "multiple speakers"}
# Labels that are somebody speaking even when they speak once: a relative or carer who joins for a moment, an
# interpreter, the whole room. In a dyad they are kept, not analysed, rather than read as the line before it.
SPEAKS_ONCE = frozenset(
    "mother father mum mom dad parent parents wife husband partner son daughter sister brother grandmother "
    "grandfather grandma grandpa gran nan aunt uncle carer caregiver guardian friend girlfriend boyfriend "
    "interpreter translator all both everyone everybody family".split())
HEADER = re.compile(r"^\s*#\s*(?P<role>members|therapists)\s*:\s*(?P<names>.*?)\s*$", re.IGNORECASE)


def therapist_like(label: str) -> bool:
    """A label a group transcript gives a therapist: Therapist, Co-therapist, Leader, Facilitator, T1, Dr X."""
    return bool(THERAPIST_LIKE.match(normalise_label(label)))


def member_like(label: str) -> bool:
    """A label that is a member by its shape or a given name, so it counts even if it speaks once."""
    key = normalise_label(label)
    return bool(MEMBER_LIKE.match(key)) or key in GIVEN_NAMES


def _name_like(label: str) -> bool:
    """One capitalised word that is not an everyday word ("Dana", not "Anyway"): a name, as written."""
    from rupturecli.parsing.common_words import COMMON_WORDS

    word = label.strip()
    return word.isalpha() and word[0].isupper() and word.lower() not in COMMON_WORDS


@dataclass(frozen=True)
class Declared:
    """Members and therapists the file names itself (YAML keys or transcript header lines)."""

    members: tuple[str, ...] = ()
    therapists: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.members or self.therapists)


def header_declaration(lines: list[str]) -> Declared:
    """`# members: A, B` and `# therapists: X, Y` lines before the first line of speech."""
    found: dict[str, tuple[str, ...]] = {"members": (), "therapists": ()}
    for line in lines:
        if not line.strip():
            continue
        match = HEADER.match(line)
        if match is None:
            if line.lstrip().startswith("#"):
                continue  # another comment line of the header
            break
        names = tuple(name.strip() for name in match.group("names").split(",") if name.strip())
        found[match.group("role").lower()] += names
    return Declared(found["members"], found["therapists"])


@dataclass(frozen=True)
class Roster:
    """Every speaker label's role, and the people behind them."""

    roles: dict[str, str]  # normalised label -> therapist, client or unknown
    members: tuple[str, ...] = ()  # the clients, as first written (declared members first, even silent ones)
    therapists: tuple[str, ...] = ()
    member_of: dict[str, str] = field(default_factory=dict)  # normalised client label -> member
    warnings: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1


def _named_client(label: str, known: SpeakerLabels) -> bool:
    """A label the user named a client (--client-label), beyond the generic Client, P, Patient..."""
    key = normalise_label(label)
    return key in known.client and key not in CLIENT_LABELS


def _spellings(labels: list[str]) -> dict[str, str]:
    """Normalised label -> its first spelling, in order of first appearance."""
    written: dict[str, str] = {}
    for label in labels:
        written.setdefault(normalise_label(label), label.strip())
    return written


def _unknown_warning(label: str) -> str:
    return (f"unknown speaker label '{label}': its turns are kept but not analysed "
            "(declare it with --client-label or --therapist-label)")


def resolve_speakers(labels: list[str], known: SpeakerLabels, declared: Declared | None = None,
                     every_label_speaks: bool = False) -> Roster:
    """The roles of a transcript's labels and who the members are.

    `labels`: the speaker label of every turn start, in order. `every_label_speaks`: each label is certainly a
    speaker (YAML turns, caption voices), so one that appears once counts too.
    """
    from rupturecli.parsing.transcript import resolve_roles  # today's reading of one client and a therapist

    declared = declared or Declared()
    if declared.therapists and not declared.members:  # the therapists named, the members still to infer
        with_therapists = copy.deepcopy(known)
        for name in declared.therapists:
            with_therapists.add_therapist(name)
        inferred = _inferred_roster(labels, with_therapists, every_label_speaks)
        if inferred is not None:
            return inferred
    named = [label for key, label in _spellings(labels).items() if _named_client(key, known)]
    if not declared and len(named) >= 2:  # --client-label names several: they are the members
        declared = Declared(tuple(named))
    if declared:
        return _declared_roster(labels, known, declared)
    if named:  # --client-label names the one client: the others are read as before
        roles, warnings = resolve_roles(labels, known)
        return _dyad_roster(labels, roles, warnings)
    inferred = _inferred_roster(labels, known, every_label_speaks)
    if inferred is not None:
        return inferred
    roles, warnings = resolve_roles(labels, known)
    return _dyad_roster(labels, roles, warnings)


def _dyad_roster(labels: list[str], roles: dict[str, str], warnings: list[str]) -> Roster:
    """One client: every client label is that one member (the first one written)."""
    written = _spellings(labels)
    clients = [key for key in written if roles.get(key) == "client"]
    member = written[clients[0]] if clients else None
    return Roster(roles, (member,) if member else (),
                  tuple(written[key] for key in written if roles.get(key) == "therapist"),
                  {key: member for key in clients} if member else {}, tuple(warnings))


def _inferred_roster(labels: list[str], known: SpeakerLabels, every_label_speaks: bool) -> Roster | None:
    """A group when two or more people besides the therapists speak and a therapist does; else None."""
    written = _spellings(labels)
    counts = Counter(normalise_label(label) for label in labels)
    therapists: list[str] = []
    people: list[str] = []
    once: list[str] = []  # labels seen once that look like a member: they join a group found without them
    others: list[str] = []
    for key in written:
        role = known.role(key)
        if role == "therapist" or (role is None and therapist_like(key)):
            therapists.append(key)
        elif role == "client":
            people.append(key)
        elif key in NOT_A_PERSON:
            others.append(key)
        elif counts[key] >= 2 or every_label_speaks:
            people.append(key)
        elif member_like(key) or _name_like(written[key]):
            once.append(key)
    generic = [key for key in people if key in CLIENT_LABELS]  # Client, P, Patient...: one person
    persons = len(people) - len(generic) + (1 if generic else 0)
    if persons == 1 and not generic and any(_name_like(written[key]) for key in once):
        persons = 2  # two named partners, one of whom speaks once ("Jordan" x2, "Sam" x1): a couple, not a dyad
    if persons < 2 or not therapists:
        return None
    people = [key for key in written if key in people or key in once]
    member_of = {key: written[generic[0]] if key in generic else written[key] for key in people}
    members = tuple(dict.fromkeys(member_of.values()))
    roles = {key: "therapist" for key in therapists} | {key: "client" for key in people}
    warnings = [f"{len(members)} members inferred: {', '.join(members)}; therapists: "
                f"{', '.join(written[key] for key in therapists)} (declare `members:` to override)"]
    for key in others:
        if counts[key] >= 2 or every_label_speaks or key in SPEAKS_ONCE:  # 'Interpreter:' once is still a turn
            roles[key] = "unknown"
            warnings.append(_unknown_warning(key))
    return Roster(roles, members, tuple(written[key] for key in therapists), member_of, tuple(warnings))


def _declared_roster(labels: list[str], known: SpeakerLabels, declared: Declared) -> Roster:
    """Declared members and therapists; the other labels are read as they would be anyway."""
    from rupturecli.parsing.transcript import resolve_roles

    known = copy.deepcopy(known)
    for name in declared.members:
        known.add_client(name)
    for name in declared.therapists:
        known.add_therapist(name)
    for label in labels:
        if known.role(label) is None and therapist_like(label):
            known.add_therapist(label)
    roles, warnings = resolve_roles(labels, known)
    written = _spellings(labels)
    member_of = {normalise_label(name): name.strip() for name in declared.members}
    for key in written:
        if roles.get(key) == "client" and key not in member_of:
            member_of[key] = written[key]  # a client label nobody declared: one more member
    therapists = dict.fromkeys([name.strip() for name in declared.therapists]
                               + [written[key] for key in written if roles.get(key) == "therapist"])
    return Roster(roles, tuple(dict.fromkeys(member_of.values())),
                  tuple(name for name in therapists if normalise_label(name) not in member_of),
                  member_of, tuple(warnings))
