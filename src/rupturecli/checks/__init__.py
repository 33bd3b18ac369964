"""`rupture check`: findings as a CI reads them, thresholds that fail a run, and baselines of accepted ones."""
