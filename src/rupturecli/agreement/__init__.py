"""`rupture agree`: human coders' codes read, aligned with the tool's findings, and agreement statistics.

coding.py says what a coding is; codes.py reads one from any code file (csv_codes.py, json_codes.py,
results.py; transcripts.py finds a session's client turns); align.py pairs two codings; stats.py holds the
statistics and report.py the turn- and session-level reports built from them.
"""
