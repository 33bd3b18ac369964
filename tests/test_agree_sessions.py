"""`rupture agree` pairs the sessions both sides hold: a table's sessions by their ids, and sessions of one
name in different folders (a folder per client) by their folders, as `rupture analyze` writes them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.agreement.coding import session_key, session_parts
from rupturecli.cli import app

runner = CliRunner()
ARCHIVE = (
    "session,speaker,text\n"
    "A1,therapist,How did the breathing practice go?\n"
    "A1,client,I didn't do it. These exercises are a waste of my time.\n"
    "B2,therapist,What would you like to talk about today?\n"
    "B2,client,My sleep mostly. It has been rough since we moved house.\n"
)


def _agree_fails(tmp_path: Path, codes: str, *inputs: str) -> str:
    results = tmp_path / "results.jsonl"
    assert runner.invoke(app, ["analyze", *inputs, "-f", "jsonl", "-o", str(results), "--isolated", "-q"]).exit_code \
        in (0, 1)
    (tmp_path / "codes.csv").write_text(codes, encoding="utf-8")
    agreed = runner.invoke(app, ["agree", str(tmp_path / "codes.csv"), str(results)])
    assert agreed.exit_code == 2, agreed.output
    return agreed.stderr


def _agree(tmp_path: Path, codes: str, *inputs: str) -> dict:
    results = tmp_path / "results.jsonl"
    analysed = runner.invoke(app, ["analyze", *inputs, "-f", "jsonl", "-o", str(results), "--isolated", "-q",
                                   "--session-col", "session"] if inputs[0].endswith(".csv") else
                             ["analyze", *inputs, "-f", "jsonl", "-o", str(results), "--isolated", "-q"])
    assert analysed.exit_code in (0, 1), analysed.output
    (tmp_path / "codes.csv").write_text(codes, encoding="utf-8")
    agreed = runner.invoke(app, ["agree", str(tmp_path / "codes.csv"), str(results), "--format", "json"])
    assert agreed.exit_code == 0, agreed.output
    return json.loads(agreed.stdout)


def test_session_names_keep_a_tables_session_id() -> None:
    assert session_key("data/archive.csv#A1") == "archive#A1"
    assert session_parts("corpus/ana/s1.txt") == ("corpus", "ana", "s1")
    assert session_key("notes/s1.yaml") == "s1" and session_key("s1") == "s1"


def test_a_tables_sessions_are_scored_one_by_one(tmp_path: Path) -> None:
    archive = tmp_path / "archive.csv"
    archive.write_text(ARCHIVE, encoding="utf-8")
    report = _agree(tmp_path, "file,turn,label\narchive.csv#A1,2,confrontation\narchive.csv#B2,2,none\n", str(archive))
    assert report["sessions"]["matched"] == 2 and not report["sessions"]["only_reference"]
    # codes naming the session by its id alone pair with the table's session too
    report = _agree(tmp_path, "file,turn,label\nA1,2,confrontation\nB2,2,none\n", str(archive))
    assert report["sessions"]["matched"] == 2


def test_a_folder_per_client_is_told_apart_by_folder(tmp_path: Path) -> None:
    for client, text in (("ana", "Therapist: How was the week?\nClient: This is pointless, you never listen.\n"),
                         ("ben", "Therapist: What would help today?\nClient: Talking about my sleep, honestly.\n")):
        (tmp_path / "clients" / client).mkdir(parents=True)
        (tmp_path / "clients" / client / "s1.txt").write_text(text, encoding="utf-8")
    report = _agree(tmp_path, "file,turn,label\nana/s1.txt,2,confrontation\nben/s1.txt,2,none\n",
                    str(tmp_path / "clients"))
    assert report["sessions"]["matched"] == 2 and not report["sessions"]["only_compared"]
    assert report["turn_level"]["scored"] == 2


def test_bare_ids_are_matched_as_written_and_look_alikes_are_not(tmp_path: Path) -> None:
    archive = tmp_path / "archive.csv"
    archive.write_text("session,speaker,text\nv1.2,therapist,How was it?\nv1.2,client,This is pointless.\n"
                       "site/A2,therapist,How was it?\nsite/A2,client,Fine thanks and better.\n", encoding="utf-8")
    report = _agree(tmp_path, "file,turn,label\nv1.2,2,confrontation\nsite/A2,2,none\n", str(archive))
    assert report["sessions"]["matched"] == 2 and not report["sessions"]["only_reference"]


def test_a_file_named_with_a_hash_is_no_table_and_an_ambiguous_name_is_said(tmp_path: Path) -> None:
    folder = tmp_path / "hash"
    folder.mkdir()
    (folder / "notes#1.txt").write_text("Therapist: How was it?\nClient: This is pointless.\n", encoding="utf-8")
    assert "no session is coded on both sides" in _agree_fails(  # '1' is not the session 'notes#1'
        tmp_path, "file,turn,label\n1.txt,2,confrontation\n", str(folder))
    for client in ("ana", "ben"):
        (tmp_path / "clients" / client).mkdir(parents=True)
        (tmp_path / "clients" / client / "s1.txt").write_text("Therapist: Hi.\nClient: Fine.\n", encoding="utf-8")
    said = _agree_fails(tmp_path, "file,turn,label\ns1.txt,2,none\n", str(tmp_path / "clients"))
    assert "match several of the other file (s1: ana/s1, ben/s1): name each by its folder" in said
