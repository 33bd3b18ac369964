"""Measure the redaction on labelled snippets: recall and precision per kind, and how many expected spans kept a
letter or digit unredacted (`rupture privacy evaluate FILE`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rupturecli.errors import InputError
from rupturecli.privacy.detect import find_phi
from rupturecli.privacy.known_names import name_words
from rupturecli.privacy.spans import KINDS, Span


@dataclass
class KindScore:
    """Counts for one kind: expected spans found, all expected, predictions that hit one, all predictions."""

    found: int = 0
    expected: int = 0
    correct: int = 0
    predicted: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


def _gold_spans(text: str, items: list[dict[str, str]]) -> list[Span]:
    spans: list[Span] = []
    for item in items:
        start = text.find(item["text"])
        if start < 0:
            raise ValueError(f"expected span {item['text']!r} is not in the snippet")
        while start >= 0:
            spans.append(Span(start, start + len(item["text"]), item["kind"]))  # type: ignore[arg-type]
            start = text.find(item["text"], start + 1)
    return spans


def _covered(gold: Span, predicted: list[Span], text: str) -> bool:
    """Every letter and digit of `gold` lies inside a predicted span of its kind."""
    return all(any(span.kind == gold.kind and span.start <= index < span.end for span in predicted)
               for index in range(gold.start, gold.end) if text[index].isalnum())


def _labelled(snippets: list[dict[str, Any]]) -> Iterator[tuple[str, list[Span], list[Span]]]:
    """Each snippet's text, its expected spans, and the detections in it (its `names` declared, as a file's
    speaker labels are)."""
    for snippet in snippets:
        text = snippet["text"]
        declared = name_words(snippet.get("names") or [])
        yield text, _gold_spans(text, snippet.get("phi") or []), find_phi(text, declared, declared=declared)


def _hits(span: Span, others: list[Span]) -> bool:
    """`span` overlaps one of `others` of its kind."""
    return any(other.kind == span.kind and other.start < span.end and span.start < other.end for other in others)


def evaluate(snippets: list[dict[str, Any]]) -> tuple[dict[str, KindScore], int, int]:
    """Per-kind scores, and how many expected spans kept any letter or digit unredacted (of how many)."""
    scores = {kind: KindScore() for kind in KINDS}
    leaked = total = 0
    for text, gold, predicted in _labelled(snippets):
        for span in gold:
            score = scores[span.kind]
            score.expected += 1
            score.found += _covered(span, predicted, text)
            total += 1
            leaked += not all(any(other.start <= index < other.end for other in predicted)
                              for index in range(span.start, span.end) if text[index].isalnum())
        for span in predicted:
            score = scores[span.kind]
            score.predicted += 1
            score.correct += _hits(span, gold)
    return scores, leaked, total


def misses(snippets: list[dict[str, Any]]) -> list[str]:
    """One line per missed expected span and per false alarm, for tuning."""
    lines: list[str] = []
    for text, gold, predicted in _labelled(snippets):
        for span in gold:
            if not _covered(span, predicted, text):
                lines.append(f"missed {span.kind} {text[span.start:span.end]!r} in {text!r}")
        for span in predicted:
            if not _hits(span, gold):
                lines.append(f"false {span.kind} {text[span.start:span.end]!r} in {text!r}")
    return lines


def format_table(scores: dict[str, KindScore], leaked: int, total: int) -> str:
    """The per-kind table as Markdown, ready for the README."""
    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = ["| kind | expected | found | recall | predicted | precision |", "|---|---|---|---|---|---|"]
    for kind, score in scores.items():
        rows.append(f"| {kind} | {score.expected} | {score.found} | {figure(score.recall)} | {score.predicted} "
                    f"| {figure(score.precision)} |")
    rows.append(f"\n{total - leaked} of {total} expected spans fully redacted (any placeholder); {leaked} leaked.")
    return "\n".join(rows)


def load_snippets(path: Path) -> list[dict[str, Any]]:
    """A YAML list of snippets, each a `text`, the `phi` in it (each a `text` and a `kind`) and the `names` its
    file would declare; a file that cannot be read or holds something else is an InputError naming it (and the
    snippet's line). Read as notes are: no aliases, no repeated keys."""
    from rupturecli.yamlsource import load_yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path) from None
    located = load_yaml(text, path, InputError)
    snippets = located.data
    if not isinstance(snippets, list) or not snippets:
        raise InputError("expected a list of snippets", path, 1)
    for number, snippet in enumerate(snippets, start=1):
        problem = _snippet_problem(snippet)
        if problem:
            raise InputError(f"snippet {number}: {problem}", path, *(located.locate((number - 1,)) or (None, None)))
    return snippets


SNIPPET_KEYS = ("text", "phi", "names")


def _snippet_problem(snippet: Any) -> str | None:
    """What keeps a snippet from being measured (never quoting its text), or None."""
    if not isinstance(snippet, dict) or not isinstance(snippet.get("text"), str):
        return "needs a text"
    unknown = sorted(str(key) for key in snippet if key not in SNIPPET_KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r} (allowed: {', '.join(SNIPPET_KEYS)})"
    phi, names = snippet.get("phi") or [], snippet.get("names") or []
    if not isinstance(phi, list):
        return "phi must be a list"
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return "names must be a list of names written as text (quote a name YAML would read as a number or date)"
    for number, item in enumerate(phi, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or item.get("kind") not in KINDS:
            return (f"phi {number} needs a text and a kind ({', '.join(KINDS)}); quote a text YAML would read as a "
                    "number or date")
        if item["text"] not in snippet["text"]:
            return f"phi {number} is not in the snippet's text"
    return None
