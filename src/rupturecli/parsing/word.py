"""Word documents (.docx): the paragraphs' text, read with python-docx (the `formats` extra).

Each paragraph is one line (a line break inside a paragraph starts another), so `line` in reports is
the paragraph number; the text then goes through the plain-text parser (`Speaker: text` turns, or notes).
"""

from __future__ import annotations

from pathlib import Path

from rupturecli.errors import InputError
from rupturecli.parsing.reading import MAX_LINE_CHARS, check_regular_file

MAX_UNPACKED_BYTES = 200_000_000  # a .docx that unpacks to more than this is refused (zip bombs)
MISSING_EXTRA = "reading .docx needs the formats extra: pip install 'rupturecli[formats]'"


def read_docx(path: Path) -> str:
    """The document's paragraphs as lines of text; every failure is an InputError naming the file."""
    import zipfile  # imported here: most runs read no .docx

    try:
        import docx
    except ImportError:
        raise InputError(MISSING_EXTRA, path) from None
    check_regular_file(path)
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # NotImplemented: an unknown method
        raise InputError("not a .docx file (not a ZIP package); save it from Word as .docx", path) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"unpacks to {unpacked:,} bytes (limit {MAX_UNPACKED_BYTES:,}): not read", path)
    try:
        document = docx.Document(str(path))
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise InputError(f"not a readable .docx file ({type(error).__name__})", path) from None
    lines = [line.replace("\r", " ").replace("\t", " ") for paragraph in paragraphs
             for line in paragraph.split("\n")]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(f"paragraph is {len(line)} characters long (limit {MAX_LINE_CHARS})", path, number)
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("empty document: no paragraph text", path)
    return text
