"""Option values checked without pydantic (commands/coercion.py): the same values and errors as typer's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from rupturecli import cli
from rupturecli.commands import helptext

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTE = str(EXAMPLES / "session-homework.txt")

ARGUMENTS = [
    [], ["--isolated"], ["-f", "jsonl"], ["--format", "html", "-q"], ["-f", "JSONL"], ["-f", "nosuch"],
    ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786"], ["--engine", "nope"], ["--preset", "mibot"],
    ["--input-kind", "notes"], ["--input-kind", "poem"], ["--select", "C3", "--select", "W2", "--ignore", "W1"],
    ["--client", "Sam", "--client-label", "Sam", "--therapist-label", "Dr Lee"], ["-j", "2"], ["-j", "0"],
    ["-j", "two"], ["-o", "out.jsonl", "--sessions-csv", "s.csv"], ["--rules", "mine.yaml", "--no-default-rules"],
    ["--no-model"], ["--with-model"], ["--model", "folder"], ["--redact", "--verbose", "--debug"],
    ["--session-col", "id", "--speaker-col", "who", "--text-col", "text", "--order-col", "n"],
    ["caf\udce9.txt", "-"], ["--config", "rupture.toml", "--by-client", "--by-therapist", "--therapist-moves"],
    ["-o", NOTE, "--model", str(EXAMPLES), "--config", str(EXAMPLES / "nowhere" / "x.toml")],
    ["-o", "./out//x/", "--db", "-", "--sessions-csv", "caf\udce9.csv"], ["-o", "a\x00b"], ["-o", ""],
]


def _parsed(arguments: list[str]) -> tuple[str, Any]:
    """What the analyze command makes of `arguments`: its parameters' values, or the usage error's message."""
    command = typer.main.get_command(cli._analyze_app()).commands["analyze"]  # type: ignore[attr-defined]
    try:
        context = command.make_context("analyze", [NOTE, *arguments])
    except Exception as error:  # noqa: BLE001 - the usage error itself is compared
        return type(error).__name__, error.format_message() if hasattr(error, "format_message") else str(error)
    return "ok", {name: (type(value), value) for name, value in context.params.items()}


@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_option_values_and_usage_errors_are_typers_own(arguments: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick = _parsed(arguments)
    monkeypatch.setattr(helptext, "install", lambda params: None)  # typer's own coercion, pydantic adapters and all
    assert quick == _parsed(arguments)


@pytest.mark.parametrize("to_file", [False, True])
def test_a_short_note_with_a_warm_cache_imports_no_pydantic(tmp_path: Path, to_file: bool) -> None:
    """Once the packs are validated (with pydantic), a short note reads the compiled rules as plain records and its
    options (an output path too) need no pydantic adapter: importing pydantic and building the adapters was a
    fifth of the run."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environment.pop("RUPTURE_CACHE", None)
    output = tmp_path / "out.jsonl"
    arguments = ["analyze", NOTE, "--isolated", "-f", "jsonl", *(["-o", str(output)] if to_file else [])]
    code = ("import atexit, sys\nfrom rupturecli.cli import main\n"
            f"sys.argv = ['rupture', *{arguments!r}]\n"
            "atexit.register(lambda: print('pydantic' in sys.modules, file=sys.stderr))\n"
            "main()")
    written = []
    for expected in ("True", "False"):  # the packs are validated in the first run only
        run = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                             check=True, timeout=120)
        assert run.stderr.split()[-1] == expected
        written.append(output.read_text(encoding="utf-8") if to_file else run.stdout)
    assert written[0] == written[1] and '"episodes"' in written[1]
