"""Suggestions fit the episode: its source, what the therapist already did, and whether it was resolved."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.cli import app


def analyse(tmp_path: Path, text: str, *options: str) -> dict:
    path = tmp_path / "s.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json", "--isolated", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def guidance_of(record: dict) -> list[str]:
    return [item["guidance"] for episode in record["episodes"] for item in episode["stage"]["suggested_strategies"]]


def test_no_example_where_the_source_is_unknown(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: What feels most important to talk about today?\nClient: Whatever.\n")
    assert record["episodes"], "the lone 'Whatever.' is a minimal response"
    assert not any("for example" in text or "confidentiality" in text for text in guidance_of(record))
    assert all(episode["stage"]["source"] is None for episode in record["episodes"])


def test_an_exposure_complaint_gets_task_examples_not_confidentiality(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How did the exposure practice at the supermarket go?\n"
                               "Client: These exposure exercises are pointless, I'm not doing them any more.\n")
    [episode] = record["episodes"]
    assert episode["stage"]["source"] == "task"
    assert not any("confidentiality" in text for text in guidance_of(record))


def test_eye_contact_alone_is_not_a_specific_source(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: Let's practise holding eye contact for a few seconds, like we planned.\n"
                               "Client: No. I'm not doing the eye contact thing, it's stupid.\n")
    [episode] = record["episodes"]
    assert "eye contact" not in episode["stage"]["approach_reason"]
    assert episode["stage"]["source"] == "task"  # the source is the task the client refuses


def test_a_strategy_already_tried_without_success_is_said_and_not_suggested_again(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How did the thought records go?\nClient: These sheets are pointless.\n"
                               "Therapist: The reason we use them is to catch the thought while it is fresh.\n"
                               "Client: Still pointless.\n", "--no-model")
    [episode] = record["episodes"]
    assert episode["repair"]["status"] == "attempted"
    assert "IM-RATIONALE" not in {item["id"] for item in episode["stage"]["suggested_strategies"]}
    assert episode["stage"]["already_tried"] == [  # the rules read nothing in "Still pointless.": no claim either way
        "you already explained the rationale at turn 3; no clear sign yet that the client came back"]
    record = analyse(tmp_path, "Therapist: How did the thought records go?\nClient: These sheets are pointless.\n"
                               "Therapist: The reason we use them is to catch the thought while it is fresh.\n"
                               "Client: Honestly this is a complete waste of my time.\n", "--no-model")
    [episode] = record["episodes"]
    assert episode["stage"]["already_tried"] == [
        "you already explained the rationale at turn 3; the client stayed confrontational"]


def test_after_a_resolved_rupture_say_what_worked_and_at_most_one_thing_to_watch(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How did the thought records go?\nClient: These sheets are pointless.\n"
                               "Therapist: The reason we use them is to catch the thought while it is fresh.\n"
                               "Client: Okay, that makes sense, I could try writing one on the bus tomorrow.\n",
                     "--no-model")
    [episode] = record["episodes"]
    assert episode["repair"]["status"] == "resolved"
    assert episode["stage"]["worked"].startswith("you explained the rationale at turn 3")
    assert len(episode["stage"]["suggested_strategies"]) <= 1


def test_a_withdrawal_with_no_source_gets_the_exploratory_approach(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: What feels most important to talk about today?\nClient: Whatever.\n"
                               "Therapist: Okay. How has sleep been?\nClient: Dunno.\n", "--no-model")
    [episode] = record["episodes"]
    assert episode["stage"]["source"] is None
    assert episode["stage"]["approach"] == "exploratory"
    assert all(item["id"].startswith("EX-") for item in episode["stage"]["suggested_strategies"])


def test_what_worked_credits_only_strategies_before_the_client_came_back(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: How did the worksheet go?\nClient: These worksheets are pointless.\n"
                               "Therapist: The reason we write them down is to catch the thought as it happens.\n"
                               "Client: Okay, that makes sense, I could try it on my phone.\n"
                               "Therapist: I think I pushed the form too hard last week.\nClient: Thanks.\n",
                     "--no-model")
    [episode] = record["episodes"]
    worked = episode["stage"]["worked"]
    assert worked.startswith("you explained the rationale at turn 3") and "turn 5" not in worked


def suggested_ids(episode: dict) -> list[str]:
    return [item["id"] for item in episode["stage"]["suggested_strategies"]]


def test_after_the_therapists_own_lecture_owning_it_comes_first_and_no_more_explaining(tmp_path: Path) -> None:
    lecture = ("Therapist: You need to understand that smoking twenty a day will ruin your lungs, the research is "
               "very clear, and you really must stop before it is too late.\n")
    record = analyse(tmp_path, lecture + "Client: I've heard all that a hundred times, it makes no difference.\n",
                     "--no-model")
    [episode] = record["episodes"]
    assert episode["contribution"] == "clear"
    ids = suggested_ids(episode)
    assert ids[0] == "EX-OWN-PART"  # the therapist's part first, whatever the approach
    assert "IM-RATIONALE" not in ids  # explaining why after a lecture is another lecture
    plain = analyse(tmp_path, "Therapist: How did the food diary go this week?\n"
                              "Client: Yeah, yeah. You sound like my mother.\n", "--no-model")
    [episode] = plain["episodes"]
    assert episode["contribution"] == "none"
    assert suggested_ids(episode)[0] != "EX-OWN-PART"


def test_a_pushed_task_makes_changing_it_fit_even_for_an_exploratory_rupture(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: You have to do the breathing exercise every morning this week, no "
                               "excuses, I want it done.\nClient: Whatever you say.\n", "--no-model")
    [episode] = record["episodes"]
    moves = {move["id"] for move in episode["moves_before"]}
    assert "TC-PUSH-TASK" in moves
    ids = suggested_ids(episode)
    assert ids[0] == "EX-OWN-PART" and "IM-CHANGE-TASK" in ids  # an immediate strategy for an exploratory rupture
    assert "IM-RATIONALE" not in ids


def test_a_resolved_rupture_takes_the_approach_of_what_brought_the_client_back(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: What's happening for you right now?\nClient: Whatever.\n"
                               "Therapist: You've gone quiet. How is this conversation going for you?\n"
                               "Client: Honestly I felt judged last time. But okay, I do want to talk about it.\n",
                     "--no-model")
    [episode] = record["episodes"]
    assert episode["repair"]["status"] == "resolved"
    assert episode["stage"]["approach"] == "exploratory"
    assert episode["stage"]["approach_reason"] == ("the client came back after EX-INVITE (turn 3): "
                                                   "an exploratory approach fit")


def test_a_worry_that_what_is_said_reaches_the_employer_is_a_specific_source(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: Where would you like to start this week?\n"
                               "Client: I'd rather not say. Is any of this going to get back to my employer?\n",
                     "--no-model")
    [episode] = record["episodes"]
    assert episode["stage"]["approach"] == "immediate"
    assert episode["stage"]["source"] == "parameters"
    assert "get back to my employer" in episode["stage"]["approach_reason"]
