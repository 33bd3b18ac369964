"""Turn a file's bytes into text, refusing what is not a UTF-8 text note."""

from __future__ import annotations

from pathlib import Path

from rupturecli.errors import InputError, RuptureError

MAX_LINE_CHARS = 200_000


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # what Windows Notepad's "Unicode" and Word's plain-text export write


def decode_utf8(data: bytes, source: str | Path) -> str:
    """UTF-8 (BOM tolerated), or UTF-16 with its byte-order mark; else an InputError naming the line of the first
    byte that is not UTF-8."""
    if data.startswith(b"\xff\xfe\x00\x00") or data.startswith(b"\x00\x00\xfe\xff"):
        raise InputError("UTF-32 text: save the file as UTF-8", source)
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"not valid UTF-16 (byte {error.start + 1}); save the file as UTF-8", source) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {error.start + 1}); save the file as UTF-8", source, line) from None


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM tolerated) or UTF-16 with its BOM, normalise line endings, and refuse binary or empty
    input."""
    if not data.strip() or data in UTF16_BOMS:
        raise InputError("empty file: nothing to analyse", source)
    if b"\x00" in data[:8192] and not data.startswith(UTF16_BOMS):
        raise InputError("binary file (NUL bytes found): not a text note or transcript", source)
    text = decode_utf8(data, source).replace("\r\n", "\n").replace("\r", "\n")
    for number, line_text in enumerate(text.split("\n"), start=1):
        if len(line_text) > MAX_LINE_CHARS:
            raise InputError(
                f"line is {len(line_text)} characters long (limit {MAX_LINE_CHARS}); "
                "is this a note or transcript?",
                source,
                number,
            )
    return text


def check_regular_file(path: Path, error: type[RuptureError] = InputError,
                       folder: str = "is a directory without notes (.txt, .md, .yaml)") -> None:
    """Refuse a missing path, a folder, and a pipe, device or socket: reading one could wait for a writer
    that never comes (a FIFO) or never reach an end (/dev/zero)."""
    if not path.exists():
        raise error("no such file or directory", path)
    if path.is_dir():
        raise error(folder, path)
    if not path.is_file():
        raise error("not a regular file (a pipe, device or socket): not read", path)


def read_regular(path: Path, error: type[RuptureError] = InputError, what: str = "",
                 folder: str = "is a directory, not a file") -> bytes:
    """The bytes of a regular file (a note, codes, a baseline, a rule pack, a config); anything else is `error`."""
    path = Path(path)
    check_regular_file(path, error, folder=folder)
    try:
        return path.read_bytes()
    except OSError as failure:
        raise error(f"cannot read{' ' + what if what else ''}: {failure.strerror or failure}", path) from None


def read_input(path: Path) -> str:
    """Read one input file as text; every failure is an InputError naming the file."""
    return decode_text(read_regular(path, folder="is a directory without notes (.txt, .md, .yaml)"), str(path))


def read_text(path: Path) -> str:
    """Read a data file (codes, results) as text as it is: empty files and long lines are its reader's to judge."""
    return decode_utf8(read_regular(path), path)
