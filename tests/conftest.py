"""Shared fixtures: the CLI runner, the default rule set compiled once, and a scratch folder for inputs.

Every input written by these fixtures is synthetic text made up for the tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rupturecli.cli import app
from rupturecli.rules.compiled import RuleSet, build_rule_set

WriteFile = Callable[[str, str | bytes], Path]
Rupture = Callable[..., Result]
NO_NETWORK_SHIM = Path(__file__).parent / "no_network"


@pytest.fixture(autouse=True)
def no_network_in_child_processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Child Python processes load tests/no_network/sitecustomize.py: no network there, as here (pytest-socket)."""
    if request.node.get_closest_marker("enable_socket"):
        return
    existing = [part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(NO_NETWORK_SHIM), *existing]))
    monkeypatch.setenv("RUPTURE_TEST_NO_NETWORK", "1")


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The shipped rule packs, loaded and compiled once for the whole test session."""
    return build_rule_set()


@pytest.fixture
def runner() -> CliRunner:
    """typer's CliRunner; stdout and stderr are kept apart (result.stdout, result.stderr)."""
    return CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder, with no user or environment config that could change a run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUPTURE_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path.parent / f"{tmp_path.name}-config"))
    return tmp_path


@pytest.fixture
def write_file(workdir: Path) -> WriteFile:
    """write_file("notes/a.txt", text_or_bytes) -> the path, inside the scratch folder (folders created)."""

    def write(name: str, content: str | bytes) -> Path:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return write


@pytest.fixture
def rupture(runner: CliRunner, workdir: Path) -> Rupture:
    """rupture("analyze", "a.txt", "--format", "json", input=b"...") runs the CLI in the scratch folder.

    Config files are ignored (the environment is cleared by `workdir`); `--isolated` is added to `analyze`.
    """

    def run(*args: str, input: bytes | str | None = None, isolated: bool = True) -> Result:
        arguments: Sequence[str] = list(args)
        if isolated and arguments and arguments[0] == "analyze":
            arguments = [*arguments, "--isolated"]
        return runner.invoke(app, list(arguments), input=input, env={"COLUMNS": "100", "NO_COLOR": "1"})

    return run


def assert_no_crash(result: Result) -> None:
    """The run ended through the CLI's own exit, not an exception escaping to the runner (a traceback)."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"unhandled {type(result.exception).__name__}: {result.exception!r}")
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def no_crash() -> Callable[[Result], None]:
    """no_crash(result): fail when an exception escaped the CLI (what a user would see as a traceback)."""
    return assert_no_crash


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes), to prove a run changed nothing."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def folder_snapshot() -> Callable[[Path], dict[str, bytes]]:
    return snapshot


class Hung(BaseException):
    """Raised in the test's own thread when a run takes too long: not an Exception, so the CLI cannot swallow it."""


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def deadline() -> Callable[[int], contextlib.AbstractContextManager[None]]:
    """`with deadline(60): ...` fails the test instead of hanging the suite when a run blocks or explodes
    (a pipe with no writer, an alias bomb being expanded). A guard against hangs, never a speed assertion."""
    return _deadline
