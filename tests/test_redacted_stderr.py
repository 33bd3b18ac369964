"""--redact covers standard error too: a file name can hold a client's name, so every error, note, summary and
log line of a redacting run shows paths redacted the way the reports do. Every name and text here is invented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# A withdrawal the rules find; a file that is not UTF-8; a file whose labels the tool does not know
WITHDRAWAL = """\
Therapist: You have to start walking every day, the doctor was very clear about it.
Client: Sure, fine.
Therapist: I mean it, skipping it again is not an option this time. How many days will you commit to?
Client: Whatever you think.
"""
UNKNOWN_LABELS = """\
Trainee-counsellor: Where would you like to start this week?
Young-person: dunno
Trainee-counsellor: Last time we talked about the move to the new flat.
Young-person: its fine
Trainee-counsellor: What was the hardest part of it?
Young-person: nothing really
"""
NAME = re.compile(r"(?i)harriet")


@pytest.fixture
def named_files(write_file) -> Path:  # type: ignore[no-untyped-def]
    """A client's folder whose every file name holds her name: one transcript, one unreadable file, one read as
    notes, one README that folder searches skip."""
    write_file("client-harriet/harriet-week1.txt", WITHDRAWAL)
    write_file("client-harriet/harriet-week2.txt", b"Therapist: Hello.\nClient: caf\xe9 again\n")
    write_file("client-harriet/harriet-week3.txt", UNKNOWN_LABELS)
    write_file("client-harriet/README.md", "# sessions\n")
    return Path("client-harriet")


def test_the_check_shows_no_name_on_standard_error(rupture, named_files: Path) -> None:  # type: ignore[no-untyped-def]
    result = rupture("check", str(named_files), "missing-harriet.txt", "--redact", "--isolated", "--no-model")
    assert result.exit_code == 2
    assert "rupture: error: client-[NAME]/[NAME]-week2.txt:2: not valid UTF-8" in result.stderr
    assert "rupture: error: missing-[NAME].txt: no such file or directory" in result.stderr
    assert "rupture: note: client-[NAME]/[NAME]-week3.txt: read as narrative notes" in result.stderr
    assert "(client-[NAME]/README.md)" in result.stderr
    assert not NAME.search(result.stderr), result.stderr
    assert not NAME.search(result.stdout), result.stdout


@pytest.mark.parametrize("mode", [[], ["-f", "json"], ["-f", "jsonl", "-j", "2"], ["--by-client", "-f", "json"],
                                  ["--by-therapist", "-f", "json"], ["--verbose", "-f", "json"],
                                  ["--debug", "-f", "jsonl"]],
                         ids=["terminal", "json", "batch", "by-client", "by-therapist", "verbose", "debug"])
def test_every_analyze_mode_shows_no_name_on_standard_error(rupture, named_files: Path,  # type: ignore[no-untyped-def]
                                                            mode: list[str]) -> None:
    result = rupture("analyze", str(named_files), "missing-harriet.txt", "--redact", "--no-model", *mode)
    assert result.exit_code == 2
    assert "[NAME]-week2.txt" in result.stderr and "missing-[NAME].txt" in result.stderr
    assert not NAME.search(result.stderr), result.stderr
    assert not NAME.search(result.stdout)


def test_the_batch_summary_lists_failures_redacted(rupture, named_files: Path) -> None:  # type: ignore[no-untyped-def]
    result = rupture("analyze", str(named_files), "--redact", "--no-model", "-f", "jsonl", "-o", "out.jsonl")
    assert result.exit_code == 2
    assert "failed: client-[NAME]/[NAME]-week2.txt:2: not valid UTF-8" in result.stderr
    assert not NAME.search(result.stderr), result.stderr


def test_notes_about_outputs_show_no_name(rupture, named_files: Path) -> None:  # type: ignore[no-untyped-def]
    """The outputs' own names (a resume state that is not resumed, a database replaced) are paths too."""
    source = str(named_files / "harriet-week1.txt")
    Path("harriet.jsonl.resume").write_text("{}\n", encoding="utf-8")
    arguments = ["analyze", source, "--redact", "--no-model", "-f", "jsonl", "-o", "harriet.jsonl",
                 "--db", "harriet.sqlite"]
    first = rupture(*arguments)
    again = rupture(*arguments)
    assert first.exit_code == again.exit_code == 0, first.stderr
    assert "rupture: note: not resuming [NAME].jsonl: the interrupted run was a different command" in first.stderr
    assert "rupture: note: [NAME].sqlite: replacing the 1 sessions" in again.stderr
    assert not NAME.search(first.stderr + again.stderr)


def test_without_redact_errors_name_the_file_as_given(rupture, named_files: Path) -> None:  # type: ignore[no-untyped-def]
    """And a redacting run before it leaves nothing behind: the next run names files as given."""
    rupture("check", str(named_files), "--redact", "--isolated", "--no-model")
    result = rupture("check", str(named_files), "--isolated", "--no-model")
    assert "rupture: error: client-harriet/harriet-week2.txt:2: not valid UTF-8" in result.stderr
