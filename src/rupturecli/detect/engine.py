"""Markers x turns -> hits: `detect` is the one entry to detection. Where each part lives:

- transcript.py: each client turn against the markers' `match` patterns, judged in the context of the therapist's
  turn before (contexts.py classifies it: open question, pressure, advice...), gated by the marker's conditions;
- notes.py: narrative notes sentence by sentence, the client's reported words read as speech (speech.py);
- guards.py: the look-alikes a match must survive (negation, hypotheticals, quoted speech), from rule data;
- repair.py: the resolution strategies in therapist turns and notes, and the client coming back into the work;
- hits.py: what detection returns (Hit, StrategyHit, Detection), the only part later steps read;
- group/detection.py: group, couples and family sessions, each member read in their own view.
"""

from __future__ import annotations

from rupturecli.detect.hits import Detection, Hit, StrategyHit
from rupturecli.detect.transcript import detect_transcript
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import Session

__all__ = ["Detection", "Hit", "StrategyHit", "detect"]  # the result types, importable from the entry too


def detect(session: Session, rules: RuleSet) -> Detection:
    """Every marker and strategy rule in one session: notes, a group, or a transcript with one client."""
    if session.kind == "notes":
        from rupturecli.detect.notes import detect_notes  # the notes grammar (many patterns): only when notes are read

        return detect_notes(session, rules)
    if session.is_group:
        from rupturecli.group.detection import detect_members  # group, couples and family sessions

        return detect_members(session, rules)
    return detect_transcript(session, rules)
