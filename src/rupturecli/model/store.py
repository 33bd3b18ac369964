"""A model folder on disk: `model.json` (heads, classes, thresholds, provenance) and `weights.npz`.

Plain numpy arrays and JSON, no pickle: loading a model someone sent you cannot run their code. (What the
files parse to is kept in the user's own cache folder as rule packs are, written by the tool itself.)
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rupturecli import cache
from rupturecli.errors import RuptureError
from rupturecli.model.linear import LinearHead
from rupturecli.output import output_mode

FORMAT = 1
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"


class ModelError(RuptureError):
    """A model folder that cannot be used: missing, damaged or of another format."""


def save_model(folder: Path, heads: dict[str, LinearHead], thresholds: dict[str, float],
               meta: dict[str, Any]) -> None:
    """Write the model folder. model.json records the digest of the weights it describes, so a folder whose two
    files do not belong together is refused on loading; both files are written in full under temporary names
    before either replaces anything, so a failed write (disk full) leaves the previous model as it was."""
    arrays: dict[str, np.ndarray] = {}
    for name, head in heads.items():
        arrays[f"{name}.weights"] = head.weights.astype(np.float16)
        arrays[f"{name}.bias"] = head.bias.astype(np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    weights = buffer.getvalue()
    description = {
        "format": FORMAT,
        **meta,
        "weights_sha256": hashlib.sha256(weights).hexdigest(),
        "thresholds": {name: round(float(value), 4) for name, value in thresholds.items()},
        "heads": {name: {"kind": head.kind, "classes": list(head.classes),
                         "features": sorted(head.index, key=head.index.__getitem__)}
                  for name, head in heads.items()},
    }
    text = json.dumps(description, indent=1, ensure_ascii=False) + "\n"
    staged: list[tuple[str, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in ((WEIGHTS_FILE, weights), (MODEL_FILE, text.encode("utf-8"))):
            staged.append((_stage(folder, name, data), folder / name))
        for temporary, final in staged:  # the weights first: an old model.json then refuses the new weights
            os.replace(temporary, final)
    except OSError as error:
        raise ModelError(f"cannot write the model: {error.strerror or type(error).__name__}", folder) from None
    finally:
        for temporary, _final in staged:
            Path(temporary).unlink(missing_ok=True)


def _stage(folder: Path, name: str, data: bytes) -> str:
    """`data` in a hidden temporary file of `folder`, flushed to disk, ready to be renamed over `name`."""
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(temporary, output_mode(folder / name))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def load_model_files(folder: Path) -> tuple[dict[str, Any], Mapping[str, LinearHead]]:
    """The description and heads of a model folder, or a ModelError naming the file.

    What the files parse to is kept in the user's private cache: parsing 2 MB of JSON and building the heads'
    vocabularies took a tenth of a short note's run. The key is each file's path, size, modification time and
    inode (as Python keys its bytecode), so a cached model is found without reading 4 MB; any rewrite of
    either file changes it. The heads are kept in two entries, read when first used (`LazyHeads`)."""
    description_path, weights_path = folder / MODEL_FILE, folder / WEIGHTS_FILE
    key = _stat_key(description_path, weights_path)
    cached = cache.load("model", key) if key is not None else None
    if key is not None and isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[1], tuple):
        description, names = cached
        return description, LazyHeads(key, names, lambda: _parse_again(folder, key))
    description, heads = _parse_folder(folder)
    if key is not None and _stat_key(description_path, weights_path) == key:  # not replaced while it was read
        _store_groups(key, heads)
        cache.store("model", key, (description, tuple(heads)))
    return description, heads


def _store_groups(key: str, heads: dict[str, LinearHead]) -> None:
    for group in {_group(name) for name in heads}:
        cache.store("model", f"{key}-{group}", {name: head for name, head in heads.items() if _group(name) == group})


def _parse_again(folder: Path, key: str) -> dict[str, LinearHead]:
    """A head group the cache has lost, parsed again from the files and kept again, provided they are the files the
    run began with (a model replaced meanwhile is never mixed with the one already read)."""
    if _stat_key(folder / MODEL_FILE, folder / WEIGHTS_FILE) != key:
        raise ModelError("the model folder changed while this run was reading it; run the command again", folder)
    _description, heads = _parse_folder(folder)
    _store_groups(key, heads)
    return heads


def _parse_folder(folder: Path) -> tuple[dict[str, Any], dict[str, LinearHead]]:
    description_path, weights_path = folder / MODEL_FILE, folder / WEIGHTS_FILE
    if not folder.exists():
        raise ModelError("no such model folder", folder)
    if not folder.is_dir():
        parent = f" ({folder.parent}?)" if folder.name in (MODEL_FILE, WEIGHTS_FILE) else ""
        raise ModelError(f"is a file; --model takes a model folder, the one holding {MODEL_FILE} and "
                         f"{WEIGHTS_FILE}{parent}", folder)
    not_a_model = ModelError(f"not a model folder (no {MODEL_FILE}; make one with 'rupture train')", folder)
    description_bytes = _read(description_path, "the model description", not_a_model)
    weights_bytes = _read(weights_path, "the weights", ModelError(f"no {WEIGHTS_FILE} beside {MODEL_FILE}", folder))
    return _parse(description_bytes, weights_bytes, description_path, weights_path)


def _group(name: str) -> str:
    """Which cache entry keeps a head: the notes heads (`notes_*`) apart from the transcript ones."""
    return "notes" if name.startswith("notes") else "transcript"


class LazyHeads(Mapping[str, LinearHead]):
    """A cached model's heads, each group read from the cache the first time one of its heads is used: building
    the vocabularies (tens of thousands of feature names) is most of a model's load, and a transcript never reads
    the notes heads, nor notes the transcript ones. A group the cache has lost is parsed again from the files."""

    def __init__(self, key: str, names: tuple[str, ...], parse: Callable[[], dict[str, LinearHead]]) -> None:
        self._key = key
        self._names = names
        self._parse = parse
        self._heads: dict[str, LinearHead] = {}

    def __getitem__(self, name: str) -> LinearHead:
        if name not in self._heads:
            if name not in self._names:
                raise KeyError(name)
            group = cache.load("model", f"{self._key}-{_group(name)}")
            self._heads.update(group if isinstance(group, dict) and name in group else self._parse())
        return self._heads[name]

    def __contains__(self, name: object) -> bool:  # Mapping's own would read the head to answer
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _stat_key(*paths: Path) -> str | None:
    """A cache key from each file's identity and version, or None when one cannot be looked at."""
    parts = []
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            return None
        parts.append(f"{os.path.abspath(path)}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}")
    return cache.digest("model", *parts)


def _read(path: Path, what: str, missing: ModelError) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise missing from None
    except OSError as error:
        raise ModelError(f"cannot read {what} ({type(error).__name__})", path) from None


def _parse(description_bytes: bytes, weights_bytes: bytes, description_path: Path,
           weights_path: Path) -> tuple[dict[str, Any], dict[str, LinearHead]]:
    try:
        description = json.loads(description_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"cannot read the model description ({type(error).__name__})", description_path) from None
    if not isinstance(description, dict) or description.get("format") != FORMAT:
        raise ModelError(f"model format {description.get('format') if isinstance(description, dict) else '?'!r} "
                         f"is not {FORMAT} (retrain it with this version's 'rupture train')", description_path)
    _check_thresholds(description.get("thresholds", {}), description_path)
    if not weights_bytes:
        raise ModelError("cannot read the weights (an empty file)", weights_path)
    try:
        with np.load(io.BytesIO(weights_bytes), allow_pickle=False) as arrays:
            stored = {name: arrays[name] for name in arrays.files}
    except Exception as error:  # noqa: BLE001 - a damaged archive fails in many ways (BadZipFile, zlib.error...)
        kind = type(error).__name__ if type(error).__name__ != "error" else f"{type(error).__module__}.error"
        raise ModelError(f"cannot read the weights, the file is damaged ({kind})", weights_path) from None
    expected = description.get("weights_sha256")  # absent from models written before it was kept
    if expected is not None and hashlib.sha256(weights_bytes).hexdigest() != expected:
        raise ModelError(f"inconsistent model folder: {WEIGHTS_FILE} is not the one {MODEL_FILE} describes (one "
                         "was replaced or a write was interrupted); train the model again", weights_path.parent)
    if not isinstance(description.get("heads") or {}, dict):
        raise ModelError("'heads' must be a table of head names", description_path)
    heads: dict[str, LinearHead] = {}
    names: dict[str, str] = {}  # one string object per feature name, so heads that share names share them
    for name, spec in (description.get("heads") or {}).items():
        try:
            features = [names.setdefault(feature, feature) for feature in spec["features"]]
            weights = stored[f"{name}.weights"].astype(np.float32)
            bias = stored[f"{name}.bias"].astype(np.float32)
            classes = tuple(str(item) for item in spec["classes"])
            kind = spec["kind"]
        except (KeyError, TypeError) as error:
            raise ModelError(f"head '{name}' is incomplete ({error})", weights_path) from None
        if weights.shape != (len(features), len(classes)) or bias.shape != (len(classes),) \
                or kind not in ("softmax", "sigmoid", "linear"):
            raise ModelError(f"head '{name}' does not fit its description", weights_path)
        heads[name] = LinearHead(name, kind, classes, dict(zip(features, range(len(features)), strict=True)),
                                 weights, bias)
        del spec["features"]  # each head's index holds them; two copies doubled what a short run loads
    return description, heads


def _check_thresholds(thresholds: object, path: Path) -> None:
    """Each threshold a number from 0 to 1: a word there would fail every input later, blamed on the input."""
    if not isinstance(thresholds, dict):
        raise ModelError("'thresholds' must be a table of names and numbers", path)
    for name, value in thresholds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 0 <= value <= 1:
            shown = repr(value) if len(repr(value)) <= 20 else f"a {type(value).__name__}"
            raise ModelError(f"threshold '{str(name)[:40]}' must be a number from 0 to 1, not {shown}", path)
