"""Significance: each reason names the one cue that fired, ordinary phrases are no intensity, threats to quit are."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.cli import app


def analyse(tmp_path: Path, text: str, name: str = "s.txt") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_an_ordinary_always_is_not_intense_wording(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: What would you like to look at today?\nClient: Same as always.\n"
                               "Therapist: And how did the week go for you?\nClient: I don't know.\n")
    reasons = [reason for episode in record["episodes"] for reason in episode["significance_reasons"]]
    assert reasons, "the minimal responses form an episode"
    assert not any("always" in reason or "intense" in reason or "absolute" in reason for reason in reasons)


def test_a_threat_to_quit_therapy_is_named_with_the_clients_words(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How are you finding our sessions so far?\n"
                               "Client: Honestly? This therapy isn't working and I'm thinking of quitting.\n")
    [episode] = record["episodes"]
    assert 'threat to end therapy: "thinking of quitting"' in episode["significance_reasons"]
    assert episode["significance"] >= 4
    turn_ratings = [marker["significance"] for marker in episode["markers"] if not marker["evidence_only"]]
    assert max(turn_ratings) == episode["significance"]
    assert episode["significance_turn"] == 2


def test_a_negated_threat_is_no_threat(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How are you finding our sessions so far?\n"
                               "Client: This therapy isn't working, but I'm not thinking of quitting.\n")
    reasons = [reason for episode in record["episodes"] for reason in episode["significance_reasons"]]
    assert not any("threat to end therapy" in reason for reason in reasons)


def test_each_reason_is_one_cue(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: Let's go over the homework.\n"
                               "Client: This is bullshit, you never listen and I'm done with this.\n"
                               "Therapist: I hear that you're frustrated.\nClient: Whatever.\n")
    reasons = [reason for episode in record["episodes"] for reason in episode["significance_reasons"]]
    assert 'blames the therapist directly: "you never listen"' in reasons
    assert 'threat to end therapy: "I\'m done with this"' in reasons
    assert not any(", " in reason and " or " in reason for reason in reasons)  # no lumped list of causes
