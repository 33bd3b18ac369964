"""--verbose and --debug logging to stderr: files, counts, lines and rule ids, never note text.

Notes are protected health information, so every message here is built from numbers, ids and paths only, and
tracebacks leave out the exception's message (it may quote the input that caused it).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from rupturecli.analysis.report import SessionReport
from rupturecli.errors import shown_path
from rupturecli.printable import printable

LOGGER_NAME = "rupturecli"
log = logging.getLogger(LOGGER_NAME)


def configure_logging(verbose: bool, debug: bool) -> None:
    """INFO with --verbose, DEBUG with --debug, to stderr; nothing at all otherwise (set again on every run)."""
    log.propagate = False
    if not (verbose or debug):
        log.handlers = [logging.NullHandler()]
        log.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("rupture: %(levelname)s: %(message)s"))
    log.handlers = [handler]
    log.setLevel(logging.DEBUG if debug else logging.INFO)


def internal_error_message(error: BaseException) -> str:
    """The one line for a bug: the exception's type, never its message."""
    return f"internal error ({type(error).__name__}); rerun with --debug"


def format_traceback(error: BaseException) -> str:
    """Stack frames and the exception type, without the message, which may quote note text."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"Traceback (most recent call last):\n{frames}{type(error).__module__}.{type(error).__qualname__}"


def log_internal_error(source: str, error: BaseException) -> None:
    """With --debug, the traceback of an unexpected error on one input."""
    log.debug("%s: %s\n%s", printable(shown_path(source)), internal_error_message(error), format_traceback(error))


def _episodes(episodes: list[tuple[str, list[tuple[str, int]]]]) -> str:
    if not episodes:
        return "0 episodes"
    parts = [f"{kind}: " + ", ".join(f"{marker} line {line}" for marker, line in markers)
             for kind, markers in episodes]
    return f"{len(episodes)} episode{'s' if len(episodes) != 1 else ''} ({'; '.join(parts)})"


def describe_report(report: SessionReport) -> str:
    """'analysed x.txt: transcript, 14 turns, 1 episode (confrontation: C3 line 4, C2 line 6)'."""
    session = report.session
    episodes = [(item.episode.type, [(hit.marker_id, hit.line) for hit in item.episode.hits])
                for item in report.episodes]
    unit = "turns" if session.kind == "transcript" else "sentences"
    return f"analysed {session.file}: {session.kind}, {len(session.turns)} {unit}, {_episodes(episodes)}"


def describe_record(record: dict[str, Any]) -> str:
    """The same line from a JSON record (research mode, where workers send records)."""
    episodes = [(episode["type"], [(marker["id"], marker["line"]) for marker in episode["markers"]])
                for episode in record.get("episodes", [])]
    unit = "turns" if record.get("kind") == "transcript" else "sentences"
    return f"analysed {record.get('file')}: {record.get('kind')}, {record.get('turns')} {unit}, {_episodes(episodes)}"


def logged_engine(engine: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Wrap a research-mode engine so each finished input is logged as it arrives."""
    def run(sources: list[str], *arguments: Any) -> Iterator[Any]:
        log.debug("research mode: %d input(s)", len(sources))
        for result in engine(sources, *arguments):
            for record in result.records:
                log.info("%s", describe_record(record))
            for _ in result.errors:
                log.info("failed %s", printable(shown_path(result.source)))
            yield result

    return run
