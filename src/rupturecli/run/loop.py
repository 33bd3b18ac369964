"""Run the analysis over many inputs: shared by `analyze`, `check` and the Python API.

Every input is read, parsed and analysed on its own; a failure is reported through `on_error` and
the batch goes on. Rules are compiled once, by the caller, for the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli.analysis.analyze import analyze_session
from rupturecli.analysis.report import SessionReport
from rupturecli.diagnostics import internal_error_message, log_internal_error
from rupturecli.errors import InputError, RuptureError
from rupturecli.parsing import SpeakerLabels
from rupturecli.parsing.inputs import find_inputs, input_bytes
from rupturecli.parsing.sources import ReadOptions, read_sessions
from rupturecli.rules.compiled import RuleSet
from rupturecli.session import InputKind


@dataclass
class InputOptions:
    """How to read inputs: forced kind and extra speaker labels."""

    kind: InputKind | None = None
    client_labels: list[str] = field(default_factory=list)
    therapist_labels: list[str] = field(default_factory=list)
    reader: dict[str, Any] = field(default_factory=dict)  # preset and column mapping for archive formats
    redact_names: list[str] | None = None  # --redact: replace PHI in reports, with these names besides the found ones

    def labels(self) -> SpeakerLabels:
        labels = SpeakerLabels()
        for name in self.client_labels:
            labels.add_client(name)
        for name in self.therapist_labels:
            labels.add_therapist(name)
        return labels


def iter_reports(paths: list[str], rules: RuleSet, options: InputOptions,
                 on_error: Callable[[RuptureError], None],
                 on_skipped: Callable[[list[Path]], None] | None = None) -> Iterator[SessionReport]:
    """Yield a report per readable input, in order.

    Input errors go to `on_error` and the batch goes on; a rule error (a pattern that times out)
    is raised, because it would fail again on every file. `on_skipped` gets the documentation files
    (README...) the folder searches skipped, if any.
    """
    found = find_inputs(paths, include_tables=bool(options.reader))
    sources = found.sources
    for problem in found.problems:
        on_error(problem)
    if found.documentation and on_skipped is not None:
        on_skipped(found.documentation)
    if rules.gate is not None:
        rules.gate.prepare(input_bytes(source.name for source in sources if not source.is_stdin))
    read_options = ReadOptions(kind=options.kind, labels=options.labels(), **options.reader)
    for source in sources:
        sessions = read_sessions(source, read_options)  # many, for a tabular archive: reported as they come
        while True:
            try:
                session = next(sessions, None)
                if session is None:
                    break
                report = analyze_session(session, rules)
                if options.redact_names is not None:
                    from rupturecli.privacy.redaction import redact_report  # loaded only to redact
                    report = redact_report(report, set(options.redact_names))
            except InputError as error:
                on_error(error)
                break
            except RuptureError:
                raise
            except Exception as error:  # a bug on one input must not end the batch, nor quote its text
                log_internal_error(source.name, error)
                on_error(InputError(internal_error_message(error), source.name))
                break
            yield report
