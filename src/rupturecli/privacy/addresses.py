"""Addresses: the streets found (see streets.py) joined and run on over their parts, from a house's name before
them to a town before or after their postcode; a form's address field; addresses read out in words."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.address_parts import (
    PART_END,
    PLACE_PART_WORD,
    PLACE_QUALIFIERS,
    PLACE_WORD,
    UNIT_PART,
    address_run,
    part_words_ok,
)
from rupturecli.privacy.address_shapes import shaped_addresses
from rupturecli.privacy.numbers import DIGIT
from rupturecli.privacy.place_words import LISTED_CITIES, LISTED_CITY_PAIRS, PART_STOP, REGIONS, STATES
from rupturecli.privacy.prefilter import matches
from rupturecli.privacy.spans import Span
from rupturecli.privacy.streets import (
    ADDRESS_PATTERNS,
    COMPASS_STREET,
    COMPASS_WORDS,
    FRENCH_STREET,
    HOUSE_WORD,
    IRISH_ESTATE,
    JAPANESE_BLOCK,
    SPOKEN_ADDRESS,
    SPOKEN_ADDRESS_WORDS,
    STREET_FIRST_ADDRESS,
    WARD_SUFFIX,
)
from rupturecli.privacy.words import NOT_LOWER_NAMES, never_a_name

# A house's name before its address, at the start of a line or after a colon: a Welsh name ("Bryn Awel, ...",
# "Tŷ Coch, ...") or a name ending in a word for a house ("Rose Cottage, ...", "The Old Rectory, ...")
HOUSE_NAME = regex.compile(
    r"(?:^|(?<=[\n:;][ \t]*))(?:The[ \t]+)?(?:(?:Tŷ|Ty|Bryn|Pen|Plas|Llys|Bron|Maes|Hafod|Cae|Nant|Coed|Glan|Pant|"
    r"Rhos|Gwel|Bod)[ \t]+\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?|(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,2}"
    r"(?:Cottage|Cottages|House|Farm|Farmhouse|Lodge|Barn|Villa|Manor|Hall|Grange|Rectory|Vicarage|Bungalow))"
    r",[ \t]*$")
# A form's address field: the value after the label, to the end of its line or field, is the address whatever its
# parts look like ("Address: Gort na Móna, Baile Uí Bhriain, Co. Mhaigh Eo", "Adresse: B-7, Kiran Society,
# Gangapur, Nashik"), up to a postcode inside it; the label opens a line, a sentence or a field after a pipe
# ("Name: ... | Address: ..."; not "Email address:")
FORM_ADDRESS = regex.compile(
    r"(?:^|(?<=\n)|(?<=[.;][ \t])|(?<=\|))[ \t]*(?i:(?:home|postal|current|permanent|residential|street|mailing|"
    r"previous|new|old|client|patient|usual)[ \t]+)?"
    r"(?i:address|addr\.?|adresse|anschrift|wohnadresse|dirección|direccion|domicilio|endereço|endereco|indirizzo|"
    r"residenza|osoite|adres|adress|adressi|adresa|adresas|cím|naslov)[ \t]*:[ \t]*"
    r"(?P<value>[^\n\t|;]+?)(?=[ \t]*(?:\n|\t|[ \t]{2}|\||;|$|(?<=\p{L}{4})\.[ \t]+\p{Lu}))")
FORM_ADDRESS_STEMS = ("addr", "adres", "anschrift", "direcc", "dirección", "domicilio", "endere", "indirizzo",
                      "residenza", "osoite", "cím", "naslov")  # a text with none of them has no address field
# ... a value that says there is none is no address: "Address: as above", "Address: NFA"
FORM_ADDRESS_NONE = regex.compile(r"(?i:see|as|same|n/?a|none|nfa|no[ \t]+fixed|unknown|not|tbc|withheld|"
                                  r"declined|refused|on[ \t]+file)\b")
# A Japanese address in its own script after the postal mark and code, or after 住所 ("address"), to the end of the
# line: prefecture, ward, district, block numbers and building ("〒123-4567 東京都渋谷区..."); the code stays a POSTCODE
JAPANESE_SCRIPT = regex.compile(r"(?:〒[ \t]?\d{3}-?\d{4}|住所[：:])[ \t\u3000]*"
                                r"(?P<address>[\p{Han}\p{Hiragana}\p{Katakana}ー々][\p{Han}\p{Hiragana}\p{Katakana}ー々"
                                r"\d０-９\-－−‐ \t\u3000]*)")
# An Irish rural address: townland and village before the county, then its Eircode ("Gortnahoe, Ballyduff, Co.
# Kerry, V92 X2Y4"): parts back from "Co." that are not names, weekdays, headings or dates
COUNTY_ADDRESS = regex.compile(rf"(?<=(?:^|[,:;(\n])[ \t]*)"
                               rf"(?P<parts>(?:{PLACE_WORD}(?:[ \t]+{PLACE_WORD})?,[ \t]*){{0,3}})"
                               rf"(?:Co\.|County)[ \t]+{PLACE_WORD}(?=,?[ \t]+[A-Z]\d{{2}}[ \t]?[A-Z\d]{{4}}\b)")
CHAIN_GAP = regex.compile(r"[ \t]*,[ \t]*")  # "Flat 12, Lotus Residency" + ", 5th Main"
# A town in any case between an address and its postcode: "5 oak road stockport sk4 2bh"
# ... perhaps after a flat or unit written after the street: "218 elm ave unit 4 dayton oh 45402"
TOWN_BEFORE_CODE = regex.compile(r"(?:[ \t]*,?[ \t]+(?i:apt|apartment|unit|suite|ste|flat)\.?[ \t]*#?\d{1,4}[A-Za-z]?)?"
                                 r"(?P<town>(?:[ \t]*,?[ \t]+\p{L}[\p{L}'’-]*){1,3})[ \t]*,?[ \t]+")
US_STATE = regex.compile(rf"(?i:{STATES})")


# A plot or stand numbered without a street, as in East and Southern Africa: "Plot 7, ...", "stand no. 6093, ..."
PLOT = regex.compile(r"\b(?i:plot|stand|erf)[ \t]*(?:(?i:no)\.?[ \t]*)?\d{1,5}[A-Za-z]?(?=[ \t]*,)")


def _house_name_start(text: str, start: int) -> int:
    """An address starts at its house's name when one comes just before it ("Rose Cottage, 4 Church Lane"), or at
    the parts of a building or a floor before its street ("Hinterhaus, 2. OG, Talstraße 9", "Flat 2, ...")."""
    house = HOUSE_NAME.search(text, max(0, start - 50), start) if start and text[start - 2:start - 1] == "," else None
    if house:
        return house.start()
    if text[start:start + 1].isdigit() and (number := NUMBER_BEFORE.search(text, max(0, start - 8), start)):
        return number.start()
    for _ in range(3):
        unit = UNIT_BEFORE.search(text, max(0, start - 40), start) if text[start - 2:start - 1] == "," else None
        if not unit:
            break
        start = unit.start()
    return start


UNIT_BEFORE = regex.compile(rf"(?<![\p{{L}}\d.'’-])(?:{UNIT_PART}|\d{{1,4}}[A-Za-z]|"  # "7a, 22 ..." too
                            rf"(?i:flat|unit|apartment|apt)[ \t]+{HOUSE_WORD}),[ \t]*$")  # "flat three, ..."
# "number 6 ..." or "No. 6 ...": the word before a house number is part of the address
NUMBER_BEFORE = regex.compile(r"(?<![\p{L}\d])(?i:number|no\.?|nr\.?|n[º°])[ \t]*$")


def _address_chains(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Address detections run on over their parts, and joined where only a comma parts them ("Flat 12, Lotus
    Residency" and "5th Main")."""
    chains: list[list[int]] = []
    last = -1  # the end of the last detection kept: one that overlaps it is dropped, as detect.py keeps the best
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < last:
            continue
        last = end
        if chains and (start <= chains[-1][1] or CHAIN_GAP.fullmatch(text, chains[-1][1], start)):
            chains[-1][1] = max(chains[-1][1], address_run(text, end, chains[-1][0]))
            continue
        chains.append([start, address_run(text, end, start)])
    return [(start, end) for start, end in chains]


def _town_before_postcode(text: str, end: int, postcodes: list[int]) -> int:
    """An address runs on over up to three words (in any case) between it and a postcode: "5 oak road
    stockport sk4 2bh"."""
    position = bisect.bisect_right(postcodes, end)
    if position == len(postcodes) or postcodes[position] - end > 60:
        return end
    gap = TOWN_BEFORE_CODE.fullmatch(text, end, postcodes[position])
    if not gap:
        line = TOWN_LINE_BEFORE_CODE.fullmatch(text, end, postcodes[position])
        if line and not any(word.lower() in PART_STOP for word in line.group("town").split()):
            return line.end("region") if line.group("region") else line.end("town")
        return end
    words = regex.findall(r"\p{L}[\p{L}'’-]*", gap.group("town"))
    # the flat before the town is no word of the sentence, nor a state's two letters after it ("... il 61937"),
    # nor a town's first word that is an ordinary one ("new plymouth", "port talbot")
    if any((word.lower() in PART_STOP or word.lower() in NOT_LOWER_NAMES) and not (
            index == len(words) - 1 > 0 and US_STATE.fullmatch(word) or index == 0 < len(words) - 1
            and word.lower() in PLACE_QUALIFIERS) for index, word in enumerate(words)):
        return end
    return end + len(gap.group(0).rstrip(" \t,"))


# A letter's address: the town (and region) on the next line, before the postcode: "...\nSavannah, GA 31401"
TOWN_LINE_BEFORE_CODE = regex.compile(rf"[ \t]*,?[ \t]*\n[ \t]*(?P<town>{PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,2}})"
                                      rf"(?P<region>,?[ \t]+(?:{REGIONS}))?[ \t]*,?[ \t]+")


# The town after a postcode ("10115 Berlin", "1015 BX Amsterdam", "60311 Frankfurt am Main", "1620 København V",
# "50123 Firenze (FI)", "Campinas - SP", "44100 Guadalajara, Jal."), or a listed city in lower case ("0150 oslo")
TOWN_PARTICLE = r"(?:de|da|do|dos|das|del|di|la|le|les|du|des|upon|on|am|an|der|im|in|bei|sur|en|ob)"
TOWN_AFTER_CODE = regex.compile(
    rf",?[ \t]+(?P<town>{PLACE_WORD}(?:[ \t]+(?:{TOWN_PARTICLE}[ \t]+){{0,2}}{PLACE_WORD}){{0,2}})"
    rf"(?P<region>[ \t]+\p{{Lu}}{{1,2}}(?![\p{{L}}\d'’-]|\.\p{{L}})|[ \t]*\([ \t]*\p{{Lu}}[\p{{L}}.]*[ \t]*\)"
    r"|[ \t]+[-–][ \t]+\p{Lu}{2}(?![\p{L}\d])|,[ \t]*\p{Lu}{2,4}(?=[ \t]*(?:[.;)\n]|$))"
    # ... a state abbreviated with its dot, as in Mexico ("..., Jal.", "..., N.L.") at the end of the address
    r"|,[ \t]*(?:\p{Lu}\p{Ll}{1,4}|\p{Lu}(?:\.\p{Lu}){1,2})\.(?=[ \t]*(?:[,;)\n—–-]|$)))?")
CITY_AFTER_CODE = regex.compile(r"[ \t]+(?P<town>\p{Ll}[\p{Ll}-]+(?:[ \t]+\p{Ll}+)?)(?![\p{L}\d'’-])")


def _town_after_postcode(text: str, end: int) -> tuple[int, int] | None:
    """The end of a town (with its district or region) that follows a postcode: capitalised words that pass the
    address part checks (none a weekday, title or heading; before other words, one a word our texts never use),
    or a listed city in lower case."""
    found = TOWN_AFTER_CODE.match(text, end)
    if found:
        words = list(PLACE_PART_WORD.finditer(text, found.start("town"), found.end("town")))
        ends = [found.end()] if found.group("region") else []
        ends += [word.end() for word in reversed(words) if not regex.fullmatch(TOWN_PARTICLE, word.group(0))]
        for town_end in ends:
            chosen = [word.group(0) for word in words if word.end() <= town_end]
            closed = bool(PART_END.match(text, town_end))
            if part_words_ok(chosen, strict=not closed, cue=False):
                return found.start("town"), town_end
    found = CITY_AFTER_CODE.match(text, end)
    if found:
        words = found.group("town").split()
        for count in (2, 1):
            if len(words) >= count and " ".join(words[:count]) in (LISTED_CITY_PAIRS if count == 2 else LISTED_CITIES):
                town_end = found.start("town") + len(" ".join(words[:count]))
                if words[0] not in COMMON_WORDS or PART_END.match(text, town_end):
                    return found.start("town"), town_end
    return None


def form_addresses(text: str, postcodes: list[int]) -> Iterable[tuple[int, int]]:
    """A form's address field (see FORM_ADDRESS): its value up to the first postcode in it, when it has a digit or
    a comma and does not say there is no address."""
    lowered = text.lower() if ":" in text else ""
    if not any(stem in lowered for stem in FORM_ADDRESS_STEMS):
        return
    for match in FORM_ADDRESS.finditer(text):
        start, end = match.span("value")
        value = match.group("value")
        if FORM_ADDRESS_NONE.match(value) or "@" in value or not (DIGIT.search(value) or "," in value):
            continue
        inside = [code for code in postcodes if start <= code < end]
        if text[start] == "〒" or inside and inside[0] == start:
            continue  # a Japanese address after its mark and code: JAPANESE_SCRIPT
        end = min([*inside, end])
        while end > start and text[end - 1] in " \t,;-–":
            end -= 1
        yield start, end


def spoken_addresses(text: str) -> Iterable[tuple[int, int]]:
    """Addresses whose house number is read out ("forty two pine street"), and American ones by a compass point
    and a street's name with a town after them ("4420 north halsted, chicago")."""
    lowered = text.lower()
    for match in SPOKEN_ADDRESS.finditer(text) if any(word in lowered for word in SPOKEN_ADDRESS_WORDS) else ():
        yield _house_name_start(text, match.start()), address_run(text, match.end(), match.start())
    for match in COMPASS_STREET.finditer(text) if COMPASS_WORDS.search(lowered) else ():
        run = address_run(text, match.end(), match.start())
        if run > match.end():  # a town after it: "..., chicago"
            yield match.start(), run


def street_addresses(text: str, present: frozenset[str]) -> list[tuple[int, int]]:
    """Every street address, joined with its neighbours, run on over its parts and back to a house's name."""
    detected: list[tuple[int, int]] = []
    for pattern in ADDRESS_PATTERNS:
        for match in matches(pattern, text, present):
            if pattern in (STREET_FIRST_ADDRESS, FRENCH_STREET) and all(
                    never_a_name(word) for word in match.group("street").split()):
                continue  # "Via Zoom 3 times"
            if pattern is JAPANESE_BLOCK and not WARD_SUFFIX.search(
                    text, match.end(), address_run(text, match.end()) + 14):
                continue  # "1-2-3 Magic, Triple P": no ward, city or postcode after it
            detected.append((match.start(), match.end()))
    if "〒" in text or "住所" in text:
        for match in JAPANESE_SCRIPT.finditer(text):
            detected.append((match.start("address"), match.start("address")
                             + len(match.group("address").rstrip(" \t\u3000"))))
    for match in PLOT.finditer(text) if "lot" in text.lower() else ():
        run = address_run(text, match.end(), match.start())
        if text.count(",", match.end(), run) >= 2:  # an area and a town after it: "plot 7, gerwin, talbot"
            detected.append((match.start(), run))
    detected += shaped_addresses(text)
    for match in matches(IRISH_ESTATE, text, present):
        detected.append((match.start(), match.end()))
    for match in COUNTY_ADDRESS.finditer(text):
        start = match.start()
        for part in regex.finditer(r"[^,]+,[ \t]*", match.group("parts")):
            if part_words_ok(part.group(0).rstrip(", \t").split(), strict=True, cue=False):
                break
            start = match.start() + part.end()  # "Dr Byrne, Gortnahoe, Co. Kerry": the name is no part of it
        detected.append((start, match.end()))
    return [(_house_name_start(text, start), end) for start, end in _address_chains(text, detected)]


def addresses_and_towns(text: str, addresses: list[tuple[int, int]], postcodes: list[Span]
                        ) -> Iterable[tuple[int, int]]:
    """The street addresses run on to a town before a postcode, a form's address fields (up to their postcode),
    and the towns after postcodes."""
    starts = sorted(span.start for span in postcodes)
    for start, end in addresses:
        yield start, _town_before_postcode(text, end, starts) if starts else end
    yield from form_addresses(text, starts)
    for span in postcodes:
        town = _town_after_postcode(text, span.end)
        if town is not None:
            yield town
