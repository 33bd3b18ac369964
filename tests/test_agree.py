"""`rupture agree`: the statistics against hand computation and well-kept libraries, the loaders, the CLI.

The codes, results and transcripts here are invented for these tests; the last tests read the real gold-dev
files in ../shared and skip when they are not there.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from rupturecli.agreement.codes import load_coding
from rupturecli.agreement.coding import session_key
from rupturecli.agreement.report import session_report, turn_report
from rupturecli.agreement.results import predicted_turns
from rupturecli.agreement.stats import (
    alpha_for_pairs,
    cohen_kappa,
    confusion_matrix,
    krippendorff_alpha_nominal,
    observed_agreement,
    scores_by_label,
    scores_for_label,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_DEV = SHARED / "eval-data" / "gold-dev"
SCORE = SHARED / "tools" / "score.py"

LABELS = ("none", "withdrawal", "confrontation")

# --- the statistics by hand -------------------------------------------------------------------------------

TINY = [("none", "none"), ("none", "withdrawal"), ("withdrawal", "withdrawal"), ("withdrawal", "withdrawal"),
        ("confrontation", "confrontation"), ("none", "none")]


def test_kappa_by_hand() -> None:
    # p_o = 5/6; reference none 3, withdrawal 2, confrontation 1; compared 2, 3, 1:
    # p_e = (3*2 + 2*3 + 1*1) / 36 = 13/36; kappa = (30/36 - 13/36) / (23/36) = 17/23
    assert observed_agreement(TINY) == pytest.approx(5 / 6)
    assert cohen_kappa(TINY) == pytest.approx(17 / 23)


def test_alpha_by_hand() -> None:
    # coincidences: none-none 4, none-withdrawal 1 + 1, withdrawal-withdrawal 4, confrontation-confrontation 2;
    # n = 12, marginals 5, 5, 2: alpha = 1 - (n - 1) * 2 / (144 - 25 - 25 - 4) = 1 - 22/90
    assert alpha_for_pairs(TINY) == pytest.approx(1 - 22 / 90)


def test_prf_and_confusion_by_hand() -> None:
    withdrawal = scores_for_label(TINY, "withdrawal")
    assert (withdrawal.true_positives, withdrawal.false_positives, withdrawal.false_negatives) == (2, 1, 0)
    assert withdrawal.precision == pytest.approx(2 / 3)
    assert withdrawal.recall == 1.0
    assert withdrawal.f1 == pytest.approx(0.8)
    assert confusion_matrix(TINY, LABELS) == [[2, 1, 0], [0, 2, 0], [0, 0, 1]]


def test_undefined_statistics_are_none() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("none", "none")] * 4) is None  # one label throughout: no chance correction possible
    assert krippendorff_alpha_nominal([("none", "none")] * 4) is None
    assert krippendorff_alpha_nominal([("none", None), (None,)]) is None  # nothing pairable
    empty = scores_for_label([], "withdrawal")
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_turn_report_leaves_out_uncertain_and_types_only_typed_turns() -> None:
    pairs = [("none", "none"), ("uncertain", "withdrawal"), ("rupture", "confrontation"),
             ("withdrawal", "withdrawal"), ("none", "confrontation")]
    report = turn_report(pairs)
    assert (report["total"], report["scored"], report["excluded_uncertain"], report["untyped"], report["typed"]) \
        == (5, 4, 1, 1, 3)
    assert report["confusion"] == [[1, 0, 1], [0, 1, 0], [0, 0, 0]]
    assert report["rupture"]["true_positives"] == 2  # 'rupture' vs confrontation is a rupture on both sides
    assert report["rupture"]["false_positives"] == 1


def test_session_report_leaves_out_unscored_sessions() -> None:
    sessions = [(True, True, frozenset({"withdrawal"}), frozenset({"confrontation"})),
                (False, True, frozenset(), frozenset({"withdrawal"})),
                (None, False, frozenset(), frozenset()),
                (False, False, frozenset(), frozenset())]
    report = session_report(sessions)
    assert (report["total"], report["scored"], report["excluded_uncertain"]) == (4, 3, 1)
    assert report["confusion"] == [[1, 1], [0, 1]]
    assert report["rupture"]["precision"] == 0.5
    assert report["by_type"]["withdrawal"]["true_positives"] == 0


# --- the statistics against scikit-learn and krippendorff on random labels ---------------------------------

def _random_vectors(seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    size = rng.randint(1, 60)
    weights = [rng.random() + 0.05 for _ in range(3)]
    reference = rng.choices(range(3), weights=weights, k=size)
    # the compared side agrees part of the time, as coders do
    agreement = rng.random()
    compared = [value if rng.random() < agreement else rng.choice(range(3)) for value in reference]
    return reference, compared


@pytest.mark.parametrize("seed", range(150))
def test_kappa_matches_scikit_learn(seed: int) -> None:
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    reference, compared = _random_vectors(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sklearn_metrics.cohen_kappa_score(reference, compared)
    ours = cohen_kappa(list(zip(reference, compared, strict=True)))
    if ours is None:
        assert expected != expected or set(reference) == set(compared) == {reference[0]}  # nan, or one label
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(150))
def test_alpha_matches_krippendorff(seed: int) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    numpy = pytest.importorskip("numpy")
    reference, compared = _random_vectors(seed)
    rng = random.Random(seed + 1000)
    units: list[list[int | None]] = [[first, second] for first, second in zip(reference, compared, strict=True)]
    if seed % 2:  # half the cases with a third coder who codes some units only, and gaps
        for unit in units:
            unit.append(rng.choice([None, 0, 1, 2]))
            if rng.random() < 0.15:
                unit[rng.randrange(3)] = None
    ours = krippendorff_alpha_nominal(units)
    data = numpy.array([[numpy.nan if unit[coder] is None else unit[coder] for unit in units]
                        for coder in range(len(units[0]))], dtype=float)
    pairable = [unit for unit in units if sum(value is not None for value in unit) >= 2]
    values = {value for unit in pairable for value in unit if value is not None}
    if len(values) < 2:
        assert ours is None
        return
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(150))
def test_precision_recall_f1_and_confusion_match_scikit_learn(seed: int) -> None:
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    reference, compared = _random_vectors(seed)
    pairs = list(zip(reference, compared, strict=True))
    ours = scores_by_label(pairs, [1, 2])
    precision, recall, f1, support = sklearn_metrics.precision_recall_fscore_support(
        reference, compared, labels=[1, 2], average=None, zero_division=0)
    for position, label in enumerate([1, 2]):
        item = ours.by_label[label]
        assert (item.precision, item.recall, item.f1) == pytest.approx(
            (precision[position], recall[position], f1[position]))
        assert item.support == support[position]
    for average, (our_p, our_r, our_f) in (
            ("micro", (ours.micro.precision, ours.micro.recall, ours.micro.f1)),
            ("macro", (ours.macro_precision, ours.macro_recall, ours.macro_f1))):
        expected = sklearn_metrics.precision_recall_fscore_support(
            reference, compared, labels=[1, 2], average=average, zero_division=0)[:3]
        assert (our_p, our_r, our_f) == pytest.approx(expected)
    expected_matrix = sklearn_metrics.confusion_matrix(reference, compared, labels=[0, 1, 2]).tolist()
    assert confusion_matrix(pairs, [0, 1, 2]) == expected_matrix


# --- loaders ----------------------------------------------------------------------------------------------

def test_session_key_ignores_folder_and_extension() -> None:
    assert session_key("a/b/intake-07.txt") == "intake-07"
    assert session_key("C:\\notes\\intake-07.yaml") == "intake-07"
    assert session_key("intake-07") == "intake-07"


def test_predicted_turns_follow_score_py() -> None:
    record = {"file": "x.txt", "episodes": [
        {"type": "withdrawal", "markers": [{"id": "W2", "turn": 4}, {"id": "T-W", "turn": 5}]},
        {"type": "confrontation", "markers": [{"id": "C3", "turn": 4}, {"id": "C2", "turn": 8}]},
    ]}
    assert predicted_turns(record) == {4: "withdrawal", 8: "confrontation"}


# --- the command ------------------------------------------------------------------------------------------

CODER_A = """\
file,turn,label,marker
sessions/river.txt,2,none,
sessions/river.txt,4,withdrawal,W2
sessions/river.txt,6,withdrawal,W5
sessions/river.txt,8,none,
sessions/lantern.txt,2,confrontation,C3
sessions/lantern.txt,4,none,
"""
CODER_B = """\
file,turn,label
river,2,none
river,4,withdrawal
river,6,none
river,8,none
lantern,2,confrontation
lantern,4,uncertain
"""


def _record(file: str, episodes: list[tuple[str, list[int]]]) -> dict[str, object]:
    return {"schema_version": 1, "file": file, "kind": "transcript", "turns": 8, "client_turns": 4, "episodes": [
        {"type": kind, "markers": [{"id": kind[0].upper() + "2", "turn": turn} for turn in turns]}
        for kind, turns in episodes]}


def _jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_coder_against_coder_json(rupture, write_file, no_crash) -> None:
    write_file("a.csv", CODER_A)
    write_file("b.csv", CODER_B)
    result = rupture("agree", "a.csv", "b.csv", "--format", "json")
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["sessions"]["matched"] == 2
    turns = document["turn_level"]
    assert (turns["total"], turns["scored"], turns["excluded_uncertain"]) == (6, 5, 1)
    # river 2 none/none, 4 W/W, 6 W/none, 8 none/none; lantern 2 C/C
    assert turns["confusion"] == [[2, 0, 0], [1, 1, 0], [0, 0, 1]]
    pairs = [("none", "none"), ("withdrawal", "withdrawal"), ("withdrawal", "none"), ("none", "none"),
             ("confrontation", "confrontation")]
    assert turns["cohen_kappa"] == round(cohen_kappa(pairs), 4)
    assert turns["by_type"]["withdrawal"]["recall"] == 0.5
    assert document["disagreements"] == [
        {"session": "river", "turn": 6, "reference": "withdrawal", "compared": "none"}]
    assert result.stderr == ""


def test_human_codes_against_results_terminal(rupture, write_file, no_crash) -> None:
    write_file("a.csv", CODER_A)
    write_file("results.jsonl", _jsonl([
        _record("corpus/river.txt", [("withdrawal", [4, 6])]),
        _record("corpus/lantern.txt", [("confrontation", [2])]),
        _record("corpus/harbour.txt", []),
    ]))
    result = rupture("agree", "a.csv", "results.jsonl")
    no_crash(result)
    assert result.exit_code == 0
    assert "Cohen's kappa" in result.stdout
    assert "Krippendorff's alpha" in result.stdout
    assert re.search(r"Cohen's kappa\s+│\s+1\.000", result.stdout)
    assert "confusion matrix" in result.stdout
    assert "Session level" in result.stdout
    assert result.stderr == "rupture: warning: 1 session only in the compared file (harbour): not scored\n"


def test_results_flag_turns_the_human_did_not_list(rupture, write_file) -> None:
    write_file("a.csv", "file,turn,label\nriver.txt,2,none\nriver.txt,4,withdrawal\n")
    write_file("r.jsonl", _jsonl([_record("river.txt", [("withdrawal", [4, 5])])]))
    document = json.loads(rupture("agree", "a.csv", "r.jsonl", "-f", "json").stdout)
    assert document["turn_level"]["total"] == 3  # turn 5 counts as none on the human side
    assert document["turn_level"]["rupture"]["false_positives"] == 1


def test_output_file_is_written_atomically(rupture, write_file, workdir) -> None:
    write_file("a.csv", CODER_A)
    write_file("b.csv", CODER_B)
    result = rupture("agree", "a.csv", "b.csv", "--format", "json", "-o", "agreement.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads((workdir / "agreement.json").read_text())["schema_version"] == 2
    result = rupture("agree", "a.csv", "b.csv", "-o", "agreement.txt")
    assert result.exit_code == 0
    assert "Cohen's kappa" in (workdir / "agreement.txt").read_text()
    assert not [path for path in workdir.iterdir() if path.name.endswith(".tmp")]


def test_coder_files_use_the_transcript_for_unflagged_turns(rupture, write_file) -> None:
    write_file("transcripts/kettle.txt", "Therapist: How was the week?\nClient: Fine.\n"
               "Therapist: And the plan we made?\nClient: I did not do it.\n"
               "Therapist: What got in the way?\nClient: This is pointless, honestly.\n")
    write_file("coders/one/kettle.json", json.dumps(
        {"file": "kettle.txt", "ruptures": [{"turn": 2, "type": "withdrawal"}, {"turn": 6, "type": "confrontation"}],
         "session": {"rupture_present": True}}))
    write_file("coders/two/kettle.json", json.dumps(
        {"file": "kettle.txt", "ruptures": [{"turn": 6, "type": "confrontation"}],
         "session": {"rupture_present": True}}))
    result = rupture("agree", "coders/one", "coders/two", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["reference"]["kind"] == "coder"
    assert document["turn_level"]["total"] == 3  # the three client turns, found next to the coders folder
    assert document["turn_level"]["confusion"] == [[1, 0, 0], [1, 0, 0], [0, 0, 1]]
    write_file("else/where/one/kettle.json", (Path("coders/one/kettle.json")).read_text())
    write_file("else/where/two/kettle.json", (Path("coders/two/kettle.json")).read_text())
    result = rupture("agree", "else/where/one", "else/where/two", "-f", "json")
    assert json.loads(result.stdout)["turn_level"]["total"] == 2  # no transcript: flagged turns only
    assert "give --transcripts DIR" in result.stderr
    result = rupture("agree", "else/where/one", "else/where/two", "-f", "json", "--transcripts", "transcripts")
    assert json.loads(result.stdout)["turn_level"]["total"] == 3


def test_session_level_only_codes(rupture, write_file) -> None:
    write_file("notes-gold.jsonl", _jsonl([
        {"file": "n1.txt", "ruptures": [{"type": "withdrawal", "markers": ["W2"]}]},
        {"file": "n2.txt", "ruptures": []}]))
    write_file("r.jsonl", _jsonl([_record("n1.txt", [("withdrawal", [3])]), _record("n2.txt", [])]))
    result = rupture("agree", "notes-gold.jsonl", "r.jsonl", "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["reference"]["kind"] == "notes-gold"
    assert document["turn_level"]["total"] == 0
    assert document["session_level"]["rupture"]["f1"] == 1.0
    assert "session-level statistics only" in result.stderr


def test_label_spellings(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("File,Turn,Label,note\nx,1,W,\nx,2,Confrontation,\nx,3,?,\nx,4,No Rupture,\nx,5,rupture,\n")
    codes = load_coding(path).sessions["x"]
    assert codes.turns == {1: "withdrawal", 2: "confrontation", 3: "uncertain", 4: "none", 5: "rupture"}
    assert codes.rupture is True
    assert codes.types == {"withdrawal", "confrontation"}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad-turn.csv", "file,turn,label\nx.txt,2,none\nx.txt,two,none\n",
     "bad-turn.csv:3: turn must be a whole number from 1 to 1,000,000, not 'two'"),
    ("bad-label.csv", "file,turn,label\nx.txt,2,withdrawl\n",
     "bad-label.csv:2: unknown label: 'withdrawl' (expected none, withdrawal, confrontation, rupture or "
     "uncertain; did you mean 'withdrawal'?)"),
    ("comment.csv", "file,turn,label\nx.txt,2,harriet said she wants to stop coming\n",  # never quoted
     "comment.csv:2: unknown label: a 37-character text (expected none, withdrawal, confrontation, rupture"),
    ("no-label.csv", "file,turn\nx.txt,2\n", "no-label.csv:1: missing column label"),
    ("short.csv", "file,turn,label\nx.txt,2\n", "short.csv:2: 2 fields, expected at least 3"),
    ("twice.csv", "file,turn,label\nx.txt,2,none\nx.txt,2,c\n",
     "twice.csv:3: turn 2 of session 'x' is coded 'none' on line 2 and 'confrontation' here"),
    ("broken.json", '{"sessions": [\n', "broken.json:2:1: not valid JSON"),
    ("other.json", '{"hello": 1}\n', "other.json: not a code file"),
    ("lines.jsonl", '{"file": "x.txt", "episodes": []}\n{"file": \n', "lines.jsonl:2:10: not valid JSON lines"),
    ("latin1.csv", b"file,turn,label\nx\xe9.txt,2,none\n", "latin1.csv:2: not valid UTF-8"),
    ("empty.csv", "", "empty.csv: empty file"),
])
def test_bad_files_give_one_line_and_exit_2(rupture, write_file, no_crash, name, content, message) -> None:
    write_file(name, content)
    write_file("ok.csv", "file,turn,label\nx.txt,2,none\n")
    result = rupture("agree", name, "ok.csv")
    no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"rupture: error: {message}")
    assert result.stderr.count("\n") == 1


def test_missing_file_and_no_common_session(rupture, write_file) -> None:
    write_file("ok.csv", "file,turn,label\nx.txt,2,none\n")
    write_file("other.csv", "file,turn,label\ny.txt,2,none\n")
    result = rupture("agree", "ok.csv", "absent.jsonl")
    assert (result.exit_code, result.stderr) == (2, "rupture: error: absent.jsonl: no such file or directory\n")
    result = rupture("agree", "ok.csv", "other.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: no session is coded on both sides")
    result = rupture("agree", "ok.csv", "ok.csv", "--transcripts", "nowhere")
    assert (result.exit_code, result.stderr) == (2, "rupture: error: nowhere: no such folder (--transcripts)\n")


def test_end_to_end_with_rupture_analyze(rupture, write_file) -> None:
    write_file("sessions/pier.txt", "Therapist: Did you try the breathing exercise?\nClient: Whatever.\n"
               "Therapist: You really need to practise it every day.\nClient: Fine. Okay.\n")
    result = rupture("analyze", "sessions/pier.txt", "--format", "jsonl", "-o", "results.jsonl", "-j", "1", "-q")
    assert result.exit_code == 0, result.stderr
    write_file("human.csv", "file,turn,label\npier.txt,2,withdrawal\npier.txt,4,withdrawal\n")
    result = rupture("agree", "human.csv", "results.jsonl", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["sessions"]["matched"] == 1
    assert document["turn_level"]["scored"] >= 2


# --- the real gold-dev files ------------------------------------------------------------------------------

needs_gold_dev = pytest.mark.skipif(not (GOLD_DEV / "gold.json").is_file(),
                                    reason="../shared/eval-data/gold-dev is absent")


@needs_gold_dev
def test_gold_dev_coders_reproduce_the_published_kappa(rupture) -> None:
    result = rupture("agree", str(GOLD_DEV / "coders" / "coder1"), str(GOLD_DEV / "coders" / "coder2"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    gold = json.loads((GOLD_DEV / "gold.json").read_text(encoding="utf-8"))
    assert document["sessions"]["matched"] == len(gold["sessions"])
    assert document["turn_level"]["total"] == sum(len(session["labels"]) for session in gold["sessions"])
    assert document["turn_level"]["cohen_kappa"] == pytest.approx(gold["coder_kappa"], abs=1e-4)
    assert result.stderr == ""


def _score_py(mode: str, gold: Path, predictions: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, str(SCORE), mode, str(gold), str(predictions)], capture_output=True,
                            text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("score:"))
    return {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}


@needs_gold_dev
def test_gold_dev_results_agree_with_score_py(rupture, workdir) -> None:
    transcripts = sorted(str(path) for path in (GOLD_DEV / "transcripts").glob("*.txt"))
    result = rupture("analyze", *transcripts, "--format", "jsonl", "-o", "t.jsonl", "-j", "1", "-q")
    assert result.exit_code == 0, result.stderr
    result = rupture("agree", str(GOLD_DEV / "gold.json"), "t.jsonl", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    scored = _score_py("transcripts", GOLD_DEV / "gold.json", workdir / "t.jsonl")
    # score.py's turn F1 is rupture-vs-none detection; its kappa is over none/withdrawal/confrontation
    assert document["turn_level"]["rupture"]["f1"] == pytest.approx(scored["turn_f1"], abs=6e-4)
    assert document["turn_level"]["cohen_kappa"] == pytest.approx(scored["kappa"], abs=6e-4)
    assert document["session_level"]["rupture"]["f1"] == pytest.approx(scored["session_f1"], abs=6e-4)
    assert document["turn_level"]["excluded_uncertain"] > 0


@needs_gold_dev
def test_gold_dev_notes_agree_with_score_py(rupture, workdir) -> None:
    notes = sorted(str(path) for path in (GOLD_DEV / "notes").glob("*.txt"))
    result = rupture("analyze", *notes, "--format", "jsonl", "-o", "n.jsonl", "-j", "1", "-q")
    assert result.exit_code == 0, result.stderr
    result = rupture("agree", str(GOLD_DEV / "notes-gold.jsonl"), "n.jsonl", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    scored = _score_py("notes", GOLD_DEV / "notes-gold.jsonl", workdir / "n.jsonl")
    assert document["session_level"]["rupture"]["f1"] == pytest.approx(scored["note_f1"], abs=6e-4)


def test_coder_files_find_a_transcript_by_any_session_ending_rupture_reads(rupture, write_file) -> None:
    # the endings come from the one table of file kinds: a .note session is found as a .txt one is
    write_file("transcripts/ladder.note", "Therapist: How was the week?\nClient: Fine.\n"
               "Therapist: And the plan we made?\nClient: This is pointless, honestly.\n")
    for coder in ("one", "two"):
        write_file(f"coders/{coder}/ladder.json", json.dumps(
            {"file": "ladder.note", "ruptures": [{"turn": 4, "type": "confrontation"}],
             "session": {"rupture_present": True}}))
    result = rupture("agree", "coders/one", "coders/two", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["turn_level"]["total"] == 2  # both client turns: the transcript was found
    assert "give --transcripts DIR" not in result.stderr


@pytest.mark.parametrize(("text", "message"), [
    ("file,turn,label\nriver.txt,4,withdrawal,because,she,said\n",
     "a.csv:2: 6 fields, but the header names 3 (a comma inside a label needs quotes)"),
    ("file,turn,label\nriver.txt,123456789012345678901234,withdrawal\n",
     "a.csv:2: turn must be a whole number from 1 to 1,000,000, not '12345678901234567...'"),
    ("file,turn,label\nriver.txt,\u00b2,withdrawal\n", "a.csv:2: turn must be a whole number from 1 to 1,000,000, not"),
])
def test_a_damaged_codes_row_is_an_error_naming_its_line(rupture, write_file, text: str, message: str) -> None:
    """A row with more cells than the header (an unquoted comma shifts the label) or an absurd turn number is
    a damaged file, not codes to score; trailing empty cells, as spreadsheets write them, are fine."""
    write_file("a.csv", text)
    write_file("b.csv", CODER_B)
    result = rupture("agree", "a.csv", "b.csv")
    assert result.exit_code == 2 and result.stderr.startswith(f"rupture: error: {message}")
    assert result.stderr.count("\n") == 1
    write_file("a.csv", "file,turn,label\nriver.txt,4,withdrawal,,\n")
    assert rupture("agree", "a.csv", "b.csv").exit_code == 0


def test_a_result_marker_without_a_turn_number_is_an_error(rupture, write_file) -> None:
    write_file("a.csv", CODER_A)
    broken = _record("river.txt", [("withdrawal", [4])])
    broken["episodes"][0]["markers"][0]["turn"] = "four"  # type: ignore[index]
    write_file("r.jsonl", _jsonl([_record("lantern.txt", [("confrontation", [2])]), broken]))
    result = rupture("agree", "a.csv", "r.jsonl")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: r.jsonl:2: episode 1: a marker's 'turn' must be a whole number "
                             "from 1\n")
    broken["episodes"][0]["markers"] = 5  # type: ignore[index]
    write_file("r.jsonl", _jsonl([_record("lantern.txt", [("confrontation", [2])]), broken]))
    result = rupture("agree", "a.csv", "r.jsonl")
    assert result.exit_code == 2 and result.stderr == "rupture: error: r.jsonl:2: episode 1: 'markers' must be a list\n"


def test_a_coded_rupture_on_a_therapist_turn_is_warned_about(rupture, write_file) -> None:
    """Coders who number client turns only would get a silently wrong kappa: when the transcript is known (a result
    names it), a coded rupture that is not a client turn is named."""
    write_file("s01.txt", "Therapist: How was the week?\nClient: Fine.\nTherapist: Just fine?\nClient: Yes.\n")
    write_file("codes.csv", "file,turn,label\ns01.txt,2,none\ns01.txt,3,withdrawal\ns01.txt,4,none\n")
    write_file("r.jsonl", _jsonl([_record("s01.txt", [("withdrawal", [2])])]))
    result = rupture("agree", "codes.csv", "r.jsonl")
    assert result.exit_code == 0
    assert result.stderr == ("rupture: warning: 1 coded rupture turn is not a client turn of the session's transcript "
                             "(s01: 3): turns are numbered over every speaker turn, as `rupture analyze` numbers "
                             "them\n")
    write_file("codes.csv", "file,turn,label\ns01.txt,2,withdrawal\ns01.txt,4,none\n")
    assert rupture("agree", "codes.csv", "r.jsonl").stderr == ""
