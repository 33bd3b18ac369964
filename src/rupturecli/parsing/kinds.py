"""The one table of file kinds: which endings rupture reads, with which reader, and what a folder search takes.

Folder searches and files named on the command line both go by this table, so a file a folder search
picks up is read the same way as when it is named. A named file whose ending is not here is read as
plain text; a folder search leaves it alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ReaderName = Literal["text", "yaml", "captions", "docx", "table", "json"]


@dataclass(frozen=True)
class FileKind:
    reader: ReaderName
    suffixes: tuple[str, ...]
    sniffed: bool  # in a folder search, read only when its start plainly holds sessions (tables, JSON)


FILE_KINDS = (
    FileKind("text", (".txt", ".md", ".text", ".note", ".notes"), sniffed=False),
    FileKind("yaml", (".yaml", ".yml"), sniffed=False),
    FileKind("captions", (".vtt", ".srt"), sniffed=False),
    FileKind("docx", (".docx",), sniffed=False),
    FileKind("table", (".csv", ".tsv", ".tab", ".jsonl", ".ndjson"), sniffed=True),
    FileKind("json", (".json",), sniffed=True),
)
TEXT = FILE_KINDS[0]
_BY_SUFFIX = {suffix: kind for kind in FILE_KINDS for suffix in kind.suffixes}

# A folder of transcripts often holds its own documentation; those files are not sessions. Named on the
# command line they are still read. The name alone, in any case (README.md, readme.txt, Source.md), or in
# capitals with a tag (LICENSE-MIT.txt, README_FIRST.md); a session called sources-of-stress.txt is read.
_DOCUMENTATION_NAMES = r"(readme|sources?|licen[cs]e|copying|changelog|contributing|code[-_]of[-_]conduct|authors)"
DOCUMENTATION = re.compile(rf"(?i:{_DOCUMENTATION_NAMES})(\.[^.]*)*$|{_DOCUMENTATION_NAMES.upper()}[-_][^.]*(\..*)?$")


# 'archive.csv#A1': the session A1 of a table (reports name a table's sessions so); the endings come from the table
_TABLE_ENDINGS = [re.escape(suffix) for kind in FILE_KINDS if kind.reader in ("table", "json")
                  for suffix in kind.suffixes]
TABLE_SESSION = re.compile("(?i:" + "|".join(_TABLE_ENDINGS) + ")#")


def split_table_session(file: str) -> tuple[str, str] | None:
    """(the table's path, the session id) of a reported `file` naming a table's session, else None."""
    found = TABLE_SESSION.search(file)
    return (file[:found.end() - 1], file[found.end():]) if found else None


def kind_of(path: Path | str) -> FileKind | None:
    """The kind of a file by its ending (any case), or None when rupture has no reader for it."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def reader_of(path: Path | str) -> FileKind:
    """How a named file is read: by its kind, and as plain text when its ending is not in the table."""
    return kind_of(path) or TEXT


def is_documentation(path: Path | str) -> bool:
    """README, SOURCE, LICENSE, CHANGELOG and the like (any case, any ending): skipped by folder searches."""
    return DOCUMENTATION.match(Path(path).name) is not None


def describe_kinds() -> str:
    """The endings a folder search reads, for messages: '.txt, .md, ...; recognised .csv, ... archives'."""
    always = ", ".join(suffix for kind in FILE_KINDS if not kind.sniffed for suffix in kind.suffixes)
    sniffed = ", ".join(suffix for kind in FILE_KINDS if kind.sniffed for suffix in kind.suffixes)
    return f"{always}; recognised {sniffed} archives"
