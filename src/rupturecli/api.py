"""The documented Python API: plain, picklable results, for notebooks and other schedulers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rupturecli.analysis.analyze import analyze_session
from rupturecli.parsing import parse_text
from rupturecli.parsing.inputs import expand_paths
from rupturecli.run.loop import reports_of
from rupturecli.run.options import RunOptions
from rupturecli.run.tasks import RuleSpec, rules_for
from rupturecli.session import InputKind


def analyze_text(text: str, name: str = "<text>", kind: InputKind | None = None,
                 rules: list[str | Path] | None = None, client_labels: list[str] | None = None,
                 therapist_moves: bool = False) -> dict[str, Any]:
    """Analyse one note or transcript given as text; returns the JSON record as a dict.

    Rules are compiled once per process and reused by later calls with the same `rules`.
    `therapist_moves`: read every therapist turn for straining moves, as `--therapist-moves` does.
    """
    rule_set = rules_for(RuleSpec(tuple(str(path) for path in rules or ())))
    labels = RunOptions(client_labels=list(client_labels or [])).labels()
    session = parse_text(text, name, kind, labels, is_yaml=str(name).endswith((".yaml", ".yml")))
    return analyze_session(session, rule_set, therapist_moves=therapist_moves).to_dict()


def analyze_path(path: str | Path, kind: InputKind | None = None, rules: list[str | Path] | None = None,
                 client_labels: list[str] | None = None, therapist_moves: bool = False) -> list[dict[str, Any]]:
    """Analyse a file or folder (every supported file in it); one dict per session.

    Unreadable inputs raise rupturecli.errors.InputError, as the CLI reports them.
    """
    rule_set = rules_for(RuleSpec(tuple(str(item) for item in rules or ())))
    options = RunOptions(kind=kind, client_labels=list(client_labels or []), therapist_moves=therapist_moves)
    sources, problems = expand_paths([str(path)])
    if problems:
        raise problems[0]
    return [report.to_dict() for source in sources for report in reports_of(source, rule_set, options)]
