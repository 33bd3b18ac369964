"""Hostile input (issue 7): every reader, and the CLI, against what a real archive will throw at them.

Readers, through their public entry points (`read_input`/`decode_text` + `parse_text`, `load_session`,
`sources.read_sessions`), get random bytes, mixed encodings and line endings, lines at the length limit,
nested and aliased YAML, ragged CSV and broken captions. The property: sessions, or one `InputError` on one
line naming the file; never another exception. `scripts/fuzz.py` runs the same properties (READERS,
`try_input`) with many more examples.

The CLI gets files that vanish mid-batch, folders that loop through symbolic links, unreadable files, pipes
and devices, broken links: one `rupture: error: <file>` line for the bad input, the others still reported,
exit 2, no hang, and every input byte-identical afterwards.

Every input here is synthetic, written for these tests.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import os
import sys
import time
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rupturecli.errors import InputError
from rupturecli.parsing import SpeakerLabels, parse_text
from rupturecli.parsing.inputs import Source
from rupturecli.parsing.reading import MAX_LINE_CHARS, decode_text, read_input
from rupturecli.parsing.sources import ReadOptions, load_session, read_sessions
from rupturecli.session import Session

# --- building blocks: words, line endings, encodings, byte damage ------------------------------------------------

LINE_ENDINGS = ("\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
WEIGHTED_ENDINGS = ("\n",) * 4 + ("\r\n",) * 2 + LINE_ENDINGS  # the odd ones are tried, the usual ones more
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252")
WEIGHTED_ENCODINGS = ("utf-8",) * 6 + ENCODINGS  # most files are UTF-8: that is where the parsers get exercised
ODD_CHARACTERS = ("\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2026", "\xe9", "\xdf", "\t", "\x1b",
                  "\ufeff", "\u200b", "\u202e", "\U0001f600", "\ufffd", "\x7f", "\xa0")
LABELS = ("Therapist", "Client", "T", "C", "Dr Lee", "Ingrid", "[00:01:02] Therapist", "(12:30) Client", "Pt",
          "Interpreter", "S", "Plan", "counsellor", "client", "", " ")

words = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(["Fine.", "whatever", "I don't know", "you", "always", "said", '"quoted"',
                                        "\u201cyou never listen\u201d", "\u2018okay\u2019", "..."]),
                       st.sampled_from(ODD_CHARACTERS)), max_size=8).map(" ".join),
)
long_words = st.integers(0, 5_000).map(lambda size: "word " * (size // 5))


@st.composite
def as_bytes(draw: st.DrawFn, lines: list[str]) -> bytes:
    """Lines joined by one or by mixed line endings, encoded in one of the encodings a clinic's PC might use."""
    if draw(st.booleans()):
        endings = [draw(st.sampled_from(WEIGHTED_ENDINGS))] * len(lines)
    else:
        endings = draw(st.lists(st.sampled_from(WEIGHTED_ENDINGS), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    return text.encode(draw(st.sampled_from(WEIGHTED_ENCODINGS)), errors="replace")


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """Up to three byte-level injuries: a flipped, inserted or deleted byte, or the file cut short."""
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(data)))
        injury = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if injury == "flip" and position < len(data):
            data = data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1:]
        elif injury == "insert":
            data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
        elif injury == "delete":
            data = data[:position] + data[position + 1:]
        else:
            data = data[:position]
    return data


def documents(lines: st.SearchStrategy[list[str]]) -> st.SearchStrategy[bytes]:
    """A format's lines, encoded and maybe damaged; or plain random bytes."""
    encoded = lines.flatmap(as_bytes)
    return st.one_of(st.binary(max_size=600), encoded.flatmap(damaged), encoded, encoded)


# --- plain text and YAML notes -----------------------------------------------------------------------------------

transcript_line = st.one_of(
    st.builds(lambda label, separator, text: f"{label}{separator}{text}",
              st.sampled_from(LABELS), st.sampled_from([": ", ":", " - ", " :", ""]), words),
    words,
    long_words,
)
text_lines = st.lists(transcript_line, max_size=12)

SCHEMA_KEYS = ("session", "date", "client", "therapist", "turns", "notes", "speaker", "text")
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), words, st.dates(),
                   st.sampled_from(LABELS))
value = st.recursive(scalar, lambda children: st.one_of(
    st.lists(children, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(SCHEMA_KEYS), words), children, max_size=3)), max_leaves=12)
yaml_turn = st.fixed_dictionaries({"speaker": st.one_of(st.sampled_from(LABELS), value),
                                   "text": st.one_of(words, value)})
yaml_notes = st.fixed_dictionaries({}, optional={
    "session": value, "date": st.one_of(st.dates(), value), "client": st.one_of(st.sampled_from(LABELS), value),
    "therapist": value, "turns": st.one_of(st.lists(yaml_turn, max_size=5), value),
    "notes": st.one_of(words, long_words, value), "extra": value})

YAML_TOKENS = ("- ", "? ", ": ", "&a ", "*a", "*b", "<<: *a", "!!str", "!!int", "!!binary", "!!timestamp",
               "!!python/object/apply:os.system", "!custom", "%YAML 1.1", "%TAG ! tag:x,2000:", "---", "...", "|",
               "|-", ">", ">+", "'", '"', "[", "]", "{", "}", ",", "#", "\\x1b", '"\\n"', '"\\L"', '"\\u2028"',
               "2026-13-45", "2026-02-30T25:61:00", "0x" + "f" * 40, "1" * 5000, "1e999", ".nan", "~",
               "turns:", "notes:", "speaker:", "text:", "session:", "date:", "  ", "\t")
yaml_soup = st.lists(st.lists(st.one_of(st.sampled_from(YAML_TOKENS), words), max_size=6).map("".join),
                     max_size=12)


def billion_laughs(levels: int, width: int) -> list[str]:
    """The alias bomb: each level repeats the one before `width` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]" for level in range(1, levels)]
    return [*lines, "notes: Quiet session."]


def dumped(document: object, flow: bool | None, width: int) -> list[str]:
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False,
                          width=width).split("\n")


valid_yaml_notes = st.fixed_dictionaries(
    {"client": st.sampled_from(LABELS)},
    optional={"session": st.one_of(st.integers(), words), "date": st.dates(), "therapist": st.sampled_from(LABELS)},
).flatmap(lambda head: st.one_of(
    st.fixed_dictionaries({**{key: st.just(item) for key, item in head.items()},
                           "turns": st.lists(st.fixed_dictionaries({"speaker": st.sampled_from(LABELS[:8]),
                                                                    "text": words}), min_size=1, max_size=6)}),
    st.fixed_dictionaries({**{key: st.just(item) for key, item in head.items()},
                           "notes": st.lists(words, max_size=5).map("\n".join)})))
with_odd_keys = st.builds(lambda document, extra: {**document, **extra}, valid_yaml_notes,
                         st.dictionaries(st.one_of(words, st.sampled_from(["a\nb", "\x1b[31m", "k\u2028"])),
                                         st.one_of(value, st.sampled_from(["2026-13-45", "1" * 5000])), max_size=2))
yaml_lines = st.one_of(
    st.builds(dumped, with_odd_keys, st.sampled_from([False, True, None]), st.sampled_from([20, 80, 1_000])),
    st.builds(dumped, valid_yaml_notes, st.sampled_from([False, True, None]), st.sampled_from([20, 80, 1_000])),
    st.builds(dumped, yaml_notes, st.sampled_from([False, True, None]), st.sampled_from([20, 80, 1_000])),
    yaml_soup,
    st.builds(billion_laughs, st.integers(1, 12), st.integers(1, 12)),
    st.integers(1, 5_000).map(lambda depth: ["turns: " + "[" * depth + "]" * depth]),
    st.integers(1, 5_000).map(lambda depth: ["notes: " + "{a: " * depth + "b" + "}" * depth]),
    st.integers(1, 300).map(lambda depth: [f"{'  ' * level}k{level}:" for level in range(depth)]),
    st.builds(lambda anchor, alias: ["a: &a {speaker: T, text: Hello}", f"turns: [{anchor}, {alias}]"],
              st.sampled_from(["*a", "{<<: *a}", "&b x"]), st.sampled_from(["*a", "*b", "*nope"])),
)

# --- captions ----------------------------------------------------------------------------------------------------

TIMINGS = ("00:00:01.000 --> 00:00:04.000", "00:01.000 --> 00:04.000", "00:00:01,000 --> 00:00:04,000",
           "00:00:01.000 -->", "--> 00:00:04.000", "-->", "99:99:99.999 --> 00:00:00.000", "1:2:3 --> 4:5:6",
           "00:00:01.000 -> 00:00:04.000", "00:00:0a.000 --> 00:00:04.000", "0" * 500 + ":00.000 --> 00:00.000",
           "00:00:01.000 --> 00:00:04.000 align:start position:10%", "00:00:04.000 --> 00:00:01.000",
           "-00:00:01.000 --> 00:00:04.000", "00:00:01.0000000 --> 00:00:04.0000000")
cue_text = st.one_of(
    st.builds("{}: {}".format, st.sampled_from(LABELS), words),
    st.builds("<v {}>{}</v>".format, st.sampled_from(LABELS), words),
    st.builds("<v.loud {}>{}".format, st.sampled_from(LABELS), words),
    st.builds("<v{}".format, words),
    st.sampled_from(["<b>", "</i>", "<00:00:01.500>", "&amp;&#x110000;&#99999999999;&bogus;", "{\\an8}", "<",
                     "<v", "<v >", "<v\t>", "<c.yellow>", "</>"]),
    words,
)
cue = st.tuples(st.one_of(st.none(), st.integers(0, 10**30).map(str), words),
                st.one_of(st.sampled_from(TIMINGS), words),
                st.lists(cue_text, max_size=3)).map(lambda parts: [*([parts[0]] if parts[0] is not None else []),
                                                                   parts[1], *parts[2], ""])
caption_head = st.sampled_from([[], ["WEBVTT", ""], ["WEBVTT - Zoom", ""], ["\ufeffWEBVTT", ""],
                                ["WEBVTT", "", "NOTE a comment", "that goes on", ""],
                                ["WEBVTT", "", "STYLE", "::cue { color: red }", ""], ["WEBVTT", "REGION", ""]])
caption_lines = st.builds(lambda head, cues: head + [line for block in cues for line in block],
                          caption_head, st.lists(cue, max_size=8))

# --- tables: CSV, TSV, JSON Lines, MIBot JSON ----------------------------------------------------------------------

COLUMNS = ("speaker", "text", "session", "order", "interlocutor", "utterance_text", "transcript_id", "utterance_id",
           "", '"', 'speaker"', "text,", " text ", "\ufefftext")
cell = st.one_of(words, st.sampled_from(LABELS), st.integers().map(str),
                 st.sampled_from(["nan", "inf", "-inf", "1e999", "1" * 5000, '"unbalanced', 'a"b', '"a""b"',
                                  '"two\nlines"', '"', '""', "\t", ",", "\\", "\x00"]))
HEADERS = (["speaker", "text"], ["session", "speaker", "text", "order"], ["text", "speaker", "order"],
           ["transcript_id", "utterance_id", "interlocutor", "utterance_text"])


@st.composite
def table_rows(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (usually a known one) and rows (usually as wide as the header, some ragged)."""
    header = draw(st.one_of(st.sampled_from(HEADERS), st.sampled_from(HEADERS),
                            st.lists(st.sampled_from(COLUMNS), max_size=6)))
    fitting = st.lists(st.one_of(st.sampled_from(LABELS[:8]), words, st.integers(0, 9).map(str), cell),
                       min_size=len(header), max_size=len(header))
    if draw(st.booleans()):
        return header, draw(st.lists(fitting, max_size=8))
    return header, draw(st.lists(st.one_of(fitting, st.lists(cell, max_size=7)), max_size=8))




def table_lines(rows: tuple[list[str], list[list[str]]], delimiter: str, quoted: bool) -> list[str]:
    """A header and rows, either written properly by csv (quoting what needs it) or joined raw (ragged quotes)."""
    header, body = rows
    if quoted:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return buffer.getvalue().split("\n")
    return [delimiter.join(row) for row in [header, *body]]


csv_lines = st.builds(table_lines, table_rows(), st.just(","), st.booleans())
tsv_lines = st.builds(table_lines, table_rows(), st.just("\t"), st.booleans())

json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), words, st.sampled_from(LABELS)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.one_of(st.sampled_from(COLUMNS), words), children, max_size=3)),
    max_leaves=10)
HOSTILE_JSON = ("[" * 100_000, '{"a":' * 50_000, "1" * 5000, "-" + "9" * 4400, "1e999", "NaN", "-Infinity", "{",
                '{"speaker": "client", "text": "Fine.", "order": 1' + "0" * 400 + "}",
                '{"speaker": "client", "text": "Fine.", "order": ' + "1" * 4400 + "}",
                '{"speaker": "client", "text": "Fine.", "order": NaN}',
                '{"speaker": "client", "text": "Fine.", "session": 1e999}',
                '{"speaker": "client", "text": "Fine.", "speaker": 3}', '{"a\\nb": 1}', '"\\ud800"')
record = st.fixed_dictionaries({"speaker": st.one_of(st.sampled_from(LABELS), json_value),
                                "text": st.one_of(words, json_value)},
                               optional={"session": json_value, "order": json_value, "utterance_id": json_value})
jsonl_line = st.one_of(st.builds(json.dumps, record), st.builds(json.dumps, record),
                       st.builds(json.dumps, json_value),
                       st.sampled_from(HOSTILE_JSON), words)
valid_record = st.fixed_dictionaries({"speaker": st.sampled_from(LABELS[:8]), "text": words},
                                     optional={"session": st.sampled_from(["s1", "s2", 3]),
                                               "order": st.integers(-5, 5)})
jsonl_lines = st.one_of(st.lists(st.builds(json.dumps, valid_record), max_size=8),
                        st.lists(st.builds(json.dumps, record), max_size=8), st.lists(jsonl_line, max_size=8))

utterance = st.fixed_dictionaries({}, optional={
    "speaker": st.one_of(st.sampled_from(["counsellor", "client", "Client", ""]), json_value),
    "text": st.one_of(words, json_value), "utterance_number": st.one_of(st.integers(), json_value),
    "volley_number": json_value})
valid_utterance = st.fixed_dictionaries({"speaker": st.sampled_from(["counsellor", "client"]), "text": words},
                                        optional={"utterance_number": st.integers(0, 100),
                                                  "volley_number": st.integers()})
mibot = st.fixed_dictionaries({"participant_id": json_value,
                               "utterances": st.one_of(st.lists(valid_utterance, max_size=5),
                                                       st.lists(st.one_of(valid_utterance, utterance, json_value),
                                                                max_size=5))},
                              optional={"stats": json_value})
json_lines = st.one_of(
    st.builds(lambda document, indent, ascii_only: json.dumps(document, indent=indent,
                                                              ensure_ascii=ascii_only).split("\n"),
              st.one_of(mibot, mibot, json_value), st.sampled_from([None, 2]), st.booleans()),
    st.sampled_from(HOSTILE_JSON).map(lambda text: [text]),
    st.builds(lambda prefix, number: [prefix + number + "}]}"],
              st.just('{"participant_id": 1, "utterances": [{"speaker": "client", "text": "hi", '
                      '"utterance_number": '),
              st.sampled_from(["1" + "0" * 400, "1" * 4400, "NaN", "Infinity", "-1e999"])),
)

# --- Word documents ----------------------------------------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                 'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/></Types>')
RELATIONSHIPS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
            '&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
            '&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
            f'<w:document xmlns:w="{WORD_NAMESPACE}"><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p>'
            '</w:body></w:document>')


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def word_package(paragraphs: list[str], raw_xml: str | None, parts: dict[str, bytes]) -> bytes:
    """A minimal .docx, built by hand: the parts Word needs, one paragraph per line, or raw document XML."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape_xml(text)}</w:t></w:r></w:p>"
                   for text in paragraphs)
    document = raw_xml if raw_xml is not None else (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NAMESPACE}"><w:body>{body}</w:body>'
        "</w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a second word/document.xml is one of the damaged packages made here
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELATIONSHIPS)
        package.writestr("word/document.xml", document.encode("utf-8", errors="replace"))
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


docx_inputs = st.one_of(
    st.binary(max_size=600),
    st.builds(word_package, text_lines,
              st.one_of(st.none(), st.just(XML_BOMB), words, st.builds("<w:document>{}".format, words)),
              st.dictionaries(st.sampled_from(["word/styles.xml", "docProps/core.xml", "../evil.txt", "/abs.xml",
                                               "word/document.xml"]), st.binary(max_size=50), max_size=2)),
).flatmap(lambda data: st.one_of(st.just(data), damaged(data)))

# --- the readers and their entry points --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One public way into a reader, readable in a failing example's report."""

    function: str  # parse_text | decode_text | load_session | read_sessions
    options: ReadOptions = ReadOptions()

    def __call__(self, path: Path) -> list[Session]:
        name = str(path)
        labels = copy.deepcopy(self.options.labels)  # YAML notes add their client's name to the labels given
        if self.function == "parse_text":
            return [parse_text(read_input(path), name, self.options.kind, labels)]
        if self.function == "decode_text":
            return [parse_text(decode_text(path.read_bytes(), name), name, self.options.kind, labels)]
        if self.function == "load_session":
            return [load_session(Source(name), self.options.kind, labels)]
        return list(read_sessions(Source(name), self.options))


def client_named(name: str) -> SpeakerLabels:
    labels = SpeakerLabels()
    labels.add_client(name)
    return labels


TEXT_ENTRIES = tuple(Entry(function, ReadOptions(kind=kind)) for function in
                     ("parse_text", "decode_text", "load_session", "read_sessions")
                     for kind in (None, "transcript", "notes")) + (
    Entry("load_session", ReadOptions(labels=client_named("Ingrid"))),)
TABLE_ENTRIES = (*[Entry("read_sessions")] * 3, Entry("read_sessions", ReadOptions(preset="annomi")),
                 Entry("read_sessions", ReadOptions(session_col="session", order_col="order")),
                 Entry("read_sessions", ReadOptions(speaker_col="text", text_col="speaker")),
                 Entry("read_sessions", ReadOptions(session_col="order", labels=client_named("Ingrid"))),
                 Entry("read_sessions", ReadOptions(preset="nonsense")))
JSON_ENTRIES = (Entry("read_sessions"), Entry("read_sessions", ReadOptions(preset="mibot")))
DOCX_ENTRIES = (Entry("read_sessions"), Entry("read_sessions", ReadOptions(kind="notes")),
                Entry("read_sessions", ReadOptions(kind="transcript")))


@dataclass(frozen=True)
class Reader:
    """A format: the file suffix, hostile inputs for it, and the entry points that read it."""

    suffix: str
    inputs: st.SearchStrategy[bytes]
    entries: tuple[Entry, ...]
    counts_lines: bool = True  # a turn's `line` is a file line (not a .docx paragraph number)


READERS: dict[str, Reader] = {
    "text": Reader(".txt", documents(text_lines), TEXT_ENTRIES),
    "yaml": Reader(".yaml", documents(yaml_lines), TEXT_ENTRIES),
    "stdin": Reader("-", documents(st.one_of(text_lines, yaml_lines)),
                    tuple(Entry(function, ReadOptions(kind=kind)) for function in ("load_session", "read_sessions")
                          for kind in (None, "notes"))),
    "vtt": Reader(".vtt", documents(caption_lines), (Entry("read_sessions"),)),
    "srt": Reader(".srt", documents(caption_lines), (Entry("read_sessions"),)),
    "docx": Reader(".docx", docx_inputs, DOCX_ENTRIES, counts_lines=False),
    "csv": Reader(".csv", documents(csv_lines), TABLE_ENTRIES),
    "tsv": Reader(".tsv", documents(tsv_lines), TABLE_ENTRIES),
    "jsonl": Reader(".jsonl", documents(jsonl_lines), TABLE_ENTRIES),
    "json": Reader(".json", documents(json_lines), JSON_ENTRIES),
}


@contextlib.contextmanager
def standard_input(data: bytes) -> Iterator[None]:
    """sys.stdin holding `data`, as `rupture analyze -` would read it."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        yield
    finally:
        sys.stdin = saved


def breaks_a_line(character: str) -> bool:
    """Characters that would split or garble a one-line message in a terminal."""
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")


def try_input(reader: Reader, data: bytes, entry: Entry, folder: Path) -> str:
    """Read `data` as a `reader` file; 'sessions' or 'error'. Any other exception, or an error that is not
    one line naming the file, or a turn off its file's lines, fails (raises)."""
    if reader.suffix == "-":
        path, shown = Path("-"), "<stdin>"
        with standard_input(data):
            try:
                sessions = entry(path)
            except InputError as error:
                return check_error(error, shown)
    else:
        path = folder / f"hostile{reader.suffix}"
        path.write_bytes(data)
        shown = str(path)
        try:
            sessions = entry(path)
        except InputError as error:
            return check_error(error, shown)
    assert sessions, "a reader returned no session and no error"
    lines = decode_text(data, shown).count("\n") + 1 if reader.counts_lines else None
    for session in sessions:
        assert isinstance(session, Session)
        assert session.file == shown or session.file.startswith(f"{shown}#"), session.file
        assert [turn.index for turn in session.turns] == list(range(1, len(session.turns) + 1))
        for turn in session.turns:
            assert turn.line >= 1
            assert lines is None or turn.line <= lines, f"turn {turn.index} on line {turn.line} of {lines}"
    return "sessions"


def check_error(error: InputError, shown: str) -> str:
    message = str(error)
    assert error.path == shown, (error.path, shown)
    assert message.startswith(f"{shown}:"), message
    assert not any(breaks_a_line(character) for character in message), repr(message)
    return "error"


# --- the properties ----------------------------------------------------------------------------------------------

# As many examples as the Hypothesis profile gives (tests/conftest.py): 100 in the suite, more with
# HYPOTHESIS_PROFILE=thorough; scripts/fuzz.py runs these properties with far more.
PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the property tests' files (each example overwrites the one before)."""
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("name", list(READERS))
def test_a_reader_gives_sessions_or_one_input_error(name: str, scratch: Path) -> None:
    reader = READERS[name]
    if name == "docx":
        pytest.importorskip("docx")

    @PROPERTY_SETTINGS
    @given(data=reader.inputs, entry=st.sampled_from(reader.entries))
    def run(data: bytes, entry: Entry) -> None:
        try_input(reader, data, entry, scratch)

    run()


def sample_document(name: str, long_line: str) -> bytes:
    """A small valid document of each format with one line (or field, or paragraph) of `long_line`."""
    documents = {
        "text": f"Therapist: How was the week?\nClient: {long_line}\n",
        "yaml": "turns:\n  - speaker: T\n    text: How was the week?\n  - speaker: C\n"
                f"    text: {json.dumps(long_line, ensure_ascii=False)}\n",
        "stdin": f"Therapist: How was the week?\nClient: {long_line}\n",
        "vtt": f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTherapist: How was the week?\n\n"
               f"00:00:03.000 --> 00:00:04.000\nClient: {long_line}\n",
        "srt": f"1\n00:00:01,000 --> 00:00:02,000\nTherapist: How was the week?\n\n"
               f"2\n00:00:03,000 --> 00:00:04,000\nClient: {long_line}\n",
        "csv": f"speaker,text\ntherapist,How was the week?\nclient,{long_line}\n",
        "tsv": f"speaker\ttext\ntherapist\tHow was the week?\nclient\t{long_line}\n",
        "jsonl": json.dumps({"speaker": "therapist", "text": "How was the week?"}) + "\n"
                 + json.dumps({"speaker": "client", "text": long_line}, ensure_ascii=False) + "\n",
        "json": json.dumps({"participant_id": "p1", "utterances": [
            {"speaker": "counsellor", "text": "How was the week?", "utterance_number": 1},
            {"speaker": "client", "text": long_line, "utterance_number": 2}]}, indent=1, ensure_ascii=False),
    }
    if name == "docx":
        return word_package(["Therapist: How was the week?", f"Client: {long_line}"], None, {})
    return documents[name].encode()


@pytest.mark.parametrize("name", list(READERS))
@pytest.mark.parametrize("over", [0, 1], ids=["at-the-limit", "one-over"])
def test_a_line_at_the_length_limit_is_read_and_one_over_is_refused_naming_it(name: str, over: int,
                                                                              scratch: Path, deadline) -> None:
    """The limit is on the whole line, so a line whose words alone reach it is over it once labelled."""
    if name == "docx":
        pytest.importorskip("docx")
    marker = "XYZZY"
    if name == "docx":
        around = len("Client: ")
    else:
        [line] = [line for line in sample_document(name, marker).decode().split("\n") if marker in line]
        around = len(line) - len(marker)
    words_long = MAX_LINE_CHARS + over - around
    long_line = ("I do not know. " * (words_long // 15 + 1))[:words_long - 1] + "."
    data = sample_document(name, long_line)
    reader = READERS[name]
    with deadline(60):
        outcome = try_input(reader, data, reader.entries[0], scratch)
    assert outcome == ("error" if over else "sessions")
    if over:
        path = Path("-") if name == "stdin" else scratch / f"hostile{reader.suffix}"
        with standard_input(data) if name == "stdin" else contextlib.nullcontext(), \
                pytest.raises(InputError) as caught:
            reader.entries[0](path)
        assert caught.value.line is not None
        assert f"limit {MAX_LINE_CHARS}" in caught.value.message


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (30, 2), (4, 1_000)])
def test_yaml_alias_bombs_are_refused_at_the_first_alias_without_expanding(levels: int, width: int,
                                                                           scratch: Path, deadline) -> None:
    data = "\n".join(billion_laughs(levels, width)).encode()
    with deadline(60), pytest.raises(InputError, match="aliases") as caught:
        Entry("load_session")(write(scratch / "bomb.yaml", data))
    assert (caught.value.line, caught.value.column) == (2, 10)


@pytest.mark.parametrize("depth", [100, 5_000, 100_000])
@pytest.mark.parametrize("shape", ["flow-sequence", "flow-mapping", "block-mapping"])
def test_deeply_nested_yaml_is_one_input_error(depth: int, shape: str, scratch: Path, deadline) -> None:
    if shape == "flow-sequence":
        text = "notes: " + "[" * depth + "x" + "]" * depth
    elif shape == "flow-mapping":
        text = "notes: " + "{a: " * depth + "x" + "}" * depth
    else:  # one level deeper per line (capped: 500 levels already take 125,000 characters of indentation)
        levels = min(depth, 500)
        text = "notes:\n" + "".join(f"{' ' * (level + 1)}k{level}:\n" for level in range(levels))
        text += " " * (levels + 1) + "x"
    with deadline(60):
        assert try_input(READERS["yaml"], text.encode(), Entry("load_session"), scratch) == "error"


@pytest.mark.parametrize("key", ['"a\\nb"', '"\\e[31m"', '"k\\L"', '"tab\\there"'])
@pytest.mark.parametrize("value", ["1", "2026-13-45"], ids=["unknown-key", "bad-date-under-it"])
def test_a_yaml_key_with_a_line_break_or_escape_stays_on_one_line(key: str, value: str, scratch: Path) -> None:
    path = write(scratch / "keys.yaml", f"{key}: {value}\nnotes: Quiet session.\n".encode())
    with pytest.raises(InputError) as caught:
        Entry("load_session")(path)
    check_error(caught.value, str(path))
    assert ("unknown key" if value == "1" else "not a valid date") in caught.value.message


def test_a_json_integer_too_long_for_python_is_an_input_error(scratch: Path) -> None:
    line = '{"speaker": "client", "text": "Fine.", "order": ' + "1" * 5_000 + "}\n"
    with pytest.raises(InputError, match="not valid JSON") as caught:
        Entry("read_sessions", ReadOptions(order_col="order"))(write(scratch / "long.jsonl", line.encode()))
    assert caught.value.line == 1


def patch_headers(data: bytes, signature: bytes, offset: int, value: int) -> bytes:
    """Set one byte, `offset` bytes into every ZIP header with this signature (local or central directory)."""
    patched = bytearray(data)
    start = data.find(signature)
    while start != -1:
        patched[start + offset] = value
        start = data.find(signature, start + 1)
    return bytes(patched)


LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"
DOCX_DAMAGE = {
    "future-zip-version": (lambda data: patch_headers(data, CENTRAL, 6, 99), "not a .docx file"),
    "unknown-compression": (lambda data: patch_headers(patch_headers(data, LOCAL, 8, 99), CENTRAL, 10, 99),
                            "not a readable .docx file"),
    "strong-encryption": (lambda data: patch_headers(patch_headers(data, LOCAL, 6, 0x41), CENTRAL, 8, 0x41),
                          "not a readable .docx file"),
    "cut-in-half": (lambda data: data[: len(data) // 2], "not a .docx file"),
    "xml-entity-bomb": (lambda data: word_package([], XML_BOMB, {}), "empty document"),
}


@pytest.mark.parametrize("damage", list(DOCX_DAMAGE))
def test_a_damaged_word_package_is_one_input_error(damage: str, scratch: Path, deadline) -> None:
    pytest.importorskip("docx")
    injure, says = DOCX_DAMAGE[damage]
    data = injure(word_package(["Therapist: How was the week?", "Client: Fine, whatever."], None, {}))
    path = write(scratch / f"{damage}.docx", data)
    with deadline(60), pytest.raises(InputError) as caught:
        Entry("read_sessions")(path)
    assert str(caught.value).startswith(f"{path}: {says}")


@pytest.mark.parametrize("timing", ["00:00:03.000 -> 00:00:04.000", "00:00:0a.000 --> 00:00:04.000", "-->",
                                    "00:00:03.000 -->", "--> 00:00:04.000", "3 --> 4"])
@pytest.mark.parametrize("suffix", [".vtt", ".srt"])
def test_a_damaged_caption_timing_is_dropped_not_read_as_words(timing: str, suffix: str, scratch: Path) -> None:
    head, first = ("WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000") if suffix == ".vtt" else \
        ("1\n", "00:00:01,000 --> 00:00:02,000")
    second = "" if suffix == ".vtt" else "2\n"
    text = f"{head}{first}\nTherapist: How was the week?\n\n{second}{timing}\nClient: Fine.\n"
    [session] = Entry("read_sessions")(write(scratch / f"timing{suffix}", text.encode()))
    assert [(turn.speaker, turn.text, turn.line) for turn in session.turns] == [
        ("therapist", "How was the week?", 4 if suffix == ".vtt" else 3), ("client", "Fine.", 7)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
@pytest.mark.parametrize("name", ["text", "yaml", "vtt", "csv", "jsonl"])
def test_utf16_with_its_byte_order_mark_reads_as_utf8_does(encoding: str, name: str, scratch: Path) -> None:
    """Notepad's "Unicode" and Word's plain-text export write UTF-16 with a byte-order mark: unambiguous, so read."""
    text = sample_document(name, "\u2018Fine\u2019 \u2013 caf\xe9.").decode()
    data = (b"\xfe\xff" if encoding == "utf-16-be" else b"") + text.encode(encoding)
    reader = Entry("read_sessions")
    plain = reader(write(scratch / f"plain{READERS[name].suffix}", text.encode()))
    wide = reader(write(scratch / f"wide{READERS[name].suffix}", data))
    assert [(turn.speaker, turn.text, turn.line) for session in wide for turn in session.turns] == \
        [(turn.speaker, turn.text, turn.line) for session in plain for turn in session.turns]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "latin-1", "cp1252"])
@pytest.mark.parametrize("name", ["text", "yaml", "vtt", "csv", "jsonl"])
def test_text_in_other_encodings_is_refused_as_not_utf8_naming_the_file(encoding: str, name: str,
                                                                        scratch: Path) -> None:
    data = sample_document(name, "\u2018Fine\u2019 \u2013 caf\xe9.").decode().encode(encoding, errors="replace")
    reader = READERS[name]
    with pytest.raises(InputError) as caught:
        reader.entries[0](write(scratch / f"encoded{reader.suffix}", data))
    assert caught.value.path == str(scratch / f"encoded{reader.suffix}")
    assert "UTF-8" in caught.value.message or "binary file" in caught.value.message


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("name", ["text", "yaml", "vtt", "srt", "csv", "tsv", "jsonl"])
def test_every_line_ending_reads_the_same_turns_on_the_same_lines(ending: str, name: str, scratch: Path) -> None:
    text = sample_document(name, "Fine. Whatever.").decode()
    reader = READERS[name]
    plain = reader.entries[0](write(scratch / f"plain{reader.suffix}", text.encode()))
    other = reader.entries[0](write(scratch / f"ending{reader.suffix}", text.replace("\n", ending).encode()))
    assert [(turn.speaker, turn.text, turn.line) for session in other for turn in session.turns] == \
        [(turn.speaker, turn.text, turn.line) for session in plain for turn in session.turns]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("name", ["text", "yaml", "vtt", "csv"])
def test_unicode_line_separators_inside_a_line_do_not_move_later_lines(separator: str, name: str,
                                                                      scratch: Path) -> None:
    """Only \\n, \\r\\n and \\r end a line: an editor and `grep -n` agree with the line a report gives."""
    text = sample_document(name, f"Fine.{separator}Whatever.").decode()
    reader = READERS[name]
    [session] = reader.entries[0](write(scratch / f"separator{reader.suffix}", text.encode()))
    last_line = text.count("\n")  # the separator is on the last line, and the file ends with a line break
    assert session.turns[-1].line == (last_line - 1 if name == "yaml" else last_line)  # YAML: the '- speaker:' line


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the CLI: vanishing files, loops, permissions, pipes and devices, broken links -------------------------------

GOOD = "Therapist: You really have to start taking this seriously.\nClient: Okay, whatever.\n"
MODES = {"terminal": [], "jsonl-j2": ["--format", "jsonl", "-j", "2"]}


def reported(result, mode: str) -> list[str]:
    """The files a run reported, in order."""
    if mode == "terminal":
        return [line.removeprefix("Session ").split()[0] for line in result.stdout.splitlines()
                if line.startswith("Session ")]
    return [json.loads(line)["file"] for line in result.stdout.splitlines()]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rupture: error:")]


def assert_one_error_for(result, name: str, says: str) -> None:
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"rupture: error: {name}: "), errors[0]
    assert says in errors[0], errors[0]
    assert "internal error" not in errors[0]


def write_inputs(workdir: Path, names: list[str]) -> None:
    for name in names:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GOOD, encoding="utf-8")


@pytest.mark.parametrize("mode", list(MODES))
def test_a_file_deleted_after_the_first_is_analysed(mode: str, workdir: Path, rupture, no_crash, folder_snapshot,
                                                    monkeypatch: pytest.MonkeyPatch, deadline) -> None:
    write_inputs(workdir, ["a.txt", "b.txt", "c.txt"])
    import rupturecli.run.loop

    def analyse_then_delete(real: Callable) -> Callable:
        def analyse(session, rules, **options):  # noqa: ANN001, ANN202, ANN003 - the analysis function's own
            report = real(session, rules, **options)
            if Path(session.file).name == "a.txt":
                (workdir / "b.txt").unlink()
            return report
        return analyse

    def wait_for_a(real: Callable) -> Callable:
        def read(source, options):  # noqa: ANN001, ANN202
            if source.name == "b.txt":  # in parallel, b is read only once a is analysed (and b deleted)
                waited = time.monotonic()
                while (workdir / "b.txt").exists() and time.monotonic() - waited < 20:
                    time.sleep(0.01)
            return real(source, options)
        return read

    loop = rupturecli.run.loop  # every mode reads and analyses through the one loop
    monkeypatch.setattr(loop, "analyze_session", analyse_then_delete(loop.analyze_session))
    monkeypatch.setattr(loop, "read_sessions", wait_for_a(loop.read_sessions))
    before = folder_snapshot(workdir)
    with deadline(60):
        result = rupture("analyze", "a.txt", "b.txt", "c.txt", *MODES[mode])
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == ["a.txt", "c.txt"]
    assert_one_error_for(result, "b.txt", "no such file or directory")
    del before["b.txt"]
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("mode", list(MODES))
def test_a_file_found_in_a_folder_then_removed_before_it_is_read(mode: str, workdir: Path, rupture, no_crash,
                                                                 folder_snapshot,
                                                                 monkeypatch: pytest.MonkeyPatch, deadline) -> None:
    write_inputs(workdir, ["notes/a.txt", "notes/b.txt", "notes/c.txt"])
    import rupturecli.run.loop

    def listed_then_removed(real: Callable) -> Callable:
        def expand(paths, *arguments, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
            found = real(paths, *arguments, **options)
            (workdir / "notes" / "b.txt").unlink()
            return found
        return expand

    monkeypatch.setattr(rupturecli.run.loop, "find_inputs", listed_then_removed(rupturecli.run.loop.find_inputs))
    before = folder_snapshot(workdir)
    with deadline(60):
        result = rupture("analyze", "notes", *MODES[mode])
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == [str(Path("notes/a.txt")), str(Path("notes/c.txt"))]
    assert_one_error_for(result, str(Path("notes/b.txt")), "no such file or directory")
    del before[str(Path("notes/b.txt"))]
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("argument", ["a", ".", "a/**/*.txt", "**/*.txt", "a/*/*/*.txt"])
def test_a_folder_loop_through_symbolic_links_finishes_without_duplicates(argument: str, mode: str, workdir: Path,
                                                                          rupture, no_crash, folder_snapshot,
                                                                          deadline) -> None:
    write_inputs(workdir, ["a/x.txt", "a/sub/y.txt"])
    (workdir / "a" / "loop").symlink_to("..", target_is_directory=True)
    (workdir / "a" / "sub" / "back").symlink_to("../..", target_is_directory=True)
    (workdir / "a" / "sub" / "self").symlink_to(".", target_is_directory=True)
    before = folder_snapshot(workdir)
    with deadline(60):
        result = rupture("analyze", argument, *MODES[mode])
    no_crash(result)
    files = reported(result, mode)
    assert result.exit_code == 0, result.stderr
    assert error_lines(result.stderr) == []
    assert len({os.path.realpath(file) for file in files}) == len(files), files
    assert {os.path.relpath(os.path.realpath(file), workdir) for file in files} == {"a/x.txt", "a/sub/y.txt"}
    assert folder_snapshot(workdir) == before


LOCKED = "locked.txt"


def refuse_to_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading locked.txt fails as with mode 000 for another user (the tests run as root, which may read it)."""
    real_read_bytes, real_open = Path.read_bytes, Path.open

    def read_bytes(self: Path) -> bytes:
        if self.name == LOCKED:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def path_open(self: Path, *arguments, **options):  # noqa: ANN002, ANN003, ANN202
        if self.name == LOCKED:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *arguments, **options)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", path_open)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("how", ["simulated", "chmod-000"])
def test_an_unreadable_file_is_one_line_and_the_others_are_reported(how: str, mode: str, workdir: Path, rupture,
                                                                    no_crash, folder_snapshot,
                                                                    monkeypatch: pytest.MonkeyPatch, deadline) -> None:
    if how == "chmod-000" and os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode; the simulated variant covers this")
    write_inputs(workdir, ["a.txt", LOCKED, "c.txt"])
    before = folder_snapshot(workdir)
    if how == "simulated":
        refuse_to_read(monkeypatch)
    else:
        (workdir / LOCKED).chmod(0)
    try:
        with deadline(60):
            result = rupture("analyze", "a.txt", LOCKED, "c.txt", *MODES[mode])
    finally:
        (workdir / LOCKED).chmod(0o644)
        monkeypatch.undo()
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == ["a.txt", "c.txt"]
    assert_one_error_for(result, LOCKED, "Permission denied")
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("how", ["simulated", "chmod-000"])
def test_an_unreadable_subfolder_is_one_line_not_silently_skipped(how: str, mode: str, workdir: Path, rupture,
                                                                  no_crash, folder_snapshot,
                                                                  monkeypatch: pytest.MonkeyPatch, deadline) -> None:
    if how == "chmod-000" and os.geteuid() == 0:
        pytest.skip("root lists a folder whatever its mode; the simulated variant covers this")
    write_inputs(workdir, ["notes/a.txt", "notes/locked/b.txt", "notes/z/c.txt"])
    before = folder_snapshot(workdir)
    if how == "simulated":
        real_scandir = os.scandir

        def scandir(path: str | Path = ".") -> object:
            if Path(path).name == "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (workdir / "notes" / "locked").chmod(0)
    try:
        with deadline(60):
            result = rupture("analyze", "notes", *MODES[mode])
    finally:
        (workdir / "notes" / "locked").chmod(0o755)
        monkeypatch.undo()
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == [str(Path("notes/a.txt")), str(Path("notes/z/c.txt"))]
    assert_one_error_for(result, str(Path("notes/locked")), "cannot read folder: Permission denied")
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_pipe_or_device_given_as_input_is_refused_not_read_forever(special: str, mode: str, workdir: Path, rupture,
                                                                     no_crash, folder_snapshot, deadline) -> None:
    write_inputs(workdir, ["a.txt"])
    name = special
    if special == "fifo":
        name = "pipe.txt"
        os.mkfifo(workdir / name)
    elif not Path(special).exists():
        pytest.skip(f"no {special} on this system")
    before = folder_snapshot(workdir)
    with deadline(30):
        result = rupture("analyze", "a.txt", name, *MODES[mode])
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == ["a.txt"]
    assert_one_error_for(result, name, "not a regular file")
    assert folder_snapshot(workdir) == before


@pytest.mark.parametrize("mode", list(MODES))
def test_pipes_inside_a_folder_are_skipped_not_opened(mode: str, workdir: Path, rupture, no_crash, deadline) -> None:
    write_inputs(workdir, ["notes/a.txt"])
    for name in ("pipe.txt", "pipe.csv", "pipe.json", "pipe.docx", "pipe.vtt"):
        os.mkfifo(workdir / "notes" / name)
    with deadline(30):
        result = rupture("analyze", "notes", *MODES[mode])
    no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert reported(result, mode) == [str(Path("notes/a.txt"))]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("target", ["missing.txt", "gone/away.yaml", "loop.txt"])
def test_a_broken_symbolic_link_is_one_line_naming_it(target: str, mode: str, workdir: Path, rupture, no_crash,
                                                      folder_snapshot, deadline) -> None:
    write_inputs(workdir, ["a.txt"])
    (workdir / "link.txt").symlink_to(target)
    if target == "loop.txt":
        (workdir / "loop.txt").symlink_to("link.txt")
    before = folder_snapshot(workdir)
    with deadline(30):
        result = rupture("analyze", "link.txt", "a.txt", *MODES[mode])
    no_crash(result)
    assert result.exit_code == 2
    assert reported(result, mode) == ["a.txt"]
    assert_one_error_for(result, "link.txt", "no such file or directory")
    assert folder_snapshot(workdir) == before
    assert (workdir / "link.txt").is_symlink()


def test_a_lone_surrogate_escape_in_one_file_never_stops_the_batch(rupture, write_file, workdir: Path) -> None:
    write_file("a.txt", "Therapist: How was the week?\nClient: Fine.\n")
    write_file("b.yaml", 'turns:\n  - speaker: client\n    text: "this is pointless \\ud800 really"\n'
                         '  - speaker: therapist\n    text: "Say more?"\n')
    write_file("c.jsonl", '{"speaker": "client", "text": "no \\udfff point"}\n')
    result = rupture("analyze", "a.txt", "b.yaml", "c.jsonl", "-f", "jsonl", "-o", "out.jsonl")
    assert result.exit_code in (0, 1), result.stderr
    lines = (workdir / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3


@pytest.mark.parametrize(("name", "content", "command"), [
    (".rupture.toml", "select = " + "[" * 600 + "]" * 600 + "\n", ["analyze", "s.txt", "--config", ".rupture.toml"]),
    ("base.json", "[" * 5000 + "]" * 5000, ["check", "s.txt", "--baseline", "base.json"]),
    ("codes.json", "[" * 5000 + "]" * 5000, ["agree", "codes.json", "codes.json"]),
], ids=["config", "baseline", "codes"])
def test_a_deeply_nested_settings_file_is_one_line_exit_2(rupture, write_file, no_crash, name: str, content: str,
                                                            command: list[str]) -> None:
    write_file("s.txt", "Therapist: How was the week?\nClient: Fine.\n")
    write_file(name, content)
    result = rupture(*command, isolated=False)
    no_crash(result)
    assert result.exit_code == 2 and name in result.stderr and "nested too deeply" in result.stderr


def test_a_deeply_nested_table_in_a_searched_folder_leaves_the_others_analysed(rupture, write_file,
                                                                               workdir: Path) -> None:
    (workdir / "notes").mkdir()
    write_file("notes/a.txt", "Therapist: How was the week?\nClient: Fine.\n")
    write_file("notes/b.jsonl", "[" * 5000 + "]" * 5000 + "\n")
    result = rupture("analyze", "notes", "-f", "jsonl")
    assert "Traceback" not in result.output
    assert '"file": "notes/a.txt"' in result.stdout


@pytest.mark.parametrize(("name", "content", "where"), [
    ("n.yaml", "session: S1\nsession: S2\nturns: []\n",
     "n.yaml:2:1: invalid YAML: duplicate key 'session' (first at line 1)"),
    ("n.jsonl", '{"speaker": "client", "text": "one", "text": "two"}\n',
     "n.jsonl:1: not valid JSON (duplicate key 'text'"),
], ids=["yaml", "jsonl"])
def test_a_key_given_twice_is_an_error_not_a_silent_loss(rupture, write_file, name: str, content: str,
                                                         where: str) -> None:
    write_file(name, content)
    result = rupture("analyze", name)
    assert result.exit_code == 2 and where in result.stderr


def test_a_rule_pack_with_a_repeated_key_is_refused(rupture, write_file) -> None:
    write_file("pack.yaml", "markers:\n  - id: MINE-1\n    name: mine\n    rupture: withdrawal\n"
                            "    match:\n      - phrase: first words\n    match:\n      - phrase: other words\n")
    result = rupture("rules", "check", "pack.yaml")
    assert result.exit_code == 2
    assert "pack.yaml:7:5: invalid YAML: duplicate key 'match' (first at line 5)" in result.stderr


def test_redact_on_standard_input_that_is_not_utf8_is_one_line(rupture) -> None:
    result = rupture("privacy", "redact", input=b"caf\xe9 and more\n")
    assert result.exit_code == 2 and result.stderr.startswith("rupture: error: <stdin>:1: not valid UTF-8")


@pytest.mark.parametrize("flag", ["-o", "--db", "--sessions-csv"])
def test_an_empty_output_path_is_one_line_exit_2(rupture, write_file, flag: str) -> None:
    write_file("s.txt", "Therapist: How was the week?\nClient: Fine.\n")
    result = rupture("analyze", "s.txt", "-f", "csv", flag, "")
    assert result.exit_code == 2 and "names a folder to write into" in result.stderr


def test_a_config_saved_with_a_byte_order_mark_is_read(rupture, write_file) -> None:
    write_file("s.txt", "Therapist: How was the week?\nClient: Fine.\n")
    (Path.cwd() / "bom.toml").write_bytes(b"\xef\xbb\xbfselect = [\"W\"]\n")
    result = rupture("analyze", "s.txt", "--config", "bom.toml", "-f", "jsonl", isolated=False)
    assert result.exit_code == 0, result.stderr


def test_an_open_quote_that_swallows_the_rows_after_it_is_an_error(rupture, write_file) -> None:
    rows = ["speaker,text"] + [f'client,"line {number} never closed' if number == 3 else f"client,line {number}"
                               for number in range(1, 60)]
    write_file("t.csv", "\n".join(rows) + "\n")
    result = rupture("analyze", "t.csv", "-f", "jsonl")
    assert result.exit_code == 2 and "t.csv:4: row runs over" in result.stderr and "quote left open" in result.stderr


def test_an_utterance_with_a_few_line_breaks_is_read(rupture, write_file) -> None:
    write_file("t.csv", 'speaker,text\nclient,"first line\nsecond line\nthird line"\ntherapist,Go on.\n')
    result = rupture("analyze", "t.csv", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr


def test_a_yaml_escape_beyond_unicode_is_one_line(rupture, write_file) -> None:
    write_file("n.yaml", '"\\U00110000')
    result = rupture("analyze", "n.yaml")
    assert result.exit_code == 2 and "n.yaml: invalid YAML: a character escape beyond Unicode" in result.stderr


@pytest.mark.parametrize("expression", ["", "(?:so )?", "x*", "\\b", "(?=\\w)", "(?<=.)"])
def test_a_user_regex_that_matches_empty_text_is_refused(rupture, write_file, expression: str) -> None:
    """It would fire on every client turn; an empty phrase was already refused."""
    write_file("pack.yaml", "markers:\n  - id: MINE-1\n    name: mine\n    rupture: withdrawal\n"
                            f"    match:\n      - regex: '{expression}'\n")
    result = rupture("rules", "check", "pack.yaml")
    assert result.exit_code == 2
    assert "pack.yaml:6:9: bad regex" in result.stderr and "(an empty match)" in result.stderr


def test_an_empty_rules_path_is_refused_not_read_as_the_current_folder(rupture, write_file) -> None:
    write_file("note.txt", "Client seemed fine today and we planned the week.\n")
    write_file("stray.yaml", "not: a rule pack\n")  # what "." would have loaded
    result = rupture("analyze", "note.txt", "--rules", "")
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: --rules: an empty path (give a rule pack folder or file)\n"
    write_file("empty.toml", 'rules = [""]\n')
    result = rupture("analyze", "note.txt", "--config", "empty.toml", isolated=False)
    assert result.exit_code == 2 and "empty.toml: rules: an empty path" in result.stderr
    write_file("empty.toml", 'model = ""\n')
    result = rupture("analyze", "note.txt", "--config", "empty.toml", isolated=False)
    assert result.exit_code == 2 and "empty.toml: model: an empty path" in result.stderr


def test_a_session_id_written_as_a_date_is_an_id(rupture, write_file) -> None:
    write_file("dated.yaml", "session: 2026-01-01\nnotes: The client arrived on time and we reviewed the plan.\n")
    result = rupture("analyze", "dated.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["session_id"] == "2026-01-01"
    write_file("listed.yaml", "session: [1, 2]\nnotes: The client arrived on time.\n")
    refused = rupture("analyze", "listed.yaml")
    assert refused.exit_code == 2 and "listed.yaml:1:10: session: " in refused.stderr and ".str" not in refused.stderr
    write_file("bad-date.yaml", "date: [1]\nnotes: The client arrived on time.\n")
    refused = rupture("analyze", "bad-date.yaml")  # 'date' is a key here, and a type's name in pydantic's location
    assert refused.exit_code == 2 and "bad-date.yaml:1:7: date: " in refused.stderr


@pytest.mark.parametrize("command", ["check", "test"])
def test_rules_commands_refuse_an_empty_pack_path(rupture, write_file, command: str) -> None:
    write_file("stray.yaml", "not: a rule pack\n")  # what "." would have read
    result = rupture("rules", command, "")
    assert result.exit_code == 2 and "an empty path (give a rule pack folder or file)" in result.stderr
