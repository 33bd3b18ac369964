"""`rupture agree` with the transcripts known: coded turns the transcript lacks, and client turns neither side codes.

The dialogue is invented for these tests.
"""

from __future__ import annotations

import json

SESSION = ("Therapist: Where would you like to start?\nClient: Wherever.\nTherapist: Last week felt heavy.\n"
           "Client: It was fine.\nTherapist: You sound far away today.\nClient: I said it was fine.\n")
RESULT = {"schema_version": 1, "file": "tx/d1.txt", "kind": "transcript", "turns": 6, "client_turns": 3,
          "episodes": [{"type": "withdrawal", "markers": [{"id": "W2", "turn": 2}]}]}


def test_a_coded_turn_the_transcript_lacks_is_named_and_not_scored(rupture, write_file) -> None:
    write_file("tx/d1.txt", SESSION)
    write_file("codes.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n"
                            "d1.txt,12,withdrawal\n")
    write_file("r.jsonl", json.dumps(RESULT) + "\n")
    result = rupture("agree", "codes.csv", "r.jsonl", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "1 coded turn does not exist in the session's transcript (d1: 12): not scored" in result.stderr
    assert "not a client turn" not in result.stderr
    document = json.loads(result.stdout)
    assert document["turn_level"]["total"] == 3
    assert 12 not in [item["turn"] for item in document["disagreements"]]


def test_client_turns_neither_side_codes_are_warned_about_when_transcripts_are_given(rupture, write_file) -> None:
    write_file("tx/d1.txt", SESSION)
    write_file("codes.csv", "file,turn,label\nd1.txt,2,withdrawal\n")  # the rupture turns only
    write_file("r.jsonl", json.dumps({**RESULT, "file": "elsewhere/d1.txt"}) + "\n")
    result = rupture("agree", "codes.csv", "r.jsonl", "--transcripts", "tx")
    assert result.exit_code == 0, result.output
    assert "2 client turns of 1 session are coded on neither side (d1: 4, 6): not scored" in result.stderr
    write_file("codes.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n")
    assert rupture("agree", "codes.csv", "r.jsonl", "--transcripts", "tx").stderr == ""


def test_recall_and_precision_with_nothing_to_divide_by_are_null(rupture, write_file) -> None:
    write_file("a.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n")
    write_file("b.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n")
    result = rupture("agree", "a.csv", "b.csv", "-f", "json")
    assert result.exit_code == 0, result.output
    confrontation = json.loads(result.stdout)["turn_level"]["by_type"]["confrontation"]
    assert confrontation["support"] == 0 and confrontation["predicted"] == 0
    assert (confrontation["precision"], confrontation["recall"], confrontation["f1"]) == (None, None, None)
    withdrawal = json.loads(result.stdout)["turn_level"]["by_type"]["withdrawal"]
    assert (withdrawal["precision"], withdrawal["recall"], withdrawal["f1"]) == (1.0, 1.0, 1.0)
    write_file("b.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,confrontation\nd1.txt,6,none\n")
    confrontation = json.loads(rupture("agree", "a.csv", "b.csv", "-f", "json").stdout)["turn_level"]["by_type"][
        "confrontation"]
    assert (confrontation["precision"], confrontation["recall"], confrontation["f1"]) == (0.0, None, 0.0)


def test_the_macro_average_leaves_undefined_types_out(rupture, write_file) -> None:
    """Withdrawal recall 1.0 and confrontation's undefined: the macro recall is 1.0, not (1.0 + 0) / 2."""
    write_file("a.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n")
    write_file("b.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,none\nd1.txt,6,none\n")
    result = rupture("agree", "a.csv", "b.csv", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema_version"] == 2
    assert document["turn_level"]["macro"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    write_file("b.csv", "file,turn,label\nd1.txt,2,withdrawal\nd1.txt,4,confrontation\nd1.txt,6,none\n")
    macro = json.loads(rupture("agree", "a.csv", "b.csv", "-f", "json").stdout)["turn_level"]["macro"]
    assert macro == {"precision": 0.5, "recall": 1.0, "f1": 0.5}  # confrontation: precision 0, recall null, F1 0
    write_file("a.csv", "file,turn,label\nd1.txt,2,none\nd1.txt,4,none\n")
    write_file("b.csv", "file,turn,label\nd1.txt,2,none\nd1.txt,4,none\n")
    both = rupture("agree", "a.csv", "b.csv", "-f", "json")
    assert json.loads(both.stdout)["turn_level"]["macro"] == {"precision": None, "recall": None, "f1": None}
    assert "macro average" in rupture("agree", "a.csv", "b.csv").stdout
