"""Research mode: batch outputs, parallel runs, resuming after a kill, the Python API and Dask."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import pickle
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rupturecli
from rupturecli.cli import app

runner = CliRunner()

PRESSURE = "Therapist: You really need to stop skipping the tablets, this is serious.\nClient: Okay, whatever.\n"
HOMEWORK = (
    "Therapist: How did the diary go this week?\n"
    "Client: Honestly these worksheets are pointless, I'm not a schoolkid.\n"
    "Therapist: That makes sense. What would work better for you?\n"
    "Client: Maybe a quick voice memo after each bad moment, I could actually do that on the bus home.\n"
)
CALM = "Therapist: What do you enjoy about running?\nClient: It clears my head and I sleep better after.\n"


def make_corpus(folder: Path, copies: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(copies):
        for name, text in (("pressure", PRESSURE), ("homework", HOMEWORK), ("calm", CALM)):
            path = folder / f"{name}-{number:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def test_csv_sessions_csv_and_database(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    episodes, sessions, database = tmp_path / "ep.csv", tmp_path / "sessions.csv", tmp_path / "r.sqlite"
    result = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "csv", "-o", str(episodes),
                                 "--sessions-csv", str(sessions), "--db", str(database), "-j", "1", "--isolated"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(episodes.open(encoding="utf-8")))
    assert {(Path(row["file"]).name.split("-")[0], row["type"]) for row in rows} == {
        ("pressure", "withdrawal"), ("homework", "confrontation")}
    homework = next(row for row in rows if "homework" in row["file"])
    assert homework["repair_status"] == "resolved" and "C3" in homework["markers"]
    session_rows = {Path(row["file"]).name: row for row in csv.DictReader(sessions.open(encoding="utf-8"))}
    assert len(session_rows) == 3
    assert session_rows["calm-0000.txt"]["episodes"] == "0"
    assert float(session_rows["pressure-0000.txt"]["withdrawal_per_100"]) == 100.0
    assert session_rows["homework-0000.txt"]["share_repaired"] == "1.0"
    connection = sqlite3.connect(database)
    assert connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
    joined = connection.execute(
        "SELECT s.file, e.type, m.marker_id FROM markers m JOIN episodes e USING (episode_key) "
        "JOIN sessions s USING (session_key) ORDER BY s.file").fetchall()
    assert {(Path(file).name, kind, marker) for file, kind, marker in joined} >= {
        ("homework-0000.txt", "confrontation", "C3"), ("pressure-0000.txt", "withdrawal", "W2")}
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.resume"))


@pytest.mark.parametrize("copies", [4, 12])  # 36 inputs: the workers are handed several at a time
def test_jsonl_records_carry_schema_version_and_parallel_equals_serial(tmp_path: Path, copies: int) -> None:
    """-j 2 writes records as inputs finish (a slow file holds back nothing) and still in input order."""
    make_corpus(tmp_path / "corpus", copies=copies)
    serial = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "jsonl", "-j", "1", "-q",
                                 "--isolated"])
    out = tmp_path / "parallel.jsonl"
    parallel = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "jsonl", "-j", "2", "-q",
                                   "-o", str(out), "--isolated"])
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == out.read_text(encoding="utf-8")
    records = [json.loads(line) for line in serial.stdout.splitlines()]
    assert len(records) == 3 * copies and all(record["schema_version"] == 1 for record in records)
    assert len({record["file"] for record in records}) == 3 * copies


def test_convokit_folder(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    folder = tmp_path / "corpus-convokit"
    result = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "convokit", "-o", str(folder),
                                 "-q", "--isolated"])
    assert result.exit_code == 0, result.output
    assert {path.name for path in folder.iterdir()} == {"utterances.jsonl", "speakers.json", "conversations.json",
                                                        "corpus.json", "index.json"}
    utterances = [json.loads(line) for line in (folder / "utterances.jsonl").open(encoding="utf-8")]
    assert len(utterances) == 8
    flagged = [u for u in utterances if u["meta"]["rupture_markers"]]
    assert {u["meta"]["rupture_type"] for u in flagged} == {"withdrawal", "confrontation"}
    assert all(u["reply_to"] is None or u["reply_to"].endswith(f"#t{u['meta']['turn'] - 1}") for u in utterances)
    conversations = json.loads((folder / "conversations.json").read_text(encoding="utf-8"))
    assert len(conversations) == 3


def test_batch_summary_lists_failures_and_goes_on(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "broken.txt").write_bytes(b"\x89PNG\x00\x00binary")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "jsonl", "-o", str(out),
                                 "--isolated"])
    assert result.exit_code == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert "Batch summary" in result.stderr
    assert "failed: " in result.stderr and "broken.txt" in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.strip().startswith("failed: ")]
    assert failed and all(line.rstrip().endswith("not a text note or transcript") for line in failed)  # one line
    assert "inputs        4: 3 analysed, 0 already finished (resumed), 1 failed" in result.stderr


def test_batch_summary_counts_a_missing_path_as_a_failed_input(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), str(tmp_path / "nowhere.txt"), "--format",
                                 "jsonl", "-o", str(out), "--isolated"])
    assert result.exit_code == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3  # the rest of the batch still analysed
    assert "inputs        5: 3 analysed, 0 already finished (resumed), 2 failed" in result.stderr
    failed = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("failed: ")]
    assert len(failed) == 2 and any("nowhere.txt" in line for line in failed)


def _run(corpus: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "rupturecli.cli", "analyze", str(corpus), "--format", "jsonl",
                             "-o", str(out), "-q", "--isolated", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_run_resumes_without_redoing_finished_files(tmp_path: Path) -> None:
    """SIGKILL mid-run, then the same command: every input's record is there once, in every output.

    The names hold a '#' and a date, and the run redacts: the resumed run must not rely on
    reading input paths back out of the (redacted) records.
    """
    corpus = tmp_path / "corpus" / "2024-03-12 #2"
    make_corpus(corpus, copies=100)
    # Last in input order and a second or two of work: the first run cannot end before a checkpoint is seen.
    (corpus / "zz-long.txt").write_text((PRESSURE + HOMEWORK + CALM) * 600, encoding="utf-8")
    total = 3 * 100 + 1
    out, database = tmp_path / "out.jsonl", tmp_path / "out.sqlite"
    extra = ("-j", "2", "--redact", "--db", str(database))
    process = _run(corpus, out, *extra)
    partial = out.with_name(out.name + ".partial")
    state = out.with_name(out.name + ".resume")

    def checkpointed() -> bool:  # results reach the disk, then the inputs they finish, every half second
        return partial.exists() and state.exists() and len(state.read_text(encoding="utf-8").splitlines()) > 1

    deadline = time.time() + 60
    while time.time() < deadline and not checkpointed():
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists(), "an interrupted run must not leave a complete-looking output"
    finished_before = len(state.read_text(encoding="utf-8").splitlines()) - 1
    assert 0 < finished_before < total
    resumed = _run(corpus, out, *extra)
    _, stderr = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, stderr.decode()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    files = [record["file"] for record in records]
    assert len(files) == len(set(files)) == total
    assert all("2024-03-12" not in file and "[DATE] #2" in file for file in files)
    assert sqlite3.connect(database).execute("SELECT COUNT(DISTINCT file) FROM sessions").fetchone()[0] == total
    assert not partial.exists() and not state.exists()


def test_python_api_returns_plain_picklable_records(tmp_path: Path) -> None:
    record = rupturecli.analyze_text(HOMEWORK, name="homework.txt")
    assert record["kind"] == "transcript" and record["episodes"][0]["type"] == "confrontation"
    assert pickle.loads(pickle.dumps(record)) == record
    make_corpus(tmp_path / "corpus")
    records = rupturecli.analyze_path(tmp_path / "corpus")
    assert [Path(r["file"]).name for r in records] == ["calm-0000.txt", "homework-0000.txt", "pressure-0000.txt"]


@pytest.mark.enable_socket
def test_dask_engine_on_a_local_cluster_writes_the_same_outputs(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    make_corpus(tmp_path / "corpus", copies=3)
    local = tmp_path / "local.jsonl"
    distributed = tmp_path / "dask.jsonl"
    assert runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--format", "jsonl", "-o", str(local),
                               "-j", "1", "-q", "--isolated"]).exit_code == 0
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    with contextlib.ExitStack() as stack:
        try:  # Dask's usual HTTP port, taken: its "Port 8787 is already in use" warning must not reach the user
            holder = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            holder.bind(("127.0.0.1", 8787))
            holder.listen()
        except OSError:
            pass  # already taken by someone else: the same case
        completed = subprocess.run([sys.executable, "-m", "rupturecli.cli", "analyze", str(tmp_path / "corpus"),
                                    "--format", "jsonl", "-o", str(distributed), "--engine", "dask", "-j", "2", "-q",
                                    "--isolated"], capture_output=True, env=env, timeout=180)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]
    assert distributed.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert "8787" not in completed.stderr.decode() and "already in use" not in completed.stderr.decode()


PRIVATE_CLUSTER_PROBE = """
import distributed
from rupturecli.run.dask import _client

client, cluster = _client(None, 1)
print("address", cluster.scheduler_address)
print("works", client.submit(sum, [1, 2]).result(timeout=60))
for label, address in (("plain", cluster.scheduler_address.replace("tls://", "tcp://")),
                       ("tls-without-certificate", cluster.scheduler_address)):
    try:
        distributed.Client(address, timeout=3).close()
        print(label, "connected")
    except Exception as error:
        print(label, "refused", type(error).__name__)
client.close()
cluster.close()
"""


@pytest.mark.enable_socket
def test_the_local_dask_cluster_admits_only_this_process() -> None:
    """TLS with a throwaway certificate on the loopback address: a client without it cannot submit work.

    Run in a child process: the cluster's own sockets would trip pytest-socket's guard in this one.
    """
    pytest.importorskip("dask.distributed")
    pytest.importorskip("cryptography")
    completed = subprocess.run([sys.executable, "-c", PRIVATE_CLUSTER_PROBE], capture_output=True, text=True,
                               timeout=180, env={**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"})
    lines = dict(line.split(" ", 1) for line in completed.stdout.splitlines() if " " in line)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert lines["address"].startswith("tls://127.0.0.1:")
    assert lines["works"] == "3"
    assert lines["plain"].startswith("refused") and lines["tls-without-certificate"].startswith("refused")


def test_csv_and_database_say_where_each_finding_came_from(tmp_path: Path) -> None:
    import sqlite3

    from typer.testing import CliRunner

    from rupturecli.cli import app

    note = tmp_path / "s.txt"
    note.write_text("Therapist: How did the worksheet go?\nClient: These worksheets are pointless.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(note), "-f", "csv", "-o", str(tmp_path / "e.csv"),
                                 "--db", str(tmp_path / "r.sqlite"), "--isolated", "-q"])
    assert result.exit_code in (0, 1), result.output
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert rows and rows[0]["confidence"] == "a rule, strong"
    connection = sqlite3.connect(tmp_path / "r.sqlite")
    assert connection.execute("SELECT source, strength FROM markers").fetchall() == [("rule", "strong")]
    assert connection.execute("SELECT confidence FROM episodes").fetchone() == ("a rule, strong",)
