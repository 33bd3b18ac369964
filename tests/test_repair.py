"""Repair: a client coming back into the work after a repair is the repair working, never a new withdrawal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rupturecli.cli import app

NOTE = ("Client came in late and gave one-word answers when I asked about her week. When I brought up the "
        "exposure plan she said \"whatever, it doesn't matter\". I named that she seemed far away and said I may "
        "have pushed the plan too quickly. She visibly relaxed and went back to talking about her cousin and "
        "the move.\n")


def test_relaxing_and_going_back_to_the_story_after_a_repair_is_re_engagement(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    episodes = json.loads(result.output)["episodes"]
    assert "W4" not in {marker["id"] for episode in episodes for marker in episode["markers"]}
    [withdrawal] = [episode for episode in episodes if episode["type"] == "withdrawal"]
    assert withdrawal["repair"]["status"] == "resolved"
    assert withdrawal["repair"]["re_engagement_turn"] == 4


def test_the_models_strategy_on_a_turn_a_rule_reads_as_straining_is_no_repair() -> None:
    """A warning can share words with an invitation; the rule that finds the warning outweighs the model's reading
    of a strategy there, while a strategy a rule finds, and the model's strategies elsewhere, stay."""
    from rupturecli.analysis.analyze import _without_straining_repairs
    from rupturecli.detect.contribution import MoveHit
    from rupturecli.detect.hits import Detection, StrategyHit

    class Moves:  # a therapist-move scan: a rule finds a warning at turn 3, the move head a lecture at turn 7
        found = {3: (MoveHit("TC-WARN", "warning", 3, 3, "", "clear"),),
                 7: (MoveHit("TC-LECTURE", "lecture", 7, 7, "", "weak", source="model", score=0.6),)}

        def has(self, turn: int) -> bool:
            return turn in (1, 3, 5, 7)

        def at(self, turn: int) -> tuple[MoveHit, ...]:
            return self.found.get(turn, ())

    strategies = (StrategyHit("EX-INVITE", "exploratory", 3, 3, "", source="model", score=0.21),
                  StrategyHit("IM-RATIONALE", "immediate", 3, 3, "", source="rule"),
                  StrategyHit("EX-VALIDATE", "exploratory", 5, 5, "", source="model", score=0.4),
                  StrategyHit("EX-VALIDATE", "exploratory", 7, 7, "", source="model", score=0.4))
    kept = _without_straining_repairs(Detection((), strategies, {}), Moves())  # type: ignore[arg-type]
    assert [(hit.strategy_id, hit.turn) for hit in kept.strategies] == [
        ("IM-RATIONALE", 3), ("EX-VALIDATE", 5), ("EX-VALIDATE", 7)]


def test_a_weak_model_reading_of_a_strategy_is_listed_but_is_no_repair_attempt() -> None:
    """The model lists strategies from a low threshold, each with its score; the verdict counts only those read
    firmly enough (detect/repair.py: COUNTED_SCORE), so a faint guess does not turn 'unaddressed' into 'attempted'."""
    from dataclasses import replace

    from rupturecli.detect.engine import detect
    from rupturecli.detect.episodes import build_episodes
    from rupturecli.detect.hits import StrategyHit
    from rupturecli.detect.repair import COUNTED_SCORE, SessionScan, assess_repair
    from rupturecli.parsing import parse_text
    from rupturecli.rules.compiled import build_rule_set

    rules = build_rule_set()
    session = parse_text("Therapist: You need to fill in the diary every single night.\n"
                         "Client: This diary is a complete waste of my time.\n"
                         "Therapist: Right, so shall we look at the week?\n"
                         "Client: Fine.\n", "s.txt")
    detection = detect(session, rules)
    assert 2 in {hit.turn for hit in detection.hits}
    weak = StrategyHit("EX-INVITE", "exploratory", 3, 3, "", source="model", score=COUNTED_SCORE - 0.08)
    firm = replace(weak, score=COUNTED_SCORE + 0.2)
    for strategies, status in (((weak,), "unaddressed"), ((firm,), "attempted"), ((weak, firm), "attempted")):
        read = replace(detection, strategies=strategies)
        [episode] = build_episodes(read.hits, "transcript", rules)
        repair = assess_repair(episode, None, SessionScan(session, read, rules))
        assert (repair.status, repair.strategies) == (status, strategies)
        assert repair.counted == tuple(hit for hit in strategies if hit is not weak)


def test_a_notes_sentence_the_model_reads_as_coming_back_resolves_from_a_lower_score_than_a_turn() -> None:
    """Notes tell of the client coming back in many ways ("talked at length about the bullying"), and the model's
    re-engagement reading of a sentence counts from MODEL_RE_ENGAGEMENT_NOTES; in a transcript a short turn needs
    MODEL_RE_ENGAGEMENT (detect/repair.py; both chosen by cross-validation, README: Accuracy)."""
    from dataclasses import replace

    from rupturecli.detect.engine import detect
    from rupturecli.detect.episodes import build_episodes
    from rupturecli.detect.hits import StrategyHit
    from rupturecli.detect.repair import MODEL_RE_ENGAGEMENT, MODEL_RE_ENGAGEMENT_NOTES, SessionScan, assess_repair
    from rupturecli.parsing import parse_text
    from rupturecli.parsing.notes import parse_notes
    from rupturecli.rules.compiled import build_rule_set

    assert MODEL_RE_ENGAGEMENT_NOTES < MODEL_RE_ENGAGEMENT
    between = (MODEL_RE_ENGAGEMENT_NOTES + MODEL_RE_ENGAGEMENT) / 2
    rules = build_rule_set()
    note = parse_notes("She gave one-word answers when I raised the homework. I asked what it had been like for her "
                       "to be asked about it. The rest of the hour was spent on her sister's wedding plans.", "n.txt")
    transcript = parse_text("Therapist: What's happening for you right now?\nClient: Whatever.\n"
                            "Therapist: How is this conversation going for you?\nClient: Okay I guess.\n", "t.txt")
    for session, turn, last in ((note, 2, 3), (transcript, 3, 4)):
        detection = detect(session, rules)
        strategy = StrategyHit("EX-INVITE", "exploratory", turn, turn, "", source="rule")
        statuses = []
        for score in (between, MODEL_RE_ENGAGEMENT + 0.1):
            read = replace(detection, strategies=(strategy,), re_engagement={last: score})
            episode = build_episodes(read.hits, session.kind, rules)[0]
            statuses.append(assess_repair(episode, None, SessionScan(session, read, rules)).status)
        assert statuses == (["resolved", "resolved"] if session.kind == "notes" else ["attempted", "resolved"])


def test_a_note_telling_of_the_client_coming_back_after_a_strategy_is_no_new_model_rupture() -> None:
    """"He softened and went on to talk about his sister" after a validation is the repair working: the rules read
    it so, and however sure the model is that the words sound like a complaint, it adds no rupture there. Before
    any strategy the same sentence is left to the model."""
    from rupturecli.detect.engine import detect
    from rupturecli.model.findings import add_model_findings
    from rupturecli.model.moves import ClientMove, SessionMoves
    from rupturecli.parsing.notes import parse_notes
    from rupturecli.rules.compiled import build_rule_set

    rules = build_rule_set()
    coming_back = ("He softened, said \"it's just been a rotten month, nothing works\", and went on to talk about "
                   "his sister.")
    repaired = parse_notes("He arrived angry and said I never listen. I acknowledged that it must feel like nobody "
                           f"here hears him. {coming_back}", "n.txt")
    plain = parse_notes(f"He arrived late. {coming_back}", "p.txt")
    for session, kept in ((repaired, False), (plain, True)):
        detection = detect(session, rules)
        last = session.turns[-1].index
        moves = SessionMoves(ruptures=(ClientMove(last, "confrontation", "C5", 0.95, ()),))
        found = add_model_findings(detection, moves, session, rules)
        assert (last in {hit.turn for hit in found.hits if hit.source == "model"}) is kept, session.file
