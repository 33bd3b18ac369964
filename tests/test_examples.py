"""Golden-file tests for the shipped examples, and the behaviour each example is written to show.

Every file in examples/ is analysed through the CLI (typer's CliRunner, cwd = repo root, the path given
relative, so the JSON's "file" is "examples/<name>"). Its `--format json` output and its terminal report
(no colour, 100 columns) must equal tests/golden/<stem>.json and tests/golden/<stem>.txt, where <stem> is
the example's name without its suffix (examples/session-homework.txt -> tests/golden/session-homework.json).

After an intended change to the rules or the reports, rewrite the golden files and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py

The behaviour tests below do not read the golden files: they pin what each example is meant to show
(rupture type, repair status, approach), so a rule change that breaks an example fails here even after
the golden files have been regenerated.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")
SUFFIXES = {".txt", ".md", ".yaml", ".yml"}
# Single-session examples at the top of examples/; sub-folders (a client's series of sessions) are not covered here.
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.iterdir() if path.is_file() and path.suffix in SUFFIXES)

# Rich reads the width from COLUMNS; colour must not be forced by the environment running the tests.
TERMINAL_ENV = {"COLUMNS": "100", "LINES": "50", "FORCE_COLOR": None, "TTY_COMPATIBLE": None,
                "TTY_INTERACTIVE": None, "NO_COLOR": None, "JUPYTER_COLUMNS": None, "RUPTURE_CONFIG": None}

# name -> (episode type, repair status, approach) of the example's single rupture episode.
EXPECTED = {
    "session-homework.txt": ("confrontation", "resolved", "immediate"),
    "seed-confidentiality-notes.txt": ("withdrawal", "resolved", "immediate"),
    "seed-eye-contact-timestamps.txt": ("confrontation", "resolved", "immediate"),
    "seed-intellectualising-notes.txt": ("withdrawal", "attempted", "exploratory"),
    "session-drinking-unaddressed.txt": ("withdrawal", "unaddressed", "exploratory"),
    "notes-fees.txt": ("confrontation", "resolved", "immediate"),
    "notes-progress.yaml": ("confrontation", "resolved", "exploratory"),
    "session-deference.yaml": ("withdrawal", "resolved", "exploratory"),
}
NO_RUPTURE = ["no-rupture-smoking.txt", "no-rupture-notes.txt"]
# Group, couples and family sessions: (member, toward, type, repair status) of each episode, in order.
GROUP = {
    # Lou's last "Not really." (to a leader moving on): the move model reads more withdrawal. The leader's "That's
    # okay, Lou..." is read as validation only weakly (0.26): listed, too weak to count, so Lou's first is unaddressed
    "group-skills.txt": [("Tom", "group", "confrontation", "resolved"), ("Lou", "group", "withdrawal", "unaddressed"),
                         ("Dana", "member:Priya", "confrontation", "resolved"),
                         ("Lou", "therapist", "withdrawal", "unaddressed")],
    "couples-session.yaml": [("Sam", "member:Jordan", "confrontation", "resolved"),
                             ("Jordan", "member:Sam", "confrontation", "resolved"),
                             ("Sam", "therapist", "confrontation", "resolved")],
}
KIND = {
    "session-homework.txt": "transcript",
    "seed-eye-contact-timestamps.txt": "transcript",
    "session-drinking-unaddressed.txt": "transcript",
    "no-rupture-smoking.txt": "transcript",
    "session-deference.yaml": "transcript",
    "seed-confidentiality-notes.txt": "notes",
    "seed-intellectualising-notes.txt": "notes",
    "notes-fees.txt": "notes",
    "no-rupture-notes.txt": "notes",
    "notes-progress.yaml": "notes",
    "group-skills.txt": "transcript",
    "couples-session.yaml": "transcript",
}


@contextmanager
def _at_root() -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(previous)


def _invoke(args: list[str], env: dict[str, str | None] | None = None) -> str:
    with _at_root():
        result = CliRunner().invoke(app, ["analyze", *args, "--isolated"], env=env)
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
    return result.stdout


@functools.cache
def json_text(name: str) -> str:
    return _invoke([f"examples/{name}", "--format", "json", "--jobs", "1"], {"RUPTURE_CONFIG": None})


@functools.cache
def terminal_text(name: str) -> str:
    return _invoke([f"examples/{name}", "--format", "terminal"], TERMINAL_ENV)


def golden(name: str, suffix: str) -> Path:
    return GOLDEN / f"{Path(name).stem}{suffix}"


def record(name: str) -> dict[str, Any]:
    return json.loads(json_text(name))


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path.relative_to(ROOT)}: run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.relative_to(ROOT)} differs (UPDATE_GOLDEN=1 rewrites it after review)"


def _seed(pattern: str) -> str:
    found = sorted(path.name for path in EXAMPLES.glob(pattern))
    assert len(found) == 1, f"expected exactly one example matching {pattern}, found {found}"
    return found[0]


def _only_episode(name: str) -> dict[str, Any]:
    episodes = record(name)["episodes"]
    assert len(episodes) == 1, f"{name}: expected one episode, got {len(episodes)}"
    return episodes[0]


# Golden files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_matches_golden(name: str) -> None:
    text = json_text(name)
    assert json.loads(text)["file"] == f"examples/{name}"
    check_golden(golden(name, ".json"), text)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_terminal_report_matches_golden(name: str) -> None:
    text = terminal_text(name)
    assert "\x1b[" not in text, "the golden terminal report is rendered without colour"
    assert max(len(line) for line in text.splitlines()) <= 100
    check_golden(golden(name, ".txt"), text)


def test_terminal_output_file_matches_golden(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    _invoke(["examples/session-homework.txt", "--format", "terminal", "-o", str(target)], TERMINAL_ENV)
    assert target.exists()
    assert target.read_text(encoding="utf-8") == golden("session-homework.txt", ".txt").read_text(encoding="utf-8")


def test_golden_files_match_the_examples() -> None:
    stems = [Path(name).stem for name in EXAMPLE_NAMES]
    assert len(stems) == len(set(stems)), "two examples share a stem, so they would share golden files"
    expected = {golden(name, suffix).name for name in EXAMPLE_NAMES for suffix in (".json", ".txt")}
    present = {path.name for path in GOLDEN.iterdir() if path.is_file()} if GOLDEN.exists() else set()
    assert not present - expected, f"golden files without an example: {sorted(present - expected)}"


# What the examples are written to show ------------------------------------------------------------


def test_example_set_covers_every_case() -> None:
    assert len(EXAMPLE_NAMES) >= 10
    assert set(EXPECTED) | set(NO_RUPTURE) | set(GROUP) == set(EXAMPLE_NAMES), "every example needs an outcome"
    assert set(KIND) == set(EXAMPLE_NAMES)
    types = {expected[0] for expected in EXPECTED.values()}
    statuses = {expected[1] for expected in EXPECTED.values()}
    assert types == {"withdrawal", "confrontation"}
    assert {"resolved", "unaddressed"} <= statuses
    assert any(name.endswith((".yaml", ".yml")) for name in EXAMPLE_NAMES)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_input_kind_is_detected(name: str) -> None:
    data = record(name)
    assert data["kind"] == KIND[name]
    assert data["warnings"] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_outcome(name: str) -> None:
    episode_type, status, approach = EXPECTED[name]
    episode = _only_episode(name)
    assert episode["type"] == episode_type
    assert not episode["mixed"]
    assert episode["repair"]["status"] == status
    assert episode["stage"]["approach"] == approach


@pytest.mark.parametrize("name", sorted(GROUP))
def test_group_example_outcome(name: str) -> None:
    data = record(name)
    assert [(episode["speaker"], episode["target"], episode["type"], episode["repair"]["status"])
            for episode in data["episodes"]] == GROUP[name]
    assert len(data["members"]) >= 2 and data["group"] is not None


def test_group_skills_shows_a_member_repair_a_silent_member_and_a_talked_over_turn() -> None:
    data = record("group-skills.txt")
    dana = data["episodes"][2]
    assert ("MR-OWN-PART", "member:Priya") in [(item["id"], item["by"]) for item in dana["repair"]["strategies"]]
    group = data["group"]
    assert group["silent_members"] == ["Kofi"]
    assert {item["member"]: item["talked_over"] for item in group["participation"]}["Dana"] == 1
    assert group["repaired_by"]["member"] == 1
    assert all(item["id"].startswith("GR-") for episode in data["episodes"]
               for item in episode["stage"]["suggested_strategies"][:1])


@pytest.mark.parametrize("name", NO_RUPTURE)
def test_no_rupture_examples(name: str) -> None:
    data = record(name)
    assert data["episodes"] == []
    assert data["summary"]["episodes"] == 0
    assert "No rupture markers found" in terminal_text(name)


def test_seed_confidentiality_is_withdrawal_clarified() -> None:
    episode = _only_episode(_seed("seed-confidentiality-*.txt"))
    assert episode["type"] == "withdrawal"
    assert episode["stage"]["approach"] == "immediate"
    # the note clarifies confidentiality: the repair is recognised, and not suggested back to the therapist
    assert "IM-CLARIFY" in [item["id"] for item in episode["repair"]["strategies"]]
    assert "IM-CLARIFY" not in [item["id"] for item in episode["stage"]["suggested_strategies"]]


def test_seed_eye_contact_is_confrontation_with_changed_task() -> None:
    episode = _only_episode(_seed("seed-eye-contact-*.txt"))
    assert episode["type"] == "confrontation"
    assert episode["stage"]["approach"] == "immediate"
    # the therapist revises the task together with the client: recognised as the repair, not suggested again
    assert "IM-CHANGE-TASK" in [item["id"] for item in episode["repair"]["strategies"]]
    assert "IM-CHANGE-TASK" not in [item["id"] for item in episode["stage"]["suggested_strategies"]]


def test_seed_intellectualising_is_withdrawal_explored() -> None:
    episode = _only_episode(_seed("seed-intellectualising-*.txt"))
    assert episode["type"] == "withdrawal"
    assert "W3" in [marker["id"] for marker in episode["markers"]]
    assert episode["stage"]["approach"] == "exploratory"
    suggested = [item["id"] for item in episode["stage"]["suggested_strategies"]]
    assert suggested and all(item.startswith("EX-") for item in suggested)


def test_repaired_example_is_resolved() -> None:
    episode = _only_episode("session-homework.txt")
    assert episode["repair"]["status"] == "resolved"
    assert episode["repair"]["re_engagement_turn"] is not None
    assert {"C2", "C3"} <= {marker["id"] for marker in episode["markers"]}


def test_unrepaired_example_is_unaddressed() -> None:
    episode = _only_episode("session-drinking-unaddressed.txt")
    assert episode["repair"]["status"] == "unaddressed"
    assert episode["repair"]["strategies"] == []
    assert episode["stage"]["reached"] is None


def test_timestamped_transcript_with_short_labels() -> None:
    data = record("seed-eye-contact-timestamps.txt")
    assert data["kind"] == "transcript"
    assert data["client_turns"] == 5
    assert all(not marker["quote"].startswith("[") for marker in data["episodes"][0]["markers"])


def test_continuation_line_joins_the_previous_turn() -> None:
    text = (EXAMPLES / "session-drinking-unaddressed.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert not lines[-1].startswith(("Therapist:", "Client:")), "the example ends with a continuation line"
    data = record("session-drinking-unaddressed.txt")
    assert data["turns"] == len(lines) - 1
