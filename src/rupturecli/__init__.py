"""rupturecli: find alliance ruptures in psychotherapy notes and transcripts.

Python API: `analyze_text(text)` and `analyze_path(path)` return plain dicts in the JSON schema of
`rupture analyze --format json` (picklable, so they travel to worker processes and clusters).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
__all__ = ["__version__", "analyze_path", "analyze_text"]


def analyze_text(*args: Any, **kwargs: Any) -> dict[str, Any]:
    from rupturecli.api import analyze_text as run

    return run(*args, **kwargs)


def analyze_path(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    from rupturecli.api import analyze_path as run

    return run(*args, **kwargs)
