"""The two reports `rupture agree` prints: agreement turn by turn and session by session.

Which turns and sessions are scored is decided here (uncertain ones are not; a rupture of no agreed type
counts in rupture-versus-none only); the statistics themselves are `stats.py`'s. Figures are rounded to
four places for the JSON document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rupturecli.agreement.align import Alignment
from rupturecli.agreement.coding import RUPTURE_TYPES, Coding
from rupturecli.agreement.stats import (
    Pair,
    Scores,
    alpha_for_pairs,
    cohen_kappa,
    confusion_matrix,
    observed_agreement,
    scores_by_label,
    scores_for_label,
)

TURN_LABELS = ("none", "withdrawal", "confrontation")
NOT_SCORED = "uncertain"
UNTYPED = "rupture"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _chance_corrected(pairs: Sequence[Pair]) -> dict[str, float | None]:
    return {"observed_agreement": _rounded(observed_agreement(pairs)), "cohen_kappa": _rounded(cohen_kappa(pairs)),
            "krippendorff_alpha": _rounded(alpha_for_pairs(pairs))}


def _scores(scores: Scores) -> dict[str, float | int | None]:
    """The scores rounded, a ratio with nothing to divide by null: no reference turn of the label leaves recall
    undefined, not 0 (stats.py's 0.0 is scikit-learn's convention, for the averages)."""
    found: dict[str, float | int | None] = {key: _rounded(value) if isinstance(value, float) else value
                                            for key, value in scores.to_dict().items()}
    if not scores.predicted:
        found["precision"] = None
    if not scores.support:
        found["recall"] = None
    if not scores.predicted and not scores.support:
        found["f1"] = None
    return found


def _macro(scores: Sequence[Scores]) -> dict[str, float | None]:
    """The mean of the types' precision, recall and F1 over the types where each is defined (one with nothing to
    divide by, null in `by_type`, is left out rather than averaged in as 0); null where no type's is."""
    defined = {"precision": [item.precision for item in scores if item.predicted],
               "recall": [item.recall for item in scores if item.support],
               "f1": [item.f1 for item in scores if item.predicted or item.support]}
    return {key: _rounded(sum(values) / len(values)) if values else None for key, values in defined.items()}


def turn_report(pairs: Sequence[tuple[str, str]]) -> dict[str, object]:
    """Turn-level agreement of (reference, compared) labels.

    A turn either side marks uncertain is not scored. A turn either side marks `rupture` (a rupture of no
    agreed type) counts in the rupture-versus-none figures only. Kappa, alpha, the confusion matrix and the
    per-type scores use the turns both sides label none, withdrawal or confrontation.
    """
    scored = [(first, second) for first, second in pairs if NOT_SCORED not in (first, second)]
    typed = [(first, second) for first, second in scored if UNTYPED not in (first, second)]
    detection = [(first != "none", second != "none") for first, second in scored]
    label_scores = scores_by_label(typed, RUPTURE_TYPES)
    return {
        "total": len(pairs),
        "scored": len(scored),
        "excluded_uncertain": len(pairs) - len(scored),
        "untyped": len(scored) - len(typed),
        "typed": len(typed),
        "labels": list(TURN_LABELS),
        "confusion": confusion_matrix(typed, TURN_LABELS),
        **_chance_corrected(typed),
        "by_type": {label: _scores(label_scores.by_label[label]) for label in RUPTURE_TYPES},
        "micro": _scores(label_scores.micro),
        "macro": _macro([label_scores.by_label[label] for label in RUPTURE_TYPES]),
        "rupture": {**_scores(scores_for_label(detection, True)), **_chance_corrected(detection)},
    }


def session_report(sessions: Sequence[tuple[bool | None, bool | None, frozenset[str], frozenset[str]]]
                   ) -> dict[str, object]:
    """Session-level agreement: rupture or not (rows and columns of `confusion`: no, yes), and each type.

    A session either side leaves unscored (None) is excluded. A session has a type when any of its turns
    (or, for results, any of its episodes) has it.
    """
    scored = [item for item in sessions if item[0] is not None and item[1] is not None]
    presence = [(bool(first), bool(second)) for first, second, _, _ in scored]
    by_type = {}
    for label in RUPTURE_TYPES:
        pairs = [(label in first_types, label in second_types) for _, _, first_types, second_types in scored]
        by_type[label] = {**_scores(scores_for_label(pairs, True)), **_chance_corrected(pairs)}
    return {
        "total": len(sessions),
        "scored": len(scored),
        "excluded_uncertain": len(sessions) - len(scored),
        "labels": ["no rupture", "rupture"],
        "confusion": confusion_matrix(presence, (False, True)),
        "rupture": {**_scores(scores_for_label(presence, True)), **_chance_corrected(presence)},
        "by_type": by_type,
    }


# of the JSON document `rupture agree -f json` writes; 2: a ratio with nothing to divide by is null, not 0 (by type,
# micro, rupture, session level), and macro averages the defined ones only
SCHEMA_VERSION = 2


def build_document(reference: Coding, compared: Coding, alignment: Alignment) -> dict[str, Any]:
    """The JSON document: both sides, the sessions paired, turn- and session-level statistics."""
    turn_pairs = [(pair.reference, pair.compared) for pair in alignment.turns]
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": {"path": reference.path, "kind": reference.kind, "sessions": len(reference.sessions)},
        "compared": {"path": compared.path, "kind": compared.kind, "sessions": len(compared.sessions)},
        "sessions": {
            "matched": len(alignment.matched),
            "only_reference": alignment.only_reference,
            "only_compared": alignment.only_compared,
            "session_level_only": alignment.session_level_only,
            "flagged_turns_only": alignment.flagged_turns_only,
        },
        "turn_level": turn_report(turn_pairs),
        "session_level": session_report([(pair.reference, pair.compared, pair.reference_types, pair.compared_types)
                                         for pair in alignment.sessions]),
        "disagreements": [
            {"session": pair.session, "turn": pair.turn, "reference": pair.reference, "compared": pair.compared}
            for pair in alignment.turns
            if pair.reference != pair.compared and "uncertain" not in (pair.reference, pair.compared)
        ],
        "warnings": alignment.warnings,
    }


__all__ = ["NOT_SCORED", "RUPTURE_TYPES", "SCHEMA_VERSION", "TURN_LABELS", "UNTYPED", "build_document",
           "session_report", "turn_report"]
