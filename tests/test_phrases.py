"""The phrase language: what each mark matches, that plain phrases keep their old meaning, that a phrase
that cannot be read is one rule error with its file and line, and that every consumer of patterns (the
gates, export, `rules test`, narrative, `unless`, group `{member}` rules) takes phrases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.rules.compiled import FLAGS, compile_member_pattern
from rupturecli.rules.export import to_ripgrep
from rupturecli.rules.hyperscan_gate import translate
from rupturecli.rules.literals import requirement
from rupturecli.rules.model import Pattern
from rupturecli.rules.phrase import PhraseError, literal_to_regex, phrase_to_regex

runner = CliRunner()


def matches(phrase: str, text: str) -> str | None:
    """The words of `text` the phrase matches first, or None."""
    found = regex.search(phrase_to_regex(phrase), text, FLAGS)
    return found.group(0) if found else None


@pytest.mark.parametrize("phrase, text, expected", [
    ("it doesn't bother me", "Honestly IT doesn't\n  bother me.", "IT doesn't\n  bother me"),
    ("it doesn't bother me", "it doesn't bother men", None),
    ("I'm not (upset|angry|bothered)", "no, I'm not angry at all", "I'm not angry"),
    ("I'm not (upset|angry|bothered)", "I'm not sure", None),
    ("(do not|don't) care", "I do not care", "do not care"),
    ("I [really|even] don't care", "I don't care", "I don't care"),
    ("I [really|even] don't care", "I really don't care", "I really don't care"),
    ("I [really|even] don't care", "I truly don't care", None),
    ("[just] give me the pills", "just give me the pills", "just give me the pills"),
    ("[just] give me the pills", "give me the pills", "give me the pills"),
    ("that sounds [really]", "that sounds really", "that sounds really"),
    ("waste ... time", "a waste of my time", "waste of my time"),
    ("waste ... time", "a waste of time", "waste of time"),
    ("waste ... time", "waste time", "waste time"),
    ("waste ... time", "waste of all my precious spare time", None),
    ("waste ... time", "a waste. Next time", None),
    ("bother* me", "it bothered me", "bothered me"),
    ("bother* me", "it bother me", "bother me"),
    ("my * is fine", "my liver is fine", "my liver is fine"),
    ("my * is fine", "my is fine", None),
    ("walk(s|ed) out", "she walked out", "walked out"),
    ("walk(s|ed) out", "she walk out", None),
    ("session[s]", "these sessions", "sessions"),
    ("un[-]happy", "un-happy", "un-happy"),
    ("un[-]happy", "unhappy", "unhappy"),
    ("\\(laughs\\)", "(laughs) it was awful", "(laughs)"),
    ("I quit|I'm done", "ok I'm done", "I'm done"),
    ("care", "I'm careful", None),
    ("so...", "so... anyway", "so..."),
])
def test_each_mark_matches_what_it_says(phrase: str, text: str, expected: str | None) -> None:
    assert matches(phrase, text) == expected


@pytest.mark.parametrize("phrase, reason", [
    ("I (am|was fine", "'(' is never closed by ')'"),
    ("I am) fine", "')' closes nothing"),
    ("(a]", "']' where ')' should close the '('"),
    ("I'm (upset|) now", "an empty alternative"),
    ("I'm (|upset)", "an empty alternative"),
    ("I () care", "empty brackets '()'"),
    ("I [] care", "empty brackets '[]'"),
    ("[really]", "every word of an alternative is optional"),
    ("... time", "'...' must stand between two words"),
    ("waste ...", "'...' must stand between two words"),
    ("waste ... [of] time", "'...' must stand between two words"),
    ("ends with \\", "a lone '\\'"),
])
def test_a_phrase_that_cannot_be_read_says_why(phrase: str, reason: str) -> None:
    with pytest.raises(PhraseError, match=regex.escape(reason)):
        phrase_to_regex(phrase)
    with pytest.raises(ValidationError, match="bad phrase"):
        Pattern(phrase=phrase)


WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-,.?!\"0123456789"),
                min_size=1, max_size=8).filter(lambda word: word != "...")


@given(st.lists(WORDS, min_size=1, max_size=6))
def test_a_plain_phrase_compiles_as_it_always_has(words: list[str]) -> None:
    """Every literal phrase written before the marks existed keeps its meaning, to the character."""
    phrase = " ".join(words)
    assert phrase_to_regex(phrase) == literal_to_regex(phrase)


@given(st.lists(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8), min_size=1,
                max_size=6),
       st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=6, max_size=6),
       st.booleans())
def test_a_phrase_of_random_words_matches_them_with_any_spacing_and_case(words: list[str], spaces: list[str],
                                                                         upper: bool) -> None:
    phrase = " ".join(words)
    text = "".join(word + space for word, space in zip(words, spaces, strict=False)).strip()
    text = text.upper() if upper else text
    assert matches(phrase, f"well, {text}!") == text
    assert matches(phrase, f"x{text}") is None  # whole words only
    if len(words) > 1:
        assert matches(phrase, " ".join(words[:-1])) is None


@given(st.text(st.sampled_from("ab ()[]|*\\.'-\n"), max_size=24))
def test_any_input_is_a_compiled_pattern_or_a_one_line_error(phrase: str) -> None:
    try:
        expression = phrase_to_regex(phrase)
    except PhraseError as error:
        assert "\n" not in str(error) and str(error)
        return
    regex.compile(expression, FLAGS)
    assert requirement(expression) is None or all(requirement(expression))


@given(st.lists(st.sampled_from(["(upset|angry)", "[really|even]", "...", "bother*", "*", "me", "not", "I'm",
                                 "(don't|do not)", "care", "walk(s|ed)", "[so]"]), min_size=1, max_size=6))
def test_gates_and_export_read_every_mark(items: list[str]) -> None:
    """The literal gate's requirement, hyperscan's translation and the ripgrep export all take a phrase."""
    try:
        expression = phrase_to_regex(" ".join(items))
    except PhraseError:
        return
    assert translate(expression) is not None
    regex.compile(to_ripgrep(expression).replace("(?-u:", "(?:"), FLAGS)


def test_the_literal_gate_requires_one_of_the_alternatives() -> None:
    """Spelt out with the words before them, as the gate reads a text (lower case, one space for any spacing)."""
    clauses = requirement(phrase_to_regex("I'm not (upset|angry|bothered)"))
    assert clauses == (frozenset({"i'm not upse", "i'm not angr", "i'm not both"}),)


def test_a_member_name_is_literal_and_member_placeholders_take_the_marks() -> None:
    member = compile_member_pattern(Pattern(phrase="(sorry|thanks) {member}[,] I (didn't|did not) mean"),
                                    ("pack.yaml", 3, 9))
    found = member.for_members(("Ana (mum)", "Marco")).search("oh sorry Marco I didn't mean it")
    assert found is not None and found.group("member") == "Marco"
    found = member.for_members(("Ana (mum)", "Marco")).search("thanks Ana (mum), I did not mean that")
    assert found is not None and found.group("member") == "Ana (mum)"


PHRASE_PACK = """\
markers:
  - id: X-DONE
    name: done-with-this
    rupture: confrontation
    match:
      - phrase: "I'm [so|just] (done|finished) with (this|therapy)"
      - phrase: "what's the point ... coming"
        when: {previous_turn: [question]}
    narrative:
      - phrase: "said (she|he|they) (was|were) (done|finished) with *"
    unless:
      - phrase: "done with (work|school) (today|for today)"
    examples:
      match:
        - "C: Honestly I'm so done with this."
        - "T: What brings you in?\\nC: What's the point in even coming?"
        - "NOTE: She said she was done with therapy and looked away."
      no_match:
        - "C: I'm done with work for today, so I'm tired. I'm done with this."
        - "C: What's the point in even coming?"
        - "C: I'm not done with this yet."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_pack_of_phrases_validates_tests_and_exports(tmp_path: Path) -> None:
    pack = write(tmp_path, PHRASE_PACK)
    assert runner.invoke(app, ["rules", "check", str(pack)]).exit_code == 0
    tested = runner.invoke(app, ["rules", "test", str(pack)])
    assert tested.exit_code == 0, tested.output
    assert "6 passed, 0 failed" in tested.stdout
    exported = runner.invoke(app, ["rules", "export", "--rules", str(pack)])
    assert exported.exit_code == 0
    assert "(?:done|finished)" in exported.stdout
    shown = runner.invoke(app, ["rules", "show", "X-DONE", "--rules", str(pack)])
    assert "phrase \"I'm [so|just] (done|finished) with (this|therapy)\"" in shown.stdout


@pytest.mark.parametrize("command", ["check", "validate"])
@pytest.mark.parametrize("broken, location, reason", [
    ('      - phrase: "I\'m [so|just] (done|finished) with (this|therapy)"',
     "6:9", "match: bad phrase \"I'm [so|just (done|finished) with (this|therapy)\": '[' is never closed by ']'"),
    ("      - phrase: \"what's the point ... coming\"", "7:9",
     "match: bad phrase \"what's the point ... (coming|)\": an empty alternative"),
    ('      - phrase: "said (she|he|they) (was|were) (done|finished) with *"', "10:9",
     "narrative: bad phrase 'said (she|he|they) (was|were) (done|finished) ...': '...' must stand"),
    ('      - phrase: "done with (work|school) (today|for today)"', "12:9",
     "unless: bad phrase 'done with (work|school) ()': empty brackets '()'"),
])
def test_a_bad_phrase_is_one_line_naming_file_line_and_column(tmp_path: Path, command: str, broken: str,
                                                              location: str, reason: str) -> None:
    replacement = {"6:9": '      - phrase: "I\'m [so|just (done|finished) with (this|therapy)"',
                   "7:9": "      - phrase: \"what's the point ... (coming|)\"",
                   "10:9": '      - phrase: "said (she|he|they) (was|were) (done|finished) ..."',
                   "12:9": '      - phrase: "done with (work|school) ()"'}[location]
    assert broken in PHRASE_PACK
    pack = write(tmp_path, PHRASE_PACK.replace(broken, replacement, 1))
    result = runner.invoke(app, ["rules", command, str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rupture: error: {pack}:{location}: {reason}")
    assert "in marker 'X-DONE'" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_bad_phrase_in_a_plain_string_pattern_names_its_line(tmp_path: Path) -> None:
    pack = write(tmp_path, PHRASE_PACK.replace('      - phrase: "I\'m [so|just] (done|finished) with (this|therapy)"',
                                               '      - "I\'m (done|finished"', 1))
    result = runner.invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rupture: error: {pack}:6:9: match: bad phrase")
