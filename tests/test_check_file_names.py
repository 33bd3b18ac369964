"""`rupture check` locates files whose names hold a newline, a backtick, a backslash or a pipe: SARIF, JUnit and
GitHub annotations point at the file itself, and the job summary's Markdown table keeps its shape. Every name
and transcript here is invented.
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app

# An unaddressed withdrawal: one finding, failing the default threshold
WITHDRAWAL = """\
Therapist: You have to start walking every day, the doctor was very clear about it.
Client: Sure, fine.
Therapist: I mean it, skipping it again is not an option this time. How many days will you commit to?
Client: Whatever you think.
"""
NEWLINE = "week\nthree.txt"


def check(rupture, *args: str):  # type: ignore[no-untyped-def]
    return rupture("check", *args, "--isolated", "--no-model", "--ignore", "TC", "-q")


def test_a_newline_in_a_name_is_percent_encoded_in_the_sarif_uri(rupture, write_file) -> None:  # type: ignore[no-untyped-def]
    """The URI was once of the escaped name ('week%5Cnthree.txt'), a file that does not exist."""
    write_file(NEWLINE, WITHDRAWAL)
    write_file("bad\nname.txt", b"Therapist: Hello.\nClient: caf\xe9 again\n")
    result = check(rupture, ".", "-f", "sarif")
    run = json.loads(result.stdout)["runs"][0]
    uris = [item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for item in run["results"]]
    assert uris == ["week%0Athree.txt"]
    notice = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notice["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad%0Aname.txt"


@pytest.mark.skipif(sys.platform != "linux", reason="a file name that is not UTF-8 needs a byte file system")
def test_a_name_that_is_not_utf8_is_its_own_bytes_in_the_sarif_uri(rupture, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    Path(os.fsdecode(b"caf\xe9.txt")).write_text(WITHDRAWAL, encoding="utf-8")
    result = check(rupture, ".", "-f", "sarif")
    assert result.exit_code == 1
    assert '"uri": "caf%E9.txt"' in result.stdout


def test_github_annotations_escape_a_newline_in_the_file_property(rupture, write_file) -> None:  # type: ignore[no-untyped-def]
    write_file(NEWLINE, WITHDRAWAL)
    write_file("bad\nname.txt", b"Therapist: Hello.\nClient: caf\xe9 again\n")
    lines = check(rupture, ".", "-f", "github").stdout.splitlines()
    assert lines[0].startswith("::error file=bad%0Aname.txt,title=cannot read the file::line 2: not valid UTF-8")
    assert lines[1].startswith("::error file=week%0Athree.txt,line=2,title=W2 minimal-response::")
    assert len(lines) == 2


def test_junit_names_the_file_itself(rupture, write_file) -> None:  # type: ignore[no-untyped-def]
    write_file(NEWLINE, WITHDRAWAL)
    root = ElementTree.fromstring(check(rupture, ".", "-f", "junit").stdout)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("file") == NEWLINE
    assert case.get("classname") == "week\\nthree.txt"  # the shown name: one line in a report view


def summary_rows(workdir: Path, *names: str) -> list[str]:
    """The job summary's failing rows after a check of these files (GitHub Actions sets GITHUB_STEP_SUMMARY)."""
    for name in names:
        (workdir / name).write_text(WITHDRAWAL, encoding="utf-8")
    summary = workdir.parent / f"{workdir.name}-summary.md"
    CliRunner().invoke(app, ["check", *names, "-f", "github", "--isolated", "--no-model", "--ignore", "TC", "-q"],
                       env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": None, "RUPTURE_CONFIG": None})
    return [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| fail")]


def test_the_job_summary_shows_odd_file_names_in_one_cell_as_they_are(workdir: Path) -> None:
    """A backtick ended the code span and broke the table; a backslash showed doubled."""
    rows = summary_rows(workdir, "back`tick.txt", "back\\slash.txt", "pipe|one.txt")
    cells = {row.split(" | ")[1] for row in rows}
    assert cells == {"``back`tick.txt``", "`back\\slash.txt`", "`pipe\\|one.txt`"}
    for row in rows:  # every row has the header's 8 cells: no pipe of a name splits one
        assert len(row.replace("\\|", "").split(" | ")) == 8, row


def test_a_name_that_starts_with_a_backtick_is_padded_in_its_code_span(workdir: Path) -> None:
    rows = summary_rows(workdir, "`starts-with-a-backtick.txt")
    assert rows[0].split(" | ")[1] == "`` `starts-with-a-backtick.txt ``"


def test_the_job_summary_escapes_markup_in_text_cells(workdir: Path) -> None:
    """The threshold is text: '>=' is not left for Markdown to read as a quote or tag."""
    (workdir / "week.txt").write_text(WITHDRAWAL, encoding="utf-8")
    summary = workdir.parent / f"{workdir.name}-summary.md"
    CliRunner().invoke(app, ["check", "week.txt", "-f", "github", "--isolated", "--no-model", "-q"],
                       env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": None, "RUPTURE_CONFIG": None})
    text = summary.read_text(encoding="utf-8")
    assert "(threshold: an episode with significance \\>= 3, not resolved)" in text
    assert "| W2 minimal-response |" in text


def test_the_real_path_is_redacted_too(rupture, write_file) -> None:  # type: ignore[no-untyped-def]
    write_file("harriet\nweek.txt", WITHDRAWAL)
    result = check(rupture, ".", "-f", "sarif", "--redact")
    assert '"uri": "%5BNAME%5D%0Aweek.txt"' in result.stdout and "harriet" not in result.stdout.lower()
