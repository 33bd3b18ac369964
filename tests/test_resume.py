"""Research-mode outputs under faults: interrupted runs, a second run on the same output, planted links,
permissions, and an output that does not hold what the finished inputs made.

Every input here is synthetic, written for these tests.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.outputs.sinks.lock import OutputLock
from rupturecli.run.batch import BatchOutputs, run_batch
from rupturecli.run.options import RunOptions
from rupturecli.run.tasks import RuleSpec, SourceResult, run_local

TURNS = ("Therapist: You really need to stop skipping the tablets, this is serious.\nClient: Okay, whatever.\n",
         "Therapist: What do you enjoy about cycling?\nClient: It clears my head and I sleep better after.\n")


def corpus(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(count):
        path = folder / f"s{number:03d}.txt"
        path.write_text(TURNS[number % 2], encoding="utf-8")
        names.append(str(path))
    return names


class Interrupted(KeyboardInterrupt):
    pass


def interrupting(after: int):  # noqa: ANN201 - an engine for run_batch
    """An engine that delivers `after` results and then stops the run as Ctrl-C would."""

    def engine(todo: list[str], *arguments: Any) -> Iterator[SourceResult]:
        for count, result in enumerate(run_local(todo, *arguments), start=1):
            yield result
            if count == after:
                raise Interrupted

    return engine


def batch(sources: list[str], outputs: BatchOutputs, engine: Any = None, command: Any = None,
          options: RunOptions | None = None) -> tuple[Any, list[str]]:
    errors: list[str] = []
    summary = run_batch(sources, RuleSpec(model=None), options or RunOptions(), outputs, 1, True, errors.append,
                        show_progress=False, engine=engine, command=command)
    return summary, errors


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_interrupted_run_resumes_redoing_only_changed_and_unfinished_inputs(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 12)
    out, database = tmp_path / "out.jsonl", tmp_path / "out.sqlite"
    outputs = BatchOutputs.named(jsonl=out, sqlite=database, sessions_csv=tmp_path / "sessions.csv")
    with pytest.raises(Interrupted):
        batch(sources, outputs, engine=interrupting(5))
    assert not out.exists()
    Path(sources[0]).write_text(TURNS[1], encoding="utf-8")  # changed since it was analysed: redone
    summary, errors = batch(sources, outputs)
    assert not errors and summary.skipped == 4 and summary.inputs == 8
    found = records(out)
    assert sorted(record["file"] for record in found) == sorted(sources)
    assert next(record for record in found if record["file"] == sources[0])["episodes"] == []
    assert sqlite3.connect(database).execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 12
    assert len((tmp_path / "sessions.csv").read_text(encoding="utf-8").splitlines()) == 13
    assert not list(tmp_path.glob("*.partial")) + list(tmp_path.glob("*.resume")) + list(tmp_path.glob("*.lock"))


def test_the_summary_of_a_resumed_run_covers_the_whole_output(tmp_path: Path) -> None:
    """It once counted only the inputs analysed after the restart (435 of 636 sessions)."""
    sources = corpus(tmp_path / "in", 9)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(6))
    resumed, errors = batch(sources, BatchOutputs.named(jsonl=out))
    assert not errors and (resumed.skipped, resumed.inputs) == (6, 3)
    whole, _ = batch(sources, BatchOutputs.named(jsonl=tmp_path / "fresh.jsonl"))
    in_output = records(out)
    assert resumed.sessions == whole.sessions == len(in_output) == 9
    assert resumed.sessions_with_rupture == whole.sessions_with_rupture == sum(bool(r["episodes"]) for r in in_output)
    assert resumed.episodes == whole.episodes and sum(resumed.episodes.values()) >= 5
    assert (resumed.significance, resumed.repair) == (whole.significance, whole.repair)


def test_the_cli_summary_after_a_resume_counts_every_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = corpus(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(3), command={"inputs": sources,
                                                                                "format": "jsonl"})
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["analyze", *sources, "--format", "jsonl", "-o", str(out), "--isolated",
                                      "--no-model", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Batch summary of the whole output (a resumed run)" in result.stderr
    assert "inputs        4: 1 analysed, 3 already finished (resumed), 0 failed" in result.stderr
    assert "sessions      4 (2 with a rupture)" in result.stderr


def test_a_different_command_on_the_same_output_starts_over(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    first, second = corpus(tmp_path / "a", 6), corpus(tmp_path / "b", 3)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):
        batch(first, BatchOutputs.named(jsonl=out), engine=interrupting(4), command={"inputs": ["a"]})
    summary, _ = batch(second, BatchOutputs.named(jsonl=out), command={"inputs": ["b"]})
    assert summary.skipped == 0
    assert sorted(record["file"] for record in records(out)) == sorted(second)
    assert "not resuming" in capsys.readouterr().err


def test_records_with_every_therapist_turn_read_are_not_resumed_by_a_run_without(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture) -> None:
    sources = corpus(tmp_path / "a", 6)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(4), command={"inputs": ["a"]},
              options=RunOptions(therapist_moves=True))
    summary, _ = batch(sources, BatchOutputs.named(jsonl=out), command={"inputs": ["a"]})
    assert summary.skipped == 0  # started over: the profiles must all be read the same way
    assert "not resuming" in capsys.readouterr().err
    assert all(record["summary"]["therapist"]["straining_moves"] is None for record in records(out))


def test_standard_input_is_read_again_on_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [*corpus(tmp_path / "in", 3), "-"]
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TURNS[0].encode())))
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(4))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TURNS[0].encode())))
    summary, errors = batch(sources, BatchOutputs.named(jsonl=out))
    assert not errors and summary.inputs == 4
    expected = sorted("<stdin>" if source == "-" else source for source in sources)
    assert sorted(record["file"] for record in records(out)) == expected


def test_progress_is_saved_on_the_clock_while_a_slow_input_runs(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    release = threading.Event()

    def slow_last(todo: list[str], *arguments: Any) -> Iterator[SourceResult]:
        for count, result in enumerate(run_local(todo, *arguments), start=1):
            if count == 4:
                release.wait(30)  # the fourth input is still being analysed
                raise Interrupted
            yield result

    failure: list[BaseException] = []

    def run() -> None:
        try:
            batch(sources, BatchOutputs.named(jsonl=out), engine=slow_last)
        except Interrupted:
            pass
        except BaseException as error:  # pragma: no cover - reported below
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    state = out.with_name("out.jsonl.resume")
    deadline = time.monotonic() + 20
    saved = 0
    while time.monotonic() < deadline and saved < 3:
        time.sleep(0.1)
        saved = len(state.read_text(encoding="utf-8").splitlines()) - 1 if state.exists() else 0
    release.set()
    thread.join()
    assert not failure
    assert saved == 3, "the three finished inputs must be saved while the fourth is still running"


def test_a_second_run_on_a_held_output_stops_and_names_the_holder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus(tmp_path, 2)
    held = OutputLock([tmp_path / "out.jsonl"])
    try:
        result = CliRunner().invoke(app, ["analyze", "s000.txt", "-f", "jsonl", "-o", "out.jsonl", "--isolated",
                                          "--no-model"])
    finally:
        held.release()
    assert result.exit_code == 2
    assert f"another rupture run (pid {os.getpid()}) is writing this output" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    again = CliRunner().invoke(app, ["analyze", "s000.txt", "-f", "jsonl", "-o", "out.jsonl", "--isolated",
                                     "--no-model"])
    assert again.exit_code == 0 and len(records(tmp_path / "out.jsonl")) == 1


def test_planted_links_never_receive_output(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus(tmp_path / "in", 2)
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch\n", encoding="utf-8")
    for name in ("out.jsonl.partial", "sessions.csv.partial", "out.jsonl.resume"):
        (tmp_path / name).symlink_to(victim)
    result = CliRunner().invoke(app, ["analyze", "in", "-f", "jsonl", "-o", "out.jsonl", "--sessions-csv",
                                      "sessions.csv", "--isolated", "--no-model", "-q"])
    assert result.exit_code == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "do not touch\n"
    assert len(records(tmp_path / "out.jsonl")) == 2
    (tmp_path / "link.db").symlink_to(victim)
    through_link = CliRunner().invoke(app, ["analyze", "in", "--db", "link.db", "--isolated", "--no-model", "-q"])
    assert through_link.exit_code == 2 and "link.db: is a symbolic link" in through_link.stderr
    assert victim.read_text(encoding="utf-8") == "do not touch\n"


@pytest.mark.parametrize("arguments", [["-f", "jsonl"], ["-f", "json"], ["-f", "csv"]])
def test_a_rerun_keeps_an_outputs_permissions_and_new_outputs_follow_the_umask(tmp_path: Path, monkeypatch,
                                                                               arguments: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    corpus(tmp_path / "in", 2)
    command = ["analyze", "in", *arguments, "--isolated", "--no-model", "-q"]
    previous = os.umask(0o027)
    try:
        assert CliRunner().invoke(app, [*command, "-o", "new.out"]).exit_code == 0
        assert stat.S_IMODE(os.stat("new.out").st_mode) == 0o640
        Path("private.out").write_text("old\n", encoding="utf-8")
        os.chmod("private.out", 0o600)
        assert CliRunner().invoke(app, [*command, "-o", "private.out"]).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat("private.out").st_mode) == 0o600
    assert Path("private.out").read_text(encoding="utf-8") != "old\n"


def test_an_output_missing_finished_records_fails_loudly_and_replaces_nothing(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    out.write_text("the previous complete output\n", encoding="utf-8")
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(4))
    partial = out.with_name("out.jsonl.partial")
    size = partial.stat().st_size
    partial.write_bytes(b" " * size)  # the bytes are there, the records are not (a disk that lied)
    from rupturecli.outputs.sinks.base import IncompleteOutput

    with pytest.raises(IncompleteOutput, match="holds 2 records where the finished inputs made 6"):
        batch(sources, BatchOutputs.named(jsonl=out))
    assert out.read_text(encoding="utf-8") == "the previous complete output\n"
    assert partial.exists()


def test_a_different_command_writing_a_second_output_in_between_is_not_resumed(tmp_path: Path) -> None:
    """The resume state sits beside the first output; the others carry a tag naming the command that writes them."""
    first, second = corpus(tmp_path / "a", 8), corpus(tmp_path / "b", 5)
    out, database = tmp_path / "a.jsonl", tmp_path / "shared.sqlite"
    with pytest.raises(Interrupted):
        batch(first, BatchOutputs.named(jsonl=out, sqlite=database), engine=interrupting(5), command={"inputs": ["a"]})
    batch(second, BatchOutputs.named(sqlite=database), command={"inputs": ["b"]})  # finishes: 5 rows of b
    summary, _ = batch(first, BatchOutputs.named(jsonl=out, sqlite=database), command={"inputs": ["a"]})
    assert summary.skipped == 0
    sources = [row[0] for row in sqlite3.connect(database).execute("SELECT source FROM sessions")]
    assert sorted(sources) == sorted(first)


def test_an_input_named_twice_is_analysed_once(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):
        batch([*sources, *sources], BatchOutputs.named(jsonl=out), engine=interrupting(2))
    summary, _ = batch([*sources, *sources], BatchOutputs.named(jsonl=out))
    assert [record["file"] for record in records(out)] == sources
    assert summary.skipped == 2


def test_partial_and_state_files_are_no_wider_than_the_output(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    os.chmod(out, 0o600)
    previous = os.umask(0o022)
    try:
        with pytest.raises(Interrupted):
            batch(sources, BatchOutputs.named(jsonl=out), engine=interrupting(3))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "out.jsonl.partial").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "out.jsonl.resume").st_mode) == 0o600


def test_convokit_resume_never_writes_through_planted_links_and_keeps_modes(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 6)
    folder = tmp_path / "ck"
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch\n", encoding="utf-8")
    batch(sources, BatchOutputs.named(convokit=folder))
    os.chmod(folder, 0o700)
    os.chmod(folder / "speakers.json", 0o600)
    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(convokit=folder), engine=interrupting(3))
    for name in ("speakers.json", "index.json", "corpus.json", "conversations.json"):
        (tmp_path / "ck.partial" / name).symlink_to(victim)
    batch(sources, BatchOutputs.named(convokit=folder))
    assert victim.read_text(encoding="utf-8") == "do not touch\n"
    assert not any(item.is_symlink() for item in folder.iterdir())
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "speakers.json").st_mode) == 0o600


def test_convokit_output_that_is_not_a_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    sources = corpus(tmp_path / "in", 2)
    target = tmp_path / "ck"
    target.write_text("a file\n", encoding="utf-8")
    from rupturecli.errors import OutputError

    with pytest.raises(OutputError, match="exists and is not a folder"):
        batch(sources, BatchOutputs.named(convokit=target))
    assert target.read_text(encoding="utf-8") == "a file\n"


def test_convokit_never_replaces_a_folder_holding_other_files(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rupturecli.cli import app

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "s1.txt").write_text("Therapist: How was the week?\nClient: Whatever.\n", encoding="utf-8")
    (notes / "other.txt").write_text("kept\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(notes / "s1.txt"), "-f", "convokit", "-o", str(notes)])
    assert result.exit_code == 2
    assert "folder with other files" in result.output and "Traceback" not in result.output
    assert sorted(item.name for item in notes.iterdir()) == ["other.txt", "s1.txt"]
    corpus_folder = tmp_path / "corpus"
    for _ in range(2):  # a new folder, then the corpus this tool wrote there: both fine
        again = CliRunner().invoke(app, ["analyze", str(notes / "s1.txt"), "-f", "convokit", "-o", str(corpus_folder)])
        assert again.exit_code in (0, 1), again.output
    assert (corpus_folder / "utterances.jsonl").is_file()


def test_a_run_stopped_before_any_input_finished_says_so_and_starts_over(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture) -> None:
    """It said 'its partial output is missing or was replaced', which sent users looking for a damaged file."""
    sources = corpus(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"

    def stopped_at_once(todo: list[str], *arguments: Any) -> Iterator[SourceResult]:
        raise Interrupted
        yield  # a generator, as every engine is

    with pytest.raises(Interrupted):
        batch(sources, BatchOutputs.named(jsonl=out), engine=stopped_at_once, command={"inputs": sources})
    capsys.readouterr()
    summary, _ = batch(sources, BatchOutputs.named(jsonl=out), command={"inputs": sources})
    assert summary.skipped == 0 and len(records(out)) == 3
    assert capsys.readouterr().err == (f"rupture: note: not resuming {out}: none of its inputs had been recorded as "
                                       "finished; starting over\n")
