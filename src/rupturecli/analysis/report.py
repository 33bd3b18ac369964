"""Finished results: plain, picklable data with one stable JSON shape (schema_version 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rupturecli.detect.advice import StageAdvice
from rupturecli.detect.contribution import TherapistSide
from rupturecli.detect.episodes import Episode
from rupturecli.detect.repair import Repair
from rupturecli.detect.straining import StrainingMoves
from rupturecli.detect.therapist_profile import therapist_profile
from rupturecli.session import Session

SCHEMA_VERSION = 1


# What the tool tends to miss, from the README's cross-validated figures (Accuracy): said once per report.
LIMITS = ("How sure this is: on dialogue it was not built from, the tool finds roughly half of the rupture turns "
          "human coders mark, and finds the repair strategy on only about a third of coded repairs, so a quiet "
          "report is no proof of a quiet session and a repair may be missed; each finding says whether a rule "
          "or the learned model found it, and how strongly.")
STRONG, MODERATE = 0.8, 0.6  # model probabilities from which a finding is called strong, moderate


def strength(hit: Any) -> str:
    """strong, moderate or weak: a rule match is strong (rules are the more precise), a model finding by score."""
    if hit.source != "model":
        return "strong"
    score = hit.score or 0.0
    return "strong" if score >= STRONG else "moderate" if score >= MODERATE else "weak"


def found_by(hit: Any) -> str:
    """'a rule, strong' or 'the learned model, moderate (0.64)': where a finding came from, and how strong."""
    if hit.source == "model":
        return f"the learned model, {strength(hit)} ({hit.score:.2f})"
    return "a rule, strong"


def strongest_hit(episode: Episode) -> Any:
    """The episode's surest finding: a rule's over the model's, then the higher score."""
    hits = [hit for hit in episode.hits if not hit.evidence_only] or list(episode.hits)
    return max(hits, key=lambda hit: (hit.source != "model", hit.score or 0.0))


def episode_confidence(episode: Episode) -> str:
    """The episode's strongest finding: how sure the report is that this episode is there."""
    return found_by(strongest_hit(episode))


def _provenance(hit: Any) -> dict[str, Any]:
    """Where a finding came from: a rule (its marker's patterns), or the model with its score and cues."""
    if hit.source == "model":
        return {"source": "model", "score": hit.score, "cues": list(hit.cues), "strength": strength(hit)}
    return {"source": "rule", "strength": strength(hit)}


@dataclass(frozen=True)
class EpisodeReport:
    episode: Episode
    repair: Repair
    stage: StageAdvice
    therapist: TherapistSide | None = None

    def to_dict(self) -> dict[str, Any]:
        episode = self.episode
        return {
            "type": episode.type,
            "mixed": episode.mixed,
            **({"speaker": episode.speaker, "target": episode.target} if episode.speaker else {}),
            "start_turn": episode.start_turn,
            "end_turn": episode.end_turn,
            "significance": episode.significance,
            "significance_reasons": list(episode.reasons),
            "significance_turn": episode.peak_turn,
            "confidence": episode_confidence(episode),
            "markers": [
                {"id": hit.marker_id, "name": hit.name, "turn": hit.turn, "line": hit.line, "quote": hit.quote,
                 "evidence_only": hit.evidence_only, "speaker": hit.speaker, "target": hit.target or None,
                 "significance": None if hit.evidence_only else episode.significance_at(hit.turn), **_provenance(hit)}
                for hit in episode.hits
            ],
            "repair": {
                "status": self.repair.status,
                "strategies": [{"id": hit.strategy_id, "turn": hit.turn, "line": hit.line, "by": hit.by or None,
                                **_provenance(hit), **({"counted": False} if hit in self.repair.too_weak else {})}
                               for hit in self.repair.strategies],
                "re_engagement_turn": self.repair.re_engagement_turn,
            },
            "stage": {
                "reached": self.stage.reached,
                "reached_name": self.stage.reached_name,
                "next": self.stage.next,
                "next_name": self.stage.next_name,
                "next_step": self.stage.next_step,
                "approach": self.stage.approach,
                "approach_reason": self.stage.approach_reason,
                "suggested_strategies": [{"id": item.id, "name": item.name, "guidance": item.guidance}
                                         for item in self.stage.suggested],
                "source": self.stage.source,
                "worked": self.stage.worked,
                "already_tried": list(self.stage.already_tried),
            },
            **(self.therapist.to_dict() if self.therapist is not None else {}),
        }


@dataclass(frozen=True)
class SessionReport:
    session: Session
    episodes: tuple[EpisodeReport, ...]
    group: Any = None  # group, couples and family sessions: the group's figures (group/summary.py GroupSummary)
    straining: StrainingMoves | None = None  # every therapist turn's straining moves, when the run read them

    @property
    def unit_count(self) -> int:
        """Client turns in a transcript, sentences in notes: the base of per-100 rates."""
        if self.session.kind == "transcript":
            return self.session.client_turns
        return len(self.session.turns)

    def summary(self) -> dict[str, Any]:
        counts = {"withdrawal": 0, "confrontation": 0}
        statuses = {"resolved": 0, "attempted": 0, "unaddressed": 0}
        for item in self.episodes:
            counts[item.episode.type] += 1
            statuses[item.repair.status] += 1
        total = len(self.episodes)
        dominant = None
        if total:
            dominant = max(counts, key=lambda kind: (counts[kind], kind == "confrontation"))
        base = self.unit_count
        rate = round(100 * total / base, 1) if base else 0.0
        if not total:
            text = "No rupture markers found in this session."
        else:
            worst = max(item.episode.significance for item in self.episodes)
            text = (f"{total} rupture episode{'s' if total != 1 else ''} "
                    f"({counts['withdrawal']} withdrawal, {counts['confrontation']} confrontation); "
                    f"highest significance {worst}/5; {statuses['resolved']} resolved, "
                    f"{statuses['attempted']} attempted, {statuses['unaddressed']} unaddressed.")
        significances = [item.episode.significance for item in self.episodes]
        return {
            "episodes": total,
            **counts,
            **statuses,
            "max_significance": max(significances, default=0),
            "mean_significance": round(sum(significances) / total, 2) if total else None,
            "share_repaired": round(statuses["resolved"] / total, 3) if total else None,
            "ruptures_per_100_units": rate,
            "per_100_units": {kind: round(100 * counts[kind] / base, 1) if base else 0.0 for kind in counts},
            "dominant_type": dominant,
            "text": text,
            "therapist": self.therapist_profile(),
        }

    def therapist_profile(self) -> dict[str, Any]:
        """The rupture-repair profile a trainee's supervisor reads (see contribution.py)."""
        sides = [item.therapist for item in self.episodes if item.therapist is not None]
        return therapist_profile(
            sides, [item.episode.type for item in self.episodes],
            [item.repair.status == "resolved" for item in self.episodes], self.unit_count,
            [hit.strategy_id for item in self.episodes for hit in item.repair.counted],
            [suggestion.id for item in self.episodes for suggestion in item.stage.suggested], self.straining)

    def to_dict(self) -> dict[str, Any]:
        session = self.session
        return {
            "schema_version": SCHEMA_VERSION,
            "file": session.file,
            "kind": session.kind,
            "session_id": session.session_id,
            "date": session.date,
            "client": session.client,
            "turns": len(session.turns),
            "client_turns": session.client_turns if session.kind == "transcript" else 0,
            "members": list(session.members),
            "therapists": list(session.therapists),
            "warnings": list(session.warnings),
            "episodes": [item.to_dict() for item in self.episodes],
            "summary": self.summary(),
            "group": self.group.to_dict() if self.group is not None else None,
        }


def counted_strategies(episode: dict[str, Any]) -> list[dict[str, Any]]:
    """An episode record's repair strategies the verdict rests on (a model reading too weak to count left off)."""
    return [item for item in episode["repair"]["strategies"] if item.get("counted", True)]
