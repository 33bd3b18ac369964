"""Addresses found by the fifteenth round's shapes: a Japanese address written city and ward first with the
block after them ("osaka, kita-ku, umeda 2-4-9"), and an Indian house and sector in any case ("house 4386, sector
21, ...")."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.privacy.address_parts import address_run

# The city (perhaps), the ward or city suffix, perhaps a district, then the block numbers
WARD_FIRST = regex.compile(
    r"(?<![\p{L}\d'’-])(?:\p{L}{3,},?[ \t]+)?\p{L}{2,}-(?i:ku|shi|cho|chō|machi|gun)\b,?[ \t]+"
    r"(?:\p{L}{2,}(?:-\p{L}+)?,?[ \t]+)?\d{1,2}-\d{1,2}(?:-\d{1,4}){0,2}(?![\w/-])")
# A house, flat or plot with its sector, phase or block: the town after it is found by address_run
HOUSE_SECTOR = regex.compile(
    r"\b(?i:house|h\.?[ \t]?no\.?|flat|plot|kothi)[ \t]*(?:(?i:no)\.?[ \t]*)?\d{1,5}[A-Za-z]?,?[ \t]+"
    r"(?i:sector|sec\.?|phase|block)[ \t]*-?[ \t]*\d{1,3}[A-Za-z]?\b")


def shaped_addresses(text: str) -> Iterable[tuple[int, int]]:
    """Where each address of the fifteenth round's shapes starts and ends (with the town after it)."""
    if "-" in text:
        for match in WARD_FIRST.finditer(text):
            yield match.start(), match.end()
    lowered = text.lower()
    if "sector" in lowered or "sec" in lowered or "phase" in lowered or "block" in lowered:
        for match in HOUSE_SECTOR.finditer(text):
            yield match.start(), address_run(text, match.end(), match.start())
