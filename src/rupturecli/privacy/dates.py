"""Dates: numeric (14/07/1986, 2024-05-02), with a month's name in several languages, ordinals read out ("the
third of May"), a year read out in words after them."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.privacy.prefilter import matches, require

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
FOREIGN_MONTH = (r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
                 r"décembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
                 r"octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
                 r"novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
                 r"januar|februar|märz|maerz|juni|juli|oktober|dezember|januari|februari|maart|mei|augustus|"
                 r"marts|maj|augusti|desember|"  # Danish, Swedish, Norwegian: "2. marts 2026", "3 maj"
                 # Polish and Czech months as written after a day: "3 października 2023", "5. března 2024"
                 r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia|października|"
                 r"pazdziernika|listopada|grudnia|ledna|února|března|dubna|května|června|července|srpna|září|"
                 r"října|listopadu|prosince|"
                 # Turkish, Romanian and Indonesian months: "15 Ocak", "3 martie 2024", "9 Agustus"
                 r"ocak|şubat|subat|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim|kasım|kasim|"
                 r"aralık|aralik|ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|"
                 r"decembrie|maret|desember")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# A weekday just before a date is part of it: "Thu 02/05/2025", "Thursday, 2024-05-02"
WEEKDAY_BEFORE = regex.compile(r"(?<![\w-])(?i:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"
                               r"[ \t]+$")
ORDINAL_WORD = (r"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
                r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
YEAR = r"(?:,?\s+(?:\d{4}\b|['’]\d{2}\b))"  # 2019, or '87
DATE_PATTERNS = (
    regex.compile(r"(?<![\w./-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})"
                  r"(?![\w/-]|\.\d)"),
    regex.compile(rf"\b{WEEKDAY}(?:the\s+)?{DAY}(?:\s+of)?\s+(?i:{MONTH})\b\.?{YEAR}?"),
    regex.compile(rf"\b{WEEKDAY}{MONTH}\b\.?\s+(?:the\s+)?{DAY}\b{YEAR}?"),
    regex.compile(rf"\b{MONTH}\s+\d{{4}}\b"),
    regex.compile(rf"\b\d{{1,2}}[-/ ](?i:{MONTH})[-/ ](?:\d{{4}}|\d{{2}})\b"),  # 03-Feb-2025
    regex.compile(rf"\b(?i:{WEEKDAY})(?i:the\s+)?{ORDINAL_WORD}\s+(?i:of\s+{MONTH})\b{YEAR}?"),  # the third of may
    regex.compile(rf"\b{MONTH}\s+(?i:the\s+){ORDINAL_WORD}\b{YEAR}?"),
    # a day and month alone ("on 5/6"), only after a word that introduces a date (5/10 may be a score) ...
    regex.compile(r"(?<=\b(?i:on|since|until|till|by|before|after|from|to|dated|due|appt|admitted|discharged)[ \t])"
                  r"\d{1,2}/\d{1,2}"
                  r"(?![\w/]|\.\d|\s+of\b)"),
    # ... or when the first number cannot be a score's (28/12: more than its denominator, at most a month)
    regex.compile(r"(?<![\w./-])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\w/]|\.\d)"),
    # a day and a month in French, Spanish, Portuguese, Italian, German or Dutch: "3 mars 2024",
    # "14 de julio de 2023", "3. März 2025"
    regex.compile(rf"\b(?:[12]\d|3[01]|0?[1-9])(?:\.|º|er)?[ \t]+(?:de[ \t]+)?(?i:{FOREIGN_MONTH})\b"
                  r"(?:,?[ \t]+(?:(?i:de|del|do)[ \t]+)?\d{4}\b)?"),
    regex.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"),  # 2024年3月14日
    regex.compile(r"(?<![\w./-])(?:0[1-9]|1[0-2])/(?:19|20)\d{2}(?![\w/-]|\.\d)"),  # a month and year: 03/2021
    # a day and month after a weekday, either way round: "Thurs 4/23", "Fri 14/6"
    regex.compile(r"(?<=\b(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?\.?,?[ \t])"
                  r"\d{1,2}/\d{1,2}(?![\w/]|\.\d)"),
    # a month and year in other languages: "marzo de 2022", "Oktober 2021", "setembro do 2020"
    regex.compile(rf"\b(?i:{FOREIGN_MONTH})[ \t]+(?:(?i:de|del|do|di)[ \t]+)?(?:19|20)\d{{2}}\b"),
    # a weekday and a day of the month alone: "fri 17th", "Wednesday the 4th"
    regex.compile(r"\b(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                  r"\.?,?[ \t]+(?i:the[ \t]+)?(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)\b(?![ \t]+(?i:of|floor|time))"),
    # a day of the month alone after a word that introduces a date, not before a noun: "from the 9th to the 16th",
    # "by the 1st or ...", not "the 5th floor", "the 3rd time"
    regex.compile(r"\b(?i:on|by|from|to|until|till|before|after|since|and|or|for)[ \t]+(?P<date>(?i:the)[ \t]+"
                  r"(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th))\b"
                  r"(?=[ \t]*(?:[.,;:!?)]|$|\n)|[ \t]+(?i:at|and|or|instead|then|so|but|if|because|when|please|is|"
                  r"was|works?|would|could|ok|okay|as|now|yeah|yes|no|not|right|maybe|to|till|until|through)\b)"),
    # a day and month with a dot after each (German, Nordic) after a word that introduces a date: "ab 3.11.",
    # "alkaen 15.8.", "from 2.10."
    regex.compile(r"(?<=\b(?i:on|since|until|till|by|before|after|from|dated|due|ab|am|vom|bis|seit|zum|fra|til|"
                  r"från|alkaen|lähtien|le|du|au|desde|hasta|dal|dall)[ \t])"
                  r"(?:[12]\d|3[01]|0?[1-9])\.(?:0?[1-9]|1[0-2])\.(?![\d\p{L}])"),
    # a month and an ordinal read out, in any case: "october twenty-second", "June the twenty-first" (not "may")
    regex.compile(rf"\b(?!may\b)(?i:{MONTH})[ \t]+(?i:the[ \t]+)?{ORDINAL_WORD}(?![\w-])"),
    # a day of the month as a sentence or a turn of its own: "C: the 14th.", "The 3rd!" (not "the 2nd, the blue
    # door")
    regex.compile(r"(?:^|(?<=[.!?:][ \t]{1,3}|\n))(?i:the)[ \t]+(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)\b"
                  r"(?=[ \t]*(?:[.!?]|$|\n))"),
    # a day and month alone before the event it dates: "the 2/7 appointment", "her 12/4 session" (not "5/12
    # review", a five-month one)
    regex.compile(r"(?<![\w./-])(?:[12]\d|3[01]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])(?=[ \t]+(?i:appointment|appt|"
                  r"session|visit|meeting|hearing|call|court[ \t]+date|deadline|consult|consultation)\b)"),
    # a day and month alone before a time of day: "3/1 at 2:00 PM", "12/4 @ 10am" (not "4/10 at 9am", a score)
    regex.compile(r"(?<![\w./-])(?:[12]\d|3[01]|0?[1-9])/(?!10\b)(?:[12]\d|3[01]|0?[1-9])(?=[ \t]+(?:at|@)[ \t]+"
                  r"\d{1,2}(?:[:.]\d{2}|[ \t]?(?i:am|pm)\b))"),
    # a day of the month read out as a turn or question of its own: "oh, the thirteenth?", "C: the twenty-first."
    # (not "the first?", "the second.": a choice between things more often)
    regex.compile(rf"(?:^|(?<=[.!?:,][ \t]{{1,3}}|\n))(?i:the)[ \t]+(?!(?i:first|second|third|fourth|fifth)\b)"
                  rf"{ORDINAL_WORD}(?=[ \t]*(?:[.!?]|$|\n))"),
)
# A year read out in words after a date: "the 12th of June nineteen eighty-one", "... two thousand and nine"
UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
SPOKEN_YEAR = regex.compile(
    rf"(?i:,?[ \t]+(?:(?:nineteen|twenty)[ \t]+(?:{TENS_WORD}(?:[ \t-]{UNITS_WORD})?|{TEENS_WORD}|oh[ \t-]{UNITS_WORD}|"
    rf"hundred)|two[ \t]+thousand(?:[ \t]+(?:and[ \t]+)?(?:{TENS_WORD}(?:[ \t-]{UNITS_WORD})?|{TEENS_WORD}|"
    rf"{UNITS_WORD}))?)\b)")

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({
    DATE_PATTERNS[13]: FOREIGN_MONTH.split("|"),  # "marzo de 2022"
    DATE_PATTERNS[14]: ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),  # "fri 17th"
})


def _valid_numeric_date(text: str) -> bool:
    """A numeric date whose month is 1 to 12 and day 1 to 31, the year first or last."""
    parts = [int(part) for part in regex.split(r"[/.-]", text)]
    if len(str(parts[0])) == 4 or text[:4].isdigit():
        month, day = parts[1], parts[2]
        return 1 <= month <= 12 and 1 <= day <= 31
    first, second = parts[0], parts[1]
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


def date_end(text: str, end: int) -> int:
    """A date runs on over a year read out in words after it ("the second of march two thousand and nine")."""
    year = SPOKEN_YEAR.match(text, end) if end < len(text) and text[end] in " \t," else None
    return year.end() if year else end


def find_dates(text: str, present: frozenset[str]) -> Iterable[tuple[int, int]]:
    """Where each date starts (at a weekday just before it) and ends (after a year read out in words)."""
    for position, pattern in enumerate(DATE_PATTERNS):
        for match in matches(pattern, text, present):
            if position == 0 and not _valid_numeric_date(match.group(0)):
                continue
            group = "date" if "date" in pattern.groupindex else 0  # the date without the word before it
            start = match.start(group)
            weekday = WEEKDAY_BEFORE.search(text, max(0, start - 12), start) if start else None
            yield weekday.start() if weekday else start, date_end(text, match.end(group))
