"""Repair: a client coming back into the work after a repair is the repair working, never a new withdrawal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.cli import app

NOTE = ("Client came in late and gave one-word answers when I asked about her week. When I brought up the "
        "exposure plan she said \"whatever, it doesn't matter\". I named that she seemed far away and said I may "
        "have pushed the plan too quickly. She visibly relaxed and went back to talking about her cousin and "
        "the move.\n")


def test_relaxing_and_going_back_to_the_story_after_a_repair_is_re_engagement(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    episodes = json.loads(result.output)["episodes"]
    assert "W4" not in {marker["id"] for episode in episodes for marker in episode["markers"]}
    [withdrawal] = [episode for episode in episodes if episode["type"] == "withdrawal"]
    assert withdrawal["repair"]["status"] == "resolved"
    assert withdrawal["repair"]["re_engagement_turn"] == 4
