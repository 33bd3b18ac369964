"""No note text in errors, and --redact reaching every place a name or path can appear: warnings, a table's
session ids inside `file`, `rupture check` (all formats, quotes included) and the ids of upload formats.

Every name, number and sentence here is invented for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SECRET = "Tomasz"


@pytest.mark.parametrize("name, content", [
    ("lost-indent.yaml", f"client: C\nnotes: |\n  Quiet session.\nShe said her brother {SECRET} hits her: I froze.\n"),
    ("date.yaml", "date: 2024-13-45\nnotes: Quiet session.\n"),
    ("headerless.csv", f"1,Therapist,How was the week with {SECRET}?\n2,Client,He shouted again.\n"),
])
def test_errors_say_where_never_what(rupture, write_file, no_crash, name: str, content: str) -> None:
    write_file(name, content)
    arguments = ["--speaker-col", "speaker", "--text-col", "text"] if name.endswith(".csv") else []
    result = rupture("analyze", name, "--no-model", *arguments)
    no_crash(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rupture: error: {name}:")
    for leaked in (SECRET, "hits her", "2024-13-45", "How was the week", "Therapist"):
        assert leaked not in result.stderr


def test_a_typo_in_a_key_is_still_named(rupture, write_file) -> None:
    write_file("typo.yaml", "sesion: 4\nnotes: Quiet session.\n")
    result = rupture("analyze", "typo.yaml", "--no-model")
    assert result.exit_code == 2 and "unknown key 'sesion'" in result.stderr


def test_redact_reaches_label_warnings_and_table_ids(rupture, write_file) -> None:
    write_file("s.txt", "Therapist: How was the appointment?\nHarriet: She says it was hard.\nClient: Whatever.\n"
                        "Therapist: You need to tell me more than that.\nHarriet: She is tired.\nClient: Fine.\n")
    write_file("archive.csv", "session,speaker,text\nHarriet Jones,Therapist,You must come every week.\n"
                              "Harriet Jones,Client,Whatever.\n")
    result = rupture("analyze", "s.txt", "archive.csv", "-f", "jsonl", "--redact", "--no-model", "--verbose",
                     "--session-col", "session", "--speaker-col", "speaker", "--text-col", "text")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "harriet" not in result.stdout.lower() and "harriet" not in result.stderr.lower()
    assert {record["file"] for record in records} == {"s.txt", "archive.csv#[NAME]~L2"}  # its first line
    warnings = [warning for record in records for warning in record["warnings"]]
    assert any("members inferred: Member 1, Member 2;" in warning for warning in warnings)


@pytest.mark.parametrize("check_format", ["sarif", "junit", "github", "concise"])
def test_check_redacts_quotes_and_paths(rupture, write_file, check_format: str) -> None:
    write_file("client-Harriet/s1.txt", "Therapist: You must do the homework. Ring me on 07700 900461.\n"
                                        "Client: This is pointless, Dr Okafor never listens and neither do you.\n")
    result = rupture("check", "client-Harriet", "--redact", "--include-quotes", "-f", check_format, "--no-model")
    assert result.exit_code == 1, result.stderr
    for leaked in ("Harriet", "Okafor", "07700"):
        assert leaked not in result.stdout and leaked not in result.stderr
    assert "[NAME]" in result.stdout


def test_upload_formats_never_carry_this_machines_folders(rupture, tmp_path_factory, workdir: Path) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "s1.txt"
    outside.write_text("Therapist: You must do the homework.\nClient: This is pointless, you never listen.\n",
                       encoding="utf-8")
    sarif = rupture("check", str(outside), "-f", "sarif", "--no-model")
    uris = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for run in json.loads(sarif.stdout)["runs"] for result in run["results"]]
    assert uris and all(uri.startswith("external-") and str(outside.parent) not in uri for uri in uris)
    folder = workdir / "corpus-convokit"
    convokit = rupture("analyze", str(outside), "-f", "convokit", "-o", str(folder), "--no-model", "-q")
    assert convokit.exit_code == 0, convokit.stderr
    utterance = json.loads((folder / "utterances.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert str(outside.parent) not in utterance["conversation_id"] + utterance["id"] + utterance["speaker"]
    assert utterance["conversation_id"].startswith("external-")


def test_a_convokit_corpus_holds_no_absolute_path_and_stable_ids(rupture, write_file, workdir: Path) -> None:
    """Its `file` fields once held the path as typed: /home/<user>/... travelled with the corpus."""
    note = write_file("sessions/s1.txt", "Therapist: You must do the homework.\nClient: This is pointless.\n")
    corpora = []
    for number, given in enumerate([str(note), "sessions/s1.txt", str(note.parent)]):
        folder = workdir / f"corpus-{number}"
        result = rupture("analyze", given, "-f", "convokit", "-o", str(folder), "--no-model", "-q")
        assert result.exit_code == 0, result.stderr
        text = "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))
        assert str(workdir) not in text and "/sessions/s1.txt" not in text
        corpora.append(text)
    assert corpora[0] == corpora[1] == corpora[2]  # the same ids however the file was named
    utterance = json.loads((workdir / "corpus-0" / "utterances.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (utterance["conversation_id"], utterance["id"], utterance["meta"]["file"]) == (
        "sessions/s1.txt", "sessions/s1.txt#t1", "sessions/s1.txt")


@pytest.mark.parametrize("text", [
    "turns:\n  - Marigold Quenby: I want to stop coming here\n",
    "Marigold: fine, I dont know\nturns: []\n",
], ids=["turn-written-as-name", "name-at-top"])
def test_a_name_taken_for_a_yaml_key_is_never_printed(rupture, write_file, text: str) -> None:
    write_file("n.yaml", text)
    result = rupture("analyze", "n.yaml")
    assert result.exit_code == 2 and "unknown key" in result.stderr
    assert "Marigold" not in result.stderr and "Quenby" not in result.stderr


def test_a_first_row_of_words_is_never_listed_as_column_names(rupture, write_file) -> None:
    write_file("t.csv", "Marigold secret,more words here\nclient,fine\n")
    result = rupture("analyze", "t.csv")
    assert result.exit_code == 2 and "Marigold" not in result.stderr


def test_redact_takes_any_uncommon_word_of_a_table_id_for_a_name(rupture, write_file) -> None:
    """A rare given name or a lower-case surname in a session id has no context to be found by."""
    write_file("ids.csv", "session,speaker,text\n"
                          "Zephyrine-07,Therapist,You must come every week.\nZephyrine-07,Client,Whatever.\n"
                          "okonkwo_t_2024-03-01,Therapist,How was it?\nokonkwo_t_2024-03-01,Client,Fine.\n"
                          "site-2_visit-1,Therapist,How was it?\nsite-2_visit-1,Client,Fine.\n")
    result = rupture("analyze", "ids.csv", "-f", "jsonl", "--redact", "--no-model", "--session-col", "session")
    assert result.exit_code == 0, result.stderr
    ids = [json.loads(line)["session_id"] for line in result.stdout.splitlines()]
    assert ids == ["[NAME]-07~L2", "[NAME]_t_[DATE]~L4", "site-2_visit-1"]  # told apart by their first line
    assert "zephyrine" not in result.stdout.lower() and "okonkwo" not in result.stdout.lower()


def test_two_table_sessions_whose_ids_redact_alike_stay_apart(rupture, write_file) -> None:
    """'Bartholomew' and 'nguyen' both redact to [NAME]: ConvoKit merged their conversations, --by-client showed
    the names in its file column."""
    write_file("ids.csv", "session,speaker,text\nBartholomew,Therapist,How was it?\nBartholomew,Client,Fine.\n"
                          "nguyen,Therapist,How was it?\nnguyen,Client,This is pointless.\n")
    result = rupture("analyze", "ids.csv", "-f", "jsonl", "--redact", "--no-model", "--session-col", "session")
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [
        "ids.csv#[NAME]~L2", "ids.csv#[NAME]~L4"]
    by_client = rupture("analyze", "ids.csv", "--by-client", "-f", "json", "--redact", "--no-model",
                        "--session-col", "session")
    assert "bartholomew" not in by_client.stdout.lower() and "nguyen" not in by_client.stdout.lower()
    assert "ids.csv#[NAME]~L2" in by_client.stdout and "ids.csv#[NAME]~L4" in by_client.stdout
