"""The rule packs' `match` examples as training data: each a tiny transcript or note labelled with its marker
(or strategy), so that the model learns what the rules were written to find."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rupturecli.model.training.coded import ClientCode, CodedNote, CodedTranscript, SentenceCode
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.notes import parse_notes
from rupturecli.parsing.transcript import parse_transcript


def rule_examples(rules: Any) -> Iterator[CodedTranscript | CodedNote]:
    """Every `match` example of the rule packs, labelled with its marker (or strategy)."""
    from rupturecli.detect.examples import NOTE_PREFIX

    for strategy in rules.loaded.strategies.values():
        for number, text in enumerate(strategy.examples.match):
            stripped = text.strip()
            if not stripped.upper().startswith(NOTE_PREFIX):
                continue
            identifier = f"rule:{strategy.id}:{number}"
            session = parse_notes(stripped[len(NOTE_PREFIX):].strip(), identifier)
            note = CodedNote(identifier, "rule-examples", identifier, False, session)
            for turn in session.turns:
                note.sentences[turn.index] = SentenceCode(strategies=(strategy.id,))
            yield note

    for marker in rules.loaded.markers.values():
        if marker.speaker != "client" or marker.evidence_only:
            continue
        for number, text in enumerate(marker.examples.match):
            identifier = f"rule:{marker.id}:{number}"
            stripped = text.strip()
            if stripped.upper().startswith(NOTE_PREFIX):
                session = parse_notes(stripped[len(NOTE_PREFIX):].strip(), identifier)
                note = CodedNote(identifier, "rule-examples", identifier, False, session)
                for turn in session.turns:
                    note.sentences[turn.index] = SentenceCode(marker.rupture, (marker.id,))
                yield note
                continue
            lines = [line for line in stripped.splitlines() if line.strip()]
            if not any(line.lstrip()[:2].upper() in ("T:", "C:") for line in lines):
                lines = ["C: " + " ".join(lines)]
            session = parse_transcript("\n".join(lines), identifier, SpeakerLabels())
            client = [turn.index for turn in session.turns if turn.speaker == "client"]
            if not client:
                continue
            coded = CodedTranscript(identifier, "rule-examples", identifier, False, session)
            coded.client[client[-1]] = ClientCode(marker.rupture, (marker.id,))
            yield coded


__all__ = ["rule_examples"]
