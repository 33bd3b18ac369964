"""Write outputs atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from rupturecli.errors import OutputError


def output_mode(path: Path) -> int:
    """The permissions an output gets: those of the file it replaces, else the usual ones for the user's umask.

    A clinician who made a report private (chmod 600) keeps it private when the report is written again.
    """
    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of it."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes (a model's weights). A failure is an OutputError naming `path`."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        _write_replacing(path, directory, data)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", path) from None


def _write_replacing(path: Path, directory: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(temporary, output_mode(path))  # mkstemp makes 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
