"""The privacy package's public names in one place, for code that redacts without knowing its layout.

find_phi (detect.py) finds the PHI in a text; redact_text, redact_path, redact_report and redact_client_summary
(redact.py) replace it; evaluate (evaluate.py) measures the detectors on labelled snippets, as
`rupture privacy evaluate FILE` does. Importing this module compiles every detector's patterns: import it (or
redact.py) only when a run redacts, so a short note starts fast.
"""

from __future__ import annotations

from rupturecli.privacy.detect import find_phi
from rupturecli.privacy.evaluate import KindScore, evaluate, format_table, load_snippets, misses
from rupturecli.privacy.known_names import name_words
from rupturecli.privacy.redact import (
    redact_client_summary,
    redact_path,
    redact_report,
    redact_text,
    redaction_fingerprint,
    run_member_aliases,
)
from rupturecli.privacy.spans import KINDS, Kind, Span

__all__ = [
    "KINDS", "Kind", "KindScore", "Span", "evaluate", "find_phi", "format_table", "load_snippets", "misses",
    "name_words", "redact_client_summary", "redact_path", "redact_report", "redact_text", "redaction_fingerprint",
    "run_member_aliases",
]
