"""The therapist's side of an episode: what they did just before it, and how they answered it.

3RS codes the therapist's contribution to a rupture (a lecture, a warning, pushing a task...) and the quality
of the repair; in the literature contribution predicts dropout about as strongly as confrontation does. The
moves are rule-pack data (`moves:` in `rules/therapist-moves.yaml`); this module only looks for them in the
therapist turns around each episode, so its cost is proportional to the episodes, not to the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rupturecli.detect.contexts import classify_turn
from rupturecli.detect.episodes import Episode
from rupturecli.detect.repair import Repair
from rupturecli.rules.compiled import CompiledMove, RuleSet, first_match
from rupturecli.session import Session, Turn

if TYPE_CHECKING:
    from rupturecli.rules.model import TherapistMove

DEFAULT: Any = object()  # MoveScan's `learned`: the shipped move head when the model is on


def default_move_head() -> Any:
    """The shipped move head (numpy is imported only when a model run needs it)."""
    from rupturecli.model.move_head import shipped_move_head

    return shipped_move_head()

LOOK_BACK = 2  # therapist turns before a transcript episode that may have contributed to it
CLEAR_REACH = 2  # of those, the nearest ones where a clear move makes a clear contribution
NOTES_LOOK_BACK = 2  # sentences before a notes episode
PLAIN_QUESTION_WORDS = 12  # a closed question this short, with no straining context, is not read by the head
FIRM_SCORE = 0.6  # a model marker this likely (the report's "moderate" or above) is firm (see anchor_turn)
LEVELS = ("none", "possible", "clear")
CUT_OFF_ENDINGS = ("-", "\u2014", "\u2013", "[interrupted]", "(interrupted)", "[cut off]", "(cut off)")


@dataclass(frozen=True)
class MoveHit:
    """One therapist move seen in one therapist turn (or the therapist's own account in notes)."""

    move_id: str
    name: str
    turn: int
    line: int
    quote: str
    strength: str
    feedback: str = ""  # the move as a supervisor names it (rule data, never session text)
    instead: str = ""
    reference: str = ""
    source: str = "rule"  # "rule" (a pattern or context of the move) or "model" (the learned move head)
    score: float | None = None
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"source": self.source}
        if self.source == "model":
            found.update(score=self.score, cues=list(self.cues))
        return {"id": self.move_id, "name": self.name, "turn": self.turn, "line": self.line,
                "quote": self.quote, "strength": self.strength, **found, "instead": self.instead}


@dataclass(frozen=True)
class TherapistSide:
    """Contribution (none / possible / clear) and how the rupture was answered."""

    contribution: str
    before: tuple[MoveHit, ...]  # the moves that preceded the episode
    after: tuple[MoveHit, ...]  # moves that answered the rupture with more of what strains it
    strategy_turns: tuple[int, ...]
    turns_to_repair: int | None
    client_reengaged: bool

    @property
    def more_of_same(self) -> bool:
        return bool(self.after)

    def to_dict(self) -> dict[str, Any]:
        return {
            "contribution": self.contribution,
            "moves_before": [hit.to_dict() for hit in self.before],
            "repair_quality": {
                "strategy_turns": list(self.strategy_turns),
                "turns_to_repair": self.turns_to_repair,
                "client_reengaged": self.client_reengaged,
                "more_of_same": self.more_of_same,
                "moves_after": [hit.to_dict() for hit in self.after],
            },
        }


def _cut_off(turn: Turn | None) -> bool:
    """The client's turn broke off mid-sentence (a dash or a transcriber's mark at its end)."""
    if turn is None or turn.speaker != "client":
        return False
    return turn.text.rstrip().lower().endswith(CUT_OFF_ENDINGS)


def _quote(text: str, start: int, end: int, reach: int = 60) -> str:
    left = max(0, start - reach)
    right = min(len(text), end + reach)
    return ("..." if left else "") + text[left:right].strip() + ("..." if right < len(text) else "")


def _move_in(move: CompiledMove, turn: Turn, contexts: frozenset[str], previous: Turn | None,
             notes: bool) -> MoveHit | None:
    """Does this therapist turn (or notes sentence) show the move? The words that show it, if so."""
    text = turn.text
    if move.unless and first_match(move.unless, text) is not None:
        return None
    definition = move.move
    patterns = move.narrative if notes else move.match
    found = first_match(patterns, text) if patterns else None
    if found is not None:
        quote = _quote(text, found.start(), found.end())
    elif notes:
        return None
    elif set(definition.contexts) & contexts or (definition.after_cut_off and _cut_off(previous)):
        quote = _quote(text, 0, 0, reach=120)
    else:
        return None
    return _hit(definition, turn, quote, definition.strength)


def _hit(definition: TherapistMove, turn: Turn, quote: str, strength: str, score: float | None = None,
         cues: tuple[str, ...] = ()) -> MoveHit:
    return MoveHit(definition.id, definition.name, turn.index, turn.line, quote, strength, definition.feedback,
                   definition.instead, definition.references[0] if definition.references else "",
                   "model" if score is not None else "rule", score, cues)


def moves_in_turn(turn: Turn, previous: Turn | None, rules: RuleSet, notes: bool = False,
                  contexts: frozenset[str] | None = None) -> tuple[MoveHit, ...]:
    """Every therapist move one turn shows (transcripts: a therapist turn; notes: any sentence).

    `contexts`: the turn's contexts when the caller has them already (classifying is the costly part)."""
    if not rules.moves:
        return ()
    if contexts is None:
        contexts = frozenset() if notes else classify_turn(turn.text, rules)
    found = (_move_in(move, turn, contexts, previous, notes) for move in rules.moves)
    return tuple(hit for hit in found if hit is not None)


def lead_first(hits: tuple[MoveHit, ...]) -> tuple[MoveHit, ...]:
    """One turn's moves, the one its feedback is about first: a clear move before a possible one, a rule's before
    the head's. Every view (check, terminal, HTML, the straining-move rate) names a turn by its first move, so a
    lecture that a rule also reads as pressure is never a push in one report and a lecture in another."""
    return tuple(sorted(hits, key=lambda hit: (hit.strength != "clear", hit.source != "rule")))


def chosen_move(before: tuple[MoveHit, ...]) -> MoveHit:
    """The move an episode's feedback is about: the nearest clear one before it, else the nearest (each turn's
    lead move, `lead_first`, among moves of one turn)."""
    return max(before, key=lambda hit: (hit.strength == "clear", hit.turn))


class MoveScan:
    """Therapist moves of one session, looked up turn by turn and each turn classified at most once.

    With the learned model on (`rules.model`), a transcript's therapist turn is also read by the move head
    (`model/contribution/`), which finds the moves the rules' phrasings miss; `learned` overrides it."""

    def __init__(self, session: Session, rules: RuleSet, learned: Any = DEFAULT,
                 repairing: frozenset[int] = frozenset(), rule_repairs: frozenset[int] = frozenset()) -> None:
        self.session = session
        self.rules = rules
        self.repairing = repairing  # group repair moves (linking members...): never read as straining moves
        self.rule_repairs = rule_repairs  # turns where a rule finds a resolution strategy: the head reads none
        self.notes = session.kind == "notes"
        self._positions = {turn.index: position for position, turn in enumerate(session.turns)}
        self._cache: dict[int, tuple[MoveHit, ...]] = {}
        if learned is DEFAULT:
            learned = default_move_head() if rules.model is not None and rules.moves else None
        self.learned = None if self.notes else learned
        self._definitions = {move.id: move.move for move in rules.moves}

    def at(self, turn_index: int) -> tuple[MoveHit, ...]:
        if turn_index not in self._cache:
            position = self._positions[turn_index]
            turn = self.session.turns[position]
            previous = self.session.turns[position - 1] if position else None
            speaks = (self.notes or turn.speaker == "therapist") and turn_index not in self.repairing
            if not speaks:
                self._cache[turn_index] = ()
                return ()
            contexts = frozenset() if self.notes or not self.rules.moves else classify_turn(turn.text, self.rules)
            found = moves_in_turn(turn, previous, self.rules, self.notes, contexts)
            if self.learned is not None and self._head_may_read(turn, contexts):
                found += self._learned(turn, previous, {hit.move_id for hit in found})
            self._cache[turn_index] = lead_first(found)
        return self._cache[turn_index]

    def _head_may_read(self, turn: Turn, contexts: frozenset[str]) -> bool:
        """The learned head reads a therapist turn unless a rule finds a repair there ("it seemed like something
        I said landed badly" is the opposite of dismissing), or it is an open, inviting question or a short
        closed one with nothing straining about it ("What's been happening at work since we last met?" is no
        label or reproach; the coding guide: a single neutral closed question is not a contribution)."""
        if turn.index in self.rule_repairs:
            return False
        if contexts & self.rules.straining_contexts:
            return True
        if contexts & self.rules.closed_contexts and len(turn.text.split()) <= PLAIN_QUESTION_WORDS:
            return False  # "Are you still taking the sertraline?": a neutral closed question is no move
        return not (contexts & self.rules.inviting_contexts)

    def _learned(self, turn: Turn, previous: Turn | None, known: set[str]) -> tuple[MoveHit, ...]:
        """The move head's finding for one therapist turn, unless a rule already found that move there."""
        verdict = self.learned.read(turn.text, previous.text if previous and previous.speaker == "client" else None)
        if verdict is None:
            return ()
        move_id, strength, score, cues = verdict
        definition = self._definitions.get(move_id)
        if definition is None or move_id in known:
            return ()
        return (_hit(definition, turn, _quote(turn.text, 0, 0, reach=120), strength, score, cues),)

    def has(self, turn_index: int) -> bool:
        return turn_index in self._positions

    def therapist_turns_before(self, turn_index: int, count: int, after: int) -> list[int]:
        """Up to `count` therapist turns (sentences, in notes) before `turn_index`, none at or before `after`."""
        found: list[int] = []
        position = self._positions[turn_index] - 1
        while position >= 0 and len(found) < count:
            turn = self.session.turns[position]
            if turn.index <= after:
                break
            if self.notes or turn.speaker == "therapist":
                found.append(turn.index)
            position -= 1
        return found

    def therapist_turns_between(self, start: int, end: int) -> list[int]:
        return [turn.index for turn in self.session.turns
                if start < turn.index < end and (self.notes or turn.speaker == "therapist")]


def contribution_before(scan: MoveScan, start: int, previous_end: int = 0,
                        end: int | None = None) -> tuple[str, tuple[MoveHit, ...]]:
    """The contribution level to a rupture starting at `start`, and the moves that make it.

    Transcripts: the last LOOK_BACK therapist turns before it (none at or before `previous_end`, the end of
    the episode before); notes: the therapist's own account from a few sentences before to `end`."""
    if scan.notes:
        last = start if end is None else end
        candidates = [index for index in range(max(previous_end + 1, start - NOTES_LOOK_BACK), last + 1)
                      if scan.has(index)]
    else:
        candidates = scan.therapist_turns_before(start, LOOK_BACK, previous_end)
    before = tuple(hit for index in sorted(candidates) for hit in scan.at(index))
    near = set(sorted(candidates)[-CLEAR_REACH:])
    if any(hit.strength == "clear" and (scan.notes or hit.turn in near) for hit in before):
        return "clear", before
    return ("possible" if before else "none"), before


def anchor_turn(episode: Episode) -> int:
    """The episode's first firm rupture turn: a rule's marker, or the model's at FIRM_SCORE or above.

    A weak model finding can open an episode a turn or two before the client plainly pushes back. When no
    straining move came before that weak finding but one came before the pushback ("Stop lecturing me" right
    after a lecture), the lecture is the therapist's part, not "more of the same"; when one came before both
    (a lecture, a curt "Right.", another lecture), the second is more of the same, as before."""
    firm = [hit.turn for hit in episode.hits if not hit.evidence_only
            and (hit.source != "model" or (hit.score or 0.0) >= FIRM_SCORE)]
    return min(firm, default=episode.start_turn)


def _pushback_after_a_move(episode: Episode, repair: Repair, previous_end: int, scan: MoveScan,
                           anchor: int) -> tuple[int, str, tuple[MoveHit, ...]]:
    """The model read an ordinary opening as the start of the episode ("I stay in bed till lunchtime"), nothing
    strained before it, and then a lecture came and the client plainly pushed back (a rule's marker) before any
    repair: the lecture is the therapist's part in that pushback, not "more of the same" after a rupture it did not
    follow. The first pushback right after a clear move becomes the anchor; with none, nothing changes."""
    first_strategy = min((hit.turn for hit in repair.counted), default=None)
    pushbacks = sorted({hit.turn for hit in episode.hits if not hit.evidence_only and hit.source != "model"})
    for turn in pushbacks:
        if turn <= anchor or (first_strategy is not None and turn > first_strategy):
            continue
        level, before = contribution_before(scan, turn, previous_end, episode.end_turn)
        if level == "clear":  # a clear move only: a faint one is no reason to move the episode's anchor
            return turn, level, before
    return anchor, "none", ()


def assess_therapist_side(episode: Episode, repair: Repair, previous_end: int, scan: MoveScan) -> TherapistSide:
    """Contribution: a clear move in the therapist turn right before the episode (or before its first firm
    rupture turn, see `anchor_turn`) is `clear`; any other move in the last few therapist turns is `possible`.
    Repair quality: strategies, how soon, whether the client came back, and whether the therapist answered
    with more of the straining moves first."""
    start = anchor = episode.start_turn
    contribution, before = contribution_before(scan, start, previous_end, episode.end_turn)
    firm = anchor_turn(episode)
    if firm != start:  # a weak finding opened the episode: did a move strain the alliance before the pushback?
        at_firm = contribution_before(scan, firm, previous_end, episode.end_turn)
        if LEVELS.index(at_firm[0]) > LEVELS.index(contribution):
            anchor, (contribution, before) = firm, at_firm
    if contribution == "none" and not scan.notes:
        anchor, contribution, before = _pushback_after_a_move(episode, repair, previous_end, scan, anchor)
    strategy_turns = tuple(sorted({hit.turn for hit in repair.counted}))
    first_strategy = strategy_turns[0] if strategy_turns else None
    answered_until = first_strategy or repair.re_engagement_turn or episode.end_turn + 1
    if first_strategy and first_strategy > anchor:
        start = anchor  # how soon the pushback was answered, not the weak finding before it
    if scan.notes:
        after_turns = [index for index in range(anchor + 1, answered_until) if scan.has(index)]
        turns_to_repair = first_strategy - start if first_strategy else None
    else:
        after_turns = scan.therapist_turns_between(anchor, answered_until)
        turns_to_repair = (len(scan.therapist_turns_between(start, first_strategy)) + 1) if first_strategy else None
    after = tuple(hit for index in after_turns for hit in scan.at(index) if hit.strength == "clear")
    return TherapistSide(contribution, before, after, strategy_turns, turns_to_repair,
                         repair.re_engagement_turn is not None or repair.status == "resolved")
