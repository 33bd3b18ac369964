"""`rupture agree`: human coders' codes read, aligned with the tool's findings, and agreement statistics."""
