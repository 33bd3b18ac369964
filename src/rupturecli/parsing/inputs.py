"""Expand the paths given on the command line into input files (reading them is parsing/sources.py)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.parsing.kinds import describe_kinds, is_documentation, kind_of
from rupturecli.parsing.reading import UTF16_BOMS

IGNORE_FILES = (".gitignore", ".ruptureignore")  # in this order: .ruptureignore has the last word
GLOB_CHARACTERS = frozenset("*?[")
SNIFF_BYTES = 65_536
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input to analyse: a file path, or '-' for standard input."""

    name: str

    @property
    def is_stdin(self) -> bool:
        return self.name == STDIN


class IgnoreRules:
    """The .gitignore and .ruptureignore files of a folder tree, each applied relative to where it lives.

    Gitignore syntax (pathspec); the last matching pattern decides, and a deeper file's patterns come
    after its parents', as in git. An ignored folder is not searched at all.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: dict[Path, Any] = {}  # folder -> its pathspec.PathSpec, or None

    def _spec(self, folder: Path) -> Any:
        if folder not in self._specs:
            lines: list[str] = []
            for name in IGNORE_FILES:
                try:
                    lines += (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
            spec = None
            if lines:
                import pathspec  # loaded only for a folder with ignore files

                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = spec
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """True when the ignore files from the root down to the path's folder exclude it."""
        verdict: bool | None = None
        relative = path.relative_to(self.root)
        folder = self.root
        for depth in range(len(relative.parts)):
            if depth:
                folder = folder / relative.parts[depth - 1]
            spec = self._spec(folder)
            if spec is None:
                continue
            name = Path(*relative.parts[depth:]).as_posix() + ("/" if is_dir else "")
            for pattern in spec.patterns:
                if pattern.include is not None and pattern.match_file(name) is not None:
                    verdict = pattern.include
        return bool(verdict)

    def excluded(self, path: Path) -> bool:
        """True when the path, or a folder between the root and it, is ignored or hidden."""
        relative = path.relative_to(self.root)
        for depth in range(1, len(relative.parts) + 1):
            part = self.root.joinpath(*relative.parts[:depth])
            is_dir = depth < len(relative.parts) or path.is_dir()
            if relative.parts[depth - 1].startswith(".") or self.ignored(part, is_dir):
                return True
        return False


def looks_like_sessions(path: Path) -> bool:
    """A tabular or JSON file that plainly holds sessions: an AnnoMI header, speaker and text columns,
    or a MIBot transcript. Only its start is read."""
    try:
        with path.open("rb") as stream:
            data = stream.read(SNIFF_BYTES)
    except OSError:
        return True  # let the reader report why it cannot be read
    if data.startswith(UTF16_BOMS) and not data.startswith(b"\xff\xfe\x00\x00"):  # as reading.py reads it
        head = data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    else:
        head = data.decode("utf-8-sig", errors="replace")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return '"utterances"' in head and '"participant_id"' in head
    first = next((line for line in head.split("\n") if line.strip()), "")
    if suffix in (".jsonl", ".ndjson"):
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):  # not sessions: read (and refused, if need be) as a named file is
            return False
        header = list(record) if isinstance(record, dict) else []
    else:
        try:
            header = next(csv.reader([first], delimiter="\t" if suffix in (".tsv", ".tab") else ","), [])
        except csv.Error:  # not a table's header: left to a named file's reader, which says why
            return False
        header = [name.strip() for name in header]
    from rupturecli.parsing.tabular import is_annomi_header  # the table reader loads only for tables

    return is_annomi_header(header) or {"speaker", "text"} <= {name.casefold() for name in header}


@dataclass
class Found:
    """What a search of folders and patterns found: the files, and what it passed over and why."""

    files: list[Path] = field(default_factory=list)
    ignored: int = 0  # by .ruptureignore or .gitignore
    documentation: list[Path] = field(default_factory=list)  # README, SOURCE, LICENSE...: not sessions


def _walk(root: Path, include_tables: bool, rules: IgnoreRules | None = None,
          problems: list[InputError] | None = None) -> Found:
    """Files of a known kind under a folder, less hidden, ignored and documentation files.
    A folder that cannot be listed (permissions) goes to `problems`, instead of being silently skipped."""
    rules = rules or IgnoreRules(root)
    found = Found()

    def unreadable(error: OSError) -> None:
        if problems is not None:
            problems.append(InputError(f"cannot read folder: {error.strerror or error}", error.filename or root))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        kept = []
        for name in subfolders:
            if name.startswith("."):
                continue
            if rules.ignored(here / name, is_dir=True):
                found.ignored += 1
                continue
            kept.append(name)
        subfolders[:] = kept
        for name in files:
            path = here / name
            kind = kind_of(path)
            if name.startswith(".") or kind is None:
                continue
            if rules.ignored(path, is_dir=False):
                found.ignored += 1
                continue
            if not path.is_file():  # a pipe or device: opening it to sniff could block for ever
                continue
            if is_documentation(path):
                found.documentation.append(path)
                continue
            if kind.sniffed and not include_tables and not looks_like_sessions(path):
                continue
            found.files.append(path)
    found.files.sort()
    found.documentation.sort()
    return found


def _glob_root(pattern: str) -> Path:
    """The folder a pattern starts in: its parts before the first wildcard."""
    fixed: list[str] = []
    for part in Path(pattern).parts:
        if GLOB_CHARACTERS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _glob(root: Path, pattern: str) -> list[Path]:
    """The pattern's matches. Unlike glob.glob, `**` does not follow symbolic links to folders: a link
    back up the tree (`a/loop -> ..`) would otherwise be searched again and again, exponentially."""
    parts = [part if part == "**" else part.replace("**", "*") for part in Path(pattern).parts[len(root.parts):]]
    return list(root.glob(str(Path(*parts)))) if parts else []


def _expand_glob(pattern: str, include_tables: bool) -> Found:
    """Files matching a pattern the shell left alone (`corpus/**/*.txt`), searched as a folder is (ignore
    files respected, documentation skipped); a file reached by several paths (through symbolic links) is
    read once, by its shortest."""
    root = _glob_root(pattern)
    rules = IgnoreRules(root)
    found: set[Path] = set()
    documentation: set[Path] = set()
    for path in _glob(root, pattern):
        try:
            if path != root and rules.excluded(path):
                continue
        except ValueError:  # not under the pattern's folder (a '..' inside the pattern): no ignore files
            pass
        if path.is_dir():
            walked = _walk(path, include_tables, rules if path != root else None)
            found.update(walked.files)
            documentation.update(walked.documentation)
        elif path.is_file() and kind_of(path) is not None:
            (documentation if is_documentation(path) else found).add(path)
    unique: dict[str, Path] = {}
    for path in sorted(found, key=lambda path: (len(path.parts), path)):
        unique.setdefault(os.path.realpath(path), path)
    return Found(sorted(unique.values()), 0, sorted(documentation))


@dataclass
class Inputs:
    """The inputs of a run, the problems met finding them, and the documentation files folder searches skipped."""

    sources: list[Source]
    problems: list[InputError]
    documentation: list[Path]


def documentation_notice(documentation: list[Path]) -> str:
    """One line for stderr: `rupture: note: skipped 2 documentation files in the folders searched (...)`."""
    from rupturecli.errors import shown_path
    from rupturecli.printable import printable

    count = len(documentation)
    shown = ", ".join(printable(shown_path(path)) for path in documentation[:3]) + (", ..." if count > 3 else "")
    return (f"rupture: note: skipped {count} documentation file{'s' if count != 1 else ''} in the folders "
            f"searched ({shown}); name a file to analyse it\n")


def find_inputs(paths: list[str], include_tables: bool = False) -> Inputs:
    """Files as given; folders and glob patterns searched recursively. Problems are returned, not raised.

    A file named explicitly is always read, as its kind says (parsing/kinds.py; plain text for any other
    ending). Folders are searched for the kinds that are always read (notes, transcripts, captions), and
    for tabular archives when they are recognised, or all of them when `include_tables` (a preset or column
    mapping was given). Hidden files and folders are skipped, documentation (README, SOURCE, LICENSE...)
    too, and so is whatever a .ruptureignore or .gitignore in the folder searched, or below it, excludes.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    documentation: list[Path] = []
    for raw in paths:
        if raw == STDIN:
            sources.append(Source(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            unreadable: list[InputError] = []
            found = _walk(path, include_tables, problems=unreadable)
            errors.extend(unreadable)
            documentation.extend(found.documentation)
            if not found.files and not unreadable:
                notes = [f"{found.ignored} ignored by .ruptureignore or .gitignore" if found.ignored else "",
                         f"{len(found.documentation)} documentation skipped" if found.documentation else ""]
                note = "".join(f"; {item}" for item in notes if item)
                errors.append(InputError(f"directory without notes ({describe_kinds()}){note}", path))
            sources.extend(Source(str(p)) for p in found.files)
        elif not path.exists() and GLOB_CHARACTERS & set(raw):
            found = _expand_glob(raw, include_tables)
            documentation.extend(found.documentation)
            if not found.files:
                errors.append(InputError("no supported files match this pattern", raw))
            sources.extend(Source(str(p)) for p in found.files)
        elif not path.exists():
            errors.append(InputError("no such file or directory", path))
        else:
            sources.append(Source(raw))
    return Inputs(_once_each(sources), errors, list(dict.fromkeys(documentation)))


def _once_each(sources: list[Source]) -> list[Source]:
    """Each file once, by the first path that reached it: `a.txt ./a.txt`, a folder and a file in it, or a
    symbolic or hard link beside its target would otherwise be analysed (and counted) twice."""
    seen: set[str] = set()
    kept: list[Source] = []
    for source in sources:
        if source.is_stdin:
            kept.append(source)
            continue
        try:
            found = os.stat(source.name)
            where = f"{found.st_dev}:{found.st_ino}"  # the file itself: a hard link is the same file too
        except (OSError, ValueError):
            where = os.path.realpath(source.name)
        if where not in seen:
            seen.add(where)
            kept.append(source)
    return kept


def expand_paths(paths: list[str], include_tables: bool = False) -> tuple[list[Source], list[InputError]]:
    """`find_inputs` without the documentation it skipped: the sources and the problems."""
    found = find_inputs(paths, include_tables)
    return found.sources, found.problems


def input_bytes(sources: Iterable[str]) -> int:
    """The size of the run's inputs (standard input and unreadable ones count nothing)."""
    total = 0
    for source in sources:
        with contextlib.suppress(OSError, ValueError):
            total += os.stat(source).st_size
    return total
