"""`rupture train`: a move model from your own coded transcripts and notes, for `--model DIR`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from rupturecli import __version__
from rupturecli.commands.common import error_line
from rupturecli.errors import EXIT_ERROR, EXIT_OK, RuptureError
from rupturecli.printable import printable


def train(
    config_file: Annotated[Optional[Path], typer.Argument(
        metavar="CONFIG",
        help="A training config (TOML): the coded sets and settings. Without it, give --codes and --transcripts.",
        show_default=False)] = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", help="The model folder to write.")] = Path("model"),
    codes: Annotated[Optional[Path], typer.Option(
        metavar="PATH",
        help="Codes: a human-codes CSV (file,turn,label[,marker]), a gold.json, or a coder folder.")] = None,
    transcripts: Annotated[Optional[Path], typer.Option(
        metavar="DIR", help="The folder of the transcripts the codes code.")] = None,
    coders: Annotated[Optional[list[Path]], typer.Option(
        metavar="DIR", help="Coder folders (CODING.md JSON files): markers and repairs by turn; repeatable.")] = None,
    notes: Annotated[Optional[list[Path]], typer.Option(
        metavar="FILE", help="Coded narrative notes (YAML, as training/notes/ holds them); repeatable.")] = None,
    folds: Annotated[Optional[int], typer.Option(
        metavar="N", min=2, max=20, show_default="5",
        help="Cross-validation folds (2-20; at most one per coded session; a config's own when not given).")] = None,
    seed: Annotated[Optional[int], typer.Option(metavar="N", show_default="13", help="Seed of the fold "
                                                "assignment (a config's own when not given).")] = None,
    rule_examples: Annotated[bool, typer.Option(
        "--rule-examples/--no-rule-examples", help="Learn from the rule packs' match examples too.")] = True,
    report_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="How to print the cross-validation report: text or json.")] = "text",
) -> None:
    """Train the move model from coded sessions and write it to a folder (use it with --model DIR).

    Everything is cross-validated by session: the report's figures come from models that never saw the
    session they score, and the thresholds are the ones that did best there. Needs scikit-learn
    (pip install 'rupturecli[train]'). Exit codes: 0 written; 2 usage, config or input error.
    """
    from rupturecli.model.config import NoteSet, TrainConfig, TranscriptSet, load_config
    from rupturecli.model.store import save_model
    from rupturecli.model.training.corpus import load_corpus
    from rupturecli.model.training.train import train_model
    from rupturecli.rules.compiled import build_rule_set

    if report_format not in ("text", "json"):
        error_line(f"--format must be text or json, not {report_format!r}")
        raise typer.Exit(EXIT_ERROR)
    try:
        if config_file is not None:
            config = load_config(config_file)
        elif codes is not None and transcripts is not None:
            config = TrainConfig(name=codes.stem, transcripts=[TranscriptSet(
                name=codes.stem, codes=codes, transcripts=transcripts, coders=list(coders or []))],
                notes=[NoteSet(name=path.stem, files=[str(path)]) for path in notes or []])
        else:
            error_line("give a training config, or --codes and --transcripts")
            raise typer.Exit(EXIT_ERROR)
        updates: dict[str, Any] = {"rule_examples": rule_examples}
        if folds is not None:
            updates["folds"] = folds
        if seed is not None:
            updates["seed"] = seed
        config = config.model_copy(update=updates)
        replacing = _check_output_folder(output, config)
        rules = build_rule_set()
        corpus = load_corpus(config, rules)
        for warning in corpus.warnings:
            sys.stderr.write(f"rupture: warning: {printable(warning)}\n")
        config = _clamp_folds(config, corpus)
        try:
            result = train_model(corpus, config, rules)
        except (ValueError, IndexError) as error:  # a case the checks before fitting do not foresee
            detail = " ".join(str(error).split())[:160]
            raise RuptureError(f"cannot train on this data ({type(error).__name__}: {detail})") from None
        description = {"name": config.name, "trained_by": f"rupturecli {__version__}",
                       "config": config.described(), "report": result.report}
        save_model(output, result.heads, result.thresholds, description)
        if replacing:
            sys.stderr.write(f"rupture: note: {printable(str(output))}: replaced the model that was there\n")
    except RuptureError as error:
        error_line(error)
        raise typer.Exit(EXIT_ERROR) from None
    if report_format == "json":
        sys.stdout.write(json.dumps(result.report, indent=2) + "\n")
    else:
        _print_report(result.report, output)
    raise typer.Exit(EXIT_OK)


def _check_output_folder(output: Path, config: Any) -> bool:
    """Refuse, before any training (an hour on a large corpus), an -o that is a file, one of the inputs, a folder
    holding other files, or one that cannot be written. True when an earlier model there will be replaced."""
    from rupturecli.model.store import MODEL_FILE, WEIGHTS_FILE

    if output.exists() and not output.is_dir():
        raise RuptureError("exists and is not a folder (a model is a folder); give another -o", output)
    inputs = [path for item in config.transcripts for path in (item.transcripts, item.codes) if path is not None]
    resolved = output.resolve()
    for path in inputs:
        if Path(path).resolve() == resolved:
            raise RuptureError("names a folder of the training data; write the model elsewhere", output)
    if not output.is_dir():
        _probe(_nearest_folder(output), output)
        return False
    try:
        names = sorted(item.name for item in output.iterdir())
    except OSError as error:
        raise RuptureError(f"cannot read the folder ({error.strerror or type(error).__name__})", output) from None
    # hidden files (.gitkeep, .DS_Store, a killed write's leftovers) are no "other files": they stay beside the model
    others = [name for name in names if name not in (MODEL_FILE, WEIGHTS_FILE) and not name.startswith(".")]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise RuptureError(f"holds other files ({shown}), not a model: a model is written to a new or empty folder "
                           "or over an earlier model; give another -o", output)
    _probe(output, output)
    return MODEL_FILE in names or WEIGHTS_FILE in names


def _nearest_folder(output: Path) -> Path:
    """The folder `-o` would be made in: its nearest ancestor that exists (which must be a folder)."""
    for parent in Path(os.path.abspath(output)).parents:
        if parent.exists():
            if not parent.is_dir():
                raise RuptureError(f"cannot make the model folder: {parent} is a file", output)
            return parent
    return Path("/")


def _probe(folder: Path, output: Path) -> None:
    """Write and remove a hidden file in `folder`: permissions, a read-only disk and ACLs all answer it."""
    try:
        handle, name = tempfile.mkstemp(prefix=".rupture-train.", suffix=".tmp", dir=folder)
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise RuptureError(f"cannot write the model here ({error.strerror or type(error).__name__} in {folder}); "
                           "give another -o", output) from None


def _clamp_folds(config: Any, corpus: Any) -> Any:
    """More folds than coded sessions leaves folds with no session of your own: one fold per session instead."""
    own = {item.group for item in corpus.transcripts if item.set_name != "rule-examples" and item.client} | \
          {note.group for note in corpus.notes if note.set_name != "rule-examples"}
    if 2 <= len(own) < config.folds:
        sys.stderr.write(f"rupture: note: {config.folds} folds for {len(own)} coded sessions: using {len(own)} "
                         "folds (one session held out in each)\n")
        return config.model_copy(update={"folds": len(own)})
    return config


def _figures(figures: dict[str, Any]) -> list[str]:
    return [f"{figures.get('precision', 0):.2f}", f"{figures.get('recall', 0):.2f}", f"{figures.get('f1', 0):.2f}",
            str(figures.get("positives", 0))]


def _print_report(report: dict[str, Any], output: Path) -> None:
    console = Console(stderr=False, highlight=False)
    corpus = Table(title="Training data", title_justify="left", header_style="bold", box=None)
    for column in ("set", "sessions", "notes", "client turns", "ruptures", "strategy turns"):
        corpus.add_column(column, justify="right" if column != "set" else "left")
    for name, counts in report["corpus"].items():
        ruptures = sum(value for key, value in counts.items() if key in ("client withdrawal", "client confrontation",
                                                                          "client rupture"))
        turns = ruptures + counts.get("client none", 0)
        corpus.add_row(name, str(counts.get("sessions", 0)), str(counts.get("notes", 0)), str(turns),
                       str(ruptures or counts.get("rupture sentences", 0)), str(counts.get("strategy turns", 0)))
    console.print(corpus)
    figures = Table(title=f"Cross-validated by session ({report['folds']} folds)", title_justify="left",
                    header_style="bold", box=None)
    for column in ("what", "threshold", "precision", "recall", "F1", "positives"):
        figures.add_column(column, justify="right" if column != "what" else "left")
    client = report["client_turns"]
    figures.add_row("client rupture turns (real sessions)", f"{client['threshold']:.2f}",
                    *_figures(client["cross_validated"]))
    for name, values in client["by_set"].items():
        figures.add_row(f"  {name}", "", *_figures(values))
    strategies = report["strategies"]
    figures.add_row("therapist strategies", f"{strategies['threshold']:.2f}",
                    *_figures(strategies["cross_validated"]))
    if "notes_sentences" in report:
        notes = report["notes_sentences"]
        figures.add_row("notes: rupture sentences", f"{notes['threshold']:.2f}", *_figures(notes["cross_validated"]))
        figures.add_row("notes: strategy sentences", f"{notes['strategies']['threshold']:.2f}",
                        *_figures(notes["strategies"]["cross_validated"]))
    console.print(figures)
    console.print(f"model written to {output} (use it with: rupture analyze --model {output} ...)")


__all__ = ["train"]
