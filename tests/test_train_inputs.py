"""`rupture train` on a researcher's own small data: what it accepts, what it refuses, and what it says.

Every transcript here is invented for these tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app

runner = CliRunner()

SESSIONS = {
    "k1": [("T", "What brings you here today?"), ("C", "My manager said I should come, that's all."),
           ("T", "Could we look at what happened with the report?"), ("C", "Pass. Not today."),
           ("T", "You seem tired of my questions."), ("C", "You just don't get how my job works.")],
    "k2": [("T", "How did the budgeting plan go?"), ("C", "I tracked every coffee and it helped a lot."),
           ("T", "What surprised you?"), ("C", "How much I spent on taxis, honestly."),
           ("T", "Shall we set a target?"), ("C", "Yes, fifty a week sounds doable.")],
    "k3": [("T", "Last time you mentioned your father."), ("C", "Whatever."),
           ("T", "It seemed to matter a lot to you then."), ("C", "This is a waste of my evening."),
           ("T", "I pushed there, I think."), ("C", "Maybe. I'm just tired of going over it.")],
    "k4": [("T", "How was the trip to the coast?"), ("C", "Lovely, we walked for hours each day."),
           ("T", "And the sleep?"), ("C", "Much better, eight hours most nights."),
           ("T", "What made the difference?"), ("C", "No phone after ten, like we planned.")],
}
LABELS = {"k1": ["withdrawal", "withdrawal", "confrontation"], "k2": ["none", "none", "none"],
          "k3": ["withdrawal", "confrontation", "none"], "k4": ["none", "none", "none"]}


def write_data(folder: Path, labels: dict[str, list[str]] | None = None) -> tuple[Path, Path]:
    """The four invented sessions as transcripts, and a codes CSV listing every client turn."""
    transcripts = folder / "tx"
    transcripts.mkdir(parents=True)
    rows = ["file,turn,label,marker"]
    for name, turns in SESSIONS.items():
        text = "".join(f"{'Therapist' if who == 'T' else 'Client'}: {words}\n" for who, words in turns)
        (transcripts / f"{name}.txt").write_text(text, encoding="utf-8")
        for position, label in enumerate((labels or LABELS)[name]):
            marker = {"withdrawal": "W2", "confrontation": "C1"}.get(label, "")
            rows.append(f"{name}.txt,{2 * position + 2},{label},{marker}")
    codes = folder / "codes.csv"
    codes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return codes, transcripts


def train(codes: Path, transcripts: Path, output: Path, *flags: str):
    return runner.invoke(app, ["train", "--codes", str(codes), "--transcripts", str(transcripts), "-o", str(output),
                               "--folds", "2", *flags])


def test_transcripts_alone_train_with_the_rule_examples_and_the_model_reads_notes(tmp_path: Path) -> None:
    """The rule examples hold notes but no therapist reaction: that head was one class and training failed."""
    codes, transcripts = write_data(tmp_path)
    result = train(codes, transcripts, tmp_path / "m")
    assert result.exit_code == 0, result.output
    note = tmp_path / "note.txt"
    note.write_text("Client arrived late and answered in single words. I felt shut out.\n", encoding="utf-8")
    analysed = runner.invoke(app, ["analyze", str(note), "--model", str(tmp_path / "m"), "-f", "json", "--isolated"])
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["kind"] == "notes"


def test_one_coded_session_is_refused_for_what_it_is(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    codes.write_text("file,turn,label\nk1.txt,2,withdrawal\nk1.txt,4,none\n", encoding="utf-8")
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "1 coded session" in result.stderr and "needs 2 at least" in result.stderr
    assert "--folds" not in result.stderr


def test_a_marker_the_rules_do_not_know_or_of_the_other_type_is_named_with_its_line(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    original = codes.read_text(encoding="utf-8")
    for edit, expected in ((("k1.txt,2,withdrawal,W2", "k1.txt,2,withdrawal,W9"), "codes.csv:2: unknown marker 'W9'"),
                           (("k1.txt,6,confrontation,C1", "k1.txt,6,confrontation,W1"),
                            "codes.csv:4: marker 'W1' is a withdrawal marker, but the turn is coded confrontation")):
        codes.write_text(original.replace(*edit), encoding="utf-8")
        result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and "Traceback" not in result.output
        assert not (tmp_path / "m").exists()
    codes.write_text(original.replace("k1.txt,2,withdrawal,W2", "k1.txt,2,withdrawal,w5"), encoding="utf-8")
    assert train(codes, transcripts, tmp_path / "m", "--no-rule-examples").exit_code == 0


def test_an_output_folder_holding_other_files_is_refused_and_a_replaced_model_is_said(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "draft.txt").write_text("my own file\n", encoding="utf-8")
    result = train(codes, transcripts, mine, "--no-rule-examples")
    assert result.exit_code == 2 and "mine: holds other files (draft.txt)" in result.stderr
    assert sorted(path.name for path in mine.iterdir()) == ["draft.txt"]
    first = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert first.exit_code == 0 and "replaced" not in first.stderr
    again = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert again.exit_code == 0 and "replaced the model that was there" in again.stderr


def test_an_output_folder_holding_only_hidden_files_takes_the_model(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    models = tmp_path / "models"
    models.mkdir()
    (models / ".gitkeep").write_text("", encoding="utf-8")
    (models / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    result = train(codes, transcripts, models, "--no-rule-examples")
    assert result.exit_code == 0, result.stderr
    assert "holds other files" not in result.stderr and "replaced" not in result.stderr
    assert sorted(path.name for path in models.iterdir()) == [".DS_Store", ".gitkeep", "model.json", "weights.npz"]


def test_an_output_that_cannot_be_made_is_refused_before_training(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    (tmp_path / "plain").write_text("a file, not a folder\n", encoding="utf-8")
    result = train(codes, transcripts, tmp_path / "plain" / "sub" / "m", "--no-rule-examples")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot make the model folder" in result.stderr and "plain is a file" in result.stderr
    assert "Cross-validated" not in result.stdout  # refused before any training


def test_more_folds_than_sessions_are_clamped_with_a_note_and_help_shows_the_defaults(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    result = runner.invoke(app, ["train", "--codes", str(codes), "--transcripts", str(transcripts), "-o",
                                 str(tmp_path / "m"), "--folds", "20", "--no-rule-examples", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "20 folds for 4 coded sessions: using 4 folds" in result.stderr
    assert json.loads(result.stdout)["folds"] == 4
    shown = " ".join(runner.invoke(app, ["train", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "one per coded session; a config's own when not given). [default: 5]" in shown
    assert "[default: 13]" in shown


def test_model_and_no_model_together_is_a_usage_error(tmp_path: Path) -> None:
    session = tmp_path / "s.txt"
    session.write_text("Therapist: Shall we start?\nClient: Sure.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(session), "--model", str(tmp_path), "--no-model"])
    assert result.exit_code == 2 and "--model and --no-model together" in result.stderr


def test_coded_turns_that_are_no_client_turn_are_named_with_their_lines(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    with codes.open("a", encoding="utf-8") as stream:
        stream.write("k2.txt,3,none,\nk4.txt,30,withdrawal,W2\n")  # a therapist's turn; a turn k4 lacks
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 0, result.output
    assert "codes.csv: 2 coded turns are not a client turn of the transcript, not learned from: " in result.stderr
    assert "line 14: k2 turn 3, a therapist's turn" in result.stderr
    assert "line 15: k4 turn 30, no such turn, the transcript has 6" in result.stderr


def test_codes_that_leave_client_turns_out_are_warned_about(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    rows = codes.read_text(encoding="utf-8").splitlines()
    kept = [row for row in rows if ",none," not in row or row.startswith("k2.txt,2,")]  # the ruptures, mostly
    codes.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 0, result.output
    assert "codes.csv: 3 client turns of 2 coded sessions are not in the codes (k2: 4, 6; k3: 6)" in result.stderr
    assert "left out of training and of the cross-validated figures" in result.stderr
    complete = train(*write_data(tmp_path / "full"), tmp_path / "m2", "--no-rule-examples")
    assert complete.exit_code == 0 and "warning" not in complete.stderr


def test_transcripts_folder_problems_are_named_for_what_they_are(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path)
    missing = train(codes, tmp_path / "nowhere", tmp_path / "m")
    assert missing.exit_code == 2 and "nowhere: no such folder" in missing.stderr
    given_file = train(codes, codes, tmp_path / "m")
    assert given_file.exit_code == 2 and "codes.csv: is a file: give the folder of the transcripts" in given_file.stderr
    for client in ("ana", "ben"):  # one session name in two client folders, the codes naming neither
        (transcripts / client).mkdir()
        (transcripts / client / "k5.txt").write_text("Therapist: Ready?\nClient: No.\n", encoding="utf-8")
    with codes.open("a", encoding="utf-8") as stream:
        stream.write("k5.txt,2,withdrawal,W2\n")
    twice = train(codes, transcripts, tmp_path / "m")
    assert twice.exit_code == 2 and "no transcript" not in twice.stderr
    assert "session 'k5' fits 2 transcripts in" in twice.stderr and "(ana/k5.txt, ben/k5.txt)" in twice.stderr
    codes.write_text(codes.read_text(encoding="utf-8").replace("k5.txt,2", "ben/k5.txt,2"), encoding="utf-8")
    assert train(codes, transcripts, tmp_path / "m", "--no-rule-examples").exit_code == 0


def test_codes_without_a_rupture_label_are_named(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path, {name: ["none"] * 3 for name in SESSIONS})
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 2 and "codes.csv: no client turn is coded a rupture" in result.stderr
    assert "give --codes" not in result.stderr


def test_the_model_description_names_its_data_without_their_paths(tmp_path: Path) -> None:
    codes, transcripts = write_data(tmp_path / "clinic-jones")
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 0, result.output
    description = (tmp_path / "m" / "model.json").read_text(encoding="utf-8")
    assert "clinic-jones" not in description and str(tmp_path) not in description
    coded = json.loads(description)["config"]["transcripts"][0]
    assert (coded["codes"], coded["transcripts"]) == ("codes.csv", "tx")


def test_sessions_named_by_folder_keep_their_markers_and_lines(tmp_path: Path) -> None:
    """'ana/s1.txt' and 'ben/s1.txt': the marker column and the warnings' lines were looked up by 's1' alone."""
    transcripts = tmp_path / "tx"
    rows = ["file,turn,label,marker"]
    for folder, name, session in (("ana", "s1", "k1"), ("ben", "s1", "k3"), ("ana", "s2", "k2"), ("ben", "s2", "k4")):
        text = "".join(f"{'Therapist' if who == 'T' else 'Client'}: {words}\n" for who, words in SESSIONS[session])
        (transcripts / folder).mkdir(parents=True, exist_ok=True)
        (transcripts / folder / f"{name}.txt").write_text(text, encoding="utf-8")
        for position, label in enumerate(LABELS[session]):
            marker = {"withdrawal": "W2", "confrontation": "C1"}.get(label, "") if folder == "ana" else \
                {"withdrawal": "W3", "confrontation": "C2"}.get(label, "")
            rows.append(f"{folder}/{name}.txt,{2 * position + 2},{label},{marker}")
    rows += ["ana/s1.txt,3,none,", "ben/s1.txt,3,none,"]  # therapist turns, at lines 14 and 15
    codes = tmp_path / "codes.csv"
    codes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 0, result.output
    assert ("codes.csv: 2 coded turns are not a client turn of the transcript, not learned from: line 14: ana/s1 "
            "turn 3, a therapist's turn; line 15: ben/s1 turn 3, a therapist's turn") in result.stderr, result.stderr
    model = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert model["heads"]["marker"]["classes"] == ["C1", "C2", "W2", "W3"]


def test_transcripts_in_per_client_folders_are_found_in_one_walk_of_the_tree(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Each session not at the top level walked the whole tree once per suffix: quadratic in a big corpus.
    Counted, not timed: the folder listings made under the transcripts folder."""
    transcripts = tmp_path / "tx"
    rows = ["file,turn,label"]
    clients = [f"client{number}" for number in range(8)]
    for number, client in enumerate(clients):
        session = list(SESSIONS)[number % 4]
        text = "".join(f"{'Therapist' if who == 'T' else 'Client'}: {words}\n" for who, words in SESSIONS[session])
        (transcripts / client / "audio").mkdir(parents=True)
        (transcripts / client / f"s{number}.txt").write_text(text, encoding="utf-8")
        for other in range(10):
            (transcripts / client / "audio" / f"take{other}.txt").write_text("-\n", encoding="utf-8")
        rows += [f"s{number}.txt,{2 * position + 2},{label}" for position, label in enumerate(LABELS[session])]
    codes = tmp_path / "codes.csv"
    codes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    listed: list[str] = []
    scandir = os.scandir

    def counting(path: Any = ".") -> Any:
        if str(path).startswith(str(transcripts)):
            listed.append(str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    result = train(codes, transcripts, tmp_path / "m", "--no-rule-examples")
    assert result.exit_code == 0, result.output
    folders = 1 + 2 * len(clients)
    assert len(listed) <= folders, f"{len(listed)} listings of {folders} folders"
