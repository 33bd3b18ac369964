"""Group sessions in every report a user reads: terminal, JSON, CSV, SQLite, HTML, ConvoKit, --by-client and
--redact; and a session with one client reported as before.

All the dialogue here is synthetic, written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

GROUP = """# members: Ana, Marco, Ines, Dev
# therapists: Leader, Co-leader
Leader: Marco, you were telling us about the weekend.
Marco: My sister turned up again and the whole thing kicked off, the shouting, the lot.
Ana: You always make it about your sister, Marco.
Marco: Right.
Ines: Ana, I get why you're frustrated, it's been weeks of this for you too.
Ana: Yeah. Sorry. I think I'm just tired of feeling like there's no room for what's going on with me at home.
Leader: Ines, what happens for you when Ana says that?
Ines: It reminds me of my brother, honestly. I never got a word in either, so I stopped trying and went quiet.
Co-leader: How is everyone feeling right now?
Marco: This group is a waste of my evening.
Leader: Let's pause and look at what's happening in the group.
Marco: Can I just --
Ana: And another thing about my mum, she rang me four times on Sunday about nothing.
"""


DYAD = "Therapist: How did the worksheet go?\nClient: Honestly, these sheets are a waste of time.\n"


def run(rupture: Any, *arguments: str) -> Any:
    result = rupture("analyze", *arguments)
    assert result.exit_code == 0, result.stderr
    return result


def test_terminal_shows_members_directions_and_a_row_per_member(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    out = run(rupture, "group.txt", "--no-model").stdout
    assert "4 members: Ana, Marco, Ines, Dev; therapists: Leader, Co-leader" in " ".join(out.split())
    assert "member" in out and "toward" in out
    assert "Ana → Marco" in out and "Marco → group" in out
    assert "MR-VALIDATE by Ines (turn 5)" in out
    assert "Group: 4 members, 2 therapists" in out and "never spoke: Dev" in out
    member_rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["Ana"], ["Marco"], ["Ines"],
                                                                                      ["Dev"])]
    assert [row[0] for row in member_rows] == ["Ana", "Marco", "Ines", "Dev"]
    assert member_rows[3][1:3] == ["0", "0"]  # Dev: no turns, no words


def test_terminal_for_one_client_has_no_member_columns(rupture, write_file) -> None:
    write_file("dyad.txt", DYAD)
    out = run(rupture, "dyad.txt", "--no-model").stdout
    assert "toward" not in out and "Group:" not in out and "members" not in out


def test_json_names_speaker_and_target_on_every_marker(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    record = json.loads(run(rupture, "group.txt", "--format", "json").stdout)
    assert record["members"] == ["Ana", "Marco", "Ines", "Dev"] and record["therapists"] == ["Leader", "Co-leader"]
    markers = [marker for episode in record["episodes"] for marker in episode["markers"]]
    assert markers and all(marker["speaker"] in record["members"] for marker in markers)
    assert all(marker["target"] in ("therapist", "group") or marker["target"].startswith("member:")
               for marker in markers)
    assert record["group"]["ruptures_by_direction"]["group"] >= 1
    assert len(record["group"]["speaker_by_turn"]) == record["turns"]


def test_csv_and_sessions_csv_have_speaker_target_and_members(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    run(rupture, "group.txt", "--no-model", "--format", "csv", "-o", "episodes.csv", "--sessions-csv", "sessions.csv",
        "-q")
    episodes = list(csv.DictReader(io.StringIO(Path("episodes.csv").read_text(encoding="utf-8"))))
    assert ("Ana", "member:Marco") in {(row["speaker"], row["target"]) for row in episodes}
    assert ("Marco", "group") in {(row["speaker"], row["target"]) for row in episodes}
    sessions = list(csv.DictReader(io.StringIO(Path("sessions.csv").read_text(encoding="utf-8"))))
    assert sessions[0]["members"] == "Ana; Marco; Ines; Dev"
    assert sessions[0]["therapists"] == "Leader; Co-leader"


def test_sqlite_has_speaker_target_and_a_members_table(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    write_file("dyad.txt", DYAD)
    run(rupture, "group.txt", "dyad.txt", "--no-model", "--format", "jsonl", "-o", "out.jsonl", "--db", "r.sqlite",
        "-q")
    database = sqlite3.connect("r.sqlite")
    directions = set(database.execute("SELECT m.speaker, m.target FROM markers m"))
    assert ("Ana", "member:Marco") in directions and ("Client", "therapist") in directions
    members = {name: (role, turns, silent) for name, role, turns, silent in database.execute(
        "SELECT m.name, m.role, m.turns, m.silences FROM members m JOIN sessions s USING (session_key) "
        "WHERE s.file = 'group.txt'")}
    assert members["Dev"] == ("member", 0, 1) and members["Leader"][0] == "therapist"
    assert database.execute("SELECT COUNT(*) FROM members m JOIN sessions s USING (session_key) "
                            "WHERE s.file = 'dyad.txt'").fetchone() == (2,)


def test_an_older_database_gains_the_new_columns(rupture, write_file) -> None:
    old = sqlite3.connect("r.sqlite")
    old.executescript("CREATE TABLE markers (episode_key INTEGER, marker_id TEXT, name TEXT, turn INTEGER, "
                      "line INTEGER, quote TEXT, evidence_only INTEGER);")
    old.close()
    write_file("group.txt", GROUP)
    run(rupture, "group.txt", "--no-model", "--format", "jsonl", "-o", "out.jsonl", "--db", "r.sqlite", "-q")
    assert sqlite3.connect("r.sqlite").execute("SELECT COUNT(*) FROM markers WHERE target IS NOT NULL").fetchone()[0]


def test_html_has_a_member_by_time_chart_and_no_network(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    run(rupture, "group.txt", "--no-model", "--format", "html", "-o", "report.html")
    page = Path("report.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page and "<script" not in page
    start = page.index('<svg class="members-chart"')
    chart = ET.fromstring(page[start:page.index("</svg>", start) + len("</svg>")])
    labels = [element.text for element in chart.iter() if element.get("class") == "row-label"]
    assert labels == ["Ana", "Marco", "Ines", "Dev", "Leader (T)", "Co-leader (T)"]
    targets = {element.get("data-target") for element in chart.iter() if element.get("class") == "rupture-mark"}
    assert {"member:Marco", "group"} <= targets
    assert any(element.get("class") == "repair-mark" for element in chart.iter())
    assert "<th>member</th><th>toward</th>" in page and "MR-VALIDATE by Ines" in page


def test_convokit_has_one_speaker_per_member_and_therapist(rupture, write_file) -> None:
    write_file("group.txt", GROUP)
    run(rupture, "group.txt", "--no-model", "--format", "convokit", "-o", "corpus", "-q")
    speakers = json.loads(Path("corpus/speakers.json").read_text(encoding="utf-8"))
    assert speakers == {"group.txt:Leader": {"role": "therapist"}, "group.txt:Marco": {"role": "member"},
                        "group.txt:Ana": {"role": "member"}, "group.txt:Ines": {"role": "member"},
                        "group.txt:Co-leader": {"role": "therapist"}}
    utterances = [json.loads(line) for line in Path("corpus/utterances.jsonl").read_text().splitlines()]
    found = [item for utterance in utterances for item in utterance["meta"]["rupture_markers"]]
    assert {"marker": "C1-M", "target": "member:Marco"}.items() <= next(
        item for item in found if item["marker"] == "C1-M").items()


def test_convokit_for_one_client_keeps_the_two_roles(rupture, write_file) -> None:
    write_file("dyad.txt", DYAD)
    run(rupture, "dyad.txt", "--no-model", "--format", "convokit", "-o", "corpus", "-q")
    assert json.loads(Path("corpus/speakers.json").read_text()) == {"dyad.txt:therapist": {"role": "therapist"},
                                                                     "dyad.txt:client": {"role": "client"}}


def test_by_client_follows_a_member_across_group_sessions(rupture, write_file) -> None:
    write_file("skills/2026-03-03.txt", GROUP)
    write_file("skills/2026-03-10.txt", GROUP.replace("You always make it about your sister, Marco.",
                                                      "Marco, you always make it about yourself."))
    record = json.loads(run(rupture, "skills", "--by-client", "--no-model", "--format", "json").stdout)
    clients = {client["client"]: client for client in record["clients"]}
    assert set(clients) == {"Ana", "Marco", "Ines", "Dev"}
    ana = clients["Ana"]
    assert [Path(point["file"]).name for point in ana["sessions"]] == ["2026-03-03.txt", "2026-03-10.txt"]
    assert {"marker": "C1-M", "sessions": 2, "longest_run": 2} in ana["recurring_markers"]
    episodes = [episode for session in ana["records"] for episode in session["episodes"]]
    assert all(episode["speaker"] == "Ana" or episode["target"] == "member:Ana" for episode in episodes)
    one = json.loads(run(rupture, "skills", "--by-client", "--client", "marco", "--no-model", "--format",
                         "json").stdout)
    assert [client["client"] for client in one["clients"]] == ["Marco"]


@pytest.mark.parametrize("arguments", [["--format", "json"], ["--by-client", "--format", "json"], []])
def test_redact_gives_members_consistent_pseudonyms(rupture, write_file, arguments: list[str]) -> None:
    write_file("skills/2026-03-03.txt", GROUP)
    result = run(rupture, "skills/2026-03-03.txt", "--redact", *arguments)
    for name in ("Ana", "Marco", "Ines", "Dev"):
        assert name not in result.stdout and name not in result.stderr
    assert "Member 1" in result.stdout and "Member 4" in result.stdout
    if arguments == ["--format", "json"]:
        record = json.loads(result.stdout)
        assert record["members"] == ["Member 1", "Member 2", "Member 3", "Member 4"]
        c1m = next(episode for episode in record["episodes"] if episode["markers"][0]["id"] == "C1-M")
        assert (c1m["speaker"], c1m["target"]) == ("Member 1", "member:Member 2")
        assert "Member 2" in c1m["markers"][0]["quote"]  # "... about your sister, Marco." names the same member
