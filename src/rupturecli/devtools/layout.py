"""The layering check: `python -m rupturecli.devtools.layout` fails when a lower layer imports a higher one,
or when a module grows past MAX_LINES (a module that long has more than one job: split it).

The code is layered so that each part can be read, tested and changed without the parts above it: text
and sessions at the bottom, then reading inputs, the rule packs, detection, a session's analysis, what is
done with reports (privacy, CI checks, coders' agreement), the output formats, running over many inputs,
and the command line and Python API on top. A module may import its own layer and the layers below; the
check reads every import statement (also those inside functions and under TYPE_CHECKING), so a dependency
cannot hide behind a lazy import.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "rupturecli"
MAX_LINES = 320  # "no module over ~300 lines"
# Lowest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("errors", "printable", "located", "textutil", "session", "yamlsource", "cache", "output", "startup")),
    ("parsing", ("parsing", "config")),
    ("rules", ("rules",)),
    ("detection", ("detect", "model", "group")),
    ("analysis", ("analysis", "diagnostics")),
    ("uses of reports", ("privacy", "checks", "agreement")),
    ("training", ("model.training", "model.config")),
    ("outputs", ("outputs",)),
    ("run", ("run",)),
    ("interface", ("commands", "cli", "api", "devtools", "__init__", "__main__")),
)


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    importer: str
    imported: str
    importer_layer: str
    imported_layer: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: {self.importer} ({self.importer_layer}) imports {self.imported} "
                f"({self.imported_layer}), a higher layer")


def layer_of(module: str) -> int:
    """The index in LAYERS of a dotted module name under the package (without the 'rupturecli.' prefix)."""
    best, best_length = len(LAYERS) - 1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module under the package) for every import statement, relative ones resolved."""
    found: list[tuple[int, str]] = []
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name[len(PACKAGE) + 1:]) for alias in node.names
                      if alias.name.startswith(PACKAGE + ".")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
            elif node.module and (node.module == PACKAGE or node.module.startswith(PACKAGE + ".")):
                target = node.module[len(PACKAGE) + 1:]
            else:
                continue
            if target:
                found.append((node.lineno, target))
            else:  # from rupturecli import x: a module, or a name of the package itself (its __version__)
                found += [(node.lineno, alias.name) for alias in node.names if alias.name != "__version__"]
    return found


def violations(root: Path) -> list[Violation]:
    """Every import in the package at `root` that goes from a lower layer to a higher one."""
    found: list[Violation] = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        own = layer_of(module)
        for line, imported in imports_of(tree, module, path.name == "__init__.py"):
            other = layer_of(imported)
            if other > own and not (imported == "" or module == "__init__"):
                found.append(Violation(path, line, module, imported, LAYERS[own][0], LAYERS[other][0]))
    return found


def long_modules(root: Path, limit: int = MAX_LINES) -> list[tuple[Path, int]]:
    """(path, lines) of every module longer than `limit` lines."""
    counted = ((path, len(path.read_text(encoding="utf-8").splitlines())) for path in sorted(root.rglob("*.py")))
    return [(path, lines) for path, lines in counted if lines > limit]


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    problems = violations(root)
    for problem in problems:
        print(problem)
    long = long_modules(root)
    for path, lines in long:
        print(f"{path}: {lines} lines, over {MAX_LINES}: split it into modules of one job")
    names = " < ".join(name for name, _ in LAYERS)
    print(f"layers: {names}; {len(problems)} import{'s' if len(problems) != 1 else ''} going up; "
          f"{len(long)} module{'s' if len(long) != 1 else ''} over {MAX_LINES} lines")
    return 1 if problems or long else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
