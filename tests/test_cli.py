"""The command line: JSON and JSONL shapes, -o, --input-kind, version, and rule packs that do not validate.

Every note here is synthetic, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
from click.testing import CliRunner as ClickRunner

from rupturecli import __version__
from rupturecli.cli import build_app

REPAIRED = """\
Therapist: It sounds like part of you wants to stop.
Client: You're not listening to me.
Therapist: You're right, I was pushing too hard. How is this conversation going for you?
Client: Honestly it feels better to say it out loud, I get so tired of people deciding what I want before I have
worked it out for myself.
"""
NOTES = "Client gave one-word answers after I raised the homework; I felt disengaged.\n"
CALM = "Therapist: What would you like to start with?\nClient: The sleep diary, I kept it every night this week.\n"

ID_TURN = {"type": "object", "required": ["id", "turn"], "properties": {"id": {"type": "string"},
                                                                     "turn": {"type": "integer", "minimum": 1}}}
RECORD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file", "kind", "turns", "client_turns", "episodes", "summary"],
    "properties": {
        "file": {"type": "string"},
        "kind": {"enum": ["transcript", "notes"]},
        "turns": {"type": "integer", "minimum": 1},
        "client_turns": {"type": "integer", "minimum": 0},
        "episodes": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "start_turn", "end_turn", "significance", "markers", "repair", "stage"],
            "properties": {
                "type": {"enum": ["withdrawal", "confrontation"]},
                "start_turn": {"type": "integer", "minimum": 1},
                "end_turn": {"type": "integer", "minimum": 1},
                "significance": {"type": "integer", "minimum": 1, "maximum": 5},
                "markers": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "required": ["id", "name", "turn", "line", "quote"],
                    "properties": {"id": {"type": "string", "pattern": "^[A-Z]"}, "name": {"type": "string"},
                                   "turn": {"type": "integer", "minimum": 1},
                                   "line": {"type": "integer", "minimum": 1},
                                   "quote": {"type": "string", "minLength": 1}}}},
                "repair": {"type": "object", "required": ["status", "strategies"], "properties": {
                    "status": {"enum": ["resolved", "attempted", "unaddressed"]},
                    "strategies": {"type": "array", "items": ID_TURN}}},
                "stage": {"type": "object", "required": ["reached", "next", "approach", "suggested_strategies"],
                          "properties": {
                              "reached": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
                              "next": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
                              "approach": {"enum": ["immediate", "exploratory"]},
                              "suggested_strategies": {"type": "array", "items": {
                                  "type": "object", "required": ["id"],
                                  "properties": {"id": {"type": "string", "pattern": "^(IM|EX)-"}}}}}},
            }}},
        "summary": {"type": "object", "required": ["episodes", "text"],
                    "properties": {"episodes": {"type": "integer", "minimum": 0}, "text": {"type": "string"}}},
    },
}


def validate(record: dict[str, Any]) -> None:
    jsonschema.validate(record, RECORD_SCHEMA)


def test_json_record_has_the_documented_shape(write_file, rupture) -> None:
    write_file("session.txt", REPAIRED)
    result = rupture("analyze", "session.txt", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    validate(record)
    assert (record["file"], record["kind"], record["turns"], record["client_turns"]) == ("session.txt", "transcript",
                                                                                           4, 2)
    [episode] = record["episodes"]
    assert (episode["type"], episode["start_turn"], episode["end_turn"]) == ("confrontation", 2, 2)
    assert [(marker["id"], marker["turn"], marker["line"], marker["quote"]) for marker in episode["markers"]] == [
        ("C1", 2, 2, "You're not listening to me.")]
    assert episode["repair"]["status"] == "resolved"
    assert {item["turn"] for item in episode["repair"]["strategies"]} == {3}
    assert episode["stage"]["reached"] is not None and episode["stage"]["next"] == episode["stage"]["reached"] + 1
    assert episode["stage"]["suggested_strategies"]
    assert record["summary"]["episodes"] == 1


def test_json_for_notes_and_for_a_session_without_ruptures(write_file, rupture) -> None:
    write_file("notes.txt", NOTES)
    write_file("calm.txt", CALM)
    notes = json.loads(rupture("analyze", "notes.txt", "--format", "json").stdout)
    validate(notes)
    assert notes["kind"] == "notes" and notes["client_turns"] == 0
    assert [episode["type"] for episode in notes["episodes"]] == ["withdrawal"]
    calm = json.loads(rupture("analyze", "calm.txt", "--format", "json", "--no-model").stdout)
    validate(calm)
    assert calm["episodes"] == [] and calm["summary"]["episodes"] == 0
    assert "No rupture" in calm["summary"]["text"]


def test_json_with_several_inputs_lists_them_under_files(write_file, rupture) -> None:
    write_file("a.txt", REPAIRED)
    write_file("b.txt", NOTES)
    result = rupture("analyze", "a.txt", "b.txt", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["files"]
    for record in document["files"]:
        validate(record)
    assert [record["file"] for record in document["files"]] == ["a.txt", "b.txt"]


def test_jsonl_prints_one_line_per_input_file_in_order(write_file, rupture) -> None:
    write_file("a.txt", REPAIRED)
    write_file("b.txt", NOTES)
    write_file("c.yaml", "turns:\n  - speaker: T\n    text: You need to stop.\n  - speaker: C\n    text: Whatever.\n")
    result = rupture("analyze", "a.txt", "b.txt", "c.yaml", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    for record in records:
        validate(record)
    assert [record["file"] for record in records] == ["a.txt", "b.txt", "c.yaml"]
    assert [record["kind"] for record in records] == ["transcript", "notes", "transcript"]


@pytest.mark.parametrize("output_format", ["json", "jsonl", "terminal", "csv"])
def test_output_file_is_written_and_no_temporary_file_is_left(output_format: str, workdir: Path, write_file,
                                                              rupture) -> None:
    write_file("a.txt", REPAIRED)
    write_file("b.txt", NOTES)
    (workdir / "out").mkdir()
    target = workdir / "out" / f"report.{output_format}"
    target.write_text("old contents\n", encoding="utf-8")
    result = rupture("analyze", "a.txt", "b.txt", "--format", output_format, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(path.name for path in (workdir / "out").iterdir()) == [target.name]
    assert sorted(path.name for path in workdir.iterdir()) == ["a.txt", "b.txt", "out"]
    written = target.read_text(encoding="utf-8")
    assert "old contents" not in written
    if output_format == "json":
        assert [record["file"] for record in json.loads(written)["files"]] == ["a.txt", "b.txt"]
    elif output_format == "jsonl":
        assert [json.loads(line)["file"] for line in written.splitlines()] == ["a.txt", "b.txt"]
    elif output_format == "csv":
        assert written.splitlines()[0].startswith("file,")
        assert "a.txt" in written and "b.txt" in written
    else:
        assert "Session a.txt" in written and "Session b.txt" in written
        assert "\x1b[" not in written


def test_output_file_matches_standard_output(write_file, rupture) -> None:
    write_file("a.txt", REPAIRED)
    printed = rupture("analyze", "a.txt", "--format", "json").stdout
    result = rupture("analyze", "a.txt", "--format", "json", "-o", "report.json")
    assert result.exit_code == 0
    assert Path("report.json").read_text(encoding="utf-8") == printed


def test_input_kind_overrides_detection(write_file, rupture) -> None:
    write_file("session.txt", REPAIRED)
    detected = json.loads(rupture("analyze", "session.txt", "--format", "json").stdout)
    forced = rupture("analyze", "session.txt", "--format", "json", "--input-kind", "notes")
    assert forced.exit_code == 0, forced.stderr
    record = json.loads(forced.stdout)
    assert (detected["kind"], record["kind"]) == ("transcript", "notes")
    assert record["client_turns"] == 0


def test_input_kind_transcript_on_prose_is_an_input_error(write_file, rupture, no_crash) -> None:
    write_file("notes.txt", NOTES)
    result = rupture("analyze", "notes.txt", "--input-kind", "transcript")
    no_crash(result)
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: notes.txt: no speaker turns found\n"


def test_input_kind_notes_on_yaml_turns_is_refused(write_file, rupture) -> None:
    write_file("s.yaml", "turns:\n  - speaker: T\n    text: Hello.\n  - speaker: C\n    text: Hi.\n")
    result = rupture("analyze", "s.yaml", "--input-kind", "notes")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: s.yaml: --input-kind notes given")


def test_an_unknown_input_kind_is_a_usage_error(write_file, rupture, no_crash) -> None:
    write_file("notes.txt", NOTES)
    result = rupture("analyze", "notes.txt", "--input-kind", "prose")
    no_crash(result)
    assert result.exit_code == 2
    assert "prose" in result.stderr


def test_version_prints_the_package_version(rupture) -> None:
    result = rupture("version")
    assert result.exit_code == 0
    assert result.stdout == f"rupturecli {__version__}\n"
    assert __version__.count(".") == 2


def test_a_misspelt_yaml_key_is_the_documented_one_line_error(write_file, rupture) -> None:
    """The README's example: a misspelt `speeker:` once said 'turns.1.speaker: Field required'."""
    write_file("notes/bad.yaml", "turns:\n  - speaker: therapist\n    text: How was the week?\n"
                                 "  - speeker: client\n    text: Long.\n")
    result = rupture("analyze", "notes/bad.yaml")
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: notes/bad.yaml:4:5: unknown key 'speeker' (allowed: speaker, text)\n"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag_prints_the_version_before_any_command(flag: str, rupture) -> None:
    result = rupture(flag)
    assert result.exit_code == 0
    assert result.stdout == f"rupturecli {__version__}\n"
    assert rupture(flag, "analyze").stdout == f"rupturecli {__version__}\n"  # eager: the command is not run


def test_shell_completion_can_be_shown_installed_and_used(rupture, monkeypatch: pytest.MonkeyPatch) -> None:
    top = rupture("--help")
    assert "--install-completion" in top.stdout and "--show-completion" in top.stdout
    # Typer reads the shell-detection switch when it builds the command, so build a fresh one after setting it
    # (the suite's `rupture` shares one command, as a real process does).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # name the shell instead of detecting it
    command = typer.main.get_command(build_app())
    script = ClickRunner().invoke(command, ["--show-completion", "bash"], prog_name="rupture")
    assert script.exit_code == 0
    assert "_RUPTURE_COMPLETE" in script.stdout and "complete " in script.stdout
    completed = ClickRunner().invoke(command, [], prog_name="rupture", env={
        "_RUPTURE_COMPLETE": "complete_bash", "COMP_WORDS": "rupture check --fail-on-type ", "COMP_CWORD": "3"})
    assert completed.stdout.split() == ["withdrawal", "confrontation"]


# --- rule packs given with --rules ------------------------------------------------------------------------------

MARKER = """\
markers:
  - id: X1
    name: sulking
    rupture: withdrawal
{body}"""


def test_a_valid_rule_pack_adds_its_marker(write_file, rupture) -> None:
    write_file("pack.yaml", MARKER.format(body="    match:\n      - \"I am sulking\"\n"))
    write_file("s.txt", "Therapist: What is happening for you right now?\nClient: I am sulking, obviously.\n")
    result = rupture("analyze", "s.txt", "--rules", "pack.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [episode] = json.loads(result.stdout)["episodes"]
    assert [marker["id"] for marker in episode["markers"]] == ["X1"]


BAD_PACKS = {
    "misspelt-key": (MARKER.format(body="    mach:\n      - \"I am sulking\"\n"), 5,
                     ["unknown key 'mach'", "did you mean 'match'?"]),
    "bad-regex": (MARKER.format(body="    match:\n      - regex: \"(unclosed\"\n"), 6, ["bad regex", "(unclosed"]),
    "unknown-rupture-type": (MARKER.format(body="    match:\n      - \"I am sulking\"\n").replace(
        "rupture: withdrawal", "rupture: withdrawl"), 4, ["withdrawl", "did you mean 'withdrawal'?"]),
    "unknown-context": (MARKER.format(body="    when: {previous_turn: [open-questoin]}\n    match:\n"
                                           "      - \"I am sulking\"\n"), 5,
                        ["unknown context 'open-questoin'", "did you mean 'open-question'?"]),
    "strategy-key": ("strategies:\n  - id: EX-MINE\n    name: mine\n    approach: exploratory\n"
                     "    family: metacommunication\n    guidance: Ask.\n    matches:\n      - \"how is this\"\n", 7,
                     ["unknown key 'matches'", "did you mean 'match'?"]),
    "not-a-mapping": ("- X1\n- X2\n", 1, ["must be a mapping"]),
    "alias": ("markers:\n  - &m {id: X1, name: a, rupture: withdrawal, match: [a]}\n  - *m\n", 3, ["aliases"]),
    "impossible-date": (MARKER.format(body="    description: 2026-13-45\n    match:\n      - \"I am sulking\"\n"), 5,
                        ["description"]),
    "control-character": (MARKER.format(body="    match:\n      - \"I am \x1b sulking\"\n"), 6, ["character"]),
}


@pytest.mark.parametrize("case", list(BAD_PACKS), ids=list(BAD_PACKS))
def test_a_bad_rule_pack_exits_2_naming_file_and_line(case: str, workdir: Path, write_file, rupture, no_crash,
                                                      folder_snapshot) -> None:
    text, line, words = BAD_PACKS[case]
    write_file("pack.yaml", text)
    write_file("s.txt", CALM)
    before = folder_snapshot(workdir)
    result = rupture("analyze", "s.txt", "--rules", "pack.yaml")
    no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"rupture: error: pack.yaml:{line}:"), lines[0]
    for word in words:
        assert word in lines[0]
    assert folder_snapshot(workdir) == before


def test_a_bad_rule_in_a_pack_folder_names_its_file(write_file, rupture) -> None:
    write_file("pack/good.yaml", MARKER.format(body="    match:\n      - \"I am sulking\"\n"))
    write_file("pack/more/typo.yml", MARKER.replace("X1", "X2").format(body="    narative:\n      - \"sulked\"\n"))
    write_file("s.txt", CALM)
    result = rupture("analyze", "s.txt", "--rules", "pack")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rupture: error: {Path('pack/more/typo.yml')}:5:")
    assert "did you mean 'narrative'?" in result.stderr


def test_a_missing_rule_pack_is_one_line(write_file, rupture) -> None:
    write_file("s.txt", CALM)
    result = rupture("analyze", "s.txt", "--rules", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: nowhere.yaml: no such rule file or folder\n"
