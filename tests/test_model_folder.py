"""A model folder on disk (`--model DIR`): damaged, mismatched or misnamed folders are one line and exit 2, and a
failed write never leaves a folder that loads as something it is not."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.model import store
from rupturecli.model.linear import LinearHead
from rupturecli.model.store import ModelError, load_model_files, save_model

runner = CliRunner()


def tiny_head(weight: float) -> LinearHead:
    return LinearHead("client", "softmax", ("none", "withdrawal"), {"c:meh": 0},
                      np.array([[weight, -weight]], dtype=np.float32), np.zeros(2, dtype=np.float32))


def analyse_with(folder: Path, tmp_path: Path):
    session = tmp_path / "s.txt"
    session.write_text("Therapist: How did the week go?\nClient: Meh.\n", encoding="utf-8")
    return runner.invoke(app, ["analyze", str(session), "--model", str(folder), "--isolated", "-f", "json"])


@pytest.fixture
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "m"
    save_model(folder, {"client": tiny_head(0.5)}, {"rupture": 0.4}, {"name": "tiny"})
    return folder


def damage(kind: str, weights: Path) -> None:
    data = weights.read_bytes()
    if kind == "truncated":
        weights.write_bytes(data[: len(data) // 2])
    elif kind == "corrupted":  # the compressed stream, past the zip's local header
        weights.write_bytes(data[:60] + bytes(byte ^ 0x5A for byte in data[60:-200]) + data[-200:])
    else:
        weights.write_bytes(b"")


@pytest.mark.parametrize("kind", ["truncated", "corrupted", "empty"])
def test_an_unreadable_weights_file_is_one_line_naming_it(kind: str, model: Path, tmp_path: Path) -> None:
    damage(kind, model / "weights.npz")
    result = analyse_with(model, tmp_path)
    assert result.exit_code == 2, result.output
    assert "weights.npz: cannot read the weights" in result.stderr and "Traceback" not in result.output
    assert "Aborted" not in result.output and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["high", 1.5, True, None])
def test_a_threshold_that_is_no_probability_is_blamed_on_model_json(value: object, model: Path,
                                                                      tmp_path: Path) -> None:
    description = json.loads((model / "model.json").read_text(encoding="utf-8"))
    description["thresholds"]["rupture"] = value
    (model / "model.json").write_text(json.dumps(description), encoding="utf-8")
    result = analyse_with(model, tmp_path)
    assert result.exit_code == 2
    assert "model.json: threshold 'rupture' must be a number from 0 to 1" in result.stderr
    assert "s.txt" not in result.stderr


def test_weights_of_another_model_beside_model_json_are_refused(model: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    save_model(other, {"client": tiny_head(-2.0)}, {"rupture": 0.4}, {"name": "tiny"})
    (model / "weights.npz").write_bytes((other / "weights.npz").read_bytes())
    with pytest.raises(ModelError, match="inconsistent model folder"):
        load_model_files(model)
    assert "inconsistent model folder" in analyse_with(model, tmp_path).stderr


def test_a_failed_write_keeps_the_old_model_or_leaves_a_folder_that_says_it_is_inconsistent(
        model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed: list[str] = []

    def failing_replace(fail_at: int):
        def replace(source: str, target: Path) -> None:
            renamed.append(str(target))
            if len(renamed) == fail_at:
                raise OSError(28, "No space left on device")
            os.rename(source, target)
        return replace

    monkeypatch.setattr(store.os, "replace", failing_replace(1))
    with pytest.raises(ModelError, match="cannot write the model: No space left on device"):
        save_model(model, {"client": tiny_head(-2.0)}, {"rupture": 0.7}, {"name": "tiny"})
    description, heads = load_model_files(model)  # the previous model, whole
    assert description["thresholds"] == {"rupture": 0.4} and heads["client"].weights[0, 0] > 0
    assert sorted(path.name for path in model.iterdir()) == ["model.json", "weights.npz"]
    renamed.clear()
    monkeypatch.setattr(store.os, "replace", failing_replace(2))
    with pytest.raises(ModelError):
        save_model(model, {"client": tiny_head(-2.0)}, {"rupture": 0.7}, {"name": "tiny"})
    assert renamed[0].endswith("weights.npz")  # the weights go first: the old description then refuses them
    with pytest.raises(ModelError, match="inconsistent model folder"):
        load_model_files(model)


def test_model_names_a_missing_folder_or_a_file_for_what_it_is(model: Path, tmp_path: Path) -> None:
    missing = analyse_with(tmp_path / "nope", tmp_path)
    assert missing.exit_code == 2 and "nope: no such model folder" in missing.stderr
    given_file = analyse_with(model / "model.json", tmp_path)
    assert given_file.exit_code == 2
    assert "model.json: is a file; --model takes a model folder" in given_file.stderr
    assert "model.json/model.json" not in given_file.stderr
