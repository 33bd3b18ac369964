"""A private cache of work derived from the tool's own inputs (validated rule packs, pattern literals).

Reading and validating the rule packs took most of a short run; their validated form is kept in the
user's cache folder, keyed by a digest of what it was made from (file bytes, tool and Python version),
so an edited pack is simply read again. Only rule data is written there, never note text. The folder
must belong to the user and be closed to others, since what is read back is unpickled.
`RUPTURE_CACHE=0` turns the cache off. Each kind keeps its most recently used entries up to `BUDGET` bytes:
every retrained model would otherwise leave megabytes behind for good. (A budget, not a count: a run reads
one entry per rule file, and a count smaller than the packs would evict an entry the same run needs.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from rupturecli import __version__

FORMAT = 7  # change when a cached object's shape changes
BUDGET = 64 * 1024 * 1024  # bytes kept per kind, the most recently used entries first


def digest(*parts: bytes | str) -> str:
    """A key for data made from `parts` by this version of the tool on this Python."""
    hashed = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()[:32]


def private_folder(kind: str) -> Path | None:
    """The cache folder for `kind`, created private to this user; None when off or not safely ours."""
    if os.environ.get("RUPTURE_CACHE", "1").strip().lower() in ("0", "no", "off", "false"):
        return None
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("rupturecli")) / kind
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
        return None  # another user could plant a file here
    return folder


def load(kind: str, key: str) -> Any | None:
    """The object stored under `key`, or None (missing, damaged, or from another version)."""
    folder = private_folder(kind)
    if folder is None:
        return None
    path = folder / f"{key}.pickle"
    try:
        value = pickle.loads(path.read_bytes())  # noqa: S301 - written by us, in our folder
    except Exception:  # noqa: BLE001 - a cache miss, whatever the reason
        return None
    touch(path)
    return value


def touch(path: Path) -> None:
    """Mark a cache entry as just used, so pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, budget: int | None = None) -> None:
    """Remove the least recently used entries of one kind past `budget` bytes (default BUDGET); the newest
    always stays."""
    budget = BUDGET if budget is None else budget
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if not path.name.startswith("."):
                status = path.stat()
                entries.append((status.st_mtime, status.st_size, path))
    entries.sort(key=lambda entry: entry[0], reverse=True)
    total = 0
    for position, (_, size, path) in enumerate(entries):
        total += size
        if position and total > budget:
            with contextlib.suppress(OSError):
                path.unlink()


def store(kind: str, key: str, value: Any) -> None:
    """Keep `value` under `key`, written to a temporary name and renamed; failures are ignored."""
    folder = private_folder(kind)
    if folder is None:
        return
    path = folder / f"{key}.pickle"
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
        prune(folder)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs time
        with contextlib.suppress(OSError):
            temporary.unlink()
