"""The HTML report: self-contained, readable across sessions, and checked in a real headless browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "examples" / "client-rowan"
runner = CliRunner()


def render(tmp_path: Path, *arguments: str) -> Path:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", *arguments, "--format", "html", "-o", str(out), "-q", "--isolated"])
    assert result.exit_code == 0, result.output
    return out


def test_report_is_self_contained(tmp_path: Path) -> None:
    html = render(tmp_path, str(CLIENT), "--by-client").read_text(encoding="utf-8")
    assert "default-src 'none'" in html  # a CSP that forbids every external load
    assert "<script" not in html and "<link" not in html and "@import" not in html and "url(" not in html
    external = [url for url in re.findall(r"https?://[^\s\"'<>]+", html) if url != "http://www.w3.org/2000/svg"]
    assert external == []


def test_client_view_shows_trend_recurrence_and_exploratory_advice(tmp_path: Path) -> None:
    html = render(tmp_path, str(CLIENT), "--by-client").read_text(encoding="utf-8")
    assert "Client: Rowan" in html and 'class="trend"' in html
    assert html.index("2026-01-12-session-1") < html.index("2026-02-23-session-4")  # sessions in date order
    assert "fourth session in a row with C3 complaint-about-activities: consider exploring the pattern" in html
    assert "C3: 4 sessions (longest run 4 in a row)" in html
    assert html.count('class="timeline"') == 4  # one per session with an episode
    assert html.count('class="repair-mark"') >= 2


def test_session_without_ruptures_says_so(tmp_path: Path) -> None:
    note = tmp_path / "calm.txt"
    note.write_text("She talked warmly about the new job and we planned the next exposure step together.\n",
                    encoding="utf-8")
    html = render(tmp_path, str(note)).read_text(encoding="utf-8")
    assert "No rupture markers found in this session." in html


def test_json_by_client_orders_sessions_and_reports_trajectory() -> None:
    import json

    result = runner.invoke(app, ["analyze", str(CLIENT), "--by-client", "--format", "json", "--isolated"])
    assert result.exit_code == 0
    client = json.loads(result.stdout)["clients"][0]
    dates = [point["date"] for point in client["sessions"]]
    assert dates == sorted(dates) and len(dates) == 4
    assert client["trajectory"]["direction"] in {"improving", "worsening", "steady", "recovered", "uneven",
                                                 "partly recovered"}
    assert client["trajectory"]["description"].rsplit("; ", 1)[-1].startswith("last session ")
    assert {item["marker"] for item in client["recurring_markers"]} >= {"C3"}


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (Debian: apt-get install chromium); browser check skipped")


def test_report_renders_in_headless_chromium_without_errors_or_requests(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")
    browser_path = _chromium()
    report = render(tmp_path, str(CLIENT), "--by-client")
    console_errors: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("console", lambda message: console_errors.append(message.text) if message.type == "error"
                    else None)
            page.on("pageerror", lambda error: console_errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri())
            assert page.locator("h1").inner_text() == "Alliance rupture report"
            assert page.locator("svg.trend").is_visible()
            assert page.locator("svg.timeline").first.is_visible()
            assert page.locator("article.episode").count() >= 5
            assert page.locator("text=fourth session in a row").first.is_visible()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert console_errors == []
    assert requests == [report.as_uri()]
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_every_svg_label_fits_inside_its_picture(tmp_path: Path) -> None:
    """The timeline's axis label once read 'ntence': 'sentence' ran off the left edge of the picture."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")
    browser_path = _chromium()
    report = render(tmp_path, str(ROOT / "examples" / "seed-intellectualising-notes.txt"),
                    str(ROOT / "examples" / "session-homework.txt"), str(CLIENT))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(report.as_uri())
            outside = page.evaluate("""() => [...document.querySelectorAll('svg text')].flatMap(text => {
                const box = text.getBBox(), view = text.ownerSVGElement.viewBox.baseVal;
                const fits = box.x >= view.x - 0.5 && box.x + box.width <= view.x + view.width + 0.5
                    && box.y >= view.y - 0.5 && box.y + box.height <= view.y + view.height + 0.5;
                return fits ? [] : [text.textContent + ' at x ' + box.x.toFixed(1) + ' width ' + box.width.toFixed(1)];
            })""")
            labels = page.evaluate("() => [...document.querySelectorAll('svg.timeline text')].map(t => t.textContent)")
        finally:
            browser.close()
    assert "sentence" in labels and "turn" in labels
    assert outside == []


def test_the_therapists_part_and_profile_are_shown(tmp_path: Path) -> None:
    """A warning right before a withdrawal: the move with its words, what to try instead, and the profile chart."""
    html = render(tmp_path, str(ROOT / "examples" / "session-drinking-unaddressed.txt")).read_text(encoding="utf-8")
    assert "Therapist's part:" in html and "clear contribution" in html
    assert 'class="therapist-move"' in html and "TC-WARN warning" in html
    assert "<b>Instead:</b>" in html and "More of the same before any repair:" in html
    assert 'class="profile"' in html and "followed a straining therapist move" in html
    # the repair reads as the terminal's: its status first, never a bare "none"
    assert "<b>Repair:</b> unaddressed: no resolution strategy found after it" in html
    assert "<b>Repair:</b> none" not in html
