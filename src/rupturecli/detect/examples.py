"""Run the examples written inside rule files, as semgrep and sqlfluff do for their rules.

An example is a client line ("I don't know."), a two-turn exchange ("T: ...\\nC: ..."; the marker
is judged on the last client turn) or narrative notes ("NOTE: ..."). A therapist move's example is a
therapist line, or an exchange judged on its last therapist turn. `match` examples must fire,
`no_match` must not, `todo` are known gaps: reported, never failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rupturecli.detect.contribution import MoveScan
from rupturecli.detect.engine import detect
from rupturecli.errors import RuleError
from rupturecli.group.targets import assign_targets, rule_applies
from rupturecli.parsing.labels import SpeakerLabels, split_label
from rupturecli.parsing.members import therapist_like
from rupturecli.parsing.notes import parse_notes
from rupturecli.parsing.transcript import parse_transcript
from rupturecli.rules.compiled import RuleSet, first_match
from rupturecli.session import Session, Turn
from rupturecli.textutil import normalise

ExampleKind = Literal["match", "no_match", "todo"]
NOTE_PREFIX = "NOTE:"


@dataclass(frozen=True)
class ExampleResult:
    item_id: str
    kind: ExampleKind
    text: str
    fired: bool
    file: str
    line: int
    skipped: bool = False  # a deprecated marker's: it never runs, so its examples are not tried

    @property
    def passed(self) -> bool:
        """todo examples never fail, nor do a deprecated marker's; the others must do what they say."""
        if self.kind == "todo" or self.skipped:
            return True
        return self.fired == (self.kind == "match")

    def describe(self) -> str:
        first_line = self.text.strip().splitlines()[-1] if self.text.strip() else ""
        if self.skipped:
            verdict = f"{self.kind} example skipped (the marker is deprecated and never runs)"
        elif self.kind == "match":
            verdict = "matched" if self.fired else "missed: should match but did not"
        elif self.kind == "no_match":
            verdict = "correctly silent" if not self.fired else "unexpected hit: should not match"
        else:
            verdict = "todo, now matches (promote it to match)" if self.fired else "todo (known gap)"
        return f"{self.file}:{self.line}: {self.item_id} {verdict}: {first_line!r}"


def example_session(text: str, speaker: str = "client") -> tuple[Session, int | None]:
    """The session an example describes, and the turn the item is judged on (None: any).

    `speaker`: whose line an unprefixed example is, and whose last turn is judged."""
    stripped = text.strip()
    if stripped.upper().startswith(NOTE_PREFIX):
        return parse_notes(stripped[len(NOTE_PREFIX):].strip(), "<example>"), None
    lines = [line for line in stripped.splitlines() if line.strip()]
    labels = {parts[0].strip().upper() for line in lines if (parts := split_label(line))}
    if len(lines) >= 2 and all(split_label(line) for line in lines) and labels - {"T", "C"}:
        # a group exchange, "Leader: ...\nAna: ...\nMarco: ...": therapist-like labels are the therapists, the
        # others the members (declared, so that a member with one line is one too)
        names = list(dict.fromkeys(parts[0].strip() for line in lines if (parts := split_label(line))))
        members = [name for name in names if not therapist_like(name)]
        therapists = [name for name in names if therapist_like(name)]
        header = [f"# members: {', '.join(members)}", f"# therapists: {', '.join(therapists)}"]
        session = parse_transcript("\n".join(header + lines), "<example>", SpeakerLabels())
    elif any(line.lstrip()[:2].upper() in ("T:", "C:") for line in lines):
        session = parse_transcript("\n".join(lines), "<example>", SpeakerLabels())
    else:
        turn = Turn(index=1, speaker=speaker, text=" ".join(lines), line=1)  # type: ignore[arg-type]
        session = Session(file="<example>", kind="transcript", turns=(turn,))
    judged = [turn.index for turn in session.turns if turn.speaker == speaker]
    return session, (judged[-1] if judged else None)


def _move_fires(item_id: str, text: str, rules: RuleSet) -> bool:
    session, judged_turn = example_session(text, speaker="therapist")
    scan = MoveScan(session, rules)
    turns = [judged_turn] if judged_turn is not None and session.kind == "transcript" else \
        [turn.index for turn in session.turns]
    return any(hit.move_id == item_id for index in turns for hit in scan.at(index))


def _fires(item_id: str, text: str, rules: RuleSet, is_strategy: bool) -> bool:
    if item_id in rules.loaded.moves:
        return _move_fires(item_id, text, rules)
    session, judged_turn = example_session(text)
    detection = assign_targets(detect(session, rules), session, rules)
    if is_strategy:
        turns = {hit.turn for hit in detection.strategies if hit.strategy_id == item_id}
        return bool(turns)
    turns = {hit.turn for hit in detection.hits if hit.marker_id == item_id}
    if judged_turn is None or session.kind == "notes":
        return bool(turns)
    return judged_turn in turns


def _check_judged_turn(text: str, speaker: str, file: str, line: int) -> None:
    """An exchange with no turn of the speaker it is judged on can neither match nor fail: an error, not a pass."""
    session, judged_turn = example_session(text, speaker)
    if session.kind == "transcript" and judged_turn is None:
        prefix = "T" if speaker == "therapist" else "C"
        raise RuleError(f"example has no {speaker} turn to judge: add a '{prefix}: ...' line (or write 'NOTE: ...' "
                        "for notes)", file, line)


def run_examples(rules: RuleSet, only_files: set[str] | None = None,
                 only_ids: set[str] | None = None) -> list[ExampleResult]:
    """Every example of every marker, strategy and therapist move (optionally of some files or ids)."""
    results: list[ExampleResult] = []
    loaded = rules.loaded
    if only_files is not None:
        only_files = {str(Path(file).resolve()) for file in only_files}
    items = [("markers", marker.id, marker.examples) for marker in loaded.markers.values()]
    items += [("strategies", strategy.id, strategy.examples) for strategy in loaded.strategies.values()]
    items += [("moves", move.id, move.examples) for move in loaded.moves.values()]
    for kind_of_item, item_id, examples in items:
        is_strategy = kind_of_item == "strategies"
        deprecated = kind_of_item == "markers" and loaded.markers[item_id].status == "deprecated"
        file = loaded.where(kind_of_item, item_id)[0]
        if only_files is not None and not _among(file, only_files):
            continue
        if only_ids is not None and item_id not in only_ids:
            continue
        for kind in ("match", "no_match", "todo"):
            for index, text in enumerate(getattr(examples, kind)):
                line = loaded.where(kind_of_item, item_id, "examples", kind, index)[1]
                if not is_strategy and kind != "no_match":  # "the therapist saying it is no marker" is a fair no_match
                    _check_judged_turn(text, "therapist" if kind_of_item == "moves" else "client", file, line)
                fired = not deprecated and _fires(item_id, text, rules, is_strategy)
                results.append(ExampleResult(item_id, kind, text, fired, file, line,  # type: ignore[arg-type]
                                             skipped=deprecated))
    return results + _group_examples(rules, only_files, only_ids)


def _among(file: str, only_files: set[str]) -> bool:
    """Whether a rule's file is one of `only_files` (resolved paths: a pack named relative in one place and
    absolute in another is one file)."""
    return str(Path(file).resolve()) in only_files


def _group_examples(rules: RuleSet, only_files: set[str] | None, only_ids: set[str] | None) -> list[ExampleResult]:
    """The examples of the group pack's target rules (does the rule hold for the last member's turn?) and
    member repairs (does the move show in the last member's turn?)."""
    group = rules.group
    if group is None:
        return []
    loaded = rules.loaded
    file = loaded.section_where("group")[0]
    if only_files is not None and not _among(file, only_files):
        return []
    items = [(f"target:{rule.rule.id}", ("targets", position), rule) for position, rule in enumerate(group.targets)]
    items += [(repair.repair.id, ("member_repairs", position), repair)
              for position, repair in enumerate(group.repairs)]
    results = []
    for item_id, path, compiled in items:
        if only_ids is not None and item_id not in only_ids and item_id.removeprefix("target:") not in only_ids:
            continue
        examples = compiled.rule.examples if hasattr(compiled, "rule") else compiled.repair.examples
        for kind in ("match", "no_match", "todo"):
            for index, text in enumerate(getattr(examples, kind)):
                line = loaded.section_where("group", *path, "examples", kind, index)[1]
                session, judged = example_session(text)
                if judged is None:
                    fired = False
                elif hasattr(compiled, "rule"):
                    fired = rule_applies(compiled, session, judged - 1, rules)
                else:
                    fired = first_match(compiled.match, normalise(session.turns[judged - 1].text)) is not None
                results.append(ExampleResult(item_id, kind, text, fired, file, line))  # type: ignore[arg-type]
    return results
