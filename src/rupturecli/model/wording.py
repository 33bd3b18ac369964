"""The learned reader of how significant a rupture turn's own words are, on the coders' 1-5 scale.

Coders rate a rupture turn by what it does to the alliance, and much of that is in the words ("this is a
waste of my time" against "I suppose"). One linear head over the turn's words and word pairs, fitted by
ridge regression to the two coders' mean significance of every coded rupture of the real transcripts
(`python scripts/evaluate-significance.py --write`), shipped in `significance/`. The rubric
(`rules/significance.yaml`) reads it as one cue, `measure: wording`, with a fitted weight; like every cue,
it says which words raised it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rupturecli.model.cues import readable_cues
from rupturecli.model.features import Feature, ngrams, tokens
from rupturecli.model.linear import LinearHead
from rupturecli.model.store import ModelError, load_model_files

SHIPPED = Path(__file__).resolve().parent / "significance"
LABEL = "significance"
MIN_PUSH = 0.05  # rating points a word must add to be named in a reason
# words that carry no judgement of their own, named in no reason (the cues' own function words are left out too)
PLAIN_WORDS = frozenset("up get got these those just like really well then now them some any one out about as if or "
                        "go going gonna say said would will can could me my i you".split())
# a capitalised word not at the start of the turn or of a sentence
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<![.!?]\s\s)(?<!^)(?<!^\s)\b([A-Z][a-z'][\w']*)")


def wording_features(text: str) -> list[Feature]:
    """A client turn's words and word pairs (the same features training saw)."""
    return ngrams("c", tokens(text))


@dataclass(frozen=True)
class WordingHead:
    head: LinearHead

    def read(self, text: str) -> tuple[float, tuple[str, ...]]:
        """The coders' likely 1-5 rating of these words, and the words that raised it most, quoted: each raising
        it by at least MIN_PUSH, and none written as a name in the turn (a reason must not undo --redact)."""
        row = wording_features(text)
        rating = float(self.head.logits([row])[0, 0])
        names = written_as_names(text)
        pushing = [(self.head.weights[column, 0] * value, name) for name, value in row
                   if (column := self.head.index.get(name)) is not None and not names & set(name[2:].split())
                   and not set(name[2:].split()) <= PLAIN_WORDS]
        strongest = [name for push, name in sorted(pushing, reverse=True) if push >= MIN_PUSH]
        return rating, tuple(cue.removeprefix("client said ") for cue in readable_cues(strongest))


def written_as_names(text: str) -> set[str]:
    """Words the turn writes with a capital where a sentence does not start (Kyle, Will, Pham), lower-cased."""
    return {found.group(1).lower() for found in CAPITALISED.finditer(text) if found.group(1) != "I"}


def load_wording_head(folder: Path) -> WordingHead:
    _description, heads = load_model_files(folder)
    if heads[LABEL].kind != "linear":
        raise ModelError(f"the wording head '{LABEL}' must be a linear head (a rating)", folder)
    return WordingHead(heads[LABEL])


@lru_cache(maxsize=1)
def shipped_wording_head() -> WordingHead | None:
    """The head shipped in the wheel, or None when it is not there (a rules-only install of the source)."""
    if not (SHIPPED / "model.json").exists():
        return None
    return load_wording_head(SHIPPED)
