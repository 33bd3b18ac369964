"""Privacy and hostile input: --redact, no network, no note text in logs, inputs untouched, atomic outputs.

Every note here is synthetic and written for these tests; tests/phi/ holds the labelled PHI snippets.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rupturecli.analysis.analyze import analyze_session
from rupturecli.analysis.report import SessionReport
from rupturecli.cli import app
from rupturecli.parsing import SpeakerLabels, parse_text
from rupturecli.parsing.inputs import Source
from rupturecli.parsing.kinds import kind_of
from rupturecli.parsing.sources import load_session
from rupturecli.privacy import redaction
from rupturecli.rules.compiled import RuleSet, build_rule_set
from rupturecli.session import Session

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PHI = Path(__file__).resolve().parent / "phi"
runner = CliRunner()

# --- synthetic inputs full of PHI ------------------------------------------------------------------------------

TRANSCRIPT = """\
Therapist: Last week we agreed you'd try the thought record, Maria. How did it go?
Maria: These worksheets are pointless, Dr Okafor, my son Jamie laughed at them.
Therapist: What got in the way, do you think?
Maria: I don't think filling in boxes is going to help, ring my sister Bronwen on 07700 900461 if you want proof.
Therapist: It sounds like the form itself put you off. Maybe you could try just the first column?
Maria: Whatever. Email maria.k@example.com, I'm at 27 Larkspur Road, Leeds LS6 2QT until 3 March 2025, MRN 4471223.
Therapist: The reason we write thoughts down is that in the moment they feel like facts. Once they're on paper you \
can step back and treat them as guesses to check.
Maria: Okay, that makes sense. I could try typing one on my phone on the train instead of a whole sheet at night.
"""
YAML_NOTES = """\
session: S-5
date: 2024-03-12
client: Priya
therapist: Sam
turns:
  - speaker: Sam
    text: Which would you like to start with today, Priya, the wedding or the sleep problems?
  - speaker: Priya
    text: Whatever you think is best, Sam. You're the expert.
  - speaker: Sam
    text: I'd really like to hear what matters most to you this week.
  - speaker: Priya
    text: Either is fine. I'm sorry, I know I'm not very good at this.
"""
NOTES = """\
Session 4.

Rowan arrived late and said straight away that he was "fed up with this homework, it's pointless, Dr Adebayo
knows it's pointless". He answered my questions about his brother Declan in single words. I felt irritated.

Plan: review the diary; call him on 0113 496 0288 if he does not attend.
"""
# Words that must not survive --redact anywhere in the output (checked case-insensitively, as whole words).
SECRETS = ("Maria", "Okafor", "Jamie", "Bronwen", "900461", "maria.k@example.com", "Larkspur", "LS6", "2QT",
           "4471223", "2025", "Priya", "Sam", "2024-03-12", "Rowan", "Adebayo", "Declan", "0288")


def write_phi_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "maria-2024-03-12.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (folder / "priya-session.yaml").write_text(YAML_NOTES, encoding="utf-8")
    (folder / "rowan-notes.txt").write_text(NOTES, encoding="utf-8")
    return folder


def leaked(text: str) -> list[str]:
    """The secrets found in `text`, as whole words in any case (also inside paths: maria-2024-03-12.txt)."""
    return [secret for secret in SECRETS
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", text, re.IGNORECASE)]


def folder_text(folder: Path) -> str:
    """Everything written under `folder` as text (SQLite tables dumped row by row)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".sqlite":
            with sqlite3.connect(path) as connection:
                parts.extend(str(row) for line in connection.iterdump() for row in [line])
        elif path.is_file():
            parts.append(path.name + "\n" + path.read_text(encoding="utf-8"))
    return "\n".join(parts)


# --- redaction: the labelled snippets --------------------------------------------------------------------------

RECALL_FLOORS = {"EMAIL": 0.95, "PHONE": 0.95, "DATE": 0.95, "ID": 0.95, "NAME": 0.85, "ADDRESS": 0.95,
                 "POSTCODE": 0.95}
PRECISION_FLOORS = {"NAME": 0.80, "EMAIL": 0.9, "PHONE": 0.9, "DATE": 0.9, "ID": 0.9, "ADDRESS": 0.9, "POSTCODE": 0.9}


def test_labelled_set_is_large_and_covers_every_kind() -> None:
    snippets = redaction.load_snippets(PHI / "phi-snippets.yaml")
    assert len(snippets) >= 60
    kinds = [item["kind"] for snippet in snippets for item in snippet["phi"]]
    for kind in redaction.KINDS:
        assert kinds.count(kind) >= 5, kind
    negatives = [snippet["text"] for snippet in snippets if not snippet["phi"]]
    assert len(negatives) >= 15
    for word in ("Beck", "Zoom", "Monday", "CBT", "Therapist"):
        assert any(word in text for text in negatives), word


@pytest.mark.parametrize("name", ["phi-snippets.yaml", "phi-holdout.yaml", "phi-unseen.yaml", "phi-shapes.yaml",
                                  "phi-fresh.yaml", "phi-blind2.yaml", "phi-shapes2.yaml"])
def test_redaction_meets_recall_and_precision_floors(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Recall floors on every set; precision floors guard the two sets the detectors were tuned on.

    phi-unseen.yaml was measured once and never tuned on (its NAME precision, 0.63, is in the README);
    phi-shapes.yaml holds the shapes issue 14 found missed, for recall (towns in it become [NAME] too);
    phi-fresh.yaml and phi-blind2.yaml were written blind, measured once (README), then tuned on;
    phi-shapes2.yaml holds formats outside the UK, Ireland and the US (its towns become [NAME] too).
    """
    scores, leaks, total = redaction.evaluate(redaction.load_snippets(PHI / name))
    with capsys.disabled():
        print(f"\n{name}\n{redaction.format_table(scores, leaks, total)}")
    for kind, floor in RECALL_FLOORS.items():
        assert scores[kind].recall is not None and scores[kind].recall >= floor, (kind, scores[kind])
    if name in ("phi-unseen.yaml", "phi-shapes.yaml", "phi-fresh.yaml", "phi-blind2.yaml", "phi-shapes2.yaml"):
        return
    for kind, floor in PRECISION_FLOORS.items():
        assert scores[kind].precision is not None and scores[kind].precision >= floor, (kind, scores[kind])


# phi-blind3.yaml's one measurement (README) was NAME 0.89, PHONE 0.85, DATE 0.95, ADDRESS 0.68, POSTCODE 0.56,
# ID 0.69; the general fixes for formats outside the UK, Ireland and the US (written on phi-shapes2.yaml, without
# looking at blind3's misses) raised it to these, which are held.
BLIND3_MEASURED = {"NAME": 0.94, "EMAIL": 1.0, "PHONE": 0.95, "DATE": 1.0, "ADDRESS": 0.78, "POSTCODE": 1.0,
                   "ID": 0.87}


# phi-blind4.yaml's one measurement (README) was NAME 0.90, EMAIL 0.87, PHONE 0.94, DATE 0.96, ADDRESS 0.36,
# POSTCODE 0.97, ID 0.94; the fifth round's general fixes (written on phi-shapes3.yaml from the shapes of its misses:
# addresses running on to the town, spoken emails...) raised it to these, which are held. Not blind figures.
BLIND4_MEASURED = {"NAME": 0.91, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 0.97, "ID": 1.0}




# phi-blind5.yaml's one measurement (README) was NAME 0.89, EMAIL 0.89, PHONE 0.82, DATE 0.95, ADDRESS 0.39,
# POSTCODE 0.90, ID 0.88; the sixth round's general fixes (written on phi-shapes4.yaml from the shapes of its misses:
# the town after a postcode, lower-case towns, floors after the number, numbers read out in words, form name
# fields...) raised it to these, which are held. Not blind figures.
BLIND5_MEASURED = {"NAME": 1.0, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 0.94, "POSTCODE": 0.97, "ID": 1.0}




# phi-blind6.yaml's one measurement (README) was NAME 0.85, EMAIL 0.94, PHONE 0.97, DATE 0.77, ADDRESS 0.79,
# POSTCODE 0.88, ID 0.95; the seventh round's general fixes (written on phi-shapes5.yaml from the shapes of its misses:
# dates in words and other languages, a day alone after "the", house names and numbers in words, the town after a
# preposition, postcodes given as an answer, lower-case names with new cues...) raised it to these, which are held.
# Not blind figures.
BLIND6_MEASURED = {"NAME": 0.97, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0, "ID": 1.0}










# phi-blind7.yaml's one measurement (README) was NAME 0.94, EMAIL 1.00, PHONE 1.00, DATE 1.00, ADDRESS 0.82,
# POSTCODE 0.92, ID 0.88; the eighth round's general fixes (written on phi-shapes6.yaml from the shapes of its misses:
# Irish-language estates, compass streets, a letter's town on the next line, buildings and stairs, lower-case
# states, postcodes read out or said to be the code, health numbers in several languages, identity numbers read
# out in words, role form fields, CJK names beside their Latin spelling...) raised it to these, which are held.
# Not blind figures.
BLIND7_MEASURED = {"NAME": 0.98, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0, "ID": 1.0}




# phi-blind8.yaml's one measurement (README) was NAME 0.94, EMAIL 1.00, PHONE 0.97, DATE 0.97, ADDRESS 0.89,
# POSTCODE 1.00, ID 0.95; the ninth round's general fixes (written on phi-shapes7.yaml from the shapes of its misses:
# a lower-case town before "now", states written out, lower-case streets named first with particles, "bis" after
# the number, German floors, landmarks and lower-case flats before a building, nicknames in lists, names set off by
# "my eldest", a clinician's surname and initial, a message's sender, identity numbers given as an answer, Nordic
# months, "plus" before a spoken country code...) raised it to these, which are held. Not blind figures.
BLIND8_MEASURED = {"NAME": 0.98, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0, "ID": 1.0}




# phi-blind9.yaml's one measurement (README) was NAME 0.94, EMAIL 0.88, PHONE 1.00, DATE 0.94, ADDRESS 0.81,
# POSTCODE 1.00, ID 1.00; the tenth round's general fixes (written on phi-shapes8.yaml from the shapes of its misses:
# a form's address field to the end of its line, a building named with "The", parts of a building before the
# street, numbered rural roads, lower-case PO boxes, "lot" and "no" before a house number, an Indian layout's
# stage or sector, spoken emails ending in any country's letters, Polish and Czech months, a weekday before a
# date, initials after a title, Iberian and Italian titles...) raised it to these, which are held. Not blind figures.
BLIND9_MEASURED = {"NAME": 0.96, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0, "ID": 1.0}






# Our own development snippets of each round since the sixth (what each taught is in the README): every span found
# whole, at the precision floors.
ROUND_SHAPES = ("phi-shapes4.yaml", "phi-shapes5.yaml", "phi-shapes6.yaml", "phi-shapes7.yaml", "phi-shapes8.yaml",
                "phi-shapes9.yaml", "phi-shapes10.yaml", "phi-shapes11.yaml", "phi-shapes12.yaml", "phi-shapes13.yaml",
                "phi-shapes14.yaml")
SHAPE_SETS = ("phi-shapes2.yaml", "phi-shapes3.yaml", *ROUND_SHAPES)


@pytest.mark.parametrize("name", ROUND_SHAPES)
def test_a_rounds_own_shapes_meet_the_floors(name: str) -> None:
    scores, _, _ = redaction.evaluate(redaction.load_snippets(PHI / name))
    for kind in ("ADDRESS", "POSTCODE", "EMAIL", "PHONE", "DATE", "ID", "NAME"):
        if scores[kind].expected:
            assert scores[kind].recall is not None and scores[kind].recall >= RECALL_FLOORS[kind], (kind, scores[kind])
    for kind, floor in PRECISION_FLOORS.items():
        if kind != "NAME" and scores[kind].predicted:
            assert scores[kind].precision is not None and scores[kind].precision >= floor, (kind, scores[kind])


def test_no_hard_negative_of_our_shapes_gets_a_placeholder_but_a_name() -> None:
    """Counting aloud, "lunch for two at ... dot co dot uk", "the 5th floor", "$3.50 each way", "the code for the
    side door", "3 miles north", "page 14 bis", scores, doses and rooms: nothing but at most a [NAME]."""
    negatives = [snippet["text"] for name in SHAPE_SETS for snippet in redaction.load_snippets(PHI / name)
                 if not snippet["phi"]]
    assert len(negatives) >= 135
    numbered = {text: [text[span.start:span.end] for span in redaction.find_phi(text) if span.kind != "NAME"]
                for text in negatives}
    assert not {text: spans for text, spans in numbered.items() if spans}


def test_kin_words_beside_me_are_no_names_and_a_spoken_mobile_stays_a_phone() -> None:
    assert not redaction.find_phi("C: me, mum and dad went to the beach.")
    spoken_phone = "C: my mobile is oh seven seven one two, three four five, six seven eight."
    assert [span.kind for span in redaction.find_phi(spoken_phone)] == ["PHONE"], "a phone word wins over no ID"

# Each blind set's held figures: its one blind measurement, or, once its misses guided a round, its figures after
# that round (not blind). A fall below any of them is a regression.
# phi-blind10.yaml (written blind after the tenth round) measured once: these are its only blind figures (README).
BLIND10_MEASURED = {"NAME": 0.89, "EMAIL": 0.88, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 0.86, "POSTCODE": 0.88,
                    "ID": 0.96}
# The eleventh round's general fixes (written on phi-shapes9.yaml from the shapes of its misses: postcodes after more
# keywords and a lower-case city, emails with a spaced @ or a spoken hyphen, floors in words and district letters,
# lower-case units before a building and a street, Dutch particles, "go by", kin words in other languages, a
# document's name in capitals, hyphenated names in lower case, more health-number keywords...) raised it to these,
# which are held instead (they are above the blind floor on every kind). Not blind figures.
BLIND10_AFTER_ROUND = {"NAME": 0.98, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0,
                       "ID": 1.0}
# phi-blind11.yaml (written blind after the eleventh round, by a writer who saw no detector and no earlier set)
# measured once: its only blind figures (README). Held; never tuned on.
BLIND11_MEASURED = {"NAME": 0.88, "EMAIL": 0.93, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 0.80, "POSTCODE": 0.93,
                    "ID": 0.92}
# The twelfth round's general fixes (written on phi-shapes10.yaml: a unit after the street without a comma, English
# floors, house numbers in one word, "number 6 ...", a ZIP after a lower-case state...) raised it to these. Not
# blind figures; held, as they are not below the blind measurement on any kind.
BLIND11_AFTER_ROUND = {"NAME": 0.88, "EMAIL": 0.93, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 0.88, "POSTCODE": 0.96,
                       "ID": 0.92}
# phi-blind12.yaml (written blind after the twelfth round) measured once: its only blind figures (README). Held.
BLIND12_MEASURED = {"NAME": 0.92, "EMAIL": 0.86, "PHONE": 0.95, "DATE": 0.94, "ADDRESS": 0.85, "POSTCODE": 0.92,
                    "ID": 0.96}
# The thirteenth round's general fixes (written on phi-shapes11.yaml: emails with spaced dots, a US number after its
# country's 1, a form's field after a pipe, a lower-case town after "in", Nordic streets in lower case, Malay streets,
# Polish estates, Mexican state abbreviations, roads by their number, more identity keywords and the Swedish
# personal number) raised it to these (floored, never rounded up). Not blind figures; held, as they are above the
# blind measurement on every kind.
BLIND12_AFTER_ROUND = {"NAME": 0.92, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 0.94, "ADDRESS": 0.94, "POSTCODE": 0.95,
                       "ID": 1.0}
# phi-blind13.yaml (written blind after the thirteenth round) measured once: its only blind figures (README). Held,
# rounded down.
BLIND13_MEASURED = {"NAME": 0.87, "EMAIL": 1.0, "PHONE": 0.96, "DATE": 0.93, "ADDRESS": 0.86, "POSTCODE": 0.97,
                    "ID": 0.91}
# The fourteenth round's general fixes (written on phi-shapes12.yaml: lower-case names starting a clause, asked about
# by relation, greeted or called at a turn's end; a month and an ordinal read out, a day of the month alone; an
# Austrian house, stair and door; an adjective before a suffix street; a lower-case town after an ordinary word; a
# postcode after the stop that ends an address) raised it to these (floored, never rounded up). Not blind figures;
# held, as they are not below the blind measurement on any kind.
BLIND13_AFTER_ROUND = {"NAME": 0.92, "EMAIL": 1.0, "PHONE": 0.96, "DATE": 1.0, "ADDRESS": 0.92, "POSTCODE": 0.97,
                       "ID": 0.91}
# phi-blind14.yaml (written blind after the fourteenth round) measured once: its only blind figures (README). Held,
# rounded down.
BLIND14_MEASURED = {"NAME": 0.94, "EMAIL": 0.82, "PHONE": 0.92, "DATE": 0.96, "ADDRESS": 0.93, "POSTCODE": 1.0,
                    "ID": 0.96}
# The fifteenth round's general fixes (written on phi-shapes13.yaml: emails read out in other languages, spelled out
# or with only the webmail host; phone numbers read out in other languages, a local number after a person's name;
# a house's letter apart, a Polish flat, a lower-case US address with unit, town and state, a plot, a ward-first
# Japanese address, an Indian house and sector; a day and month before its event; an insurance group number; names
# in capitals after a title, addressed at a turn's start, before 's, set off after "a mate from school", in Japanese
# script) raised it to these (floored, never rounded up). Not blind figures; held, as they are not below the blind
# measurement on any kind.
BLIND14_AFTER_ROUND = {"NAME": 1.0, "EMAIL": 1.0, "PHONE": 1.0, "DATE": 1.0, "ADDRESS": 1.0, "POSTCODE": 1.0,
                       "ID": 1.0}
# phi-blind15.yaml (written blind after the fifteenth round) measured once: its only blind figures (README). Held,
# rounded down (addresses 53 of 59 = 0.898).
BLIND15_MEASURED = {"NAME": 0.86, "EMAIL": 0.94, "PHONE": 1.0, "DATE": 0.84, "ADDRESS": 0.89, "POSTCODE": 0.95,
                    "ID": 0.94}
# The sixteenth round's general fixes (written on phi-shapes14.yaml: dates in Turkish, Romanian and Indonesian
# months, a lower-case weekday before an ordinal read out, a day read out alone as a turn, a day and month before a
# time or after appt/admitted/discharged, a date's year no house number; CNIC and Catalan or Portuguese health-card
# keywords; a one-word heading label, a condition named after someone and a number's label no person) raised it to
# these (floored, never rounded up: dates 38 of 39 = 0.974). Not blind figures; held, as they are not below the
# blind measurement on any kind.
BLIND15_AFTER_ROUND = {"NAME": 0.86, "EMAIL": 0.94, "PHONE": 1.0, "DATE": 0.97, "ADDRESS": 0.89, "POSTCODE": 0.95,
                       "ID": 1.0}
# phi-blind16.yaml (written blind after the sixteenth round) measured once: its only blind figures (README), the
# first blind set on which every kind met the 0.90 floor. Held, rounded down (addresses 39 of 43 = 0.907).
BLIND16_MEASURED = {"NAME": 0.91, "EMAIL": 1.0, "PHONE": 0.96, "DATE": 0.96, "ADDRESS": 0.90, "POSTCODE": 0.97,
                    "ID": 0.97}
HELD_BLIND_FIGURES = {"phi-blind16.yaml": BLIND16_MEASURED,
                      "phi-blind15.yaml": BLIND15_AFTER_ROUND, "phi-blind14.yaml": BLIND14_AFTER_ROUND,
                      "phi-blind13.yaml": BLIND13_AFTER_ROUND,
                      "phi-blind12.yaml": BLIND12_AFTER_ROUND,
                      "phi-blind11.yaml": BLIND11_AFTER_ROUND,
                      "phi-blind10.yaml": BLIND10_AFTER_ROUND,
                      "phi-blind3.yaml": BLIND3_MEASURED, "phi-blind4.yaml": BLIND4_MEASURED,
                      "phi-blind5.yaml": BLIND5_MEASURED, "phi-blind6.yaml": BLIND6_MEASURED,
                      "phi-blind7.yaml": BLIND7_MEASURED, "phi-blind8.yaml": BLIND8_MEASURED,
                      "phi-blind9.yaml": BLIND9_MEASURED}


# Each set whose misses guided a round: (its one blind measurement, its figures after that round).
BLIND_AND_AFTER = {"phi-blind10.yaml": (BLIND10_MEASURED, BLIND10_AFTER_ROUND),
                   "phi-blind11.yaml": (BLIND11_MEASURED, BLIND11_AFTER_ROUND),
                   "phi-blind12.yaml": (BLIND12_MEASURED, BLIND12_AFTER_ROUND),
                   "phi-blind13.yaml": (BLIND13_MEASURED, BLIND13_AFTER_ROUND),
                   "phi-blind14.yaml": (BLIND14_MEASURED, BLIND14_AFTER_ROUND),
                   "phi-blind15.yaml": (BLIND15_MEASURED, BLIND15_AFTER_ROUND)}


@pytest.mark.parametrize("name", sorted(BLIND_AND_AFTER))
def test_a_rounds_held_figures_are_never_below_the_blind_measurement(name: str) -> None:
    measured, after = BLIND_AND_AFTER[name]
    assert HELD_BLIND_FIGURES[name] is after
    assert all(after[kind] >= floor for kind, floor in measured.items()), name


def test_the_latest_blind_set_holds_the_floor_on_every_kind() -> None:
    """The promise of the README: recall of at least 0.90 on each kind, on a set written blind and measured once."""
    scores, _, _ = redaction.evaluate(redaction.load_snippets(PHI / "phi-blind16.yaml"))
    assert set(BLIND16_MEASURED) == set(scores)
    assert all(scores[kind].recall is not None and scores[kind].recall >= 0.90 for kind in scores), scores


@pytest.mark.parametrize("name", sorted(HELD_BLIND_FIGURES))
def test_a_measured_blind_set_does_not_regress(name: str) -> None:
    scores, _, _ = redaction.evaluate(redaction.load_snippets(PHI / name))
    for kind, held in HELD_BLIND_FIGURES[name].items():
        assert scores[kind].recall is not None and scores[kind].recall >= held, (name, kind, scores[kind])


def test_international_shapes_keep_precision_and_their_hard_negatives_clean() -> None:
    """phi-shapes2.yaml: every kind but NAME (towns become [NAME]) at the precision floors; its snippets with no
    PHI (scores, doses, times, rooms, years, durations, wards, therapies, blood results) get no number-shaped
    placeholder at all, and few of them lose a capitalised word to [NAME] ("Na 138", "Part B")."""
    snippets = redaction.load_snippets(PHI / "phi-shapes2.yaml")
    scores, _, _ = redaction.evaluate(snippets)
    for kind, floor in PRECISION_FLOORS.items():
        if kind != "NAME" and scores[kind].predicted:
            assert scores[kind].precision is not None and scores[kind].precision >= floor, (kind, scores[kind])
    negatives = [snippet["text"] for snippet in snippets if not snippet["phi"]]
    assert len(negatives) >= 60
    found = {text: redaction.find_phi(text) for text in negatives}
    numbered = {text: spans for text, spans in found.items() if any(span.kind != "NAME" for span in spans)}
    assert not numbered, numbered
    assert sum(bool(spans) for spans in found.values()) <= len(negatives) // 10


def test_fifth_round_shapes_meet_the_floors_and_their_hard_negatives_stay_clean() -> None:
    """phi-shapes3.yaml: addresses that run on to the town and region, flats after the number, unit chains and
    address styles of more countries are found whole, and so are spoken or bracketed emails ("kofi_m at example
    dot org", "ruby(at)example(dot)net"); its snippets with no PHI ("we met at the cafe, then walked to Leeds",
    "she looked at amazon dot com", "1-2-3 Magic, Triple P") get no placeholder but [NAME] (towns become [NAME],
    as elsewhere)."""
    snippets = redaction.load_snippets(PHI / "phi-shapes3.yaml")
    scores, _, _ = redaction.evaluate(snippets)
    for kind in ("ADDRESS", "POSTCODE", "EMAIL", "PHONE", "DATE", "ID", "NAME"):
        assert scores[kind].recall is not None and scores[kind].recall >= RECALL_FLOORS[kind], (kind, scores[kind])
    for kind, floor in PRECISION_FLOORS.items():
        if kind != "NAME" and scores[kind].predicted:
            assert scores[kind].precision is not None and scores[kind].precision >= floor, (kind, scores[kind])
    negatives = [snippet["text"] for snippet in snippets if not snippet["phi"]]
    assert len(negatives) >= 20
    numbered = {text: [text[span.start:span.end] for span in redaction.find_phi(text) if span.kind != "NAME"]
                for text in negatives}
    assert not {text: spans for text, spans in numbered.items() if spans}


@pytest.mark.parametrize("text, address", [
    ("Therapist: Home visit to 7 Ash Grove, Tuesday, with Kemi.", "7 Ash Grove"),
    ("Client: she lives at 5 Oak Road, Leeds, Harriet said.", "5 Oak Road, Leeds"),
    ("Client: 12 Elm Road, Leeds 2 times a week I walk past it", "12 Elm Road, Leeds"),
    ("Client: 9 Mill Lane, Dr Okafor's surgery is next door", "9 Mill Lane"),
    ("Client: It's 4 Kings Road, Leeds Tel 0113 496 0123", "4 Kings Road, Leeds"),
    ("Client: 30 Main Street, Room 4, Ward 6 is where she's staying", "30 Main Street"),
    ("Client: we moved to 3 Park Lane, Harriet and Tom came too", "3 Park Lane"),
    ("Client: 4410 Willow Creek Drive, Springfield, IL 62704", "4410 Willow Creek Drive, Springfield, IL"),
    ("Client: I'm at 12 Clontarf Road, Dublin 3 for now", "12 Clontarf Road, Dublin 3"),
    ("Client: Rua da Boavista 7, Coimbra, is where she lives", "Rua da Boavista 7, Coimbra"),
])
def test_an_address_runs_on_to_its_town_and_stops_there(text: str, address: str) -> None:
    """The town and region after a street are part of the address; a weekday, a title and name, a ward, a count
    or a sentence going on ("..., Harriet said") are not."""
    found = [text[span.start:span.end] for span in redaction.find_phi(text) if span.kind == "ADDRESS"]
    assert found == [address]


def test_evaluate_command_prints_the_per_kind_table() -> None:
    result = runner.invoke(app, ["privacy", "evaluate", str(PHI / "phi-snippets.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"94 snippets in {PHI / 'phi-snippets.yaml'}\n")
    for kind in redaction.KINDS:
        assert re.search(rf"^\| {kind} \| \d+ \| \d+ \| [01]\.\d\d \|", result.stdout, re.M), kind


SMALL_SET = """\
- text: "Call Pemberton on 07700 900461 about the leaflet."
  phi:
    - {text: "07700 900461", kind: PHONE}
    - {text: "Pemberton", kind: NAME}
- text: "Seen on 3 March 2025 with daisy from the choir."
  phi:
    - {text: "daisy", kind: NAME}
"""


def test_evaluate_command_lists_misses_and_false_alarms(tmp_path: Path) -> None:
    """--misses adds one line per expected span left unredacted and per detection that hit none."""
    snippets = tmp_path / "small.yaml"
    snippets.write_text(SMALL_SET, encoding="utf-8")
    plain = runner.invoke(app, ["privacy", "evaluate", str(snippets)])
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.startswith(f"2 snippets in {snippets}\n| kind | expected | found | recall |")
    assert "| PHONE | 1 | 1 | 1.00 | 1 | 1.00 |" in plain.stdout
    assert "\n2 of 3 expected spans fully redacted (any placeholder); 1 leaked." in plain.stdout
    listed = runner.invoke(app, ["privacy", "evaluate", str(snippets), "--misses"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith(plain.stdout)
    assert [line.split(" in ")[0] for line in listed.stdout[len(plain.stdout):].splitlines()] == [
        "missed NAME 'daisy'", "false DATE '3 March 2025'"]  # "daisy" is a given name and an everyday word


@pytest.mark.parametrize(("content", "message"), [
    (None, "small.yaml: cannot be read"),
    ("- text: [unclosed\n", "small.yaml:2:1: invalid YAML"),
    ("text: not a list\n", "small.yaml:1: expected a list of snippets"),
    ("", "small.yaml:1: expected a list of snippets"),
    ("- text: Call me\n  phi: [{text: Pemberton, kind: NAME}]\n", "small.yaml:1:3: snippet 1: phi 1 is not in"),
    ("- text: Call Pemberton\n  phi: [{text: Pemberton, kind: PERSON}]\n", "small.yaml:1:3: snippet 1: phi 1 needs a"),
    ("- &one\n  text: Call Pemberton\n  phi: [{text: Pemberton, kind: NAME}]\n- *one\n",
     "small.yaml:4:3: YAML aliases (*name) are not allowed"),
    ("- text: Call Pemberton\n  text: Call Ruiz\n  phi: []\n", "small.yaml:2:3: invalid YAML: duplicate key 'text'"),
    ("- text: Call Pemberton\n  phi: []\n  nmaes: [Pemberton]\n",
     "small.yaml:1:3: snippet 1: unknown key 'nmaes' (allowed: text, phi, names)"),
    ("- text: Call Pemberton\n  phi: []\n  names: [2026-01-01]\n", "small.yaml:1:3: snippet 1: names must be a list"),
])
def test_evaluate_command_refuses_a_bad_file_in_one_line(tmp_path: Path, content: str | None, message: str) -> None:
    snippets = tmp_path / "small.yaml"
    if content is not None:
        snippets.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["privacy", "evaluate", str(snippets)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("rupture: error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_redact_command_redacts_an_argument_or_standard_input() -> None:
    said = "Pemberton rang 07700 900461 on 3 March 2025."
    result = runner.invoke(app, ["privacy", "redact", said])
    assert result.exit_code == 0, result.output
    assert result.stdout == "[NAME] rang [PHONE] on [DATE].\n"
    piped = runner.invoke(app, ["privacy", "redact"], input=said + "\n")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == result.stdout
    dashed = runner.invoke(app, ["privacy", "redact", "-"], input=said + "\n")  # '-' is standard input
    assert (dashed.exit_code, dashed.stdout) == (0, result.stdout)


def test_the_detectors_load_only_when_something_is_redacted() -> None:
    """Building the whole app (help, check, privacy) compiles no PHI pattern: a short note starts fast."""
    code = ("import sys; from rupturecli.cli import build_app; build_app(); "
            "print(sorted(name for name in sys.modules if name.startswith('rupturecli.privacy.')))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "[]\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("Call 07700 900461 or +1 555 017 3341.", "Call [PHONE] or [PHONE]."),
    ("DOB 14/07/1986, seen 3 March 2024 and March 3rd.", "DOB [DATE], seen [DATE] and [DATE]."),
    ("MRN 4471223; record no. 4471-22; SSN 078-05-1120.", "MRN [ID]; record no. [ID]; SSN [ID]."),
    ("Write to jo.b@example.org at 14 Elm Street, Leeds LS6 2QT.", "Write to [EMAIL] at [ADDRESS] [POSTCODE]."),
    ("She told Dr Okafor that my son Jamie and Anna Kowalski came.",
     "She told Dr [NAME] that my son [NAME] and [NAME] came."),
    ("We did CBT on Zoom on Monday; Beck Depression Inventory 14.",
     "We did CBT on Zoom on Monday; Beck Depression Inventory 14."),
    ("She lives at Hauptstrasse 12, 10115 Berlin; mobile +49 30 8812345.",
     "She lives at [ADDRESS], [POSTCODE] [ADDRESS]; mobile [PHONE]."),
    ("Aadhaar 4821 7730 5562, PPSN 1234567T, Medicare no 2953 51759 1.",
     "Aadhaar [ID], PPSN [ID], Medicare no [ID]."),
    ("i texted aroha, and me and rangi went to 12 rue de la Paix.",
     "i texted [NAME], and me and [NAME] went to [ADDRESS]."),
    ("Seen in Room 214, PHQ-9 17, sertraline 100 mg, Level 3, since 2019.",
     "Seen in Room 214, PHQ-9 17, sertraline 100 mg, Level 3, since 2019."),
])
def test_redact_text_uses_typed_placeholders(text: str, expected: str) -> None:
    assert redaction.redact_text(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.sets(st.text(min_size=1, max_size=12), max_size=3))
def test_redaction_never_crashes_and_only_inserts_typed_placeholders(text: str, names: set[str]) -> None:
    """Hostile text (any Unicode, odd names) is redacted or left alone, never a crash."""
    redacted = redaction.redact_text(text, names)
    spans = redaction.find_phi(text, names)
    assert all(0 <= span.start < span.end <= len(text) for span in spans)
    assert all(left.end <= right.start for left, right in zip(spans, spans[1:], strict=False))
    assert redacted.count("[") - text.count("[") == len(spans)
    redaction.redact_path(text, names)


@pytest.mark.parametrize("text", ["Aaaa " * 40_000, "3 March " * 25_000, "07700 900461, " * 14_000, "1 " * 100_000,
                                  "a@" + "a." * 100_000 + "1", "12 " + "Aaaa " * 40_000 + "Street"],
                         ids=["capitals", "dates", "phones", "digits", "email-like", "street-like"])
def test_redaction_stays_linear_on_the_longest_lines_inputs_allow(text: str) -> None:
    """Lines up to 200,000 characters are accepted, so one must not take minutes to redact."""
    start = time.perf_counter()
    redaction.redact_text(text)
    assert time.perf_counter() - start < 10


def test_known_names_are_found_at_the_start_of_a_sentence_too() -> None:
    redacted = redaction.redact_text("Ingrid was quiet. Ingrid said nothing.", {"Ingrid"})
    assert redacted == "[NAME] was quiet. [NAME] said nothing."
    assert redaction.redact_text("Maybe. Fine.", {"Ingrid"}) == "Maybe. Fine."


def test_known_names_are_whole_words_longest_first_and_declared_ones_in_any_case() -> None:
    spans = redaction.find_phi("ok. annabel, ANNA KOWALSKI and o'neill-ish Anna.", {"Anna", "Anna Kowalski"},
                               heuristics=False)
    assert [(span.start, span.end) for span in spans] == [(13, 26), (43, 47)]  # not annabel
    text = "so then HARRIET rang"
    assert [text[span.start:span.end] for span in redaction.find_phi(text, declared={"Harriet"})] == ["HARRIET"]
    # a letter whose lower case is longer ("İ") does not shift where names are found
    assert redaction.redact_path("notes/İpek-harriet_2.txt", {"Harriet"}) == "notes/İpek-[NAME]_2.txt"


def test_redact_report_is_pure_and_reaches_every_text_field() -> None:
    rules = build_rule_set([])
    labels = SpeakerLabels()
    labels.add_client("Maria")
    report = analyze_session(parse_text(TRANSCRIPT, "maria-2024-03-12.txt", None, labels), rules)
    assert report.episodes, "the synthetic transcript should raise an episode"
    redacted = redaction.redact_report(report, set())
    assert "Okafor" in report.episodes[0].episode.hits[0].quote  # the original is untouched
    record = json.dumps(redacted.to_dict())
    assert not leaked(record), leaked(record)
    assert "[NAME]" in record and "[PHONE]" in record and "[DATE]" in record
    turns = " ".join(turn.text + " " + turn.label for turn in redacted.session.turns)
    assert not leaked(turns), leaked(turns)
    strategy_quotes = " ".join(hit.quote for item in redacted.episodes for hit in item.repair.strategies)
    assert not leaked(strategy_quotes)
    assert dataclasses.is_dataclass(redacted) and redacted.session.file == "[NAME]-[DATE].txt"


REDACT_RUNS = [
    ("terminal", []),
    ("terminal-o", ["-o", "{out}/report.txt"]),
    ("json", ["--format", "json"]),
    ("json-o", ["--format", "json", "-o", "{out}/report.json"]),
    ("jsonl-o", ["--format", "jsonl", "-o", "{out}/report.jsonl", "--sessions-csv", "{out}/sessions.csv",
                 "--db", "{out}/results.sqlite"]),
    ("csv", ["--format", "csv"]),
    ("html-o", ["--format", "html", "-o", "{out}/report.html"]),
    ("convokit", ["--format", "convokit", "-o", "{out}/corpus"]),
    ("by-client-json", ["--by-client", "--format", "json"]),
    ("by-client-terminal", ["--by-client"]),
    ("by-client-html", ["--by-client", "--format", "html", "-o", "{out}/clients.html"]),
]


@pytest.mark.parametrize(("name", "arguments"), REDACT_RUNS, ids=[name for name, _ in REDACT_RUNS])
def test_redact_leaves_no_phi_in_any_output(name: str, arguments: list[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_phi_inputs(Path("notes"))
    Path("out").mkdir()
    options = [argument.replace("{out}", "out") for argument in arguments]
    result = runner.invoke(app, ["analyze", "notes", "--redact", "--client-label", "Maria", "-q", "-j", "1",
                                 "--isolated", *options])
    assert result.exit_code == 0, result.output
    written = result.stdout + folder_text(Path("out"))
    assert "[NAME]" in written
    assert not leaked(written), leaked(written)
    unredacted = runner.invoke(app, ["analyze", "notes", "--client-label", "Maria", "-q", "-j", "1", "--isolated",
                                     "--no-resume", *options])
    assert leaked(unredacted.stdout + folder_text(Path("out"))), "without --redact the names are there"


def test_a_redacted_run_never_resumes_an_unredacted_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_phi_inputs(Path("notes"))
    # a killed unredacted run leaves its partial output and resume state behind
    assert runner.invoke(app, ["analyze", "notes", "--format", "jsonl", "-o", "out.jsonl", "-j", "1", "-q",
                               "--isolated"]).exit_code == 0
    Path("out.jsonl").rename("out.jsonl.partial")
    lines = Path("out.jsonl.partial").read_text(encoding="utf-8").splitlines()
    keys = [json.loads(line)["file"] for line in lines]
    from rupturecli.run.tasks import RuleSpec, resume_key
    fingerprint = RuleSpec().fingerprint()
    state = [json.dumps({"outputs": "jsonl=out.jsonl|episodes_csv=None|sessions_csv=None|sqlite=None|convokit=None"})]
    state += [json.dumps({"source": key, "key": resume_key(key, fingerprint)}) for key in keys]
    Path("out.jsonl.resume").write_text("\n".join(state) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "notes", "--format", "jsonl", "-o", "out.jsonl", "-j", "1", "-q",
                                 "--isolated", "--redact", "--client-label", "Maria"])
    assert result.exit_code == 0, result.output
    assert not leaked(Path("out.jsonl").read_text(encoding="utf-8"))


# --- no network ------------------------------------------------------------------------------------------------

def example_files() -> list[Path]:
    """Every note in examples/ as it is when the tests run, less what examples/.ruptureignore leaves out."""
    ignore_file = EXAMPLES / ".ruptureignore"
    patterns = []
    if ignore_file.exists():
        patterns = [line.strip() for line in ignore_file.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    found = []
    for path in sorted(EXAMPLES.rglob("*")) if EXAMPLES.is_dir() else []:
        relative = path.relative_to(EXAMPLES).as_posix()
        kind = kind_of(path)
        if not path.is_file() or kind is None or kind.reader not in ("text", "yaml") or relative.startswith("."):
            continue
        if any(relative.startswith(pattern.rstrip("/") + "/") or fnmatch.fnmatch(relative, pattern)
               for pattern in patterns):
            continue
        found.append(path)
    return found


EXAMPLE_FILES = example_files()
EXAMPLE_IDS = [path.relative_to(EXAMPLES).as_posix() for path in EXAMPLE_FILES]


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_sockets_are_blocked_while_tests_run() -> None:
    """pytest-socket (--disable-socket in pyproject) is what the example runs below rely on."""
    pytest_socket = pytest.importorskip("pytest_socket")
    with pytest.raises(pytest_socket.SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=EXAMPLE_IDS)
def test_every_example_runs_with_sockets_disabled(path: Path, tmp_path: Path) -> None:
    for arguments in ([], ["--format", "json"], ["--format", "jsonl", "-o", str(tmp_path / "out.jsonl")],
                      ["--redact", "--format", "html", "-o", str(tmp_path / "out.html")]):
        result = runner.invoke(app, ["analyze", str(path), "-j", "1", "--isolated", *arguments])
        assert result.exit_code == 0, (arguments, result.output)


def test_examples_folder_is_not_empty_or_the_runs_are_skipped() -> None:
    if not EXAMPLE_FILES:
        pytest.skip("examples/ holds no notes")
    assert EXAMPLE_FILES


# urllib.parse only splits and quotes strings (the SARIF reporter builds file URIs with it): allowed.
FORBIDDEN_IMPORTS = ("socket", "urllib.request", "urllib.robotparser", "http.client", "http.server", "requests",
                     "httpx", "urllib3", "aiohttp", "ftplib", "smtplib", "telnetlib", "websocket", "websockets")


def test_source_tree_imports_no_network_module() -> None:
    import ast

    offenders = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
            else:
                continue
            for module in modules:
                if module == "urllib" or any(module == name or module.startswith(name + ".")
                                             for name in FORBIDDEN_IMPORTS):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    assert not offenders, offenders


# --- no note text in logs --------------------------------------------------------------------------------------

def note_phrases(path: Path) -> set[str]:
    """Every 4-word window of every turn (or sentence) of a note, and each whole turn of 3 words or fewer."""
    session = load_session(Source(str(path)))
    phrases = set()
    for turn in session.turns:
        words = turn.text.split()
        if 2 <= len(words) < 4:
            phrases.add(" ".join(words))
        phrases.update(" ".join(words[start:start + 4]) for start in range(len(words) - 3))
    return phrases


def assert_no_phrases(stderr: str, phrases: set[str]) -> None:
    flat = " ".join(stderr.split())
    found = sorted(phrase for phrase in phrases if phrase in flat)
    assert not found, found[:5]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=EXAMPLE_IDS)
def test_verbose_and_debug_logs_name_files_and_counts_never_note_text(path: Path, tmp_path: Path) -> None:
    phrases = note_phrases(path)
    stderr = ""
    for arguments in (["--verbose"], ["--debug"], ["--debug", "--format", "jsonl", "-o", str(tmp_path / "o.jsonl")],
                      ["--debug", "--format", "json", "-o", str(tmp_path / "o.json")],
                      ["--debug", "--by-client", "--format", "json"], ["--debug", "--redact"]):
        result = runner.invoke(app, ["analyze", str(path), "-j", "1", "--isolated", *arguments])
        assert result.exit_code == 0, (arguments, result.output)
        assert "analysed " in result.stderr, arguments  # the logs are there: the check below is not vacuous
        stderr += result.stderr
    assert re.search(r"analysed \S+: (transcript|notes), \d+ (turns|sentences), \d+ episodes?", stderr)
    assert_no_phrases(stderr, phrases)


def test_verbose_log_line_lists_markers_with_lines() -> None:
    path = EXAMPLES / "session-homework.txt"
    if not path.exists():
        pytest.skip("example not shipped")
    result = runner.invoke(app, ["analyze", str(path), "--verbose", "--isolated"])
    assert re.search(r"analysed .*session-homework\.txt: transcript, \d+ turns, \d+ episodes? \(\w+: [A-Z][-A-Z]*\d? "
                     r"line \d+", result.stderr), result.stderr


def boom(message: str, victim: str) -> Callable[..., SessionReport]:
    """analyze_session, except that it fails (as a bug would) on the file named `victim`."""
    real = analyze_session

    def analyze(session: Session, rules: RuleSet, *args: Any, **kwargs: Any) -> SessionReport:
        if Path(session.file).name == victim:
            raise ValueError(message)
        return real(session, rules, *args, **kwargs)

    return analyze


@pytest.mark.parametrize("batch", [False, True], ids=["terminal", "research"])
def test_internal_error_on_one_file_is_one_line_and_the_batch_goes_on(batch: bool, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "she told me about the affair with her cousin"
    notes = write_phi_inputs(tmp_path / "notes")
    monkeypatch.setattr("rupturecli.run.loop.analyze_session", boom(secret, "rowan-notes.txt"))
    extra = ["--format", "jsonl"] if batch else []
    result = runner.invoke(app, ["analyze", str(notes), "-j", "1", "-q", "--isolated", *extra])
    assert result.exit_code == 2
    assert f"rupture: error: {notes / 'rowan-notes.txt'}: internal error (ValueError); rerun with --debug" \
        in result.stderr.splitlines()
    assert "Traceback" not in result.stderr and secret not in result.stderr and secret not in result.stdout
    assert "priya-session.yaml" in "".join(result.stdout.split())  # the other inputs are still reported
    debug = runner.invoke(app, ["analyze", str(notes), "-j", "1", "-q", "--isolated", "--debug", *extra])
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr and "ValueError" in debug.stderr
    assert secret not in debug.stderr


def test_internal_error_outside_the_files_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    private = "Maria said something private"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(private)

    notes = write_phi_inputs(tmp_path / "notes")
    monkeypatch.setattr("rupturecli.run.modes.terminal", broken)
    result = runner.invoke(app, ["analyze", str(notes / "maria-2024-03-12.txt"), "--isolated"])
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: internal error (RuntimeError); rerun with --debug\n"
    debug = runner.invoke(app, ["analyze", str(notes / "maria-2024-03-12.txt"), "--isolated", "--debug"])
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "Maria said" not in debug.stderr


# --- inputs untouched ------------------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


UNTOUCHED_RUNS = [
    [], ["-o", "{out}/r.txt"], ["--format", "json"], ["--format", "json", "-o", "{out}/r.json"],
    ["--format", "jsonl"], ["--format", "jsonl", "-o", "{out}/r.jsonl"], ["--format", "csv"],
    ["--format", "csv", "-o", "{out}/r.csv", "--sessions-csv", "{out}/s.csv", "--db", "{out}/r.sqlite"],
    ["--format", "html", "-o", "{out}/r.html"], ["--format", "convokit", "-o", "{out}/corpus"],
    ["--by-client", "--format", "json", "-o", "{out}/c.json"], ["--redact", "--format", "json", "-o", "{out}/x.json"],
]


def test_inputs_are_byte_identical_with_the_same_mtime_after_every_format(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    write_phi_inputs(inputs / "synthetic")
    for path in EXAMPLE_FILES:
        target = inputs / "examples" / path.relative_to(EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    os.utime(inputs / "synthetic" / "maria-2024-03-12.txt", ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(inputs)
    for number, arguments in enumerate(UNTOUCHED_RUNS):
        out = tmp_path / f"out-{number}"
        out.mkdir()
        options = [argument.replace("{out}", str(out)) for argument in arguments]
        result = runner.invoke(app, ["analyze", str(inputs), "-q", "-j", "2", "--isolated", *options])
        assert result.exit_code == 0, (arguments, result.output)
        assert snapshot(inputs) == before, arguments


# --- atomic outputs --------------------------------------------------------------------------------------------

ATOMIC_RUNS = [
    ("terminal", ["-o", "report.out"]),
    ("json", ["--format", "json", "-o", "report.out"]),
    ("html", ["--format", "html", "-o", "report.out"]),
    ("by-client", ["--by-client", "--format", "json", "-o", "report.out"]),
]


@pytest.mark.parametrize(("name", "arguments"), ATOMIC_RUNS, ids=[name for name, _ in ATOMIC_RUNS])
def test_output_is_written_to_a_temporary_file_then_renamed(name: str, arguments: list[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_phi_inputs(Path("notes"))
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        renames.append((str(source), str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    result = runner.invoke(app, ["analyze", "notes", "-q", "-j", "1", "--isolated", *arguments])
    assert result.exit_code == 0, result.output
    final = [(source, target) for source, target in renames if Path(target).name == "report.out"]
    assert len(final) == 1
    source, target = final[0]
    assert Path(source).parent.resolve() == Path(target).parent.resolve()  # same folder: rename is atomic
    assert Path(source).name.startswith(".report.out.") and Path(source).name.endswith(".tmp")
    assert Path("report.out").stat().st_size > 0


@pytest.mark.parametrize(("name", "arguments"), ATOMIC_RUNS, ids=[name for name, _ in ATOMIC_RUNS])
def test_a_failed_rename_keeps_the_old_output_and_leaves_no_temporary_file(
        name: str, arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_phi_inputs(Path("notes"))
    Path("report.out").write_text("the old report\n", encoding="utf-8")

    def failing(source: str, target: str) -> None:
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(os, "replace", failing)
    result = runner.invoke(app, ["analyze", "notes", "-q", "-j", "1", "--isolated", *arguments])
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: report.out: cannot write: No space left on device\n"
    assert Path("report.out").read_text(encoding="utf-8") == "the old report\n"
    assert sorted(path.name for path in Path(".").iterdir()) == ["notes", "report.out"]


def test_a_failed_rename_of_a_streamed_output_keeps_the_old_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_phi_inputs(Path("notes"))
    Path("out.jsonl").write_text("old\n", encoding="utf-8")

    def failing(source: str, target: str) -> None:
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(os, "replace", failing)
    result = runner.invoke(app, ["analyze", "notes", "--format", "jsonl", "-o", "out.jsonl", "-q", "-j", "1",
                                 "--isolated"])
    assert result.exit_code == 2
    assert Path("out.jsonl").read_text(encoding="utf-8") == "old\n"


SESSION = """\
Therapist: Last week we agreed you'd fill in a thought record on two evenings. How did that go?
Client: These worksheets are pointless. I already know what I think, I don't need a form to tell me.
Therapist: It sounds like the form itself put you off. Maybe you could try just the first column next time?
Client: I don't think filling in boxes is going to help. I do enough forms at work.
Therapist: The reason we write the thoughts down is that in the moment they feel like facts.
Client: Okay, that makes sense. I could try typing one on my phone on the train instead of a whole sheet.
"""


def make_large_corpus(folder: Path, files: int, repeats: int) -> None:
    folder.mkdir(parents=True)
    for number in range(files):
        (folder / f"session-{number:05d}.txt").write_text(SESSION * repeats, encoding="utf-8")


def run_and_kill(arguments: list[str], cwd: Path, when: Callable[[], bool]) -> bool:
    """Start a run, SIGKILL it when `when()` is true; False when it finished first."""
    process = subprocess.Popen([sys.executable, "-m", "rupturecli.cli", "analyze", *arguments], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if when():
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                return True
            time.sleep(0.0005)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_run_killed_mid_write_leaves_the_old_output_or_a_complete_one(fmt: str, tmp_path: Path) -> None:
    make_large_corpus(tmp_path / "corpus", files=400, repeats=6)
    output = tmp_path / f"out.{fmt}"
    old = '{"old": true}\n'
    arguments = ["corpus", "--format", fmt, "-o", output.name, "-j", "2", "-q", "--isolated", "--no-resume"]

    def check() -> str:
        if not output.exists():
            return "absent"
        text = output.read_text(encoding="utf-8")
        if text == old:
            return "old"
        if fmt == "json":
            document = json.loads(text)  # never partial: it parses, and holds every input
            assert len(document["files"]) == 400
        else:
            lines = text.splitlines()
            assert len(lines) == 400 and all(json.loads(line)["schema_version"] == 1 for line in lines)
        return "complete"

    def writing() -> bool:
        if fmt == "json":  # the temporary file of write_atomic exists only while the document is written
            return any(name.startswith(f".{output.name}.") for name in os.listdir(tmp_path))
        partial = tmp_path / f"{output.name}.partial"  # streamed all along: kill once it holds a few records
        return partial.exists() and partial.stat().st_size > 20_000

    outcomes = []
    for _ in range(5):
        output.write_text(old, encoding="utf-8")
        killed = run_and_kill(arguments, tmp_path, writing)
        outcomes.append((killed, check()))
        print(f"{fmt}: killed while writing={killed}, output {outcomes[-1][1]}")
        for leftover in tmp_path.glob(f"{output.name}.*"):
            leftover.unlink()  # the next trial starts clean
        if killed:
            break
    # check() has already failed on anything partial; a kill just after the rename finds the complete file
    assert any(killed for killed, _ in outcomes), f"never caught the run while writing: {outcomes}"
    assert all(state in ("old", "complete") for _, state in outcomes), outcomes


def test_child_processes_of_the_tests_cannot_reach_the_network(tmp_path: Path) -> None:
    """The guard every subprocess run in the suite inherits; and a real `rupture` run works under it."""
    import subprocess
    import sys

    reach = subprocess.run([sys.executable, "-c", "import socket; socket.socket().connect(('127.0.0.1', 9))"],
                           capture_output=True, text=True, timeout=60)
    assert reach.returncode != 0 and "network access in a test subprocess (socket.connect)" in reach.stderr
    lookup = subprocess.run([sys.executable, "-c", "import socket; socket.getaddrinfo('example.org', 443)"],
                            capture_output=True, text=True, timeout=60)
    assert lookup.returncode != 0 and "socket.getaddrinfo" in lookup.stderr
    note = tmp_path / "note.txt"
    note.write_text("Therapist: You must do it.\nClient: Whatever.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "rupturecli.cli", "analyze", str(note), "-f", "jsonl", "-j", "2",
                          "--isolated"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
