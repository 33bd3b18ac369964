"""The one options type of a run: how inputs are read, and what is done to reports before they go out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rupturecli.parsing import SpeakerLabels
from rupturecli.parsing.sources import ReadOptions
from rupturecli.session import InputKind


@dataclass
class RunOptions:
    """Forced input kind, extra speaker labels, an archive's column mapping, and --redact.

    Picklable: worker processes and Dask get it with every input.
    """

    kind: InputKind | None = None
    client_labels: list[str] = field(default_factory=list)
    therapist_labels: list[str] = field(default_factory=list)
    reader: dict[str, Any] = field(default_factory=dict)  # preset and column mapping for archive formats
    redact_names: list[str] | None = None  # --redact: replace PHI in reports, with these names besides the found ones
    therapist_moves: bool = False  # read every therapist turn for straining moves (check, --by-therapist)

    def labels(self) -> SpeakerLabels:
        labels = SpeakerLabels()
        for name in self.client_labels:
            labels.add_client(name)
        for name in self.therapist_labels:
            labels.add_therapist(name)
        return labels

    def reading(self) -> ReadOptions:
        """What the readers in parsing/ need of these options."""
        return ReadOptions(kind=self.kind, labels=self.labels(), **self.reader)

    def redact(self) -> None:
        """--redact: the labels the user gave are names too, besides the ones the detectors find."""
        self.redact_names = self.client_labels + self.therapist_labels

    def path_redactor(self) -> Callable[[str], str] | None:
        """With --redact, what paths on standard error go through: the reports' own path redaction."""
        if self.redact_names is None:
            return None
        from rupturecli.privacy.redact import redact_path  # the detectors load only when a run redacts

        names = tuple(self.redact_names)
        return lambda path: redact_path(path, names)
