"""The private cache of parsed rule packs and models: what it keeps, what it refuses, and that it stays small."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from rupturecli import cache
from rupturecli.model.linear import LinearHead
from rupturecli.model.store import ModelError, load_model_files, save_model
from rupturecli.model.word_tables import WordTables


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (platformdirs reads XDG_CACHE_HOME)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("RUPTURE_CACHE", raising=False)
    return tmp_path / "cache" / "rupturecli"


def test_a_stored_value_comes_back_and_a_damaged_entry_is_a_miss(cache_home: Path) -> None:
    cache.store("rules", "k1", {"pack": ["W2"]})
    assert cache.load("rules", "k1") == {"pack": ["W2"]}
    (cache_home / "rules" / "k1.pickle").write_bytes(b"not a pickle")
    assert cache.load("rules", "k1") is None
    assert cache.load("rules", "never-stored") is None


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPTURE_CACHE", "0")
    cache.store("rules", "k1", 1)
    assert cache.load("rules", "k1") is None
    assert not cache_home.exists()


def test_a_folder_others_can_write_to_is_never_read(cache_home: Path) -> None:
    cache.store("rules", "k1", 1)
    os.chmod(cache_home / "rules", 0o777)
    assert cache.load("rules", "k1") is None


def test_the_least_recently_used_entries_go_past_the_budget(cache_home: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "BUDGET", 3 * 1000)
    past = time.time() - 1000
    for number in range(3):
        cache.store("model", f"k{number}", b"x" * 900)
        moment = past + number
        os.utime(cache_home / "model" / f"k{number}.pickle", (moment, moment))
    assert cache.load("model", "k0") == b"x" * 900  # used just now: the most recent entry
    cache.store("model", "newest", b"y" * 900)
    kept = sorted(path.stem for path in (cache_home / "model").iterdir())
    assert kept == ["k0", "k2", "newest"]  # about 900 bytes each: three fit; k1 was the least recently used
    cache.store("rules", "other-kind", 1)
    assert len(list((cache_home / "model").iterdir())) == 3  # each kind is pruned on its own


def test_one_entry_larger_than_the_budget_is_still_kept(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "BUDGET", 10)
    cache.store("model", "big", b"z" * 100)
    assert cache.load("model", "big") == b"z" * 100


def test_every_rule_file_of_a_run_stays_cached(cache_home: Path, tmp_path: Path) -> None:
    from rupturecli.rules.loader import load_pack_file

    packs = []
    for shipped in sorted(Path(__file__).resolve().parents[1].joinpath("rules").glob("*.yaml")):
        packs.append(tmp_path / shipped.name)  # a copy: the test session reads the shipped files once, uncached
        packs[-1].write_bytes(shipped.read_bytes())
    for pack in packs:
        load_pack_file(pack)
    for pack in packs:
        load_pack_file(pack)
    assert len(list((cache_home / "rules").iterdir())) == len(packs)


def test_a_model_read_from_the_cache_is_the_model_on_disk(cache_home: Path, tmp_path: Path) -> None:
    shared = {"c:fine": 0, "len:1-2": 1}
    heads = {
        name: LinearHead(name, "softmax", ("none", "withdrawal"), dict(shared),
                         np.array([[0.5, -0.5], [0.25, 0.75]], dtype=np.float32),
                         np.array([0.1, -0.1], dtype=np.float32))
        for name in ("client", "notes_client")
    }
    save_model(tmp_path / "model", heads, {"rupture": 0.4}, {"name": "tiny"})
    parsed = load_model_files(tmp_path / "model")
    cached = load_model_files(tmp_path / "model")
    assert list((cache_home / "model").iterdir()), "the parsed model was not cached"
    for description, loaded in (parsed, cached):
        assert description["thresholds"] == {"rupture": 0.4} and description["name"] == "tiny"
        assert "features" not in description["heads"]["client"]  # held once, in the head's index
        for name in heads:
            assert loaded[name].index == shared
            assert np.allclose(loaded[name].weights, heads[name].weights, atol=1e-3)


def test_a_rewritten_model_is_read_again_not_taken_from_the_cache(cache_home: Path, tmp_path: Path) -> None:
    head = LinearHead("client", "softmax", ("none", "withdrawal"), {"c:a": 0},
                      np.array([[0.5, -0.5]], dtype=np.float32), np.array([0.1, -0.1], dtype=np.float32))
    folder = tmp_path / "model"
    save_model(folder, {"client": head}, {"rupture": 0.4}, {"name": "first"})
    assert load_model_files(folder)[0]["name"] == "first"
    save_model(folder, {"client": head}, {"rupture": 0.4}, {"name": "second"})
    assert load_model_files(folder)[0]["name"] == "second"


MARKER_PACK = """\
markers:
  - id: X-SIGH
    name: sigh
    rupture: withdrawal
    match: ["{phrase}"]
"""


def test_a_compiled_rule_set_is_read_back_and_never_stale(cache_home: Path, tmp_path: Path) -> None:
    """The compiled set is kept per pack bytes, paths and selection: an edited pack or another selection is
    compiled again, and what comes back finds what a fresh compile finds."""
    from rupturecli.rules.compiled import build_rule_set
    from rupturecli.rules.selection import Selection

    pack = tmp_path / "mine.yaml"
    pack.write_text(MARKER_PACK.format(phrase="heavy sigh"), encoding="utf-8")

    def phrases(selection: Selection | None = None) -> list[str]:
        rules = build_rule_set([pack], selection=selection)
        return [pattern.source for marker in rules.markers if marker.marker.id == "X-SIGH" for pattern in marker.match]

    assert phrases() == ["heavy sigh"]
    assert len(list((cache_home / "rule-set").iterdir())) == 1
    read_back = build_rule_set([pack])
    assert [marker.marker.id for marker in read_back.markers] == [
        marker.marker.id for marker in build_rule_set([pack], selection=Selection()).markers]
    assert read_back.markers[-1].match[0].compiled.search("a heavy sigh, then nothing")  # patterns compile as ever
    pack.write_text(MARKER_PACK.format(phrase="long pause"), encoding="utf-8")
    assert phrases() == ["long pause"]
    assert phrases(Selection(ignore=("X-SIGH",))) == []
    assert len(list((cache_home / "rule-set").iterdir())) == 3


def _two_group_model(folder: Path) -> None:
    heads = {}
    for name in ("client", "notes_client"):
        index = {f"c:{name}-word": 0, "c:shared": 1}
        heads[name] = LinearHead(name, "sigmoid", ("yes",), index, np.array([[1.5], [-0.5]], dtype=np.float32),
                                 np.array([0.25], dtype=np.float32))
    save_model(folder, heads, {}, {"name": "two groups"})


def test_a_cached_model_reads_each_group_of_heads_only_when_used(cache_home: Path, tmp_path: Path) -> None:
    """A transcript never reads the notes heads (and the reverse); a group the cache lost is parsed again."""
    folder = tmp_path / "model"
    _two_group_model(folder)
    _, fresh = load_model_files(folder)  # parsed from the files, and cached
    _, cached = load_model_files(folder)
    assert type(cached).__name__ == "LazyHeads" and "notes_client" in cached and sorted(cached) == sorted(fresh)
    row = [("c:client-word", 1.0), ("c:shared", 1.0)]
    assert cached["client"].logits([row]).tolist() == fresh["client"].logits([row]).tolist()
    assert cached._heads.keys() == {"client"}  # type: ignore[attr-defined] - the notes group was never read
    for entry in (cache_home / "model").glob("*-notes.pickle"):
        entry.unlink()  # the cache pruned it
    _, again = load_model_files(folder)
    assert again["notes_client"].index == fresh["notes_client"].index
    assert list((cache_home / "model").glob("*-notes.pickle")), "the lost group is kept again"
    with pytest.raises(KeyError):
        again["missing"]
    for entry in (cache_home / "model").glob("*-notes.pickle"):
        entry.unlink()
    _, replaced = load_model_files(folder)
    _two_group_model(folder)  # the model is rewritten while a run uses it
    os.utime(folder / "weights.npz", (1, 1))
    with pytest.raises(ModelError, match="changed while this run was reading it"):
        replaced["notes_client"]


def test_a_pack_saved_while_a_run_starts_is_not_cached_under_its_old_bytes(cache_home: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from rupturecli.rules.compiled import build, build_rule_set

    pack = tmp_path / "mine.yaml"
    pack.write_text(MARKER_PACK.format(phrase="heavy sigh"), encoding="utf-8")
    loading = build.load_rules

    def saved_meanwhile(locations: list[Path]) -> object:
        pack.write_text(MARKER_PACK.format(phrase="long pause"), encoding="utf-8")  # an editor saves now
        return loading(locations)

    monkeypatch.setattr(build, "load_rules", saved_meanwhile)
    build_rule_set([pack])
    monkeypatch.setattr(build, "load_rules", loading)
    pack.write_text(MARKER_PACK.format(phrase="heavy sigh"), encoding="utf-8")
    rules = build_rule_set([pack])
    assert [pattern.source for marker in rules.markers if marker.marker.id == "X-SIGH" for pattern in marker.match] \
        == ["heavy sigh"]


def test_a_cached_rule_set_is_read_back_without_pydantic(cache_home: Path) -> None:
    """The compiled rule set keeps its items as plain records (rules/records.py): read back from the cache it needs
    neither pydantic nor the rule schema, and its items (and the lines its packed marks name) answer as they did
    when it was compiled."""
    code = ("import sys\nfrom rupturecli.rules.compiled import build_rule_set\nrules = build_rule_set()\n"
            "marker, strategy = rules.marker('C3'), rules.strategy('IM-CHANGE-TASK')\n"
            "print('pydantic' in sys.modules, 'rupturecli.rules.model' in sys.modules, marker.id,"
            " marker.when.max_words, marker.match[0].expression, strategy.group_only,"
            " len(rules.guidance.guidance.stages.withdrawal), rules.loaded.where('markers', 'C3', 'match', 0)[1:])")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
            for _ in range(2)]
    cold, warm = (run.stdout.split(" ", 2) for run in runs)
    assert cold[:2] == ["True", "True"]  # the packs were validated
    assert warm[:2] == ["False", "False"]
    assert warm[2] == cold[2] and "C3" in warm[2]


def test_word_tables_read_back_from_the_cache_score_as_the_ones_built(cache_home: Path) -> None:
    """A long run reads the client head's word tables from the cache: the same tables, so the same scores."""
    from rupturecli.model import load_model
    from rupturecli.model.columns import ClientColumns
    from rupturecli.parsing import parse_text

    head = load_model().heads["client"]
    built = WordTables.of(head.index)
    assert list((cache_home / "word-tables").glob("*.pickle"))
    again = WordTables.of(head.index)
    assert again is not built and again.index is head.index
    session = parse_text("Therapist: How was the week?\nClient: Fine.\nTherapist: Fine?\nClient: I said it was fine.\n",
                         "t.txt", kind="transcript")
    assert np.array_equal(ClientColumns(session, again).probabilities(head),
                          ClientColumns(session, WordTables(head.index)).probabilities(head))
    other = dict(list(head.index.items())[:-1])  # another vocabulary: another entry, never the first one's tables
    cached, fresh = WordTables.of(other), WordTables(other)
    assert np.array_equal(cached.words, fresh.words) and cached.vocabulary == fresh.vocabulary
    assert all(np.array_equal(a, b) for a, b in zip(cached.pair_keys, fresh.pair_keys, strict=True))
