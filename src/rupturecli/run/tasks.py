"""Analyse many inputs in parallel, streaming plain results: the engine of research mode.

Workers get a picklable RuleSpec and compile the rule packs once per process. Each input becomes a
SourceResult of plain dicts (picklable, JSON-ready), keyed for resuming by path, content hash,
rule-set hash and tool version. The same task function runs under Dask (see dask_engine.py).
"""

from __future__ import annotations

import ctypes
import hashlib
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupturecli import __version__, startup
from rupturecli.analysis.report import SessionReport
from rupturecli.diagnostics import internal_error_message, log_internal_error
from rupturecli.errors import InputError, RuptureError, redact_shown_paths
from rupturecli.model import DEFAULT_MODEL, MoveModel, load_model
from rupturecli.parsing.inputs import Source, input_bytes
from rupturecli.rules.compiled import RuleSet, build_rule_set
from rupturecli.rules.loader import default_rules_dir, pack_files
from rupturecli.rules.selection import Selection
from rupturecli.run.loop import reports_of
from rupturecli.run.options import RunOptions


@dataclass(frozen=True)
class RuleSpec:
    """How to build the rule set: picklable, so each worker can compile it once."""

    paths: tuple[str, ...] = ()
    replace_defaults: bool = False
    selection: Selection = field(default_factory=Selection)
    model: str | None = DEFAULT_MODEL  # a model folder, DEFAULT_MODEL for the shipped one, None for rules only

    def build(self) -> RuleSet:
        rule_set = build_rule_set([Path(path) for path in self.paths], self.replace_defaults, self.selection)
        return rule_set.with_model(self.load_model())

    def load_model(self) -> MoveModel | None:
        if self.model is None:
            return None
        return load_model(None if self.model == DEFAULT_MODEL else self.model)

    def fingerprint(self) -> str:
        """Changes whenever a rule file or the selection changes: finished work is then redone."""
        digest = hashlib.sha256(repr(self.selection).encode())
        locations = ([] if self.replace_defaults else [default_rules_dir()]) + [Path(path) for path in self.paths]
        for location in locations:
            for path in pack_files(location):
                digest.update(str(path.name).encode())
                digest.update(path.read_bytes())
        model = self.load_model()
        digest.update(model.fingerprint.encode() if model is not None else b"no model")
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SourceResult:
    """What one input produced: its records (one per session) or the one-line errors."""

    source: str
    key: str
    records: tuple[dict[str, Any], ...] = ()
    utterances: tuple[tuple[dict[str, Any], ...], ...] = ()
    errors: tuple[str, ...] = ()


_RULES: dict[RuleSpec, RuleSet] = {}
# A parallel run this large, gated by literals alone, compiles every pattern once before the workers fork: each
# worker would otherwise compile most of them itself. Behind hyperscan a worker compiles a fifth of them (about
# 190 of 930 in 6 MB), so there each compiles its own: compiling all in the parent cost -j 2 4% more CPU.
PRECOMPILE_FROM_BYTES = 1_000_000


def rules_for(spec: RuleSpec) -> RuleSet:
    """The rule set of `spec`, compiled once per process (with the pattern gate's database if one is cached)."""
    if spec not in _RULES:
        rule_set = _RULES[spec] = spec.build()
        if rule_set.gate is not None:
            rule_set.gate.prepare()
    return _RULES[spec]


def remember_rules(spec: RuleSpec, rule_set: RuleSet) -> None:
    """The rule set the command already compiled: in-process and forked workers need not compile it again."""
    _RULES[spec] = rule_set


def content_hash(source: str) -> str:
    if source == "-":
        return "stdin"
    if not Path(source).is_file():  # a pipe or device: opening it could block, reading it never end
        raise OSError(f"not a regular file: {source}")
    digest = hashlib.sha256()
    with open(source, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:20]


def resume_key(source: str, rules_fingerprint: str) -> str:
    try:
        digest = content_hash(source)
    except OSError:
        digest = "unreadable"
    return f"{source}\t{digest}\t{rules_fingerprint}\t{__version__}"


def utterance_rows(report: SessionReport) -> tuple[dict[str, Any], ...]:
    """Each turn with the rupture findings that cite it: the ConvoKit view of a session."""
    findings: dict[int, list[dict[str, Any]]] = {}
    session = report.session
    group = session.is_group
    for number, item in enumerate(report.episodes, start=1):
        for hit in item.episode.hits:
            findings.setdefault(hit.turn, []).append(
                {"marker": hit.marker_id, "name": hit.name, "episode": number, "type": item.episode.type,
                 "significance": item.episode.significance, "evidence_only": hit.evidence_only,
                 **({"target": hit.target} if group else {})})
        for strategy in item.repair.strategies:
            findings.setdefault(strategy.turn, []).append(
                {"strategy": strategy.strategy_id, "episode": number, "type": item.episode.type,
                 **({"by": strategy.by} if group else {})})
    # in a group each member and therapist is their own ConvoKit speaker; with one client, the two roles
    return tuple({"turn": turn.index, "line": turn.line, "speaker": turn.speaker, "label": turn.label,
                  **({"who": session.speaker_of(turn)} if group and turn.speaker != "unknown" else {}),
                  "text": turn.text, "findings": findings.get(turn.index, [])}
                 for turn in session.turns)


def analyze_source(source: str, spec: RuleSpec, options: RunOptions, rules_fingerprint: str,
                   with_utterances: bool = False) -> SourceResult:
    """The task: one input through the loop (run/loop.py), as plain records. Never raises for bad input."""
    redact_shown_paths(options.path_redactor())  # a worker process (spawned, Dask) shows paths as the run does
    key = resume_key(source, rules_fingerprint)
    records: list[dict[str, Any]] = []
    utterances: list[tuple[dict[str, Any], ...]] = []
    try:
        for report in reports_of(Source(source), rules_for(spec), options):
            records.append(report.to_dict())
            if with_utterances:
                utterances.append(utterance_rows(report))
    except InputError as error:
        return SourceResult(source, key, tuple(records), tuple(utterances), (str(error),))
    except RuptureError:
        raise
    except Exception as error:  # a bug while writing out one input's records must not end the batch
        log_internal_error(source, error)
        error_text = str(InputError(internal_error_message(error), source))
        return SourceResult(source, key, tuple(records), tuple(utterances), (error_text,))
    return SourceResult(source, key, tuple(records), tuple(utterances))


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, and die with it (Linux) instead of erroring into a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _task(arguments: tuple[str, RuleSpec, RunOptions, str, bool]) -> SourceResult:
    return analyze_source(*arguments)


MAX_CHUNK = 8  # inputs handed to a worker at a time: each hand-over costs the parent about half a millisecond


def chunk_size(inputs: int, jobs: int) -> int:
    """Inputs per hand-over: several for a long run (a -j 2 run of 717 files spent 0.4 s of CPU handing them
    over one by one, 8% of the work), one for a short run, so that no worker is left idle at its end."""
    return max(1, min(MAX_CHUNK, inputs // (jobs * MAX_CHUNK)))


def run_local(sources: Iterable[str], spec: RuleSpec, options: RunOptions, rules_fingerprint: str, jobs: int,
              with_utterances: bool = False) -> Iterator[SourceResult]:
    """Results as inputs finish (in input order with one job): a slow input does not hold back the rest."""
    sources = list(sources)
    rules = rules_for(spec)
    run_bytes = input_bytes(sources)
    if rules.gate is not None:
        rules.gate.prepare(run_bytes)  # before the workers fork: they share what it builds
    if rules.model is not None:
        rules.model.prepare(run_bytes)
    if jobs > 1 and run_bytes >= PRECOMPILE_FROM_BYTES and not (rules.gate is not None and rules.gate.scanning):
        rules.compile_patterns()
    startup.settle()  # before the workers fork: they share, and never collect, what was loaded
    tasks = ((source, spec, options, rules_fingerprint, with_utterances) for source in sources)
    if jobs <= 1:
        for task in tasks:
            yield _task(task)
        return
    import multiprocessing  # only a run with workers needs it

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(processes=jobs, initializer=_worker_init) as pool:
        try:
            yield from pool.imap_unordered(_task, tasks, chunksize=chunk_size(len(sources), jobs))
        except BaseException:
            pool.terminate()
            raise
