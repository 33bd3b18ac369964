"""The SVG charts of the HTML report: a session's timeline, a group's members over time, a client's trend and
a rupture-repair profile. Inline SVG only: the page loads nothing from outside."""

from __future__ import annotations

from html import escape
from typing import Any

from rupturecli.analysis.report import counted_strategies

COLORS = {"withdrawal": "#1f77b4", "confrontation": "#c2185b"}
REPAIR_COLOR = "#2e7d32"
WIDTH = 860


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
        for strategy in counted_strategies(episode):
            cx, cy = x(strategy["turn"]), axis_y
            parts.append(f'<path class="repair-mark" d="M{cx:.1f} {cy - 7} L{cx + 6:.1f} {cy} L{cx:.1f} {cy + 7} '
                         f'L{cx - 6:.1f} {cy} Z" fill="{REPAIR_COLOR}"><title>{escape(strategy["id"])} at {unit} '
                         f'{strategy["turn"]}</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def member_name(name: str) -> str:
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
            label = escape(f'Episode {number}: {marker["id"]} {marker["name"]}, {speaker} toward '
                           f'{member_name(target)}, turn {marker["turn"]}')
            if target.startswith("member:") and member_name(target) in y_of:
                parts.append(f'<line class="toward" x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" '
                             f'y2="{y_of[member_name(target)]:.1f}" stroke="{color}" stroke-dasharray="3 2"/>')
                tag, shape = "rect", f'x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10"'
            elif target == "group":
                tag = "path"
                shape = f'd="M{cx:.1f} {cy - 6:.1f} L{cx + 6:.1f} {cy + 5:.1f} L{cx - 6:.1f} {cy + 5:.1f} Z"'
            else:
                tag, shape = "circle", f'cx="{cx:.1f}" cy="{cy:.1f}" r="5.5"'
            parts.append(f'<{tag} class="rupture-mark" data-target="{escape(target)}" {shape} fill="{color}">'
                         f'<title>{label}</title></{tag}>')
        for strategy in counted_strategies(episode):
            who = member_name(strategy.get("by") or "")
            if who not in y_of:
                continue
            cx, cy = x(strategy["turn"]), y_of[who]
            parts.append(f'<path class="repair-mark" d="M{cx:.1f} {cy - 6:.1f} L{cx + 5:.1f} {cy:.1f} L{cx:.1f} '
                         f'{cy + 6:.1f} L{cx - 5:.1f} {cy:.1f} Z" fill="{REPAIR_COLOR}"><title>'
                         f'{escape(strategy["id"])} by {escape(who)}, turn {strategy["turn"]}</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def members_legend() -> str:
    return ('<p class="legend"><span>grey tick: spoke</span><span>● toward a therapist</span>'
            '<span>■ toward a member (dashed line to them)</span><span>▲ toward the group</span>'
            f'<span><i class="swatch" style="background:{REPAIR_COLOR}"></i>repair move, in the row of who made it'
            '</span></p>')


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


def profile_svg(profile: dict[str, Any]) -> str:
    """The rupture-repair profile as bars (0-100%): ruptures after a straining move, repaired, and (when the run
    read every therapist turn) the therapist turns showing a straining move."""
    rows = [("followed a straining therapist move", profile.get("contribution_rate"), "#b26a00", ""),
            ("repaired (resolved)", profile.get("share_repaired"), REPAIR_COLOR, "")]
    straining = profile.get("straining_moves_per_100_therapist_turns")
    if straining is not None:  # said as the text says it, per 100 therapist turns, not as a share
        rows.append(("therapist turns with a straining move", straining / 100, "#8a4b08", f"{straining:g} per 100"))
    width, label_width, bar_width, row = 570, 250, 220, 22
    parts = [f'<svg class="profile" role="img" viewBox="0 0 {width} {row * len(rows) + 6}" width="{width}" '
             f'height="{row * len(rows) + 6}" xmlns="http://www.w3.org/2000/svg"><title>Rupture-repair profile'
             '</title>']
    for index, (label, value, color, said) in enumerate(rows):
        y = 4 + index * row
        share = float(value or 0.0)
        shown = "-" if value is None else said or f"{share:.0%}"
        parts.append(f'<text x="0" y="{y + 13}" font-size="11" fill="#1d2330">{escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="16" fill="#eceef2"/>'
                     f'<rect class="profile-bar" x="{label_width}" y="{y}" width="{bar_width * share:.1f}" height="16" '
                     f'fill="{color}"><title>{escape(shown)}</title></rect>'
                     f'<text x="{label_width + bar_width + 6}" y="{y + 13}" font-size="11" fill="#1d2330">'
                     f'{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)

