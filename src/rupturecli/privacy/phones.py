"""Phone numbers: written in any country's grouping, after a word for a phone, or read out in words."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.privacy.numbers import DIGIT_WORD, digit_count
from rupturecli.privacy.prefilter import matches, require

PHONE_PATTERNS = (
    regex.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?!\w)"),
    regex.compile(r"(?<![\w+])0\d{1,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)"),
    # a US number, perhaps after its country's 1 (1-800-555-0199)
    regex.compile(r"(?<![\w+(-])(?:1[ .-](?=\d{3}[ .-]))?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)"),
    regex.compile(r"(?<![\w+./-])\d{3,5}(?:[ .-]\d{3,5}){2,3}(?![\w/-]|\.\d)"),  # 10-13 digits in groups
    regex.compile(r"(?<![\w+])00[\s.-]?\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\w)"),  # 0049 30 1234 5678
    # a trunk 0 and groups of two to four digits: 06 12 34 56 78 (France), 079 555 12 34 (Switzerland)
    regex.compile(r"(?<![\w+./-])0\d{1,3}(?:[ .-]\d{2,4}){2,4}(?![\w/-]|\.\d)"),
    regex.compile(r"(?<![\w+])\(0?\d{1,4}\)[ \t]?\d{3,5}[ \t.-]?\d{3,4}(?!\w)"),  # (02) 9555 0183, (11) 3555-0199
    regex.compile(r"(?<![\w+./-])[6-9]\d{4}[ -]\d{5}(?![\w/-]|\.\d)"),  # Indian mobile 98765 43210
    regex.compile(r"(?<![\w+./-])[6-9]\d{2}(?:[ .]\d{2}){3}(?![\w/-]|\.\d)"),  # Spanish mobile 612 34 56 78
)
NORDIC_MOBILE = regex.compile(r"(?<![\w+./-])[49]\d{2} \d{2} \d{3}(?![\w/-]|\.\d|[ \t]\d)")  # Norway: 412 34 567
# Numbers read out in words: "oh seven nine double one, four three two...", "six one seven, two two four..."
SPOKEN_NUMBER = regex.compile(rf"(?i:\b(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}"
                              rf"(?:(?:[ \t]*,[ \t]*|[ \t]+|-)(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}){{5,}}\b)")
SPOKEN_AREA_CODE = regex.compile(
    rf"(?i:,?[ \t]+area[ \t]+code[ \t]+(?P<code>{DIGIT_WORD}(?:[ \t]+{DIGIT_WORD}){{2}})\b)")
PHONE_WORD_BEFORE = regex.compile(r"(?i:\b(?:number|phone|mobile|cell|landline|tel|ring|call|text)\b(?:['’]s)?"
                                  r"(?:[ \t]+(?:is|was|on|me|him|her|it['’]s))*[ \t:,]*)$")
DIGIT_VALUES = {"zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


SPOKEN_PLUS = regex.compile(r"\b(?i:plus)[ \t]+$")


def _spoken_digits(words: str) -> str:
    """The digits a number read out in words stands for: 'oh seven double one' is 0711."""
    digits, repeat = [], 1
    for word in regex.findall(r"\p{L}+", words.lower()):
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        digits.append(DIGIT_VALUES[word] * repeat)
        repeat = 1
    return "".join(digits)


# ... and in the other languages clinicians write in, one language at a time (a digit's word, by its value)
FOREIGN_DIGITS = {
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "pt": "zero um dois três quatro cinco seis sete oito nove",
    "it": "zero uno due tre quattro cinque sei sette otto nove",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun",
    "nl": "nul een twee drie vier vijf zes zeven acht negen",
}
FOREIGN_VALUES = {language: {word: str(value) for value, word in enumerate(words.split())}
                  for language, words in FOREIGN_DIGITS.items()}
FOREIGN_VALUES["pt"] |= {"três": "3", "tres": "3", "seis": "6"}
FOREIGN_VALUES["fr"] |= {"zero": "0"}
FOREIGN_VALUES["de"] |= {"zwo": "2", "fuenf": "5"}
FOREIGN_WORDS = {language: "|".join(sorted(values, key=len, reverse=True))
                 for language, values in FOREIGN_VALUES.items()}
FOREIGN_NUMBERS = {
    language: regex.compile(rf"(?i:(?<!\p{{L}})(?:{words})(?:(?:[ \t]*,[ \t]*|[ \t]+|-)(?:{words})){{6,}}(?!\p{{L}}))")
    for language, words in FOREIGN_WORDS.items()}
FOREIGN_ALL = frozenset(word for values in FOREIGN_VALUES.values() for word in values)
FOREIGN_PHONE_WORD = regex.compile(r"(?i:\b(?:n[úu]mero|num[ée]ro|nummer|telefono|tel[ée]fono|t[ée]l[ée]phone|"
                                   r"m[óo]vil|cellulare|portable|handy|telefon|celular|telemóvel)\b)")


def foreign_spoken_phones(text: str) -> Iterable[tuple[int, int]]:
    """A number read out digit by digit in Spanish, Portuguese, Italian, French, German or Dutch: nine to fifteen
    digits, or seven or eight after that language's word for a phone number; never a count."""
    words = set(text.lower().replace(",", " ").replace("-", " ").split())
    if words.isdisjoint(FOREIGN_ALL):
        return  # (only for speed: a number read out has two digits' words of its language)
    for language, pattern in FOREIGN_NUMBERS.items():
        if len(words.intersection(FOREIGN_VALUES[language])) < 2:
            continue
        for match in pattern.finditer(text):
            digits = "".join(FOREIGN_VALUES[language][word.lower()]
                             for word in regex.findall(r"\p{L}+", match.group(0)))
            steps = {int(after) - int(before) for before, after in zip(digits, digits[1:], strict=False)}
            if len(steps) == 1 and steps <= {1, -1}:
                continue
            if 9 <= len(digits) <= 15 or 7 <= len(digits) <= 8 and FOREIGN_PHONE_WORD.search(
                    text, max(0, match.start() - 40), match.start()):
                yield match.start(), match.end()


def spoken_phones(text: str) -> Iterable[tuple[int, int]]:
    """Phone numbers read out in words: nine to fifteen digits, not a count ("one, two, three, four..."); seven
    or eight after a word for a phone number ("the landlord's number is ..."), or with the area code read out
    after them ("..., area code three one two")."""
    for match in SPOKEN_NUMBER.finditer(text):
        digits = _spoken_digits(match.group(0))
        steps = {int(after) - int(before) for before, after in zip(digits, digits[1:], strict=False)}
        if len(steps) == 1 and steps <= {1, -1}:
            continue
        end = match.end()
        area = SPOKEN_AREA_CODE.match(text, end)
        if area:
            digits, end = digits + _spoken_digits(area.group("code")), area.end()
        if 9 <= len(digits) <= 15 or 7 <= len(digits) <= 8 and PHONE_WORD_BEFORE.search(
                text, max(0, match.start() - 40), match.start()):
            plus = SPOKEN_PLUS.search(text, max(0, match.start() - 6), match.start())
            yield plus.start() if plus else match.start(), end  # "plus six one, ...": the country code's sign
    yield from foreign_spoken_phones(text)


# A number after a word for a phone ("mobile", "whatsapp me on"; "cel.", "móvil", "tlf." in Spanish; "HP", a
# handphone, in Singapore and Malaysia), in any grouping: 9123 4567 (Singapore)
PHONE_AFTER_KEYWORD = regex.compile(
    r"\b(?:(?i:phone|tel|telephone|mobile|mob|cell|cellphone|cel|celular|m[oó]vil|tlf|tfno|handphone|landline|"
    r"whatsapp|number|fax|text|call|ring|reach)|HP)\.?"
    r"(?:['’]s|[ \t]+(?i:me|us|him|her|them|is|on|at|number|no\.?))*[ \t]*:?[ \t]*"
    r"(?P<value>\d[\d \t.-]{5,18}\d)(?![\w/-]|\.\d)")
EXTENSION = regex.compile(r"[ \t]*(?i:ext\.?|extension|x)[ \t]*\d{1,5}\b")
LOCAL_PHONE = regex.compile(r"(?<![\w+./-])\d{3}[.-]\d{4}(?![\w/-]|\.\d)")  # US 555-0147

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({PHONE_AFTER_KEYWORD: "phone tel mob cel landline whatsapp number fax text call ring reach móvil movil "
                              "tlf tfno hp".split()})


def find_phones(text: str, present: frozenset[str]) -> Iterable[tuple[str, int, int]]:
    """Written phone numbers as (kind, start, end): PHONE_PLUS for one with its country code's sign or its area
    code in brackets (it outranks the postcode and date shapes inside it), else PHONE."""
    for pattern in PHONE_PATTERNS:
        for match in pattern.finditer(text):
            if 9 <= digit_count(match.group(0)) <= 15:
                extension = EXTENSION.match(text, match.end())
                yield ("PHONE_PLUS" if match.group(0)[0] in "+(" else "PHONE", match.start(),
                       extension.end() if extension else match.end())
    for match in matches(PHONE_AFTER_KEYWORD, text, present):
        if 7 <= digit_count(match.group("value")) <= 15:
            yield "PHONE", match.start("value"), match.end("value")
    for pattern in (LOCAL_PHONE, NORDIC_MOBILE):
        for match in pattern.finditer(text):
            yield "PHONE", match.start(), match.end()
