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
    ["analyze", "notes.txt", "--rules", "pack.yaml", "-f", "json", "-o", "pack.yaml"],
    ["analyze", "notes.txt", "--rules", "packs", "-f", "json", "-o", "packs/mine.yaml"],
    ["analyze", "notes.txt", "--config", "conf.toml", "-f", "jsonl", "-o", "conf.toml"],
    ["analyze", "notes.txt", "--rules", "pack.yaml", "-f", "csv", "-o", "x.csv", "--sessions-csv", "pack.yaml"],
    ["check", "notes.txt", "--rules", "pack.yaml", "-o", "pack.yaml"],
    ["baseline", "create", "notes.txt", "--config", "conf.toml", "-o", "conf.toml"],
    ["rules", "export", "--rules", "pack.yaml", "-o", "pack.yaml"],
], ids=lambda command: " ".join(command))
def test_an_output_naming_a_rule_pack_or_config_of_the_run_is_refused(rupture, write_file, workdir: Path,
                                                                       no_crash, command: list[str]) -> None:
    write_file("notes.txt", NOTE)
    assert rupture("rules", "new", "MINE-1", "-o", "pack.yaml").exit_code == 0
    (workdir / "packs").mkdir()
    (workdir / "packs" / "mine.yaml").write_bytes((workdir / "pack.yaml").read_bytes())
    write_file("conf.toml", "select = []\n")
    before = {path: path.read_bytes() for path in workdir.rglob("*") if path.is_file()}
    result = rupture(*command)
    no_crash(result)
    assert result.exit_code == 2, result.stderr
    assert "rule pack, config or model file of this run" in result.stderr
    assert {path: path.read_bytes() for path in workdir.rglob("*") if path.is_file()} == before


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


@pytest.mark.parametrize("command", [
    ["analyze", "s.txt", "-f", "jsonl", "-o", "pipe"],
    ["analyze", "s.txt", "-f", "json", "-o", "pipe"],
    ["check", "s.txt", "-o", "pipe"],
], ids=lambda command: " ".join(command))
def test_a_fifo_output_is_refused_and_kept(rupture, write_file, workdir: Path, no_crash, command: list[str]) -> None:
    write_file("s.txt", TRANSCRIPT)
    os.mkfifo(workdir / "pipe")
    result = rupture(*command)
    no_crash(result)
    assert result.exit_code == 2 and "is not a regular file" in result.stderr
    assert (workdir / "pipe").exists() and not (workdir / "pipe").is_file()


def test_an_output_naming_a_symlink_replaces_the_link_and_never_writes_through_it(rupture, write_file,
                                                                                    workdir: Path) -> None:
    write_file("s.txt", TRANSCRIPT)
    write_file("elsewhere.txt", "keep\n")
    (workdir / "latest.json").symlink_to("elsewhere.txt")
    assert rupture("analyze", "s.txt", "-f", "json", "-o", "latest.json").exit_code in (0, 1)
    assert not (workdir / "latest.json").is_symlink()
    assert (workdir / "latest.json").read_text(encoding="utf-8").startswith("{")
    assert (workdir / "elsewhere.txt").read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize("output", ["report.txt", "sub/report.md"])
def test_a_text_report_inside_the_folder_searched_is_refused(rupture, write_file, workdir: Path, no_crash,
                                                             output: str) -> None:
    """The next run on the folder would read the report as a session (a note with the report's own quotes)."""
    write_file("notes/s1.txt", NOTE)
    (workdir / "notes" / "sub").mkdir()
    (workdir / "notes" / ".reports").mkdir()  # hidden: folder searches skip it
    result = rupture("analyze", "notes", "-o", f"notes/{output}")
    no_crash(result)
    assert result.exit_code == 2 and "is inside the input folder notes" in result.stderr
    assert not (workdir / "notes" / output).exists()
    (workdir / "notes" / "out.txt").symlink_to(workdir / "elsewhere.txt")  # the write would replace the link
    linked = rupture("analyze", "notes", "-o", "notes/out.txt")
    assert linked.exit_code == 2 and "is inside the input folder notes" in linked.stderr
    (workdir / "notes" / "out.txt").unlink()
    for allowed in (["-f", "jsonl", "-o", "notes/results.jsonl"], ["-o", "notes/.reports/report.txt"],
                    ["-o", "report.txt"]):
        assert rupture("analyze", "notes", *allowed).exit_code in (0, 1)
