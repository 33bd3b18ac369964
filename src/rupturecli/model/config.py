"""The training config: which coded sets a model learns from, and how hard each head is regularised.

A model is data too: `rupture train training/config.toml -o DIR` rebuilds the shipped model from the
sets the config names, as spaCy's `spacy train config.cfg` does. Relative paths are read from the
config file's folder.
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rupturecli.errors import RuptureError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class ConfigError(RuptureError):
    """A training config that cannot be used."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TranscriptSet(Strict):
    """Real transcripts: codes (gold.json, a human-codes CSV or coder files) and the transcripts they code."""

    name: str
    codes: Path
    transcripts: Path
    coders: list[Path] = Field(default_factory=list, description="coder folders: markers and repairs")
    groups: Path | None = Field(None, description="duplicates.json: near-duplicates share a fold")
    real: bool = True
    rules_written_from: bool = Field(False, description="the rule packs were tuned on this set: their hits "
                                     "here say nothing of other dialogue, so thresholds are not chosen on it")
    weight: float = Field(1.0, gt=0, description="how much each coded turn counts against written dialogue")


class DialogueSet(Strict):
    """Written exchanges (YAML) with their writer's codes, checked by a second coder in `checks`."""

    name: str
    files: list[str]
    checks: Path | None = None
    real: bool = False


class NoteSet(Strict):
    """Narrative notes (YAML) whose codes quote their evidence, checked by a second coder in `checks`."""

    name: str
    files: list[str]
    checks: Path | None = None
    real: bool = False


class Regularisation(Strict):
    """Inverse regularisation strength (scikit-learn's C) per head: smaller is simpler."""

    client: float = 1.0
    stack: float = 1.0
    marker: float = 1.0
    strategy: float = 1.0
    notes: float = 1.0


class TrainConfig(Strict):
    name: str = "custom"
    seed: int = 13
    folds: int = Field(5, ge=2, le=20)
    min_count: int = Field(2, ge=1, description="a feature must occur in this many rows to be learned")
    repair_window: int = Field(6, ge=1, description="therapist turns after a rupture read for strategies")
    rule_examples: bool = True
    regularisation: Regularisation = Field(default_factory=Regularisation)
    transcripts: list[TranscriptSet] = Field(default_factory=list)
    dialogues: list[DialogueSet] = Field(default_factory=list)
    notes: list[NoteSet] = Field(default_factory=list)

    def rules_written_from(self) -> set[str]:
        """The names of the sets the rule packs were tuned on."""
        return {item.name for item in self.transcripts if item.rules_written_from}

    def described(self) -> dict[str, Any]:
        """The config as a model folder keeps it: each file and folder by its name alone, so a model shared with
        others does not carry the paths of the machine it was trained on (a user's name, a client's folder)."""
        def name(value: str | None) -> str | None:
            return None if value is None else Path(value).name

        data = json.loads(self.model_dump_json())
        for item in data["transcripts"]:
            item.update(codes=name(item["codes"]), transcripts=name(item["transcripts"]), groups=name(item["groups"]),
                        coders=[name(path) for path in item["coders"]])
        for item in data["dialogues"] + data["notes"]:
            item.update(files=[name(path) for path in item["files"]], checks=name(item["checks"]))
        return data

    def resolve(self, base: Path) -> TrainConfig:
        """Paths relative to `base` (the config file's folder) made absolute; globs expanded."""
        def at(path: Path | None) -> Path | None:
            return None if path is None else (path if path.is_absolute() else (base / path).resolve())

        def files(patterns: list[str]) -> list[str]:
            found: list[str] = []
            for pattern in patterns:
                full = pattern if Path(pattern).is_absolute() else str(base / pattern)
                found += sorted(glob.glob(full))
            return found

        return self.model_copy(update={
            "transcripts": [item.model_copy(update={"codes": at(item.codes), "transcripts": at(item.transcripts),
                                                    "coders": [at(path) for path in item.coders],
                                                    "groups": at(item.groups)}) for item in self.transcripts],
            "dialogues": [item.model_copy(update={"files": files(item.files), "checks": at(item.checks)})
                          for item in self.dialogues],
            "notes": [item.model_copy(update={"files": files(item.files), "checks": at(item.checks)})
                      for item in self.notes],
        })


def load_config(path: Path) -> TrainConfig:
    """A TOML training config, validated, with one-line errors naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise ConfigError("nested too deeply", path) from None
    except FileNotFoundError:
        raise ConfigError("no such file", path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read ({type(error).__name__})", path) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"not valid TOML ({error})", path) from None
    try:
        config = TrainConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{where}: {first['msg']}", path) from None
    return config.resolve(path.resolve().parent)
