"""Errors that carry a location, and the exit codes every command shares."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path

from rupturecli.printable import printable

EXIT_OK = 0
EXIT_THRESHOLD = 1
EXIT_ERROR = 2

# --redact: how a path is shown on standard error (errors, notes, summaries, logs), set for the whole run
_path_redactor: Callable[[str], str] | None = None


def redact_shown_paths(redactor: Callable[[str], str] | None) -> None:
    """With --redact, every path an error, note or summary line shows goes through `redactor` (a file name can
    hold a client's name); None shows paths as given. Set at the start of each command."""
    global _path_redactor
    _path_redactor = redactor


def shown_path(path: Path | str) -> str:
    """A path as standard error may show it: redacted as the reports' paths are when the run redacts."""
    text = str(path)
    return _path_redactor(text) if _path_redactor is not None else text


def quoted(text: str) -> str:
    """A pattern as written, in quotes, for a message: repr() would double every backslash of a regex."""
    return f'"{text}"' if "'" in text and '"' not in text else f"'{text}'"


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6, ignore_case: bool = False) -> str:
    """' (did you mean 'x'?)' naming the closest of `known`, or '' when nothing is close: every error about a
    misspelt key, rule id or name ends the same way."""
    options = list(dict.fromkeys(known))
    if not ignore_case:
        close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
        return f" (did you mean '{close[0]}'?)" if close else ""
    folded = {option.casefold(): option for option in reversed(options)}  # the first spelling of each wins
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=cutoff)
    return f" (did you mean '{folded[close[0]]}'?)" if close else ""


class RuptureError(Exception):
    """A user-facing error: one line, naming the file (and line and column when known)."""

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        location = ""
        if self.path is not None:
            location = shown_path(self.path)
            if self.line is not None:
                location += f":{self.line}"
                if self.column is not None:
                    location += f":{self.column}"
            location += ": "
        return printable(f"{location}{self.message}")


class InputError(RuptureError):
    """An input file that cannot be read or parsed."""


class RuleError(RuptureError):
    """A rule pack that does not validate. `also`: the file's other errors, when one reading found several
    (`rupture rules check` lists them all, so a pack is mended in one round)."""

    also: tuple[RuleError, ...] = ()


class OutputError(RuptureError):
    """An output that cannot be written (disk full, no permission): says which file, exit 2."""
