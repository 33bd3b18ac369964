"""`rupture train`: the move model learned from coded sessions (needs the `train` extra: scikit-learn).

What it reads: coded.py (what a coded transcript or note is), transcript_set.py (real transcripts and
their coders' files, coders.py), dialogue_set.py and note_set.py (the project's written sets, written.py),
rule_examples.py, and corpus.py (every set a config names). How it learns: dataset.py (feature rows and
their matrix), fit.py (scikit-learn fits kept as linear heads), heads.py (what each head learns),
stack.py (the second stage), validation.py (folds and thresholds), notes_heads.py, and train.py, which
runs them all.
"""

from rupturecli.errors import RuptureError


class TrainingError(RuptureError):
    """Training cannot go on: a missing dependency, or too little coded data."""


__all__ = ["TrainingError"]
