"""`rupture analyze --by-therapist`: a trainee's rupture-repair profile across their transcripts, with the trend."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.cli import app
from written_dialogues import DIARY

# Week 1: a warning and a push right before a withdrawal, never repaired. Week 2: a complaint about the
# diary met with validation and the rationale, and the client comes back.
WEEK1 = """\
Therapist: Your liver numbers are up again. You really need to cut down, this is serious.
Client: Sure, fine.
Therapist: If you keep going like this you could end up in hospital. You have to set a limit today.
Client: Whatever you say.
"""
WEEK2 = DIARY
DIARY_THERAPIST_TURNS = sum(1 for line in DIARY.splitlines() if line.startswith("Therapist:"))


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def two_trainees(folder: Path) -> None:
    """ana: a strained week 1 then a repaired week 2; ben: one repaired week."""
    write(folder / "ana", "2026-01-05-week1.txt", WEEK1)
    write(folder / "ana", "2026-01-12-week2.txt", WEEK2)
    write(folder / "ben", "2026-01-06-week1.txt", WEEK2)


def run(*args: str):
    return CliRunner().invoke(app, ["analyze", *args, "--by-therapist", "--isolated", "--no-model"],
                              env={"COLUMNS": "100", "NO_COLOR": "1"})


def test_a_folder_per_trainee_gives_a_profile_and_trend(tmp_path: Path) -> None:
    two_trainees(tmp_path)
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    trainees = {item["therapist"]: item for item in json.loads(result.stdout)["therapists"]}
    assert sorted(trainees) == ["ana", "ben"]
    ana = trainees["ana"]
    assert [Path(point["file"]).name for point in ana["sessions"]] == ["2026-01-05-week1.txt", "2026-01-12-week2.txt"]
    first, second = ana["sessions"]
    assert first["contribution_rate"] == 1.0 and first["share_repaired"] == 0.0
    assert second["contribution_rate"] == 0.0 and second["share_repaired"] == 1.0
    assert ana["trend"] == {"contribution": "improving", "repair": "improving", "straining_moves": "improving"}
    # every therapist turn is read: week 1 warns and pushes in both of its turns, week 2 in none
    assert first["straining_moves_per_100_therapist_turns"] == 100.0
    assert first["straining_moves"] == {"TC-PUSH-TASK": 2, "TC-WARN": 2}
    assert second["straining_moves_per_100_therapist_turns"] == 0.0 and second["straining_moves"] == {}
    assert ana["profile"]["straining_moves_per_100_therapist_turns"] == round(100 * 2 / (2 + DIARY_THERAPIST_TURNS), 1)
    assert trainees["ben"]["trend"]["repair"] == "one session: no trend yet"


def test_terminal_view_names_each_trainee_and_says_the_trend(tmp_path: Path) -> None:
    write(tmp_path / "ana", "2026-01-05-week1.txt", WEEK1)
    write(tmp_path / "ana", "2026-01-12-week2.txt", WEEK2)
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Therapist ana: 2 transcripts" in result.stdout
    assert ("Trend: straining moves before ruptures improving; repair improving; straining moves in all therapist "
            "turns improving.") in " ".join(result.stdout.split())
    rate = round(100 * 2 / (2 + DIARY_THERAPIST_TURNS), 1)
    assert (f"Straining moves in {rate:g} of every 100 therapist turns (turns showing each: TC-PUSH-TASK 2, "
            "TC-WARN 2).") in " ".join(result.stdout.split())
    assert "ruptures per 100" in result.stdout and "client turns" in result.stdout  # not a bare "ruptures/100"
    assert "2026-01-05-week1.txt" in result.stdout  # a transcript's name is never folded over two lines


def test_other_formats_are_refused_with_one_line(tmp_path: Path) -> None:
    write(tmp_path / "ana", "week1.txt", WEEK1)
    result = run(str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("rupture: error: --by-therapist supports terminal, json, html, csv, "
                                     "not jsonl")


def test_csv_has_a_row_per_transcript_and_a_profile_row_per_trainee(tmp_path: Path) -> None:
    two_trainees(tmp_path)
    result = run(str(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["therapist"], row["row"], Path(row["file"]).name if row["file"] else "") for row in rows] == [
        ("ana", "session", "2026-01-05-week1.txt"), ("ana", "session", "2026-01-12-week2.txt"),
        ("ana", "profile", ""), ("ben", "session", "2026-01-06-week1.txt"), ("ben", "profile", "")]
    first, second, profile = rows[:3]
    assert (first["contribution_rate"], first["share_repaired"]) == ("1.0", "0.0")
    assert (second["contribution_rate"], second["share_repaired"]) == ("0.0", "1.0")
    assert (profile["trend_contribution"], profile["trend_repair"]) == ("improving", "improving")
    assert profile["share_repaired"] == "0.5" and first["trend_repair"] == ""


def test_html_shows_each_trainee_with_charts_then_their_transcripts(tmp_path: Path) -> None:
    two_trainees(tmp_path)
    target = tmp_path / "trainees.html"
    result = run(str(tmp_path), "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="card trainee">') == 2
    assert page.index("Therapist: ana") < page.index("2026-01-05-week1.txt") < page.index("Therapist: ben")
    assert "straining moves before ruptures improving; repair improving" in page
    ana = page[page.index("Therapist: ana"):page.index('<section class="card session')]
    # bars: after a straining move, repaired, and therapist turns with a straining move (every turn is read)
    assert ana.count('class="profile-bar"') == 3 and ana.count('class="trainee-line"') == 2
    assert "<title>100% repaired</title>" in ana and "<title>0% repaired</title>" in ana
    assert page.count('class="card session') == 3
    assert "<script" not in page


def test_the_shipped_trainee_example_matches_its_golden_csv(monkeypatch) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["analyze", "examples/ci/trainees", "--by-therapist", "--format", "csv",
                                      "--isolated"], env={"RUPTURE_CONFIG": None})
    assert result.exit_code == 0, result.output
    golden = root / "tests" / "golden" / "trainees" / "ci-trainees.csv"
    if os.environ.get("UPDATE_GOLDEN", "") not in ("", "0"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8"), "UPDATE_GOLDEN=1 rewrites it after review"


def test_therapist_moves_are_listed_and_shown_like_every_other_rule() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    assert any(line.split()[:2] == ["TC-WARN", "therapist"] for line in listed.stdout.splitlines())
    for code in ("TC-WARN", "warning", "tc-warn"):
        shown = runner.invoke(app, ["rules", "show", code])
        assert shown.exit_code == 0, shown.output
        assert shown.stdout.startswith("TC-WARN warning (therapist move, clear)")
        assert "Instead: explore what the client sees as the risks" in shown.stdout


# A session with no rupture at all, in which the therapist lectures: the client keeps talking.
LECTURED = """\
Therapist: What brings you in today?
Client: My doctor says my blood pressure is high and I should see someone about the drinking.
Therapist: Let me explain what alcohol does to blood pressure. Every drink raises it for hours, and over the years
that damages your arteries and your heart, so the evidence is clear that cutting down is the answer.
Client: Right, my dad had heart trouble too, so I have been thinking about it since the appointment.
Therapist: How much would you say you drink in a usual week?
Client: Maybe three or four beers most evenings, more on weekends with my brother.
"""


def analyze_json(path: Path, *flags: str) -> dict:
    result = CliRunner().invoke(app, ["analyze", str(path), "-f", "json", "--isolated", "--no-model", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["summary"]["therapist"]  # one file: its record


def test_therapist_moves_reads_every_therapist_turn_only_when_asked(tmp_path: Path) -> None:
    write(tmp_path, "lecture.txt", LECTURED)
    assert analyze_json(tmp_path / "lecture.txt")["straining_moves"] is None  # not read: research runs stay fast
    profile = analyze_json(tmp_path / "lecture.txt", "--therapist-moves")
    assert profile["straining_moves"] == {"TC-LECTURE": 1}
    assert profile["straining_moves_per_100_therapist_turns"] == 33.3  # one of three therapist turns
    assert profile["straining_turns"] == [3]


def test_a_calm_session_still_shows_the_therapists_straining_moves(tmp_path: Path) -> None:
    write(tmp_path, "lecture.txt", LECTURED)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "lecture.txt"), "--isolated", "--no-model",
                                      "--therapist-moves"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "No rupture markers found" in text
    assert ("Therapist's side: Straining moves in 33.3 of every 100 therapist turns (turns showing each: "
            "TC-LECTURE 1).") in text


def test_a_notes_profile_counts_the_moves_the_clinician_tells_of_without_a_rate(tmp_path: Path) -> None:
    write(tmp_path, "note.txt", "I spent most of the hour lecturing him about the risks of drinking. He listened "
          "and said he would think about it.\n")
    profile = analyze_json(tmp_path / "note.txt", "--therapist-moves")
    assert profile["straining_moves_per_100_therapist_turns"] is None  # a note has sentences, not turns
    assert profile["straining_moves"] == {"TC-LECTURE": 1}


def test_the_python_api_reads_every_therapist_turn_when_asked(tmp_path: Path) -> None:
    import rupturecli

    assert rupturecli.analyze_text(LECTURED)["summary"]["therapist"]["straining_moves"] is None
    record = rupturecli.analyze_text(LECTURED, therapist_moves=True)
    assert record["summary"]["therapist"]["straining_moves"]["TC-LECTURE"] == 1
    write(tmp_path, "lecture.txt", LECTURED)
    [from_path] = rupturecli.analyze_path(tmp_path, therapist_moves=True)
    assert from_path["summary"]["therapist"]["straining_moves_per_100_therapist_turns"] >= 33.3


def test_a_transcript_with_no_therapist_turn_says_so_not_that_it_is_a_note(tmp_path: Path) -> None:
    write(tmp_path, "client.txt", "Client: I wanted to talk about my sister.\nClient: She moved away last month.\n")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "client.txt"), "--isolated", "--no-model",
                                      "--therapist-moves", "--input-kind", "transcript"],
                                env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "No therapist turns to read for straining moves." in result.stdout and "note" not in result.stdout


def test_long_transcript_names_fold_but_are_never_cut(tmp_path: Path) -> None:
    long_name = "2026-01-05-a-very-long-practice-transcript-name-for-week-one.txt"
    write(tmp_path / "ana", long_name, WEEK1)
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "2026-01-05" in result.stdout  # the date whole
    assert long_name in "".join(line[12:].split("  ")[0].strip() for line in result.stdout.splitlines())


def test_the_html_of_a_calm_session_still_shows_the_therapists_straining_moves(tmp_path: Path) -> None:
    write(tmp_path, "lecture.txt", LECTURED)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "lecture.txt"), "--isolated", "--no-model",
                                      "--therapist-moves", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert "No rupture markers found" in result.stdout
    assert "therapist turns with a straining move" in result.stdout
    # the bar is labelled as the text says it (per 100 therapist turns), not as a share ("67%")
    assert re.search(r">\d+(?:\.\d+)? per 100</text>", result.stdout)


def test_a_date_that_is_only_the_file_time_is_marked_in_every_view(tmp_path: Path) -> None:
    """Undated files are ordered by their modification time, which a copy or an edit changes: the tables say so."""
    write(tmp_path / "cara", "week-one.txt", WEEK1)
    write(tmp_path / "cara", "week-two.txt", WEEK2)
    os.utime(tmp_path / "cara" / "week-one.txt", (1_767_600_000, 1_767_600_000))  # 2026-01-05
    os.utime(tmp_path / "cara" / "week-two.txt", (1_768_200_000, 1_768_200_000))  # 2026-01-12
    data = json.loads(run(str(tmp_path), "--format", "json").stdout)["therapists"][0]
    assert [point["date_from"] for point in data["sessions"]] == ["file time", "file time"]
    assert [Path(point["file"]).name for point in data["sessions"]] == ["week-one.txt", "week-two.txt"]
    terminal = run(str(tmp_path)).stdout
    assert re.search(r"2026-01-0\d\*", terminal) and "* the file's modification time" in terminal
    rows = list(csv.DictReader(io.StringIO(run(str(tmp_path), "--format", "csv").stdout)))
    assert {row["date_from"] for row in rows if row["row"] == "session"} == {"file time"}
    assert "the file&#x27;s modification time" in run(str(tmp_path), "--format", "html").stdout


def test_dates_in_the_file_names_are_not_marked(tmp_path: Path) -> None:
    two_trainees(tmp_path)
    terminal = run(str(tmp_path)).stdout
    assert "2026-01-05 " in terminal and "*" not in terminal.replace("**", "")
    assert "modification time" not in terminal


def test_a_single_transcript_says_once_that_there_is_no_trend(tmp_path: Path) -> None:
    write(tmp_path / "ben", "2026-01-06-week1.txt", WEEK2)
    terminal = run(str(tmp_path)).stdout
    assert "Trend: one transcript, no trend yet." in terminal
    assert "before ruptures one session" not in terminal


def test_a_trainee_is_the_folder_the_transcripts_sit_in_whatever_holds_it(tmp_path: Path) -> None:
    """A cohort folder (2025/alex/, 2025/bo/) holds trainees; it is not one trainee."""
    write(tmp_path / "2025" / "alex", "2026-01-05-week1.txt", WEEK1)
    write(tmp_path / "2025" / "alex", "2026-01-12-week2.txt", WEEK2)
    write(tmp_path / "2025" / "bo", "2026-01-06-week1.txt", WEEK2)
    trainees = json.loads(run(str(tmp_path), "--format", "json").stdout)["therapists"]
    assert [(item["therapist"], len(item["sessions"])) for item in trainees] == [("alex", 2), ("bo", 1)]


def test_narrative_notes_are_left_out_of_a_trainees_figures_with_a_note(tmp_path: Path) -> None:
    """A note counts sentences, not client turns: pooled with transcripts it would skew every per-turn rate."""
    two_trainees(tmp_path)
    write(tmp_path / "ana", "2026-01-19-notes.txt", "Client was quiet after I raised the homework and said little "
                                                    "for the rest of the hour. I felt shut out.\n")
    result = run(str(tmp_path), "--format", "json")
    ana = {item["therapist"]: item for item in json.loads(result.stdout)["therapists"]}["ana"]
    assert [Path(point["file"]).name for point in ana["sessions"]] == ["2026-01-05-week1.txt", "2026-01-12-week2.txt"]
    assert "1 input read as narrative notes left out" in result.stderr


def test_with_an_odd_number_of_transcripts_the_middle_one_is_in_neither_half(tmp_path: Path) -> None:
    write(tmp_path / "cy", "2026-01-05-week1.txt", WEEK2)
    write(tmp_path / "cy", "2026-01-12-week2.txt", WEEK1)
    write(tmp_path / "cy", "2026-01-19-week3.txt", WEEK2)
    cy = json.loads(run(str(tmp_path), "--format", "json").stdout)["therapists"][0]
    assert [point["share_repaired"] for point in cy["sessions"]] == [1.0, 0.0, 1.0]
    assert cy["trend"]["repair"] == "steady"  # first against last, not first against the last two


def test_notes_alone_give_a_plain_line_not_an_empty_report(tmp_path: Path) -> None:
    write(tmp_path / "jo", "2026-01-19-notes.txt", "Client was quiet after I raised the homework and said little "
                                                   "for the rest of the hour.\n")
    result = run(str(tmp_path), "-q")
    assert result.exit_code == 0
    assert result.stdout.startswith("No transcripts to profile")


def test_redacting_keeps_trainees_apart_and_their_transcripts_in_date_order(tmp_path: Path) -> None:
    """Redacted, both folders read '[NAME]' and every date '[DATE]': the view is grouped and ordered first."""
    write(tmp_path / "harriet", "2026-01-05-zeta.txt", WEEK1)
    write(tmp_path / "harriet", "2026-01-12-alpha.txt", WEEK2)
    write(tmp_path / "ingrid", "2026-01-06-week1.txt", WEEK2)
    plain = json.loads(run(str(tmp_path), "--format", "json").stdout)["therapists"]
    result = run(str(tmp_path), "--format", "json", "--redact")
    hidden = json.loads(result.stdout)["therapists"]
    assert [item["therapist"] for item in hidden] == ["[NAME]", "[NAME] 2"]
    assert [len(item["sessions"]) for item in hidden] == [2, 1]
    assert hidden[0]["trend"] == plain[0]["trend"] == {"contribution": "improving", "repair": "improving",
                                                        "straining_moves": "improving"}
    assert "harriet" not in result.stdout.lower() and "ingrid" not in result.stdout.lower()
    assert "2026-01" not in result.stdout
