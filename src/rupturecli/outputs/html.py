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
from rupturecli.outputs.formats import ReportFormat

COLORS = {"withdrawal": "#1f77b4", "confrontation": "#c2185b"}
REPAIR_COLOR = "#2e7d32"
STATUS_CLASS = {"resolved": "ok", "attempted": "warn", "unaddressed": "bad"}
WIDTH = 860

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


def timeline_svg(record: dict[str, Any]) -> str:
    """Turns along the axis; one bar per episode, height by significance; repairs as green diamonds."""
    turns = max(1, int(record["turns"]))
    left, right, height = 62, WIDTH - 10, 120  # room left of the axis for its label, 'sentence' included
    axis_y = 96

    def x(turn: float) -> float:
        return left + (right - left) * (turn - 0.5) / turns

    parts = [f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>Timeline of {escape(record["file"])}</title>',
             f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#9aa3b2"/>']
    step = max(1, round(turns / 10))
    for turn in range(1, turns + 1, step):
        parts.append(f'<line x1="{x(turn):.1f}" y1="{axis_y}" x2="{x(turn):.1f}" y2="{axis_y + 4}" stroke="#9aa3b2"/>'
                     f'<text x="{x(turn):.1f}" y="{axis_y + 16}" font-size="10" text-anchor="middle" '
                     f'fill="#5a6272">{turn}</text>')
    unit = "turn" if record["kind"] == "transcript" else "sentence"
    parts.append(f'<text x="{left - 6}" y="{axis_y + 16}" font-size="10" text-anchor="end" fill="#5a6272">{unit}'
                 '</text>')
    for number, episode in enumerate(record["episodes"], start=1):
        color = COLORS[episode["type"]]
        bar = 12 + 14 * int(episode["significance"])
        start, end = x(episode["start_turn"] - 0.4), x(episode["end_turn"] + 0.4)
        label = (f'Episode {number}: {episode["type"]}, significance {episode["significance"]}/5, '
                 f'{episode["repair"]["status"]}, {unit}s {episode["start_turn"]}-{episode["end_turn"]}')
        parts.append(f'<rect class="episode-bar" data-type="{episode["type"]}" x="{start:.1f}" y="{axis_y - bar}" '
                     f'width="{max(4.0, end - start):.1f}" height="{bar}" rx="2" fill="{color}" fill-opacity="0.8">'
                     f'<title>{escape(label)}</title></rect>')
        parts.append(f'<text x="{(start + end) / 2:.1f}" y="{axis_y - bar - 4}" font-size="10" text-anchor="middle" '
                     f'fill="{color}">{number}</text>')
        for strategy in episode["repair"]["strategies"]:
            cx, cy = x(strategy["turn"]), axis_y
            parts.append(f'<path class="repair-mark" d="M{cx:.1f} {cy - 7} L{cx + 6:.1f} {cy} L{cx:.1f} {cy + 7} '
                         f'L{cx - 6:.1f} {cy} Z" fill="{REPAIR_COLOR}"><title>{escape(strategy["id"])} at {unit} '
                         f'{strategy["turn"]}</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def _who(name: str) -> str:
    return name[len("member:"):] if name.startswith("member:") else name


def members_svg(record: dict[str, Any]) -> str:
    """A group over time: one row per member and therapist, a tick for each turn they spoke; ruptures as
    marks in the speaker's row (circle toward a therapist, square toward a member, with a line to that member's
    row, triangle toward the group), coloured by type; repair moves as green diamonds in the row of who made them."""
    group = record["group"]
    rows = list(group["members"]) + [name for name in group["therapists"] if name not in group["members"]]
    speakers = group.get("speaker_by_turn", [])
    turns = max(1, int(record["turns"]))
    left, right, row, top = 110, WIDTH - 10, 26, 10
    height = top + row * len(rows) + 24
    y_of = {name: top + row * index + row / 2 for index, name in enumerate(rows)}

    def x(turn: float) -> float:
        return left + (right - left) * (turn - 0.5) / turns

    parts = [f'<svg class="members-chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>Who spoke, and ruptures by member, in '
             f'{escape(record["file"])}</title>']
    for name, y in y_of.items():
        role = "member" if name in group["members"] else "therapist"
        parts.append(f'<text class="row-label" x="{left - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="#1d2330">{escape(name)}{"" if role == "member" else " (T)"}</text>'
                     f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#eceef2"/>')
    for turn, name in enumerate(speakers, start=1):
        if name in y_of:
            parts.append(f'<rect class="spoke" x="{x(turn) - 1.5:.1f}" y="{y_of[name] - 5:.1f}" width="3" height="10" '
                         f'fill="#b8bfcc"><title>{escape(name)}, turn {turn}</title></rect>')
    axis = top + row * len(rows) + 4
    step = max(1, round(turns / 10))
    for turn in range(1, turns + 1, step):
        parts.append(f'<text x="{x(turn):.1f}" y="{axis + 12}" font-size="10" text-anchor="middle" '
                     f'fill="#5a6272">{turn}</text>')
    parts.append(f'<text x="{left - 8}" y="{axis + 12}" font-size="10" text-anchor="end" fill="#5a6272">turn</text>')
    for number, episode in enumerate(record["episodes"], start=1):
        color = COLORS[episode["type"]]
        for marker in episode["markers"]:
            speaker, target = marker.get("speaker") or "", marker.get("target") or ""
            if speaker not in y_of or marker.get("evidence_only"):
                continue
            cx, cy = x(marker["turn"]), y_of[speaker]
            label = escape(f'Episode {number}: {marker["id"]} {marker["name"]}, {speaker} toward {_who(target)}, '
                           f'turn {marker["turn"]}')
            if target.startswith("member:") and _who(target) in y_of:
                parts.append(f'<line class="toward" x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" '
                             f'y2="{y_of[_who(target)]:.1f}" stroke="{color}" stroke-dasharray="3 2"/>')
                tag, shape = "rect", f'x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10"'
            elif target == "group":
                tag = "path"
                shape = f'd="M{cx:.1f} {cy - 6:.1f} L{cx + 6:.1f} {cy + 5:.1f} L{cx - 6:.1f} {cy + 5:.1f} Z"'
            else:
                tag, shape = "circle", f'cx="{cx:.1f}" cy="{cy:.1f}" r="5.5"'
            parts.append(f'<{tag} class="rupture-mark" data-target="{escape(target)}" {shape} fill="{color}">'
                         f'<title>{label}</title></{tag}>')
        for strategy in episode["repair"]["strategies"]:
            who = _who(strategy.get("by") or "")
            if who not in y_of:
                continue
            cx, cy = x(strategy["turn"]), y_of[who]
            parts.append(f'<path class="repair-mark" d="M{cx:.1f} {cy - 6:.1f} L{cx + 5:.1f} {cy:.1f} L{cx:.1f} '
                         f'{cy + 6:.1f} L{cx - 5:.1f} {cy:.1f} Z" fill="{REPAIR_COLOR}"><title>'
                         f'{escape(strategy["id"])} by {escape(who)}, turn {strategy["turn"]}</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def _by(strategy: dict[str, Any]) -> str:
    return f' by {escape(_who(strategy["by"]))}' if strategy.get("by") else ""


def _members_legend() -> str:
    return ('<p class="legend"><span>grey tick: spoke</span><span>● toward a therapist</span>'
            '<span>■ toward a member (dashed line to them)</span><span>▲ toward the group</span>'
            f'<span><i class="swatch" style="background:{REPAIR_COLOR}"></i>repair move, in the row of who made it'
            '</span></p>')


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
    return (f'<p><b>Group:</b> {escape(group["text"])}</p>{_members_legend()}{members_svg(record)}'
            '<table class="members"><tr><th>member</th><th>turns</th><th>words</th><th>share</th>'
            '<th>silences (longest)</th><th>talked over</th><th>withdrawal/confrontation</th><th>ruptures at them</th>'
            f'<th>repairs made</th><th>withdrew</th></tr>{rows}</table>')


def trend_svg(client: dict[str, Any]) -> str:
    """Ruptures per session (stacked bars by type) and the alliance index (line, 0-100)."""
    sessions = client["sessions"]
    count = max(1, len(sessions))
    left, right, top, bottom, height = 40, WIDTH - 40, 14, 150, 190
    slot = (right - left) / count
    most = max([point["withdrawal"] + point["confrontation"] for point in sessions] + [1])
    parts = [f'<svg class="trend" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>Ruptures and alliance across sessions</title>',
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#9aa3b2"/>']
    points = []
    for index, point in enumerate(sessions):
        centre = left + slot * (index + 0.5)
        base = bottom
        for kind in ("withdrawal", "confrontation"):
            value = point[kind]
            if value:
                bar = (bottom - top - 20) * value / most
                parts.append(f'<rect class="trend-bar" x="{centre - slot * 0.25:.1f}" y="{base - bar:.1f}" '
                             f'width="{slot * 0.5:.1f}" height="{bar:.1f}" fill="{COLORS[kind]}" fill-opacity="0.8">'
                             f'<title>{value} {kind}</title></rect>')
                base -= bar
        label = point["date"] or f"#{index + 1}"
        parts.append(f'<text x="{centre:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
                     f'fill="#5a6272">{escape(label)}</text>')
        points.append((centre, bottom - (bottom - top) * point["alliance_index"] / 100))
    if points:
        path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f} {py:.1f}" for i, (px, py) in enumerate(points))
        parts.append(f'<path class="alliance-line" d="{path}" fill="none" stroke="#444" stroke-width="2"/>')
        for (px, py), point in zip(points, sessions, strict=True):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="#444"><title>alliance index '
                         f'{point["alliance_index"]}</title></circle>')
    parts.append(f'<text x="{right + 4}" y="{top + 4}" font-size="10" fill="#444">100</text>'
                 f'<text x="{right + 4}" y="{bottom}" font-size="10" fill="#444">0</text></svg>')
    return "".join(parts)


def _source(marker: dict[str, Any]) -> str:
    """Where a finding came from and how strong it is: 'rule' or 'model 0.64, moderate'."""
    if marker.get("source") == "model":
        return f'model {marker["score"]:.2f}, {marker.get("strength", "")}'
    return "rule" if not marker.get("evidence_only") else "rule (evidence)"


def profile_svg(profile: dict[str, Any]) -> str:
    """The rupture-repair profile as three bars (0-100%): contribution, repaired, met with more of the same."""
    rows = [("followed a straining therapist move", profile.get("contribution_rate"), "#b26a00"),
            ("repaired (resolved)", profile.get("share_repaired"), REPAIR_COLOR)]
    width, label_width, bar_width, row = 520, 250, 220, 22
    parts = [f'<svg class="profile" role="img" viewBox="0 0 {width} {row * len(rows) + 6}" width="{width}" '
             f'height="{row * len(rows) + 6}" xmlns="http://www.w3.org/2000/svg"><title>Rupture-repair profile'
             '</title>']
    for index, (label, value, color) in enumerate(rows):
        y = 4 + index * row
        share = float(value or 0.0)
        parts.append(f'<text x="0" y="{y + 13}" font-size="11" fill="#1d2330">{escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="16" fill="#eceef2"/>'
                     f'<rect class="profile-bar" x="{label_width}" y="{y}" width="{bar_width * share:.1f}" height="16" '
                     f'fill="{color}"><title>{share:.0%}</title></rect>'
                     f'<text x="{label_width + bar_width + 6}" y="{y + 13}" font-size="11" fill="#1d2330">'
                     f'{"-" if value is None else f"{share:.0%}"}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
                f'<p><b>Instead:</b> {escape(episode["moves_before"][-1]["instead"])}</p>')
    later = episode["repair_quality"]["moves_after"]
    if later:
        listed = ", ".join(f'{escape(move["id"])} ({unit} {move["turn"]})' for move in later)
        text += f"<p><b>More of the same before any repair:</b> {listed}</p>"
    return text


def _episode(number: int, episode: dict[str, Any], unit: str) -> str:
    stage, repair = episode["stage"], episode["repair"]
    group = bool(episode.get("speaker"))

    def who(marker: dict[str, Any]) -> str:
        return (f'<td>{escape(marker.get("speaker") or "")}</td><td>{escape(_who(marker.get("target") or ""))}</td>'
                if group else "")

    rows = "".join(
        f'<tr><td>{marker["turn"]}</td><td>{marker["line"]}</td>{who(marker)}<td>{escape(marker["id"])} '
        f'{escape(marker["name"])}<br><span class="note">{escape(_source(marker))}</span></td>'
        f'<td class="quote">“{escape(marker["quote"])}”</td></tr>' for marker in episode["markers"])
    strategies = ", ".join(f'{escape(item["id"])}{_by(item) if group else ""} ({unit} {item["turn"]})'
                           for item in repair["strategies"]) or "none"
    direction = (f' <span class="direction">{escape(episode["speaker"])} → {escape(_who(episode["target"]))}</span>'
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
    if not record["episodes"]:
        return head + ('<p class="calm">No rupture markers found in this session. Nothing here calls for a repair '
                       'step.</p>' + group + '</section>')
    episodes = "".join(_episode(number, episode, unit) for number, episode in enumerate(record["episodes"], 1))
    profile = record["summary"].get("therapist")
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
