"""Shared fixtures: the CLI runner, the default rule set compiled once, and a scratch folder for inputs.

A real `rupture` process builds its click command and its rule set once; the in-process runs of the tests
share those too (`cli_built_once`, `shipped_packs_built_once`), which were most of a short run's time.

Every input written by these fixtures is synthetic text made up for the tests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

import rupturecli.rules.compiled
import rupturecli.rules.loader
from rupturecli.cli import app
from rupturecli.rules.compiled import CompiledPattern, RuleSet
from rupturecli.rules.selection import Selection

WriteFile = Callable[[str, str | bytes], Path]
Rupture = Callable[..., Result]
NO_NETWORK_SHIM = Path(__file__).parent / "no_network"

# Property tests that set no max_examples take it from the Hypothesis profile: "suite" is what the README's test
# command and CI run; HYPOTHESIS_PROFILE=thorough searches ten times harder (scripts/fuzz.py harder still).
settings.register_profile("suite", max_examples=100)
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


_REAL_CACHE_HOME = os.environ.get("XDG_CACHE_HOME")


def pytest_configure(config: pytest.Config) -> None:
    """The tool's caches (rule packs, compiled rules, model, hyperscan) in a folder of this test process, for the
    tests and the processes they start, from collection on: the suite never evicts a developer's own cached rule
    set or model from ~/.cache/rupturecli, and it starts cold, as on a fresh machine."""
    folder = tempfile.mkdtemp(prefix="rupture-test-cache-")
    config.stash[_CACHE_FOLDER] = folder
    os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_FOLDER, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    if _REAL_CACHE_HOME is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = _REAL_CACHE_HOME


_CACHE_FOLDER = pytest.StashKey[str]()


@pytest.fixture(autouse=True)
def no_network_in_child_processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Child Python processes load tests/no_network/sitecustomize.py: no network there, as here (pytest-socket)."""
    if request.node.get_closest_marker("enable_socket"):
        return
    existing = [part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(NO_NETWORK_SHIM), *existing]))
    monkeypatch.setenv("RUPTURE_TEST_NO_NETWORK", "1")


def compiled_patterns(value: object) -> list[CompiledPattern]:
    """Every pattern inside a rule set (or part of one)."""
    if isinstance(value, CompiledPattern):
        return [value]
    if isinstance(value, (tuple, list)):
        return [found for item in value for found in compiled_patterns(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in compiled_patterns(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [found for field in dataclasses.fields(value) if field.name != "loaded"
                for found in compiled_patterns(getattr(value, field.name))]
    return []


def shipped_packs_once(build: Callable[..., RuleSet]) -> Callable[..., RuleSet]:
    """`build_rule_set`, except that the shipped packs alone (per selection) are parsed and compiled once.

    Any user pack, or --no-default-rules, is loaded for real each time, so its errors name its own file. A
    rule set handed out again starts with fresh pattern budgets (CompiledPattern.spent), as in a new process.
    """
    built: dict[Selection | None, tuple[RuleSet, list[CompiledPattern]]] = {}

    @wraps(build)
    def build_once(extra: list[Path] | None = None, replace_defaults: bool = False,
                   selection: Selection | None = None) -> RuleSet:
        if extra or replace_defaults:
            return build(extra, replace_defaults, selection)
        if selection not in built:
            rule_set = build(None, False, selection)
            built[selection] = rule_set, compiled_patterns(rule_set)
        rule_set, patterns = built[selection]
        for pattern in patterns:
            pattern.spent[:] = [0.0, 0.0]
        return rule_set

    return build_once


def shipped_files_parsed_once(load: Callable[[Path], Any]) -> Callable[[Path], Any]:
    """`load_pack_file`, except that a shipped pack file (frozen models once read) is read once per version."""
    shipped = rupturecli.rules.loader.default_rules_dir().resolve()
    parsed: dict[tuple[Path, int, int], Any] = {}

    @wraps(load)
    def load_once(path: Path) -> Any:
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(shipped) or not resolved.is_file():
            return load(path)
        status = resolved.stat()
        key = (resolved, status.st_mtime_ns, status.st_size)
        if key not in parsed:
            parsed[key] = load(path)
        return parsed[key]

    return load_once


@pytest.fixture(scope="session", autouse=True)
def shipped_packs_built_once() -> Iterator[Callable[..., RuleSet]]:
    """Every module that took `build_rule_set` by name gets the sharing version for the whole session.

    Tests of loading and compiling use user packs, or call the real function they imported themselves.
    """
    original = rupturecli.rules.compiled.build_rule_set
    sharing = shipped_packs_once(original)
    with pytest.MonkeyPatch.context() as patch:
        # With a user pack the whole set is built for real, but the shipped files in it are parsed once (the
        # patterns' required literals are cached by the product itself, rupturecli/cache.py).
        patch.setattr(rupturecli.rules.loader, "load_pack_file",
                      shipped_files_parsed_once(rupturecli.rules.loader.load_pack_file))
        for name, module in list(sys.modules.items()):
            if name.startswith("rupturecli") and getattr(module, "build_rule_set", None) is original:
                patch.setattr(module, "build_rule_set", sharing)
        yield sharing


@pytest.fixture(scope="session", autouse=True)
def cli_built_once() -> Iterator[None]:
    """CliRunner.invoke turns the Typer app into a click command on every call (half of a short run's time);
    a real `rupture` process does it once, and so does the test session. Commands, options and callbacks are
    the same objects either way."""
    built: dict[int, tuple[typer.Typer, Any]] = {}
    get_command = typer.testing._get_command

    @wraps(get_command)
    def get_command_once(typer_app: typer.Typer) -> Any:
        if id(typer_app) not in built:
            built[id(typer_app)] = typer_app, get_command(typer_app)
        return built[id(typer_app)][1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command_once)
        yield


@pytest.fixture(scope="session")
def rules(shipped_packs_built_once: Callable[..., RuleSet]) -> RuleSet:
    """The shipped rule packs, loaded and compiled once for the whole test session."""
    return shipped_packs_built_once()


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
