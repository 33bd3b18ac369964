"""The fast paths give exactly the answers of the plain ones.

The pattern gate may only skip a pattern that cannot match (whether hyperscan or the literal index finds
that), so reports are the same with and without hyperscan; the model's array rows are the named rows,
number for number. Texts here are synthetic or the rule packs' own examples.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.model import load_model
from rupturecli.model.columns import ClientColumns, NamedRows
from rupturecli.model.word_tables import WordTables
from rupturecli.parsing import parse_text
from rupturecli.rules.compiled import FLAGS, RuleSet, build_rule_set
from rupturecli.rules.gate import PatternGate
from rupturecli.rules.hyperscan_gate import translate
from rupturecli.textutil import normalise

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def _example_texts(rules: RuleSet) -> list[str]:
    """Every line of the packs' in-file examples and of examples/: texts most patterns match."""
    texts: list[str] = []
    for marker in rules.loaded.markers.values():
        for kind in ("match", "no_match", "todo"):
            for example in getattr(marker.examples, kind):
                texts += [line.split(":", 1)[-1].strip() for line in example.splitlines()]
    for path in sorted(EXAMPLES.rglob("*")):
        if path.suffix in (".txt", ".yaml"):
            texts += [line.split(":", 1)[-1].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted({normalise(text) for text in texts if text})


_COMPILED: dict[int, list[regex.Pattern[str]]] = {}


def _misses(gate: PatternGate, texts: list[str]) -> list[tuple[str, str]]:
    """(pattern, text) pairs where the pattern matches but the gate did not let it through (asked as the engine
    asks: hyperscan scans the database of the pattern's side only).

    Each gate's patterns are compiled once: `regex`'s own cache holds fewer patterns than the packs have, so
    compiling them on every made-up turn took most of the suite's time."""
    compiled = _COMPILED.get(id(gate))
    if compiled is None:
        compiled = _COMPILED[id(gate)] = [regex.compile(expression, FLAGS) for expression in gate.expressions]
    return [(gate.expressions[pattern_id], text) for text in texts for pattern_id, pattern in enumerate(compiled)
            if not gate.may_match(pattern_id, text) and pattern.search(text)]


@pytest.fixture(scope="module")
def gated() -> dict[str, RuleSet]:
    """The shipped packs with the literal gate, and with hyperscan's database."""
    literal = build_rule_set()
    fast = build_rule_set()
    pytest.importorskip("hyperscan")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RUPTURE_HYPERSCAN", "1")
        fast.gate.prepare(0)  # type: ignore[union-attr]
    assert fast.gate.scanner is not None  # type: ignore[union-attr]
    return {"literals": literal, "hyperscan": fast}


@pytest.mark.parametrize("name", ["literals", "hyperscan"])
def test_the_gate_lets_every_matching_pattern_through(gated: dict[str, RuleSet], name: str) -> None:
    rules = gated[name]
    texts = _example_texts(rules)
    assert len(texts) > 500
    assert _misses(rules.gate, texts) == []  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["I", "you", "don't", "know", "whatever", "fine", "waste", "of", "time", "this",
                                 "is", "pointless", "not", "sure", "maybe", "should", "have", "?", ",", ".", "'",
                                 "\"", "-", "okay", "stop", "never", "listen", "homework", "sorry", "a", "the"]),
                max_size=14),
       st.sampled_from([" ", "  ", "\n", "\t"]))
def test_the_gates_agree_with_regex_on_made_up_turns(gated: dict[str, RuleSet], words: list[str],
                                                     space: str) -> None:
    text = space.join(words)
    for rules in gated.values():
        assert _misses(rules.gate, [text]) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern, matching, other", [
    (r"(?<![\w])waste\s+of\s+time(?![\w])", "a WASTE of\ttime", "wasted of time"),
    (r"^(?:yeah|ok(?:ay)?)\W*$", "Okay...", "okay then"),
    (r"(?-i:\bI\b) (?:guess|suppose)", "I guess", "we guess"),
    (r"[^.]{0,5}\d+ pounds\b", "it's 40 pounds", "forty pounds"),
    (r"(\w+) and \1", "again and again", "again or again"),
])
def test_a_translated_pattern_matches_at_least_what_the_pattern_matches(pattern: str, matching: str,
                                                                        other: str) -> None:
    """Hyperscan's form of a pattern (lookarounds dropped, backreferences as anything) only widens it."""
    hyperscan = pytest.importorskip("hyperscan")
    translated = translate(pattern)
    assert translated is not None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[translated], ids=[0], elements=1,
                     flags=[hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_ALLOWEMPTY])
    found: list[int] = []
    database.scan(matching.encode(), match_event_handler=lambda *match: found.append(match[0]))
    assert regex.search(pattern, matching, FLAGS)
    assert found, f"hyperscan's {translated!r} misses {matching!r}"
    assert regex.search(pattern, other, FLAGS) is None  # (the pattern itself is picky)


def test_reports_are_the_same_with_and_without_hyperscan(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hyperscan")
    outputs = {}
    for setting in ("0", "1"):
        monkeypatch.setenv("RUPTURE_HYPERSCAN", setting)
        result = runner.invoke(app, ["analyze", str(EXAMPLES), "--format", "jsonl", "--isolated", "--no-resume"])
        assert result.exit_code == 0, result.stderr
        outputs[setting] = result.stdout
    assert len(outputs["0"].splitlines()) >= 10
    assert outputs["0"] == outputs["1"]
    assert any(json.loads(line)["episodes"] for line in outputs["0"].splitlines())


SPEAKERS = ["Therapist", "Client"]
WORDS = ["so", "you", "don't", "know", "mm", "hmm", "right", "this", "is", "pointless", "what", "happened", "i",
         "guess", "fine", "okay", "we", "could", "try", "homework", "zyxwv", "qqq", "?", ".", "my", "mother"]


def _made_up_transcript(seed: int) -> str:
    """Turns of every length (empty-ish backchannels, long lectures), speakers in runs, unknown words."""
    chooser = random.Random(seed)
    lines = []
    for _ in range(chooser.randint(1, 30)):
        speaker = chooser.choice(SPEAKERS)
        length = chooser.choice([1, 2, 3, 5, 20, 60])
        lines.append(f"{speaker}: " + " ".join(chooser.choice(WORDS) for _ in range(length)))
    return "\n".join(lines + ["Therapist: one more", "Client: and an answer"]) + "\n"


@pytest.fixture(scope="module")
def model_tables() -> tuple[object, WordTables]:
    model = load_model(None)
    return model, WordTables(model.heads["client"].index)


@pytest.mark.parametrize("seed", range(40))
def test_array_rows_are_the_named_rows(model_tables: tuple, seed: int) -> None:
    model, tables = model_tables
    session = parse_text(_made_up_transcript(seed), "made-up.txt", kind="transcript")
    arrays, named = ClientColumns(session, tables), NamedRows(session)
    assert arrays.turns == named.turns
    if not len(named):
        return
    head = model.heads["client"]
    columns, values, owners = head._rows(named.rows.client)
    assert np.array_equal(arrays.columns, columns)
    assert np.array_equal(arrays.values, values)
    assert np.array_equal(arrays.owners, owners)
    assert np.array_equal(arrays.probabilities(head), named.probabilities(head))  # to the last bit
    assert [arrays.features(row) for row in range(len(named))] == list(named.rows.client)


def test_array_rows_match_on_the_examples(model_tables: tuple) -> None:
    model, tables = model_tables
    head = model.heads["client"]
    checked = 0
    for path in sorted(EXAMPLES.glob("*.txt")):
        session = parse_text(path.read_text(encoding="utf-8"), path.name)
        if session.kind != "transcript":
            continue
        checked += 1
        arrays, named = ClientColumns(session, tables), NamedRows(session)
        assert np.array_equal(arrays.probabilities(head), named.probabilities(head))
    assert checked >= 3


@pytest.mark.parametrize("unused", [("rupturecli.privacy",), ("sqlite3", "rupturecli.outputs.sinks.convokit")],
                         ids=["privacy detectors", "database and ConvoKit sinks"])
def test_a_batch_loads_nothing_it_does_not_use(tmp_path: Path, unused: tuple[str, ...]) -> None:
    """The privacy detectors (some 200 patterns compiled on import) load only for --redact; sqlite3 and the
    ConvoKit sink (with what it builds on) only for --db and --format convokit."""
    import subprocess
    import sys

    note = EXAMPLES / "session-homework.txt"
    code = ("import atexit, sys\nfrom rupturecli.cli import main\n"
            f"sys.argv = ['rupture', 'analyze', {str(note)!r}, '-f', 'jsonl', '-o', {str(tmp_path / 'out.jsonl')!r},"
            " '-q', '--isolated']\n"
            f"atexit.register(lambda: print(sorted(name for name in sys.modules if name.startswith({unused!r}))))\n"
            "main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1
