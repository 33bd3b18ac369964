"""A head's word and word-pair features as arrays by prefix: word number -> column, word-number pair -> column.

Built once per model (a fraction of a second) so that `columns.ClientColumns` can look up the words of a
whole session with a few numpy operations instead of one feature name at a time.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from rupturecli import cache

WORD_PREFIXES = ("c", "t", "pc", "t2", "s")  # the order of the rows of WordTables.words
PAIR_PREFIXES = ("c", "t", "s")


CACHED = frozenset({"vocabulary", "size", "words", "pair_keys", "pair_columns"})  # all but the head's own index


class WordTables:
    """One head's word features by prefix, as arrays indexed by word number."""

    def __init__(self, index: dict[str, int]) -> None:
        self.index = index
        vocabulary: dict[str, int] = {}
        words: list[tuple[int, str, int]] = []
        pairs: list[tuple[int, str, str, int]] = []
        for name, column in index.items():
            prefix, _, rest = name.partition(":")
            if prefix not in WORD_PREFIXES:
                continue
            parts = rest.split(" ")
            if len(parts) == 1:
                words.append((WORD_PREFIXES.index(prefix), rest, column))
            elif len(parts) == 2 and prefix in PAIR_PREFIXES:
                pairs.append((PAIR_PREFIXES.index(prefix), parts[0], parts[1], column))
            for part in parts if len(parts) <= 2 else ():
                vocabulary.setdefault(part, len(vocabulary))
        self.vocabulary = vocabulary
        size = self.size = max(len(vocabulary), 1)
        self.words = np.full((len(WORD_PREFIXES), size + 1), -1, dtype=np.int64)  # the last: any unknown word
        for table, word, column in words:
            self.words[table, vocabulary[word]] = column
        self.pair_keys: list[np.ndarray] = []
        self.pair_columns: list[np.ndarray] = []
        for table in range(len(PAIR_PREFIXES)):
            found = sorted((vocabulary[first] * size + vocabulary[second], column)
                           for kind, first, second, column in pairs if kind == table)
            self.pair_keys.append(np.array([key for key, _ in found], dtype=np.int64))
            self.pair_columns.append(np.array([column for _, column in found], dtype=np.int64))

    @classmethod
    def of(cls, index: dict[str, int]) -> WordTables:
        """The tables of `index`, kept in the user's cache (cache.py) once built: building them costs a tenth of a
        second, a tenth of a 1 MB run's time; reading them back a hundredth of that."""
        columns = np.fromiter(index.values(), dtype=np.int64, count=len(index))
        key = cache.digest("word-tables", "\0".join(index), columns.tobytes())
        stored = cache.load("word-tables", key)
        if isinstance(stored, dict) and set(stored) == CACHED:
            tables = cls.__new__(cls)
            tables.__dict__.update(stored)
            tables.index = index
            return tables
        tables = cls(index)
        cache.store("word-tables", key, {name: value for name, value in vars(tables).items() if name in CACHED})
        return tables

    def numbers(self, words: list[str]) -> tuple[np.ndarray, int]:
        """Each word's number: known words by the vocabulary, unknown ones numbered from `size` on, distinct."""
        numbers = np.fromiter(map(self.vocabulary.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        unknown: dict[str, int] = {}
        size = self.size
        missing = np.flatnonzero(numbers < 0)
        if len(missing):
            numbers[missing] = [unknown.setdefault(words[position], size + len(unknown))
                                for position in missing.tolist()]
        return numbers, size + len(unknown)

    def word_columns(self, table: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        return self.words[table, np.minimum(numbers, self.size)]

    def pair_columns_of(self, table: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        keys, columns = self.pair_keys[table], self.pair_columns[table]
        result = np.full(len(first), -1, dtype=np.int64)
        known = (first < self.size) & (second < self.size)
        if not len(keys) or not known.any():
            return result
        wanted = first[known] * self.size + second[known]
        found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        result[known] = np.where(keys[found] == wanted, columns[found], -1)
        return result



__all__ = ["PAIR_PREFIXES", "WORD_PREFIXES", "WordTables"]
