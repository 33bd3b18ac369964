"""Significance: the rubric (rules/significance.yaml) cue by cue, and in reports: each reason names the one cue that
fired, ordinary phrases are no intensity, threats to quit are."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.detect.hits import Hit
from rupturecli.detect.significance import (
    NEUTRAL_IN_NOTES,
    NOTHING_RAISED,
    CueValue,
    cue_values,
    rate,
    wording_head,
)
from rupturecli.model.linear import LinearHead
from rupturecli.model.wording import WordingHead, shipped_wording_head
from rupturecli.rules.compiled import CompiledCue, RuleSet
from rupturecli.rules.loader import default_rules_dir, load_rules
from rupturecli.rules.model import SignificanceCue


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


def _rubric_with_negation(folder: Path, words: str | None) -> Path:
    """The shipped rubric in a user pack, its `negation:` words replaced (None: without `negation:`)."""
    text = (default_rules_dir() / "significance.yaml").read_text(encoding="utf-8")
    shipped = re.search(r"^  negation:\n(    .*\n)+", text, re.MULTILINE)
    assert shipped is not None, "the shipped rubric has a `negation:` section"
    replacement = "" if words is None else f"  negation:\n    words: {words}\n    endings: [\"n't\"]\n    window: 3\n"
    pack = folder / "my-significance.yaml"
    folder.mkdir()
    pack.write_text(text.replace(shipped.group(0), replacement), encoding="utf-8")
    return pack


def _threat_named(tmp_path: Path, said: str, *options: str) -> bool:
    path = tmp_path / "s.txt"
    path.write_text(f"Therapist: How are you finding our sessions so far?\nClient: {said}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    episodes = json.loads(result.output)["episodes"]
    assert episodes, "the turn shows a rupture"
    return any("threat to end therapy" in reason for episode in episodes for reason in episode["significance_reasons"])


def test_the_negation_words_of_the_rating_are_the_packs_own(tmp_path: Path) -> None:
    """`significance: negation:` is data: a pack can add a word, or count every match by leaving it out."""
    hedged = "This therapy isn't working, but I'm hardly thinking of quitting."
    negated = "This therapy isn't working, but I'm not thinking of quitting."
    assert _threat_named(tmp_path, hedged)
    assert not _threat_named(tmp_path, negated)
    with_hardly = _rubric_with_negation(tmp_path / "hardly", '[not, "no", never, nobody, nothing, without, hardly]')
    assert not _threat_named(tmp_path, hedged, "--rules", str(with_hardly))
    without = _rubric_with_negation(tmp_path / "none", None)
    assert _threat_named(tmp_path, negated, "--rules", str(without))


def test_a_bad_negation_word_is_named_by_file_and_line(tmp_path: Path) -> None:
    pack = _rubric_with_negation(tmp_path / "pack", "[Not]")
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert f"{pack}:" in result.stderr and "lower case" in result.stderr


def test_refitting_the_weights_keeps_the_negation_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """scripts/evaluate-significance.py --write rewrites the numbers of the rubric and nothing else."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "evaluate-significance.py"
    spec = importlib.util.spec_from_file_location("evaluate_significance", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    monkeypatch.setattr(sys, "path", [*sys.path])  # it puts its checkout's src/ first
    spec.loader.exec_module(module)
    shipped = default_rules_dir() / "significance.yaml"
    copy = tmp_path / "significance.yaml"
    shutil.copy(shipped, copy)
    before = load_rules([shipped]).significance
    assert before is not None and before.negation is not None
    ids = [cue.id for cue in before.cues]
    neutrals = {cue.id: cue.neutral for cue in before.cues if cue.neutral is not None}
    assert neutrals, "the shipped rubric has a cue with a fitted neutral (wording)"
    module.write_weights(copy, ids, before.intercept, [cue.weight for cue in before.cues], before.cuts, neutrals)
    assert copy.read_bytes() == shipped.read_bytes(), "the same numbers write the same file"
    module.write_weights(copy, ids, 1.5, [index / 10 for index in range(len(ids))], [2.0, 2.5, 3.0, 3.5],
                         dict.fromkeys(neutrals, 0.125))
    after = load_rules([copy]).significance
    assert after is not None
    assert after.negation == before.negation
    assert [cue.patterns for cue in after.cues] == [cue.patterns for cue in before.cues]
    assert (after.intercept, after.cuts, after.cues[1].weight) == (1.5, [2.0, 2.5, 3.0, 3.5], 0.1)
    assert {cue.id: cue.neutral for cue in after.cues if cue.neutral is not None} == dict.fromkeys(neutrals, 0.125)


def test_each_reason_is_one_cue(tmp_path: Path) -> None:
    record = analyse(tmp_path, "Therapist: Let's go over the homework.\n"
                               "Client: This is bullshit, you never listen and I'm done with this.\n"
                               "Therapist: I hear that you're frustrated.\nClient: Whatever.\n")
    reasons = [reason for episode in record["episodes"] for reason in episode["significance_reasons"]]
    assert 'blames the therapist directly: "you never listen"' in reasons
    assert 'threat to end therapy: "I\'m done with this"' in reasons
    assert not any(", " in reason and " or " in reason for reason in reasons)  # no lumped list of causes


# --- the rubric itself (rules/significance.yaml), read directly ----------------------------------------------------
# Each cue is read from synthetic hits and words, then rated against the YAML's own numbers: `weight`, `intercept`,
# `cuts` and `reason_from` are refitted by scripts/evaluate-significance.py, so the expectations are worked out
# from them rather than written down.

SPOKEN = {  # words that show each pattern cue of the shipped rubric (synthetic); a new pattern cue needs a line here
    "threat-to-end-therapy": "Honestly I'm thinking of quitting.",
    "blames-the-therapist": "You never listen.",
    "absolute-about-therapy": "You always steer us back to that.",
    "profanity": "This is crap.",
    "speaks-to-the-therapist": "You asked me that.",
}
TURN = 5


def _rupture(turn: int = TURN, rupture: str = "withdrawal", marker: str = "X0", source: str = "model",
             score: float | None = 0.0) -> Hit:
    """A rupture hit that by itself fires no cue: an unknown marker, a withdrawal, a model finding scored 0."""
    return Hit(marker, "synthetic", rupture, False, 1.0, turn, turn, "", "", source=source, score=score)


def _cue(rules: RuleSet, cue_id: str) -> CompiledCue:
    assert rules.significance is not None
    return next(compiled for compiled in rules.significance.cues if compiled.cue.id == cue_id)


def _situation(cue: SignificanceCue) -> tuple[list[Hit], str, int]:
    """Hits at TURN, the client's words and the session's last turn, in which this cue fires at full strength."""
    if cue.measure == "position":
        return [_rupture()], "", TURN  # the session's last turn
    if cue.measure == "words":
        return [_rupture(rupture=cue.only or "withdrawal")], "word " * cue.cap, 0
    hits, text = _situation_in_words(cue)
    return hits, text, 0


def _situation_in_words(cue: SignificanceCue) -> tuple[list[Hit], str]:
    if cue.type is not None:
        return [_rupture(rupture=cue.type)], ""
    if cue.markers:
        return [_rupture(marker=cue.markers[0])], ""
    if cue.patterns:
        return [_rupture()], " ".join([SPOKEN[cue.id]] * cue.cap)  # `cap` times: the count is read up to its cap
    if cue.measure == "persistence":
        return [_rupture(turn) for turn in range(TURN - cue.cap, TURN + 1)], ""
    if cue.measure == "strength":
        return [_rupture(score=1.0)], ""
    assert cue.measure == "evidence", f"a new kind of cue: {cue}"
    return [_rupture(), Hit("T-W", "synthetic", "withdrawal", True, 1.0, TURN - 1, TURN - 1, "", "")], ""


def _read(rules: RuleSet, cue_id: str, hits: list[Hit], text: str, last_turn: int = 0, kind: str = "transcript"
          ) -> CueValue:
    assert rules.significance is not None
    values = cue_values(hits, TURN, text, kind, rules.significance, last_turn)
    return next(value for value in values if value.cue.cue.id == cue_id)


def _shipped_cue_ids() -> list[str]:
    loaded = load_rules([default_rules_dir() / "significance.yaml"])
    assert loaded.significance is not None
    return [cue.id for cue in loaded.significance.cues]


@pytest.mark.parametrize("cue_id", [cue_id for cue_id in _shipped_cue_ids() if cue_id != "wording"])
def test_each_cue_of_the_rubric_reads_its_own_situation_and_nothing_else(cue_id: str, rules: RuleSet) -> None:
    compiled = _cue(rules, cue_id)
    assert _read(rules, cue_id, [_rupture()], "").value == 0.0, "a neutral turn shows no cue"
    hits, text, last_turn = _situation(compiled.cue)
    shown = _read(rules, cue_id, hits, text, last_turn)
    assert shown.value == 1.0
    assert shown.reason and "{" not in shown.reason, "the reason names what fired, its slots filled"


def test_a_counted_cue_is_read_up_to_its_cap(rules: RuleSet) -> None:
    you = _cue(rules, "speaks-to-the-therapist").cue
    assert _read(rules, you.id, [_rupture()], "You asked me that.").value == 1 / you.cap
    assert _read(rules, you.id, [_rupture()], "You asked me that. " * (you.cap + 2)).value == 1.0
    persists = _cue(rules, "persistence").cue
    assert _read(rules, persists.id, [_rupture(TURN - 1), _rupture()], "").value == 1 / persists.cap


def test_length_counts_only_at_a_confrontation_and_lateness_grows_through_the_session(rules: RuleSet) -> None:
    long_turn = "I have told you again and again that this is not what I came here for " * 3
    length = _cue(rules, "long-confrontation").cue
    assert _read(rules, length.id, [_rupture(rupture="withdrawal")], long_turn).value == 0.0
    protest = _read(rules, length.id, [_rupture(rupture="confrontation")], long_turn)
    assert protest.value > length.fires_at
    assert protest.reason == f"a long confrontational turn ({len(long_turn.split())} words)"
    assert _read(rules, length.id, [_rupture(rupture="confrontation")], "No.").reason is None
    late = _cue(rules, "late-in-session").cue
    early, last = (_read(rules, late.id, [_rupture()], "", last_turn) for last_turn in (4 * TURN, TURN))
    assert early.value < last.value and early.reason is None
    assert last.reason == f"late in the session (turn {TURN} of {TURN}): little time left to repair it"


def test_notes_read_the_transcript_measures_as_the_middle_of_their_range(rules: RuleSet) -> None:
    """Notes have no client words or turn order: they are rated on the transcripts' scale, and no reason is made up."""
    for cue_id in ("long-confrontation", "late-in-session"):
        read = _read(rules, cue_id, [_rupture(rupture="confrontation")], "word " * 80, TURN, kind="notes")
        assert (read.value, read.reason) == (NEUTRAL_IN_NOTES, None)


def test_a_negated_threat_and_a_weak_model_finding_do_not_fire(rules: RuleSet) -> None:
    assert _read(rules, "threat-to-end-therapy", [_rupture()], "I'm not thinking of quitting.").value == 0.0
    assert rules.significance is not None
    strength = _cue(rules, "strength").cue
    rule_match = _read(rules, strength.id, [_rupture(source="rule", score=None)], "")
    assert rule_match.value == rules.significance.significance.rule_strength
    assert (rule_match.reason is not None) == (rule_match.value >= strength.fires_at)
    assert _read(rules, strength.id, [_rupture(score=strength.fires_at / 2)], "").reason is None


@pytest.mark.parametrize("cue_id", _shipped_cue_ids())
def test_each_cue_lifts_or_lowers_the_rating_as_its_weight_says(cue_id: str, rules: RuleSet) -> None:
    assert rules.significance is not None
    compiled = _cue(rules, cue_id)
    weight = compiled.cue.weight
    settings = rules.significance.significance
    for value in (0.0, 0.5, 1.0):  # alone: the rating is the intercept plus this cue's share, cut into five levels
        values = [CueValue(cue, value if cue is compiled else 0.0, "fired" if cue is compiled else None)
                  for cue in rules.significance.cues]
        level, reasons = rate(values, rules.significance)
        total = settings.intercept + weight * value
        assert level == 1 + sum(1 for cut in settings.cuts if total >= cut)
        assert reasons == (("fired",) if weight * value >= settings.reason_from else (NOTHING_RAISED,))
    # half its weight short of the first cut (past it, for a negative weight), the cue alone moves the rating across
    start = settings.cuts[0] - weight / 2
    rubric = replace(rules.significance, significance=settings.model_copy(update={"intercept": start}))
    without = rate([CueValue(cue, 0.0, None) for cue in rubric.cues], rubric)[0]
    with_cue = rate([CueValue(cue, 1.0 if cue is compiled else 0.0, None) for cue in rubric.cues], rubric)[0]
    assert (with_cue > without, with_cue < without) == (weight > 0, weight < 0)


# ---- the wording cue: a learned rating of the turn's own words ------------------------------------------------------


def _wording_head(weights: dict[str, float], bias: float = 2.0) -> WordingHead:
    """A head that knows only these words (as `c:` features) and rates everything else at `bias`."""
    index = {f"c:{word}": position for position, word in enumerate(weights)}
    matrix = np.array([[weight] for weight in weights.values()], dtype=np.float32)
    return WordingHead(LinearHead("significance", "linear", ("significance",), index, matrix,
                                  np.array([bias], dtype=np.float32)))


def _wording(rules: RuleSet, text: str, head: WordingHead | None, kind: str = "transcript") -> CueValue:
    assert rules.significance is not None
    values = cue_values([_rupture()], TURN, text, kind, rules.significance, 0, head)
    return next(value for value in values if value.cue.cue.measure == "wording")


def test_the_wording_cue_reads_the_rating_of_the_turns_words_and_names_the_words(rules: RuleSet) -> None:
    head = _wording_head({"pointless": 9.0, "okay": -3.0})
    strong = _wording(rules, "Honestly this feels pointless", head)
    assert strong.value == 1.0  # rated past 5: read as the top of the scale
    assert strong.reason == 'worded like turns coders rate 5.0 of 5 ("pointless")'
    mild = _wording(rules, "okay", head)
    assert mild.value == 0.0 and mild.reason is None  # rated under 1: the bottom, and nothing raised it
    plain = _wording(rules, "we talked about the weekend", head)
    assert plain.value == 0.25 and plain.reason is None  # the head's own 2 of 5: below where the cue names itself


def test_the_wording_cue_reads_its_neutral_in_notes_and_with_the_rules_alone(rules: RuleSet) -> None:
    """Notes are the clinician's words, not the client's; `--no-model` has no head: both read the cue's `neutral`,
    fitted as a typical rupture turn's wording, so their ratings stay on the transcripts' scale."""
    head = _wording_head({"pointless": 9.0})
    compiled = next(compiled for compiled in rules.significance.cues if compiled.cue.measure == "wording")
    assert compiled.cue.neutral is not None and 0.0 < compiled.cue.neutral < 1.0
    for read in (_wording(rules, "pointless", head, kind="notes"), _wording(rules, "pointless", None)):
        assert (read.value, read.reason) == (compiled.cue.neutral, None)


def test_the_shipped_wording_head_rates_an_attack_on_the_work_above_a_shrug() -> None:
    head = shipped_wording_head()
    assert head is not None, "the wheel ships src/rupturecli/model/significance/"
    attack, _ = head.read("You keep telling me what to do and none of it has helped, so why am I even here?")
    shrug, _ = head.read("I guess so.")
    assert attack > shrug
    assert 1.0 <= shrug < 3.0


def test_the_analysis_rates_with_the_wording_head_only_when_the_model_is_on(rules: RuleSet) -> None:
    assert wording_head(rules.with_model(None)) is None
    model = object()
    assert wording_head(rules.with_model(model)) is shipped_wording_head()
    own = _wording_head({"pointless": 9.0})
    assert wording_head(replace(rules.with_model(model), wording=own)) is own


def test_the_wording_head_is_fitted_to_the_ratings_and_saved_and_loaded_as_it_was(tmp_path: Path) -> None:
    """scripts/evaluate-significance.py fits it (ridge regression) and ships it as a model folder of one head."""
    pytest.importorskip("sklearn")
    from rupturecli.model.store import save_model
    from rupturecli.model.training.wording import fit_wording_head
    from rupturecli.model.wording import load_wording_head

    turns = [("this is useless and you never listen", 4.0), ("you never listen to a word", 4.0),
             ("honestly it is useless", 3.5), ("I guess", 1.5), ("I guess so", 1.5), ("fine I guess", 2.0)] * 2
    fitted = fit_wording_head([text for text, _ in turns], [rating for _, rating in turns],
                              [f"session {number % 3}" for number in range(len(turns))])
    head = WordingHead(fitted)
    sharp, sharp_cues = head.read("you never listen, it is useless")
    flat, _ = head.read("I guess")
    assert sharp > 3.0 > flat
    assert {'"useless"', '"never listen"'} & set(sharp_cues)
    save_model(tmp_path / "wording", {fitted.name: fitted}, {}, {"name": "test"})
    loaded = load_wording_head(tmp_path / "wording")
    assert loaded.head.kind == "linear"
    assert loaded.read("you never listen, it is useless")[0] == pytest.approx(sharp, abs=0.02)  # stored as float16


@pytest.mark.parametrize("reason", ["worded {count} times", "worded like {rating:d}", "a {0} cue"])
def test_a_reason_with_a_slot_its_cue_does_not_fill_fails_rules_check(tmp_path: Path, reason: str) -> None:
    """It passed `rules check` and then stopped every file of a run with an internal error."""
    shipped = (default_rules_dir() / "significance.yaml").read_text(encoding="utf-8")
    wording = "reason: 'worded like turns coders rate {rating:.1f} of 5 ({cues})'"
    assert wording in shipped
    pack = tmp_path / "significance.yaml"
    pack.write_text(shipped.replace(wording, f"reason: '{reason}'"), encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert "cue 'wording': reason" in result.stderr and "a wording cue fills {rating}, {cues}" in result.stderr


def test_the_wording_reason_never_names_a_word_written_as_a_name_nor_a_plain_word() -> None:
    """With --redact a name is hidden in the quote, so the reason must not spell it out ('rose' from 'Rose');
    nor does a reason name words that judge nothing ('up', 'get')."""
    head = _wording_head({"rose": 4.0, "pointless": 4.0, "up": 4.0})
    rating, cues = head.read("My sister Rose thinks it is pointless")
    assert rating > 3.0 and cues == ('"pointless"',)
    assert head.read("The bill rose again, pointless")[1] == ('"rose"', '"pointless"')  # a word, not a name here
    assert head.read("Fed up with it")[1] == ()
