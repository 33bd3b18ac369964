"""`rupture check --format junit`: JUnit XML, so any CI test-report view shows the check.

One testsuite per checked file; one testcase per finding (a failure when it reaches the threshold,
passing otherwise), and a single passing testcase for a file without findings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from rupturecli.analysis.report import LIMITS
from rupturecli.checks.findings import FileFindings, Finding, InputProblem
from rupturecli.outputs.formats import FindingFormat
from rupturecli.printable import printable

CLEAN_CASE = "no rupture findings"
PROBLEM_CASE = "read the file"
# Characters XML 1.0 cannot carry, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")  # bytes of a file name that were not UTF-8


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _file(real: str) -> str:
    """The `file` attribute: the file's own path where XML can carry it (a newline can: it is written as
    &#10;), so a report view can open it; else the name with visible escapes."""
    if _INVALID_XML.search(real) or _SURROGATES.search(real):
        return printable(real)
    return real


def _case_name(finding: Finding) -> str:
    """Unique within its file (episode number), and stable when lines move."""
    if finding.rate is not None:
        return "straining moves in every therapist turn"  # one a file
    if finding.contribution:
        return f"episode {finding.episode}: therapist move {finding.rule_id} before {finding.type}"
    return f"episode {finding.episode}: {finding.rule_id} {finding.type}"


def _details(finding: Finding) -> str:
    if finding.rate is not None:
        return _clean("\n".join([
            f"{finding.uri}:{finding.line}:{finding.column}: {finding.rule_id} {finding.rule_name}",
            f"straining moves per 100 therapist turns: {finding.rate:g}", f"moves: {', '.join(finding.marker_ids)}",
            f"next step: {finding.next_step}", *([finding.note] if finding.note else [])]))
    lines = [f"{finding.uri}:{finding.line}:{finding.column}: {finding.rule_id} {finding.rule_name}",
             f"type: {finding.type}{' (mixed)' if finding.mixed else ''}",
             f"significance: {finding.significance}/5", f"repair: {finding.repair}",
             f"markers: {', '.join(finding.marker_ids)}", f"next step: {finding.next_step}"]
    if finding.contribution:  # a therapist's move: the supervisor's note, whatever the level
        lines.insert(1, f"contribution: {finding.contribution}: {finding.feedback}")
    if finding.found_by:
        lines.append(f"found by: {finding.found_by}")
    if finding.suggestion:
        lines.append(f"suggested: {finding.suggestion}")
    if finding.note:
        lines.append(finding.note)
    lines.extend(f'evidence: {item.marker_id} line {item.line}: "{item.quote}"' for item in finding.quotes)
    return _clean("\n".join(lines))


def _suite(item: FileFindings) -> ElementTree.Element:
    failures = sum(1 for finding in item.findings if finding.level == "error")
    tests = max(1, len(item.findings))
    suite = ElementTree.Element("testsuite", {"name": _clean(item.uri), "tests": str(tests),
                                              "failures": str(failures), "errors": "0", "skipped": "0",
                                              "time": "0"})
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", {"name": "how-sure", "value": LIMITS})
    if not item.findings:
        ElementTree.SubElement(suite, "testcase", {"name": CLEAN_CASE, "classname": _clean(item.uri),
                                                   "file": _file(item.location), "time": "0"})
    for finding in item.findings:
        case = ElementTree.SubElement(suite, "testcase", {
            "name": _case_name(finding), "classname": _clean(item.uri), "file": _file(item.location),
            "line": str(finding.line), "time": "0"})
        if finding.level == "error":
            failure = ElementTree.SubElement(case, "failure", {"message": _clean(finding.message),
                                                               "type": finding.rule_id})
            failure.text = _details(finding)
        else:
            output = ElementTree.SubElement(case, "system-out")
            output.text = "below the threshold: " + _details(finding)
    return suite


def _problem_suite(problem: InputProblem) -> ElementTree.Element:
    """An input that could not be read: one test case in error, so the report is not green without it."""
    name = _clean(printable(problem.uri) or "input")
    suite = ElementTree.Element("testsuite", {"name": name, "tests": "1", "failures": "0", "errors": "1",
                                              "skipped": "0", "time": "0"})
    case = ElementTree.SubElement(suite, "testcase", {"name": PROBLEM_CASE, "classname": name,
                                                      "file": _file(problem.uri) if problem.uri else name,
                                                      "time": "0"})
    error = ElementTree.SubElement(case, "error", {"message": _clean(problem.message), "type": "input-error"})
    error.text = _clean(f"{printable(problem.uri)}: {problem.message}" if problem.uri else problem.message)
    return suite


def render_junit(files: list[FileFindings], problems: list[InputProblem] | None = None) -> str:
    """A <testsuites> document; counts add up so test-report views agree with the exit code (an input that
    could not be read is a test case in error)."""
    root = ElementTree.Element("testsuites", {"name": "rupture check"})
    suites = [_suite(item) for item in files] + [_problem_suite(problem) for problem in problems or []]
    root.set("tests", str(sum(int(suite.get("tests", "0")) for suite in suites)))
    root.set("failures", str(sum(int(suite.get("failures", "0")) for suite in suites)))
    root.set("errors", str(sum(int(suite.get("errors", "0")) for suite in suites)))
    root.extend(suites)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


FORMAT = FindingFormat("junit", lambda files, _rules: render_junit(files),
                       lambda files, _rules, problems: render_junit(files, problems))
