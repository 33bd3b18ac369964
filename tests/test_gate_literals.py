"""The literal gate's requirements (rules/literals.py) never hold back a pattern that matches: spelt-out
stretches (words with the white space between them, small alternations, optional words) included."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from rupturecli.rules.compiled import FLAGS
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.literals import gate_text, requirement


def test_every_white_space_regex_matches_is_one_space_to_the_gate() -> None:
    """gate_text makes one space of what str.isspace() calls white space: that must take in all `\\s` matches."""
    space = regex.compile(r"\s", FLAGS)
    missed = [hex(code) for code in range(0x110000) if space.match(chr(code)) and not chr(code).isspace()]
    assert missed == []
    assert gate_text("Well\u00a0 DONE,\u2028\tyou ") == "well done, you "


def test_every_letter_regex_matches_case_blind_with_an_ascii_one_is_that_letter_to_the_gate() -> None:
    """`regex` matches a long s with 's' and a dotted capital I with 'i' case-blind; lower() does not give them as
    those letters, so the gate must, or a pattern matching "ſure" would be held back."""
    letters = {letter: regex.compile(letter, FLAGS) for letter in "abcdefghijklmnopqrstuvwxyz0123456789"}
    cased = [code for code in range(0x80, 0x110000) if not 0xD800 <= code <= 0xDFFF  # only letters with case fold
             and len({chr(code), chr(code).lower(), chr(code).upper(), chr(code).casefold()}) > 1]
    missed = [hex(code) for code in cased for letter, pattern in letters.items()
              if pattern.fullmatch(chr(code)) and gate_text(chr(code)) != letter]
    assert missed == []
    gate = PatternGate()
    pattern_id = gate.add(r"\bnot sure\b")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RUPTURE_CACHE", "0")
        gate.build()
    assert pattern_id in gate.candidates("I'm NOT ſURE.") and pattern_id not in gate.candidates("I'm not certain.")


def test_a_stretch_of_words_is_spelt_out_whole() -> None:
    assert requirement(r"(?<![\w])what\s+(?:are|r)\s+(?:you|u)\b") == (frozenset({"what are you", "what are u",
                                                                                "what r you", "what r u"}),)
    assert requirement(r"\bcolou?r\b") == (frozenset({"colour", "color"}),)
    assert requirement(r"\b(?:right|ok)\s*\?\s*$") == (frozenset({"right?", "right ?", "ok?", "ok ?"}),)
    assert requirement(r"a.*b") is None  # nothing of two letters or more that must occur


PIECES = ["you", "what", "are", "R", "ok", r"\s+", r"\s*", " ", r"\s", r"[sz]", r"['’]", r"(?:just|really)",
          r"(?:\s+even)?", r"(?:a|an|the)\s+", r"\b", r"(?<![\w])", r"(?![\w])", r"[ \t]+", r"\?", r"o+", r"\w+",
          r"(?:no|not)(?:\s+at\s+all)?", ".", r"(?:ab)+", "x{2,3}"]
WORDS = ["you", "YOU", "what", "are", "r", "ok", "okay", "s", "z", "'", "’", "just", "really", "even", "a", "an",
         "the", "?", "oo", "no", "not", "at", "all", "ab", "abab", "xx", "xxx", "Whatever"]
SPACES = ["", " ", "  ", "\t", "\n", "\u00a0", " \u2028 ", "\u3000"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=7),
       st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), max_size=10))
def test_the_gate_never_holds_back_a_pattern_that_matches(pieces: list[str], words: list[tuple[str, str]]) -> None:
    expression = "".join(pieces)
    try:
        compiled = regex.compile(expression, FLAGS)
    except regex.error:
        return
    gate = PatternGate()
    pattern_id = gate.add(expression)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RUPTURE_CACHE", "0")  # a gate a made-up pattern: nothing worth keeping
        gate.build()
    text = "".join(word + space for word, space in words)
    if compiled.search(text):
        assert pattern_id in gate.candidates(text), (expression, text, requirement(expression))
