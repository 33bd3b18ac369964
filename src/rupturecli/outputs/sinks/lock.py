"""One run at a time per output: a lock file beside it, held with flock for the whole run.

Two runs writing the same `-o` or `--db` would interleave their records and their resume state; the
second run stops at once instead, saying which process holds the output. The kernel drops the lock
when its holder dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from rupturecli.errors import OutputError, RuptureError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, runs are not guarded
    fcntl = None  # type: ignore[assignment]


class OutputBusy(RuptureError):
    """Another run holds the output."""


class OutputLock:
    """Exclusive locks on `<output>.lock` for every output of a run; `release()` removes them."""

    def __init__(self, outputs: list[Path]) -> None:
        self.held: list[tuple[Path, int]] = []
        try:
            for output in outputs:
                self.held.append(self._take(Path(output)))
        except BaseException:
            self.release()
            raise

    @staticmethod
    def _take(output: Path) -> tuple[Path, int]:
        path = output.with_name(output.name + ".lock")
        while True:
            try:
                handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except OSError as error:
                raise OutputError(f"cannot write: {error.strerror or error}", output) from None
            if fcntl is None:
                return path, handle
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(handle, 32).decode("ascii", "replace").strip() or "unknown"
                os.close(handle)
                raise OutputBusy(f"another rupture run (pid {holder}) is writing this output; wait for it to "
                                 "finish or choose another path", output) from None
            try:
                same = os.fstat(handle).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file its last holder removed while we waited for it
                os.ftruncate(handle, 0)
                os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
                return path, handle
            os.close(handle)

    def release(self) -> None:
        for path, handle in reversed(self.held):
            with contextlib.suppress(OSError):
                path.unlink()
            os.close(handle)
        self.held.clear()
