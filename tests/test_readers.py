"""Readers for research archives: captions, Word documents, tabular files, MIBot JSON; folders and ignore files.

Every dialogue here is made up for the tests. The real AnnoMI and MIBot files are only counted, never quoted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rupturecli.errors import InputError
from rupturecli.parsing.inputs import Source, expand_paths, find_inputs
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.sources import ReadOptions, read_sessions
from rupturecli.parsing.subtitles import parse_subtitles
from rupturecli.session import Session

ROOT = Path(__file__).resolve().parents[1]
SHARED_CANDIDATES = (ROOT.parent / "shared", Path("/work/shared"))
SHARED = next((path for path in SHARED_CANDIDATES if (path / "eval-data").is_dir()), None)
ANNOMI_CSV = SHARED / "eval-data" / "annomi" / "AnnoMI-simple.csv" if SHARED else None
MIBOT_DIR = SHARED / "eval-data" / "mibot-v6.3a" / "transcripts" if SHARED else None

ZOOM_VTT = """WEBVTT

NOTE recorded for supervision

1
00:00:01.000 --> 00:00:04.200
Dr Okafor: How did the week go with the walking plan?

2
00:00:04.500 --> 00:00:06.000
Dr Okafor: Any days you managed it?

3
00:00:06.400 --> 00:00:08.000
Lena Marsh: <i>No.</i> It felt like a chore, honestly.

4
00:00:08.100 --> 00:00:09.000
Lena Marsh: These plans never fit my shifts.

5
00:00:09.500 --> 00:00:12.000
Dr Okafor: That makes sense. What would fit better?
"""

TEAMS_VTT = """WEBVTT

3f2a/10-0
00:00:00.500 --> 00:00:03.000
<v Nadia Brook>What would you like to focus on today?</v>

3f2a/11-0
00:00:03.200 --> 00:00:05.000
<v Owen Tate>I don't know. Whatever you think.</v>

3f2a/12-0
00:00:05.100 --> 00:00:06.000
<v Owen Tate>You're the expert.</v>
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
Therapist: Shall we look at the thought record together?

2
00:00:03,900 --> 00:00:05,000
Client: <b>Fine.</b>

3
00:00:05,200 --> 00:00:07,000
Client: I guess.
"""

PRESSURE_DIALOGUE = [
    ("Therapist", "You really need to stop skipping the tablets, this is serious."),
    ("Client", "Okay, whatever."),
]


def labels(therapist: tuple[str, ...] = (), client: tuple[str, ...] = ()) -> SpeakerLabels:
    known = SpeakerLabels()
    for name in therapist:
        known.add_therapist(name)
    for name in client:
        known.add_client(name)
    return known


def read_all(path: Path | str, **options) -> list[Session]:
    return list(read_sessions(Source(str(path)), ReadOptions(**options)))


# --- captions ---------------------------------------------------------------------------------------------------

def test_zoom_prefixes_name_speakers_and_consecutive_cues_merge() -> None:
    session = parse_subtitles(ZOOM_VTT, "talk.vtt")
    assert [(turn.speaker, turn.label, turn.line) for turn in session.turns] == [
        ("therapist", "Dr Okafor", 7), ("client", "Lena Marsh", 15), ("therapist", "Dr Okafor", 23)]
    assert session.turns[1].text == "No. It felt like a chore, honestly. These plans never fit my shifts."
    assert session.turns[1].index == 2
    assert session.warnings == ("speaker label 'lena marsh' taken as the client",)
    assert "-->" not in " ".join(turn.text for turn in session.turns)


def test_teams_voice_spans_with_a_declared_therapist() -> None:
    session = parse_subtitles(TEAMS_VTT, "teams.vtt", labels(therapist=("Nadia Brook",)))
    assert [(turn.speaker, turn.text, turn.line) for turn in session.turns] == [
        ("therapist", "What would you like to focus on today?", 5),
        ("client", "I don't know. Whatever you think. You're the expert.", 9)]


def test_two_unknown_names_are_kept_but_not_analysed_with_a_warning() -> None:
    session = parse_subtitles(TEAMS_VTT, "teams.vtt")
    assert {turn.speaker for turn in session.turns} == {"unknown"}
    assert any("--client-label or --therapist-label" in warning for warning in session.warnings)


def test_declared_client_name_lets_the_other_speaker_be_inferred() -> None:
    session = parse_subtitles(TEAMS_VTT, "teams.vtt", labels(client=("Owen Tate",)))
    assert [turn.speaker for turn in session.turns] == ["therapist", "client"]


def test_srt_cue_numbers_timings_and_tags_are_dropped() -> None:
    session = parse_subtitles(SRT, "session.srt")
    assert [(turn.speaker, turn.text, turn.line) for turn in session.turns] == [
        ("therapist", "Shall we look at the thought record together?", 3), ("client", "Fine. I guess.", 7)]


def test_a_colon_inside_speech_is_not_a_speaker() -> None:
    text = ZOOM_VTT + "\n6\n00:00:12.500 --> 00:00:14.000\nLena Marsh: Here's the thing: nights are the problem.\n"
    session = parse_subtitles(text, "talk.vtt")
    assert session.turns[-1].text == "Here's the thing: nights are the problem."


def test_unnamed_cues_continue_the_previous_speaker() -> None:
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\nTherapist: And the evenings?\n\n"
            "00:02.000 --> 00:03.000\nthe evenings especially\n\n00:03.000 --> 00:04.000\nClient: Quiet.\n")
    session = parse_subtitles(text, "short.vtt")
    assert [turn.text for turn in session.turns] == ["And the evenings? the evenings especially", "Quiet."]


def test_captions_without_speaker_names_are_an_input_error() -> None:
    with pytest.raises(InputError, match="name no speakers") as caught:
        parse_subtitles("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n", "plain.vtt")
    assert str(caught.value).startswith("plain.vtt: ")


def test_captions_without_cues_are_an_input_error() -> None:
    with pytest.raises(InputError, match="no caption text"):
        parse_subtitles("WEBVTT\n\nNOTE nothing here\n", "empty.vtt")


cue_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


FRAGMENTS = ["WEBVTT", "NOTE", "\n", "\n\n", "1", "00:00:01.000 --> 00:00:02.000", "00:01,5 --> 00:02,0", "<v ",
             "<v.loud Ana>", ">", "</v>", "<i>", "</c>", "<00:00:01.500>", "Therapist", "Client", "Dr Ruiz", ":", ": ",
             " ", "&amp;", "&lt;v", "-->", "Fine.", "é", "\t"]
caption_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=600), caption_soup))
def test_any_text_is_a_session_or_an_input_error(text: str) -> None:
    for name in ("any.vtt", "any.srt"):
        try:
            session = parse_subtitles(text, name)
        except InputError as error:
            assert error.path == name
            continue
        assert session.turns and all(turn.text for turn in session.turns)
        assert [turn.index for turn in session.turns] == list(range(1, len(session.turns) + 1))
        assert all(1 <= turn.line <= text.count("\n") + 1 for turn in session.turns)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Therapist", "Client", "Dr Amari", "<v Client>", "<v Therapist>", ""]),
                          cue_text.filter(lambda words: words.strip() and "\n" not in words and "\r" not in words
                                          and "-->" not in words)),
                min_size=1, max_size=12),
       st.booleans())
def test_generated_cues_keep_their_lines(cues: list[tuple[str, str]], srt: bool) -> None:
    blocks, lines = [], ["WEBVTT", ""] if not srt else []
    for number, (speaker, words) in enumerate(cues, start=1):
        timing = f"00:00:{number:02d}{',' if srt else '.'}000 --> 00:00:{number:02d}{',' if srt else '.'}900"
        text = f"{speaker}{words}" if speaker.startswith("<v") else (f"{speaker}: {words}" if speaker else words)
        lines += [str(number), timing, text, ""]
        blocks.append(len(lines) - 1)  # the 1-based line of this cue's text
    source = "\n".join(lines)
    try:
        session = parse_subtitles(source, "gen.srt" if srt else "gen.vtt")
    except InputError:
        return
    text_lines = set(blocks)
    assert all(turn.line in text_lines for turn in session.turns)


def test_cli_reads_a_vtt_file_as_json(rupture, write_file, no_crash) -> None:
    write_file("talk.vtt", ZOOM_VTT)
    result = rupture("analyze", "talk.vtt", "--format", "json", "--therapist-label", "Dr Okafor")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["file"] == "talk.vtt" and record["kind"] == "transcript"
    assert (record["turns"], record["client_turns"]) == (3, 1)


def test_cli_terminal_report_for_captions(rupture, write_file, no_crash) -> None:
    write_file("session.srt", SRT)
    result = rupture("analyze", "session.srt")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert "session.srt" in result.stdout


# --- Word documents ---------------------------------------------------------------------------------------------

def make_docx(path: Path, paragraphs: list[str]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_docx_speaker_paragraphs_become_turns(workdir: Path) -> None:
    path = make_docx(workdir / "session.docx", ["Session 4, notes typed up", "",
                                                *[f"{speaker}: {words}" for speaker, words in PRESSURE_DIALOGUE]])
    [session] = read_all(path)
    assert [(turn.speaker, turn.line) for turn in session.turns] == [("therapist", 3), ("client", 4)]
    assert session.turns[1].text == "Okay, whatever."


def test_docx_through_the_cli(rupture, workdir: Path, no_crash) -> None:
    make_docx(workdir / "session.docx", [f"{speaker}: {words}" for speaker, words in PRESSURE_DIALOGUE])
    result = rupture("analyze", "session.docx", "--format", "json")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["client_turns"] == 1 and record["summary"]["withdrawal"] == 1


def test_docx_without_the_extra_says_how_to_install_it(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "a.docx").write_bytes(b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now fails, as without the extra
    with pytest.raises(InputError) as caught:
        read_all(workdir / "a.docx")
    assert str(caught.value) == f"{workdir / 'a.docx'}: reading .docx needs the formats extra: " \
        "pip install 'rupturecli[formats]'"


def test_a_damaged_docx_is_an_input_error(workdir: Path) -> None:
    pytest.importorskip("docx")
    (workdir / "broken.docx").write_bytes(b"this is not a zip package")
    with pytest.raises(InputError, match="not a .docx file"):
        read_all(workdir / "broken.docx")


# --- tabular archives -------------------------------------------------------------------------------------------

ARCHIVE_CSV = """conversation,turn_no,who,said
s1,2,client,"Okay, whatever."
s1,1,therapist,"You really need to stop skipping the tablets, this is serious."
s2,1,therapist,What do you enjoy about running?
s2,2,client,It clears my head.
s2,3,client,"And I sleep better after,
most nights."
"""


def test_csv_column_mapping_gives_one_session_per_id(workdir: Path) -> None:
    path = workdir / "archive.csv"
    path.write_text(ARCHIVE_CSV, encoding="utf-8")
    sessions = read_all(path, session_col="conversation", speaker_col="who", text_col="said", order_col="turn_no")
    assert [(session.file, session.session_id) for session in sessions] == [
        (f"{path}#s1", "s1"), (f"{path}#s2", "s2")]
    first, second = sessions
    assert [(turn.index, turn.speaker, turn.line) for turn in first.turns] == [(1, "therapist", 3), (2, "client", 2)]
    assert second.turns[-1].text == "It clears my head. And I sleep better after, most nights."
    assert second.turns[-1].line == 5


def test_without_an_order_column_file_order_is_kept(workdir: Path) -> None:
    path = workdir / "archive.csv"
    path.write_text(ARCHIVE_CSV, encoding="utf-8")
    [first, _] = read_all(path, session_col="conversation", speaker_col="who", text_col="said")
    assert [turn.speaker for turn in first.turns] == ["client", "therapist"]


def test_a_missing_column_names_the_file_the_column_and_the_columns_there(workdir: Path) -> None:
    path = workdir / "archive.csv"
    path.write_text(ARCHIVE_CSV, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_all(path, session_col="conversation", speaker_col="speaker_role", text_col="said")
    message = str(caught.value)
    assert message.startswith(f"{path}:1: no column 'speaker_role'")
    assert "'conversation', 'turn_no', 'who', 'said'" in message


def test_a_bad_order_value_names_the_file_and_line(workdir: Path) -> None:
    path = workdir / "archive.csv"
    path.write_text(ARCHIVE_CSV.replace("s2,2,client", "s2,two,client"), encoding="utf-8")
    with pytest.raises(InputError, match="expected a number") as caught:
        read_all(path, session_col="conversation", speaker_col="who", text_col="said", order_col="turn_no")
    assert (caught.value.path, caught.value.line) == (str(path), 5)


def test_a_row_with_too_many_fields_names_its_line(workdir: Path) -> None:
    path = workdir / "archive.csv"
    path.write_text("session,speaker,text\na,therapist,Hello.\na,client,Hi, there\n", encoding="utf-8")
    with pytest.raises(InputError, match="4 fields, the header has 3") as caught:
        read_all(path, session_col="session")
    assert caught.value.line == 3


def test_a_very_long_field_is_read(workdir: Path) -> None:
    long_words = " ".join(["word"] * 40_000)  # 200 kB, past the csv module's default field limit
    path = workdir / "long.csv"
    path.write_text(f'speaker,text\ntherapist,"{long_words[:150_000]}\n{long_words[:150_000]}"\nclient,Fine.\n',
                    encoding="utf-8")
    [session] = read_all(path)
    assert len(session.turns[0].text) > 290_000 and session.file == str(path)


def test_tsv_and_jsonl(workdir: Path) -> None:
    tsv = workdir / "a.tsv"
    tsv.write_text("id\tspeaker\ttext\n7\tTherapist\tHow was the week?\n7\tClient\tFine.\n", encoding="utf-8")
    [session] = read_all(tsv, session_col="id")
    assert (session.session_id, [turn.speaker for turn in session.turns]) == ("7", ["therapist", "client"])
    jsonl = workdir / "a.jsonl"
    rows = [{"session": 3, "speaker": "therapist", "text": "How was the week?", "n": 1},
            {"session": 3, "speaker": "client", "text": "Fine.", "n": 2}]
    jsonl.write_text("\n".join(json.dumps(row) for row in rows) + "\n\n", encoding="utf-8")
    [session] = read_all(jsonl, session_col="session", order_col="n")
    assert (session.file, [turn.line for turn in session.turns]) == (f"{jsonl}#3", [1, 2])
    jsonl.write_text(json.dumps(rows[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as caught:
        read_all(jsonl, session_col="session")
    assert caught.value.line == 2


def test_unknown_speaker_values_warn(workdir: Path) -> None:
    path = workdir / "a.csv"
    path.write_text("speaker,text\nTherapist,Hello.\nInterpreter,She says hello.\nClient,Hello.\n",
                    encoding="utf-8")
    [session] = read_all(path)
    assert [turn.speaker for turn in session.turns] == ["therapist", "unknown", "client"]
    assert any("interpreter" in warning for warning in session.warnings)


def test_an_annomi_shaped_file_is_recognised_and_repeated_codings_are_read_once(workdir: Path) -> None:
    path = workdir / "coded.csv"
    path.write_text("transcript_id,utterance_id,interlocutor,utterance_text,annotator_id\n"
                    "4,0,therapist,What brings you in?,1\n4,0,therapist,What brings you in?,2\n"
                    "4,1,client,My doctor sent me.,1\n", encoding="utf-8")
    [session] = read_all(path)
    assert [turn.text for turn in session.turns] == ["What brings you in?", "My doctor sent me."]


def test_csv_archive_through_the_cli_as_jsonl(rupture, write_file, no_crash) -> None:
    write_file("archive.csv", ARCHIVE_CSV)
    result = rupture("analyze", "archive.csv", "--format", "jsonl", "--session-col", "conversation",
                     "--speaker-col", "who", "--text-col", "said", "--order-col", "turn_no", "-j", "1")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["file"] for record in records] == ["archive.csv#s1", "archive.csv#s2"]
    assert records[0]["summary"]["withdrawal"] == 1


@pytest.mark.parametrize("output_format", ["jsonl", "terminal"])
def test_column_mapping_makes_a_folder_search_read_its_tables(output_format: str, rupture, write_file,
                                                               no_crash) -> None:
    write_file("archive/sessions.csv", ARCHIVE_CSV)
    unmapped = rupture("analyze", "archive", "--format", output_format)
    assert unmapped.exit_code == 2 and "directory without notes" in unmapped.stderr
    mapped = rupture("analyze", "archive", "--format", output_format, "--session-col", "conversation",
                     "--speaker-col", "who", "--text-col", "said", "--order-col", "turn_no", "-j", "1")
    no_crash(mapped)
    assert mapped.exit_code == 0, mapped.stderr
    assert "sessions.csv#s1" in mapped.stdout and "sessions.csv#s2" in mapped.stdout


def test_cli_missing_column_is_one_line_and_exit_2(rupture, write_file, no_crash) -> None:
    write_file("archive.csv", ARCHIVE_CSV)
    result = rupture("analyze", "archive.csv", "--format", "jsonl", "--session-col", "nope")
    no_crash(result)
    assert result.exit_code == 2
    assert "archive.csv:1: no column 'nope'" in result.stderr


# --- MIBot JSON -------------------------------------------------------------------------------------------------

MIBOT_LIKE = {
    "participant_id": "p-0001",
    "utterances": [
        {"speaker": "counsellor", "volley_number": 1, "utterance_number": 1, "text": "Hi there!"},
        {"speaker": "counsellor", "volley_number": 1, "utterance_number": 2, "text": "How is the quitting going?"},
        {"speaker": "client", "volley_number": 2, "utterance_number": 3, "text": "whatever"},
    ],
    "stats": {"total_utterances": 3},
}


def test_mibot_shape_is_recognised_and_volleys_become_turns(workdir: Path) -> None:
    path = workdir / "p-0001.json"
    path.write_text(json.dumps(MIBOT_LIKE, indent=2), encoding="utf-8")
    [session] = read_all(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert session.session_id == "p-0001" and session.file == str(path)
    assert [(turn.speaker, turn.text) for turn in session.turns] == [
        ("therapist", "Hi there! How is the quitting going?"), ("client", "whatever")]
    assert all('"text"' in lines[turn.line - 1] for turn in session.turns)
    assert '"Hi there!"' in lines[session.turns[0].line - 1]


def test_other_json_is_an_input_error_that_says_what_is_expected(workdir: Path) -> None:
    path = workdir / "other.json"
    path.write_text('{"rows": []}', encoding="utf-8")
    with pytest.raises(InputError, match="unrecognised JSON layout"):
        read_all(path)
    with pytest.raises(InputError, match="not a MIBot transcript"):
        read_all(path, preset="mibot")
    path.write_text('{"participant_id": 1,\n "utterances": [}', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as caught:
        read_all(path)
    assert caught.value.line == 2


# --- the real archives (counted, never quoted) ------------------------------------------------------------------

def need(path: Path | None) -> Path:
    if path is None or not path.exists():
        pytest.skip("../shared/eval-data is not there")
    return path


def test_annomi_preset_reads_the_real_csv() -> None:
    sessions = read_all(need(ANNOMI_CSV), preset="annomi")
    assert len(sessions) == 133
    assert len({session.file for session in sessions}) == 133
    assert all(session.file.startswith(f"{ANNOMI_CSV}#") for session in sessions)
    assert {turn.speaker for session in sessions for turn in session.turns} == {"therapist", "client"}
    assert not any(session.warnings for session in sessions)


def test_annomi_preset_through_the_cli_gives_133_records(rupture, no_crash) -> None:
    result = rupture("analyze", str(need(ANNOMI_CSV)), "--preset", "annomi", "--format", "jsonl", "-q")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 133 and len({record["session_id"] for record in records}) == 133


def test_mibot_preset_reads_the_real_folder(rupture, no_crash) -> None:
    folder = need(MIBOT_DIR)
    files = sorted(folder.glob("*.json"))
    sessions = [session for path in files for session in read_all(path, preset="mibot")]
    assert len(sessions) == len(files) == 106
    assert all(session.session_id and session.client_turns for session in sessions)
    result = rupture("analyze", str(folder), "--preset", "mibot", "--format", "jsonl", "-q")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 106


# --- folders, globs and ignore files ----------------------------------------------------------------------------

DIALOGUE = "Therapist: What do you enjoy about running?\nClient: It clears my head and I sleep better after.\n"


def names(sources: list[Source], root: Path) -> list[str]:
    return [Path(source.name).relative_to(root).as_posix() for source in sources]


def test_folders_find_every_supported_kind_and_skip_hidden_and_ignored(write_file, workdir: Path) -> None:
    write_file("corpus/a.txt", DIALOGUE)
    write_file("corpus/b.vtt", ZOOM_VTT)
    write_file("corpus/c.srt", SRT)
    write_file("corpus/.hidden/d.txt", DIALOGUE)
    write_file("corpus/.e.txt", DIALOGUE)
    write_file("corpus/drafts/f.txt", DIALOGUE)
    write_file("corpus/sub/g.txt", DIALOGUE)
    write_file("corpus/sub/g.bak.txt", DIALOGUE)
    write_file("corpus/sub/keep.bak.txt", DIALOGUE)
    write_file("corpus/.ruptureignore", "# drafts are not sessions\ndrafts/\n")
    write_file("corpus/sub/.gitignore", "*.bak.txt\n!keep.bak.txt\n")
    write_file("corpus/codebook.csv", "code,meaning\nW1,denial\n")
    write_file("corpus/archive.csv", "session,speaker,text\n1,therapist,Hello.\n1,client,Hi.\n")
    write_file("corpus/p1.json", json.dumps(MIBOT_LIKE, indent=1))
    write_file("corpus/other.json", '{"a": 1}')
    sources, errors = expand_paths(["corpus"])
    assert not errors
    assert names(sources, Path("corpus")) == [
        "a.txt", "archive.csv", "b.vtt", "c.srt", "p1.json", "sub/g.txt", "sub/keep.bak.txt"]
    sources, _ = expand_paths(["corpus"], include_tables=True)
    assert {"codebook.csv", "other.json"} <= set(names(sources, Path("corpus")))


def test_ignore_files_apply_relative_to_where_they_live(write_file, workdir: Path) -> None:
    write_file("corpus/x/notes.txt", DIALOGUE)
    write_file("corpus/y/x/notes.txt", DIALOGUE)
    write_file("corpus/.ruptureignore", "/x/\n")
    write_file("corpus/y/.ruptureignore", "/x/notes.txt\n")
    sources, errors = expand_paths(["corpus"])
    assert sources == [] and "2 ignored by .ruptureignore or .gitignore" in str(errors[0])


def test_literal_glob_patterns_are_expanded_with_ignore_files(write_file, workdir: Path) -> None:
    write_file("corpus/a/one.txt", DIALOGUE)
    write_file("corpus/b/two.txt", DIALOGUE)
    write_file("corpus/b/three.md", DIALOGUE)
    write_file("corpus/old/four.txt", DIALOGUE)
    write_file("corpus/.ruptureignore", "old/\n")
    sources, errors = expand_paths(["corpus/**/*.txt"])
    assert not errors and names(sources, Path("corpus")) == ["a/one.txt", "b/two.txt"]
    sources, errors = expand_paths(["corpus/*/nothing-*.txt"])
    assert not sources and "no supported files match" in str(errors[0])


def test_cli_honours_ruptureignore_and_a_named_file_beats_it(rupture, write_file, no_crash) -> None:
    write_file("corpus/keep.txt", DIALOGUE)
    write_file("corpus/scratch/skip.txt", "this is not a session at all")
    write_file("corpus/.ruptureignore", "scratch/\n")
    result = rupture("analyze", "corpus", "--format", "jsonl", "-j", "1")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == ["corpus/keep.txt"]
    named = rupture("analyze", "corpus", "corpus/scratch/skip.txt", "--format", "jsonl", "-j", "1")
    no_crash(named)
    files = [json.loads(line)["file"] for line in named.stdout.splitlines()]
    assert files == ["corpus/keep.txt", "corpus/scratch/skip.txt"]


DOCUMENTATION = ["README.md", "SOURCE.md", "readme.TXT", "LICENSE-MIT.txt", "CHANGELOG.md", "sub/Contributing.md"]


def test_folder_searches_skip_documentation_and_say_so(rupture, write_file, no_crash) -> None:
    """A folder of 2 chats with its README and SOURCE once counted 4 sessions."""
    write_file("corpus/chat-1.txt", DIALOGUE)
    write_file("corpus/sub/chat-2.md", DIALOGUE)
    write_file("corpus/sources-of-stress.txt", DIALOGUE)  # a session whose name only starts like one
    for name in DOCUMENTATION:
        write_file(f"corpus/{name}", "# About this corpus\n\nOne chat per file, from a public archive.\n")
    for arguments in (["corpus", "-j", "1"], ["corpus/**/*.*", "-j", "1"]):
        result = rupture("analyze", *arguments, "--format", "jsonl")
        no_crash(result)
        assert result.exit_code == 0, result.stderr
        files = [json.loads(line)["file"] for line in result.stdout.splitlines()]
        assert files == ["corpus/chat-1.txt", "corpus/sources-of-stress.txt", "corpus/sub/chat-2.md"]
        notice = [line for line in result.stderr.splitlines() if line.startswith("rupture: note:")]
        assert notice == ["rupture: note: skipped 6 documentation files in the folders searched (corpus/CHANGELOG.md, "
                          "corpus/LICENSE-MIT.txt, corpus/README.md, ...); name a file to analyse it"]
        assert "6 documentation files skipped" in result.stderr  # the batch summary says it too
    named = rupture("analyze", "corpus/README.md", "corpus/sub/Contributing.md", "--format", "jsonl")
    assert named.exit_code == 0 and len(named.stdout.splitlines()) == 2 and "documentation" not in named.stderr
    quiet = rupture("analyze", "corpus", "--format", "jsonl", "-q")
    assert quiet.stderr == ""
    checked = rupture("check", "corpus")
    assert "rupture: note: skipped 6 documentation files" in checked.stderr
    assert "rupture check: 3 files" in checked.stderr


def test_a_folder_of_documentation_only_has_no_notes(write_file) -> None:
    write_file("docs/README.md", "# Notes go elsewhere\n")
    found = find_inputs(["docs"])
    assert found.sources == [] and found.documentation == [Path("docs/README.md")]
    assert str(found.problems[0]).startswith("docs: directory without notes (.txt, .md, ")
    assert str(found.problems[0]).endswith("; 1 documentation skipped")


@pytest.mark.parametrize("ending", [".txt", ".md", ".text", ".note", ".notes", ".yaml", ".NOTE"])
def test_a_file_is_read_alike_in_a_folder_and_named(rupture, write_file, ending: str) -> None:
    """`rupture analyze d/` once skipped d/a.note while `rupture analyze d/a.note` read it."""
    text = DIALOGUE if ending != ".yaml" else ("turns:\n  - speaker: therapist\n    text: How was it?\n"
                                               "  - speaker: client\n    text: Fine I guess.\n")
    write_file(f"d/a{ending}", text)
    write_file("d/ignored.rtf", DIALOGUE)  # no reader for .rtf: a folder search leaves it, naming it reads it
    from_folder = rupture("analyze", "d", "--format", "jsonl")
    named = rupture("analyze", f"d/a{ending}", "--format", "jsonl")
    assert from_folder.exit_code == named.exit_code == 0, from_folder.stderr + named.stderr
    assert from_folder.stdout == named.stdout and json.loads(named.stdout)["file"] == f"d/a{ending}"
    assert rupture("analyze", "d/ignored.rtf", "--format", "jsonl").exit_code == 0


def test_a_batch_with_one_corrupt_file_reports_the_others_and_exits_2(rupture, write_file, workdir: Path,
                                                                     no_crash) -> None:
    write_file("corpus/a.txt", DIALOGUE)
    write_file("corpus/b.vtt", ZOOM_VTT)
    write_file("corpus/c.srt", b"\x00\x01\x02 not captions")
    write_file("corpus/d.csv", "session,speaker,text\n1,therapist,Hello.\n1,client,Hi.\n2,client,Bye.\n")
    make_docx(workdir / "corpus" / "e.docx", [f"{speaker}: {words}" for speaker, words in PRESSURE_DIALOGUE])
    result = rupture("analyze", "corpus", "--format", "jsonl", "-j", "2", "--session-col", "session")
    no_crash(result)
    assert result.exit_code == 2
    files = [json.loads(line)["file"] for line in result.stdout.splitlines()]
    assert files == ["corpus/a.txt", "corpus/b.vtt", "corpus/d.csv#1", "corpus/d.csv#2", "corpus/e.docx"]
    assert "corpus/c.srt: binary file" in result.stderr


def test_examples_folder_is_clean(runner, no_crash) -> None:
    from rupturecli.cli import app

    result = runner.invoke(app, ["analyze", str(ROOT / "examples"), "--isolated", "--format", "jsonl", "-j", "1"])
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    ci_folder = ROOT / "examples" / "ci"  # its YAML files are CI configurations, not notes
    files = [Path(json.loads(line)["file"]) for line in result.stdout.splitlines()]
    assert files and not any(file.is_relative_to(ci_folder) for file in files)


def test_a_tables_columns_are_found_in_any_case(tmp_path: Path) -> None:
    """A header 'Speaker,Text' was skipped by folder searches and refused when named ('no column speaker')."""
    table = tmp_path / "caps.csv"
    table.write_text("Session,Speaker,Text\nA,Therapist,How was the week?\nA,Client,This is pointless.\n",
                     encoding="utf-8")
    assert [Path(source.name).name for source in find_inputs([str(tmp_path)]).sources] == ["caps.csv"]
    from rupturecli.parsing.sources import read_sessions
    from rupturecli.run.options import RunOptions

    options = RunOptions()
    options.reader = {"session_col": "session"}
    sessions = read_sessions(Source(str(table)), options.reading())
    assert [(session.session_id, [turn.speaker for turn in session.turns]) for session in sessions] == [
        ("A", ["therapist", "client"])]


def test_a_utf16_table_in_a_folder_is_found_and_utf32_is_refused_by_name(tmp_path: Path) -> None:
    """A UTF-16 CSV in a folder crashed the folder search (its NUL bytes reached the csv module)."""
    (tmp_path / "s1.txt").write_text("Therapist: How was it?\nClient: Fine.\n", encoding="utf-8")
    (tmp_path / "t.csv").write_bytes("speaker,text\ntherapist,Hi.\nclient,Whatever.\n".encode("utf-16"))
    (tmp_path / "odd.csv").write_bytes(b"\x00\x01\x02speaker\x00,text\n")
    names = sorted(Path(source.name).name for source in find_inputs([str(tmp_path)]).sources)
    assert names == ["s1.txt", "t.csv"]
    (tmp_path / "u32.txt").write_bytes("Therapist: Hi.\nClient: Fine.\n".encode("utf-32"))
    from rupturecli.parsing.reading import read_input

    with pytest.raises(InputError, match="UTF-32 text: save the file as UTF-8"):
        read_input(tmp_path / "u32.txt")
