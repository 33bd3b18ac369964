"""The learned reader of therapist moves that strain the alliance (TC-LECTURE, TC-WARN, TC-DISMISS...).

Two linear heads over one therapist turn (and the client turn it answers): `move` says whether the turn
strains the alliance at all, `move_id` which move it is. Trained by `scripts/train-contribution.py` on
therapist turns two blind coders coded (`training/codes/hlqc-contribution`); shipped in `therapist/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rupturecli.model.cues import readable_cues
from rupturecli.model.features import Feature, ngrams, therapist_features, tokens
from rupturecli.model.linear import LinearHead
from rupturecli.model.store import ModelError, load_model_files

SHIPPED = Path(__file__).resolve().parent / "therapist"
# A warning or a lecture is about risks, harm or what the evidence says. On a turn that sets the client a task and
# says nothing of the kind ("For this week I'd like you to practise...") the head's id is a near tie and would call
# the pushed task a warning: there it is the task. Elsewhere the head's own choice stands.
TASK_WORDS = frozenset("""practise practice try trying homework exercise exercises task tasks worksheet diary log
week weekly plan goal goals schedule""".split())
INFORMING_WORDS = frozenset("""risk risks risky danger dangers dangerous serious seriously damage damaged harm harmful
health healthy consequences consequence hospital die dying death deaths cancer liver heart lungs lung kidney kidneys
brain blood pressure diabetes addiction addicted addictive overdose illegal arrested arrest police jail prison court
lose losing lost worse worsen problem problems guideline guidelines recommend recommended recommendation units
unit studies study research evidence proven fact facts statistics percent doctor doctors safe unsafe kill kills
killing deadly toxic effects effect affect affects symptoms disease illness infection pregnancy baby""".split())
WARN_OR_LECTURE = frozenset({"TC-WARN", "TC-LECTURE"})


def move_features(text: str, previous_client: str | None) -> list[Feature]:
    """A therapist turn's own words, plus the words of the client turn it answers (what it passes over)."""
    features = therapist_features(text)
    if previous_client is not None:
        features += ngrams("pc", tokens(previous_client), scale=0.5, bigrams=False)
        features.append(("after-client", 1.0))
    return features


@dataclass(frozen=True)
class MoveHead:
    move: LinearHead
    move_id: LinearHead
    possible: float  # probability from which a turn is a possible straining move
    clear: float  # ...and a clear one

    def read(self, text: str, previous_client: str | None) -> tuple[str, str, float, tuple[str, ...]] | None:
        """(move id, strength, probability, cues) for one therapist turn, or None below `possible`."""
        row = move_features(text, previous_client)
        score = float(self.move.probabilities([row])[0, 0])
        if score < self.possible:
            return None
        kinds = self.move_id.probabilities([row])[0]
        move_id = self.move_id.classes[int(kinds.argmax())]
        words = set(tokens(text))
        if (move_id in WARN_OR_LECTURE and "TC-PUSH-TASK" in self.move_id.classes and words & TASK_WORDS
                and not words & INFORMING_WORDS):
            move_id = "TC-PUSH-TASK"
        cues = readable_cues(self.move.cues(row, "move"))
        return move_id, ("clear" if score >= self.clear else "possible"), round(score, 3), cues


def load_move_head(folder: Path) -> MoveHead:
    description, heads = load_model_files(folder)
    if any(heads[name].kind != "sigmoid" for name in ("move", "move_id")):
        raise ModelError("the move head's 'move' and 'move_id' must be sigmoid heads", folder)
    thresholds = description.get("thresholds", {})
    return MoveHead(heads["move"], heads["move_id"], float(thresholds["possible"]), float(thresholds["clear"]))


@lru_cache(maxsize=1)
def shipped_move_head() -> MoveHead | None:
    """The head shipped in the wheel, or None when it is not there (a rules-only install of the source)."""
    if not (SHIPPED / "model.json").exists():
        return None
    return load_move_head(SHIPPED)
