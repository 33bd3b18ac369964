"""When `rupture check` fails: thresholds from the `[check]` config table and flags, applied to findings.

With no threshold given anywhere, an episode fails when its significance is 3 or more and it was not
resolved. Any threshold given (flag or config) replaces that default: an episode fails when it meets
every episode condition given, and a file fails when it has more than `max-ruptures` episodes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rupturecli.checks.findings import FileFindings, with_level
from rupturecli.config import ConfigError, key_line
from rupturecli.errors import did_you_mean

RUPTURE_TYPES = ("withdrawal", "confrontation")
CHECK_KEYS = ("fail-on-significance", "fail-on-unrepaired", "fail-on-type", "max-ruptures",
              "fail-on-contribution", "min-repair-rate", "max-straining-rate")
CONTRIBUTION_LEVELS = ("possible", "clear")
DEFAULT_SIGNIFICANCE = 3


@dataclass(frozen=True)
class Thresholds:
    """Episode conditions (all must hold) and a per-file cap on episodes."""

    significance: int | None = None
    unrepaired: bool = False
    types: tuple[str, ...] = ()  # fail only on episodes of one of these types (none given: any type)
    max_ruptures: int | None = None
    contribution: str | None = None  # fail on a therapist move this sure or surer ("clear" or "possible")
    min_repair_rate: float | None = None  # fail a file whose share of resolved episodes is below this
    max_straining_rate: float | None = None  # fail a file with more straining moves per 100 therapist turns

    def fails_contribution(self, level: str) -> bool:
        """True when a therapist-move finding reaches `--fail-on-contribution` on its own."""
        if self.contribution is None or level not in CONTRIBUTION_LEVELS:
            return False
        return CONTRIBUTION_LEVELS.index(level) >= CONTRIBUTION_LEVELS.index(self.contribution)

    @property
    def gates_episodes(self) -> bool:
        return self.significance is not None or self.unrepaired or bool(self.types)

    def fails(self, significance: int, repair: str, episode_type: str) -> bool:
        """True when one episode reaches the threshold on its own."""
        if not self.gates_episodes:
            return False
        return ((self.significance is None or significance >= self.significance)
                and (not self.unrepaired or repair != "resolved")
                and (not self.types or episode_type in self.types))

    def describe(self) -> str:
        """The threshold as a phrase: "a withdrawal episode with significance >= 3, not resolved"."""
        text = f"a {' or '.join(self.types)} episode" if self.types else "an episode"
        if self.significance is not None:
            text += f" with significance >= {self.significance}"
        if self.unrepaired:
            text += ", not resolved" if self.significance is not None else " not resolved"
        text = text if self.gates_episodes else (
            "no episode condition (the default, significance >= 3 not resolved, is off once any threshold is given: "
            "add --fail-on-significance 3 --fail-on-unrepaired to keep it)")
        if self.max_ruptures is not None:
            text += f"; more than {self.max_ruptures} episode{'s' if self.max_ruptures != 1 else ''} in a file"
        if self.contribution is not None:
            text += "; a clear therapist contribution" if self.contribution == "clear" else \
                "; a possible or clear therapist contribution"
        if self.min_repair_rate is not None:
            text += f"; under {self.min_repair_rate:.0%} of a file's episodes resolved"
        if self.max_straining_rate is not None:
            text += f"; straining moves in more than {self.max_straining_rate:g} of every 100 therapist turns of a file"
        return text


DEFAULT_THRESHOLDS = Thresholds(significance=DEFAULT_SIGNIFICANCE, unrepaired=True)


def _type_list(value: Any) -> list[Any]:
    """`fail-on-type` as a list: one type ("withdrawal") or several (["withdrawal", "confrontation"]); an empty
    list is no list (it would gate nothing)."""
    if isinstance(value, list):
        return value if value else [None]
    return [value]


def _types(value: Any) -> tuple[str, ...]:
    """The types in their documented order, each once."""
    given = set(_type_list(value)) if value is not None else set()
    return tuple(kind for kind in RUPTURE_TYPES if kind in given)


def _validate(table: dict[str, Any], source: str) -> dict[str, Any]:
    """Check the [check] table key by key, naming the config file, the key's line and the nearest known key."""
    for key, value in table.items():
        try:
            _check_key(key, value, source)
        except ConfigError as error:
            error.line = error.line or key_line(source, key, "check")
            raise
    return table


def _check_key(key: str, value: Any, source: str) -> None:
    if key not in CHECK_KEYS:
        hint = did_you_mean(key, CHECK_KEYS) or f" (known keys: {', '.join(CHECK_KEYS)})"
        raise ConfigError(f"unknown key '{key}' in [check]{hint}", source)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if key == "fail-on-significance" and not (is_int and 1 <= value <= 5):
        raise ConfigError("[check] fail-on-significance must be a whole number from 1 to 5", source)
    if key == "max-ruptures" and not (is_int and value >= 0):
        raise ConfigError("[check] max-ruptures must be a whole number, 0 or more", source)
    if key == "fail-on-unrepaired" and not isinstance(value, bool):
        raise ConfigError("[check] fail-on-unrepaired must be true or false", source)
    if key == "fail-on-type" and not all(item in RUPTURE_TYPES for item in _type_list(value)):
        raise ConfigError("[check] fail-on-type must be 'withdrawal', 'confrontation' or a list of them "
                          "(['withdrawal', 'confrontation'])", source)
    if key == "fail-on-contribution" and value not in CONTRIBUTION_LEVELS:
        raise ConfigError("[check] fail-on-contribution must be 'clear' or 'possible'", source)
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if key == "min-repair-rate" and not (is_number and 0 <= value <= 1):
        raise ConfigError("[check] min-repair-rate must be a number from 0 to 1 (a share: 0.5 for half the "
                          "episodes resolved)", source)
    if key == "max-straining-rate" and not (is_number and 0 <= value <= 100):
        raise ConfigError("[check] max-straining-rate must be a number from 0 to 100 (therapist turns with a "
                          "straining move, per 100 therapist turns)", source)


def resolve_thresholds(table: dict[str, Any] | None, source: str, flags: dict[str, Any]) -> Thresholds:
    """Config table, then flags over it key by key; the default only when nothing was given at all."""
    merged = dict(_validate(dict(table or {}), source))
    merged.update({key: value for key, value in flags.items() if value is not None})
    if not merged:
        return DEFAULT_THRESHOLDS
    return Thresholds(significance=merged.get("fail-on-significance"),
                      unrepaired=bool(merged.get("fail-on-unrepaired", False)),
                      types=_types(merged.get("fail-on-type")), max_ruptures=merged.get("max-ruptures"),
                      contribution=merged.get("fail-on-contribution"), min_repair_rate=merged.get("min-repair-rate"),
                      max_straining_rate=merged.get("max-straining-rate"))


def apply_thresholds(files: list[FileFindings], thresholds: Thresholds) -> list[FileFindings]:
    """Mark each finding error (fails the check) or warning (reported only)."""
    result = []
    for item in files:
        episodes = [finding for finding in item.findings if finding.is_episode]
        over = thresholds.max_ruptures is not None and len(episodes) > thresholds.max_ruptures
        notes = [f"{len(episodes)} rupture episodes in this file, more than the maximum of "
                 f"{thresholds.max_ruptures}"] if over else []
        resolved = sum(1 for finding in episodes if finding.repair == "resolved")
        low_repair = (thresholds.min_repair_rate is not None and bool(episodes)
                      and resolved / len(episodes) < thresholds.min_repair_rate)
        if low_repair:
            notes.append(f"{resolved} of {len(episodes)} episodes in this file resolved, under the minimum of "
                         f"{thresholds.min_repair_rate:.0%}")
        note = "; ".join(notes)
        findings = []
        for finding in item.findings:
            if finding.rate is not None:
                over_rate = thresholds.max_straining_rate is not None and finding.rate > thresholds.max_straining_rate
                findings.append(with_level(finding, "error" if over_rate else "warning", (
                    f"Over the maximum of {thresholds.max_straining_rate:g}" if over_rate else "")))
                continue
            if finding.contribution:
                failing = thresholds.fails_contribution(finding.contribution)
                findings.append(with_level(finding, "error" if failing else "warning"))
                continue
            failing = over or low_repair or thresholds.fails(finding.significance, finding.repair, finding.type)
            findings.append(with_level(finding, "error" if failing else "warning", note))
        result.append(replace(item, findings=tuple(findings)))
    return result


__all__ = ["CHECK_KEYS", "DEFAULT_THRESHOLDS", "Thresholds", "apply_thresholds", "resolve_thresholds"]
