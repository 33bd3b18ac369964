"""Group, couples and family sessions: who the members and therapists are, declared or inferred.

All the dialogue here is synthetic, written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rupturecli.parsing import SpeakerLabels, parse_text
from rupturecli.parsing.members import member_like, resolve_speakers, therapist_like
from rupturecli.parsing.transcript import resolve_roles

SKILLS_GROUP = """Leader: Welcome back. Who would like to start with their diary card?
Priya: I can go first. I used the breathing twice.
Tom: Mine is mostly blank this week.
Co-leader: Tom, what got in the way?
Tom: Work, mostly. Late shifts.
Priya: Same for me last month.
Leader: Let's hear from Dana too.
Dana: I'd rather listen today.
"""


def roles_by_label(text: str) -> dict[str, str]:
    session = parse_text(text, "group.txt")
    return {turn.label: turn.speaker for turn in session.turns}


def test_members_and_therapists_are_inferred_with_one_warning() -> None:
    session = parse_text(SKILLS_GROUP, "group.txt")
    assert session.kind == "transcript"
    assert session.members == ("Priya", "Tom", "Dana")
    assert session.therapists == ("Leader", "Co-leader")
    assert session.is_group
    assert session.warnings == ("3 members inferred: Priya, Tom, Dana; therapists: Leader, Co-leader "
                                "(declare `members:` to override)",)
    # every member's turns are analysed: none is left 'unknown'
    assert {turn.speaker for turn in session.turns} == {"therapist", "client"}
    assert [session.speaker_of(turn) for turn in session.turns][:3] == ["Leader", "Priya", "Tom"]


def test_a_member_who_speaks_once_is_still_a_member() -> None:
    assert roles_by_label(SKILLS_GROUP)["Dana"] == "client"


def test_header_lines_declare_members_and_therapists_and_silence_the_warning() -> None:
    text = "# members: Priya, Tom, Dana, Lou\n# therapists: Leader, Co-leader\n" + SKILLS_GROUP
    session = parse_text(text, "group.txt")
    assert session.members == ("Priya", "Tom", "Dana", "Lou")  # Lou never speaks: a silent member is kept
    assert session.therapists == ("Leader", "Co-leader")
    assert session.warnings == ()
    assert session.turns[0].text.startswith("Welcome back")


def test_yaml_declares_members_for_a_couples_session() -> None:
    text = """session: C-3
members: [Jordan, Sam]
therapists: [Dr Okafor]
turns:
  - speaker: Dr Okafor
    text: What would you each like from tonight?
  - speaker: Jordan
    text: For Sam to stop checking my phone.
  - speaker: Sam
    text: That's not fair.
"""
    session = parse_text(text, "couple.yaml")
    assert session.members == ("Jordan", "Sam")
    assert session.therapists == ("Dr Okafor",)
    assert [turn.speaker for turn in session.turns] == ["therapist", "client", "client"]
    assert [turn.member for turn in session.turns] == ["", "Jordan", "Sam"]
    assert session.warnings == ()


def test_yaml_infers_a_family_session_without_declarations() -> None:
    text = """turns:
  - {speaker: Therapist, text: "Who would like to start?"}
  - {speaker: Mum, text: I will. Things have been tense.}
  - {speaker: Kai, text: Because you never let me go out.}
"""
    session = parse_text(text, "family.yaml")
    assert session.members == ("Mum", "Kai")
    assert "2 members inferred: Mum, Kai" in session.warnings[0]


def test_yaml_empty_member_name_is_a_one_line_error() -> None:
    with pytest.raises(Exception, match="members"):
        parse_text("members: ['']\nturns:\n  - {speaker: T, text: Hi}\n", "bad.yaml")


@pytest.mark.parametrize("label", ["Therapist", "Co-therapist", "co therapist", "Leader", "Co-leader",
                                   "Group leader", "Facilitator", "Co-facilitator", "Counsellor", "T", "T1", "T2",
                                   "Th", "Dr Mensah", "Therapist 2", "Therapist B"])
def test_therapist_like_labels(label: str) -> None:
    assert therapist_like(label)


@pytest.mark.parametrize("label", ["Ana", "Member 1", "P1", "Client 2", "Partner A", "Mum", "Participant 3"])
def test_member_labels_are_not_therapist_like(label: str) -> None:
    assert not therapist_like(label)


@pytest.mark.parametrize("labels", [["Member 1", "Member 2", "Member 3"], ["P1", "P2"], ["Client 1", "Client 2"]])
def test_numbered_members(labels: list[str]) -> None:
    lines = ["Facilitator: How was the week for everyone?"]
    lines += [f"{label}: It was fine I suppose." for label in labels]
    session = parse_text("\n".join(lines * 2), "g.txt")
    assert session.members == tuple(labels)
    assert session.therapists == ("Facilitator",)


def test_a_dyad_reads_exactly_as_before() -> None:
    text = "Therapist: How was the week?\nClient: Fine.\nTherapist: Only fine?\nClient: Yes.\n"
    session = parse_text(text, "s.txt")
    assert session.members == ("Client",) and not session.is_group
    assert session.therapists == ("Therapist",)
    assert session.warnings == ()


def test_a_named_client_is_still_taken_as_the_client() -> None:
    text = "Therapist: How was the week?\nAnna: Fine.\nTherapist: Only fine?\nAnna: Yes.\n"
    session = parse_text(text, "s.txt")
    assert session.members == ("Anna",) and not session.is_group
    assert session.warnings == ("speaker label 'anna' taken as the client",)


def test_labels_that_name_no_one_are_kept_out_of_the_members() -> None:
    text = SKILLS_GROUP + "All: (laughter)\nTom: Fair enough.\nAll: (laughter)\n"
    session = parse_text(text, "g.txt")
    assert "All" not in session.members
    assert any("'all'" in warning and "not analysed" in warning for warning in session.warnings)


# --- properties of the label inference ---------------------------------------------------------------------------

NAMES = st.sampled_from(["Ana", "Marco", "Ines", "Priya", "Tom", "Dana", "Kofi", "Mei", "Member 1", "Member 2",
                         "P1", "P2", "P3", "Client 1", "Client 2", "Partner A", "Partner B"])
THERAPISTS = st.sampled_from(["Therapist", "Leader", "Co-leader", "Facilitator", "T1", "T2", "Dr Lee",
                              "Counsellor", "Co-therapist"])


@given(st.lists(NAMES, min_size=2, max_size=6, unique=True), st.lists(THERAPISTS, min_size=1, max_size=2,
                                                                       unique=True), st.randoms())
def test_inferred_members_are_exactly_the_non_therapist_labels(members: list[str], therapists: list[str],
                                                               shuffle: st.SearchStrategy) -> None:
    labels = [*therapists, *members] * 2
    shuffle.shuffle(labels)
    roster = resolve_speakers(labels, SpeakerLabels())
    assert roster.is_group
    assert set(roster.members) == set(members)
    assert set(roster.therapists) == set(therapists)
    first_seen = list(dict.fromkeys(label for label in labels if label in members))
    assert list(roster.members) == first_seen  # in order of first appearance
    assert all(roster.roles[label.lower()] == "client" for label in members)
    assert all(roster.roles[label.lower()] == "therapist" for label in therapists)
    assert roster.warnings[0].startswith(f"{len(members)} members inferred: ")


@given(st.sampled_from(["Client", "C", "Patient", "P", "Pt", "Anna", "Member 1"]), THERAPISTS,
       st.integers(min_value=1, max_value=5))
def test_one_client_is_read_as_before(client: str, therapist: str, exchanges: int) -> None:
    labels = [therapist, client] * exchanges
    roster = resolve_speakers(labels, SpeakerLabels())
    roles, warnings = resolve_roles(labels, SpeakerLabels())
    assert not roster.is_group
    assert roster.roles == roles and list(roster.warnings) == warnings


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz -12", min_size=1, max_size=14))
def test_label_kinds_ignore_case_and_spacing(label: str) -> None:
    assert therapist_like(label) == therapist_like(f"  {label.upper()} ")
    assert member_like(label) == member_like(label.title())


@given(THERAPISTS, st.integers(min_value=1, max_value=9))
def test_a_numbered_therapist_is_still_a_therapist(therapist: str, number: int) -> None:
    if not therapist.startswith("Dr"):
        assert therapist_like(f"{therapist} {number}") or therapist_like(f"{therapist}{number}")


def test_a_table_holds_a_group_session(write_file, rupture) -> None:  # type: ignore[no-untyped-def]
    rows = ["speaker,text", "Facilitator,How did everyone find the worksheet?", "Ana,Useful.",
            "Ben,I didn't do it.", "Facilitator,What got in the way?", "Ana,Time.", "Ben,Nothing really."]
    write_file("group.csv", "\n".join(rows) + "\n")
    result = rupture("analyze", "group.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "2 members inferred: Ana, Ben; therapists: Facilitator" in result.stdout


def test_captions_hold_a_group_session() -> None:
    from rupturecli.parsing.subtitles import parse_subtitles

    cues = ["WEBVTT", ""]
    for number, (name, words) in enumerate([("Leader", "Welcome, everyone."), ("Ana", "Hi all."),
                                            ("Ben", "Evening."), ("Leader", "Who wants to start?"),
                                            ("Ana", "Me."), ("Ben", "Go on then.")], start=1):
        cues += [f"00:00:{number:02d}.000 --> 00:00:{number:02d}.900", f"<v {name}>{words}</v>", ""]
    session = parse_subtitles("\n".join(cues), "group.vtt")
    assert session.members == ("Ana", "Ben") and session.therapists == ("Leader",)


def test_member_turns_are_analysed() -> None:
    import rupturecli

    text = SKILLS_GROUP + "Leader: Tom, how does that sit with you?\nTom: Whatever. I don't know.\n"
    record = rupturecli.analyze_text(text)
    turns = [marker["turn"] for episode in record["episodes"] for marker in episode["markers"]]
    assert 10 in turns  # Tom's turn: before this, the members after the first were 'not analysed'


def test_client_label_options_naming_two_people_make_them_the_members() -> None:
    labels = SpeakerLabels()
    labels.add_client("Jordan")
    labels.add_client("Sam")
    text = ("Therapist: What brings you both here?\nJordan: The arguments.\nSam: Mostly about money.\n"
            "Therapist: Say more.\nJordan: Sam spends.\nSam: That's not fair.\n")
    session = parse_text(text, "couple.txt", labels=labels)
    assert session.members == ("Jordan", "Sam") and session.warnings == ()
