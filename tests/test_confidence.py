"""The report says how sure it is: once per report what it tends to miss, and per finding its source and strength."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rupturecli.cli import app

TEXT = "Therapist: How did the thought records go?\nClient: These sheets are pointless.\n"


def test_the_terminal_report_says_once_what_the_tool_misses(tmp_path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--isolated"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("roughly half of the rupture turns") == 1
    assert result.stdout.count("Found by: a rule, strong") == 2


def test_each_finding_carries_its_source_and_strength(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "json", "--isolated"])
    [episode] = json.loads(result.stdout)["episodes"]
    assert episode["confidence"] == "a rule, strong"
    assert all(marker["strength"] in {"strong", "moderate", "weak"} for marker in episode["markers"])
    check = CliRunner().invoke(app, ["check", str(tmp_path / "a.txt"), "--format", "concise", "--isolated"])
    assert "found by a rule, strong" in check.stdout
