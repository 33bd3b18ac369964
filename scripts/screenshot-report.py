#!/usr/bin/env python3
"""Render the example client's HTML report in headless Chromium and save docs/report-example.png.

Usage: python scripts/screenshot-report.py   (needs Debian's chromium and `pip install playwright`)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    browser_path = shutil.which("chromium") or sys.exit("chromium not found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        subprocess.run([sys.executable, "-m", "rupturecli.cli", "analyze", "examples/client-rowan",
                        "--by-client", "--format", "html", "-o", str(report), "-q", "--isolated"], check=True,
                       cwd=ROOT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.goto(report.as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report-example.png"))
            browser.close()
    print("wrote docs/report-example.png")


if __name__ == "__main__":
    main()
