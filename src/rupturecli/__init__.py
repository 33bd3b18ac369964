"""rupturecli: find alliance ruptures in psychotherapy notes and transcripts."""

__version__ = "0.1.0"
