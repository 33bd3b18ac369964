"""The therapist's side, end to end: in the research formats (episodes CSV, sessions CSV, the results database
and what a new run on it says), in an episode opened by a weak finding (the straining move before the plain
pushback is still the therapist's part), in what the head reads (no neutral closed question), and in what a
report credits as having worked."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.api import analyze_text
from rupturecli.cli import app

runner = CliRunner()

# the lecture and warning at turn 3 come right before the client's plain pushback at turn 4
LECTURED = (
    "Therapist: What brings you in today?\n"
    "Client: I've been drinking more since the divorce and I'd like to get on top of it.\n"
    "Therapist: Well, you need to stop drinking completely, and if you keep going like this your liver will fail.\n"
    "Client: I am not an idiot, I know all that. Stop lecturing me.\n"
    "Therapist: I hear that I came on strong there. I am sorry. What would be useful to talk about?\n"
    "Client: Maybe how to cut down at weekends.\n"
)
CALM = "Therapist: What do you enjoy about running?\nClient: It clears my head and I sleep better after.\n"


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "lectured.txt").write_text(LECTURED, encoding="utf-8")
    (folder / "calm.txt").write_text(CALM, encoding="utf-8")
    return folder


def test_the_straining_move_before_the_pushback_is_the_therapists_part_and_the_apology_a_repair() -> None:
    record = analyze_text(LECTURED, "lectured.txt")
    episode = next(item for item in record["episodes"] if item["end_turn"] >= 4)
    assert episode["contribution"] == "clear"
    assert {"TC-WARN", "TC-PUSH-TASK"} & {move["id"] for move in episode["moves_before"]}
    assert all(move["turn"] == 3 for move in episode["moves_before"])
    quality = episode["repair_quality"]
    assert quality["more_of_same"] is False and quality["turns_to_repair"] == 1
    assert "EX-OWN-PART" in {item["id"] for item in episode["repair"]["strategies"]}
    assert episode["repair"]["status"] == "resolved" and episode["repair"]["re_engagement_turn"] == 6
    assert "EX-OWN-PART" not in {item["id"] for item in episode["stage"]["suggested_strategies"]}


def test_csv_rows_carry_the_therapists_side(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    episodes, sessions = tmp_path / "episodes.csv", tmp_path / "sessions.csv"
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "csv", "-o", str(episodes), "--sessions-csv",
                                 str(sessions), "--therapist-moves", "-j", "1", "--isolated", "-q"])
    assert result.exit_code in (0, 1), result.output
    rows = list(csv.DictReader(episodes.open(encoding="utf-8")))
    lectured = next(row for row in rows if row["file"].endswith("lectured.txt") and row["contribution"] == "clear")
    assert "TC-WARN" in lectured["moves_before"].split()
    assert (lectured["turns_to_repair"], lectured["client_reengaged"], lectured["more_of_same"]) == ("1", "True",
                                                                                                     "False")
    by_file = {Path(row["file"]).name: row for row in csv.DictReader(sessions.open(encoding="utf-8"))}
    assert float(by_file["lectured.txt"]["contribution_rate"]) > 0
    assert float(by_file["lectured.txt"]["straining_moves_per_100_therapist_turns"]) > 0
    assert by_file["calm.txt"]["straining_moves_per_100_therapist_turns"] == "0.0"
    assert by_file["calm.txt"]["contribution_rate"] == ""  # no episode: no rate, not a rate of 0


def test_the_straining_rate_is_blank_unless_every_therapist_turn_was_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    sessions, database = tmp_path / "sessions.csv", tmp_path / "r.sqlite"
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl", "-o", str(tmp_path / "r.jsonl"),
                                 "--sessions-csv", str(sessions), "--db", str(database), "--isolated", "-q"])
    assert result.exit_code in (0, 1), result.output
    row = next(row for row in csv.DictReader(sessions.open(encoding="utf-8")) if row["file"].endswith("lectured.txt"))
    assert row["straining_moves_per_100_therapist_turns"] == "" and float(row["contribution_rate"]) > 0
    connection = sqlite3.connect(database)
    rate, straining = connection.execute(
        "SELECT contribution_rate, straining_moves_per_100_therapist_turns FROM sessions WHERE file LIKE "
        "'%lectured.txt'").fetchone()
    assert rate > 0 and straining is None


def test_database_columns_are_typed_and_an_older_database_gains_them(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    database = tmp_path / "r.sqlite"
    old = sqlite3.connect(database)  # the tables as release 0.2.0 wrote them, without the therapist's side
    old.executescript(
        "CREATE TABLE sessions (session_key INTEGER PRIMARY KEY, source TEXT NOT NULL, file TEXT NOT NULL,"
        " session_id TEXT, date TEXT, kind TEXT NOT NULL, turns INTEGER, client_turns INTEGER, episodes INTEGER,"
        " withdrawal INTEGER, confrontation INTEGER, ruptures_per_100 REAL, withdrawal_per_100 REAL,"
        " confrontation_per_100 REAL, mean_significance REAL, max_significance INTEGER, share_repaired REAL,"
        " resolved INTEGER, attempted INTEGER, unaddressed INTEGER, dominant_type TEXT, schema_version INTEGER);"
        "CREATE TABLE episodes (episode_key INTEGER PRIMARY KEY, session_key INTEGER NOT NULL REFERENCES"
        " sessions(session_key) ON DELETE CASCADE, number INTEGER, type TEXT, mixed INTEGER, start_turn INTEGER,"
        " end_turn INTEGER, significance INTEGER, significance_reasons TEXT, repair_status TEXT,"
        " repair_strategies TEXT, stage_reached INTEGER, stage_next INTEGER, approach TEXT,"
        " suggested_strategies TEXT, speaker TEXT, target TEXT, confidence TEXT);")
    old.close()
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl", "-o", str(tmp_path / "r.jsonl"),
                                 "--db", str(database), "--therapist-moves", "--isolated", "-q"])
    assert result.exit_code in (0, 1), result.output
    connection = sqlite3.connect(database)
    kinds = connection.execute(
        "SELECT typeof(contribution_rate), typeof(straining_moves_per_100_therapist_turns) FROM sessions"
        " WHERE file LIKE '%lectured.txt'").fetchone()
    assert kinds == ("real", "real")
    contribution, moves, delay, back, more = connection.execute(
        "SELECT contribution, moves_before, turns_to_repair, client_reengaged, more_of_same FROM episodes"
        " WHERE contribution = 'clear'").fetchone()
    assert "TC-WARN" in moves.split() and (delay, back, more) == (1, 1, 0)


def test_the_per_session_research_outputs_are_refused_with_a_view_across_sessions(tmp_path: Path) -> None:
    """--db and --sessions-csv were once silently not written with --by-client, --client or --by-therapist."""
    corpus = _corpus(tmp_path / "corpus")
    for view in (["--by-client"], ["--by-therapist"], ["--client", "lectured"]):
        for flag in ("--db", "--sessions-csv"):
            target = tmp_path / f"out{flag}"
            result = runner.invoke(app, ["analyze", str(corpus), *view, "-f", "json", "-o", str(tmp_path / "v.json"),
                                         flag, str(target), "--isolated", "-q"])
            assert result.exit_code == 2, result.output
            assert f"{flag} is not written with {view[0]}" in result.stderr
            assert not target.exists() and not (tmp_path / "v.json").exists()


def test_a_short_neutral_closed_question_is_no_straining_move() -> None:
    """The coding guide: a single neutral closed question is not a contribution; the head once read one as judging."""
    record = analyze_text("Therapist: Are you still taking the tablets from your GP?\n"
                          "Client: No. I stopped, and you lot never listen anyway.\n", "q.txt", therapist_moves=True)
    assert record["summary"]["therapist"]["straining_moves"] == {}
    assert all(episode["contribution"] == "none" for episode in record["episodes"])
    pushed = analyze_text("Therapist: Are you going to keep ignoring what I told you about the tablets?\n"
                          "Client: Whatever.\n", "p.txt", therapist_moves=True)
    assert pushed["summary"]["therapist"]["straining_moves"]  # a reproach in question form is still read


def test_what_worked_credits_the_strategy_the_client_came_back_from() -> None:
    """A strategy the client met with more of the rupture is 'already tried', not 'what worked'."""
    record = analyze_text(
        "Therapist: How did the worksheet go?\nClient: These worksheets are pointless.\n"
        "Therapist: We could try something different this week if you like.\n"
        "Client: I don't think filling in boxes is going to help.\n"
        "Therapist: The reason I suggest writing it down is that it helps us spot what sets off the low moods.\n"
        "Client: Okay, I see why you want it, I'll try a shorter version on my phone this week.\n", "w.txt")
    episode = record["episodes"][0]
    assert episode["repair"]["status"] == "resolved"
    assert episode["stage"]["worked"].startswith("you explained the rationale at turn 5")
    assert any("offered to change the task at turn 3" in item and "stayed confrontational" in item
               for item in episode["stage"]["already_tried"])


def test_a_new_run_on_a_database_says_it_replaces_the_earlier_rows(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    database = tmp_path / "r.sqlite"
    first = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl", "-o", str(tmp_path / "a.jsonl"),
                                "--db", str(database), "--isolated", "-q"])
    assert first.exit_code in (0, 1) and "replacing" not in first.stderr
    second = runner.invoke(app, ["analyze", str(corpus / "calm.txt"), "-f", "jsonl", "-o", str(tmp_path / "b.jsonl"),
                                 "--db", str(database), "--isolated", "-q"])
    assert second.exit_code in (0, 1)
    assert f"rupture: note: {database}: replacing the 2 sessions an earlier run wrote there" in second.stderr
    assert sqlite3.connect(database).execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_a_strain_told_as_already_worked_through_is_no_rupture() -> None:
    """The domain model: history is not this session's rupture ("...but we sorted that out")."""
    record = analyze_text(
        "Therapist: How are things between us these days?\n"
        "Client: Back in the spring I was really cross with you about the fees, but we sorted that out.\n"
        "Therapist: I remember.\nClient: I am annoyed with you about the fees again, this is ridiculous.\n", "s.txt")
    turns = {marker["turn"] for episode in record["episodes"] for marker in episode["markers"]}
    assert 2 not in turns and 4 in turns


def test_affirming_reflecting_values_and_summing_up_are_no_straining_moves() -> None:
    """MI-adherent moves (a plain reflection, an affirmation, what matters to the client, their choice, a summary that
    gives their worries back) once read as a dismissal, a warning, an argument or a lecture; a warning with the same
    words still is one."""
    adherent = analyze_text(
        "Therapist: How has the week gone?\nClient: I only had two drinks on Saturday, which is new for me.\n"
        "Therapist: It sounds like the weekends have been the hardest part.\nClient: They have, always.\n"
        "Therapist: That's a big change, and it's important that you're recognising it was your own doing.\n"
        "Client: My son noticed too.\n"
        "Therapist: Being someone he can count on is clearly very important to you.\n"
        "Client: It is. I want to get this right for him.\n"
        "Therapist: It's important to find an approach that works for you, not one I hand you.\n"
        "Client: I was thinking of no drinks on weeknights.\n"
        "Therapist: Let me sum up what you've said. You were worried about the risk to your liver and about your "
        "son seeing you drunk, you've already cut the weekends right down, and you're thinking about a rule for "
        "weeknights that you would set yourself rather than have someone else set it for you.\n"
        "Client: Yes, that's it.\n", "a.txt", therapist_moves=True)
    assert adherent["summary"]["therapist"]["straining_moves"] == {}
    warned = analyze_text(
        "Therapist: How has the week gone?\nClient: I had a few more than I meant to.\n"
        "Therapist: It's important that you stop now, or the damage to your liver will only get worse.\n"
        "Client: I know, I know.\n", "w.txt", therapist_moves=True)
    assert warned["summary"]["therapist"]["straining_moves"].get("TC-WARN") == 1


def test_patience_and_permission_are_no_straining_moves() -> None:
    """Patience ("take your time") and permission ("there's no need to apologise") hand the client room; the move
    head once read such a turn as a lecture. A lecture that happens to start with the same words still is one."""
    patient = analyze_text(
        "Therapist: What was it like at the funeral?\nClient: I just... sorry, I can't get the words out.\n"
        "Therapist: Take your time. There's no need to apologise.\nClient: It was the first time I saw him cry.\n"
        "Therapist: It's okay to feel that way. It's okay if you need a moment.\nClient: Thanks. I'm alright.\n",
        "p.txt", therapist_moves=True)
    assert patient["summary"]["therapist"]["straining_moves"] == {}
    lectured = analyze_text(
        "Therapist: How has the drinking been?\nClient: Same as ever.\n"
        "Therapist: Take your time, but you must understand that drinking like this will damage your liver, the "
        "guidelines are very clear and you need to cut down now.\nClient: Fine.\n", "l.txt", therapist_moves=True)
    assert lectured["summary"]["therapist"]["straining_moves"]


def test_a_lecture_between_a_model_reading_of_the_opening_and_the_clients_pushback_is_the_therapists_part() -> None:
    """The model may read an ordinary opening as the start of an episode; when nothing strained before it, and a
    clear lecture then came right before the client's plain pushback (a rule's marker), the lecture is the
    therapist's part in that pushback, never "more of the same" after a rupture it did not follow."""
    from rupturecli.detect.contribution import MoveScan, assess_therapist_side
    from rupturecli.detect.engine import detect
    from rupturecli.detect.episodes import build_episodes
    from rupturecli.detect.repair import SessionScan, assess_repair
    from rupturecli.model.findings import add_model_findings
    from rupturecli.model.moves import ClientMove, SessionMoves
    from rupturecli.parsing import parse_text
    from rupturecli.rules.compiled import build_rule_set

    rules = build_rule_set()
    session = parse_text(
        "Therapist: How have the mornings been?\nClient: I mostly stay in bed until lunchtime, then feel guilty.\n"
        "Therapist: Well, you need to get up at seven every day, and if you keep lying in like this your mood will "
        "only get worse.\nClient: I am not an idiot, I know all that. Stop lecturing me.\n", "m.txt")
    detection = detect(session, rules)
    assert 2 not in {hit.turn for hit in detection.hits} and 4 in {hit.turn for hit in detection.hits}
    for score in (0.55, 0.75):  # a weak and a firm model reading of the opening alike
        read = add_model_findings(detection, SessionMoves(ruptures=(ClientMove(2, "confrontation", "C2", score, ()),)),
                                  session, rules)
        [episode] = build_episodes(read.hits, "transcript", rules)
        assert episode.start_turn == 2
        repair = assess_repair(episode, None, SessionScan(session, read, rules))
        side = assess_therapist_side(episode, repair, 0, MoveScan(session, rules, learned=None))
        assert side.contribution == "clear" and {hit.turn for hit in side.before} == {3}
        assert not side.more_of_same
