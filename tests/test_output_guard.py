"""An output path that names an input, or that two outputs share, is refused before anything is written.

A user who types `rupture analyze notes.txt -o notes.txt` must keep their note. Every input here is
synthetic, written for these tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTE = "Client went quiet after I raised the homework and said it was pointless; I felt shut out.\n"
TRANSCRIPT = "Therapist: What comes up for you when we talk about it?\nClient: Nothing. Can we move on?\n"


@pytest.mark.parametrize("command", [
    ["analyze", "notes.txt", "-o", "notes.txt"],
    ["analyze", "notes.txt", "-o", "./notes.txt"],
    ["analyze", "notes.txt", "-o", "same.txt"],  # a hard link to the note
    ["analyze", "notes.txt", "-o", "link.txt"],  # a symlink to the note
    ["analyze", ".", "-f", "json", "-o", "notes.txt"],  # the note is found inside a folder input
    ["analyze", ".", "-f", "json", "-o", "README.md"],  # documentation the folder search skips is kept too
    ["analyze", "notes.txt", "-f", "csv", "--sessions-csv", "notes.txt"],
    ["analyze", "notes.txt", "-f", "jsonl", "--db", "notes.txt"],
    ["analyze", "notes.txt", "--by-client", "-f", "json", "-o", "notes.txt"],
    ["check", "notes.txt", "-o", "notes.txt"],
    ["check", "notes.txt", "--baseline", "base.json", "-o", "base.json"],
    ["baseline", "create", "notes.txt", "-o", "notes.txt"],
    ["agree", "codes.csv", "other.csv", "-o", "codes.csv"],
], ids=lambda command: " ".join(command))
def test_an_output_naming_an_input_is_refused_and_the_input_kept(rupture, write_file, workdir: Path,
                                                                  no_crash, command: list[str]) -> None:
    note = write_file("notes.txt", NOTE)
    os.link(note, workdir / "same.txt")
    (workdir / "link.txt").symlink_to("notes.txt")
    write_file("base.json", '{"version": 1, "findings": []}\n')
    write_file("codes.csv", "file,turn,label\nnotes,2,withdrawal\n")
    write_file("other.csv", "file,turn,label\nnotes,2,none\n")
    write_file("README.md", "# Practice notes\n")
    before = {path.name: path.read_bytes() for path in workdir.iterdir() if path.is_file()}
    result = rupture(*command)
    no_crash(result)
    assert result.exit_code == 2, result.stderr
    assert "names an input; refusing to overwrite it" in result.stderr
    assert {path.name: path.read_bytes() for path in workdir.iterdir() if path.is_file()} == before


@pytest.mark.parametrize("command", [
    ["analyze", "s.txt", "-f", "csv", "-o", "x.csv", "--sessions-csv", "x.csv"],
    ["analyze", "s.txt", "-f", "csv", "-o", "x.csv", "--sessions-csv", "./x.csv"],
    ["analyze", "s.txt", "-f", "jsonl", "-o", "y", "--db", "y"],
    ["analyze", "s.txt", "--sessions-csv", "z.csv", "--db", "z.csv"],
], ids=lambda command: " ".join(command))
def test_two_outputs_on_one_path_are_refused(rupture, write_file, workdir: Path, no_crash,
                                             command: list[str]) -> None:
    write_file("s.txt", TRANSCRIPT)
    result = rupture(*command)
    no_crash(result)
    assert result.exit_code == 2, result.stderr
    assert "name the same file" in result.stderr
    assert sorted(path.name for path in workdir.iterdir()) == ["s.txt"]


def test_an_output_beside_the_inputs_is_still_written(rupture, write_file, workdir: Path) -> None:
    write_file("notes.txt", NOTE)
    result = rupture("analyze", "notes.txt", "-f", "csv", "-o", "episodes.csv", "--sessions-csv", "sessions.csv")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "episodes.csv").read_text().startswith("file,")
    assert (workdir / "sessions.csv").exists()
    assert (workdir / "notes.txt").read_text() == NOTE
