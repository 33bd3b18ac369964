"""MIBot transcripts (one JSON file per conversation) into a Session.

The layout (MIBot v6.3a): `{"participant_id": "...", "utterances": [{"speaker": "counsellor"|"client",
"volley_number": n, "utterance_number": n, "text": "..."}, ...], "stats": {...}}`. The mapping:
participant_id -> session_id; utterances in utterance_number order (file order when absent); speaker
mapped like a transcript label (counsellor -> therapist); consecutive utterances of one speaker (a chat
message split into sentences) joined into one turn; `line` is the file line of the turn's first "text".
Other keys (AutoMISC labels, stats) are ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from rupturecli.errors import InputError
from rupturecli.parsing.labels import SpeakerLabels
from rupturecli.parsing.tabular import Row, build_session
from rupturecli.session import Session


def is_mibot(document: Any) -> bool:
    """True for a JSON document with the MIBot transcript shape."""
    return (isinstance(document, dict) and isinstance(document.get("utterances"), list)
            and "participant_id" in document)


def load_json(text: str, source: str) -> Any:
    """Parse a JSON document; a syntax error names its line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg})", source, error.lineno) from None
    except ValueError:  # an integer of more than 4300 digits, beyond what Python converts
        raise InputError("not valid JSON (a number with too many digits)", source) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", source) from None


class LineFinder:
    """Finds, in order, the file line of each utterance's "text" value (the parsed JSON has no positions)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0
        self.line = 1

    def find(self, value: str) -> int:
        encodings = {json.dumps(value), json.dumps(value, ensure_ascii=False)}
        found = None
        for encoded in encodings:
            match = re.compile(r'"text"\s*:\s*' + re.escape(encoded)).search(self.text, self.cursor)
            if match and (found is None or match.start() < found.start()):
                found = match
        if found is None:
            return self.line  # written some other way (escaped '/'...): the previous utterance's line
        self.line += self.text.count("\n", self.cursor, found.start())
        self.cursor = found.start()
        return self.line


def read_mibot(text: str, source: str, labels: SpeakerLabels | None = None, document: Any = None) -> Session:
    """The one session of a MIBot transcript file."""
    if document is None:
        document = load_json(text, source)
    if not is_mibot(document):
        found = f"an object with keys {', '.join(map(repr, list(document)[:10]))}" if isinstance(document, dict) \
            else type(document).__name__
        raise InputError(f"not a MIBot transcript: expected an object with 'participant_id' and an "
                         f"'utterances' list, found {found}", source, 1)
    finder = LineFinder(text)
    rows: list[Row] = []
    for position, utterance in enumerate(document["utterances"], start=1):
        if not isinstance(utterance, dict):
            raise InputError(f"utterance {position} is {type(utterance).__name__}, expected an object", source)
        words, speaker = utterance.get("text"), utterance.get("speaker")
        if not isinstance(words, str):
            raise InputError(f"utterance {position} has no 'text' string", source, finder.line)
        line = finder.find(words)
        if not isinstance(speaker, str) or not speaker.strip():
            raise InputError(f"utterance {position} has no 'speaker' string", source, line)
        order = utterance.get("utterance_number")
        if order is not None and (isinstance(order, bool) or not isinstance(order, (int, float))
                                  or not abs(order) < 1e308):
            raise InputError(f"utterance {position}: 'utterance_number' is not a number", source, line)
        if words.strip():
            rows.append(Row(line, None, speaker.strip(), " ".join(words.split()),
                            None if order is None else float(order)))
    if not rows:
        raise InputError("MIBot transcript without utterance text", source)
    participant = document.get("participant_id")
    session = build_session(rows, source, None, labels or SpeakerLabels())
    return replace(session, session_id=None if participant is None else str(participant))
