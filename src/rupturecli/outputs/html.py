"""A self-contained HTML report: inline CSS and SVG only, no scripts, fonts or network requests.

Per session: a timeline (turns along the axis; episodes coloured by type and sized by significance;
repair strategies marked), the evidence with turn numbers, the stage reached and what to do next.
Per client (with --by-client): ruptures per session, the alliance trajectory and recurring markers.
A Content-Security-Policy forbids every external load, so the file cannot leak what it shows.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from rupturecli import __version__
from rupturecli.analysis.report import LIMITS
from rupturecli.outputs.charts import (
    REPAIR_COLOR,
    member_name,
    members_legend,
    members_svg,
    profile_svg,
    timeline_svg,
    trend_svg,
)
from rupturecli.outputs.formats import ReportFormat

STATUS_CLASS = {"resolved": "ok", "attempted": "warn", "unaddressed": "bad"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;
color:#1d2330;line-height:1.45}
header,main{max-width:920px;margin:0 auto;padding:0 20px}
header{padding-top:24px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.3rem;margin:28px 0 8px}
h3{font-size:1.05rem;margin:0 0 6px;word-break:break-all}.client h2{margin-top:4px}
.note{color:#5a6272;font-size:.9rem}.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;
padding:14px 18px;margin:14px 0}
.legend span{display:inline-block;margin-right:16px;font-size:.9rem}.swatch{display:inline-block;width:12px;
height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:6px 0}th,td{text-align:left;padding:4px 6px;
border-bottom:1px solid #eceef2;vertical-align:top}th{color:#5a6272;font-weight:600}
.quote{font-style:italic}.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.8rem;
font-weight:600;color:#fff}.ok{background:#2e7d32}.warn{background:#b26a00}.bad{background:#c62828}
.t-withdrawal{color:#1f77b4}.t-confrontation{color:#c2185b}.episode{border-left:4px solid #ccc;padding-left:12px;
margin:14px 0}.episode.withdrawal{border-color:#1f77b4}.episode.confrontation{border-color:#c2185b}
.calm{color:#2e7d32;font-weight:600}ul{margin:4px 0 4px 18px;padding:0}svg{display:block;max-width:100%}
"""


def _legend() -> str:
    return ('<p class="legend"><span><i class="swatch" style="background:#1f77b4"></i>withdrawal episode</span>'
            '<span><i class="swatch" style="background:#c2185b"></i>confrontation episode</span>'
            f'<span><i class="swatch" style="background:{REPAIR_COLOR}"></i>repair strategy</span>'
            '<span>taller bar = more significant (1-5)</span></p>')


def _by(strategy: dict[str, Any]) -> str:
    return f' by {escape(member_name(strategy["by"]))}' if strategy.get("by") else ""


def _group(record: dict[str, Any]) -> str:
    """The group's figures: a sentence, the member-by-time chart and a row per member."""
    group = record["group"]
    per_member = {item["member"]: item for item in group["per_member"]}
    withdrew = {item["member"]: item["after_turn"] for item in group["withdrew"]}
    rows = "".join(
        f'<tr class="member-row"><td>{escape(item["member"])}</td><td>{item["turns"]}</td><td>{item["words"]}</td>'
        f'<td>{item["share_of_words"]:.0%}</td><td>{item["silences"]} ({item["longest_silence_turns"]})</td>'
        f'<td>{item["talked_over"]}</td><td>{per_member.get(item["member"], {}).get("withdrawal", 0)}/'
        f'{per_member.get(item["member"], {}).get("confrontation", 0)}</td>'
        f'<td>{per_member.get(item["member"], {}).get("ruptures_toward_them", 0)}</td>'
        f'<td>{per_member.get(item["member"], {}).get("repairs_made", 0)}</td>'
        f'<td>{"turn " + str(withdrew[item["member"]]) if item["member"] in withdrew else "-"}</td></tr>'
        for item in group["participation"])
    return (f'<p><b>Group:</b> {escape(group["text"])}</p>{members_legend()}{members_svg(record)}'
            '<table class="members"><tr><th>member</th><th>turns</th><th>words</th><th>share</th>'
            '<th>silences (longest)</th><th>talked over</th><th>withdrawal/confrontation</th><th>ruptures at them</th>'
            f'<th>repairs made</th><th>withdrew</th></tr>{rows}</table>')


def _source(marker: dict[str, Any]) -> str:
    """Where a finding came from and how strong it is: 'rule' or 'model 0.64, moderate'."""
    if marker.get("source") == "model":
        return f'model {marker["score"]:.2f}, {marker.get("strength", "")}'
    return "rule" if not marker.get("evidence_only") else "rule (evidence)"


def _chosen(moves: list[dict[str, Any]]) -> dict[str, Any]:
    """`contribution.chosen_move` on the JSON record: the nearest clear move, else the nearest (moves come in
    session order, each turn's lead move first)."""
    return max(moves, key=lambda move: (move["strength"] == "clear", move["turn"]))


def _therapist(episode: dict[str, Any], unit: str) -> str:
    """The therapist's part: the moves before the rupture (their words), what to try instead, what followed."""
    contribution = episode.get("contribution")
    if contribution is None:
        return ""
    if contribution == "none":
        text = "<p><b>Therapist's part:</b> no straining move found just before it.</p>"
    else:
        rows = "".join(f'<tr class="therapist-move"><td>{move["turn"]}</td><td>{escape(move["id"])} '
                       f'{escape(move["name"])}</td><td class="quote">“{escape(move["quote"])}”</td></tr>'
                       for move in episode["moves_before"])
        text = (f'<p><b>Therapist\'s part:</b> <span class="badge warn">{contribution} contribution</span></p>'
                f'<table><tr><th>{unit}</th><th>therapist move</th><th>words</th></tr>{rows}</table>'
                f'<p><b>Instead:</b> {escape(_chosen(episode["moves_before"])["instead"])}</p>')
    later = episode["repair_quality"]["moves_after"]
    if later:
        listed = ", ".join(f'{escape(move["id"])} ({unit} {move["turn"]})' for move in later)
        text += f"<p><b>More of the same before any repair:</b> {listed}</p>"
    return text


def _episode(number: int, episode: dict[str, Any], unit: str) -> str:
    stage, repair = episode["stage"], episode["repair"]
    group = bool(episode.get("speaker"))

    def who(marker: dict[str, Any]) -> str:
        target = member_name(marker.get("target") or "")
        return f'<td>{escape(marker.get("speaker") or "")}</td><td>{escape(target)}</td>' if group else ""

    rows = "".join(
        f'<tr><td>{marker["turn"]}</td><td>{marker["line"]}</td>{who(marker)}<td>{escape(marker["id"])} '
        f'{escape(marker["name"])}<br><span class="note">{escape(_source(marker))}</span></td>'
        f'<td class="quote">“{escape(marker["quote"])}”</td></tr>' for marker in episode["markers"])
    weak = {id(item): f', possible: model {item["score"]:.2f}, too weak to count' for item in repair["strategies"]
            if item.get("counted") is False}
    strategies = ", ".join(f'{escape(item["id"])}{_by(item) if group else ""} ({unit} {item["turn"]}'
                           f'{weak.get(id(item), "")})' for item in repair["strategies"])
    # as the terminal says it: the status first, then what was used ("none" read as if no repair status were known)
    strategies = (f'{escape(repair["status"])}: {strategies}' if strategies
                  else f'{escape(repair["status"])}: no resolution strategy found after it')
    toward = member_name(episode["target"]) if group else ""
    direction = (f' <span class="direction">{escape(episode["speaker"])} → {escape(toward)}</span>'
                 if group else "")
    member_heads = "<th>member</th><th>toward</th>" if group else ""
    reached = (f'stage {stage["reached"]} ({escape(stage["reached_name"] or "")})' if stage["reached"]
               else "not yet attended to")
    nxt = (f'stage {stage["next"]} ({escape(stage["next_name"] or "")}): ' if stage["next"] else "")
    suggestions = "".join(f'<li><b>{escape(item["id"])} {escape(item["name"])}</b>: {escape(item["guidance"])}</li>'
                          for item in stage["suggested_strategies"])
    done = (f'<p><b>What worked:</b> {escape(stage["worked"])}</p>' if stage.get("worked") else "") + "".join(
        f'<p><b>Already tried:</b> {escape(item)}</p>' for item in stage.get("already_tried", []))
    if suggestions:
        label = "To watch next time" if repair["status"] == "resolved" else "Suggested"
        suggestions = f'<p><b>{label}:</b></p><ul>{suggestions}</ul>'
    mixed = " (mixed)" if episode["mixed"] else ""
    return (f'<article class="episode {episode["type"]}"><h4>Episode {number}: '
            f'<span class="t-{episode["type"]}">{episode["type"]}{mixed}</span>{direction}, significance '
            f'{episode["significance"]}/5 <span class="badge {STATUS_CLASS[repair["status"]]}">{repair["status"]}'
            f'</span></h4><p class="note">Found by {escape(episode.get("confidence", ""))}. Why this significance: '
            f'{escape("; ".join(episode["significance_reasons"]))}</p>'
            f'<table><tr><th>{unit}</th><th>line</th>{member_heads}<th>marker</th><th>evidence</th></tr>{rows}</table>'
            f'{_therapist(episode, unit)}<p><b>Repair:</b> {strategies}</p>'
            f'<p><b>Stage:</b> {reached}. <b>Next:</b> {nxt}'
            f'{escape(stage["next_step"])}</p><p><b>Approach:</b> {escape(stage["approach"])}: '
            f'{escape(stage["approach_reason"])}</p>{done}{suggestions}</article>')


def session_section(record: dict[str, Any]) -> str:
    unit = "turn" if record["kind"] == "transcript" else "sentence"
    head = (f'<section class="card session" data-file="{escape(record["file"])}"><h3>{escape(record["file"])}</h3>'
            f'<p class="note">{record["kind"]}, {record["turns"]} {unit}s'
            + (f', {record["client_turns"]} client turns' if record["kind"] == "transcript" else "")
            + (f', {escape(str(record["date"]))}' if record.get("date") else "") + "</p>")
    group = _group(record) if record.get("group") else ""
    if record.get("group"):
        head = head.replace(f', {record["client_turns"]} client turns',
                            f', {len(record["group"]["members"])} members: '
                            f'{escape(", ".join(record["group"]["members"]))}', 1)
    profile = record["summary"].get("therapist")
    if not record["episodes"]:
        strained = profile and profile.get("straining_moves_per_100_therapist_turns") is not None  # every turn read
        return head + ('<p class="calm">No rupture markers found in this session. Nothing here calls for a repair '
                       'step.</p>' + group + (f"<p><b>Therapist's side</b></p>{profile_svg(profile)}" if strained
                                              else "") + '</section>')
    episodes = "".join(_episode(number, episode, unit) for number, episode in enumerate(record["episodes"], 1))
    chart = f"<p><b>Rupture-repair profile</b></p>{profile_svg(profile)}" if profile else ""
    return (head + timeline_svg(record) + f'<p><b>Summary:</b> {escape(record["summary"]["text"])}</p>' + group
            + chart + episodes + "</section>")


def _client(client: dict[str, Any]) -> str:
    recurring = "".join(f'<li>{escape(item["marker"])}: {item["sessions"]} sessions (longest run '
                        f'{item["longest_run"]} in a row)</li>' for item in client["recurring_markers"]) or \
        "<li>none</li>"
    rows = "".join(f'<tr><td>{escape(point["date"] or "?")}</td><td>{escape(point["file"])}</td>'
                   f'<td>{point["withdrawal"]}</td><td>{point["confrontation"]}</td><td>{point["resolved"]}</td>'
                   f'<td>{point["alliance_index"]}</td></tr>' for point in client["sessions"])
    trend, trajectory = client["repair_trend"], client["trajectory"]
    shape = trajectory.get("description", trajectory["direction"])
    return (f'<section class="card client"><h2>Client: {escape(client["client"])}</h2>'
            f'<p><b>Alliance trajectory:</b> {escape(shape)}. <b>Repair over time:</b> '
            f'{escape(trend["direction"])}.</p>{trend_svg(client)}'
            f'<table><tr><th>date</th><th>session</th><th>withdrawal</th><th>confrontation</th><th>resolved</th>'
            f'<th>alliance index</th></tr>{rows}</table><p><b>Recurring markers</b></p><ul>{recurring}</ul></section>')


def render_html(groups: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]],
                generated: dt.datetime | None = None) -> str:
    """groups: (client summary dict or None, the session records of that client) in order."""
    when = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    sessions = sum(len(records) for _, records in groups)
    body = []
    for client, records in groups:
        if client is not None:
            body.append(_client(client))
        body.extend(session_section(record) for record in records)
    return page("".join(body), sessions, "Alliance rupture report", when)


def page(body: str, sessions: int, title: str, when: str | None = None) -> str:
    """The whole self-contained page around the cards: no script, no outside resource, the PHI warning on top."""
    when = when or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><header>"
            f"<h1>{escape(title)}</h1><p class=\"note\">rupturecli {__version__}, generated "
            f"<span class=\"generated\">{when}</span>; {sessions} session{'s' if sessions != 1 else ''}. This page "
            "holds clinical material: keep it on this machine, or make it with --redact.</p>"
            f"<p class=\"note limits\">{escape(LIMITS)}</p>"
            f"{_legend()}</header><main>{body}</main></body></html>\n")


def _trainees(summaries: list[dict[str, Any]], records: list[dict[str, Any]]) -> str:
    from rupturecli.outputs.trainees import render_trainees_html

    return render_trainees_html(summaries, records)


FORMAT = ReportFormat("html", document=lambda records: render_html([(None, records)]),
                      clients=lambda groups, _reports: render_html(groups), trainees=_trainees)
