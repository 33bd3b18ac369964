"""Work grows linearly with a session's length: doubling a session doubles the pattern work, not quadruples it.

Counted, not timed (timings do not belong in tests): the pattern searches repair and stage advice make,
and the session-wide sorts of the model's second stage. Before the per-session tables, every episode
rescanned every later turn, so a 4 MB transcript took minutes. The transcript is synthetic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import rupturecli.detect.advice as advice
import rupturecli.detect.repair as repair
import rupturecli.model.rows as rows
from rupturecli.analysis.analyze import analyze_session
from rupturecli.model import load_model
from rupturecli.parsing import parse_text
from rupturecli.rules.compiled import RuleSet

BLOCK = (
    "Therapist: I think you need to do the breathing exercise every single day, no excuses.\n"
    "Client: Honestly this is pointless, you're not listening to me at all.\n"
    "Therapist: You're right, I pushed ahead without asking what you wanted. What would help right now?\n"
    "Client: I suppose talking about my sister would matter more than the breathing, she's the one "
    "who makes every week hard and I never get to say that to anyone.\n"
    "Therapist: Tell me more about her.\n"
    "Client: She calls most evenings and we argue about our mother's care.\n"
) + (
    "Therapist: How did the last call go?\n"
    "Client: Better than I expected, actually. I told her I can do Tuesdays and she said that would help a lot.\n"
) * 8


def _counting(module: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original: Callable[..., Any] = getattr(module, name)

    def counted(*arguments: Any, **keywords: Any) -> Any:
        calls[0] += 1
        return original(*arguments, **keywords)

    monkeypatch.setattr(module, name, counted)
    return calls


def _work(blocks: int, rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    with monkeypatch.context() as patch:
        searches = [_counting(module, "first_match", patch) for module in (repair, advice)]
        texts = [_counting(module, "normalise", patch) for module in (repair, advice)]
        session_wide = _counting(rows, "session_scores", patch)
        report = analyze_session(parse_text(BLOCK * blocks, "long.txt"), rules)
    assert len(report.episodes) >= blocks // 2, "the synthetic session must hold many episodes"
    return sum(calls[0] for calls in searches + texts), session_wide[0], len(report.episodes)


def test_repair_and_stage_work_is_linear_in_the_session(rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = rules.with_model(load_model(None))
    small, small_sorts, small_episodes = _work(40, rules, monkeypatch)
    large, large_sorts, large_episodes = _work(80, rules, monkeypatch)
    assert large_episodes >= 2 * small_episodes - 2
    assert large <= 2.3 * small, f"pattern work grew {large / small:.1f}x for twice the session"
    assert small_sorts <= 1 and large_sorts <= 1, "the session's scores are summarised once, not per turn"
