"""The quick start and quick exit of `rupture`: whatever they skip, a user sees the same output and exit code."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rupturecli import startup
from rupturecli.rules.compiled import build_rule_set
from rupturecli.run.loop import run_inputs
from rupturecli.run.options import RunOptions

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def rupture(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: its own process, through the console entry point's `main`."""
    return subprocess.run([sys.executable, "-m", "rupturecli.cli", *arguments], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_every_line_of_a_large_output_reaches_a_pipe_before_the_quick_exit(tmp_path: Path) -> None:
    """More output than a pipe holds (64 KB) must all arrive, in order: nothing is lost to the skipped teardown."""
    for number in range(150):
        (tmp_path / f"session-{number:03}.txt").write_text(
            "Therapist: Shall we look at the diary you kept this week?\n"
            "Client: I didn't do it. I don't see the point of these worksheets, honestly.\n"
            "Therapist: It sounds like the worksheets feel like a waste of your time.\n"
            "Client: Yes. They do.\n", encoding="utf-8")
    result = rupture("analyze", str(tmp_path), "-f", "jsonl", "--no-model", "--isolated", "-q")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(result.stdout) > 65536
    assert [Path(json.loads(line)["file"]).name for line in lines] == [f"session-{n:03}.txt" for n in range(150)]


def test_the_documented_exit_code_and_error_line_survive_the_quick_exit(tmp_path: Path) -> None:
    result = rupture("analyze", "missing-note.txt", "--isolated", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("rupture: error: missing-note.txt")
    assert "Traceback" not in result.stderr


def test_usage_errors_and_help_keep_their_exit_codes() -> None:
    assert rupture("analyze", "--no-such-flag").returncode == 2
    assert rupture("--version").returncode == 0
    assert rupture("--version").stdout.startswith("rupturecli ")


def test_an_output_file_is_complete_after_the_quick_exit(tmp_path: Path) -> None:
    output = tmp_path / "report.csv"
    result = rupture("analyze", str(EXAMPLES / "session-homework.txt"), "-f", "csv", "-o", str(output), "--isolated")
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8").count("\n") >= 2
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*tmp*"))


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The state `rupture analyze` starts in; the collector is back on (and nothing left frozen) afterwards."""
    startup.load_first()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.usefixtures("collector_off")
def test_the_run_turns_the_collector_back_on_before_the_first_input() -> None:
    assert not gc.isenabled()
    reports = run_inputs([str(EXAMPLES / "session-homework.txt")], build_rule_set(), RunOptions(),
                         on_error=lambda error: None)
    first = next(reports)
    assert gc.isenabled()  # a long batch collects its garbage as usual
    assert gc.get_freeze_count() > 0  # what was loaded before is never walked again
    assert first.episodes


def test_a_pydantic_plugin_in_the_environment_never_sees_a_note(tmp_path: Path) -> None:
    """An installed pydantic plugin (observability plugins see every validated object) is not loaded by `rupture`;
    the same plugin is loaded by pydantic itself in a plain process, so the test can tell the difference."""
    site = tmp_path / "site"
    (site / "spy_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "spy_plugin-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\n"
                                                                 "Version: 1.0\n", encoding="utf-8")
    (site / "spy_plugin-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n",
                                                                         encoding="utf-8")
    marker = tmp_path / "plugin-loaded"
    (site / "spy_plugin.py").write_text(f"from pathlib import Path\nPath({str(marker)!r}).touch()\nplugin = object()\n",
                                        encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    environment.pop("PYDANTIC_DISABLE_PLUGINS", None)
    subprocess.run([sys.executable, "-c", "from pydantic.plugin._loader import get_plugins; list(get_plugins())"],
                   env=environment, check=True, capture_output=True)
    assert marker.exists()  # a plain process loads it
    marker.unlink()
    result = subprocess.run([sys.executable, "-m", "rupturecli.cli", "analyze", str(EXAMPLES / "session-homework.txt"),
                             "--isolated", "-f", "jsonl"], env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
