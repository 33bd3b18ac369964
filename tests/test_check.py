"""`rupture check` and `rupture baseline create`: exit codes, thresholds, CI formats, privacy and baselines.

Every transcript here is synthetic and written for these tests. Each test works in its own tmp_path
(the cwd too, so repo-relative paths are simple) and ignores any config file unless it writes one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.rules.compiled import build_rule_set
from written_dialogues import DIARY

SHARED = Path(__file__).resolve().parents[2] / "shared"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
ENV: dict[str, str | None] = {"RUPTURE_CONFIG": None, "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}

# An unaddressed withdrawal of significance 5 (a threat to stop coming): fails the default threshold.
PRESSURE = """\
Therapist: You have to start walking every day, the doctor was very clear about it.
Client: Sure, fine.
Therapist: I mean it, skipping it again is not an option this time. How many days will you commit to?
Client: Whatever you think.
Therapist: Five days, then. Write it down before you leave.
Client: Okay.
Therapist: Next week I want to see the log, no excuses.
Client: Yeah. Can I go now? I'm thinking of stopping coming.
"""
# DIARY (written_dialogues.py): a resolved confrontation of significance 2, reported but below the default
# threshold.
# No rupture at all.
CALM = """\
Therapist: What would you like to focus on today?
Client: I want to talk about the new job and how the first week went, because it was better than I expected.
Therapist: What made it better than you expected?
Client: My team was friendly and my manager explained everything slowly, so I felt less rushed than at the old place.
"""
# A second, separate withdrawal episode to append to DIARY.
LATER_WITHDRAWAL = """\
Therapist: One more thing: you must call your sister before Friday, no arguments.
Client: Fine.
Therapist: Promise me you will do it, it matters.
Client: Whatever you say.
Therapist: Good, then that is settled.
Client: Can I go now?
"""
# Client words from the transcripts above that must never leak by default.
QUOTES = ["Sure, fine.", "Whatever you think.", "Can I go now?", "This diary is useless.",
          "filling in a chart is going to help"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str | None] | None = None, isolated: bool = True, moves: bool = False) -> Any:
    """The CLI in-process; config files are ignored unless a test writes one and asks for it.

    The thresholds, formats and baselines are tested on the rules alone (`--no-model`), so a retrained
    model cannot move these expectations; tests/test_model.py covers `check` with the model. The
    therapist-move findings (TC-*) are left out (`--ignore TC`) unless a test asks for them (`moves=True`).
    """
    arguments = [*args, "--isolated"] if isolated else list(args)
    if args and (args[0] == "check" or args[:2] == ("baseline", "create")):
        arguments.append("--no-model")
        if not moves:
            arguments += ["--ignore", "TC"]
    return CliRunner().invoke(app, arguments, env={**ENV, **(env or {})})


def findings_of(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.strip()]


# ---- exit codes and thresholds -------------------------------------------------------------------------------


def test_default_threshold_fails_on_unrepaired_significant_episode(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    result = run("check", "pressure.txt")
    assert result.exit_code == 1, result.output
    lines = findings_of(result.stdout)
    assert len(lines) == 1 and lines[0].startswith("pressure.txt:2:1: W2 Withdrawal rupture")
    assert "significance 5/5" in result.stdout and "unaddressed" in result.stdout and "Next step:" in result.stdout
    assert "significance >= 3, not resolved" in result.stderr


def test_the_summary_names_each_finding_at_or_past_the_threshold(workdir: Path) -> None:
    """The summary once said '2 at or past the threshold' without saying which."""
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "later/again.txt", CALM + LATER_WITHDRAWAL)
    write(workdir, "diary.txt", DIARY)  # reported, under the threshold: not listed
    for output_format in ("concise", "sarif"):
        result = run("check", "pressure.txt", "diary.txt", "later", "--format", output_format,
                     "--fail-on-significance", "2", "--fail-on-unrepaired")
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines() == [
            "rupture check: 3 files, 3 findings, 2 at or past the threshold (an episode with significance >= 2, "
            "not resolved): fail:",
            "  pressure.txt:2:1: W2 (turn 2, withdrawal episode 1, significance 5/5, unaddressed)",
            "  later/again.txt:8:1: W5 (turn 8, withdrawal episode 1, significance 3/5, unaddressed)"]
    passing = run("check", "diary.txt")
    assert passing.stderr.endswith("): pass\n") and passing.stderr.count("\n") == 1
    assert run("check", "pressure.txt", "-q").stderr == ""


def test_resolved_and_clean_files_pass_by_default(workdir: Path) -> None:
    write(workdir, "diary.txt", DIARY)
    write(workdir, "calm.txt", CALM)
    result = run("check", "diary.txt", "calm.txt")
    assert result.exit_code == 0, result.output
    lines = findings_of(result.stdout)
    assert len(lines) == 1 and lines[0].startswith("diary.txt:2:1: C3 Confrontation rupture")


@pytest.mark.parametrize(("flags", "pressure_exit", "diary_exit"), [
    (["--fail-on-significance", "2"], 1, 1),
    (["--fail-on-significance", "4"], 1, 0),
    (["--fail-on-significance", "5"], 1, 0),
    (["--fail-on-unrepaired"], 1, 0),
    (["--fail-on-type", "confrontation"], 0, 1),
    (["--fail-on-type", "withdrawal"], 1, 0),
    (["--fail-on-type", "confrontation", "--fail-on-unrepaired"], 0, 0),
    (["--max-ruptures", "0"], 1, 1),
    (["--max-ruptures", "1"], 0, 0),
])
def test_each_threshold(workdir: Path, flags: list[str], pressure_exit: int, diary_exit: int) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY)
    assert run("check", "pressure.txt", *flags).exit_code == pressure_exit
    assert run("check", "diary.txt", *flags).exit_code == diary_exit


def test_fail_on_type_repeated_fails_on_any_of_the_types(workdir: Path) -> None:
    """Twice given, --fail-on-type once kept only the last type, so a withdrawal passed in silence."""
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY)
    both = ["--fail-on-type", "withdrawal", "--fail-on-type", "confrontation"]
    withdrawal = run("check", "pressure.txt", *both)
    assert withdrawal.exit_code == 1
    assert "(a withdrawal or confrontation episode)" in withdrawal.stderr
    assert run("check", "diary.txt", *both).exit_code == 1
    assert run("check", "diary.txt", *both, "--fail-on-significance", "3").exit_code == 0
    write(workdir, ".rupture.toml", '[check]\nfail-on-type = ["confrontation", "withdrawal"]\n')
    assert run("check", "pressure.txt", isolated=False).exit_code == 1
    assert run("check", "diary.txt", isolated=False).exit_code == 1


def test_max_ruptures_explains_itself(workdir: Path) -> None:
    write(workdir, "diary.txt", DIARY + LATER_WITHDRAWAL)
    result = run("check", "diary.txt", "--max-ruptures", "1")
    assert result.exit_code == 1
    assert result.stdout.count("2 rupture episodes in this file, more than the maximum of 1") == 2


def test_exit_zero_reports_but_passes(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    result = run("check", "pressure.txt", "--exit-zero")
    assert result.exit_code == 0
    assert "pressure.txt:2:1: W2" in result.stdout
    assert "--exit-zero" in result.stderr


def test_bad_input_exits_2_after_checking_the_others(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    (workdir / "empty.txt").write_text("", encoding="utf-8")
    result = run("check", "missing.txt", "empty.txt", "pressure.txt", "--exit-zero")
    assert result.exit_code == 2
    assert "pressure.txt:2:1: W2" in result.stdout
    assert "missing.txt" in result.stderr and "empty.txt" in result.stderr


@pytest.mark.parametrize("flags", [["--fail-on-significance", "9"], ["--fail-on-type", "sulking"], ["--format", "xml"]])
def test_usage_errors_exit_2(workdir: Path, flags: list[str]) -> None:
    write(workdir, "calm.txt", CALM)
    assert run("check", "calm.txt", *flags).exit_code == 2


def test_bad_rule_pack_exits_2(workdir: Path) -> None:
    write(workdir, "calm.txt", CALM)
    write(workdir, "pack/bad.yaml", "markers:\n  - id: X-BAD\n    name: bad\n    rupture: sulking\n    match: [x]\n")
    result = run("check", "calm.txt", "--rules", "pack")
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr


def test_thresholds_from_config_and_flags_override(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY)
    write(workdir, ".rupture.toml", '[check]\nfail-on-type = "confrontation"\n')
    assert run("check", "diary.txt", isolated=False).exit_code == 1
    assert run("check", "pressure.txt", isolated=False).exit_code == 0
    assert run("check", "diary.txt", "--fail-on-type", "withdrawal", isolated=False).exit_code == 0
    write(workdir, "pyproject.toml", '[tool.rupture.check]\nfail-on-significance = 5\n')
    (workdir / ".rupture.toml").unlink()
    assert run("check", "diary.txt", isolated=False).exit_code == 0
    assert run("check", "diary.txt", "--fail-on-significance", "2", isolated=False).exit_code == 1


@pytest.mark.parametrize("table", ['fail-on-signifcance = 3', 'fail-on-significance = "high"',
                                   'max-ruptures = -1', 'fail-on-type = "sulking"', 'fail-on-type = []',
                                   'fail-on-type = ["withdrawal", "sulking"]'])
def test_bad_check_config_exits_2_naming_the_file(workdir: Path, table: str) -> None:
    write(workdir, "calm.txt", CALM)
    write(workdir, ".rupture.toml", f"# the gate of our practice runs\n[check]\n{table}\n")
    result = run("check", "calm.txt", isolated=False)
    assert result.exit_code == 2
    assert ".rupture.toml:3: " in result.stderr  # the file and the key's line
    if "signifcance" in table:
        assert "did you mean 'fail-on-significance'" in result.stderr


# ---- formats ----------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema(workdir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} is not there (../shared is absent)")
    write(workdir, "sub dir/pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY)
    write(workdir, "calm.txt", CALM)
    result = run("check", ".", "--format", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    document = json.loads((workdir / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [marker.id for marker in build_rule_set().markers]
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help"} <= set(rule)
    results = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result
               for result in run_["results"]}
    assert set(results) == {"sub%20dir/pressure.txt", "diary.txt"}
    for result in results.values():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert list(result["partialFingerprints"]) == ["ruptureEpisode/v1"]
    assert results["sub%20dir/pressure.txt"]["level"] == "error"
    assert results["diary.txt"]["level"] == "warning"
    assert results["diary.txt"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1}
    # how sure: said once for the run, and per finding where it came from
    assert "finds roughly half of the rupture turns" in run_["properties"]["howSure"]
    assert all(result["properties"]["foundBy"].startswith(("a rule", "the learned model"))
               for result in results.values())


def test_uris_are_relative_to_the_git_root(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "repo" / ".git").mkdir(parents=True)
    write(workdir, "repo/trainees/ana/pressure.txt", PRESSURE)
    monkeypatch.chdir(workdir / "repo" / "trainees")
    result = run("check", "ana", "--format", "gitlab")
    assert json.loads(result.stdout)[0]["location"]["path"] == "trainees/ana/pressure.txt"
    assert result.stdout.count("pressure.txt") == 1


def test_junit_parses_with_the_expected_counts(workdir: Path) -> None:
    junitparser = pytest.importorskip("junitparser")
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY + LATER_WITHDRAWAL)
    write(workdir, "calm.txt", CALM)
    result = run("check", "calm.txt", "diary.txt", "pressure.txt", "--format", "junit", "-o", "report.xml")
    assert result.exit_code == 1
    xml = junitparser.JUnitXml.fromfile(str(workdir / "report.xml"))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"calm.txt", "diary.txt", "pressure.txt"}
    calm = list(suites["calm.txt"])
    assert len(calm) == 1 and calm[0].is_passed
    diary = list(suites["diary.txt"])
    assert len(diary) == 2 and len({case.name for case in diary}) == 2
    # the resolved complaint passes; the later withdrawal, unaddressed and rated 3, reaches the default threshold
    assert [case.is_passed for case in diary] == [True, False]
    assert suites["diary.txt"].failures == 1
    pressure = list(suites["pressure.txt"])
    assert len(pressure) == 1 and not pressure[0].is_passed
    assert suites["pressure.txt"].failures == 1
    assert sum(suite.tests for suite in xml) == 4
    how_sure = [prop.value for prop in suites["pressure.txt"].properties() if prop.name == "how-sure"]
    assert how_sure and "finds roughly half of the rupture turns" in how_sure[0]
    assert "found by: a rule" in pressure[0].result[0].text


def test_github_annotations_are_capped_with_a_note(workdir: Path) -> None:
    for number in range(12):
        write(workdir, f"fail/p{number:02}.txt", PRESSURE)
    for number in range(11):
        write(workdir, f"warn/d{number:02}.txt", DIARY)
    result = run("check", "fail", "warn", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10
    assert errors[0].startswith("::error file=fail/p00.txt,line=2,title=W2 minimal-response::Withdrawal rupture")
    assert warnings[0].startswith("::warning file=warn/d00.txt,line=2,title=C3 complaint-about-activities::")
    assert "2 errors and 1 warning not annotated" in lines[-1]
    # the note points where the rest can be read: the step summary only inside a GitHub step
    assert lines[-1].endswith("--format sarif or junit lists every finding")
    summary = workdir / "summary.md"
    in_step = run("check", "fail", "warn", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert in_step.stdout.splitlines()[-1].endswith("the step summary lists every finding")


def test_github_step_summary_gets_the_full_table(workdir: Path) -> None:
    for number in range(12):
        write(workdir, f"p{number:02}.txt", PRESSURE)
    summary = write(workdir, "summary.md", "# earlier step\n")
    result = run("check", ".", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n")
    assert "| result | file | line | marker |" in text
    assert sum(1 for line in text.splitlines() if line.startswith("| fail |")) == 12
    # an input that could not be read is said first: the page must not look green when the step failed on it
    later = write(workdir, "later.md", "")
    unread = run("check", "p00.txt", "missing.txt", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(later)})
    assert unread.exit_code == 2
    assert "**1 input could not be read** (the check exits 2" in later.read_text(encoding="utf-8")
    assert "could not be read" not in text


def test_format_auto_picks_github_in_github_actions(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    inside = run("check", "pressure.txt", "--format", "auto", env={"GITHUB_ACTIONS": "true"})
    assert inside.stdout.startswith("::error file=pressure.txt,line=2,")
    outside = run("check", "pressure.txt", "--format", "auto")
    assert outside.stdout.startswith("pressure.txt:2:1: W2 ")


def test_gitlab_code_quality_shape(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY + LATER_WITHDRAWAL)
    result = run("check", "pressure.txt", "diary.txt", "--format", "gitlab")
    issues = json.loads(result.stdout)
    assert len(issues) == 3
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["path"], str) and isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["severity"] in {"major", "minor"}
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert [(issue["check_name"], issue["severity"], issue["location"]["lines"]["begin"]) for issue in issues] == [
        ("W2", "major", 2), ("C3", "minor", 2), ("W5", "major", 12)]


# ---- privacy --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["concise", "sarif", "junit", "github", "gitlab"])
def test_no_client_words_unless_asked(workdir: Path, output_format: str) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    write(workdir, "diary.txt", DIARY)
    summary = workdir / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    private = run("check", "pressure.txt", "diary.txt", "--format", output_format, "--fail-on-significance", "1",
                  env=env)
    text = private.stdout + private.stderr + (summary.read_text(encoding="utf-8") if summary.exists() else "")
    for quote in QUOTES:
        assert quote not in text
    summary.unlink(missing_ok=True)
    shared = run("check", "pressure.txt", "diary.txt", "--format", output_format, "--fail-on-significance", "1",
                 "--include-quotes", env=env)
    text = shared.stdout + (summary.read_text(encoding="utf-8") if summary.exists() else "")
    for quote in QUOTES:
        assert quote in text


# ---- baselines ------------------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.txt"))}


def test_baseline_then_check_reports_nothing_new(workdir: Path) -> None:
    write(workdir, "t/pressure.txt", PRESSURE)
    write(workdir, "t/diary.txt", DIARY)
    before = digest(workdir / "t")
    created = run("baseline", "create", "t", "-o", "baseline.json")
    assert created.exit_code == 0, created.output
    document = json.loads((workdir / "baseline.json").read_text(encoding="utf-8"))
    assert len(document["findings"]) == 2
    assert all(quote not in json.dumps(document) for quote in QUOTES)
    result = run("check", "t", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert digest(workdir / "t") == before  # transcripts are never edited


def test_baseline_reports_a_new_rupture(workdir: Path) -> None:
    diary = write(workdir, "diary.txt", DIARY)
    assert run("baseline", "create", "diary.txt", "-o", "baseline.json").exit_code == 0
    diary.write_text(DIARY + LATER_WITHDRAWAL, encoding="utf-8")
    result = run("check", "diary.txt", "--baseline", "baseline.json", "--fail-on-significance", "1")
    assert result.exit_code == 1
    lines = findings_of(result.stdout)
    assert len(lines) == 1 and lines[0].startswith("diary.txt:12:1: W5 Withdrawal rupture")


def test_the_summary_says_how_many_findings_the_baseline_accepted(workdir: Path) -> None:
    """It once counted only the new findings, so an accepted one looked like none at all."""
    diary = write(workdir, "diary.txt", DIARY)
    write(workdir, "pressure.txt", PRESSURE)
    assert run("baseline", "create", "diary.txt", "pressure.txt", "-o", "baseline.json").exit_code == 0
    diary.write_text(DIARY + LATER_WITHDRAWAL, encoding="utf-8")
    result = run("check", "diary.txt", "pressure.txt", "--baseline", "baseline.json")
    assert result.stderr.startswith("rupture check: 2 files, 1 new finding, 2 findings accepted by the baseline, "
                                    "1 at or past the threshold"), result.stderr
    alone = run("check", "pressure.txt", "--baseline", "baseline.json")
    assert alone.stderr.startswith("rupture check: 1 file, 0 new findings, 1 finding accepted by the baseline, "
                                   "0 at or past the threshold"), alone.stderr
    without = run("check", "pressure.txt")
    assert "accepted by the baseline" not in without.stderr


def test_fingerprints_survive_moved_lines(workdir: Path) -> None:
    pressure = write(workdir, "pressure.txt", PRESSURE)
    diary = write(workdir, "diary.txt", DIARY + LATER_WITHDRAWAL)
    assert run("baseline", "create", "pressure.txt", "diary.txt", "-o", "baseline.json").exit_code == 0
    first = json.loads(run("check", "pressure.txt", "diary.txt", "--format", "gitlab").stdout)
    opening = ("Therapist: Good to see you. Shall we start with the week?\n"
               "Client: Yes, the week was long but I am glad to be here and talk it through with you.\n\n\n")
    pressure.write_text("\n\n\n" + PRESSURE, encoding="utf-8")
    diary.write_text(opening + DIARY + "\n" + LATER_WITHDRAWAL, encoding="utf-8")
    moved = json.loads(run("check", "pressure.txt", "diary.txt", "--format", "gitlab").stdout)
    assert [issue["location"]["lines"]["begin"] for issue in moved] != [
        issue["location"]["lines"]["begin"] for issue in first]
    assert [issue["fingerprint"] for issue in moved] == [issue["fingerprint"] for issue in first]
    result = run("check", "pressure.txt", "diary.txt", "--baseline", "baseline.json", "--fail-on-significance", "1")
    assert result.exit_code == 0 and result.stdout == "", result.output


def test_sarif_fingerprints_match_the_baseline_and_ignore_include_quotes(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    run("baseline", "create", "pressure.txt", "-o", "baseline.json")
    accepted = [entry["fingerprint"] for entry in json.loads((workdir / "baseline.json").read_text())["findings"]]
    for extra in ([], ["--include-quotes"]):
        sarif = json.loads(run("check", "pressure.txt", "--format", "sarif", *extra).stdout)
        assert [result["partialFingerprints"]["ruptureEpisode/v1"] for result in sarif["runs"][0]["results"]] \
            == accepted


def test_bad_baseline_exits_2(workdir: Path) -> None:
    write(workdir, "calm.txt", CALM)
    write(workdir, "baseline.json", "{not json")
    result = run("check", "calm.txt", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "baseline.json" in result.stderr
    assert run("check", "calm.txt", "--baseline", "nowhere.json").exit_code == 2


# ---- the therapist's side (issue: what the trainee did before and after each rupture) ------------------------

# A warning right before a defensive reply, then a second warning before any repair.
WARNED = """\
Therapist: If you keep drinking like this you could end up with liver damage, and that's serious.
Client: I'm not an idiot, I know what I'm doing with my own life.
Therapist: I'm worried you're hurting yourself more than you realise.
Client: You sound like my mother.
"""


def test_a_warning_before_a_rupture_is_a_finding_at_the_therapist_turn(workdir: Path) -> None:
    write(workdir, "warned.txt", WARNED)
    result = run("check", "warned.txt", "--fail-on-contribution", "clear", moves=True)
    assert result.exit_code == 1, result.output
    lines = findings_of(result.stdout)
    move = [line for line in lines if " TC-" in line]
    assert len(move) == 1 and move[0].startswith("warned.txt:1:1: TC-WARN Turn 1: a warning about consequences")
    assert "came right before the client's confrontation" in move[0] and "at turn 2" in move[0]
    assert "more of the same at turn 3" in move[0] and "consider instead" in move[0]
    assert "idiot" not in result.stdout  # no client words without --include-quotes
    # the summary names the therapist's turn by its location and the client's turn it came before
    assert "  warned.txt:1:1: TC-WARN (before the client's turn 2, confrontation episode 1," in result.stderr


def test_contribution_gate_levels_and_default(workdir: Path) -> None:
    write(workdir, "warned.txt", WARNED)
    reported = run("check", "warned.txt", "--fail-on-type", "withdrawal", moves=True)
    assert reported.exit_code == 0, reported.output  # reported as a warning, never failing without the gate
    assert " TC-WARN " in reported.stdout
    ignored = run("check", "warned.txt", "--fail-on-type", "withdrawal", "--fail-on-contribution", "possible",
                  moves=True)
    assert ignored.exit_code == 1
    assert "a possible or clear therapist contribution" in ignored.stderr


def test_min_repair_rate_fails_a_file_with_too_few_repairs(workdir: Path) -> None:
    write(workdir, "diary.txt", DIARY)  # resolved
    write(workdir, "pressure.txt", PRESSURE)  # unaddressed
    result = run("check", "diary.txt", "pressure.txt", "--min-repair-rate", "0.5")
    assert result.exit_code == 1
    failing = [line for line in findings_of(result.stdout) if line.startswith("pressure.txt")]
    assert failing and "0 of 1 episodes in this file resolved, under the minimum of 50%" in failing[0]
    # the summary says which gate each failing finding broke: here the file's, not the episode's own
    listed = [line for line in result.stderr.splitlines() if line.startswith("  pressure.txt")]
    assert listed and all(line.endswith("0 of 1 episodes in this file resolved, under the minimum of 50%")
                          for line in listed), result.stderr
    assert run("check", "diary.txt", "--min-repair-rate", "0.5").exit_code == 0


def test_min_repair_rate_in_config_is_validated(workdir: Path) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    (workdir / "rupture.toml").write_text("[check]\nmin-repair-rate = 3\n", encoding="utf-8")
    result = run("check", "pressure.txt", "--config", "rupture.toml", isolated=False)
    assert result.exit_code == 2 and "min-repair-rate must be a number from 0 to 1" in result.stderr


# No rupture: the client keeps talking while the therapist lectures and warns in two of four turns.
LECTURING = """\
Therapist: What made you decide to come in this week?
Client: My wife is worried about how much I have been drinking since the layoff.
Therapist: The research is clear that heavy drinking doubles the risk of depression, so it needs to stop.
Client: I know it has been more than usual, most nights now.
Therapist: If you keep going like this you could lose your licence, and that would be serious.
Client: The last time I drove after a few I was lucky nobody stopped me.
Therapist: What would you like to be different a month from now?
Client: I would like to be sleeping properly and not dreading the mornings.
"""


def test_max_straining_rate_fails_a_file_whose_therapist_strains_too_often(workdir: Path) -> None:
    write(workdir, "lecturing.txt", LECTURING)
    result = run("check", "lecturing.txt", "--max-straining-rate", "20", moves=True)
    assert result.exit_code == 1, result.output
    [finding] = [line for line in findings_of(result.stdout) if "Straining moves" in line]
    assert finding.startswith("lecturing.txt:3:1: TC-RATE ")  # at the therapist's first straining turn
    assert "Straining moves in 50 of every 100 therapist turns of this transcript" in finding
    assert "Over the maximum of 20" in finding and "consider instead" in finding
    assert "straining moves in 50 of every 100 therapist turns, from turn 3" in result.stderr
    # accepted in a baseline like any finding: one stable fingerprint per file
    assert run("baseline", "create", "lecturing.txt", "-o", "base.json", moves=True).exit_code == 0
    assert run("check", "lecturing.txt", "--max-straining-rate", "20", "--baseline", "base.json",
               moves=True).exit_code == 0
    refused = run("check", "lecturing.txt", "--max-straining-rate", "20", "--ignore", "TC")
    assert refused.exit_code == 2 and "needs the therapist moves" in refused.stderr
    passing = run("check", "lecturing.txt", "--max-straining-rate", "50", moves=True)
    assert passing.exit_code == 0  # 50 is not more than 50: reported, not failing
    assert any("Straining moves" in line for line in findings_of(passing.stdout))
    assert not any("Straining moves" in line for line in findings_of(run("check", "lecturing.txt",
                                                                            moves=True).stdout))


def test_max_straining_rate_in_sarif_junit_and_config(workdir: Path) -> None:
    write(workdir, "lecturing.txt", LECTURING)
    sarif = json.loads(run("check", "lecturing.txt", "--max-straining-rate", "20", "-f", "sarif", moves=True).stdout)
    results = sarif["runs"][0]["results"]
    [result] = [item for item in results if "strainingMovesPer100TherapistTurns" in item["properties"]]
    assert result["level"] == "error" and result["properties"]["strainingMovesPer100TherapistTurns"] == 50.0
    assert result["ruleId"] == "TC-RATE"
    assert "TC-RATE" in [rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    if SARIF_SCHEMA.is_file():  # ../shared holds the schema; jsonschema is a test dependency
        import jsonschema

        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    junit = run("check", "lecturing.txt", "--max-straining-rate", "20", "-f", "junit", moves=True).stdout
    assert 'name="straining moves in every therapist turn"' in junit and "<failure" in junit
    (workdir / "rupture.toml").write_text("[check]\nmax-straining-rate = 20\n", encoding="utf-8")
    assert run("check", "lecturing.txt", "--config", "rupture.toml", isolated=False, moves=True).exit_code == 1
    (workdir / "rupture.toml").write_text("[check]\nmax-straining-rate = 150\n", encoding="utf-8")
    refused = run("check", "lecturing.txt", "--config", "rupture.toml", isolated=False, moves=True)
    assert refused.exit_code == 2 and "max-straining-rate must be a number from 0 to 100" in refused.stderr


def test_sarif_and_junit_carry_the_therapist_move(workdir: Path) -> None:
    write(workdir, "warned.txt", WARNED)
    sarif = json.loads(run("check", "warned.txt", "-f", "sarif", moves=True).stdout)
    run_data = sarif["runs"][0]
    rules = {rule["id"]: rule for rule in run_data["tool"]["driver"]["rules"]}
    assert "TC-WARN" in rules and "therapist contribution" in rules["TC-WARN"]["shortDescription"]["text"]
    move = [result for result in run_data["results"] if result["ruleId"] == "TC-WARN"]
    assert move[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert move[0]["properties"]["contribution"] == "clear"
    assert move[0]["properties"]["foundBy"] == "a rule (clear move)"  # how the move was found, not the rupture
    junit = run("check", "warned.txt", "-f", "junit", moves=True).stdout
    assert 'name="episode 1: therapist move TC-WARN before confrontation"' in junit
    # below the threshold too, the test case carries the supervisor's note on the move, not only its name
    case = junit.split('name="episode 1: therapist move TC-WARN before confrontation"', 1)[1].split("</testcase>")[0]
    assert "contribution: clear: Turn 1: a warning about consequences came right before" in case
    assert "found by: a rule (clear move)" in case


def test_a_missing_baseline_says_how_to_make_one(tmp_path: Path) -> None:
    note = tmp_path / "s.txt"
    note.write_text("Therapist: How was the week?\nClient: Whatever.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(note), "--baseline", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "no such baseline (make one first: rupture baseline create" in result.stderr


def test_a_contribution_gate_without_move_rules_is_refused(workdir: Path) -> None:
    write(workdir, "warned.txt", WARNED)
    refused = run("check", "warned.txt", "--fail-on-contribution", "clear", "--ignore", "TC")
    assert refused.exit_code == 2, refused.output  # it could never fail: no silent pass
    assert "--fail-on-contribution needs the therapist moves" in refused.stderr
    (workdir / "rupture.toml").write_text('[check]\nfail-on-contribution = "possible"\n', encoding="utf-8")
    from_config = run("check", "warned.txt", "--config", "rupture.toml", "--ignore", "TC", isolated=False)
    assert from_config.exit_code == 2 and "fail-on-contribution needs the therapist moves" in from_config.stderr


@pytest.mark.parametrize(("flags", "described"), [
    (["--fail-on-unrepaired"], "(an episode not resolved)"),
    (["--fail-on-type", "confrontation"], "(a confrontation episode)"),
    (["--fail-on-significance", "4", "--fail-on-unrepaired", "--fail-on-type", "withdrawal"],
     "(a withdrawal episode with significance >= 4, not resolved)"),
])
def test_the_threshold_reads_as_a_sentence(workdir: Path, flags: list[str], described: str) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    result = run("check", "pressure.txt", *flags)
    assert described in result.stderr, result.stderr


def test_an_unreadable_input_is_in_the_ci_reports_too(workdir: Path) -> None:
    """A test-report view or code-scanning page must not look green when a transcript could not be read."""
    junitparser = pytest.importorskip("junitparser")
    write(workdir, "pressure.txt", PRESSURE)
    (workdir / "week 2 & notes.txt").write_text("", encoding="utf-8")
    result = run("check", "pressure.txt", "week 2 & notes.txt", "--format", "junit", "-o", "report.xml")
    assert result.exit_code == 2
    xml = junitparser.JUnitXml.fromfile(str(workdir / "report.xml"))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"pressure.txt", "week 2 & notes.txt"}
    [case] = list(suites["week 2 & notes.txt"])
    assert suites["week 2 & notes.txt"].errors == 1 and suites["week 2 & notes.txt"].tests == 1
    assert isinstance(case.result[0], junitparser.Error) and "empty file" in case.result[0].message
    assert xml.errors == 1 and xml.tests == 2 and xml.failures == 1
    sarif = json.loads(run("check", "pressure.txt", "week 2 & notes.txt", "--format", "sarif").stdout)
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "empty file" in notification["message"]["text"]
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "week%202%20%26%20notes.txt", "uriBaseId": "%SRCROOT%"}
    if SARIF_SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    clean = json.loads(run("check", "pressure.txt", "--format", "sarif").stdout)
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    github = run("check", "pressure.txt", "week 2 & notes.txt", "--format", "github").stdout
    assert "::error file=week 2 & notes.txt,title=cannot read the file::empty file: nothing to analyse" in github


@pytest.mark.parametrize(("changes", "said"), [
    ({"fingerprint": "ruptureEpisode/v0"}, "baseline has fingerprints 'ruptureEpisode/v0', but this rupturecli makes "
                                           "'ruptureEpisode/v1'; recreate it"),
    ({"version": 2}, "unsupported baseline version 2 (this rupturecli reads version 1); recreate it"),
    ({"version": True}, "unsupported baseline version true (this rupturecli reads version 1); recreate it"),
    ({"version": None}, "no baseline 'version' (this rupturecli reads version 1); recreate it"),
])
def test_a_baseline_from_another_version_says_what_differs(workdir: Path, changes: dict[str, Any], said: str) -> None:
    write(workdir, "pressure.txt", PRESSURE)
    assert run("baseline", "create", "pressure.txt", "-o", "base.json").exit_code == 0
    document = json.loads((workdir / "base.json").read_text(encoding="utf-8"))
    document.update(changes)
    document = {key: value for key, value in document.items() if value is not None}
    (workdir / "base.json").write_text(json.dumps(document), encoding="utf-8")
    result = run("check", "pressure.txt", "--baseline", "base.json")
    assert result.exit_code == 2 and f"rupture: error: base.json: {said}" in result.stderr, result.stderr


@pytest.mark.parametrize("text", [
    "Client: I do not want to be here.\nClient: Whatever.\nClient: This is pointless.\n",  # the client alone
    "Trainee-counsellor: How did the diary go?\nStudent (client): Fine.\nTrainee-counsellor: You must do it.\n"
    "Student (client): You never listen to me.\n",  # labels it does not know
])
def test_a_labelled_file_read_as_notes_is_said_not_passed_in_silence(workdir: Path, text: str) -> None:
    write(workdir, "practice.txt", text)
    result = run("check", "practice.txt")
    assert result.exit_code == 0  # nothing found is no failure, but the log says why there was nothing to find
    assert ("rupture: note: practice.txt: read as narrative notes, though most of its lines start with a speaker "
            "label: no pair of therapist and client labels was recognised; name them with --therapist-label and "
            "--client-label, or give --input-kind transcript") in result.stderr, result.stderr
    assert "Whatever" not in result.stderr and "Student" not in result.stderr  # never note text or labels
    assert "read as narrative notes" not in run("check", "practice.txt", "-q").stderr
    analysed = json.loads(run("analyze", "practice.txt", "-f", "json").stdout)
    assert any(warning.startswith("read as narrative notes") for warning in analysed["warnings"])
    assert "read as narrative notes" not in run("check", "practice.txt", "--input-kind", "notes").stderr


@pytest.mark.parametrize("text", [
    "Behavior: Came in late and kept her coat on.\nIntervention: Went over the sleep diary.\n"
    "Response: Said the diary was a waste of time.\nIntervention: Asked what felt wasted.\n"
    "Response: Gave one-word answers.\nPlan: Go back to why we keep the diary.\n",  # BIRP
    "Subjective: Reports the week was flat.\nObjective: Quiet, little eye contact.\n"
    "Assessment: Low mood, pulling back from the tasks.\nPlan: Check in on the tasks first.\n",  # SOAP
    "Data: Talked about the move.\nData: Cried when the flat came up.\nAssessment: Grief about the flat.\n"
    "Goals: Name one thing to keep.\nPlan: Weekly sessions.\n",  # DAP with goals
])
def test_a_structured_note_with_section_headings_is_no_unread_dialogue(workdir: Path, text: str) -> None:
    write(workdir, "note.txt", text)
    result = run("check", "note.txt")
    assert result.exit_code == 0
    assert "read as narrative notes" not in result.stderr, result.stderr
    analysed = json.loads(run("analyze", "note.txt", "-f", "json").stdout)
    assert not any("read as narrative notes" in warning for warning in analysed["warnings"]), analysed["warnings"]


def test_a_bad_value_in_a_pyproject_names_its_line(workdir: Path) -> None:
    write(workdir, "calm.txt", CALM)
    write(workdir, "pyproject.toml", '[project]\nname = "x"\n\n[tool.rupture]\nrules = 3\n')
    result = run("check", "calm.txt", isolated=False)
    assert result.exit_code == 2
    assert "pyproject.toml:5: 'rules' must be a list of strings" in result.stderr


def test_the_summary_never_says_pass_when_an_input_was_not_read(workdir: Path) -> None:
    """Exit 2 and 'pass' in one run would leave a reader unsure which to believe."""
    result = run("check", "no-such-folder")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(": 1 input not read (exit 2)"), result.stderr
    (workdir / "empty.txt").write_text("", encoding="utf-8")
    write(workdir, "pressure.txt", PRESSURE)
    mixed = run("check", "pressure.txt", "empty.txt", "missing.txt")
    assert mixed.exit_code == 2 and "2 inputs not read (exit 2); fail:" in mixed.stderr, mixed.stderr


def test_a_tie_names_no_move_the_most_frequent() -> None:
    """Two moves seen once each: the rate's finding says which came first and advises on it, and calls neither
    the most frequent; one move seen twice is named so."""
    from types import SimpleNamespace

    from rupturecli.checks.findings import straining_finding
    from rupturecli.detect.straining import FirstMove, StrainingMoves

    lecture = FirstMove("TC-LECTURE", "lecturing", 3, 3, "ask what the client already knows", "")
    warning = FirstMove("TC-WARN", "warning", 5, 5, "explore the risks in the client's words", "")
    tied = StrainingMoves((3, 5), 4, {"TC-LECTURE": 1, "TC-WARN": 1}, (lecture, warning),
                          {"TC-LECTURE": 1, "TC-WARN": 1})
    finding = straining_finding(SimpleNamespace(straining=tied, session=SimpleNamespace(file="t.txt")), "t.txt")
    assert finding is not None and "most frequent" not in finding.feedback
    assert "the first at turn 3 (lecturing): consider instead: ask what the client already knows" in finding.feedback
    leading = StrainingMoves((3, 5, 7), 4, {"TC-LECTURE": 1, "TC-WARN": 2}, (lecture, warning),
                             {"TC-LECTURE": 1, "TC-WARN": 2})
    finding = straining_finding(SimpleNamespace(straining=leading, session=SimpleNamespace(file="t.txt")), "t.txt")
    assert finding is not None
    assert "the most frequent is warning: consider instead: explore the risks" in finding.feedback


# A turn a rule reads as a lecture and, from its "you have to", as pressing too.
PRESSED_LECTURE = (
    "Therapist: Two cans a day is still far too many. You have to understand that the sugar feeds the bacteria and "
    "they make acid that eats the enamel. Every dentist will say the same.\n"
    "Client: Stop preaching at me. I'm not a child, I know what sugar does.\n"
    "Therapist: Okay. What would feel like a fair next step to you?\n"
    "Client: Maybe one can, with lunch.\n")


def test_every_view_names_a_turn_by_the_same_move(workdir: Path) -> None:
    """One turn with two moves is named, and advised on, by the same one in the check, the terminal and HTML."""
    write(workdir, "pressed.txt", PRESSED_LECTURE)
    checked = run("check", "pressed.txt", moves=True)
    [move] = [line for line in findings_of(checked.stdout) if line.startswith("pressed.txt:1:1: TC-")]
    assert move.startswith("pressed.txt:1:1: TC-LECTURE Turn 1: a long explanation")
    instead = "ask what the client already knows and what they make of it"
    assert instead in move
    terminal = CliRunner().invoke(app, ["analyze", "pressed.txt", "--isolated"], env=ENV).stdout
    assert "T 1 ▶ TC-LECTURE, TC-PUSH-TASK" in terminal and f"Instead: {instead}" in " ".join(terminal.split())
    html = CliRunner().invoke(app, ["analyze", "pressed.txt", "--isolated", "--format", "html"], env=ENV).stdout
    assert f"<b>Instead:</b> {instead}" in html


def test_a_straining_rate_given_as_a_share_is_warned_about(workdir: Path) -> None:
    """--min-repair-rate is a share (0-1) and --max-straining-rate a rate per 100 turns: 0.2 is one in 500."""
    write(workdir, "pressure.txt", PRESSURE)
    result = run("check", "pressure.txt", "--max-straining-rate", "0.2", moves=True)
    assert ("rupture: warning: max-straining-rate 0.2 is per 100 therapist turns (one straining turn in 500); "
            "for 20% of the turns give 20") in result.stderr
    assert "warning: max-straining-rate" not in run("check", "pressure.txt", "--max-straining-rate", "20").stderr


def test_the_most_frequent_move_is_counted_by_the_move_each_turn_is_named_by() -> None:
    """Two turns each read as a lecture and as pressing, one more as pressing alone: pressing shows in more turns,
    but the reports name two of them lectures, so neither is 'the most frequent' (two turns each)."""
    from types import SimpleNamespace

    from rupturecli.checks.findings import straining_finding
    from rupturecli.detect.straining import FirstMove, StrainingMoves

    lecture = FirstMove("TC-LECTURE", "lecturing", 3, 3, "ask what the client already knows", "")
    push = FirstMove("TC-PUSH-TASK", "pushing a task", 7, 7, "ask whether the task fits", "")
    moves = StrainingMoves((3, 5, 7, 9), 6, {"TC-LECTURE": 2, "TC-PUSH-TASK": 4}, (lecture, push),
                           {"TC-LECTURE": 2, "TC-PUSH-TASK": 2})
    finding = straining_finding(SimpleNamespace(straining=moves, session=SimpleNamespace(file="t.txt")), "t.txt")
    assert finding is not None and "most frequent" not in finding.feedback
    assert "(turns showing each: TC-LECTURE 2, TC-PUSH-TASK 4), the first at turn 3 (lecturing)" in finding.feedback
