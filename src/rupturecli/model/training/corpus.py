"""The corpus a training config names: every coded set loaded, and rule examples when asked for."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli.model.config import TrainConfig
from rupturecli.model.training import TrainingError
from rupturecli.model.training.coded import CodedNote, CodedTranscript
from rupturecli.model.training.dialogue_set import load_dialogue_set
from rupturecli.model.training.marker_codes import learned_markers
from rupturecli.model.training.note_set import load_note_set
from rupturecli.model.training.rule_examples import rule_examples
from rupturecli.model.training.transcript_set import load_transcript_set


def _turns(turns: Any) -> list[tuple[int, str, str]]:
    return [(turn.index, turn.speaker, turn.text) for turn in turns]


@dataclass
class Corpus:
    """The coded transcripts and notes training learns from."""

    transcripts: list[CodedTranscript] = field(default_factory=list)
    notes: list[CodedNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what loading left out, for the user

    def groups(self) -> set[str]:
        """Every session group in the corpus (a fold model is named by the groups it was trained on)."""
        return {item.group for item in self.transcripts} | {note.group for note in self.notes}

    def digest(self) -> str:
        """What training learns from, in one name: every session's turns, codes and weight (never a file path, so
        two checkouts of the same data agree). Kept in the model's report, so a test can tell when the shipped
        model no longer comes from the training data as it stands."""
        digest = hashlib.sha256()
        for coded in self.transcripts:
            digest.update(repr((coded.group, coded.set_name, coded.real, coded.weight, _turns(coded.session.turns),
                                sorted((turn, code.label, code.markers, code.re_engaged)
                                       for turn, code in coded.client.items()),
                                sorted(coded.strategies.items()), sorted(coded.re_engagement.items()),
                                sorted(coded.resolved.items()), sorted(coded.contributions))).encode())
        for note in self.notes:
            digest.update(repr((note.group, note.set_name, note.real, note.weight, _turns(note.session.turns),
                                sorted((index, code.label, code.markers, code.strategies, code.re_engagement,
                                        code.experience) for index, code in note.sentences.items()))).encode())
        return digest.hexdigest()[:16]

    def summary(self) -> dict[str, Any]:
        """Counts per set, for the model's description and the training report."""
        sets: dict[str, Counter[str]] = {}
        for coded in self.transcripts:
            counts = sets.setdefault(coded.set_name, Counter())
            counts["sessions"] += 1
            counts["real"] = int(coded.real)
            for code in coded.client.values():
                counts[f"client {code.label}"] += 1
            counts["strategy turns"] += sum(1 for ids in coded.strategies.values() if ids)
        for note in self.notes:
            counts = sets.setdefault(note.set_name, Counter())
            counts["notes"] += 1
            counts["rupture sentences"] += sum(1 for code in note.sentences.values() if code.label != "none")
        return {name: dict(counts) for name, counts in sets.items()}


def load_corpus(config: TrainConfig, rules: Any | None = None) -> Corpus:
    """Every set `config` names, and the rule packs' examples when it asks for them and `rules` are given (whose
    markers are then the ones codes may name)."""
    corpus = Corpus()
    known = learned_markers(rules) if rules is not None else None
    for item in config.transcripts:
        corpus.transcripts += load_transcript_set(item.name, item.codes, item.transcripts, item.coders, item.groups,
                                                  item.real, item.weight, known, corpus.warnings)
    for dialogues in config.dialogues:
        corpus.transcripts += load_dialogue_set(dialogues.name, [Path(path) for path in dialogues.files],
                                                dialogues.checks, dialogues.real)
    for notes in config.notes:
        corpus.notes += load_note_set(notes.name, [Path(path) for path in notes.files], notes.checks, notes.real)
    if config.rule_examples and rules is not None:
        for example in rule_examples(rules):
            (corpus.transcripts if isinstance(example, CodedTranscript) else corpus.notes).append(example)
    for item in config.transcripts:
        if not any(code.label != "none" for coded in corpus.transcripts if coded.set_name == item.name
                   for code in coded.client.values()):
            corpus.warnings.append(f"{item.codes}: no client turn of its transcripts is coded a rupture (withdrawal, "
                                   "confrontation or rupture): it teaches only what is not one")
    if not any(code.label != "none" for coded in corpus.transcripts for code in coded.client.values()):
        named = ", ".join(str(item.codes) for item in config.transcripts) or "the config"
        raise TrainingError(f"{named}: no client turn is coded a rupture (withdrawal, confrontation or rupture), and "
                            "no other set gives one: nothing to learn a rupture from")
    return corpus


__all__ = ["Corpus", "load_corpus"]
