"""File names are whatever bytes the file system holds: none of them may crash a batch, forge a line on
the terminal or run as a spreadsheet formula. Every name and input here is synthetic.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rupturecli.printable import printable, spreadsheet_cell

TRANSCRIPT = (b"Therapist: You have to take the exercises seriously or nothing will change.\n"
              b"Client: Honestly this is pointless, you're not listening to me at all.\n")
UNDECODABLE = os.fsdecode(b"caf\xe9-session.txt")
FORGING = "late\n\x1b[31mrupture: error: other.txt"
FORMULA = '=HYPERLINK("example.invalid").txt'
FORMATS = ["terminal", "json", "jsonl", "csv", "html"]


def _has_control(text: str) -> bool:
    return any(ord(character) < 32 and character != "\n" or 0x7F <= ord(character) <= 0x9F for character in text)


@pytest.fixture
def hostile_names(workdir: Path) -> Path:
    """The hostile files in the current folder, so a name can start a CSV cell."""
    for name in (UNDECODABLE, FORGING, FORMULA, "plain.txt"):
        (workdir / name).write_bytes(TRANSCRIPT)
    return workdir


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_hostile_names_are_analysed_and_printed_escaped(rupture, hostile_names: Path, workdir: Path, no_crash,
                                                        output_format: str, to_file: bool) -> None:
    arguments = ["analyze", ".", "-f", output_format, "--no-model"]
    if to_file:
        arguments += ["-o", "report.out"]
    result = rupture(*arguments)
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    text = (workdir / "report.out").read_bytes().decode("utf-8") if to_file else result.stdout
    if output_format == "json":
        text = "\n".join(record["file"] for record in json.loads(text)["files"])
    elif output_format == "jsonl":
        text = "\n".join(json.loads(line)["file"] for line in text.splitlines())
    assert "caf\\xe9-session.txt" in text
    assert "\x1b" not in text and "\x1b" not in result.stderr
    assert "late\\n\\x1b[31mrupture" in text
    if output_format == "csv":
        cells = [row[0] for row in csv.reader(io.StringIO(text))]
        assert "'" + FORMULA in cells and FORMULA not in cells


def test_errors_name_hostile_files_on_one_line(rupture, workdir: Path, no_crash) -> None:
    (workdir / "bin\nrupture: error: forged.txt").write_bytes(b"\x00\x01\x02")
    (workdir / "good.txt").write_bytes(TRANSCRIPT)
    result = rupture("analyze", ".", "-f", "jsonl", "--no-model")
    no_crash(result)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("rupture: error:")]
    assert errors == ["rupture: error: bin\\nrupture: error: forged.txt: binary file (NUL bytes found): not a text "
                      "note or transcript"]
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("command", [
    ["check", "."], ["check", ".", "-f", "github"], ["check", ".", "-f", "junit"],
    ["baseline", "create", ".", "-o", "b.json"],
])
def test_check_and_baseline_take_hostile_names(rupture, hostile_names: Path, no_crash, command: list[str]) -> None:
    result = rupture(*command, "--no-model")
    no_crash(result)
    assert result.exit_code in (0, 1), result.stderr
    assert not _has_control(result.stdout) and not _has_control(result.stderr)


NAME_PARTS = st.binary(min_size=1, max_size=40).filter(lambda part: b"/" not in part and b"\x00" not in part
                                                       and part not in (b".", b".."))
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=3).map(b"/".join).filter(lambda name: name != b"-")  # '-': stdin


def name_goes_through(folder: Path, name: bytes) -> str:
    """The file-name property (also fuzzed by scripts/fuzz.py --reader names): a transcript at `name` under
    `folder` is analysed to JSONL and CSV files, exit 0, every name written printable and no CSV formula;
    or the run is refused with exit 2 and one printable error line. Returns 'sessions' or 'refused'."""
    from typer.testing import CliRunner

    from rupturecli.cli import app

    path = os.path.join(os.fsencode(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(TRANSCRIPT)
    out, table = folder / "out.jsonl", folder / "out.csv"
    with contextlib.chdir(folder):  # the name as given, relative: it may start a CSV cell with '='
        result = CliRunner().invoke(app, ["analyze", "-f", "jsonl", "-o", str(out), "--sessions-csv", str(table),
                                          "--no-model", "--isolated", "-q", "--", os.fsdecode(name)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.stderr
    assert not _has_control(result.stderr)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
        return "refused"
    record = json.loads(out.read_bytes().decode("utf-8"))
    assert not _has_control(record["file"])
    [row] = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8"))))
    assert not row["file"].startswith(("=", "+", "-", "@"))
    return "sessions"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NAMES)
def test_any_file_name_goes_through_a_batch(tmp_path_factory: pytest.TempPathFactory, name: bytes) -> None:
    assert name_goes_through(tmp_path_factory.mktemp("names"), name) == "sessions"


def test_printable_escapes_what_a_terminal_would_act_on() -> None:
    assert printable("notes/plain name.txt") == "notes/plain name.txt"
    assert printable("café.txt") == "café.txt"
    assert printable(os.fsdecode(b"a\xffb")) == "a\\xffb"
    assert printable("a\nb\tc\x1b[0m\x7f") == "a\\nb\\tc\\x1b[0m\\x7f"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"


def test_spreadsheet_cells_never_start_a_formula() -> None:
    assert [spreadsheet_cell(value) for value in ("=1+1", "+1", "-x", "@SUM(A1)", "plain", 3, -2)] == [
        "'=1+1", "'+1", "'-x", "'@SUM(A1)", "plain", 3, -2]
