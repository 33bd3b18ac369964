"""The move model: what it adds to the rules, how it explains itself, `--no-model`, `--model DIR`, `rupture train`.

The dialogue here is synthetic. The first exchange uses the ordinary phrasings a new user tried on the rules
alone (issue 13), which the rules missed and the model must find.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.model import load_model
from rupturecli.model.features import exchange_at, length_bucket, tokens
from rupturecli.model.linear import LinearHead
from rupturecli.model.rows import rupture_gap
from rupturecli.model.store import ModelError, load_model_files, save_model
from rupturecli.model.training.coders import merge_coders
from rupturecli.model.training.dialogue_set import merge_exchange
from rupturecli.parsing import parse_text

PLAIN_WORDS = """\
Therapist: What's happening for you right now?
Client: Fine.
Therapist: You went quiet when I mentioned your sister. I wonder what that was like.
Client: I'm fine. Honestly.
Therapist: We've been doing the exposure steps for three weeks now, and I think you need to push harder.
Client: I'm not sure you actually know what you're doing.
Therapist: I hear that. I may have been steering us too much today.
Client: Yeah. It felt like you had a plan and I just had to follow it, and that made me feel small.
Therapist: Let me be clear about what happens to my notes: nobody else reads them.
Client: It's a complete waste of my time, this.
"""

runner = CliRunner()


def analyse(path: Path, *flags: str) -> dict:
    result = runner.invoke(app, ["analyze", str(path), "--format", "json", "--isolated", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def markers(record: dict) -> dict[int, dict]:
    return {marker["turn"]: dict(marker, type=episode["type"]) for episode in record["episodes"]
            for marker in episode["markers"]}


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN_WORDS, encoding="utf-8")
    return path


def test_model_finds_what_the_rules_miss_and_says_why(plain: Path) -> None:
    found = markers(analyse(plain))
    assert found[2]["type"] == "withdrawal"  # "Fine." to an open question
    assert found[6]["type"] == "confrontation"  # doubting the therapist's competence
    assert found[10]["type"] == "confrontation"  # "a complete waste of my time"
    for turn in (2, 6, 10):
        marker = found[turn]
        assert marker["source"] == "model"
        assert 0.0 < marker["score"] <= 1.0
        assert marker["cues"] and all(isinstance(cue, str) and cue for cue in marker["cues"])


def test_no_model_is_the_rules_alone(plain: Path) -> None:
    rules_only = analyse(plain, "--no-model")
    assert all(marker["source"] == "rule" for episode in rules_only["episodes"] for marker in episode["markers"])
    assert 2 not in markers(rules_only)


def test_a_repair_the_therapist_just_made_is_recognised_and_not_suggested_again(plain: Path) -> None:
    episodes = analyse(plain)["episodes"]
    confrontation = next(episode for episode in episodes if episode["type"] == "confrontation")
    used = {item["id"] for item in confrontation["repair"]["strategies"]}
    assert "EX-OWN-PART" in used  # "I may have been steering us too much"
    assert confrontation["repair"]["status"] in ("attempted", "resolved")
    suggested = {item["id"] for item in confrontation["stage"]["suggested_strategies"]}
    assert not used & suggested


def test_terminal_report_names_the_model_and_its_cues(plain: Path) -> None:
    result = runner.invoke(app, ["analyze", str(plain), "--isolated"])
    assert result.exit_code == 0
    assert "model 0." in result.stdout and "why:" in result.stdout


def test_selection_applies_to_model_findings(plain: Path) -> None:
    record = analyse(plain, "--select", "C")
    assert {marker["type"] for marker in markers(record).values()} == {"confrontation"}


def test_a_missing_or_damaged_model_is_one_line_exit_2(tmp_path: Path, plain: Path) -> None:
    result = runner.invoke(app, ["analyze", str(plain), "--model", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no such model folder" in result.stderr and "nowhere" in result.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(plain), "--model", str(broken)])
    assert result.exit_code == 2 and "model.json" in result.stderr and "Traceback" not in result.output


def test_a_move_model_with_a_rating_head_is_refused_in_one_line(tmp_path: Path, plain: Path) -> None:
    """A head of kind 'linear' gives a rating, not probabilities: it failed every file with an internal error."""
    shipped = Path(load_model().folder)
    edited = tmp_path / "edited"
    edited.mkdir()
    description = json.loads((shipped / "model.json").read_text(encoding="utf-8"))
    description["heads"]["marker"]["kind"] = "linear"
    (edited / "model.json").write_text(json.dumps(description), encoding="utf-8")
    (edited / "weights.npz").write_bytes((shipped / "weights.npz").read_bytes())
    result = runner.invoke(app, ["analyze", str(plain), "--model", str(edited)])
    assert result.exit_code == 2
    assert "head marker of kind 'linear': a move model's heads give probabilities" in result.stderr


# ---------------------------------------------------------------------------------------------------------
# rupture train: a researcher's own codes in, a model folder out

OPEN_QUESTIONS = ["How has the week been for you?", "What was that like for you?", "How are you feeling about it?",
                  "What comes up when you think about it?", "Can you say more about that?"]
PUSHES = ["You really need to stop that now.", "You have to do the exercises every day.",
          "Honestly, you should know better by now."]
ENGAGED = ["It was hard at first, but I managed to get out twice and that felt good.",
           "I keep thinking about the call with my brother and how tense it was.",
           "Better than I expected, I slept well most nights and went to the gym."]
PUSHBACK = ["Stop lecturing me, you have no idea what my life is like.", "Whatever, this is pointless.",
            "You always say that and it never helps."]
SHUT_DOWN = ["Dunno.", "Fine.", "Nothing really."]


def write_training_set(folder: Path, sessions: int = 12) -> tuple[Path, Path]:
    """Synthetic transcripts and a human-codes CSV (file,turn,label,marker) coding every client turn."""
    transcripts = folder / "transcripts"
    transcripts.mkdir()
    rows = []
    for number in range(sessions):
        lines, labels = [], []
        for step in range(4):
            kind = (number + step) % 3
            if kind == 0:
                lines += [f"Therapist: {OPEN_QUESTIONS[(number + step) % 5]}", f"Client: {ENGAGED[step % 3]}"]
                labels.append(("none", ""))
            elif kind == 1:
                lines += [f"Therapist: {PUSHES[step % 3]}", f"Client: {PUSHBACK[(number + step) % 3]}"]
                labels.append(("confrontation", "C1"))
            else:
                lines += [f"Therapist: {OPEN_QUESTIONS[step % 5]}", f"Client: {SHUT_DOWN[number % 3]}"]
                labels.append(("withdrawal", "W2"))
        name = f"s{number:02d}.txt"
        (transcripts / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows += [(name, 2 * (position + 1), label, marker) for position, (label, marker) in enumerate(labels)]
    codes = folder / "codes.csv"
    with codes.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["file", "turn", "label", "marker"])
        writer.writerows(rows)
    return codes, transcripts


def test_train_writes_a_model_that_analyze_uses_and_is_reproducible(tmp_path: Path) -> None:
    codes, transcripts = write_training_set(tmp_path)
    arguments = ["train", "--codes", str(codes), "--transcripts", str(transcripts), "--folds", "3",
                 "--no-rule-examples"]
    first = runner.invoke(app, [*arguments, "-o", str(tmp_path / "one")])
    assert first.exit_code == 0, first.output
    assert "Cross-validated by session" in first.stdout and "client rupture turns" in first.stdout
    second = runner.invoke(app, [*arguments, "-o", str(tmp_path / "two"), "--format", "json"])
    assert second.exit_code == 0
    report = json.loads(second.stdout)
    assert report["client_turns"]["cross_validated"]["positives"] == 32
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    session = tmp_path / "new.txt"
    session.write_bytes((transcripts / "s01.txt").read_bytes())  # a session it learned from: it must fit it
    silent = tmp_path / "silent.yaml"  # the marker ids the model names, with patterns that never match
    silent.write_text("markers:\n" + "".join(
        f"  - id: {marker}\n    name: quiet-{marker.lower()}\n    rupture: {kind}\n    match: [{{regex: 'q{{9}}'}}]\n"
        for marker, kind in (("C1", "confrontation"), ("W2", "withdrawal"))), encoding="utf-8")
    stages = Path(__file__).resolve().parents[1] / "rules" / "stages.yaml"
    found = markers(analyse(session, "--model", str(tmp_path / "one"), "--no-default-rules",
                            "--rules", str(stages), "--rules", str(silent)))
    assert found[2]["source"] == "model" and found[2]["type"] == "confrontation"


def test_train_without_codes_or_with_bad_codes_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "--codes" in result.stderr
    bad = tmp_path / "codes.csv"
    bad.write_text("file,turn,label\ns.txt,2,angry\n", encoding="utf-8")
    (tmp_path / "t").mkdir()
    result = runner.invoke(app, ["train", "--codes", str(bad), "--transcripts", str(tmp_path / "t"),
                                 "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "codes.csv:2" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_train_refuses_a_file_or_its_own_data_as_output_and_says_when_the_data_is_too_small(tmp_path: Path) -> None:
    transcripts = tmp_path / "t"
    transcripts.mkdir()
    (transcripts / "s.txt").write_text("Therapist: How was the week?\nClient: Whatever.\n", encoding="utf-8")
    codes = tmp_path / "codes.csv"
    codes.write_text("file,turn,label\ns.txt,2,withdrawal\n", encoding="utf-8")
    (tmp_path / "afile").write_text("x\n", encoding="utf-8")
    for output, expected in ((tmp_path / "afile", "is not a folder"), (transcripts, "folder of the training data")):
        result = runner.invoke(app, ["train", "--codes", str(codes), "--transcripts", str(transcripts),
                                     "-o", str(output)])
        assert result.exit_code == 2 and expected in result.stderr
    small = runner.invoke(app, ["train", "--codes", str(codes), "--transcripts", str(transcripts), "--no-rule-examples",
                                "-o", str(tmp_path / "m")])
    assert small.exit_code == 2 and "needs 2 at least" in small.stderr and "Traceback" not in small.output


# ---------------------------------------------------------------------------------------------------------
# The parts


def test_linear_head_scores_and_names_its_cues() -> None:
    head = LinearHead("h", "softmax", ("none", "withdrawal"), {"c:fine": 0, "len:1-2": 1},
                      np.array([[-1.0, 2.0], [0.0, 1.0]], dtype=np.float32), np.zeros(2, dtype=np.float32))
    probabilities = head.probabilities([[("c:fine", 1.0), ("len:1-2", 1.0)], [("c:unknown", 1.0)]])
    assert probabilities[0, 1] > 0.9 and probabilities[1, 0] == pytest.approx(0.5)
    assert head.cues([("c:fine", 1.0), ("len:1-2", 1.0)], "withdrawal", "none") == ["c:fine", "len:1-2"]
    shared = head.probabilities([[]], shared=[("c:fine", 1.0)])
    assert shared[0, 1] > 0.9


def test_model_folder_round_trips_and_damage_is_named(tmp_path: Path) -> None:
    head = LinearHead("client", "softmax", ("none", "withdrawal"), {"c:a": 0},
                      np.array([[0.5, -0.5]], dtype=np.float32), np.array([0.1, -0.1], dtype=np.float32))
    save_model(tmp_path, {"client": head}, {"rupture": 0.4}, {"name": "tiny"})
    description, heads = load_model_files(tmp_path)
    assert description["thresholds"] == {"rupture": 0.4}
    assert heads["client"].index == {"c:a": 0}
    assert np.allclose(heads["client"].weights, head.weights, atol=1e-3)
    (tmp_path / "weights.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="weights"):
        load_model_files(tmp_path)


def test_exchange_reads_past_a_backchannel() -> None:
    speakers = ["therapist", "client", "therapist", "client"]
    texts = ["What was the funeral like?", "I'd rather not.", "Mm-hmm.", "Can we move on."]
    exchange = exchange_at(speakers, texts, 3)
    assert exchange.backchannel and exchange.therapist == "What was the funeral like?"
    assert exchange.earlier_client == "I'd rather not."
    assert not exchange_at(speakers, texts, 1).backchannel


def test_tokens_and_lengths_ignore_punctuation_and_case() -> None:
    assert tokens("I DON'T know… “fine”.") == ("i", "don't", "know", "fine")
    assert [length_bucket(count) for count in (0, 1, 3, 7, 12, 20, 50)] == ["0", "1-2", "3-4", "5-8", "9-16",
                                                                              "17-32", "33+"]


def test_strategies_are_read_only_after_a_rupture() -> None:
    assert rupture_gap(5, [4], 6) == ("gap:1", 1.0)
    assert rupture_gap(7, [4], 6) == ("gap:2-3", 1.0)
    assert rupture_gap(20, [4], 6) is None
    assert rupture_gap(3, [4], 6) is None


def test_two_coders_merge_as_the_gold_sets_do() -> None:
    first = {"ruptures": [{"turn": 2, "type": "withdrawal", "markers": ["W2"]},
                          {"turn": 4, "type": "confrontation", "markers": ["C1"]}],
             "repairs": [{"turn": 5, "strategies": ["EX-VALIDATE"]}], "re_engagement": [6]}
    second = {"ruptures": [{"turn": 2, "type": "withdrawal", "markers": ["W5"]}],
              "repairs": [{"turn": 5, "strategies": ["EX-INVITE"]}, {"turn": 3, "strategies": ["IM-CLARIFY"]}],
              "re_engagement": [6]}
    merged = merge_exchange(first, second)
    assert merged["labels"] == {2: "withdrawal"} and merged["uncertain"] == {4}
    assert merged["re_engagement"] == {6: True}
    markers_by_turn, strategies, _ = merge_coders([first, second])
    assert markers_by_turn[2] == ("W2", "W5")
    assert strategies[5] == ("EX-INVITE", "EX-VALIDATE") and strategies[3] is None


def test_shipped_model_loads_and_reads_notes() -> None:
    model = load_model()
    assert model.thresholds["rupture"] > 0
    session = parse_text("Pt said \"this is a waste of time, you never listen\" and folded her arms.\n"
                         "I felt irritated and wanted to defend the plan.\n", "note.txt", kind="notes")
    moves = model.moves(session)
    assert any(move.rupture == "confrontation" for move in moves.ruptures)


ENGAGED_NOTE = """\
Third session with Robin. He was animated and chatty throughout and thanked me at the end for "not lecturing".
He asked sensible questions about the sleep window and seemed noticeably relaxed by the end.
Later he was barely engaged and gave one-word answers when I raised the diary.
"""


def test_a_note_telling_of_engagement_is_no_rupture_but_a_turn_or_a_negation_is(tmp_path: Path) -> None:
    path = tmp_path / "engaged-notes.txt"
    path.write_text(ENGAGED_NOTE, encoding="utf-8")
    found = list(markers(analyse(path)).values())
    assert [marker["type"] for marker in found] == ["withdrawal"]  # engagement told in the clinician's words
    assert found[0]["quote"].startswith("Later he was barely engaged")  # the telling negated: still read


OPENING_UP_NOTE = (
    'Session 9 with Marcus. He answered in single words for most of the first half and said "fine" to each '
    "question about the week.\n"
    "I said I had noticed the short answers and wondered aloud what it was like to be here today.\n"
    "He was quiet, then said he had always been the one who copes, and that if he let it show in here he feared "
    "I would think less of him.\n"
    'He cried for a while and then said, clearly, "I want to be able to come here and be low without having to '
    'justify it."\n'
)


def test_a_withdrawn_client_opening_up_after_an_invitation_is_no_new_confrontation(tmp_path: Path) -> None:
    path = tmp_path / "opening-up-notes.txt"
    path.write_text(OPENING_UP_NOTE, encoding="utf-8")
    episodes = analyse(path)["episodes"]
    assert [episode["type"] for episode in episodes] == ["withdrawal"]


@pytest.mark.parametrize("note", [
    # self-blame about the family, in a grief session: aimed at no one in the room
    "Session 3 with Priya, mostly about the separation. She said \"I keep thinking I've let my children down.\" "
    "We stayed with the loss and she spoke at length about the old house. She was tearful and open.\n",
    # a good week told in the client's words, and work explored together
    "S: Better week. Kept the sleep diary on five nights and said \"the earlier bedtime really helped, honestly.\"\n"
    "O: Bright affect, good eye contact, talked me through the diary.\n"
    "A: He described irritation with a neighbour over parking, which we explored.\n",
], ids=["grief", "good-week"])
def test_a_note_of_ordinary_good_work_has_no_rupture(note: str, tmp_path: Path) -> None:
    path = tmp_path / "quiet-notes.txt"
    path.write_text(note, encoding="utf-8")
    assert analyse(path)["episodes"] == []


@pytest.mark.parametrize("note", [
    "He was furious with his boss for the rota change and kept coming back to it.\n",
    "Irritated with the hospital car park charges when she came in (\"a tenner, for an hour!\").\n",
    "He snapped at his brother on the phone just before the session and was shaky when he sat down.\n",
    "He talked with real bitterness about his ex-wife and the custody hearing.\n",
], ids=["boss", "car-park", "brother", "bitterness"])
def test_a_note_telling_of_anger_at_someone_else_is_no_rupture(note: str, tmp_path: Path) -> None:
    """The clinician's prose names whom the anger was at; a relative or an institution is the session's content.
    (The model once called each of these a rupture: C5, W2, C5, W6; the last is told with a noun, "bitterness".)"""
    path = tmp_path / "elsewhere-notes.txt"
    path.write_text(note, encoding="utf-8")
    assert analyse(path)["episodes"] == []


@pytest.mark.parametrize("note, found", [
    ("She was cross with me about the homework from the start.\n", ["confrontation"]),
    ("He was furious with his boss and then with me for bringing the rota up again.\n", ["confrontation"]),
    ("I asked whether she was angry with me; she said she was only tired.\n", []),
], ids=["at-me", "boss-then-me", "only-asked"])
def test_a_note_telling_of_anger_at_the_therapist_is_a_confrontation(note: str, found: list[str],
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "at-me-notes.txt"
    path.write_text(note, encoding="utf-8")
    assert [episode["type"] for episode in analyse(path)["episodes"]] == found


WARM_QUESTIONS = """\
Therapist: What has been happening with your job since we last spoke?
Client: Honestly, nothing. It's fine.
Therapist: I wonder whether something I said last time came across as critical.
Client: I don't know.
"""


def test_a_warm_open_question_or_a_repair_is_never_read_as_a_straining_move(tmp_path: Path) -> None:
    path = tmp_path / "warm.txt"
    path.write_text(WARM_QUESTIONS, encoding="utf-8")
    episodes = analyse(path)["episodes"]
    assert episodes and all(episode["contribution"] == "none" for episode in episodes)
    for episode in episodes:
        assert episode["moves_before"] == [] and episode["repair_quality"]["moves_after"] == []
    used = {item["id"] for episode in episodes for item in episode["repair"]["strategies"]}
    assert "EX-OWN-PART" in used  # naming one's own possible part is a repair


SHORT_FACTS = """\
Therapist: Last time you left in a hurry. What was happening for you?
Client: Nothing. It was fine.
Therapist: Alright. Moving on to sleep then. How many hours a night at the moment?
Client: Five, maybe.
Therapist: And how much are you drinking in a week?
Client: Not much.
"""


def test_a_short_answer_to_a_closed_question_is_no_minimal_response(tmp_path: Path) -> None:
    path = tmp_path / "facts.txt"
    path.write_text(SHORT_FACTS, encoding="utf-8")
    assert sorted(markers(analyse(path))) == [2]  # the shut-down answer to the open question only


def test_a_kept_fold_model_is_reused_only_for_the_sessions_it_was_trained_on(tmp_path: Path) -> None:
    """The evaluation scripts keep fold models (--models DIR); after the data or the folds change, reusing one
    would score sessions it learned from, so it is refused with the folder named."""
    from rupturecli.model.training import TrainingError
    from rupturecli.model.training.validation import kept_fold_model, sessions_digest

    head = LinearHead("client", "softmax", ("none", "withdrawal"), {"c:fine": 0},
                      np.zeros((1, 2), dtype=np.float32), np.zeros(2, dtype=np.float32))
    trained_on = sessions_digest(["gold-dev:s1", "hlqc-train:s2", "gold-dev:s1"])
    assert trained_on == sessions_digest(["hlqc-train:s2", "gold-dev:s1"])  # a set of sessions, in any order
    folder = tmp_path / "fold0"
    assert not kept_fold_model(folder, trained_on)  # nothing kept yet: train it
    save_model(folder, {"client": head}, {"rupture": 0.5}, {"name": "fold", "trained_on": trained_on})
    assert kept_fold_model(folder, trained_on)
    with pytest.raises(TrainingError, match="fold0: this fold model was trained on other sessions"):
        kept_fold_model(folder, sessions_digest(["gold-dev:s1", "written:E-001"]))


# A weak model finding opens the episode at turn 2; the client's firm pushback comes at turn 4, right after
# the therapist's lecture at turn 3, which is then credited to the pushback (see anchor_turn).
LECTURE_THEN_PUSHBACK = """\
Therapist: How has the week been since we last met?
Client: Busy. Work has been a lot, and I've been drinking a bit more than I wanted to on weeknights.
Therapist: You really need to understand that drinking on weeknights is dangerous for your liver and your sleep. \
Studies show that even three drinks a night raises blood pressure, and it will affect your job, your \
relationships and your mood.
Client: I'm not an idiot. I know what alcohol does.
"""


def test_a_move_credited_to_a_later_pushback_names_that_turn_not_an_earlier_one(tmp_path: Path) -> None:
    path = tmp_path / "lecture.txt"
    path.write_text(LECTURE_THEN_PUSHBACK, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--isolated", "--fail-on-contribution", "clear"])
    assert result.exit_code == 1, result.output
    [move] = [line for line in result.stdout.splitlines() if " TC-LECTURE " in line]
    assert ":3:1: TC-LECTURE Turn 3:" in move
    # the move at turn 3 came before the client's pushback at turn 4, never "before" turn 2
    assert "came right before the client's confrontation (defending-self) at turn 4;" in move, move
    assert "TC-LECTURE (before the client's turn 4, confrontation episode " in result.stderr


def test_adding_a_written_group_moves_no_sessions_fold() -> None:
    """Cross-validated figures before and after a change must be read on the same folds: an added rule example or
    written exchange (a group of its own) keeps every other group where it was, and real sessions stay balanced."""
    from rupturecli.model.training.validation import session_folds

    real = [f"session-{number}" for number in range(23)]
    written = [f"example-{number}" for number in range(200)]
    before = session_folds(real + written, real, 5, 14)
    after = session_folds(real + written + ["example-new"], real, 5, 14)
    assert all(after[group] == fold for group, fold in before.items())
    sizes = [sum(1 for group in real if before[group] == fold) for fold in range(5)]
    assert max(sizes) - min(sizes) <= 1
    assert len({before[group] for group in written}) == 5  # written groups spread over every fold too
