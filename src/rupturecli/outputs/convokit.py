"""`--format convokit`: a ConvoKit corpus folder, streamed and resumable (outputs/sinks/convokit.py)."""

from __future__ import annotations

from rupturecli.outputs.formats import ReportFormat
from rupturecli.outputs.sinks.convokit import ConvokitSink

FORMAT = ReportFormat("convokit", sink=ConvokitSink, needs_output="FOLDER")
