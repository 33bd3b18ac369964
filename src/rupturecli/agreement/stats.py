"""Agreement between two codings of the same units: kappa, alpha, precision/recall/F1, confusion.

Pure Python, no numpy: every function takes plain sequences of labels (any hashable values) and returns
floats, or None where a statistic is undefined (no units, or no variation for a chance correction to work on).
The first coding of a pair is the reference (a human coder, a gold set); the second is compared with it.
The turn- and session-level reports `rupture agree` prints are built from these in `report.py`.

References:
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
  Measurement 20(1), 37-46.
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for Communication,
  University of Pennsylvania (https://repository.upenn.edu/asc_papers/43); Hayes, A. F. & Krippendorff, K.
  (2007). Answering the call for a standard reliability measure for coding data. Communication Methods and
  Measures 1(1), 77-89.
- Sokolova, M. & Lapalme, G. (2009). A systematic analysis of performance measures for classification
  tasks. Information Processing & Management 45(4), 427-437 (micro and macro averages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass

Pair = tuple[Hashable, Hashable]


def observed_agreement(pairs: Sequence[Pair]) -> float | None:
    """The share of units both codings label the same (None without units)."""
    if not pairs:
        return None
    return sum(1 for reference, compared in pairs if reference == compared) / len(pairs)


def cohen_kappa(pairs: Sequence[Pair]) -> float | None:
    """Cohen's kappa: observed agreement corrected for the agreement expected from each coder's own label rates.

    kappa = (p_o - p_e) / (1 - p_e), with p_e = sum over labels of p_reference(label) * p_compared(label)
    (Cohen 1960). None when there are no units or p_e = 1 (both codings use one and the same label
    throughout: the chance correction has nothing to work on).
    """
    count = len(pairs)
    if not count:
        return None
    observed = sum(1 for reference, compared in pairs if reference == compared) / count
    reference_counts = Counter(reference for reference, _ in pairs)
    compared_counts = Counter(compared for _, compared in pairs)
    expected = sum(reference_counts[label] * compared_counts[label] for label in reference_counts) / count**2
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data: alpha = 1 - D_o / D_e, from the coincidence matrix.

    `units` holds, for each unit, the values its coders gave (None for a coder who gave none). Units with
    fewer than two values are not pairable and are left out. Each pairable unit u with m_u values adds
    1 / (m_u - 1) to the coincidence o[c][k] of every ordered pair of its values from different coders;
    n_c are the marginals and n their sum; D_o = sum_{c != k} o[c][k] / n and
    D_e = sum_{c != k} n_c n_k / (n (n - 1)) (Krippendorff 2011). None when no unit is pairable or every
    value is the same (D_e = 0).
    """
    coincidences: Counter[tuple[Hashable, Hashable]] = Counter()
    for unit in units:
        values = [value for value in unit if value is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        for position, first in enumerate(values):
            for other, second in enumerate(values):
                if position != other:
                    coincidences[(first, second)] += 1.0 / (pairable - 1)
    marginals: Counter[Hashable] = Counter()
    for (first, _), weight in coincidences.items():
        marginals[first] += weight
    total = sum(marginals.values())
    if total <= 1:
        return None
    # n * D_o and n * D_e: the common factor 1/n cancels in the ratio
    observed = sum(weight for (first, second), weight in coincidences.items() if first != second)
    expected = (total**2 - sum(weight**2 for weight in marginals.values())) / (total - 1)
    if expected <= 1e-12 * total:
        return None
    return 1.0 - observed / expected


def alpha_for_pairs(pairs: Sequence[Pair]) -> float | None:
    """Krippendorff's nominal alpha for two codings with a value for every unit."""
    return krippendorff_alpha_nominal([(reference, compared) for reference, compared in pairs])


def confusion_matrix(pairs: Sequence[Pair], labels: Sequence[Hashable]) -> list[list[int]]:
    """Counts of (reference, compared) label pairs: rows are the reference's labels, columns the compared's.

    Pairs with a label outside `labels` are not counted.
    """
    position = {label: index for index, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for reference, compared in pairs:
        if reference in position and compared in position:
            matrix[position[reference]][position[compared]] += 1
    return matrix


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of the compared coding against the reference, with the counts behind them.

    A ratio with a zero denominator is 0.0 (scikit-learn's `zero_division=0`).
    """

    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        """How many units the reference gives the label."""
        return self.true_positives + self.false_negatives

    @property
    def predicted(self) -> int:
        """How many units the compared coding gives the label."""
        return self.true_positives + self.false_positives

    def to_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "support": self.support, "predicted": self.predicted}


def scores_from_counts(true_positives: int, false_positives: int, false_negatives: int) -> Scores:
    """P = TP / (TP + FP), R = TP / (TP + FN), F1 = their harmonic mean; 0.0 where undefined."""
    predicted = true_positives + false_positives
    actual = true_positives + false_negatives
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, true_positives, false_positives, false_negatives)


def scores_for_label(pairs: Sequence[Pair], label: Hashable) -> Scores:
    """One label against all others (one-vs-rest)."""
    true_positives = sum(1 for reference, compared in pairs if reference == label and compared == label)
    false_positives = sum(1 for reference, compared in pairs if reference != label and compared == label)
    false_negatives = sum(1 for reference, compared in pairs if reference == label and compared != label)
    return scores_from_counts(true_positives, false_positives, false_negatives)


@dataclass(frozen=True)
class LabelScores:
    """Per-label scores and their two averages over the labels of interest."""

    by_label: dict[Hashable, Scores]
    micro: Scores
    macro_precision: float
    macro_recall: float
    macro_f1: float


def scores_by_label(pairs: Sequence[Pair], labels: Sequence[Hashable]) -> LabelScores:
    """Scores for each of `labels` (typically the rupture types, leaving 'none' out), micro and macro.

    Micro pools the counts of every label before dividing (each unit weighs the same); macro is the plain
    mean of the per-label precision, recall and F1 (each label weighs the same; macro F1 is the mean of the
    F1s, as in scikit-learn, not the F1 of the mean precision and recall).
    """
    by_label = {label: scores_for_label(pairs, label) for label in labels}
    micro = scores_from_counts(sum(item.true_positives for item in by_label.values()),
                               sum(item.false_positives for item in by_label.values()),
                               sum(item.false_negatives for item in by_label.values()))
    count = len(labels) or 1
    return LabelScores(
        by_label,
        micro,
        sum(item.precision for item in by_label.values()) / count,
        sum(item.recall for item in by_label.values()) / count,
        sum(item.f1 for item in by_label.values()) / count,
    )


__all__ = [
    "LabelScores",
    "Pair",
    "Scores",
    "alpha_for_pairs",
    "cohen_kappa",
    "confusion_matrix",
    "krippendorff_alpha_nominal",
    "observed_agreement",
    "scores_by_label",
    "scores_for_label",
    "scores_from_counts",
]
