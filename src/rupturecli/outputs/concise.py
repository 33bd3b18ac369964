"""`rupture check --format concise`: one `path:line:col: ID message` line per finding, for terminals and grep."""

from __future__ import annotations

from rupturecli.checks.findings import FileFindings
from rupturecli.outputs.formats import FindingFormat


def render_concise(files: list[FileFindings]) -> str:
    """Editors and terminals turn `path:line:col:` into a link; nothing else is printed."""
    return "".join(f"{finding.path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.message}\n"
                   for item in files for finding in item.findings)


FORMAT = FindingFormat("concise", lambda files, _rules: render_concise(files))
