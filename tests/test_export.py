"""`rupture rules export`: every shipped pattern in a form ripgrep (Rust regex) accepts, for the benchmark."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rupturecli.rules.compiled import RuleSet
from rupturecli.rules.export import exported_patterns, to_ripgrep


@pytest.mark.parametrize(("ours", "rust"), [
    (r'said \"?no', 'said "?no'),  # Rust refuses escapes of characters that are not special
    (r"^(yeah|yes)\W+\1$", r"^(yeah|yes)(?-u:\W)+(?-u:\w)+$"),  # no backreferences: "a word"
    (r"\bfine(?! thanks)\.", r"(?-u:\b)fine\."),  # lookarounds dropped, meta escapes kept
    (r"a\\b", r"a\\b"),  # an escaped backslash stays one
])
def test_patterns_become_rust_syntax(ours: str, rust: str) -> None:
    assert to_ripgrep(ours) == rust


@pytest.mark.skipif(shutil.which("rg") is None, reason="ripgrep (rg) is not installed")
def test_ripgrep_accepts_every_shipped_pattern(rules: RuleSet, tmp_path: Path) -> None:
    patterns = tmp_path / "patterns.txt"
    patterns.write_text("\n".join(exported_patterns(rules)) + "\n", encoding="utf-8")
    sample = tmp_path / "sample.txt"
    sample.write_text("Client: you're not listening to me\n", encoding="utf-8")
    run = subprocess.run(["rg", "-i", "--count-matches", "-f", str(patterns), str(sample)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-500:]
