"""`rupture check --format gitlab`: a GitLab Code Quality report (a JSON list of issues)."""

from __future__ import annotations

import json
from typing import Any

from rupturecli.checks.findings import FileFindings, Finding
from rupturecli.outputs.formats import FindingFormat

SEVERITY = {"error": "major", "warning": "minor"}


def _issue(finding: Finding) -> dict[str, Any]:
    return {
        "description": f"{finding.title}: {finding.message}",
        "check_name": finding.rule_id,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITY[finding.level],
        "location": {"path": finding.uri, "lines": {"begin": finding.line}},
    }


def render_gitlab(files: list[FileFindings]) -> str:
    """GitLab shows these in the merge request widget; the fingerprint tells new issues from old ones."""
    issues = [_issue(finding) for item in files for finding in item.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


FORMAT = FindingFormat("gitlab", lambda files, _rules: render_gitlab(files))
