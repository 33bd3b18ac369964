"""Postcodes: shapes only a postcode has (UK, Irish, Canadian, Brazilian...), and bare numbers with a cue (a
keyword, a town beside them, an address just before them, a question asking for one)."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.privacy.numbers import DIGIT_WORD, digit_count
from rupturecli.privacy.place_words import LISTED_CITIES, LISTED_CITY_PAIRS, STATES, may_be_town
from rupturecli.privacy.prefilter import matches, require
from rupturecli.privacy.words import given_name

UK_POSTCODE = regex.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})\b")
EIRCODE = regex.compile(r"(?i:\b[ac-fhknprtv-y]\d{2}[ \t]?[ac-fhknprtv-y\d]{4}\b)(?<=\d\w*\d\w*)")
AU_POSTCODE = regex.compile(r"(?<=\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]{1,2})\d{4}\b")
UK_POSTCODE_LOWER = regex.compile(r"\b[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ \t]\d[abd-hjlnp-uw-z]{2}\b")  # ls6 2qt
LOWER_STATES = "|".join(state.lower() for state in STATES.split("|")
                         if state not in ("IN", "OR", "ME", "OH", "OK", "HI", "DE", "LA", "PA", "CO", "ID", "MA", "AL"))
ZIP_CODE = regex.compile(rf"(?:(?<=\b(?:{STATES})[ \t]{{1,2}})|(?<=(?i:\bzip(?:[ \t]?code)?)[:\s]{{1,3}}))"
                         r"\d{5}(?:-\d{4})?\b|\b\d{5}-\d{4}\b|"
                         # a lower-case state after a lower-case town ("savannah ga 31401"), not one that is an
                         # English word ("in", "or", "me", "oh"...)
                         rf"(?<=\b\p{{Ll}}{{3,}},?[ \t]+(?:{LOWER_STATES})[ \t]{{1,2}})"
                         r"\d{5}(?:-\d{4})?(?![\d.,]\d|[\w])")
# Postcodes of other countries. Shapes that nothing else takes are enough: Canada's A1A 1A1, Brazil's 01310-100,
# Japan's 〒100-0001. Bare numbers (75011, 1012 AB, 00-950, 400 001, 114 55) need a cue: a postcode keyword, a
# place name beside them (10115 Berlin, Mumbai 400 001), or an address just before them.
POSTCODE_SHAPES = (
    regex.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b"),  # Canada
    regex.compile(r"\b[abceghj-nprstvxy]\d[abceghj-nprstv-z] \d[abceghj-nprstv-z]\d\b"),  # canada, lower case
    regex.compile(r"(?<![\w+./-])\d{5}-\d{3}(?![\w-])"),  # Brazil
    regex.compile(r"〒[ \t]?\d{3}-?\d{4}\b"),  # Japan, with its postal mark
    regex.compile(r"\b[A-HJ-NP-Z]\d{4}[A-Z]{3}\b"),  # Argentina: C1425ABC
    regex.compile(r"(?<![\w+./-])\d{5}(?=[ \t]+(?:area|district|arrondissement)\b)"),  # "the 75011 area"
    regex.compile(r"(?<=\b(?i:box)[ \t]+\d{1,7}-)\d{5}(?!\w)"),  # a Kenyan box and its postcode: Box 52011-00100
)
# A postcode's second group ("LS6 2QT", "1016 EZ", "00-950", "3572 xb."): a digit in it, or capitals, or two
# lower-case letters that end the sentence; not a word after the code ("3775 or so")
CODE_SECOND_GROUP = (r"(?:[ -](?=[A-Za-z\d]{2,4}(?![\w-]))(?:[A-Za-z]{0,3}\d[A-Za-z\d]*|[A-Z]{2,4}|"
                     r"[a-z]{2}(?=[ \t]*(?:[,.;)\n]|$))))?")
# ... in any case and in several languages ("postcode's 3875", "Postnummer 8210", "código postal é 4050-212"), and a
# lower-case "pin" before an Indian PIN's six digits ("pin 411038", not "my pin is the same")
POSTCODE_AFTER_KEYWORD = regex.compile(
    r"\b(?:(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|code[ \t]+postal|eircode|postnummer|"
    r"postnr\.?|postleitzahl|postinumero|c[óo]digo[ \t]+postal|kod[ \t]+pocztowy)|PIN|PLZ|CEP|CAP|C\.P\.|"
    r"pin(?=[ \t]*[:#-]?[ \t]*[1-9]\d{2}[ \t]?\d{3}(?![\w-])))"
    r"(?:(?:[ \t]+(?i:there|here|now))?[ \t]+(?i:is|was|of|é|ist|er|es)(?:[ \t]+(?i:just|still))?|['’]s)?"
    rf"[ \t]*[:#]?[ \t]*(?P<code>[A-Za-z\d]{{2,7}}{CODE_SECOND_GROUP})(?![\w-])")  # "... there is just 604-8005"
# A postcode given as the whole answer to a question that asks for it: "T: And the postcode?\nC: 2145"
POSTCODE_ANSWER = regex.compile(
    r"\b(?:(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|c[óo]digo[ \t]+postal|"
    r"code[ \t]+postal|eircode|postleitzahl|postnummer)|PLZ|CEP|CAP)\b[^\n?]{0,40}\?[ \t]*\n(?:[^\n:]{1,20}:)?[ \t]*"
    r"(?P<code>[A-Za-z\d]{2,7}(?:[ -][A-Za-z\d]{2,4})?)[ \t]*[.!]?[ \t]*(?=\n|$)")
# A postcode read out in words after its keyword: "the zip is nine four one one two"
POSTCODE_SPOKEN = regex.compile(
    r"(?i:\b(?:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|eircode)(?:['’]s|[ \t]+(?:is|was))?"
    rf"[ \t]*:?[ \t]*)(?P<code>(?i:{DIGIT_WORD}(?:[ \t,-]+(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}){{2,6}})\b)")
# A number said to be the postcode: "2830 is the postcode"; just after an address, "... 2830 is the code"
CODE_IS_POSTCODE = regex.compile(
    r"(?<![\w.,-])(?P<code>\d{3,6}|\d{2}-\d{3}|\d{4}-\d{3})[ \t]+(?:is|was|['’]s)[ \t]+(?:the|my|our|their)[ \t]+"
    r"(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|(?P<bare>code))\b")
PLACE = r"\p{Lu}[\p{Ll}'’-]+(?:[ \t]+\p{Lu}[\p{Ll}'’-]+){0,2}"
# The number shapes of postcodes that stand before or after their town
CODE_BEFORE_PLACE = (r"(?:[A-Z]{1,2}-)?\d{4,6}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2}|\d{3}-\d{4}|"
                     r"[1-9]\d{3}[ \t]?(?!SA|SD|SS)[A-Z]{2}")
CODE_AFTER_PLACE = r"\d{6}|\d{3}[ \t]\d{3}|\d{3}-\d{4}|\d{4,5}|\d{2}-\d{3}|\d{4,5}-\d{3}"
PLACE_THEN_CODE = regex.compile(
    rf"(?P<place>{PLACE})[ \t]*[,-]?[ \t]*(?P<code>{CODE_AFTER_PLACE})(?![\w-]|[.,:]?[ \t]?\d)")
CODE_THEN_PLACE = regex.compile(rf"(?<![\w+./-])(?P<code>{CODE_BEFORE_PLACE})[ \t]+(?P<place>{PLACE})")
# ...and in lower case before a listed city: "3511 ab utrecht", "0150 oslo"
CODE_THEN_CITY = regex.compile(r"(?<![\w+./-])(?=\d|[A-Z]{1,2}-)"
                               r"(?P<code>[1-9]\d{3}[ \t]?[a-z]{2}|(?:[A-Z]{1,2}-)?\d{4,5}|"
                               r"\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2})[ \t]+"
                               r"(?P<place>\p{Ll}[\p{Ll}-]+(?:[ \t]+\p{Ll}+)?)"
                               r"(?![\p{L}\d'’-])")
# ...and a lower-case listed city before its postcode: "pune 411014", "leiden 2311"
CITY_THEN_CODE = regex.compile(r"(?<![\p{L}'’-])(?P<place>\p{Ll}{3,})[ \t]*,?[ \t]*"
                               r"(?P<code>[1-9]\d{5}|[1-9]\d{3}[ \t]?[a-z]{2}|[1-9]\d{4})(?![\w-]|[.,:]?[ \t]?\d)")
# After an address: up to four words (towns, regions, "in the"), then a number shaped like a postcode
ADDRESS_TAIL = regex.compile(
    r"(?P<words>(?:[ \t,]+\p{L}[\p{L}'’.-]*+){0,4}?)[ \t,]*(?:(?<=\p{L})\.[ \t]+)?"  # "..., port chalmers. 9023"
    rf"(?P<code>{CODE_BEFORE_PLACE}|{CODE_AFTER_PLACE})(?![\w-]|[.,:]?[ \t]?\d)")
YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
TOWN_OR_COMMA_LAST = regex.compile(r"(?:,|\p{Lu}\S*)[ \t]*$")  # "Leeds 2019", ", 2019": a year may be a postcode
CODE_GAP = regex.compile(r"[.,;]?[ \t]+")  # "..., soweto. 2830 is the code"

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({
    POSTCODE_AFTER_KEYWORD: ("post", "zip", "pin", "code", "plz", "cep", "cap", "c.p.", "digo", "kod"),
    POSTCODE_ANSWER: ("post", "zip", "pin", "code", "plz", "cep", "cap", "código"),
    CODE_IS_POSTCODE: ("code",),
    CITY_THEN_CODE: LISTED_CITIES,
    CODE_THEN_CITY: LISTED_CITIES | {pair.split()[0] for pair in LISTED_CITY_PAIRS},
})


def _year_alone(code: str) -> bool:
    """A four-digit number that may be a year (2019): a postcode only with a stronger cue."""
    return len(code) == 4 and bool(YEAR_LIKE.fullmatch(code))


GIVEN_NAME_BEFORE = regex.compile(r"(?P<given>\p{Lu}\p{Ll}+)[ \t]+$")


def _surname_then_local_phone(text: str, match: regex.Match[str]) -> bool:
    """"(a given name) Quarrie, 555-0163": a person's number of seven digits after their name, not a town's
    postcode (a Japanese 980-0811 stands after its city, not after someone's given name and surname)."""
    if not regex.fullmatch(r"\d{3}-\d{4}", match.group("code")):
        return False
    words = match.group("place").split()
    given = GIVEN_NAME_BEFORE.search(text, max(0, match.start() - 30), match.start())
    first = words[0] if len(words) == 2 else given.group("given") if given and len(words) == 1 else None
    # a given name off our list too, when a comma parts the name from the number as in a list of contacts
    return first is not None and (given_name(first) or "," in text[match.end("place"):match.start("code")])


def spoken_postcodes(text: str) -> Iterable[tuple[int, int]]:
    """A postcode read out in words after its keyword."""
    for match in POSTCODE_SPOKEN.finditer(text):
        yield match.start("code"), match.end("code")


def find_postcodes(text: str, present: frozenset[str], address_ends: list[int]) -> Iterable[tuple[int, int]]:
    """Written postcodes: by their shape, their cue or their place just after an address (`address_ends`)."""
    for pattern in (UK_POSTCODE, UK_POSTCODE_LOWER, EIRCODE, AU_POSTCODE, ZIP_CODE, *POSTCODE_SHAPES):
        for match in pattern.finditer(text):
            yield match.start(), match.end()
    for match in matches(CODE_IS_POSTCODE, text, present):
        if not match.group("bare") or any(0 <= match.start() - end <= 3 and CODE_GAP.fullmatch(text, end, match.start())
                                          for end in address_ends):
            yield match.start("code"), match.end("code")  # "the code" only just after an address
    for pattern in (POSTCODE_AFTER_KEYWORD, POSTCODE_ANSWER):
        for match in matches(pattern, text, present):
            if digit_count(match.group("code")) >= 3:
                yield match.start("code"), match.end("code")
    for match in matches(CODE_THEN_CITY, text, present):
        code = match.group("code")
        words = match.group("place").split()
        if (words[0] in LISTED_CITIES or " ".join(words) in LISTED_CITY_PAIRS) and not _year_alone(code) and not (
                code[-1].isalpha() and code[-2:] in LISTED_CITIES):
            yield match.start("code"), match.end("code")
    for match in matches(CITY_THEN_CODE, text, present):
        if match.group("place") in LISTED_CITIES:
            yield match.start("code"), match.end("code")
    for pattern in (PLACE_THEN_CODE, CODE_THEN_PLACE):
        for match in pattern.finditer(text):
            if may_be_town(match.group("place")) and not _year_alone(match.group("code")) and not (
                    pattern is PLACE_THEN_CODE and _surname_then_local_phone(text, match)):
                yield match.start("code"), match.end("code")
    for end in address_ends:
        tail = ADDRESS_TAIL.match(text, end)
        if tail and not (_year_alone(tail.group("code")) and (not TOWN_OR_COMMA_LAST.search(
                tail.group("words") or ",") or "." in text[end:tail.start("code")])):  # "... road. 2019 was"
            yield tail.start("code"), tail.end("code")
