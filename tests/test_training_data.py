"""The training data keeps its promises: no measurement session in it, no real dialogue copied, two coders.

The reserved list and the second set are measurements; a session of either in training/ would make every
figure measured on it meaningless. Tests that need ../shared skip cleanly without it.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

from rupturecli.model.config import load_config
from rupturecli.model.training.dialogue_set import load_dialogue_set
from rupturecli.model.training.note_set import load_note_set

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training"
SHARED = ROOT.parent / "shared" / "eval-data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/eval-data is absent")
FAST_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the same data, many times faster


def yaml_ids(path: Path) -> list[str]:
    return [item["id"] for item in yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_YAML)]


def coded_sessions() -> set[str]:
    return {session["file"] for path in TRAINING.glob("codes/*/gold.json")
            for session in json.loads(path.read_text(encoding="utf-8"))["sessions"]}


def reserved_sessions() -> set[str]:
    text = (SHARED / "RESERVED.md").read_text(encoding="utf-8")
    annomi = re.search(r"annomi transcript_id:([0-9 ]+)", text)
    mibot = re.search(r"mibot:([0-9a-f ]+)", text)
    assert annomi and mibot, "RESERVED.md changed its layout"
    return ({f"annomi-{number}.txt" for number in annomi.group(1).split()}
            | {f"mibot-{prefix}.txt" for prefix in mibot.group(1).split()})


@needs_shared
def test_no_training_session_is_reserved_in_the_second_set_or_in_gold_dev() -> None:
    coded = coded_sessions()
    second = {item["file"] for item in json.loads((ROOT / "eval" / "second-set" / "gold.json").read_text())["sessions"]}
    gold_dev = {item["file"] for item in json.loads((SHARED / "gold-dev" / "gold.json").read_text())["sessions"]}
    assert coded, "no coded sessions found"
    assert not coded & reserved_sessions()
    assert not coded & second
    assert not coded & gold_dev


def test_every_coded_session_has_both_coders_and_no_verbatim_evidence() -> None:
    for gold in TRAINING.glob("codes/*/gold.json"):
        folder = gold.parent
        for session in json.loads(gold.read_text(encoding="utf-8"))["sessions"]:
            name = Path(session["file"]).stem + ".json"
            for coder in ("coder1", "coder2"):
                coding = json.loads((folder / coder / name).read_text(encoding="utf-8"))
                assert all("evidence" not in rupture for rupture in coding["ruptures"]), f"{coder}/{name}"


def test_written_dialogue_and_notes_are_checked_by_a_second_coder() -> None:
    config = load_config(TRAINING / "config.toml")
    written = [path for path in sorted((TRAINING / "dialogues").glob("*/batch-*.yaml")) if path.parent.name != "checks"]
    assert {str(path) for dialogues in config.dialogues for path in dialogues.files} <= {str(path) for path in written}
    for path in written:  # every writer, the move model's or only the therapist's move head's (train-contribution.py)
        checked = TRAINING / "dialogues" / "checks" / path.parent.name / path.name
        assert checked.is_file(), f"no second coding for {path}"
        assert yaml_ids(checked) == yaml_ids(path)
    for dialogues in config.dialogues:
        sessions = load_dialogue_set(dialogues.name, map(Path, dialogues.files), dialogues.checks)
        assert len(sessions) >= 400
        assert sum(code.label != "none" for coded in sessions for code in coded.client.values()) >= 400
    for notes in config.notes:
        coded_notes = load_note_set(notes.name, map(Path, notes.files), notes.checks)
        assert len(coded_notes) >= 100
        assert sum(code.label != "none" for note in coded_notes for code in note.sentences.values()) >= 100


@needs_shared
def test_no_real_dialogue_is_copied_into_the_repository() -> None:
    """No run of ten words from one real transcript appears in training/ or the blind notes (runs that recur
    across real sessions, such as the MI importance ruler's wording, are stock phrases, not copies)."""
    def grams(text: str) -> set[str]:
        words = re.findall(r"[a-z0-9']+", text.lower())
        return {" ".join(words[start:start + 10]) for start in range(len(words) - 9)}

    texts = [path.read_text(encoding="utf-8") for path in [*SHARED.glob("hlqc-train/transcripts/*.txt"),
                                                            *SHARED.glob("gold-dev/transcripts/*.txt")]]
    sessions: dict[str, list[str]] = {}
    with (SHARED / "annomi" / "AnnoMI-simple.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            sessions.setdefault(row["transcript_id"], []).append(row["utterance_text"])
    texts += [" ".join(utterances) for utterances in sessions.values()]
    seen: dict[str, int] = {}
    for text in texts:
        for gram in grams(text):
            seen[gram] = seen.get(gram, 0) + 1
    real = {gram for gram, sessions in seen.items() if sessions == 1}
    for path in [*TRAINING.rglob("*.yaml"), *TRAINING.rglob("*.json"), *(ROOT / "eval" / "notes-blind").rglob("*.txt")]:
        shared = grams(path.read_text(encoding="utf-8")) & real
        assert not shared, f"{path.relative_to(ROOT)} repeats real dialogue: {sorted(shared)[:1]}"


@needs_shared
def test_the_shipped_model_comes_from_the_training_data_as_it_stands(tmp_path: Path) -> None:
    """A rule example, a written exchange or a code is training data: changing one without rebuilding the shipped
    model (`bash scripts/build-model.sh`) leaves a model no build of the repository reproduces. The model's report
    keeps a digest of what it learned from; the corpus as it now stands must have the same one."""
    import subprocess
    import sys

    from rupturecli.model.training.corpus import load_corpus
    from rupturecli.rules.compiled import build_rule_set

    built = tmp_path / "training-transcripts"  # the AnnoMI/MIBot dialogue is rebuilt from ../shared, never kept
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build-training-transcripts.py"), str(built)], check=True,
                   capture_output=True)
    config = load_config(TRAINING / "config.toml")
    config = config.model_copy(update={"transcripts": [
        item.model_copy(update={"transcripts": built}) if item.transcripts.name == "training-transcripts" else item
        for item in config.transcripts]})
    shipped = json.loads((ROOT / "src" / "rupturecli" / "model" / "default" / "model.json").read_text())
    assert shipped["report"].get("training_data") == load_corpus(config, build_rule_set()).digest(), (
        "the shipped model was trained on other data: rebuild it with bash scripts/build-model.sh")
