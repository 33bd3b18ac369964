"""Faults of the machine and of the files around a run: pipes where files should be, a full disk, a folder
that cannot be written. Each is one line naming the file, exit 2, never a traceback or a hang.

Every input here is synthetic.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

TRANSCRIPT = ("Therapist: You have to take the exercises seriously or nothing will change.\n"
              "Client: Honestly this is pointless, you're not listening to me at all.\n")


@pytest.fixture
def fifo(workdir: Path) -> Path:
    path = workdir / "codes.csv"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [
    ["agree", "codes.csv", "other.csv"],
    ["agree", "other.csv", "codes.csv"],
    ["check", "note.txt", "--baseline", "codes.csv"],
])
def test_a_pipe_where_a_file_should_be_is_refused_without_waiting(rupture, write_file, fifo: Path, no_crash,
                                                                   deadline, command: list[str]) -> None:
    write_file("note.txt", TRANSCRIPT)
    write_file("other.csv", "file,turn,label\nnote,2,confrontation\n")
    result = rupture(*command, isolated=False)
    no_crash(result)
    assert result.exit_code == 2
    assert "codes.csv: not a regular file (a pipe, device or socket): not read" in result.stderr


def test_agree_refuses_devices(rupture, no_crash, deadline) -> None:
    result = rupture("agree", "/dev/zero", "/dev/zero")
    no_crash(result)
    assert result.exit_code == 2 and "/dev/zero: not a regular file" in result.stderr


@pytest.mark.parametrize("command", [["rules", "new", "X-LATE", "-o", "note.txt/x.yaml"],
                                     ["rules", "export", "-o", "note.txt/x.txt"],
                                     ["analyze", "note.txt", "-o", "note.txt/x.txt"],
                                     ["analyze", "note.txt", "--db", "missing-folder/x.db"]])
def test_an_output_that_cannot_be_created_names_it(rupture, write_file, no_crash, command: list[str]) -> None:
    write_file("note.txt", TRANSCRIPT)
    result = rupture(*command)
    no_crash(result)
    assert result.exit_code == 2, result.stderr
    target = command[-1]
    assert f"rupture: error: {target}: cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _small_disk() -> None:
    """In the child: files may not grow past 2 KB, as on a full disk (EFBIG instead of ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.parametrize("arguments, named", [
    (["-f", "jsonl", "-o", "out.jsonl"], "out.jsonl.partial: cannot write: File too large"),
    (["-f", "json", "-o", "out.json"], "out.json: cannot write: File too large"),
    (["--db", "out.db"], "out.db: cannot write the database"),
])
def test_a_full_disk_names_the_output_and_keeps_the_old_one(workdir: Path, arguments: list[str],
                                                            named: str) -> None:
    (workdir / "in").mkdir()
    for number in range(6):
        (workdir / "in" / f"s{number}.txt").write_text(TRANSCRIPT * 3, encoding="utf-8")
    target = workdir / arguments[-1]
    if not target.name.endswith(".db"):
        target.write_text("the previous report\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "rupturecli.cli", "analyze", "in", "--no-model", "--isolated",
                             "-q", *arguments], cwd=workdir, preexec_fn=_small_disk, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr
    if not target.name.endswith(".db"):
        assert target.read_text(encoding="utf-8") == "the previous report\n"


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "terminal"])
def test_a_reader_that_goes_away_ends_the_run_quietly(workdir: Path, output_format: str) -> None:
    """`rupture analyze corpus/ -f jsonl | head -1`: no error line, no traceback, once head has what it wants."""
    for number in range(40):
        (workdir / f"s{number}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "rupturecli.cli", "analyze", ".", "-f", output_format,
                                "--no-model", "--isolated", "-q", "-j", "1"], cwd=workdir,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert stderr == ""


def test_a_config_folder_this_user_cannot_read_is_skipped_with_a_warning(workdir: Path, write_file,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """sudo keeping HOME=/root, or a locked ~/.config/rupturecli: stat() there fails with EACCES. It once ended
    the run with a traceback; now the user config is not used and the run goes on."""
    from typer.testing import CliRunner

    import rupturecli.config as config
    from rupturecli.cli import app

    class Locked(type(Path())):  # a path whose folder cannot be searched
        def is_file(self) -> bool:
            raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(config, "user_config_file", lambda: Locked(workdir / "locked" / "config.toml"))
    monkeypatch.delenv("RUPTURE_CONFIG", raising=False)
    write_file("note.txt", TRANSCRIPT)
    result = CliRunner().invoke(app, ["analyze", "note.txt", "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    assert result.stderr.startswith("rupture: warning: ") and "cannot be read (Permission denied)" in result.stderr
    assert "Traceback" not in result.output
