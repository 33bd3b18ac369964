"""Rule authoring: in-file examples, `rupture rules ...`, packs, selection, config and rule errors."""

from __future__ import annotations

import json
import re
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.detect.examples import run_examples
from rupturecli.rules.compiled import build_rule_set

runner = CliRunner()
SHIPPED = build_rule_set()
EXAMPLES = [result for result in run_examples(SHIPPED) if result.kind != "todo"]


@pytest.mark.parametrize(
    "result", EXAMPLES, ids=[f"{r.item_id}-{r.kind}-line{r.line}" for r in EXAMPLES]
)
def test_shipped_marker_example(result) -> None:
    assert result.passed, result.describe()


def test_every_shipped_marker_shows_what_it_matches_and_what_it_must_not() -> None:
    # `todo` (known gaps) is not counted: fixing a gap moves its example to `match`, and must not fail the suite
    for marker in SHIPPED.loaded.markers.values():
        for kind in ("match", "no_match"):
            assert len(getattr(marker.examples, kind)) >= 3, f"{marker.id} has fewer than 3 {kind} examples"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CANCEL_PACK = """\
markers:
  - id: X-CANCEL
    name: cancelling-next-week
    rupture: withdrawal
    description: The client talks of cancelling the next session.
    match:
      - regex: '\\b(?:might|will|going to|thinking of|may) cancel (?:next week|our next|the next)\\b'
    narrative:
      - regex: '\\b(?:mentioned|talked about|raised) cancell?ing (?:next week|the next session)\\b'
    examples:
      match:
        - "T: How are you finding the sessions?\\nC: I might cancel next week, work is mad."
        - "NOTE: Near the end she mentioned cancelling next week."
        - "C: I'm thinking of cancel next week, sorry, I mean cancelling."
      no_match:
        - "C: I had to cancel the dentist."
        - "C: I won't cancel next week, don't worry."
        - "NOTE: We confirmed next week's time."
      todo:
        - "C: Next week might not happen for me."
        - "C: I may give next Tuesday a miss."
        - "NOTE: She was vague about coming back."
"""


def test_rules_list_shows_every_marker_and_strategy() -> None:
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    for rule_id in [*SHIPPED.loaded.markers, *SHIPPED.loaded.strategies]:
        assert rule_id in result.stdout


def test_rules_show_explains_a_marker() -> None:
    result = runner.invoke(app, ["rules", "show", "w2"])
    assert result.exit_code == 0
    assert "W2 minimal-response (withdrawal)" in result.stdout
    assert "Examples (no_match):" in result.stdout
    assert "withdrawal.yaml:" in result.stdout


def test_rules_explain_unknown_id_suggests_nearest() -> None:
    result = runner.invoke(app, ["rules", "explain", "W22"])
    assert result.exit_code == 2
    assert "no such rule: 'W22'" in result.stderr
    assert "did you mean" in result.stderr


def test_rules_check_and_test_pass_on_shipped_packs() -> None:
    checked = runner.invoke(app, ["rules", "check"])
    assert checked.exit_code == 0, checked.output
    tested = runner.invoke(app, ["rules", "test"])
    assert tested.exit_code == 0, tested.output
    assert " 0 failed" in tested.stdout


def test_user_pack_marker_is_tested_and_changes_analysis(tmp_path: Path) -> None:
    pack = write(tmp_path, "cancel.yaml", CANCEL_PACK)
    assert runner.invoke(app, ["rules", "check", str(pack)]).exit_code == 0
    tested = runner.invoke(app, ["rules", "test", str(pack)])
    assert tested.exit_code == 0, tested.output
    assert "6 passed, 0 failed, 3 todo" in tested.stdout
    note = write(tmp_path, "note.txt", "Session 4. Near the end she mentioned cancelling next week and looked away.\n")
    before = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated"]).stdout)
    after = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated",
                                           "--rules", str(pack)]).stdout)
    before_ids = {m["id"] for e in before["episodes"] for m in e["markers"]}
    after_ids = {m["id"] for e in after["episodes"] for m in e["markers"]}
    assert "X-CANCEL" not in before_ids
    assert "X-CANCEL" in after_ids


def test_rules_test_reports_missed_and_unexpected_examples_with_location(tmp_path: Path) -> None:
    broken = CANCEL_PACK.replace('        - "C: I had to cancel the dentist."',
                                 '        - "C: I might cancel next week."')
    pack = write(tmp_path, "cancel.yaml", broken)
    result = runner.invoke(app, ["rules", "test", str(pack)])
    assert result.exit_code == 1
    line = broken.splitlines().index('        - "C: I might cancel next week."') + 1
    assert f"{pack}:{line}: X-CANCEL unexpected hit: should not match" in result.stdout


def test_user_marker_with_shipped_id_overrides_default(tmp_path: Path) -> None:
    pack = write(tmp_path, "w5.yaml", CANCEL_PACK.replace("X-CANCEL", "W5"))
    note = Path(__file__).resolve().parent.parent / "examples" / "session-deference.yaml"  # a shipped example
    default = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated",
                                             "--no-model"]).stdout)
    assert any(m["id"] == "W5" for e in default["episodes"] for m in e["markers"])
    replaced = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated", "--no-model",
                                              "--rules", str(pack)]).stdout)
    assert not any(m["id"] == "W5" for e in replaced["episodes"] for m in e["markers"])


@pytest.mark.parametrize(
    ("broken_line", "replacement", "location", "expected"),
    [
        ("    match:", "    mach:", "6:5", "unknown key 'mach' in marker 'X-CANCEL' (did you mean 'match'?)"),
        ("    rupture: withdrawal", "    rupture: withdrawl", "4:14", "(did you mean 'withdrawal'?)"),
        ("    name: cancelling-next-week", "    name: cancelling-next-week\n    weight: heavy", "4:13",
         "weight: Input should be a valid number"),
        ("      - regex: '\\b(?:might|will|going to|thinking of|may) cancel (?:next week|our next|the next)\\b'",
         "      - regex: '(unclosed'", "7:9", "bad regex '(unclosed'"),
        ("      - regex: '\\b(?:might|will|going to|thinking of|may) cancel (?:next week|our next|the next)\\b'",
         "      - regex: 'x{1000000000}'", "7:9", "a repetition of 1000000000 is more than 1000"),
    ],
    ids=["unknown-key", "unknown-type", "wrong-type", "bad-regex", "huge-repetition"],
)
def test_rule_errors_name_file_line_and_column(tmp_path: Path, broken_line: str, replacement: str, location: str,
                                               expected: str) -> None:
    assert broken_line in CANCEL_PACK
    pack = write(tmp_path, "bad.yaml", CANCEL_PACK.replace(broken_line, replacement, 1))
    result = runner.invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rupture: error: {pack}:{location}: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def _slow_pack(tmp_path: Path, pattern: str = "(a+)+(?<!a)b") -> Path:
    """A user pack with one backtracking pattern (line 6, column 9). The default is slow on long runs of 'a'
    ending in 'b' and, since only its lookbehind refuses them, every prefilter lets it run on those texts."""
    return write(tmp_path, "slow.yaml", f"""\
        markers:
          - id: X-SLOW
            name: slow
            rupture: withdrawal
            match:
              - regex: '{pattern}'
        """)


GATES = pytest.mark.parametrize("gate", ["literals", "hyperscan"])


def _use_gate(gate: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The literal gate, or hyperscan's prefilter even for a run this small."""
    if gate == "hyperscan":
        pytest.importorskip("hyperscan")
    monkeypatch.setenv("RUPTURE_HYPERSCAN", "1" if gate == "hyperscan" else "0")


@GATES
def test_catastrophic_user_pattern_stops_with_rule_location(tmp_path: Path, gate: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _use_gate(gate, monkeypatch)
    pack = _slow_pack(tmp_path)
    transcript = write(tmp_path, "t.txt", "Therapist: Hello.\nClient: " + "a" * 4000 + "b\n")
    other = write(tmp_path, "u.txt", "Therapist: Hi.\nClient: " + "a" * 4000 + "b\n")
    result = runner.invoke(app, ["analyze", str(transcript), str(other), "--rules", str(pack), "--isolated"])
    assert result.exit_code == 2
    assert f"{pack}:6:9: pattern '(a+)+(?<!a)b' took longer than" in result.stderr
    assert result.stderr.count("took longer") == 1  # the run stops instead of timing out on every file


@GATES
def test_a_catastrophic_pattern_never_hangs_the_run(tmp_path: Path, gate: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The promise, whichever gate runs: a prefilter that proves the pattern cannot match skips it (the run
    goes on), otherwise the pattern is stopped at its time limit, naming its rule. Either way the run ends."""
    _use_gate(gate, monkeypatch)
    pack = _slow_pack(tmp_path, "(a+)+$")
    transcript = write(tmp_path, "t.txt", "Therapist: Hello.\nClient: " + "a" * 4000 + "b\n")
    started = time.perf_counter()
    result = runner.invoke(app, ["analyze", str(transcript), "--rules", str(pack), "--isolated", "--no-model"])
    assert time.perf_counter() - started < 30
    if gate == "literals":  # no literal to require: `regex` runs and is stopped
        assert result.exit_code == 2
        assert f"{pack}:6:9: pattern '(a+)+$' took longer than" in result.stderr
    else:  # hyperscan knows no run of 'a' reaches the end before the 'b'
        assert result.exit_code == 0, result.stderr


@GATES
def test_a_pattern_slow_on_every_turn_trips_the_run_budget(tmp_path: Path, gate: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each search stays under the per-search limit; together they exceed the run's budget for the pattern."""
    import rupturecli.rules.compiled.patterns as compiled

    _use_gate(gate, monkeypatch)
    monkeypatch.setattr(compiled, "RUN_BUDGET_SECONDS", 0.5)  # the real budget is 10 s + 1 s per MB searched
    pack = _slow_pack(tmp_path)
    turns = "".join(f"Therapist: Hello {number}.\nClient: " + "a" * 200 + "b\n" for number in range(60))
    transcript = write(tmp_path, "t.txt", turns)
    result = runner.invoke(app, ["analyze", str(transcript), "--rules", str(pack), "--isolated", "--no-model"])
    assert result.exit_code == 2
    assert f"{pack}:6:9: pattern '(a+)+(?<!a)b' has spent" in result.stderr
    assert "of this run's inputs (slow on every turn, though under the per-search limit)" in result.stderr


def test_rules_new_writes_a_skeleton_that_validates_and_tests(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["rules", "new", "X-MINE", "-o", str(target)])
    assert result.exit_code == 0
    assert runner.invoke(app, ["rules", "check", str(target)]).exit_code == 0
    tested = runner.invoke(app, ["rules", "test", str(target)])
    assert tested.exit_code == 0, tested.output
    assert runner.invoke(app, ["rules", "new", "X-MINE", "-o", str(target)]).exit_code == 2  # never overwrites


def test_select_and_ignore_by_prefix(tmp_path: Path) -> None:
    note = write(tmp_path, "note.txt", 'She said "whatever you think is best." Later she said "this is a waste of '
                                       'time, we go round in circles."\n')

    def ids(*extra: str) -> set[str]:
        result = runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated", *extra])
        return {m["id"] for e in json.loads(result.stdout)["episodes"] for m in e["markers"]}

    assert {"W5", "C5"} <= ids()
    assert ids("--ignore", "W") == {"C5"}
    assert ids("--select", "C5") == {"C5"}
    assert ids("--select", "C", "--extend-select", "W5") >= {"C5", "W5"}


@pytest.mark.parametrize(("option", "code", "hint"), [
    ("--select", "X9", "(`rupture rules list` shows them)"),
    ("--select", "W9", "(did you mean 'W7'?)"),
    ("--ignore", "minimal-respons", "(did you mean 'minimal-response'?)"),
    ("--extend-select", "EX-INVTE", "(did you mean 'EX-INVITE'?)"),
    ("--select", "ZZ-*", "(`rupture rules list` shows them)"),
])
def test_a_code_that_matches_no_rule_is_an_error_not_an_empty_selection(tmp_path: Path, option: str, code: str,
                                                                         hint: str) -> None:
    """A typo used to turn every rule off, and `rupture check` passed with 0 findings."""
    note = write(tmp_path, "note.txt", "Therapist: How did the week go?\nClient: Honestly this is a waste of time.\n")
    for command in ("check", "analyze"):
        result = runner.invoke(app, [command, str(note), "--isolated", option, f"C5,{code}"])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr == (f"rupture: error: {option} '{code}' matches no marker, strategy or therapist "
                                 f"move {hint}\n")


def test_a_config_code_that_matches_no_rule_names_the_file(tmp_path: Path) -> None:
    config = write(tmp_path, ".rupture.toml", 'ignore = ["W2", "C55"]\n')
    note = write(tmp_path, "note.txt", "Therapist: How did the week go?\nClient: Fine.\n")
    result = runner.invoke(app, ["check", str(note)])
    assert result.exit_code == 2
    assert result.stderr == (f"rupture: error: {config.resolve()}: ignore: 'C55' matches no marker, strategy or "
                             "therapist move (did you mean 'C5'?)\n")


def test_globs_and_names_select_like_ids(tmp_path: Path) -> None:
    note = write(tmp_path, "note.txt", 'She said "whatever you think is best." Later she said "this is a waste of '
                                       'time, we go round in circles."\n')

    def ids(*extra: str) -> set[str]:
        isolated = [] if "--config" in extra else ["--isolated"]
        result = runner.invoke(app, ["analyze", str(note), "--format", "json", *isolated, *extra])
        assert result.exit_code == 0, result.output
        return {m["id"] for e in json.loads(result.stdout)["episodes"] for m in e["markers"]}

    assert ids("--select", "deference") == {"W5"}  # W5's name, in any case
    assert ids("--select", "DEFERENCE,complaint-about-progress") == {"W5", "C5"}
    assert ids("--ignore", "deference") == ids("--ignore", "W5") == {"C5"}
    assert ids("--select", "C?") == {"C5"}
    assert ids("--select", "W*", "--select", "EX-*") == {"W5"}  # a glob of strategies leaves markers alone
    config = write(tmp_path, "names.toml", 'select = ["complaint-about-progress"]\n')
    assert ids("--config", str(config)) == {"C5"}


@pytest.mark.parametrize("name", ["minimal-response", "MINIMAL-RESPONSE", "W2", "w2"])
def test_rules_show_takes_a_name_as_well_as_an_id(name: str) -> None:
    result = runner.invoke(app, ["rules", "show", name])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("W2 minimal-response (withdrawal)\n")


def test_rules_show_takes_a_strategy_name() -> None:
    result = runner.invoke(app, ["rules", "show", "invite talk about the rupture"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("EX-INVITE invite talk about the rupture")
    misspelt = runner.invoke(app, ["rules", "show", "minimal-respose"])
    assert misspelt.exit_code == 2
    assert misspelt.stderr == "rupture: error: no such rule: 'minimal-respose' (did you mean 'minimal-response'?)\n"


def test_alias_keeps_old_id_working(tmp_path: Path) -> None:
    pack = write(tmp_path, "renamed.yaml", CANCEL_PACK.replace("    name: cancelling-next-week",
                                                               "    name: cancelling-next-week\n    aliases: [X-CXL]"))
    shown = runner.invoke(app, ["rules", "show", "X-CXL", "--rules", str(pack)])
    assert shown.exit_code == 0 and "X-CANCEL" in shown.stdout
    note = write(tmp_path, "note.txt", "Near the end she mentioned cancelling next week.\n")
    result = runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated", "--rules", str(pack),
                                 "--select", "X-CXL"])
    assert {m["id"] for e in json.loads(result.stdout)["episodes"] for m in e["markers"]} == {"X-CANCEL"}


def test_closest_config_applies_and_isolated_ignores_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.rupture]\nselect = ["C"]\n', encoding="utf-8")
    folder = tmp_path / "clients" / "a"
    folder.mkdir(parents=True)
    (folder / ".rupture.toml").write_text('ignore = ["C5"]\n', encoding="utf-8")
    note = write(folder, "note.txt", 'She said "whatever you think is best." Then: "this is a waste of time."\n')
    closest = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--no-model"]).stdout)
    assert {m["id"] for e in closest["episodes"] for m in e["markers"]} == {"W5"}
    isolated = json.loads(runner.invoke(app, ["analyze", str(note), "--format", "json", "--isolated",
                                              "--no-model"]).stdout)
    assert {"W5", "C5"} <= {m["id"] for e in isolated["episodes"] for m in e["markers"]}
    shown = runner.invoke(app, ["config", "show", str(note)])
    assert f'ignore = ["C5"]    # {(folder / ".rupture.toml").resolve()}' in shown.stdout


def test_config_extend_env_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = write(tmp_path, "base.toml", 'ignore = ["W"]\n')
    child = write(tmp_path, "child.toml", 'extend = "base.toml"\nselect = ["C5", "W5"]\n')
    monkeypatch.setenv("RUPTURE_CONFIG", str(child))
    shown = runner.invoke(app, ["config", "show"])
    assert f'ignore = ["W"]    # {base.resolve()}' in shown.stdout
    assert f'select = ["C5", "W5"]    # {child.resolve()}' in shown.stdout
    bad = write(tmp_path, "bad.toml", 'selekt = ["C"]\n')
    result = runner.invoke(app, ["config", "show", "--config", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1: unknown config key 'selekt' (did you mean 'select'?)" in result.stderr


def test_config_show_lists_the_check_thresholds_and_where_they_came_from(tmp_path: Path) -> None:
    config = write(tmp_path, ".rupture.toml", "[check]\nfail-on-significance = 4\n")
    shown = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert f"check.fail-on-significance = 4    # {config.resolve()}" in shown.stdout
    assert "check.max-ruptures = null    # not set" in shown.stdout
    default = runner.invoke(app, ["config", "show", "--isolated"])
    assert "check: an episode with significance >= 3, not resolved fails    # default" in default.stdout


def test_every_shipped_pattern_compiles() -> None:
    """Shipped patterns are compiled on first use (a short note meets few of them): check them all here."""
    import dataclasses

    from rupturecli.rules.compiled import CompiledPattern, build_rule_set

    def patterns(value: object) -> list[CompiledPattern]:
        if isinstance(value, CompiledPattern):
            return [value]
        if isinstance(value, (tuple, list)):
            return [found for item in value for found in patterns(item)]
        if isinstance(value, dict):
            return [found for item in value.values() for found in patterns(item)]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [found for item in dataclasses.fields(value) for found in patterns(getattr(value, item.name))]
        return []

    found = patterns(build_rule_set())
    assert len(found) > 300
    assert all(pattern.compiled.pattern == pattern.expression for pattern in found)


# --- the guards' word lists are data: rules/stages.yaml `guidance: negation:` and `hypothetical:` -------------------

ROOT_RULES = Path(__file__).resolve().parent.parent / "rules"
HEDGED = "Therapist: How are you finding the sessions?\nClient: Honestly, I rarely think this is a waste of time.\n"


def _markers(tmp_path: Path, *options: str) -> list[str]:
    note = tmp_path / "session.txt"
    note.write_text(HEDGED, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(note), "--format", "json", "--no-model", "--isolated",
                                      *options])
    assert result.exit_code == 0, result.output
    return [marker["id"] for episode in json.loads(result.stdout)["episodes"] for marker in episode["markers"]]


def test_a_pack_can_add_a_negation_word_without_touching_python(tmp_path: Path) -> None:
    assert _markers(tmp_path) == ["C5"]  # "rarely" is not one of the shipped negation words
    stages = (ROOT_RULES / "stages.yaml").read_text(encoding="utf-8")
    shipped = 'words: [not, "no", never, hardly, barely, nobody, nothing, without, nor]'
    assert shipped in stages
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "stages.yaml").write_text(stages.replace(shipped, shipped[:-1] + ", rarely]"), encoding="utf-8")
    assert _markers(tmp_path, "--rules", str(pack)) == []


def test_guard_words_are_checked_with_file_and_line(tmp_path: Path) -> None:
    stages = (ROOT_RULES / "stages.yaml").read_text(encoding="utf-8")
    broken = stages.replace("    window: 3\n", "    window: 0\n", 1)
    assert broken != stages
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "stages.yaml").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert "stages.yaml:" in result.stderr and "guidance.negation.window" in result.stderr


def test_rules_check_names_every_broken_file_of_a_pack_folder(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    write(folder, "b.yaml", "markers:\n  - id: X-B\n    name: b\n    rupture: withdrawl\n    match: [hello there]\n")
    write(folder, "c.yaml", "markers:\n  - id: X-C\n    name: c\n    rupture: withdrawal\n    mach: [hi]\n")
    result = runner.invoke(app, ["rules", "check", str(folder)])
    assert result.exit_code == 2
    assert "b.yaml:4:14: " in result.stderr and "c.yaml:5:5: unknown key 'mach'" in result.stderr
    assert result.stderr.count("\n") == 2 and "Traceback" not in result.stderr


def test_rules_check_lists_every_schema_error_of_one_file_in_file_order(tmp_path: Path) -> None:
    """Mending a pack takes one round, not one per error: each error on its own line, with its line and column."""
    pack = write(tmp_path, "mine.yaml", textwrap.dedent("""\
        markers:
          - id: X-ONE
            name: one
            rupture: sulking
            match: ["heavy sigh"]
          - id: X-TWO
            name: two
            rupture: withdrawal
            mach: ["long pause"]
          - id: x-three
            name: three
            rupture: withdrawal
            match: ["(never closed"]
        """))
    result = runner.invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [re.search(r"mine\.yaml:(\d+):(\d+): ", line).groups() for line in lines] == [  # type: ignore[union-attr]
        ("4", "14"), ("9", "5"), ("10", "9"), ("13", "13")]
    assert "unknown key 'mach' in marker 'X-TWO' (did you mean 'match'?)" in lines[1]
    assert "'x-three' is no rule id: capital letters and digits" in lines[2]
    assert "bad phrase '(never closed'" in lines[3]


def test_a_bad_regex_is_shown_as_written(tmp_path) -> None:
    """repr() doubled every backslash: '\\\\d{2000}' where the file says '\\d{2000}'."""
    from typer.testing import CliRunner

    from rupturecli.cli import app

    pack = tmp_path / "bad.yaml"
    pack.write_text('markers:\n  - id: W9\n    name: test\n    rupture: withdrawal\n    match:\n'
                    '      - regex: "\\\\d{2000}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert "bad regex '\\d{2000}': a repetition of 2000" in result.stderr


def test_an_empty_rule_file_is_valid_with_a_warning(tmp_path) -> None:
    from typer.testing import CliRunner

    from rupturecli.cli import app

    for name, text in (("empty.yaml", ""), ("comment.yaml", "# rules to come\n"), ("none.yaml", "markers: []\n")):
        pack = tmp_path / name
        pack.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["rules", "check", str(pack)])
        assert result.exit_code == 0, result.output
        assert result.stderr == f"rupture: warning: {pack}: holds no rules (no markers, contexts, strategies or " \
                                "moves): it adds nothing\n"


def test_rules_check_names_every_bad_pattern_of_a_pack_in_one_round(tmp_path) -> None:
    from typer.testing import CliRunner

    from rupturecli.cli import app

    pack = tmp_path / "multi.yaml"
    pack.write_text('markers:\n  - id: W9\n    name: one\n    rupture: withdrawal\n    match:\n'
                    '      - regex: "a{1000000000}"\n      - regex: "(?:so )?"\n'
                    '  - id: W8\n    name: two\n    rupture: withdrawal\n    match:\n      - regex: "(unclosed"\n',
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(": bad regex")[0] for line in lines] == [
        f"rupture: error: {pack}:6:9", f"rupture: error: {pack}:7:9", f"rupture: error: {pack}:12:9"]
    analysed = CliRunner().invoke(app, ["analyze", "-", "--rules", str(pack)], input="Client: Fine.\n")
    assert analysed.exit_code == 2 and analysed.stderr.count("\n") == 1  # a run still says the first, in one line
