"""How an address runs on past its street: over a flat or floor, a landmark, the locality, town and region after it
("..., apto 52", "..., Rathmines, Dublin 6", "..., Newtown NSW"), in capitals or in lower case, and where it stops
("..., Harriet said" is the sentence going on)."""

from __future__ import annotations

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.place_words import LISTED_CITIES, LISTED_CITY_PAIRS, PART_STOP, REGIONS
from rupturecli.privacy.postcodes import ADDRESS_TAIL
from rupturecli.privacy.streets import FLOOR_SIDE, NOT_STREET_WORDS, STREET
from rupturecli.privacy.words import NOT_LOWER_NAMES, given_name, never_a_name, unknown_word

# An address runs on past its street over the parts that follow it, each after a comma, up to a postcode, a line
# end or a sentence end: a flat or floor ("apto 52", "int. 3", "3º dcha"), the locality, town and region
# ("Rathmines, Dublin 6", "Col. Centro", "Brgy. San Isidro", "Newtown NSW", "Montréal (QC)")
PLACE_WORD = r"\p{Lu}[\p{Ll}'’]*\p{Ll}(?:-\p{L}\p{Ll}*)*"  # Leeds, São, Shibuya-ku, René-Lévesque
PLACE_PARTICLE = r"(?:de|da|do|dos|das|del|di|la|le|les|du|des|upon|am|an|der|sur)"  # Rio de Janeiro
LOCALITY = r"(?:Co\.|County|Col\.|Colonia|Brgy\.|Barangay|Bairro|Barrio|Dist\.|District|Sector)"
UNIT_PART = (r"(?:(?i:apartment|apto?|apt|app|int|interno|depto|dpto|piso|flat|unit|suite|ste|lok|local|esc|puerta|"
             r"pta|lgh|lägenhet|scala|escalera|escalier|bâtiment|bât|portal|bloque|bloco|edificio|"
             r"stiege)\.?|m\.)"  # a Polish
             # "m. 12" with its dot: not "M19", a Manchester postcode; a stair or building by its letter: "scala B"
             rf"[ \t]*(?:\d{{1,4}}[A-Za-z]?(?:[ \t]+[A-Z](?!\w))?|[A-Za-z]\d?(?![\w'’]))|\d{{1,2}}[º°ª]{FLOOR_SIDE}?|"
             # a Spanish floor in words and its door ("tercero A", "bajo izda", "ático")
             r"(?i:primero|segundo|tercero|cuarto|quinto|sexto|séptimo|septimo|octavo|noveno|décimo|decimo|bajo|"
             rf"entresuelo|principal|ático|atico)(?:{FLOOR_SIDE})?(?![\w'’])|"
             # a German floor or part of the building ("2. OG", "3. Stock", "Vorderhaus"), a French floor
             r"\d{1,2}\.[ \t]*(?:OG|Obergeschoss|Stock|Etage)\b|(?:EG|DG|Hinterhaus|Vorderhaus|Seitenflügel|Gartenhaus|"
             r"Quergebäude|Dachgeschoss|Erdgeschoss|Hochparterre)\b|\d{1,2}(?:e|er|ème)[ \t]+étage\b|"
             # an Indian layout's stage, phase, block, cross or main road by its ordinal or number ("KHB 3rd
             # Stage", "4th Cross", "Sector 21", "Phase 2")
             r"(?:\p{Lu}{2,5}[ \t]+)?\d{1,2}(?:st|nd|rd|th)[ \t]+(?:Stage|Phase|Block|Sector|Cross|Main|Layout)\b|"
             r"(?:Sector|Phase|Stage)[ \t]+\d{1,3}[A-Z]?\b|"
             # ... a road by its number ("Road No. 12", "Street No 4")
             r"(?:Road|Rd|Street|St|Lane|Cross)\.?[ \t]+(?i:no\.?|number|#)[ \t]*\d{1,3}[A-Z]?\b|"
             # an English floor after the street ("4th floor", "ground floor")
             r"(?i:\d{1,2}(?:st|nd|rd|th)|ground|first|second|third|fourth|fifth|top|upper|lower)[ \t]+(?i:floor)\b")
# A landmark in an Indian or South Asian address: "near Shiv temple", "opp. City Mall", "behind the bus stand"
LANDMARK = (r"(?i:near|opp\.?|opposite|behind|beside|next[ \t]+to)[ \t]+(?:(?i:the)[ \t]+)?"
            r"(?:(?:\p{Lu}[\p{L}'’.-]*|\d{1,3})[ \t]+){0,3}"
            r"(?:(?i:temple|mandir|masjid|mosque|church|gurudwara|gurdwara|dargah|school|college|hospital|station|"
            r"market|bazaar|chowk|circle|mall|cinema|bank|park|post[ \t]+office|bus[ \t]+(?:stand|stop|depot)|"
            r"petrol[ \t]+pump|police[ \t]+station|metro|gate|tank|lake|maidan|bridge|flyover)|Mall|Market|Temple|"
            r"Mandir|Masjid|Chowk|Circle|Hospital|School|College|Station|Park|Cinema|Bank)\b")
BR_STATES = r"AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO"
ADDRESS_PART = regex.compile(
    # the town may follow a preposition ("..., em Coimbra", "... 8C i Bergen"): after a comma, or without one in
    # languages whose word for "in" is no English word
    # ... and a flat or unit after the street without a comma ("218 elm ave unit 4")
    rf"(?:[ \t]*,|[ \t]+[-–]|(?=[ \t]+(?:no|na|em|en|à|i)[ \t]+\p{{Lu}})|"
    rf"(?=[ \t]+(?i:apt|apartment|unit|suite|ste|flat)\.?[ \t]*\d))[ \t]*"
    rf"(?:(?P<unit>{UNIT_PART}|{LANDMARK})|(?P<state>(?:{REGIONS}|{BR_STATES})(?![\p{{L}}\d]))|"
    rf"(?P<prep>(?:no|na|em|en|in|à|i)[ \t]+(?=\p{{Lu}}))?(?P<place>(?P<locality>{LOCALITY}[ \t]+)?{PLACE_WORD}"
    rf"(?:[ \t]+(?:{PLACE_PARTICLE}[ \t]+)?{PLACE_WORD}){{0,3}}(?:[ \t]+\d{{1,2}}(?!\w)|"
    rf"[ \t]+(?:[NSØVKCEWÖ]|SV|NV|NW|SW|NE|SE)(?=[ \t]*(?:[,;.)\n]|$)))?)"
    rf"(?P<region>[ \t]+(?:{REGIONS})(?![\p{{L}}\d])|[ \t]*\((?:{REGIONS}|\p{{Lu}}\p{{Ll}}+)\))?)")
# What may follow the last part: a comma, a sentence or line end, a bracket, a postcode ("Leeds LS6", "Auckland 1011")
PART_END = regex.compile(r"[ \t]*(?:[,;.:!?)\n\r]|$|\(|\d|\p{Lu}{1,2}\d|〒|[-–—][ \t])")
PLACE_PART_WORD = regex.compile(r"\S+")
STREET_LAST = regex.compile(rf"\b{STREET}\.?$")
AFTER_COUNT = regex.compile(rf"[ \t]*(?:%|/|[ \t](?:{NOT_STREET_WORDS}|and|or|x|out)\b)")


def part_words_ok(words: list[str], strict: bool, cue: bool) -> bool:
    """Capitalised words after an address that name its locality, town or region. Before a postcode, a comma or
    the end of a sentence any words but weekdays, titles, headings and the like will do ("Bath", "Mount Eden",
    not "Tuesday" or "Dr Okafor"); followed by other words ("..., Nairobi now"), one must be a word our own
    texts never use and none a given name or an ordinary capitalised word ("..., Harriet said"), unless a
    locality prefix or a region says it is a place ("..., Col. Centro, ahí")."""
    capitalised = [word for word in words if word[:1].isupper()]
    if not capitalised or any(word.lower() in PART_STOP for word in capitalised):
        return False
    if strict:
        return cue or (any(word.lower().strip("'’") not in COMMON_WORDS for word in capitalised)
                       and not any(given_name(word) or never_a_name(word) for word in capitalised))
    return True


def _part_end(text: str, part: regex.Match[str]) -> int | None:
    """Where an address part ends, trying the whole part first and then fewer of its words ("Leeds" of "Leeds
    Tel 0113..."); None when no prefix of it reads as part of the address."""
    if part.group("unit") or part.group("state"):  # "apto 52", "..., Springfield, IL 62704", "..., Elmira, NY now"
        closed = PART_END.match(text, part.end()) or part.group("state") and TOWN_THEN_NOW.match(text, part.end())
        return part.end() if closed else None
    start = part.start("place")
    if part.group("locality"):
        start = part.end("locality")
    words = list(PLACE_PART_WORD.finditer(text, start, part.end("place")))
    ends = [part.end()] if part.group("region") else []
    ends += [word.end() for word in reversed(words) if not regex.fullmatch(PLACE_PARTICLE, word.group(0))]
    for end in ends:
        closed = bool(PART_END.match(text, end))
        if text[end - 1].isdigit() and not _district_ok(text, end):
            continue
        cue = bool(part.group("locality") or end == part.end() and part.group("region")
                   or STREET_LAST.search(text, start, end))
        chosen = [word.group(0) for word in words if word.end() <= end and not word.group(0).isdigit()]
        if part_words_ok(chosen, strict=not closed, cue=cue):
            return end
    return None


def _district_ok(text: str, end: int) -> bool:
    """A one- or two-digit district after a town ("Dublin 3") ends the address or is followed by words that are
    not a count's unit ("Dublin 3 for the summer", not "Leeds 2 times")."""
    return bool(PART_END.match(text, end)) or not AFTER_COUNT.match(text, end)


# ... after a comma, or after "in" ("58 elm terrace in dunmore, top floor")
LOWER_PART = regex.compile(r"(?:[ \t]*,|[ \t]+in(?=[ \t]))[ \t]*"
                           r"(?P<place>\p{Ll}[\p{Ll}'’-]+(?:[ \t]+\p{Ll}[\p{Ll}'’-]+)?)(?![\w'’-])"
                           r"(?P<district>[ \t]+(?:\d{1,2}(?!\w|[.,]\d)|[a-z](?=[ \t]*,)))?")  # "dublin 6", "embu b,"


# A street in lower case without a number after a flat and building: ", tilak road"
LOWER_STREET_PART = regex.compile(r"[ \t]*,[ \t]*(?:\p{Ll}[\p{Ll}'’-]+[ \t]+){1,2}(?:road|marg|street|lane|nagar)\b"
                                  r"(?=[ \t]*(?:[,.;\n]|$))")


# A lower-case county or state after a lower-case address: "..., co. clare", "..., port lincoln sa", "..., kano
# state" (the region says it is a place, so its words may be ordinary ones)
# ... or a state, province or region written out after a comma: "..., cedar falls, iowa", "..., olinda, pernambuco"
REGION_NAMES = (r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|"
                r"idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
                r"minnesota|mississippi|missouri|montana|nebraska|nevada|new[ \t]+hampshire|new[ \t]+jersey|"
                r"new[ \t]+mexico|new[ \t]+york|north[ \t]+carolina|north[ \t]+dakota|ohio|oklahoma|oregon|"
                r"pennsylvania|rhode[ \t]+island|south[ \t]+carolina|south[ \t]+dakota|tennessee|texas|utah|vermont|"
                r"virginia|washington|west[ \t]+virginia|wisconsin|wyoming|ontario|quebec|québec|alberta|manitoba|"
                r"saskatchewan|nova[ \t]+scotia|queensland|tasmania|new[ \t]+south[ \t]+wales|maharashtra|karnataka|"
                r"kerala|gujarat|rajasthan|punjab|haryana|bihar|odisha|telangana|tamil[ \t]+nadu|uttar[ \t]+pradesh|"
                r"bahia|minas[ \t]+gerais|paraná|parana|pernambuco|ceará|ceara|goiás|goias|jalisco|oaxaca|yucatán|"
                r"yucatan|chihuahua|sonora|veracruz|puebla|bavaria|bayern|sachsen|hessen|andalucía|andalucia|"
                r"cataluña|catalunya|galicia|toscana|sicilia|lombardia")
LOWER_REGION_PART = regex.compile(
    r"[ \t]*,[ \t]*(?:(?:co\.|county)[ \t]+\p{Ll}[\p{Ll}'’-]+|"
    r"(?P<place>\p{Ll}[\p{Ll}'’-]+(?:[ \t]+\p{Ll}[\p{Ll}'’-]+)?)"
    rf"(?:[ \t]+(?:nsw|vic|qld|sa|wa|tas|nt|act|state)|,[ \t]*(?P<named>{REGION_NAMES})))(?![\w'’-])")
# A word before a town's own name that is an ordinary word: "..., port chalmers", "..., east kilbride"
PLACE_QUALIFIERS = frozenset("lower upper north south east west new old port mount fort great little".split())
# A lower-case town followed by "now" or "these days" still closes the address: "..., leith now."
TOWN_THEN_NOW = regex.compile(r"[ \t]+(?:now|nowadays|these[ \t]+days|at[ \t]+the[ \t]+moment)\b")


def _lower_part_end(text: str, end: int) -> int | None:
    """A town or locality in lower case after an address: a listed city ("..., glasgow", "..., dublin 6 now"), or
    words our texts never use that close the address ("..., rathgar, dublin"; not "..., honestly i"), or a county
    or state ("..., co. clare", "..., port lincoln sa")."""
    region = LOWER_REGION_PART.match(text, end)
    if region and (not region.group("place") or region.group("named") or PART_END.match(text, region.end())
                   or ADDRESS_TAIL.match(text, region.end())) and not any(
            word in PART_STOP or word in NOT_LOWER_NAMES for word in (region.group("place") or "").split()):
        return region.end()
    part = LOWER_PART.match(text, end)
    if not part:
        return None
    words = part.group("place").split()
    for count in range(len(words), 0, -1):
        place = " ".join(words[:count])
        place_end = part.start("place") + len(place)
        if count == len(words) and part.group("district"):
            place_end = part.end()
        closed = bool(PART_END.match(text, place_end) or TOWN_THEN_NOW.match(text, place_end))
        listed = place in (LISTED_CITY_PAIRS if count == 2 else LISTED_CITIES) or count == 2 and words[1] in (
            "city", "town") and words[0] in LISTED_CITIES  # "..., galway city"
        if listed and (closed or place not in COMMON_WORDS):
            return place_end
        if closed and all(unknown_word(word) and word not in PART_STOP or index == 0 < count - 1 and word in
                          PLACE_QUALIFIERS for index, word in enumerate(words[:count])):  # "port chalmers"
            return place_end
    return None


DUTCH_FLOOR = regex.compile(r"-(?:I{1,3}|IV)\b")  # "17-III" in a lower-case address: the floor, not a capital


def address_run(text: str, end: int, start: int | None = None) -> int:
    """The end of an address run on over the parts after it (see ADDRESS_PART), at most eight of them; an address
    written all in lower case (from `start`) runs on over lower-case parts too."""
    lower = start is not None and not any(character.isupper() for character in DUTCH_FLOOR.sub("", text[start:end]))
    for _ in range(8):
        part = ADDRESS_PART.match(text, end)
        found = _part_end(text, part) if part else None
        if found is None and lower:
            found = _lower_part_end(text, end)
        if found is None and start is not None and (street := LOWER_STREET_PART.match(text, end)):
            found, lower = street.end(), True  # "C-408 Sagar Darshan, tilak road, dadar east, ..."
        if found is None:
            break
        end = found
        if not PART_END.match(text, end):
            break  # "..., Nairobi now": the words after it are the sentence, not the address
    return end
