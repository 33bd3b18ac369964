"""The learned reader of the therapist's straining moves: which move it names a turn by."""

from __future__ import annotations

import numpy as np
import pytest

from rupturecli.model.linear import LinearHead
from rupturecli.model.move_head import MoveHead, shipped_move_head

IDS = ("TC-LECTURE", "TC-WARN", "TC-PUSH-TASK")


def head_preferring(move_id: str) -> MoveHead:
    """A head that reads every turn as a possible move and, of the ids, likes `move_id` best."""
    move = LinearHead("move", "sigmoid", ("move",), {}, np.zeros((0, 1)), np.array([0.0]))
    bias = np.array([1.0 if name == move_id else 0.0 for name in IDS])
    move_id_head = LinearHead("move_id", "sigmoid", IDS, {}, np.zeros((0, len(IDS))), bias)
    return MoveHead(move, move_id_head, possible=0.4, clear=0.9)


def test_a_task_set_with_nothing_said_of_risks_is_a_pushed_task_not_a_warning() -> None:
    head = head_preferring("TC-WARN")
    read = head.read("For this week I'd like you to write down one thing you did for yourself each evening.", None)
    assert read is not None and read[0] == "TC-PUSH-TASK"
    warned = head.read("If this carries on the damage to your lungs may not be reversible.", None)
    assert warned is not None and warned[0] == "TC-WARN"
    # elsewhere the head's own choice stands, even without a word the list knows
    plain = head.read("If you keep going like this you'll end up in A&E again.", None)
    assert plain is not None and plain[0] == "TC-WARN"


@pytest.mark.skipif(shipped_move_head() is None, reason="no shipped move head in this install")
def test_the_shipped_head_reads_a_homework_directive_as_a_pushed_task_not_a_warning() -> None:
    read = shipped_move_head().read("For this week I'd like you to practise holding eye contact for a few seconds "
                                    "when you order your coffee.", None)
    assert read is None or read[0] == "TC-PUSH-TASK"
