"""The model says why it flagged a turn in words a clinician reads: no feature name reaches a report raw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rupturecli.model.cues import describe_cue
from rupturecli.model.store import load_model_files

MODELS = Path(__file__).resolve().parent.parent / "src" / "rupturecli" / "model"
RAW = re.compile(r"(?:^|, )[a-z0-9-]+:")  # "nfirst:when", or a conjunction's "len:1-2&t:asks" left as it is


@pytest.mark.parametrize("folder", ["default", "therapist", "significance"])
def test_every_shipped_feature_is_described_in_words(folder: str) -> None:
    if not (MODELS / folder / "model.json").exists():
        pytest.skip("a rules-only install of the source")
    _description, heads = load_model_files(MODELS / folder)
    names = {name for head in heads.values() for name in head.index}
    raw = sorted(name for name in names if RAW.search(describe_cue(name)) or describe_cue(name) in ("after-client",))
    assert raw == [], f"{len(raw)} features shown raw, e.g. {raw[:5]}"
