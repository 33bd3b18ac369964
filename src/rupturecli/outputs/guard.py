"""Refuse output paths that would overwrite an input, or that two outputs of one run would share.

`rupture analyze notes.txt -o notes.txt` would otherwise replace a clinician's note with its own report;
`-f csv -o x.csv --sessions-csv x.csv` would mix two kinds of row in one file. Files are compared by
identity (device and inode), so `./notes.txt`, a symlink or a hard link to an input are caught too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from rupturecli.errors import RuptureError
from rupturecli.parsing.inputs import STDIN, find_inputs
from rupturecli.parsing.kinds import is_documentation, kind_of

FileId = tuple[int, int]


class OutputClash(RuptureError):
    """An output path that names an input or another output: nothing is written, exit 2."""


def _identity(path: Path) -> FileId | None:
    """The file a path leads to (through links), or None when nothing is there yet."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino)


def _input_identities(inputs: Iterable[str | Path]) -> set[FileId]:
    """Every file the inputs name or a folder among them holds (tables and documentation included, to be safe)."""
    names = [str(name) for name in inputs if str(name) != STDIN]
    searched = find_inputs(names, include_tables=True)
    found = {_identity(Path(source.name)) for source in searched.sources}
    found.update(_identity(path) for path in searched.documentation)
    found.update(_identity(Path(name)) for name in names)  # explicit files of any kind, folders themselves
    found.discard(None)
    return found  # type: ignore[return-value]


def _same_place(first: Path, second: Path) -> bool:
    """Two output paths that would end up as one file (existing or not)."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    first_id, second_id = _identity(first), _identity(second)
    return first_id is not None and first_id == second_id


def _protected_identities(paths: Iterable[Path]) -> set[FileId]:
    """Every file of the run's own settings (rule packs, config files, a model folder), folders walked."""
    found: set[FileId | None] = set()
    for path in paths:
        if path.is_dir():
            for folder, _, names in os.walk(path):
                found.update(_identity(Path(folder) / name) for name in names)
        else:
            found.add(_identity(path))
    found.discard(None)
    return found  # type: ignore[return-value]


def refuse_clashes(inputs: Iterable[str | Path], outputs: Mapping[str, Path | None],
                   settings_files: Iterable[Path] = ()) -> None:
    """Raise `OutputClash` if an output (keyed by its flag, e.g. '-o') is an input, one of the run's own rule
    packs, config files or model files (`settings_files`), or shares a path with another output."""
    given = [(flag, Path(path)) for flag, path in outputs.items() if path is not None]
    if not given:
        return
    for position, (flag, path) in enumerate(given):
        for other_flag, other in given[:position]:
            if _same_place(path, other):
                raise OutputClash(f"{other_flag} and {flag} name the same file; give each output its own path",
                                  path)
    existing = [(flag, path, _identity(path)) for flag, path in given]
    if any(identity is not None for _, _, identity in existing):
        inputs_found = _input_identities(inputs)
        own = _protected_identities(settings_files)
        for flag, path, identity in existing:
            if identity is not None and identity in inputs_found:
                raise OutputClash(f"{flag} names an input; refusing to overwrite it (write the output elsewhere)",
                                  path)
            if identity is not None and identity in own:
                raise OutputClash(f"{flag} names a rule pack, config or model file of this run; refusing to "
                                  "overwrite it (write the output elsewhere)", path)
    _refuse_inside_searched_folders(inputs, given)


def _refuse_inside_searched_folders(inputs: Iterable[str | Path], given: list[tuple[str, Path]]) -> None:
    """A report written as text (or YAML, captions, Word) into a folder the run searches would be read as a
    session by the next run on that folder: `rupture analyze notes/ -o notes/report.txt`."""
    folders = [Path(name) for name in inputs if str(name) != STDIN and Path(name).is_dir()]
    for flag, path in given:
        kind = kind_of(path)
        if kind is None or kind.sniffed or is_documentation(path):
            continue  # a folder search never reads it, or reads it only when it plainly holds sessions
        target = Path(os.path.realpath(path.parent)) / path.name  # the write replaces a link there by a file
        for folder in folders:
            root = Path(os.path.realpath(folder))
            if root not in target.parents:
                continue
            if any(part.startswith(".") for part in target.relative_to(root).parts):
                continue  # hidden: folder searches skip it
            raise OutputClash(f"{flag} is inside the input folder {folder}, so the next run on that folder would "
                              "read the report as a session; write it elsewhere", path)


__all__ = ["OutputClash", "refuse_clashes"]
