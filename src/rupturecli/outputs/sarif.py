"""`rupture check --format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, IDEs).

`tool.driver.rules` lists every marker and therapist move of the run's rule set; each result points at its
rule by id and index, at a repo-relative file under `%SRCROOT%`, and carries a fingerprint that ignores line numbers.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from rupturecli import __version__
from rupturecli.analysis.report import LIMITS
from rupturecli.checks.findings import (
    FINGERPRINT_KEY,
    RATE_RULE_ID,
    RATE_RULE_NAME,
    FileFindings,
    Finding,
    InputProblem,
)
from rupturecli.outputs.formats import FindingFormat
from rupturecli.rules.compiled import RuleSet
from rupturecli.rules.model import Marker, TherapistMove

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def _rule(marker: Marker) -> dict[str, Any]:
    """A marker described from its rule data: never anything from a session."""
    kind = f"{marker.rupture} {'evidence' if marker.evidence_only or marker.speaker == 'therapist' else 'marker'}"
    description = " ".join(marker.description.split()) or f"{marker.name} ({kind})."
    help_text = (f"{description} An episode is rated 1-5 for significance and checked for repair; "
                 f"run `rupture rules explain {marker.id}` for its patterns, conditions and examples.")
    rule: dict[str, Any] = {
        "id": marker.id,
        "name": marker.name,
        "shortDescription": {"text": f"{marker.name} ({kind})"},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["alliance-rupture", marker.rupture], "rupture": marker.rupture,
                       "evidenceOnly": marker.evidence_only},
    }
    if marker.aliases:
        rule["deprecatedIds"] = list(marker.aliases)
    return rule


def _move_rule(move: TherapistMove) -> dict[str, Any]:
    """A therapist move described from its rule data: what it is and what to try instead."""
    description = " ".join(move.description.split()) or move.feedback
    help_text = (f"{description} Reported at the therapist's turn before a rupture; instead: {move.instead}. "
                 f"Run `rupture rules explain {move.id}` for its patterns and examples.")
    return {
        "id": move.id,
        "name": move.name,
        "shortDescription": {"text": f"{move.name} (therapist contribution)"},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["alliance-rupture", "therapist-contribution"], "references": list(move.references)},
    }


def _uri(path: str) -> str:
    """The file's own path percent-encoded (a newline is %0A, a byte that is not UTF-8 is itself: %E9)."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _result(finding: Finding, index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"episodeType": finding.type, "mixed": finding.mixed,
                                  "significance": finding.significance, "repairStatus": finding.repair,
                                  "markers": list(finding.marker_ids), "nextStep": finding.next_step}
    if finding.rate is not None:  # the file's straining moves: no episode to describe
        properties = {"strainingMovesPer100TherapistTurns": finding.rate, "moves": list(finding.marker_ids),
                      "nextStep": finding.next_step}
    if finding.found_by:
        properties["foundBy"] = finding.found_by
    if finding.contribution:
        properties["contribution"] = finding.contribution
    if finding.quotes:
        properties["evidence"] = [{"marker": item.marker_id, "line": item.line, "quote": item.quote}
                                  for item in finding.quotes]
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": finding.level,
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.location), "uriBaseId": SRCROOT},
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    }


def _rate_rule() -> dict[str, Any]:
    """`--max-straining-rate`: the file's straining moves in every therapist turn, rupture or not."""
    text = ("Therapist turns showing a straining move (lecturing, warning, pushing a task...), per 100 therapist "
            "turns of the file, whether or not a rupture followed; reported at the first of them, with the moves "
            "counted by id. Fails past --max-straining-rate.")
    return {"id": RATE_RULE_ID, "name": RATE_RULE_NAME,
            "shortDescription": {"text": f"{RATE_RULE_NAME} (therapist contribution)"},
            "fullDescription": {"text": text}, "help": {"text": text, "markdown": text},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["alliance-rupture", "therapist-contribution"]}}


def _invocation(problems: list[InputProblem]) -> dict[str, Any]:
    """Whether every input was checked; each one that could not be is a notification at its file."""
    if not problems:
        return {"executionSuccessful": True}
    notifications = []
    for problem in problems:
        notification: dict[str, Any] = {"level": "error", "message": {"text": problem.message}}
        if problem.uri:
            notification["locations"] = [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(problem.uri), "uriBaseId": SRCROOT}}}]
        notifications.append(notification)
    return {"executionSuccessful": False, "toolExecutionNotifications": notifications}


def render_sarif(files: list[FileFindings], rules: RuleSet, problems: list[InputProblem] | None = None) -> str:
    """One run; a finding whose marker is not in the rule set (never expected) still gets a rule entry."""
    descriptors = [_rule(compiled.marker) for compiled in rules.markers]
    descriptors += [_move_rule(compiled.move) for compiled in rules.moves]
    if any(finding.rate is not None for item in files for finding in item.findings):
        descriptors.append(_rate_rule())
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    results = []
    for item in files:
        for finding in item.findings:
            if finding.rule_id not in index:
                index[finding.rule_id] = len(descriptors)
                descriptors.append({"id": finding.rule_id, "name": finding.rule_name,
                                    "shortDescription": {"text": finding.title}})
            results.append(_result(finding, index[finding.rule_id]))
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "rupturecli", "version": __version__, "semanticVersion": __version__,
                                "rules": descriptors}},
            "invocations": [_invocation(problems or [])],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"howSure": LIMITS},
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMAT = FindingFormat("sarif", render_sarif, render_sarif)
