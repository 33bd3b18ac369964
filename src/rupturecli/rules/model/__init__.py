"""The rule-pack schema: markers, therapist contexts, resolution strategies and stage guidance.

Everything a clinician writes in `rules/*.yaml` is validated here (`extra="forbid"` everywhere,
so a misspelt key is an error with a did-you-mean hint, not a silently ignored line). One module a
part of a pack: base (what all share), patterns, markers, therapist (contexts, strategies, moves),
guidance (stages, guard words), significance, group, and pack (one file). Import the names from here.
"""

from __future__ import annotations

from rupturecli.rules.model.base import ID_PATTERN, Approach, RuptureType, Source, Strict, TargetKind
from rupturecli.rules.model.group import GroupRules, MemberRepair, TargetRule
from rupturecli.rules.model.guidance import Guidance, Stage, StageTable, WordGuard
from rupturecli.rules.model.markers import Conditions, Guards, Marker
from rupturecli.rules.model.pack import PackFile
from rupturecli.rules.model.patterns import Examples, Pattern, PatternConditions
from rupturecli.rules.model.significance import Significance, SignificanceCue
from rupturecli.rules.model.therapist import Context, Strategy, StrategyFit, TherapistMove

__all__ = [
    "ID_PATTERN", "Approach", "Conditions", "Context", "Examples", "GroupRules", "Guards", "Guidance", "Marker",
    "MemberRepair", "PackFile", "Pattern", "PatternConditions", "RuptureType", "Significance", "SignificanceCue",
    "Source", "Stage", "StageTable", "Strategy", "StrategyFit", "Strict", "TargetKind", "TargetRule",
    "TherapistMove", "WordGuard",
]
