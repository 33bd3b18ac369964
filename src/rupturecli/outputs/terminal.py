"""The clinician's report: each episode with quoted evidence, repair, stage and next steps."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rupturecli.analysis.report import LIMITS, EpisodeReport, SessionReport, episode_confidence, strength
from rupturecli.detect.contribution import MoveHit, chosen_move
from rupturecli.outputs.formats import ReportFormat
from rupturecli.session import Session

TYPE_STYLE = {"withdrawal": "cyan", "confrontation": "magenta"}
STATUS_STYLE = {"resolved": "green", "attempted": "yellow", "unaddressed": "red"}


def toward(target: str) -> str:
    """A target as the report says it: 'therapist', 'group', or the member's label."""
    return target[len("member:"):] if target.startswith("member:") else target


def _evidence_table(item: EpisodeReport, kind: str, group: bool = False) -> Table:
    unit = _unit(kind)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
    table.add_column(unit, justify="right", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    if group:  # who, and toward whom
        table.add_column("member", no_wrap=True)
        table.add_column("toward", no_wrap=True)
    table.add_column("marker", no_wrap=True)
    table.add_column("evidence", ratio=1)
    for hit in item.episode.hits:
        marker = Text(f"{hit.marker_id} {hit.name}", style="dim" if hit.evidence_only else "")
        evidence = Text(f"“{hit.quote}”", style="italic")
        if hit.source == "model":
            marker.append(f"\nmodel {hit.score:.2f}, {strength(hit)}", style="dim")
            if hit.cues:
                evidence.append("\nwhy: " + "; ".join(hit.cues), style="dim")
        elif not hit.evidence_only:
            marker.append("\nrule", style="dim")
        who = (hit.speaker, toward(hit.target)) if group else ()
        table.add_row(str(hit.turn), str(hit.line), *who, marker, evidence)
    return table


def _unit(kind: str) -> str:
    """What a number counts: a speaker turn in a transcript, a sentence in notes."""
    return "turn" if kind == "transcript" else "sentence"


def _strategy(hit: Any, kind: str, group: bool = False) -> str:
    """A strategy used, with where it was found ("model 0.62" when the model found it); in a group, by whom."""
    by, model = f" by {toward(hit.by)}" if group and hit.by else "", f", model {hit.score:.2f}" if hit.score else ""
    return f"{hit.strategy_id}{by} ({_unit(kind)} {hit.turn}{model})"


EXCHANGE_CHARS = 160  # of each turn shown in the exchange around a rupture


def _clip(text: str) -> str:
    return text if len(text) <= EXCHANGE_CHARS else text[:EXCHANGE_CHARS - 1].rstrip() + "…"


def therapist_lines(item: EpisodeReport, session: Session) -> list[Text]:
    """The exchange that led into the rupture, the therapist's part marked, and how the rupture was met."""
    side = item.therapist
    if side is None:
        return []
    unit = "turn" if session.kind == "transcript" else "sentence"
    moves = _by_turn(side.before)
    lines: list[Text] = []
    if side.contribution == "none":
        lines.append(Text.assemble(("Therapist's part: ", "bold"), "no straining move found just before it"))
    else:
        lines.append(Text.assemble(("Therapist's part: ", "bold"), (f"{side.contribution} contribution", "bold yellow"),
                                   ": " + _listed(moves, unit)))
        if session.kind == "transcript":
            first = min(moves)
            for turn in session.turns:
                if first <= turn.index <= item.episode.start_turn:
                    marked = turn.index in moves
                    who = session.speaker_of(turn) if session.is_group else "T" if turn.speaker == "therapist" else "C"
                    ids = ", ".join(hit.move_id for hit in moves.get(turn.index, []))
                    label = f"  {who} {turn.index}{' ▶ ' + ids if marked else ''}: "
                    lines.append(Text.assemble((label, "bold yellow" if marked else "dim"),
                                               (_clip(turn.text), "" if marked else "dim")))
        lines.append(Text.assemble("  Instead: ", chosen_move(side.before).instead))
    if side.after:
        lines.append(Text.assemble(("More of the same before any repair: ", "bold red"),
                                   _listed(_by_turn(side.after), unit)))
    return lines


def _by_turn(hits: tuple[MoveHit, ...]) -> dict[int, list[MoveHit]]:
    """Moves grouped by turn, clear ones first."""
    grouped: dict[int, list[MoveHit]] = {}
    for hit in sorted(hits, key=lambda hit: (hit.turn, hit.strength != "clear")):
        grouped.setdefault(hit.turn, []).append(hit)
    return grouped


def _listed(grouped: dict[int, list[MoveHit]], unit: str) -> str:
    return "; ".join(f"{unit} {turn}: " + ", ".join(f"{hit.move_id} {hit.name}" for hit in hits)
                     for turn, hits in grouped.items())


def _episode_panel(number: int, item: EpisodeReport, kind: str, extra: list[Text] | None = None) -> Panel:
    episode, repair, stage = item.episode, item.repair, item.stage
    group = bool(episode.speaker)
    kind_text = episode.type + (" (mixed)" if episode.mixed else "")
    span = f"{'turns' if kind == 'transcript' else 'sentences'} {episode.start_turn}-{episode.end_turn}"
    direction = f"  {episode.speaker} → {toward(episode.target)}" if group else ""
    title = Text.assemble(
        (f"Episode {number}: ", "bold"),
        (kind_text, f"bold {TYPE_STYLE[episode.type]}"),
        f"{direction}  {span}  significance {episode.significance}/5  ",
        (repair.status, f"bold {STATUS_STYLE[repair.status]}"),
    )
    lines = [_evidence_table(item, kind, group), Text("")]
    lines.append(Text.assemble(("Found by: ", "bold"), episode_confidence(episode)))
    peak = (f" (highest at {_unit(kind)} {episode.peak_turn})"
            if episode.peak_turn is not None and episode.start_turn != episode.end_turn else "")
    lines.append(Text.assemble((f"Why this significance{peak}: ", "bold"), "; ".join(episode.reasons)))
    lines += extra or []
    used = ", ".join(_strategy(hit, kind, group) for hit in repair.strategies)
    if repair.counted:
        client = episode.speaker if group else "client"
        engaged = (f"; {client} re-engaged at {_unit(kind)} {repair.re_engagement_turn}" if repair.re_engagement_turn
                   else "; no clear re-engagement yet")
        lines.append(Text.assemble(("Repair: ", "bold"), f"{repair.status}: {used}{engaged}"))
    elif used:  # only the model's weak readings (detect/repair.py: COUNTED_SCORE)
        lines.append(Text.assemble(("Repair: ", "bold"), f"unaddressed: only a possible {used}, too weak to count"))
    else:
        lines.append(Text.assemble(("Repair: ", "bold"), "unaddressed: no resolution strategy found after it"))
    reached = f"stage {stage.reached} ({stage.reached_name})" if stage.reached else "not yet attended to"
    lines.append(Text.assemble(("Stage: ", "bold"), f"{reached}"))
    if stage.next:
        lines.append(Text.assemble(("Next: ", "bold"), f"stage {stage.next} ({stage.next_name}): {stage.next_step}"))
    else:
        lines.append(Text.assemble(("Next: ", "bold"), stage.next_step))
    lines.append(Text.assemble(("Approach: ", "bold"), f"{stage.approach}: {stage.approach_reason}"))
    if stage.worked:
        lines.append(Text.assemble(("What worked: ", "bold"), stage.worked))
    for tried in stage.already_tried:
        lines.append(Text.assemble(("Already tried: ", "bold"), tried))
    if stage.suggested and repair.status == "resolved":
        lines.append(Text("To watch next time:", style="bold"))
    elif stage.suggested:
        lines.append(Text("Suggested:", style="bold"))
    for suggestion in stage.suggested:
        lines.append(Text.assemble("  • ", (f"{suggestion.id} {suggestion.name}", "bold"), f": {suggestion.guidance}"))
    return Panel(Group(*lines), title=title, title_align="left", border_style=TYPE_STYLE[episode.type])


def render_session(console: Console, report: SessionReport) -> None:
    session = report.session
    units = (f"{len(session.turns)} turns, {session.client_turns} client turns" if session.kind == "transcript"
             else f"{len(session.turns)} sentences")
    if session.is_group:
        units = (f"{len(session.turns)} turns, {len(session.members)} members: {', '.join(session.members)}; "
                 f"therapists: {', '.join(session.therapists) or 'none'}")
    console.print(Text.assemble(("Session ", "bold"), (session.file, "bold underline"), f"  ({session.kind}, {units})"))
    for warning in session.warnings:
        console.print(Text(f"  note: {warning}", style="yellow"))
    if not report.episodes:
        console.print(Panel(Text("No rupture markers found in this session. Nothing here calls for a repair step; "
                                 "keep attending to the alliance as usual.", style="green"), border_style="green"))
        straining = straining_text(report.therapist_profile(), session.kind == "notes")
        if straining:
            console.print(Text.assemble(("Therapist's side: ", "bold"), straining))
        if report.group is not None:
            render_group(console, report.group)
        return
    for number, item in enumerate(report.episodes, start=1):
        console.print(_episode_panel(number, item, session.kind, therapist_lines(item, session)))
    console.print(Text.assemble(("Summary: ", "bold"), report.summary()["text"]))
    unit = "turn" if session.kind == "transcript" else "sentence"
    console.print(Text.assemble(("Therapist's side: ", "bold"),
                                profile_text(report.therapist_profile(), len(report.episodes), unit)))
    if report.group is not None:
        render_group(console, report.group)


def render_group(console: Console, group: Any) -> None:
    """The group's figures in a line, then one row per member."""
    console.print(Text.assemble(("Group: ", "bold"), group.text()))
    table = Table(title="Members", title_justify="left", header_style="bold", box=None)
    for column in ("member", "turns", "words", "share", "silences", "cut off", "W/C", "at them", "repairs",
                   "withdrew"):
        table.add_column(column, overflow="fold")
    withdrew = {item.member: item.after_turn for item in group.withdrew}
    counts = {item["member"]: item for item in group.per_member}
    for profile in group.participation:
        own = counts.get(profile.member, {})
        table.add_row(profile.member, str(profile.turns), str(profile.words), f"{profile.share_of_words:.0%}",
                      f"{len(profile.silences)}" + (f" ({profile.longest_silence})" if profile.silences else ""),
                      str(len(profile.talked_over)),
                      f"{own.get('withdrawal', 0)}/{own.get('confrontation', 0)}",
                      str(own.get("ruptures_toward_them", 0)), str(own.get("repairs_made", 0)),
                      f"turn {withdrew[profile.member]}" if profile.member in withdrew else "-")
    console.print(table)
    console.print(Text("silences: stretches of turns by others without the member speaking (the longest); cut off: "
                       "turns of theirs talked over; W/C: their withdrawal and confrontation episodes; at them: "
                       "episodes directed at them; repairs: their repair moves that counted", style="dim"))


def profile_text(profile: dict[str, Any], episodes: int, unit: str = "turn") -> str:
    """One line of the session's rupture-repair profile, as a supervisor would read it."""
    contributed = round((profile["contribution_rate"] or 0) * episodes)
    delay = profile["median_turns_to_repair"]
    text = (f"{contributed} of {episodes} episode{'s' if episodes != 1 else ''} followed a straining move; "
            f"{round((profile['share_repaired'] or 0) * 100)}% repaired")
    if delay is not None:
        text += f"; first repair a median of {delay:g} {unit}{'s' if delay != 1 else ''} after the rupture"
    repeats = profile["more_of_same"]
    if repeats:
        text += f"; met with more of the same {repeats} time{'s' if repeats != 1 else ''}"
    straining = straining_text(profile, unit == "sentence")
    return text + "." + (f" {straining}" if straining else "")


def straining_text(profile: dict[str, Any], notes: bool = False) -> str:
    """Every therapist turn's straining moves, when the run read them (--therapist-moves, --by-therapist).

    The counts are turns showing each move, so they can add up to more than the turns (a turn shows two)."""
    rate, moves = profile.get("straining_moves_per_100_therapist_turns"), profile.get("straining_moves")
    if moves is None:
        return ""
    listed = ", ".join(f"{move} {count}" for move, count in moves.items())
    if notes:  # sentences telling of a move, not turns: no rate
        return f"Straining moves told of in the note: {listed}." if moves else "No straining move told of in the note."
    if rate is None:
        return "No therapist turns to read for straining moves."
    if not moves:
        return "No straining move in any therapist turn."
    return f"Straining moves in {rate:g} of every 100 therapist turns (turns showing each: {listed})."


def render_terminal(reports: list[SessionReport], width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    for position, report in enumerate(reports):
        if position:
            console.print()
        render_session(console, report)
    if reports:
        console.print(Text(LIMITS, style="dim"))
    return buffer.getvalue()


def render_client(console: Console, client: dict) -> None:
    """A client's sessions over time: ruptures by type, repairs, the alliance index and recurring markers."""
    table = Table(title=f"Client {client['client']}: {len(client['sessions'])} sessions", title_justify="left",
                  header_style="bold", box=None)
    for column in ("date", "session", "W", "C", "resolved", "alliance"):
        table.add_column(column, overflow="fold")
    for point in client["sessions"]:
        table.add_row(point["date"] or "?", point["file"], str(point["withdrawal"]), str(point["confrontation"]),
                      str(point["resolved"]), str(point["alliance_index"]))
    console.print(table)
    recurring = ", ".join(f"{item['marker']} ({item['sessions']} sessions, up to {item['longest_run']} in a row)"
                          for item in client["recurring_markers"]) or "none"
    console.print(Text.assemble(("Recurring markers: ", "bold"), recurring))
    shape = client["trajectory"].get("description", client["trajectory"]["direction"])
    console.print(Text.assemble(("Alliance trajectory: ", "bold"), shape,
                                ("   Repair over time: ", "bold"), client["repair_trend"]["direction"]))


def _render_trainees(summaries: list[dict[str, Any]]) -> str:
    from rupturecli.outputs.trainee_terminal import render_trainees  # loads only for --by-therapist

    return render_trainees(summaries)


FORMAT = ReportFormat("terminal", live=render_session, reports=render_terminal,
                      clients=lambda _groups, reports: render_terminal(reports), live_client=render_client,
                      trainees=lambda summaries, _records: _render_trainees(summaries))
