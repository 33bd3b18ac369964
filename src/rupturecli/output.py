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


def output_target(path: Path) -> Path:
    """`path`, once it is safe to write there by renaming a finished temporary file over it. A device, FIFO or
    socket (or a link to one, /dev/stdout) is refused: the rename would put a plain file in its place (as root,
    `-o /dev/null` would replace the device itself). A link to a regular file is replaced, never written
    through, so a planted link cannot steer output elsewhere."""
    path = Path(path)
    if path.name in ("", ".", ".."):  # `-o ''` and `-o .` name the working folder, which no output may replace
        raise OutputError("names a folder to write into, not an output; give a new file (or folder) name", path)
    try:
        status = os.stat(path)  # through links
    except (OSError, ValueError):
        return path  # nothing there yet, or a link to nothing: the new file takes its place
    target = Path(os.path.realpath(path))
    special = target.parts[:2] == ("/", "proc")  # /proc/self/fd/1 and the like: another process's stream
    if stat.S_ISDIR(status.st_mode) or (stat.S_ISREG(status.st_mode) and not special):
        return path
    raise OutputError("is not a regular file (a device, FIFO or socket); outputs are written to a temporary file "
                      "and renamed into place: give a file path, or leave the option out to write to standard "
                      "output", path)


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of it."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes (a model's weights). A failure is an OutputError naming `path`."""
    path = output_target(path)
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
