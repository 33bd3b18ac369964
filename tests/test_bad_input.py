"""Hostile and broken inputs through the CLI: one line on stderr naming the file, exit 2, no traceback,
the other inputs still reported, and the inputs never modified.

Every input here is synthetic, written for these tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

GOOD = "Therapist: You really have to start taking this seriously.\nClient: Okay, whatever.\n"
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{chr(ord('a') + level)}: &{chr(ord('a') + level)} [" + ", ".join([f"*{chr(ord('a') + level - 1)}"] * 9) + "]"
       for level in range(1, 9)]
    + ["notes: Quiet session."]
) + "\n"
FIFTY_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class Bad:
    name: str  # the path given on the command line
    content: bytes | None  # None: nothing is created at that path
    says: str  # words the error must contain
    folder: dict[str, bytes] | None = None  # files to create inside a folder at `name`


BAD_INPUTS = {
    "empty": Bad("empty.txt", b"", "empty file"),
    "blank": Bad("blank.txt", b"  \n\n\t\n", "empty file"),
    "binary": Bad("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
    "invalid-utf8": Bad("latin1.txt", "Therapist: Caf\xe9 or tea?\nClient: Tea.\n".encode("latin-1"),
                        "not valid UTF-8"),
    "yaml-list": Bad("list.yaml", b"- speaker: T\n  text: Hello.\n", "must be a mapping"),
    "yaml-scalar": Bad("scalar.yaml", b"just a sentence\n", "must be a mapping"),
    "yaml-alias-bomb": Bad("bomb.yaml", BILLION_LAUGHS.encode(), "aliases"),
    "yaml-syntax": Bad("broken.yaml", b"turns:\n  - speaker: T\n    text: [unclosed\n", "invalid YAML"),
    "yaml-impossible-date": Bad("date.yaml", b"date: 2026-13-45\nnotes: Quiet session.\n", "date"),
    "yaml-control-character": Bad("control.yaml", b"notes: Quiet \x1b[0m session.\n", "character"),
    "missing": Bad("missing.txt", None, "no such file or directory"),
    "folder-without-notes": Bad("scans", None, "directory without notes",
                                folder={"intake.pdf": b"%PDF-1.4", ".hidden/old.txt": b"Client was quiet.\n"}),
    "fifty-mb-line": Bad("huge.txt", b"Therapist: " + b"a" * FIFTY_MB + b"\n", "characters long"),
}


def create(workdir: Path, bad: Bad) -> None:
    if bad.content is not None:
        (workdir / bad.name).write_bytes(bad.content)
    for name, content in (bad.folder or {}).items():
        path = workdir / bad.name / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rupture: error:")]


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
@pytest.mark.parametrize("output_format", ["terminal", "json"])
def test_a_bad_input_gives_one_line_naming_it_and_exit_2(case: str, output_format: str, workdir: Path, rupture,
                                                         no_crash, folder_snapshot, deadline) -> None:
    bad = BAD_INPUTS[case]
    create(workdir, bad)
    before = folder_snapshot(workdir)
    with deadline(60):
        result = rupture("analyze", bad.name, "--format", output_format)
    no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"rupture: error: {bad.name}"), lines[0]
    message = lines[0].removeprefix(f"rupture: error: {bad.name}")
    assert bad.says in message, lines[0]
    assert "internal error" not in message
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
@pytest.mark.parametrize("bad_first", [False, True], ids=["good-first", "bad-first"])
def test_good_inputs_are_still_reported_beside_a_bad_one(case: str, bad_first: bool, workdir: Path, write_file,
                                                         rupture, no_crash, folder_snapshot) -> None:
    bad = BAD_INPUTS[case]
    create(workdir, bad)
    write_file("good.txt", GOOD)
    before = folder_snapshot(workdir)
    order = [bad.name, "good.txt"] if bad_first else ["good.txt", bad.name]
    result = rupture("analyze", *order, "--format", "jsonl")
    no_crash(result)
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["file"] for record in records] == ["good.txt"]
    assert [episode["type"] for episode in records[0]["episodes"]] == ["withdrawal"]
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"rupture: error: {bad.name}")
    assert bad.says in errors[0].removeprefix(f"rupture: error: {bad.name}")
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("case", ["empty", "yaml-list", "yaml-alias-bomb", "yaml-syntax", "missing"])
def test_terminal_report_goes_on_after_a_bad_input(case: str, workdir: Path, write_file, rupture, no_crash) -> None:
    bad = BAD_INPUTS[case]
    create(workdir, bad)
    write_file("good.txt", GOOD)
    result = rupture("analyze", bad.name, "good.txt")
    no_crash(result)
    assert result.exit_code == 2
    assert "Session good.txt" in result.stdout
    assert "W2" in result.stdout
    assert len(error_lines(result.stderr)) == 1


def test_the_documented_example_good_and_missing(workdir: Path, write_file, rupture, no_crash) -> None:
    write_file("good.txt", GOOD)
    result = rupture("analyze", "good.txt", "missing.txt", "--format", "jsonl")
    no_crash(result)
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["file"] == "good.txt"
    assert result.stderr == "rupture: error: missing.txt: no such file or directory\n"


def test_invalid_utf8_names_the_line(workdir: Path, rupture) -> None:
    (workdir / "mixed.txt").write_bytes(b"Therapist: How was it?\nClient: Fine.\nTherapist: Caf\xe9?\n")
    result = rupture("analyze", "mixed.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: mixed.txt:3: not valid UTF-8")


def test_bom_and_crlf_are_read_like_plain_utf8(workdir: Path, rupture, no_crash, folder_snapshot) -> None:
    text = "\ufeffTherapist: You really have to start taking this seriously.\r\nClient: Okay, whatever.\r\n"
    (workdir / "windows.txt").write_bytes(text.encode("utf-8"))
    before = folder_snapshot(workdir)
    result = rupture("analyze", "windows.txt", "--format", "json")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    record = json.loads(result.stdout)
    assert record["kind"] == "transcript"
    assert (record["turns"], record["client_turns"]) == (2, 1)
    [episode] = record["episodes"]
    [marker] = episode["markers"]
    assert (marker["id"], marker["line"], marker["quote"]) == ("W2", 2, "Okay, whatever.")
    assert folder_snapshot(workdir) == before


def test_bom_and_crlf_in_yaml_notes(workdir: Path, rupture, no_crash) -> None:
    text = ("\ufeffturns:\r\n  - speaker: T\r\n    text: You have to stop this.\r\n"
            "  - speaker: C\r\n    text: Whatever.\r\n")
    (workdir / "windows.yaml").write_bytes(text.encode("utf-8"))
    result = rupture("analyze", "windows.yaml", "--format", "json")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    [episode] = json.loads(result.stdout)["episodes"]
    assert [(marker["id"], marker["line"]) for marker in episode["markers"]] == [("W2", 4)]


def test_an_unknown_speaker_label_is_a_warning_not_an_error(workdir: Path, write_file, rupture, no_crash) -> None:
    write_file("s.txt", "Therapist: How was the appointment?\nInterpreter: She says it was hard.\nClient: Whatever.\n"
                        "Therapist: You need to tell me more than that.\nInterpreter: She is tired.\n"
                        "Client: Fine, whatever.\n")
    result = rupture("analyze", "s.txt", "--format", "json")
    no_crash(result)
    assert result.exit_code == 0
    assert result.stderr == ""
    record = json.loads(result.stdout)
    assert len(record["warnings"]) == 1 and "interpreter" in record["warnings"][0]
    assert record["client_turns"] == 2
    assert record["episodes"], "the client's turns are still analysed"
    terminal = rupture("analyze", "s.txt")
    assert terminal.exit_code == 0
    assert "unknown speaker label 'interpreter'" in terminal.stdout


def test_a_folder_is_searched_for_notes_and_hidden_files_are_skipped(workdir: Path, write_file, rupture) -> None:
    write_file("client/week1.txt", GOOD)
    write_file("client/week2.md", "Client was quiet. I felt far away, watching the clock.\n")
    write_file("client/.drafts/week3.txt", "")
    write_file("client/intake.pdf", "%PDF")
    result = rupture("analyze", "client", "--format", "jsonl", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    files = [json.loads(line)["file"] for line in result.stdout.splitlines()]
    assert files == [str(Path("client/week1.txt")), str(Path("client/week2.md"))]


# --- standard input ---------------------------------------------------------------------------------------------


def test_dash_reads_standard_input(workdir: Path, rupture, no_crash) -> None:
    result = rupture("analyze", "-", "--format", "json", input=GOOD.encode())
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["file"] == "<stdin>"
    assert record["kind"] == "transcript"
    assert [marker["id"] for marker in record["episodes"][0]["markers"]] == ["W2"]


def test_dash_reads_yaml_notes_from_standard_input(workdir: Path, rupture) -> None:
    notes = "notes: |\n  Client gave one-word answers after I raised the homework; I felt disengaged.\n"
    result = rupture("analyze", "-", "--format", "json", input=notes.encode())
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["kind"] == "notes"
    assert {marker["id"] for marker in record["episodes"][0]["markers"]} == {"W2", "T-W"}


def test_dash_with_bom_and_crlf_in_the_terminal_report(workdir: Path, rupture) -> None:
    result = rupture("analyze", "-", input=("\ufeff" + GOOD.replace("\n", "\r\n")).encode())
    assert result.exit_code == 0, result.stderr
    assert "Session <stdin>" in result.stdout
    assert "W2" in result.stdout


@pytest.mark.parametrize(("data", "says"), [(b"", "empty file"), (b"\x00\x01\x02", "binary file"),
                                            (b"Client: caf\xe9\n", "not valid UTF-8")])
def test_bad_standard_input_is_one_line(data: bytes, says: str, workdir: Path, rupture, no_crash) -> None:
    result = rupture("analyze", "-", input=data)
    no_crash(result)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("rupture: error: <stdin>")
    assert says in lines[0]


def test_standard_input_beside_a_file(workdir: Path, write_file, rupture) -> None:
    write_file("notes.txt", "Client gave one-word answers after I raised the homework; I felt disengaged.\n")
    result = rupture("analyze", "notes.txt", "-", "--format", "jsonl", input=GOOD.encode())
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == ["notes.txt", "<stdin>"]


def test_a_file_reached_by_several_paths_is_analysed_once(workdir: Path, write_file, rupture, no_crash) -> None:
    write_file("notes/good.txt", GOOD)
    (workdir / "notes" / "alias.txt").symlink_to("good.txt")
    os.link(workdir / "notes" / "good.txt", workdir / "notes" / "hard.txt")  # the same file under another name
    result = rupture("analyze", "notes/good.txt", "./notes/good.txt", "notes/../notes/good.txt", "notes",
                     "--format", "jsonl")
    no_crash(result)
    assert result.exit_code in (0, 1), result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == ["notes/good.txt"]
