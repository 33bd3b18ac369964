"""WebVTT and SRT captions (Zoom, Teams, Otter exports) into a transcript Session.

A cue's speaker comes from a Teams voice span (`<v Anna Lee>text</v>`) or a Zoom prefix
(`Anna Lee: text`); cue numbers, timings, settings, NOTE/STYLE/REGION blocks and markup are dropped.
Consecutive cues of one speaker become one turn, whose `line` is the line of its first cue's text.
Names are mapped to therapist and client as in plain transcripts (declared labels, Dr names, a lone
unknown speaker beside a known one).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from rupturecli.errors import InputError
from rupturecli.parsing.labels import SpeakerLabels, normalise_label
from rupturecli.parsing.members import resolve_speakers
from rupturecli.session import Session, Turn

TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
TIMING = re.compile(rf"^\s*{TIME}\s*-->\s*{TIME}")
DAMAGED_TIMING = re.compile(r"-->|^\s*-?[\d:.,]*\d\s*-+>")  # '00:00:0a.000 --> ...', '00:01.000 -> 00:02.000'
VOICE = re.compile(r"<v(?:\.[^\s>]{0,100})?(?:\s+(?P<name>[^>\n]{0,200}))?>", re.IGNORECASE)
NAME_PREFIX = re.compile(r"^(?P<name>[^\W\d_][\w.'’ ()-]{0,59}?)\s*:(?:\s+|$)(?P<text>.*)$")
MAX_NAME_WORDS = 5
TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>|</>|\{\\[^}]{0,100}\}")
BLOCK_KEYWORDS = ("WEBVTT", "NOTE", "STYLE", "REGION")
MAX_NAME_CHARS = 60


@dataclass
class Segment:
    """One speaker's stretch of cue text, before roles are known."""

    line: int
    text: str
    name: str | None  # the speaker named in the cue, if any
    voiced: bool = False  # named by a voice span: a speaker for certain, not a guess from a colon


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks of (line number, text)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _clean(text: str) -> str:
    """Cue text without markup or entities, on one line."""
    return " ".join(html.unescape(TAG.sub("", text)).split())


def _line_segments(number: int, line: str) -> list[Segment]:
    """The segments of one payload line: voice spans each start one, a `Name:` prefix names the line."""
    voices = list(VOICE.finditer(line))
    if not voices:
        cleaned = _clean(line)
        prefix = NAME_PREFIX.match(cleaned)
        if prefix and len(prefix.group("name").split()) <= MAX_NAME_WORDS:
            return [Segment(number, prefix.group("text").strip(), prefix.group("name").strip())]
        return [Segment(number, cleaned, None)]
    segments: list[Segment] = []
    before = _clean(line[: voices[0].start()])
    if before:
        segments.append(Segment(number, before, None))
    for position, voice in enumerate(voices):
        end = voices[position + 1].start() if position + 1 < len(voices) else len(line)
        name = " ".join(html.unescape(voice.group("name") or "").split())[:MAX_NAME_CHARS] or None
        segments.append(Segment(number, _clean(line[voice.end():end]), name, voiced=name is not None))
    return segments


def _segments(text: str) -> list[Segment]:
    """Every cue's text as segments, in file order."""
    segments: list[Segment] = []
    for block in _blocks(text.split("\n")):
        first = block[0][1].strip()
        timing_at = next((position for position, (_, line) in enumerate(block) if TIMING.match(line)), None)
        if timing_at is None:  # a damaged timing line still starts a cue: it is not the speaker's words
            timing_at = next((position for position, (_, line) in enumerate(block) if DAMAGED_TIMING.search(line)),
                             None)
        if timing_at is None:
            if first.startswith(BLOCK_KEYWORDS) or first.isdigit():
                continue  # the header, a comment, a style sheet, or a bare cue number
            payload = block  # text after a stray blank line inside a cue: it continues that cue
        else:
            payload = block[timing_at + 1:]
        for number, line in payload:
            segments.extend(segment for segment in _line_segments(number, line) if segment.text or segment.name)
    return segments


def parse_subtitles(text: str, source: str, known: SpeakerLabels | None = None) -> Session:
    """Captions into turns: one per run of cues by the same speaker."""
    known = known or SpeakerLabels()
    segments = _segments(text)
    if not any(segment.text for segment in segments):
        raise InputError("no caption text found (expected cues: a '00:00:01.000 --> 00:00:04.000' line, then text)",
                         source)
    names = Counter(normalise_label(segment.name) for segment in segments if segment.name)
    if not names:
        raise InputError("captions name no speakers (expected Zoom's 'Name: text' or Teams' '<v Name>' in the cues), "
                         "so therapist and client cannot be told apart", source)
    voiced = {normalise_label(segment.name) for segment in segments if segment.name and segment.voiced}
    # A voice span names a speaker for certain: count it as recurring, so a single cue still counts.
    written: dict[str, str] = {}
    for segment in segments:
        if segment.name:
            written.setdefault(normalise_label(segment.name), segment.name.strip())
    labels = [written[label] for label, count in names.items()
              for _ in range(max(count, 2) if label in voiced else count)]
    roster = resolve_speakers(labels, known)
    roles, warnings = roster.roles, list(roster.warnings)
    turns: list[Turn] = []
    current: dict | None = None

    def close() -> None:
        if current is not None and current["text"]:
            turns.append(Turn(index=len(turns) + 1, speaker=current["speaker"], text=" ".join(current["text"]),
                              line=current["line"], label=current["label"],
                              member=roster.member_of.get(current["key"], "")))

    for segment in segments:
        key = normalise_label(segment.name) if segment.name else None
        if key is not None and key not in roles:  # a colon inside speech, not a speaker: keep the words
            segment = Segment(segment.line, f"{segment.name}: {segment.text}".strip(), None)
            key = None
        if key is None:
            if current is None:
                current = {"speaker": "unknown", "text": [], "line": segment.line, "label": "", "key": ""}
            if segment.text:
                if not current["text"]:
                    current["line"] = segment.line
                current["text"].append(segment.text)
            continue
        if current is None or current["key"] != key:
            close()
            current = {"speaker": roles[key], "text": [], "line": segment.line, "label": segment.name, "key": key}
        if segment.text:
            if not current["text"]:
                current["line"] = segment.line
            current["text"].append(segment.text)
    close()
    if not turns:
        raise InputError("no caption text found", source)
    return Session(file=source, kind="transcript", turns=tuple(turns), warnings=tuple(warnings),
                   members=roster.members, therapists=roster.therapists)
