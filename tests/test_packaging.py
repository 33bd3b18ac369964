"""A plain `pip install .` must run: every module-level import of the package is stdlib or a declared dependency.

Test extras (dask, scikit-learn...) pull in more packages, so a missing dependency would pass every other
test and still break the quick start on a fresh machine; this reads the imports instead of trusting them.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "rupturecli"
IMPORT_NAMES = {"pyyaml": "yaml", "pyahocorasick": "ahocorasick"}  # distribution -> module, where they differ


def declared_modules() -> set[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = {re.split(r"[<>=;\[ ]", entry.strip().strip('",'))[0].lower()
             for entry in block.splitlines() if entry.strip().strip('",')}
    return {IMPORT_NAMES.get(name, name) for name in names}


def module_level_imports(path: Path) -> set[str]:
    """Top-level names imported when the module loads (not inside functions, not guarded by try)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_module_level_import_is_stdlib_or_declared() -> None:
    allowed = declared_modules() | set(sys.stdlib_module_names) | {"rupturecli", "sre_constants", "sre_parse"}
    undeclared = {str(path.relative_to(ROOT)): sorted(module_level_imports(path) - allowed)
                  for path in SOURCE.rglob("*.py")}
    assert not {path: names for path, names in undeclared.items() if names}


def test_the_check_sees_a_missing_dependency(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text("import click\nfrom typer import Exit\n\ndef later():\n    import docx\n", encoding="utf-8")
    assert module_level_imports(module) - declared_modules() - set(sys.stdlib_module_names) == {"click"}
