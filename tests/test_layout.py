"""The layering check (`python -m rupturecli.devtools.layout`): the package keeps it, and it catches breaches."""

from __future__ import annotations

from pathlib import Path

from rupturecli.devtools.layout import LAYERS, MAX_LINES, layer_of, long_modules, main, violations

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rupturecli"


def test_no_module_imports_a_higher_layer() -> None:
    assert [str(problem) for problem in violations(PACKAGE)] == []


def test_no_module_is_longer_than_the_limit() -> None:
    assert [(str(path), lines) for path, lines in long_modules(PACKAGE)] == []


def test_a_long_module_fails_the_check(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    (tmp_path / "textutil.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert main([str(tmp_path)]) == 1
    assert f"textutil.py: {MAX_LINES + 1} lines, over {MAX_LINES}" in capsys.readouterr().out


def test_an_import_going_up_is_named_with_its_file_and_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "__init__.py").write_text("")
    (tmp_path / "rules" / "packs.py").write_text('"""A rule module."""\n\n\ndef later() -> None:\n'
                                                 "    from rupturecli.run.loop import run_inputs\n")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'rules' / 'packs.py'}:5: rules.packs (rules) imports run.loop (run), a higher layer" in out


def test_a_relative_import_is_resolved_before_it_is_judged(tmp_path: Path) -> None:
    (tmp_path / "parsing").mkdir()
    (tmp_path / "parsing" / "__init__.py").write_text("from ..outputs import formats\n")
    [problem] = violations(tmp_path)
    assert (problem.importer, problem.imported) == ("parsing", "outputs")


def test_the_longest_prefix_decides_the_layer() -> None:
    names = [name for name, _ in LAYERS]
    assert names[layer_of("model.moves")] == "detection"
    assert names[layer_of("model.training.fit")] == "training"
    assert names[layer_of("textutil")] == "core"
