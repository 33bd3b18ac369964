"""What the shipped rules (rules/*.yaml) catch, and what they leave alone, in short synthetic sessions.

These test the rule packs as shipped: a regex edit in rules/ may rightly change them. How the engine itself works
(contexts, guards, notes, repair) is tested on a tiny synthetic pack in test_engine.py. Sessions are parsed with
parse_text and analysed with analyze_session and the shipped rules (compiled once, see conftest.py). Every line of
dialogue and every note here is synthetic, written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from rupturecli.analysis.analyze import analyze_session
from rupturecli.parsing import parse_text
from rupturecli.rules.compiled import RuleSet


def analyse(text: str, rules: RuleSet, name: str = "s.txt") -> dict[str, Any]:
    return analyze_session(parse_text(text, name), rules).to_dict()


def episodes(text: str, rules: RuleSet, name: str = "s.txt") -> list[tuple[str, list[str]]]:
    """(type, marker ids) of each episode."""
    return [(episode["type"], [marker["id"] for marker in episode["markers"]])
            for episode in analyse(text, rules, name)["episodes"]]


def exchange(therapist: str, client: str) -> str:
    return f"Therapist: {therapist}\nClient: {client}\n"


# --- context decides ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["How are you feeling about the move?",
                                      "What do you feel when you think about your dad?"])
def test_i_dont_know_after_an_open_feeling_question_is_a_minimal_response(question: str, rules: RuleSet) -> None:
    assert episodes(exchange(question, "I don't know."), rules) == [("withdrawal", ["W2"])]


def test_i_dont_know_after_a_shaming_question_is_a_minimal_response(rules: RuleSet) -> None:
    text = exchange("Don't you care what this is doing to your kids?", "I don't know.")
    assert episodes(text, rules) == [("withdrawal", ["W2"])]


@pytest.mark.parametrize(("question", "answer"), [
    ("Did you take the bus here today?", "No."),
    ("Did you take the bus here today?", "I don't know."),
    ("Did you take the tablets this morning?", "Yes."),
    ("Shall we keep Tuesday at four?", "Sure, fine."),
])
def test_a_short_answer_to_a_closed_factual_question_is_nothing(question: str, answer: str, rules: RuleSet) -> None:
    assert episodes(exchange(question, answer), rules) == []


def test_okay_whatever_after_pressure_is_withdrawal(rules: RuleSet) -> None:
    report = analyse(exchange("You really have to start taking this seriously.", "Okay, whatever."), rules)
    [episode] = report["episodes"]
    assert episode["type"] == "withdrawal"
    [marker] = episode["markers"]
    assert (marker["id"], marker["turn"], marker["line"], marker["quote"]) == ("W2", 2, 2, "Okay, whatever.")


def test_well_i_mean_is_pushback_after_pressure_and_sustain_talk_after_an_open_question(rules: RuleSet) -> None:
    reply = "Well, I mean, I've been smoking for years."
    assert episodes(exchange("You need to quit, it's really serious.", reply), rules) == [("confrontation", ["C2"])]
    assert episodes(exchange("What do you enjoy about smoking?", reply), rules) == []


# --- look-alikes that are not ruptures ----------------------------------------------------------------------------


@pytest.mark.parametrize("complaint", ["My boss never listens.", "My boss never listens to a word I say.",
                                       "My mum doesn't understand me at all."])
def test_a_complaint_about_a_third_party_is_not_a_rupture(complaint: str, rules: RuleSet) -> None:
    assert episodes(exchange("What has been going on at work?", complaint), rules) == []


def test_a_negated_statement_is_not_a_rupture(rules: RuleSet) -> None:
    question = "How are the sessions going for you?"
    assert episodes(exchange(question, "It's not that this isn't helping, it's just slow."), rules) == []
    assert episodes(exchange(question, "This isn't helping."), rules) == [("confrontation", ["C5"])]


@pytest.mark.parametrize("reply", ["I like smoking, it helps me relax.", "Well, it calms me down after work."])
def test_sustain_talk_after_an_open_question_is_not_a_rupture(reply: str, rules: RuleSet) -> None:
    assert episodes(exchange("What do you enjoy about smoking?", reply), rules) == []


def test_a_hypothetical_is_not_denial(rules: RuleSet) -> None:
    text = exchange("What would it mean if it didn't bother you?", "If it didn't bother me I could sleep.")
    assert episodes(text, rules) == []
    assert episodes(exchange("How did it feel when she left?", "It doesn't bother me."), rules) == [
        ("withdrawal", ["W1"])]


# --- confrontation and repair -------------------------------------------------------------------------------------

CONFRONTATION = ("Therapist: It sounds like part of you wants to stop.\n"
                 "Client: You're not listening to me.\n")


def test_youre_not_listening_to_me_is_a_complaint_about_the_therapist(rules: RuleSet) -> None:
    report = analyse(CONFRONTATION, rules)
    [episode] = report["episodes"]
    assert episode["type"] == "confrontation"
    assert [(marker["id"], marker["name"], marker["turn"]) for marker in episode["markers"]] == [
        ("C1", "complaint-about-therapist", 2)]
    assert report["summary"]["confrontation"] == 1


def test_a_repaired_confrontation_is_resolved_with_exploratory_strategies(rules: RuleSet) -> None:
    text = CONFRONTATION + (
        "Therapist: You're right, I was pushing too hard. How is this conversation going for you?\n"
        "Client: Honestly it feels better to say it out loud. I get so tired of people deciding what I want\n"
        "before I have even worked it out for myself.\n")
    [episode] = analyse(text, rules)["episodes"]
    repair = episode["repair"]
    assert repair["status"] == "resolved"
    assert repair["re_engagement_turn"] == 4
    strategies = [strategy["id"] for strategy in repair["strategies"]]
    assert strategies and all(strategy.startswith("EX-") for strategy in strategies)
    assert {"EX-INVITE", "EX-OWN-PART"} <= set(strategies)
    assert {strategy["turn"] for strategy in repair["strategies"]} == {3}
    assert episode["stage"]["reached"] >= 2
    assert analyse(text, rules)["summary"]["resolved"] == 1


# --- narrative notes ----------------------------------------------------------------------------------------------


def test_one_word_answers_with_the_therapist_disengaged_is_withdrawal(rules: RuleSet) -> None:
    note = "Client gave one-word answers after I raised the homework; I felt disengaged.\n"
    report = analyse(note, rules, "n.txt")
    assert report["kind"] == "notes"
    [episode] = report["episodes"]
    assert episode["type"] == "withdrawal"
    assert {marker["id"] for marker in episode["markers"]} == {"W2", "T-W"}
    assert all(marker["line"] == 1 for marker in episode["markers"])
    assert any("therapist's own experience" in reason for reason in episode["significance_reasons"])
    alone = analyse("Client gave one-word answers after I raised the homework.\n", rules, "n.txt")
    assert alone["episodes"][0]["significance"] < episode["significance"]


@pytest.mark.parametrize("note", [
    'She said "whatever you think is best" when I asked which goal to start with.',
    'When I asked which goal to start with, she said "whatever you think is best".',
], ids=["said-first", "asked-first"])
def test_the_clients_quoted_words_in_notes_are_read_as_speech(note: str, rules: RuleSet) -> None:
    assert episodes(note, rules, "n.txt") == [("withdrawal", ["W5"])]


@pytest.mark.parametrize("note", ["Client was cheerful and talked about the holiday.",
                                  "Client arrived on time and talked about the new flat."])
def test_ordinary_narrative_is_not_a_rupture(note: str, rules: RuleSet) -> None:
    assert episodes(note, rules, "n.txt") == []


# --- how notes report the client's words --------------------------------------------------------------------------


def marker_ids(note: str, rules: RuleSet) -> set[str]:
    return {marker for _, markers in episodes(note, rules, "n.txt") for marker in markers}


@pytest.mark.parametrize("note", [
    "He grumbled that I always rush the end of the hour.",
    "She told me I never let her finish.",
    'He said that I "clearly" didn\'t want to hear about his father.',
    "Near the end she muttered that I only ever ask about her mother.",
], ids=["grumbled", "told-me", "adverb-in-quotes", "muttered"])
def test_any_reporting_verb_carries_a_complaint_about_me(note: str, rules: RuleSet) -> None:
    assert "C1" in marker_ids(note, rules)


def test_indirect_speech_is_read_as_the_clients_own_words(rules: RuleSet) -> None:
    assert "C2" in marker_ids("When I brought up the step plan he told me he had heard it all before.", rules)


def test_single_quoted_words_in_notes_are_the_clients(rules: RuleSet) -> None:
    assert episodes("When the visit came up he said only 'whatever'.", rules, "n.txt") == [("withdrawal", ["W2"])]


def test_a_sentence_without_a_subject_is_about_the_client(rules: RuleSet) -> None:
    assert "W4" in marker_ids("Went back to describing the garden whenever I mentioned the funeral.", rules)


def test_a_rupture_told_as_history_is_not_this_session(rules: RuleSet) -> None:
    note = ("Early in therapy he accused me of taking his wife's side; we worked it through over a month. "
            "Today he was lively and planned the move.")
    assert episodes(note, rules, "n.txt") == []


def test_a_hedge_before_my_feeling_is_not_a_plan(rules: RuleSet) -> None:
    note = "He said I \"never\" listen. I'll admit I felt irritated."
    assert marker_ids(note, rules) >= {"C1", "T-C"}


def test_the_clients_fear_about_me_is_not_my_experience(rules: RuleSet) -> None:
    note = "She said I never listen. Later she said she had been afraid I was annoyed with her."
    assert "T-C" not in marker_ids(note, rules)


def repair_status(note: str, rules: RuleSet) -> str:
    [episode] = analyse(note, rules, "n.txt")["episodes"]
    return episode["repair"]["status"]


def test_the_client_carrying_on_after_a_strategy_is_resolution(rules: RuleSet) -> None:
    note = ("He shrugged at each question about the anniversary. I asked whether my question had upset him. "
            "He went on to describe the night his brother left.")
    assert repair_status(note, rules) == "resolved"


@pytest.mark.parametrize("ending", [
    "He agreed to return on Monday but did not commit to the diary.",
    "We agreed to keep the plan as it is.",
], ids=["agreement-with-a-reservation", "a-joint-decision"])
def test_agreement_that_leaves_the_rupture_open_is_not_resolution(ending: str, rules: RuleSet) -> None:
    note = f"He shrugged at each question about the diary. I explained why the diary matters. {ending}"
    assert repair_status(note, rules) == "attempted"


def test_an_apology_while_coming_back_into_the_work_is_not_deference(rules: RuleSet) -> None:
    note = ('She said I "never" listen. I clarified what I had meant about the diary. '
            "She relaxed, apologised for shouting and agreed to try it.")
    assert "W5" not in marker_ids(note, rules)


def test_a_leading_clause_without_a_comma_does_not_make_the_quote_mine(rules: RuleSet) -> None:
    note = 'When I handed over the mood chart he sighed and said "these charts are pointless".'
    assert "C3" in marker_ids(note, rules)


@pytest.mark.parametrize("note", ['When I asked how the weekend had been: "fine, whatever."',
                                  "I asked about the school trip -> 'whatever'."])
def test_the_answer_after_my_reported_question_is_the_clients(note: str, rules: RuleSet) -> None:
    assert "W2" in marker_ids(note, rules)


def test_a_task_called_a_complete_waste_is_a_complaint_about_activities(rules: RuleSet) -> None:
    note = exchange("Did you get to the diary this week?", "Honestly the diaries are a complete waste of my evenings.")
    assert episodes(note, rules) == [("confrontation", ["C3"])]


def test_saying_the_strain_aloud_after_an_invitation_is_the_repair_working(rules: RuleSet) -> None:
    text = (exchange("Let's look at the diary again.", "You never listen to what I actually say.")
            + exchange("Something shifted between us just now. Could we look at what happened?",
                       "I felt like you weren't hearing me. Honestly it's a relief to say it, I want to keep going."))
    [episode] = analyse(text, rules)["episodes"]
    assert episode["end_turn"] == 2 and episode["repair"]["status"] == "resolved"
    assert episode["repair"]["re_engagement_turn"] == 4


def test_what_others_make_of_the_client_is_no_self_criticism(rules: RuleSet) -> None:
    """"My brothers talk to me like I'm stupid" tells of others; "I feel like I'm useless at this" is the client's own
    verdict (W7). Held here rather than as W7 examples: those are training data and would retrain the model."""
    others = exchange("How did the family lunch go?", "Awful. My brothers talk to me like I'm stupid, as always.")
    assert "W7" not in {marker for _, markers in episodes(others, rules) for marker in markers}
    own = exchange("What would you like from today?", "Honestly I feel like I'm useless at all of this.")
    assert "W7" in {marker for _, markers in episodes(own, rules) for marker in markers}


def test_doubting_the_point_of_the_sessions_and_turning_advice_down_are_confrontations(rules: RuleSet) -> None:
    """Held here rather than as examples (those are training data and would retrain the model)."""
    doubt = exchange("How have the last couple of weeks been?",
                     "Much the same. I keep wondering what the point of these sessions is. Nothing's really changed.")
    assert {marker for _, markers in episodes(doubt, rules) for marker in markers} == {"C5"}
    declined = exchange("Maybe you could try keeping a worry diary before bed?",
                        "That's not really what I need. I just want to be heard for once.")
    assert episodes(declined, rules) == [("confrontation", ["C2"])]
    asked = exchange("How are the new tablets suiting you?", "Fine. That's not really what I need to talk about today.")
    assert "C2" not in {marker for _, markers in episodes(asked, rules) for marker in markers}
