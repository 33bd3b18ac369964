"""How the engine works, on a tiny synthetic rule pack: contexts decide, look-alikes are dropped, notes are read for
the client's own words, repair is judged and significance peaks.

The pack (tests/fixtures/tiny-pack.yaml) is loaded alone, its markers plain phrases, so editing a regex in rules/
cannot break these tests; what the shipped rules catch is tested in test_shipped_rules.py. Every line of dialogue
and every note here is synthetic, written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rupturecli.analysis.analyze import analyze_session
from rupturecli.detect.engine import detect
from rupturecli.parsing import parse_text
from rupturecli.rules.compiled import CompiledPattern, RuleSet, build_rule_set

TINY_PACK = Path(__file__).parent / "fixtures" / "tiny-pack.yaml"


@pytest.fixture(scope="module")
def tiny() -> RuleSet:
    """The tiny pack alone (--no-default-rules): its own contexts, guards, cues and significance rubric."""
    return build_rule_set([TINY_PACK], replace_defaults=True)


def dialogue(*turns: str) -> str:
    """A transcript whose turns alternate therapist, client, therapist..."""
    return "".join(f"{'Client' if position % 2 else 'Therapist'}: {text}\n" for position, text in enumerate(turns))


def found(text: str, rules: RuleSet, name: str = "s.txt") -> list[tuple[str, int]]:
    """(marker id, turn) of every hit detection finds."""
    return [(hit.marker_id, hit.turn) for hit in detect(parse_text(text, name), rules).hits]


def episodes_of(text: str, rules: RuleSet, name: str = "s.txt") -> list[dict[str, Any]]:
    return analyze_session(parse_text(text, name), rules).to_dict()["episodes"]


# --- the therapist's turn before decides ---------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "expected"), [
    ("How was the week?", [("W-SHORT", 2)]),  # an open question: the context the marker's `when:` names
    ("Did you sleep?", []),  # a closed question
    ("Let us look at the week.", []),  # no question at all
], ids=["open-question", "closed-question", "statement"])
def test_a_marker_fires_only_after_the_context_it_names(before: str, expected: list, tiny: RuleSet) -> None:
    assert found(dialogue(before, "No idea."), tiny) == expected


def test_a_reply_longer_than_the_markers_max_words_is_not_read(tiny: RuleSet) -> None:
    assert found(dialogue("How was the week?", "No idea, I was away most of it."), tiny) == []


def test_a_therapist_fragment_keeps_the_context_of_the_turn_it_continues(tiny: RuleSet) -> None:
    assert found(dialogue("How was the week?", "Well.", "Just-", "No idea."), tiny) == [("W-SHORT", 4)]
    assert found(dialogue("How was the week?", "Well.", "Go on then, tell me.", "No idea."), tiny) == []


# --- look-alikes ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("reply", "expected"), [
    ("This is pointless.", ["C-POINTLESS"]),
    ("This is not pointless.", []),  # one of the pack's negation words, within its window before the match
    ("This isn't pointless.", []),  # ...or a word with one of its endings
    ("If it were pointless I would say so.", []),  # a hypothetical
    ('My sister keeps saying "pointless" about it.', []),  # someone else's quoted words
    ("It is not a waste of time.", ["C-WASTE"]),  # a marker with `guards: {negation: false}` keeps its match
], ids=["plain", "negated", "negated-ending", "hypothetical", "quoted", "guard-off"])
def test_look_alikes_are_dropped_by_the_packs_guards(reply: str, expected: list[str], tiny: RuleSet) -> None:
    assert [marker for marker, _ in found(dialogue("Shall we start?", reply), tiny)] == expected


def test_the_therapists_own_turns_are_not_read_for_client_markers(tiny: RuleSet) -> None:
    assert found(dialogue("Some say this is pointless. How is it for you?", "Fine."), tiny) == []


# --- repair --------------------------------------------------------------------------------------------------------

RUPTURE = dialogue("Let us do the diary.", "This is pointless.")
FULL_ANSWER = "Okay then, I suppose I can tell you what actually happened on Monday when the diary went missing."


@pytest.mark.parametrize(("answer", "status", "back"), [
    ("Fair point.", "resolved", 4),  # a re-engagement cue of the pack
    (FULL_ANSWER, "resolved", 4),  # a full answer (RE_ENGAGEMENT_WORDS or more)
    ("Okay.", "attempted", None),
], ids=["cue", "full-answer", "short-answer"])
def test_a_strategy_resolves_a_rupture_when_the_client_comes_back(answer: str, status: str, back: int | None,
                                                                  tiny: RuleSet) -> None:
    [episode] = episodes_of(RUPTURE + dialogue("How is this going for you?", answer), tiny)
    repair = episode["repair"]
    assert (repair["status"], repair["re_engagement_turn"]) == (status, back)
    assert [(strategy["id"], strategy["turn"]) for strategy in repair["strategies"]] == [("EX-ASK", 3)]
    assert episode["stage"]["reached"] == (2 if back else 1)


def test_the_stage_reached_is_the_furthest_the_client_goes_after_the_strategy(tiny: RuleSet) -> None:
    [episode] = episodes_of(RUPTURE + dialogue("How is this going for you?", "Fair point, I was hurt by it."), tiny)
    assert (episode["stage"]["reached"], episode["stage"]["reached_name"]) == (3, "c-three")  # `stage_evidence`


@pytest.mark.parametrize(("complaint", "suggested"), [
    ("This is pointless.", ["EX-ASK"]),  # the marker's approach is exploratory (the default)
    ("What a waste of time.", ["IM-REASON"]),  # `approach: immediate`
])
def test_a_rupture_carried_on_past_is_unaddressed_and_strategies_of_its_approach_are_suggested(
        complaint: str, suggested: list[str], tiny: RuleSet) -> None:
    [episode] = episodes_of(dialogue("Let us do the diary.", complaint, "Next, the sleep log.", "Okay."), tiny)
    assert episode["repair"] == {"status": "unaddressed", "strategies": [], "re_engagement_turn": None}
    assert (episode["stage"]["reached"], episode["stage"]["next"]) == (None, 1)
    assert [strategy["id"] for strategy in episode["stage"]["suggested_strategies"]] == suggested


def test_a_withdrawal_marker_in_the_answer_to_a_strategy_is_the_repair_working(tiny: RuleSet) -> None:
    asked = dialogue("How was the week?", "No idea.", "How is this going for you?")
    assert found(asked + "Client: No idea.\n", tiny) == [("W-SHORT", 2), ("W-SHORT", 4)]
    assert found(asked + "Client: No idea, fair point.\n", tiny) == [("W-SHORT", 2)]


def test_the_repair_verdict_reuses_the_re_engagement_cues_the_engine_read(tiny: RuleSet,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cue = tiny.guidance.re_engagement[0]
    read: list[str] = []
    search = CompiledPattern.search_ungated

    def counted(pattern: CompiledPattern, text: str, start: int = 0) -> Any:
        if pattern is cue:
            read.append(text)
        return search(pattern, text, start)

    monkeypatch.setattr(CompiledPattern, "search_ungated", counted)
    text = dialogue("How was the week?", "No idea.", "How is this going for you?", "No idea, fair point.")
    [episode] = episodes_of(text, tiny)
    assert episode["repair"]["re_engagement_turn"] == 4
    assert len(read) == 1, "the engine read turn 4 for coming back; the verdict asks again and must not rescan"


# --- narrative notes -----------------------------------------------------------------------------------------------


def test_the_therapists_experience_is_no_episode_alone_and_lifts_a_client_marker_beside_it(tiny: RuleSet) -> None:
    assert episodes_of("I felt bored.", tiny, "n.txt") == []
    [alone] = episodes_of("She shrugged at each question.", tiny, "n.txt")
    [both] = episodes_of("She shrugged at each question. I felt bored.", tiny, "n.txt")
    assert [marker["id"] for marker in both["markers"]] == ["W-SHRUG", "T-BORED"]
    assert both["significance"] == alone["significance"] + 1  # the rubric's evidence cue weighs one level
    assert "corroborated by T-BORED" in both["significance_reasons"]


@pytest.mark.parametrize(("note", "expected"), [
    ("He shrugged when the diary came up.", ["W-SHRUG"]),
    ("I shrugged and moved on to the diary.", []),  # I am the subject
    ("Shrugged when the diary came up.", ["W-SHRUG"]),  # no subject: the client
    ("I: Shrugged off the diary and moved on.", []),  # ...except in the intervention section, which says what I did
    ("R: Shrugged off the diary and moved on.", ["W-SHRUG"]),  # (any other section: the client)
    ('She said "this is pointless" when I brought out the diary.', ["C-POINTLESS"]),  # her quoted words
    ('I said "this is pointless" to show how it can sound.', []),  # my quoted words
    ("She said that this was pointless.", ["C-POINTLESS"]),  # indirect speech, read as her own words
    ("Next session I will ask why she shrugged.", []),  # a plan (`not_observed`), not this session
], ids=["client-subject", "my-subject", "no-subject", "intervention", "response", "her-quote", "my-quote", "indirect",
        "plan"])
def test_notes_are_read_for_the_clients_doings_and_words(note: str, expected: list[str], tiny: RuleSet) -> None:
    assert [marker for marker, _ in found(note, tiny, "n.txt")] == expected


def test_a_marker_in_notes_points_at_its_sentence_and_line(tiny: RuleSet) -> None:
    note = "Session 6. She arrived on time.\n\nWe opened the diary and she\nshrugged at each question. I felt bored.\n"
    [episode] = episodes_of(note, tiny, "n.txt")
    assert [(marker["id"], marker["turn"], marker["line"]) for marker in episode["markers"]] == [
        ("W-SHRUG", 3, 3), ("T-BORED", 4, 4)]


@pytest.mark.parametrize(("ending", "status"), [
    ("She opened up about her brother.", "resolved"),
    ("She opened up a little, but there was no shift.", "attempted"),  # the note ends on `no_shift_narrative`
])
def test_a_note_reports_the_repair_resolved_only_when_the_client_comes_back(ending: str, status: str,
                                                                            tiny: RuleSet) -> None:
    [episode] = episodes_of(f"She shrugged at each question. I asked how this was going. {ending}", tiny, "n.txt")
    assert episode["repair"]["status"] == status
    assert [strategy["id"] for strategy in episode["repair"]["strategies"]] == ["EX-ASK"]


def test_a_sentence_rejoining_the_work_after_a_strategy_is_the_repair_not_a_rupture(tiny: RuleSet) -> None:
    rejoining = "She opened up and shrugged off the worry."
    assert found(rejoining, tiny, "n.txt") == [("W-SHRUG", 1)]
    assert found(f"I asked how this was going. {rejoining}", tiny, "n.txt") == []


def test_indirect_speech_turns_the_persons_around() -> None:
    from rupturecli.detect.speech import as_said, indirect_speech

    said = as_said("She complained that I never listen to her and that it leaves her feeling alone.")
    assert indirect_speech(said) == ["you never listen to me", "it leaves me feeling alone"]
    assert indirect_speech(as_said("I said that she had worked hard.")) == []


# --- significance --------------------------------------------------------------------------------------------------


def test_an_episode_is_as_significant_as_its_most_significant_turn(tiny: RuleSet) -> None:
    text = dialogue("Let us do the diary.", "This is pointless.", "It helps with sleep.", "Pointless. I will quit.")
    [episode] = episodes_of(text, tiny)
    # the tiny rubric: 1 + confrontation 1 (+ threat 2), cut at 2, 3, 4 and 5
    assert [(marker["turn"], marker["significance"]) for marker in episode["markers"]] == [(2, 2), (4, 4)]
    assert (episode["significance"], episode["significance_turn"]) == (4, 4)
    assert episode["significance_reasons"] == ['threat: "quit"', "confrontation"]


def _hit(marker: str, rupture: str, turn: int) -> Any:
    from rupturecli.detect.hits import Hit

    return Hit(marker, marker.lower(), rupture, False, 1.0, turn, turn, "words", "words")


@pytest.mark.parametrize("same_turn_order", [("W", "C", "W"), ("C", "W", "W"), ("W", "W", "C")])
def test_one_turn_is_never_split_across_two_episodes(tiny: RuleSet, same_turn_order: tuple[str, ...]) -> None:
    """Markers of both types on one turn (whatever order the rules found them in) stay in one episode: a turn
    in two episodes would be counted twice in the summary and repaired twice."""
    from rupturecli.detect.episodes import build_episodes

    kinds = {"W": "withdrawal", "C": "confrontation"}
    hits = [_hit("C1", "confrontation", 3), _hit("C1", "confrontation", 5)]
    hits += [_hit(f"{kind}{number}", kinds[kind], 7) for number, kind in enumerate(same_turn_order, start=2)]
    episodes = build_episodes(tuple(hits), "notes", tiny)
    holding = [episode for episode in episodes if any(hit.turn == 7 for hit in episode.hits)]
    assert len(holding) == 1
    assert len([hit for hit in holding[0].hits if hit.turn == 7]) == 3
    assert holding[0].mixed


LONG_MIDDLE = ("I went over the plan we drew up together and I noticed the evenings were the hard part for you "
               "because the kitchen is quiet then and there is nobody around to talk with and the radio is off "
               "and the day has worn you down and that is often when the old habit creeps back in and we said "
               "we would try to put something else in that slot for a fortnight and see.")


def test_a_long_therapist_turn_is_read_from_its_end_for_the_clients_markers(tiny: RuleSet) -> None:
    """What the client answers is the end of a long turn: an open question early in a minute of talk that ends
    on a statement is not what a terse reply answers (and one that ends on the question is)."""
    assert len(LONG_MIDDLE.split()) > 60
    ends_on_statement = dialogue("How was the week? " + LONG_MIDDLE, "No idea.")
    ends_on_question = dialogue(LONG_MIDDLE + " How was the week?", "No idea.")
    assert found(ends_on_statement, tiny) == []
    assert found(ends_on_question, tiny) == [("W-SHORT", 2)]


@pytest.mark.parametrize("turns", [
    [("W2", 2), ("C3", 4), ("W4", 4)],  # a withdrawal, then a turn of both types: one mixed episode
    [("C6", 6), ("C6", 8), ("W5", 10), ("C4", 12), ("W1", 12)],  # a lone withdrawal inside a confrontation
    [("W4", 21), ("C6", 23), ("W4", 25)],  # a lone confrontation inside a withdrawal
    [("C1", 2), ("W4", 2), ("C3", 4), ("C1", 6), ("W4", 6)],  # a confrontation carried across mixed turns
    [("C1", 2), ("W4", 2), ("W2", 4)],  # a mixed turn, then one of its types...
    [("W2", 2), ("C1", 4), ("W4", 4)],  # ...or the other way round
])
def test_near_turns_of_both_types_make_one_mixed_episode(tiny: RuleSet, turns: list[tuple[str, int]]) -> None:
    from rupturecli.detect.episodes import build_episodes

    kinds = {"W": "withdrawal", "C": "confrontation"}
    hits = tuple(_hit(marker, kinds[marker[0]], turn) for marker, turn in turns)
    episodes = build_episodes(hits, "notes", tiny)
    assert len(episodes) == 1
    assert episodes[0].mixed
    assert sorted(hit.turn for hit in episodes[0].hits) == sorted(turn for _, turn in turns)


def test_turns_of_one_type_apart_make_separate_episodes(tiny: RuleSet) -> None:
    from rupturecli.detect.episodes import build_episodes

    hits = (_hit("W2", "withdrawal", 2), _hit("C3", "confrontation", 4), _hit("C1", "confrontation", 6),
            _hit("W4", "withdrawal", 20))
    episodes = build_episodes(hits, "notes", tiny)
    assert [(episode.type, sorted(hit.turn for hit in episode.hits)) for episode in episodes] == [
        ("withdrawal", [2]), ("confrontation", [4, 6]), ("withdrawal", [20])]


def test_a_contexts_length_bounds_read_the_whole_long_turn(tmp_path: Path) -> None:
    """A context about long therapist turns (min_words above the 60 words read for the answered part) still
    fires: only what the turn says is read from its end, not how long it is."""
    pack = tmp_path / "mono.yaml"
    pack.write_text("contexts:\n  - id: monologue\n    min_words: 80\n"
                    "markers:\n  - id: X-GLAZED\n    name: glazed-over\n    rupture: withdrawal\n"
                    "    when: {previous_turn: [monologue], max_words: 3}\n    match: [okay then]\n", encoding="utf-8")
    rules = build_rule_set([TINY_PACK, pack], replace_defaults=True)
    assert len((LONG_MIDDLE + " " + LONG_MIDDLE).split()) > 80
    assert found(dialogue(LONG_MIDDLE + " " + LONG_MIDDLE, "Okay then."), rules) == [("X-GLAZED", 2)]
    assert found(dialogue("Let us start.", "Okay then."), rules) == []
