"""Baselines: a JSON sidecar of accepted findings, so `check` gates only what is new.

The sidecar holds fingerprints (the same as SARIF's partialFingerprints), the file and the rule id,
never a line number or a quote: it survives edits that move lines and carries no client words.
Transcripts themselves are never touched.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rupturecli.checks.findings import FINGERPRINT_KEY, FileFindings
from rupturecli.errors import InputError
from rupturecli.parsing.reading import read_regular

BASELINE_VERSION = 1


def render_baseline(files: list[FileFindings]) -> str:
    """Every finding, sorted so the file diffs cleanly when it is regenerated."""
    entries = sorted(
        ({"fingerprint": finding.fingerprint, "path": finding.uri, "rule_id": finding.rule_id, "type": finding.type}
         for item in files for finding in item.findings),
        key=lambda entry: (entry["path"], entry["rule_id"], entry["fingerprint"]))
    document = {"version": BASELINE_VERSION, "tool": "rupturecli", "fingerprint": FINGERPRINT_KEY,
                "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _check_version(document: dict[str, object], path: Path) -> None:
    """A baseline from another rupturecli says what differs (its version or its fingerprints), never a bare
    'unsupported'; its findings could not match, so every one would be reported as new."""
    recreate = "; recreate it with `rupture baseline create`"
    version = document.get("version")
    if "version" not in document:
        raise InputError(f"no baseline 'version' (this rupturecli reads version {BASELINE_VERSION}){recreate}", path)
    if type(version) is not int or version != BASELINE_VERSION:  # `true` is no version 1
        raise InputError(f"unsupported baseline version {json.dumps(version)} (this rupturecli reads version "
                         f"{BASELINE_VERSION}){recreate}", path)
    scheme = document.get("fingerprint", FINGERPRINT_KEY)
    if scheme != FINGERPRINT_KEY:
        raise InputError(f"baseline has fingerprints {scheme!r}, but this "
                         f"rupturecli makes '{FINGERPRINT_KEY}'{recreate}", path)


def read_baseline(path: Path) -> Counter[str]:
    """The accepted fingerprints (with how often each was accepted), or an InputError naming the file."""
    if not os.path.lexists(path):
        raise InputError("no such baseline (make one first: rupture baseline create PATHS -o FILE)", path)
    data = read_regular(Path(path), what="baseline")  # a FIFO would wait for a writer forever
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise InputError("baseline is not valid JSON", path, line) from None
    except RecursionError:
        raise InputError("baseline is not valid JSON (nested too deeply)", path) from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise InputError("not a rupture baseline (expected an object with a 'findings' list)", path)
    _check_version(document, path)
    accepted: Counter[str] = Counter()
    for entry in document["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise InputError("every baseline finding needs a 'fingerprint' string", path)
        accepted[entry["fingerprint"]] += 1
    return accepted


def filter_new(files: list[FileFindings], accepted: Counter[str]) -> list[FileFindings]:
    """Drop findings the baseline accepted; the rest are new and are reported and gated."""
    remaining = Counter(accepted)
    result = []
    for item in files:
        kept = []
        for finding in item.findings:
            if remaining[finding.fingerprint] > 0:
                remaining[finding.fingerprint] -= 1
            else:
                kept.append(finding)
        result.append(replace(item, findings=tuple(kept)))
    return result


__all__ = ["BASELINE_VERSION", "filter_new", "read_baseline", "render_baseline"]
