"""Findings: one rupture episode as a CI check sees it (location, rule id, level, message, fingerprint).

A finding carries no client words unless `--include-quotes` asked for them, so every CI format is
private by default. Its fingerprint depends on what the episode is and where the file lives, never on
line numbers, so a baseline survives lines being added or moved.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from rupturecli.analysis.report import EpisodeReport, SessionReport, episode_confidence, strongest_hit
from rupturecli.detect.contribution import MoveHit, chosen_move
from rupturecli.errors import RuptureError
from rupturecli.printable import printable

Level = Literal["error", "warning"]
FINGERPRINT_KEY = "ruptureEpisode/v1"
STDIN_NAME = "<stdin>"
RATE_RULE_ID = "TC-RATE"  # the file's straining moves in every therapist turn (`--max-straining-rate`)
RATE_RULE_NAME = "straining moves in every therapist turn"
REPAIR_WORDS = {"resolved": "repair resolved", "attempted": "repair attempted", "unaddressed": "unaddressed"}


@dataclass(frozen=True)
class Evidence:
    """A marker's quoted words: only ever filled in with --include-quotes."""

    marker_id: str
    line: int
    quote: str


@dataclass(frozen=True)
class Finding:
    """One episode, located at its first rupture marker (column 1: markers are turn-level)."""

    path: str  # as given on the command line
    uri: str  # relative to the git root (else the cwd), forward slashes
    line: int
    column: int
    rule_id: str
    rule_name: str
    episode: int  # 1-based number of the episode within its file
    type: str
    mixed: bool
    significance: int
    repair: str
    next_step: str
    suggestion: str
    marker_ids: tuple[str, ...]
    fingerprint: str
    level: Level = "warning"
    note: str = ""
    quotes: tuple[Evidence, ...] = ()
    turn: int = 0  # the turn (sentence, for notes) of its first rupture marker; 0 when unknown
    found_by: str = ""  # "a rule, strong" or "the learned model, moderate (0.64)"
    contribution: str = ""  # a therapist-move finding: "clear" or "possible"; "" for a rupture episode
    feedback: str = ""  # a therapist-move finding's message, written as a supervisor would
    rate: float | None = None  # a straining-moves finding: the file's straining moves per 100 therapist turns
    real_uri: str = ""  # `uri` as the file system holds the name (a newline, bytes not UTF-8); "": the same

    @property
    def location(self) -> str:
        """The repo-relative path of the file itself, for the formats that must find it (SARIF, GitHub)."""
        return self.real_uri or self.uri

    @property
    def is_episode(self) -> bool:
        """A rupture episode (not a therapist-move finding, nor the file's straining moves)."""
        return not self.contribution and self.rate is None

    @property
    def title(self) -> str:
        return f"{self.rule_id} {self.rule_name}"

    @property
    def message(self) -> str:
        """What was found and what to do next; quotes only when they were asked for."""
        if not self.is_episode:
            text = self.feedback + (f" {self.note}." if self.note else "")
            if self.quotes:
                text += " Evidence: " + "; ".join(f'line {item.line}: "{item.quote}"' for item in self.quotes)
            return text
        mixed = ", mixed" if self.mixed else ""
        text = (f"{self.type.capitalize()} rupture{mixed} (markers {', '.join(self.marker_ids)}), "
                f"significance {self.significance}/5, {REPAIR_WORDS.get(self.repair, self.repair)}. "
                f"Next step: {self.next_step}")
        if self.found_by:
            text = text.replace(". Next step:", f"; found by {self.found_by}. Next step:", 1)
        if self.suggestion:
            text += f" Suggested: {self.suggestion}."
        if self.note:
            text += f" {self.note}."
        if self.quotes:
            text += " Evidence: " + "; ".join(f'{item.marker_id} line {item.line}: "{item.quote}"'
                                             for item in self.quotes)
        return text


@dataclass(frozen=True)
class FileFindings:
    """Every finding of one checked file (none for a clean file), in file order."""

    path: str
    uri: str
    findings: tuple[Finding, ...]
    real_uri: str = ""  # as Finding.real_uri

    @property
    def location(self) -> str:
        return self.real_uri or self.uri


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be checked, for the CI reports that must not look green without it: where
    (repo-relative, as findings are) and the one-line error, which never quotes note text."""

    uri: str  # "" when the error names no file
    message: str  # the error without its path: "line 4: unknown key 'speeker'" or "empty file: nothing to analyse"


def input_problem(error: RuptureError, redact_names: list[str] | None = None) -> InputProblem:
    """The problem of one input error; with --redact, its path is redacted as findings' paths are."""
    uri = repo_relative(error.path) if error.path else ""
    if uri and redact_names is not None:
        from rupturecli.privacy.redact import redact_path

        uri = redact_path(uri, redact_names)
    where = f"line {error.line}: " if error.line is not None else ""
    return InputProblem(uri, printable(where + error.message))


def git_root(start: Path) -> Path | None:
    """The closest folder holding `.git` (a folder, or a file for worktrees), walking up."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_relative(file: str, cwd: Path | None = None) -> str:
    """The path CI tools expect: relative to the git root if inside one, else to the cwd, with '/'."""
    if file in ("-", STDIN_NAME):
        return STDIN_NAME
    path = Path(file).resolve()
    base = Path(cwd or Path.cwd()).resolve()
    for root in (git_root(path.parent), base):
        if root is None:
            continue
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    # outside the repository and the working folder: a stable id, not this machine's folders
    digest = hashlib.sha256(path.parent.as_posix().encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"external-{digest}/{path.name}"


def episode_fingerprint(rule_id: str, uri: str, episode_type: str, marker_ids: tuple[str, ...],
                        occurrence: int) -> str:
    """Stable across moved lines: rule, file, type, the set of marker ids, and which repeat of these it is."""
    markers = hashlib.sha256(",".join(sorted({item.upper() for item in marker_ids})).encode()).hexdigest()
    key = "\x1f".join((FINGERPRINT_KEY, rule_id, uri, episode_type, markers, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _found_by(episode: Any, rule_id: str) -> str:
    """How sure the episode is, from its surest finding; named when that is not the finding's own marker."""
    best = strongest_hit(episode)
    text = episode_confidence(episode)
    return text if best.marker_id == rule_id else f"{text} ({best.marker_id})"


def _move_found_by(move: MoveHit) -> str:
    """How the therapist's move was found (not the rupture after it): a rule's wording, or the move head's reading."""
    if move.source == "model" and move.score is not None:
        return f"the learned move head ({move.strength} move, {move.score:.2f})"
    return f"a rule ({move.strength} move)"


def _rule_marker(item: EpisodeReport) -> tuple[str, str, int, int]:
    """The dominant marker: the first rupture (not evidence-only) marker of the episode's own type;
    and the line and turn of the episode's first rupture marker."""
    hits = [hit for hit in item.episode.hits if not hit.evidence_only] or list(item.episode.hits)
    chosen = next((hit for hit in hits if hit.rupture == item.episode.type), hits[0])
    first = min(hits, key=lambda hit: (hit.line, hit.turn))
    return chosen.marker_id, chosen.name, first.line, first.turn


def _unit(report: SessionReport) -> str:
    return "sentence" if report.session.kind == "notes" else "turn"


def contribution_feedback(item: EpisodeReport, unit: str) -> str:
    """A supervisor's note on the therapist's part: names the move, never the person; cites the reference."""
    side = item.therapist
    if side is None or side.contribution == "none":
        return ""
    move = _chosen_move(item)
    reply = _reply(item, move)
    certainty = "came right before" if side.contribution == "clear" else "may have contributed to"
    text = (f"{unit.capitalize()} {move.turn}: {move.feedback} {certainty} the client's "
            f"{item.episode.type} ({reply.name if reply else item.episode.type}) at {unit} "
            f"{reply.turn if reply else item.episode.start_turn}; consider instead: {move.instead}.")
    if side.after:
        later = side.after[0]
        text += (f" The rupture was then met with more of the same at {unit} {later.turn} ({later.name}) "
                 "before any repair.")
    return text + f" See: {move.reference or 'the 3RS manual on therapist contribution'}."


def _reply(item: EpisodeReport, move: MoveHit) -> Any:
    """The client's marker the move came before: the first rupture marker at or after the move's turn (a move
    credited to a firm pushback after a weak opening finding names the pushback), else the episode's first."""
    hits = [hit for hit in item.episode.hits if not hit.evidence_only]
    later = [hit for hit in hits if hit.turn >= move.turn]
    if later:
        return min(later, key=lambda hit: (hit.turn, hit.line))
    return hits[0] if hits else None


def _chosen_move(item: EpisodeReport) -> MoveHit:
    """The move the feedback is about (`chosen_move`), as every report names it."""
    side = item.therapist
    assert side is not None and side.before
    return chosen_move(side.before)


def build_findings(report: SessionReport, include_quotes: bool = False, cwd: Path | None = None) -> FileFindings:
    """One finding per episode of a finished report, all at warning level until thresholds apply, plus one
    at the therapist's turn for each episode the therapist's move contributed to."""
    uri = repo_relative(report.session.file, cwd)
    real_uri = repo_relative(report.session.path, cwd) if report.session.path else ""
    seen: Counter[tuple[str, str, tuple[str, ...]]] = Counter()
    findings = []
    for number, item in enumerate(report.episodes, start=1):
        episode = item.episode
        rule_id, rule_name, line, turn = _rule_marker(item)
        rupture_ids = tuple(sorted({hit.marker_id for hit in episode.hits if not hit.evidence_only}))
        key = (rule_id, episode.type, rupture_ids)
        occurrence = seen[key]
        seen[key] += 1
        suggested = item.stage.suggested[0] if item.stage.suggested else None
        quotes = tuple(Evidence(hit.marker_id, hit.line, hit.quote) for hit in episode.hits) if include_quotes else ()
        findings.append(Finding(
            path=report.session.file, uri=uri, line=line, column=1, rule_id=rule_id, rule_name=rule_name,
            episode=number, type=episode.type, mixed=episode.mixed, significance=episode.significance,
            repair=item.repair.status, next_step=item.stage.next_step,
            suggestion=f"{suggested.id} ({suggested.name})" if suggested else "",
            marker_ids=tuple(episode.marker_ids),
            fingerprint=episode_fingerprint(rule_id, uri, episode.type, rupture_ids, occurrence),
            quotes=quotes, turn=turn, found_by=_found_by(episode, rule_id), real_uri=real_uri,
        ))
        side = item.therapist
        if side is not None and side.contribution != "none":
            chosen = _chosen_move(item)
            move_key = (chosen.move_id, episode.type, rupture_ids)
            move_occurrence = seen[move_key]
            seen[move_key] += 1
            move_quotes = (Evidence(chosen.move_id, chosen.line, chosen.quote),) if include_quotes else ()
            reply = _reply(item, chosen)
            findings.append(replace(
                findings[-1], turn=reply.turn if reply else turn, line=chosen.line, rule_id=chosen.move_id,
                rule_name=chosen.name,
                marker_ids=tuple(dict.fromkeys(hit.move_id for hit in side.before)), suggestion="",
                next_step=chosen.instead, quotes=move_quotes, contribution=side.contribution,
                feedback=contribution_feedback(item, _unit(report)), found_by=_move_found_by(chosen),
                fingerprint=episode_fingerprint(chosen.move_id, uri, episode.type, rupture_ids, move_occurrence),
            ))
    straining = straining_finding(report, uri)
    if straining is not None:
        findings.append(replace(straining, real_uri=real_uri))
    findings.sort(key=lambda finding: finding.line)  # a therapist's move sits before the client's reply
    return FileFindings(report.session.file, uri, tuple(findings), real_uri)


def straining_finding(report: SessionReport, uri: str) -> Finding | None:
    """The file's straining moves in every therapist turn, when the run read them (`--max-straining-rate`): one
    finding at the first of them, named by the most frequent move, with the rate a supervisor would read."""
    straining = report.straining
    rate = straining.per_100_therapist_turns if straining is not None else None
    if straining is None or rate is None or not straining.first:
        return None
    first = min(straining.first, key=lambda move: move.turn)
    most = max(straining.leads.values())  # turns counted by the move the reports name them by
    leaders = [move for move in straining.first if straining.leads.get(move.move_id, 0) == most]
    top = leaders[0] if len(leaders) == 1 else first  # a tie names no move the most frequent
    listed = ", ".join(f"{move_id} {count}" for move_id, count in straining.by_move.items())
    frequent = f"; the most frequent is {top.name}" if len(leaders) == 1 else ""
    feedback = (f"Straining moves in {rate:g} of every 100 therapist turns of this transcript (turns showing each: "
                f"{listed}), the first at turn {first.turn} ({first.name}){frequent}: consider "
                f"instead: {top.instead}. See: {top.reference or 'the 3RS manual on therapist contribution'}.")
    return Finding(path=report.session.file, uri=uri, line=first.line, column=1, rule_id=RATE_RULE_ID,
                   rule_name=RATE_RULE_NAME, episode=0, type="", mixed=False, significance=0, repair="",
                   next_step=top.instead, suggestion="", marker_ids=tuple(straining.by_move),
                   fingerprint=episode_fingerprint(RATE_RULE_ID, uri, "straining-moves", (), 0), turn=first.turn,
                   feedback=feedback, rate=rate)


def with_level(finding: Finding, level: Level, note: str = "") -> Finding:
    return replace(finding, level=level, note=note or finding.note)


__all__ = ["FINGERPRINT_KEY", "RATE_RULE_ID", "RATE_RULE_NAME", "Evidence", "FileFindings", "Finding", "InputProblem",
           "Level", "build_findings", "input_problem",
           "episode_fingerprint", "repo_relative", "with_level"]
