"""The client head's rows of a whole transcript as arrays, without writing out a feature name per word.

`rows.client_row` names every feature ("c:waste of", "t:you should"); looking those names up one by one
was most of the model's time. Here a head's vocabulary, split once into arrays by prefix (`word_tables.py`:
word number -> column, pair of word numbers -> column), meets a session's words, numbered once, so the unique
words and pairs of every row are found and looked up with a few numpy operations for the whole session.
The columns come out in exactly the order, and with exactly the values, `client_row` gives, so the scores
are the same to the last bit (a test holds the two against each other). Feature names are still built
for the few rows the model flags, for their cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from rupturecli.model.features import (
    CONTEXT_BIGRAMS,
    CONTEXT_TOKENS,
    Feature,
    exchange_positions,
    length_bucket,
    tokens,
)
from rupturecli.model.linear import LinearHead
from rupturecli.model.rows import EARLIER_THERAPIST_TURNS, EARLIER_TOKENS, client_row, transcript_rows
from rupturecli.model.word_tables import PAIR_PREFIXES, WORD_PREFIXES, WordTables
from rupturecli.session import Session
from rupturecli.textutil import normalise

# The parts of a client row, in the order client_row writes them (a row's slot numbers sort its features).
C_WORDS, C_PAIRS, C_NAMED, T_WORDS, T_PAIRS, T_NAMED, BACKCHANNEL, PC_WORDS, T2_WORDS = range(9)
SLOTS = 16
SPAN = 1 << 32  # room for the features of one part of a row


class _Parts:
    """The pieces of a session's rows, gathered in one pass before the arrays are built."""

    def __init__(self) -> None:
        self.word_gather: list[int] = []  # positions in the session's words, block after block
        self.word_blocks: list[tuple[int, int, int, int]] = []  # (length, table, slot key, group)
        self.pair_gather: list[int] = []  # the position of each pair's first word
        self.pair_blocks: list[tuple[int, int, int, int]] = []
        self.group_scales: list[float] = []
        self.named: list[str] = []
        self.named_keys: list[int] = []

    def group(self, scale: float) -> int:
        self.group_scales.append(scale)
        return len(self.group_scales) - 1

    def words(self, ranges: Sequence[tuple[int, int]], table: int, key: int, group: int) -> None:
        length = 0
        for start, end in ranges:
            self.word_gather.extend(range(start, end))
            length += end - start
        if length:
            self.word_blocks.append((length, table, key, group))

    def pairs(self, start: int, end: int, table: int, key: int, group: int) -> None:
        """The pairs of neighbouring words in [start, end)."""
        if end - start >= 2:
            self.pair_gather.extend(range(start, end - 1))
            self.pair_blocks.append((end - 1 - start, table, key, group))

    def names(self, names: list[str], key: int) -> None:
        self.named.extend(names)
        self.named_keys.extend(range(key, key + len(names)))


def _tail(ranges: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """The last `count` positions of consecutive ranges."""
    kept: list[tuple[int, int]] = []
    for start, end in reversed(ranges):
        if count <= 0:
            break
        start = max(start, end - count)
        kept.insert(0, (start, end))
        count -= end - start
    return kept


class ClientColumns:
    """Every client turn of a transcript as the client head's known columns, values and owning rows."""

    def __init__(self, session: Session, tables: WordTables) -> None:
        speakers = [turn.speaker for turn in session.turns]
        texts = [turn.text for turn in session.turns]
        self.speakers, self.texts = speakers, texts
        self.turns: list[int] = []  # turn index of each row
        self.positions: list[int] = []  # 0-based position of each row in the session
        turn_words = [tokens(text) for text in texts]
        starts = [0]
        for words in turn_words:
            starts.append(starts[-1] + len(words))
        numbers, width = tables.numbers([word for words in turn_words for word in words])
        parts = _Parts()
        therapist_positions: list[int] = []
        c, t, pc, t2 = (WORD_PREFIXES.index(prefix) for prefix in ("c", "t", "pc", "t2"))
        for position, turn in enumerate(session.turns):
            if turn.speaker == "therapist":
                therapist_positions.append(position)
                continue
            if turn.speaker != "client":
                continue
            row = len(self.turns)
            key = row * SLOTS
            self.turns.append(turn.index)
            self.positions.append(position)
            answered, earlier_client, backchannel = exchange_positions(speakers, texts, position)
            words = turn_words[position]
            start, end = starts[position], starts[position + 1]
            group = parts.group(1.0)
            parts.words([(start, end)], c, (key + C_WORDS) * SPAN, group)
            parts.pairs(start, end, PAIR_PREFIXES.index("c"), (key + C_PAIRS) * SPAN, group)
            size = length_bucket(len(words))
            named = [f"len:{size}"]
            if "?" in normalise(turn.text).strip():
                named.append("c:has?")
            if words:
                named += [f"cfirst:{words[0]}", f"cfirst:{' '.join(words[:2])}", f"clast:{words[-1]}"]
            if answered < 0:
                named.append("t:none")
            parts.names(named, (key + C_NAMED) * SPAN)
            if answered >= 0:
                therapist_words = turn_words[answered]
                t_start, t_end = starts[answered], starts[answered + 1]
                group = parts.group(0.7)
                parts.words([(max(t_start, t_end - CONTEXT_TOKENS), t_end)], t, (key + T_WORDS) * SPAN, group)
                parts.pairs(max(t_start, t_end - CONTEXT_BIGRAMS), t_end, PAIR_PREFIXES.index("t"),
                            (key + T_PAIRS) * SPAN, group)
                move = "asks" if normalise(texts[answered]).rstrip().endswith("?") else "tells"
                named = [f"tlen:{length_bucket(len(therapist_words))}", f"len:{size}&t:{move}"]
                if words:
                    named.append(f"cfirst:{words[0]}&t:{move}")
                parts.names(named, (key + T_NAMED) * SPAN)
            if backchannel:
                parts.names(["after-backchannel"], (key + BACKCHANNEL) * SPAN)
                if earlier_client >= 0 and texts[earlier_client]:
                    parts.words([(starts[earlier_client], starts[earlier_client + 1])], pc, (key + PC_WORDS) * SPAN,
                                parts.group(0.5))
            wider = therapist_positions[-1 - EARLIER_THERAPIST_TURNS:-1]
            if wider:
                ranges = _tail([(starts[item], starts[item + 1]) for item in wider], EARLIER_TOKENS)
                parts.words(ranges, t2, (key + T2_WORDS) * SPAN, parts.group(0.4))
        self._arrays(parts, numbers, width, tables, len(self.turns))
        self._style(turn_words, speakers, starts, numbers, width, tables)

    def _arrays(self, parts: _Parts, numbers: np.ndarray, width: int, tables: WordTables, rows: int) -> None:
        keys: list[np.ndarray] = []
        columns: list[np.ndarray] = []
        groups: list[np.ndarray] = []
        group_counts = np.zeros(len(parts.group_scales), dtype=np.int64)
        for gather, blocks, kind in ((parts.word_gather, parts.word_blocks, "words"),
                                     (parts.pair_gather, parts.pair_blocks, "pairs")):
            if not blocks:
                continue
            lengths, block_tables, block_keys, block_groups = (np.array(column, dtype=np.int64)
                                                               for column in zip(*blocks))  # noqa: B905
            positions = np.array(gather, dtype=np.int64)
            block = np.repeat(np.arange(len(blocks), dtype=np.int64), lengths)
            first = numbers[positions]
            if kind == "words":
                unique_key = block * width + first
            else:
                second = numbers[positions + 1]
                unique_key = (block * width + first) * width + second
            _, kept = np.unique(unique_key, return_index=True)
            kept.sort()  # first occurrences, in the order the row reads them
            block = block[kept]
            group_counts += np.bincount(block_groups[block], minlength=len(group_counts))
            offsets = kept - np.repeat(np.cumsum(lengths) - lengths, lengths)[kept]
            keys.append(block_keys[block] + offsets)
            groups.append(block_groups[block])
            if kind == "words":
                columns.append(tables.word_columns(block_tables[block], first[kept]))
            else:
                found = np.full(len(kept), -1, dtype=np.int64)
                for table in range(len(PAIR_PREFIXES)):
                    chosen = block_tables[block] == table
                    if chosen.any():
                        found[chosen] = tables.pair_columns_of(table, first[kept][chosen], second[kept][chosen])
                columns.append(found)
        scales = np.array(parts.group_scales, dtype=np.float64)
        group_values = scales / np.sqrt(np.maximum(group_counts, 1))
        values = [group_values[group] for group in groups]
        if parts.named:
            keys.append(np.array(parts.named_keys, dtype=np.int64))
            columns.append(np.fromiter(map(tables.index.get, parts.named, repeat(-1)), dtype=np.int64,
                                       count=len(parts.named)))
            values.append(np.ones(len(parts.named), dtype=np.float64))
        if not keys:
            empty = np.zeros(0, dtype=np.int64)
            self.columns, self.values, self.owners = empty, np.zeros(0, dtype=np.float32), empty
            return
        all_keys = np.concatenate(keys)
        order = np.argsort(all_keys, kind="stable")
        all_columns = np.concatenate(columns)[order]
        known = all_columns >= 0
        self.columns = all_columns[known]
        self.values = np.concatenate(values)[order][known].astype(np.float32)
        self.owners = all_keys[order][known] // (SLOTS * SPAN)

    def _style(self, turn_words: list[tuple[str, ...]], speakers: list[str], starts: list[int], numbers: np.ndarray,
               width: int, tables: WordTables) -> None:
        """The session's therapist style (every therapist word, and pairs across turns): shared by all rows."""
        lengths = np.diff(np.array(starts, dtype=np.int64))
        positions = np.flatnonzero(np.repeat(np.array([speaker == "therapist" for speaker in speakers]), lengths))
        empty = np.zeros(0, dtype=np.int64)
        self.shared_columns, self.shared_values = empty, np.zeros(0, dtype=np.float32)
        if not len(positions):
            return
        words = numbers[positions]
        _, first_words = np.unique(words, return_index=True)
        first_words.sort()
        pairs = words[:-1] * width + words[1:]
        _, first_pairs = np.unique(pairs, return_index=True)
        first_pairs.sort()
        count = len(first_words) + len(first_pairs)
        table = WORD_PREFIXES.index("s")
        columns = np.concatenate([
            tables.word_columns(np.full(len(first_words), table), words[first_words]),
            tables.pair_columns_of(PAIR_PREFIXES.index("s"), words[:-1][first_pairs], words[1:][first_pairs]),
        ])
        value = np.float32(1.0 / np.sqrt(np.float64(count)))
        known = columns >= 0
        self.shared_columns = columns[known]
        self.shared_values = np.full(int(known.sum()), value, dtype=np.float32)

    def features(self, row: int) -> tuple[Feature, ...]:
        """Row `row` with its feature names, as `rows.client_row` gives it (for the marker head and cues)."""
        position = self.positions[row]
        earlier: list[str] = []  # the last therapist turns before it, oldest first: as many as client_row reads
        index = position - 1
        while index >= 0 and len(earlier) <= EARLIER_THERAPIST_TURNS:
            if self.speakers[index] == "therapist":
                earlier.insert(0, self.texts[index])
            index -= 1
        return client_row(self.speakers, self.texts, position, earlier)

    def __len__(self) -> int:
        return len(self.turns)

    def probabilities(self, head: LinearHead) -> np.ndarray:
        """The head's probabilities for every client row (the session's therapist style shared by all)."""
        return head.squash(head.logits_of(len(self.turns), self.columns, self.values, self.owners,
                                          self.shared_columns, self.shared_values))


class NamedRows:
    """The same rows the plain way, feature names and all: for a short run, where building the tables
    would cost more than it saves."""

    def __init__(self, session: Session) -> None:
        self.rows = transcript_rows(session, with_therapist=False)
        self.turns = list(self.rows.client_turns)

    def features(self, row: int) -> tuple[Feature, ...]:
        return self.rows.client[row]

    def __len__(self) -> int:
        return len(self.turns)

    def probabilities(self, head: LinearHead) -> np.ndarray:
        return head.probabilities(self.rows.client, self.rows.style)
