"""Notes count sentences, not turns: every format's human text says 'sentence' for a note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "examples" / "notes-fees.txt"  # a repaired confrontation: strategies and re-engagement by sentence
TURN_NUMBER = re.compile(r"\bturns? \d")


@pytest.mark.parametrize(("command", "output_format"), [("analyze", "terminal"), ("analyze", "html"),
                                                        ("check", "sarif"), ("check", "junit"), ("check", "github"),
                                                        ("check", "concise"), ("check", "gitlab")])
def test_a_note_report_numbers_sentences(command: str, output_format: str) -> None:
    result = CliRunner().invoke(app, [command, str(NOTE), "--format", output_format, "--isolated",
                                      *(["--fail-on-significance", "1"] if command == "check" else [])])
    assert result.exit_code in (0, 1), result.output
    assert not TURN_NUMBER.search(result.stdout), TURN_NUMBER.search(result.stdout)
    if command == "analyze":
        assert re.search(r"\bsentences? \d", result.stdout)
