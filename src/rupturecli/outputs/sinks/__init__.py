"""Batch outputs written while the batch runs, resumable, and atomic at the end.

Each file sink streams into `<output>.partial` and, when the run completes, its records become
`<output>` by a rename, so readers never see half a file; an interrupted run leaves the partial file and
the resume state (`<output>.resume`) so the same command picks up where it stopped.
"""

from rupturecli.outputs.sinks.base import Sink
from rupturecli.outputs.sinks.resume import ResumeState

__all__ = ["ResumeState", "Sink"]
