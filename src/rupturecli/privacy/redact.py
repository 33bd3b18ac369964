"""Redact a report: PHI replaced in every text field (quotes, turn texts, labels, warnings, file, ids) of a
SessionReport and of a --by-client summary, group members told apart by consistent pseudonyms; and the part of
a run's resume key that says whether (and with which names) it was redacted."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import regex

from rupturecli.analysis.report import EpisodeReport, SessionReport
from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.parsing.given_names import GIVEN_NAMES
from rupturecli.parsing.kinds import split_table_session
from rupturecli.parsing.labels import normalise_label
from rupturecli.privacy.detect import find_phi, heuristic_names
from rupturecli.privacy.known_names import name_words
from rupturecli.privacy.spans import Span, replace_spans
from rupturecli.privacy.words import ROLE_LABELS, TITLES
from rupturecli.session import Session


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with every PHI span replaced by its placeholder, such as [NAME] or [PHONE]."""
    return replace_spans(text, find_phi(text, names))


# A date in a file name, written any way ("2024-03-12", "20240312", "12_03_2024")
PATH_DATE = regex.compile(r"(?<!\d)(?:\d{4}[-_.]?\d{2}[-_.]?\d{2}|\d{2}[-_.]\d{2}[-_.]\d{4})(?!\d)")

# A word of a file name: "harriet" in "client-harriet_2.txt"
PATH_WORD = regex.compile(r"(?<![\p{L}])\p{L}{2,}(?![\p{L}])")


def redact_path(path: str, names: Iterable[str] = ()) -> str:
    """A file path with known names and common given names (in any case: `client-harriet/`), dates, emails,
    phones and record numbers replaced. `_` separates words in a file name as a space does in text."""
    spaced = path.replace("_", " ")  # same length: spans found here apply to the path as it is
    given = {match.group(0) for match in PATH_WORD.finditer(spaced) if match.group(0).lower() in GIVEN_NAMES}
    spans = find_phi(spaced, names, heuristics=False, declared=given)  # without heuristics, names in any case
    dates = [Span(match.start(), match.end(), "DATE") for match in PATH_DATE.finditer(path)]
    dates = [date for date in dates if all(date.end <= span.start or date.start >= span.end for span in spans)]
    return replace_spans(path, sorted(spans + dates, key=lambda span: span.start))


# Words a session id is made of that name no one ("site-2_visit-1", "annomi-101"); any other word of an id that is
# not a common word is taken for a name when redacting: ids are often built from surnames ("smith_j_2024-03-01")
ID_WORDS = frozenset("""session sess ses client patient pt participant part subject subj site visit wave week wk day
baseline intake followup fu pre post id rec record tape video audio transcript interview group couple family mi cbt
dbt act annomi mibot hlqc high low trial arm control treatment tx ctrl pilot clinic ward unit am pm ptsd cpt emdr ipt
mbct cft pe rct sp trainee roleplay role play practice mock demo zoom tele telehealth phone online standardized
standardised simulated actor""".split())
ID_WORD = regex.compile(r"\[[A-Z]+\]|(?<![\p{L}])\p{L}{2,}(?![\p{L}])")
SPACED_NAMES = regex.compile(r"\[NAME\](?: \[NAME\])+")


def redact_session_id(session_id: str, names: Iterable[str] = ()) -> str:
    """A table's session id as `redact_path` reads a file name, and then every other word of it that is not a
    common word taken for a name: an id is short, and a rare surname in it has no context to be found by."""
    redacted = redact_path(session_id, names)

    def word(match: regex.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("[") or text.lower() in ID_WORDS or text.lower() in COMMON_WORDS:
            return text
        return "[NAME]"

    return SPACED_NAMES.sub("[NAME]", ID_WORD.sub(word, redacted))  # "Harriet Jones": one name


def _unique_id(session: Session, names: Iterable[str]) -> str | None:
    """A table session's id redacted, and told apart from the table's other sessions by the line it starts on
    when redacting changed it ('Bartholomew' and 'nguyen' would both be '[NAME]': '[NAME]~L2', '[NAME]~L10'), so
    no two sessions of a table merge in the outputs; a line number says nothing of the name."""
    if not session.session_id:
        return session.session_id
    redacted = redact_session_id(session.session_id, names)
    if redacted == session.session_id or not session.turns:
        return redacted
    return f"{redacted}~L{session.turns[0].line}"


def redact_session_file(file: str, names: Iterable[str] = ()) -> str:
    """A reported `file`, table session id included ('archive.csv#Bartholomew'), redacted as the report's own is;
    for a summary that has only the file (a --by-client series)."""
    split = split_table_session(file)
    if split is None:
        return redact_path(file, names)
    return f"{redact_path(split[0], names)}#{redact_session_id(split[1], names)}"


def session_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """Every name a session gives away: extra names, its client, speaker labels, names found in its text."""
    names = declared_names(session, extra_names)
    for turn in session.turns:
        names |= name_words(turn.text[span.start:span.end] for span in heuristic_names(turn.text))
    return names


def declared_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """The names a file states itself (client, speaker labels) and the user gave: found in any case."""
    names = set(name_words(extra_names))
    if session.client:
        names |= name_words([session.client])
    return names | name_words(turn.label for turn in session.turns if turn.label)


def _redact_label(label: str) -> str:
    """A speaker label that is a name becomes [NAME] (keeping a title: "Dr [NAME]"); role labels stay."""
    if not label or normalise_label(label) in ROLE_LABELS:
        return label
    title = label.split()[0] if label.split()[0].lower().rstrip(".") in TITLES and len(label.split()) > 1 else ""
    return f"{title} [NAME]".strip()


def redact_report(report: SessionReport, extra_names: set[str],
                  run_aliases: dict[str, str] | None = None) -> SessionReport:
    """The same report with PHI replaced in every text field: quotes, turn texts, labels, warnings, file, ids.

    Names found anywhere in the session are redacted everywhere in it, so a name at the start of a quoted
    sentence is caught when the same name appears elsewhere. Pure: the report given is not changed.
    """
    session = report.session
    names = frozenset(session_names(session, extra_names))
    declared = frozenset(declared_names(session, extra_names))
    memo: dict[str, str] = {}

    def redact_once(text: str) -> str:  # quotes repeat their turn's sentences
        if text not in memo:
            memo[text] = replace_spans(text, find_phi(text, names, declared=declared))
        return memo[text]

    aliases = member_aliases(session, run_aliases)
    if aliases:  # a group: members are told apart by a consistent pseudonym, in their labels and in the text
        hide, show = _pseudonymiser(aliases)
        plain_redact = redact_once

        def redact_once(text: str) -> str:
            return show(plain_redact(hide(text)))

    def label(name: str) -> str:
        return aliases.get(name) or _redact_label(name)

    turns = tuple(dataclasses.replace(turn, text=redact_once(turn.text), label=label(turn.member or turn.label),
                                      member=aliases.get(turn.member, turn.member))
                  for turn in session.turns)
    session_id = _unique_id(session, names)
    redacted_session = dataclasses.replace(session, **{
        "file": _redact_file(session.file, session.session_id, session_id, names),
        "path": _redact_file(session.path, session.session_id, session_id, names) if session.path else "",
        "session_id": session_id,
        "date": "[DATE]" if session.date else session.date,
        "client": "[NAME]" if session.client else session.client,
        "turns": turns,
        "warnings": tuple(redact_once(warning) for warning in session.warnings),  # declared labels: any case
        "members": tuple(label(member) for member in session.members),
        "therapists": tuple(label(therapist) for therapist in session.therapists),
    })
    episodes = tuple(_redact_episode(item, redact_once, label) for item in report.episodes)
    group = report.group.renamed(label) if report.group is not None else None
    return dataclasses.replace(report, session=redacted_session, episodes=episodes, group=group)


def _redact_file(file: str, session_id: str | None, redacted_id: str | None, names: frozenset[str]) -> str:
    """The path, and a table's session id after its '#' redacted as the `session_id` field is."""
    suffix = f"#{session_id}"
    if session_id and redacted_id is not None and file.endswith(suffix):
        return f"{redact_path(file[: -len(suffix)], names)}#{redacted_id}"
    return redact_path(file, names)


def member_aliases(session: Session, run_aliases: dict[str, str] | None = None) -> dict[str, str]:
    """A group's members as Member 1, Member 2... in the order the session lists them (or as a whole run names
    them, `run_aliases`, so a member keeps one pseudonym across sessions); none for one client."""
    if not session.is_group:
        return {}
    if run_aliases is not None:
        return {member: run_aliases.get(member, f"Member {len(run_aliases) + number}")
                for number, member in enumerate(session.members, start=1)}
    return {member: f"Member {number}" for number, member in enumerate(session.members, start=1)}


def run_member_aliases(sessions: Iterable[Session]) -> dict[str, str]:
    """Every group member of a run as Member 1, Member 2... in order of first appearance (--by-client)."""
    aliases: dict[str, str] = {}
    for session in sessions:
        if session.is_group:
            for member in session.members:
                aliases.setdefault(member, f"Member {len(aliases) + 1}")
    return aliases


def _pseudonymiser(aliases: dict[str, str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(hide, show): hide replaces each member's name (whole words, any case, longest first) with a placeholder
    the PHI detectors leave alone; show turns the placeholders into the pseudonyms once the text is redacted."""
    names = sorted(aliases, key=len, reverse=True)
    pattern = regex.compile("|".join(rf"(?<!\w){regex.escape(name)}(?!\w)" for name in names), regex.IGNORECASE)
    numbers = {name.casefold(): number for number, name in enumerate(aliases, start=1)}
    by_number = {str(number): alias for number, alias in enumerate(aliases.values(), start=1)}
    placeholder = regex.compile(r"\[MEMBER_(\d+)\]")

    def hide(text: str) -> str:
        return pattern.sub(lambda found: f"[MEMBER_{numbers[found.group(0).casefold()]}]", text)

    def show(text: str) -> str:
        return placeholder.sub(lambda found: by_number.get(found.group(1), found.group(0)), text)

    return hide, show


def _group_texts(item: EpisodeReport, redact: Callable[[str], str]) -> dict[str, Any]:
    """In a group, what worked and what was tried name the members who repaired."""
    stage = item.stage
    return {"worked": redact(stage.worked) if stage.worked else stage.worked,
            "already_tried": tuple(redact(text) for text in stage.already_tried)}


def _redact_target(target: str, label: Callable[[str], str]) -> str:
    return f"member:{label(target[len('member:'):])}" if target.startswith("member:") else target


def _redact_episode(item: EpisodeReport, redact: Callable[[str], str],
                    label: Callable[[str], str] = lambda name: name) -> EpisodeReport:
    hits = tuple(dataclasses.replace(hit, quote=redact(hit.quote), matched=redact(hit.matched),
                                     speaker=label(hit.speaker) if hit.speaker != "therapist" else hit.speaker,
                                     target=_redact_target(hit.target, label))
                 for hit in item.episode.hits)
    strategies = tuple(dataclasses.replace(hit, quote=redact(hit.quote), by=_redact_target(hit.by, label)
                                           if hit.by.startswith("member:") else label(hit.by))
                       for hit in item.repair.strategies)
    ratings = tuple(dataclasses.replace(rating, reasons=tuple(redact(reason) for reason in rating.reasons))
                    for rating in item.episode.turn_ratings)  # a significance reason may quote the client
    return dataclasses.replace(
        item,
        episode=dataclasses.replace(item.episode, hits=hits, reasons=tuple(redact(reason) for reason in
                                                                          item.episode.reasons),
                                    turn_ratings=ratings, speaker=label(item.episode.speaker),
                                    target=_redact_target(item.episode.target, label)),
        repair=dataclasses.replace(item.repair, strategies=strategies),
        stage=dataclasses.replace(item.stage, approach_reason=redact(item.stage.approach_reason),
                                  **_group_texts(item, redact) if item.episode.speaker else {}),
        therapist=_redact_therapist(item.therapist, redact),
    )


def _redact_therapist(side: Any, redact: Callable[[str], str]) -> Any:
    """The therapist's moves quote the therapist's words (which can name the client): redacted like the rest."""
    if side is None:
        return None

    def moves(hits: tuple) -> tuple:
        return tuple(dataclasses.replace(hit, quote=redact(hit.quote), cues=tuple(redact(cue) for cue in hit.cues))
                     for hit in hits)

    return dataclasses.replace(side, before=moves(side.before), after=moves(side.after))


def redact_client_summary(summary: dict[str, Any], reports: list[SessionReport],
                          extra_names: set[str], run_aliases: dict[str, str] | None = None) -> dict[str, Any]:
    """A --by-client summary with the client's name (a group member's pseudonym), the file paths and the session
    dates replaced."""
    names = set(name_words(extra_names)) | name_words([str(summary.get("client", ""))])
    for report in reports:
        names |= session_names(report.session, extra_names)
    files = {report.session.file: _redact_file(report.session.file, report.session.session_id,
                                               _unique_id(report.session, names), names) for report in reports}
    sessions = [dict(point, file=files.get(point["file"]) or redact_session_file(point["file"], names),
                     date="[DATE]" if point.get("date") else point.get("date")) for point in summary["sessions"]]
    return dict(summary, client=(run_aliases or {}).get(str(summary.get("client")), "[NAME]"), sessions=sessions)


def redact_trainee_summaries(summaries: list[dict[str, Any]], reports: list[SessionReport],
                             extra_names: set[str]) -> list[dict[str, Any]]:
    """--by-therapist summaries, grouped and ordered before redacting, with each trainee's folder name, the file
    paths and the dates replaced as a client's are; trainees whose names redact alike stay apart ('[NAME] 2')."""
    by_file = {report.session.file: report for report in reports}
    result: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for summary in summaries:
        mine = [by_file[point["file"]] for point in summary["sessions"] if point["file"] in by_file]
        redacted = redact_client_summary(dict(summary, client=""), mine, extra_names)
        del redacted["client"]
        name = redact_path(str(summary["therapist"]), extra_names)
        seen[name] = seen.get(name, 0) + 1
        result.append(dict(redacted, therapist=name if seen[name] == 1 else f"{name} {seen[name]}"))
    return result


def redaction_fingerprint(extra_names: Iterable[str] | None) -> str:
    """Part of the resume key, so a redacted run never keeps records of an unredacted one (or the reverse)."""
    if extra_names is None:
        return ""
    return "+redact-" + hashlib.sha256("\n".join(sorted(extra_names)).encode()).hexdigest()[:8]
