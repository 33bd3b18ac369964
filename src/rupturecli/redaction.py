"""Replace names, contact details, dates, places and record numbers in reports with typed placeholders.

Hand-written detectors, fully offline: regular expressions for structured identifiers (emails, phones, dates,
addresses, postcodes, record numbers) and heuristics for names (speaker labels and declared names, titles,
"my son X", capitalised words inside a sentence that are not on a list of ordinary capitalised words). This
is a safety net, not a certified de-identification: `python -m rupturecli.redaction --evaluate FILE` measures
it on labelled snippets.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import functools
import hashlib
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import regex

from rupturecli.common_words import COMMON_WORDS
from rupturecli.given_names import GIVEN_NAMES
from rupturecli.parsing.labels import CLIENT_LABELS, THERAPIST_LABELS, normalise_label
from rupturecli.report import EpisodeReport, SessionReport
from rupturecli.session import Session

ROLE_LABELS = CLIENT_LABELS | THERAPIST_LABELS
Kind = Literal["NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID"]
KINDS: tuple[Kind, ...] = ("NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID")


@dataclass(frozen=True)
class Span:
    """One piece of PHI found in a text: [start, end) and its kind."""

    start: int
    end: int
    kind: Kind


# --- word lists: capitalised words that are not people's names -------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


WEEKDAYS_AND_MONTHS = _words("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun
january february march april may june july august september october november december sept
""")
TITLES = _words("""
dr doctor mr mrs ms miss mx prof professor nurse sister matron father fr rev reverend sir dame lady lord judge
officer pc dc sgt sergeant inspector councillor cllr
""")
# Capitalised in the middle of a sentence for reasons other than being someone's name.
NOT_NAMES = WEEKDAYS_AND_MONTHS | TITLES | _words("""
i i'm i've i'd i'll ok okay yes no hi hello hey thanks thank please sorry um uh er erm hmm mm mhm yeah yep nope
oh ah well right so and but or then now today tonight tomorrow yesterday morning afternoon evening night week
weekend christmas easter ramadan eid diwali hanukkah passover halloween thanksgiving lent advent new year years
eve boxing day bank holiday holidays
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred
english british scottish welsh irish american canadian australian polish french german spanish italian
portuguese romanian russian ukrainian chinese indian pakistani bangladeshi nigerian somali arabic urdu
punjabi hindi bengali turkish greek european african asian caribbean jamaican kurdish persian farsi
muslim christian jewish catholic protestant hindu sikh buddhist islam islamic anglican methodist baptist
orthodox quaker pentecostal
god jesus christ allah lord bible quran koran church mosque temple synagogue heaven
mum mom mummy mommy mam dad daddy nan nana nanna gran granny grandma grandpa grandad granddad grandmother
grandfather auntie aunty
therapist client patient counsellor counselor clinician psychologist psychiatrist gp supervisor supervision
social worker teacher head headteacher manager boss police staff team interpreter receptionist
therapy cognitive behavioural behavioral behaviour behavior dialectical mindfulness compassion schema
acceptance commitment interpersonal psychodynamic person-centred person-centered socratic gestalt rogerian
motivational interviewing exposure response prevention beck hamilton likert depression anxiety inventory
scale questionnaire assessment mental health state examination act section risk formulation safety plan
crisis care programme program recovery wellbeing outcome measures core emdr ptsd ocd adhd autism
asperger asperger's alzheimer's parkinson's tourette's crohn's covid coronavirus
sertraline prozac zoloft diazepam valium xanax citalopram fluoxetine mirtazapine quetiapine olanzapine
lithium propranolol zopiclone paracetamol ibuprofen
nhs iapt camhs samaritans mind shout childline headspace calm zoom teams skype facetime whatsapp facebook
instagram snapchat tiktok twitter youtube netflix google amazon apple iphone android spotify uber tesco asda
sainsbury's aldi lidl primark mcdonald's starbucks costa ikea internet wifi xbox playstation fortnite minecraft
tinder hinge bumble reddit linkedin outlook gmail excel powerpoint universal credit jobcentre council housing
benefits national insurance security social tribunal
england scotland wales ireland britain uk usa america poland france spain germany italy india pakistan
nigeria europe africa asia
session sessions plan mood affect note notes summary present contact homework goal goals subjective
objective data intervention observation observations history medication medications diagnosis presenting
problem reason referral background impression actions action review follow-up next steps agenda attendance
location duration date time tel telephone mobile phone email address postcode dob ref reference
""")
# Words that start sentences: a capitalised sentence-initial word in this list is never taken for a name.
COMMON_STARTS = _words("""
the a an he she they we you it this that these those there here then now also and but so or when while after
before because although though if once since until as at in on by for from with without about over under into
everyone everybody someone somebody nobody anyone anybody people nothing something everything all both each
some many most few one none which who whom what why how where yes not never always sometimes often still just
only even again last next first second third finally overall later afterwards meanwhile however perhaps maybe
honestly really actually basically anyway his her their my our your its me him them us things life work school
home money sleep family friends parents children kids nothing everyone sure fine good great bad
""")
ORDINARY_ENDINGS = ("ing", "ly", "ness", "tion", "ment", "ings")
# After a capitalised word at the start of a sentence, these make it a person ("Yusuf cancelled again")...
NAME_VERBS = _words("""
said says told tells asked asks rang rings phoned phones texted texts emailed messaged arrived attended cancelled
canceled died shouted cried laughed agreed refused promised complained visited replied explained admitted reckons
""")
# ...and these too, unless the word looks like an ordinary one ("Trying isn't enough", "Usually didn't").
WEAK_NAME_VERBS = _words("""
called calls came comes left leaves moved thinks thought wants wanted knows knew doesn't didn't won't hasn't
wouldn't isn't wasn't
""")
RELATIONS = (
    r"son|daughter|wife|husband|partner|friend|boyfriend|girlfriend|mother|mum|mom|father|dad|brother|sister|"
    r"sibling|boss|manager|colleague|cousin|aunt|auntie|uncle|grandmother|grandfather|gran|grandma|grandad|nan|"
    r"niece|nephew|fianc[eé]e?|flatmate|roommate|housemate|neighbour|neighbor|teacher|ex|kid|child|baby|"
    r"stepson|stepdaughter|stepmother|stepfather|stepdad|stepmum|sponsor|carer|caseworker|social worker|"
    r"solicitor|lawyer|landlord|landlady|mate|best friend"
)
ORG_WORDS = _words("""
hospital clinic school college university trust service services team act inventory scale questionnaire
centre center unit ward council practice surgery department office court police church group programme
program association foundation society company ltd inc limited hall house line tribunal board agency institute
network partnership authority commission union club academy
""")

# --- detectors ---------------------------------------------------------------------------------------------------

NAME_TOKEN = r"(?:\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?|\p{Lu}['’]\p{Lu}\p{Ll}+)(?:-\p{Lu}\p{Ll}+)?"
TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}_'’@.-]){NAME_TOKEN}(?![\p{{L}}\p{{N}}_@-])")
TITLE_NAME = regex.compile(
    rf"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Father|Fr|Rev|Reverend|Dame|Judge|"
    rf"Señor|Señora|Sr|Sra|Herr|Frau|Mme|Madame|Monsieur|"
    rf"Officer|PC|DC|Sgt|Sergeant|Inspector|Councillor|Cllr)\.?[ \t]+"
    rf"(?P<name>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}}|\p{{Lu}}\.?(?![\p{{L}}]))"
)
RELATION_NAME = regex.compile(
    rf"(?i:\b(?:my|his|her|their|our|your|client's|a|the)\s+(?:(?:late|ex|older|younger|elder|big|little|baby|"
    rf"eldest|youngest|twin|new|old|best|step|half|former)[- ]?)*(?:{RELATIONS})(?:,\s*|\s+)"
    rf"(?:(?:called|named)\s+)?)(?P<name>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN})?)"
)
RELATION_LOWER = regex.compile(  # "her friend sarah": only names on the given-names list
    rf"(?i:\b(?:my|his|her|their|our|your)\s+(?:(?:best|little|older|younger|big|ex)[- ]?)?(?:{RELATIONS})(?:,\s*|\s+))"
    r"(?P<name>\p{Ll}+)\b"
)
# Lower-case words that follow a title or a relation without being a name ("my mum never listens")
NOT_LOWER_NAMES = _words("""
a an the and or but so then too also again just only even ever still really actually always never usually
often sometimes already now once is was are were be been being has have had does did do doesn't didn't don't
isn't wasn't can can't could couldn't will won't would wouldn't should shouldn't may might must said says told
tells keeps kept gets got went goes came comes left lives lived works worked thinks thought wants wanted knows
knew feels felt seems seemed says, who which that what when where how why if because since as at in on of to
for from with by about into over under after before says: says. i me my you your he him his she her we us our
they them their it its this these those there here home back up down out off away all both each one two three
first last next new old little big own same other another some any no not nothing everything something
anything somebody nobody everyone says dad mum mom died passed
""")
LOWER_NAME = r"\p{Ll}[\p{Ll}'’]+(?:-\p{Ll}+)?"
TITLE_LOWER = regex.compile(  # "dr mcallister", "dr niamh mac giolla phádraig": a title, then lower-case words
    rf"(?i:\b(?:dr|mr|mrs|ms|mx|prof)\.?[ \t]+)(?P<name>{LOWER_NAME}"
    rf"(?:[ \t]+{LOWER_NAME}){{0,3}})")
RELATION_ANY = regex.compile(  # "my sister aoife keeps...", "my wife mei-ling says"
    rf"(?i:\b(?:(?:my|his|her|their|our|your)\s+)?(?:(?:best|little|older|younger|big|ex|late)[- ]?)?(?:{RELATIONS})"
    rf"(?:,\s*|\s+|\s*\(\s*))(?P<name>{LOWER_NAME})(?=\)|,?\s+(?P<next>[\p{{L}}']+)|[.,;:!?]|$)"
)
ME_AND = regex.compile(rf"(?i:\b(?:me|i)\s+and\s+)(?P<name>{LOWER_NAME})\b")  # "just me and bex"
CALLED_LOWER = regex.compile(  # a person's name, not a thing's: "he's called pieter", not "it's called nicotinic"
    rf"(?i:\b(?:(?:he|she|they|who)(?:['’]s|\s+is|\s+was|\s+are|['’]re)\s+called|named|name is|name's)\s+)"
    rf"(?P<name>{LOWER_NAME})\b")
DETERMINER_BEFORE = regex.compile(r"(?i:\b(?:the|a|an)[ \t]+)$")
CALLED_NAME = regex.compile(rf"(?i:\b(?:called|named|name is|name's)\s+)(?P<name>{NAME_TOKEN})")
PARTICLES = r"(?:de|da|di|del|della|van|von|der|den|la|le|bin|al|el|ter|du)"

# Possessive: the domain is taken whole and its last label checked in Python, since backtracking for the
# top-level domain is quadratic on a long 'a@a.a.a...' line.
EMAIL = regex.compile(r"(?<![\w.+'’-])[\w.+'’-]+@[\w-]+(?:\.[\w-]+)++")

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
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
    regex.compile(rf"\b{WEEKDAY}(?i:the\s+)?{ORDINAL_WORD}\s+(?i:of\s+{MONTH})\b{YEAR}?"),  # the third of may
    regex.compile(rf"\b{MONTH}\s+(?i:the\s+){ORDINAL_WORD}\b{YEAR}?"),
    # a day and month alone ("on 5/6"), only after a word that introduces a date (5/10 may be a score) ...
    regex.compile(r"(?<=\b(?i:on|since|until|till|by|before|after|from|to|dated|due)[ \t])\d{1,2}/\d{1,2}"
                  r"(?![\w/]|\.\d|\s+of\b)"),
    # ... or when the first number cannot be a score's (28/12: more than its denominator, at most a month)
    regex.compile(r"(?<![\w./-])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\w/]|\.\d)"),
)

PHONE_PATTERNS = (
    regex.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?!\w)"),
    regex.compile(r"(?<![\w+])0\d{1,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)"),
    regex.compile(r"(?<![\w+(])(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)"),
    regex.compile(r"(?<![\w+./-])\d{3,5}(?:[ .-]\d{3,5}){2,3}(?![\w/-]|\.\d)"),  # 10-13 digits in groups
    regex.compile(r"(?<![\w+])00[\s.-]?\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\w)"),  # 0049 30 1234 5678
)
EXTENSION = regex.compile(r"[ \t]*(?i:ext\.?|extension|x)[ \t]*\d{1,5}\b")
LOCAL_PHONE = regex.compile(r"(?<![\w+./-])\d{3}[.-]\d{4}(?![\w/-]|\.\d)")  # US 555-0147

STATES = (r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
          r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC")
UK_POSTCODE = regex.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})\b")
EIRCODE = regex.compile(r"(?i:\b[ac-fhknprtv-y]\d{2}[ \t]?[ac-fhknprtv-y\d]{4}\b)(?<=\d\w*\d\w*)")
AU_POSTCODE = regex.compile(r"(?<=\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]{1,2})\d{4}\b")
UK_POSTCODE_LOWER = regex.compile(r"\b[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ \t]\d[abd-hjlnp-uw-z]{2}\b")  # ls6 2qt
ZIP_CODE = regex.compile(rf"(?:(?<=\b(?:{STATES})[ \t]{{1,2}})|(?<=(?i:\bzip(?:[ \t]?code)?)[:\s]{{1,3}}))"
                         r"\d{5}(?:-\d{4})?\b|\b\d{5}-\d{4}\b")

STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Crescent|Cres|Place|Pl|Way|"
          r"Boulevard|Blvd|Terrace|Gardens|Gdns|Grove|Square|Sq|Hill|Park|Row|Mews|Walk|Parade|Rise|View|Green|"
          r"Circle|Highway|Hwy|Parkway|Pkwy|Trail|Wharf|Quay|Yard)")
STREET_NAME = rf"(?:[NSEW]\.?[ \t]+)?(?:\p{{Lu}}[\p{{Ll}}'’]+[ \t]+){{1,3}}{STREET}\b\.?"  # (W.) Ashland Ave
UNIT = r"(?:(?:Flat|Apartment|Apt|Unit|Suite|Ste)\.?[ \t]*(?:#?\w{1,5},?[ \t]+)?)?"
HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?"  # 27, 27a, 5/12 (unit 5 of number 12)
TOWN = r"(?:,[ \t]*\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+){0,2})?"
STATE = rf"(?:,?[ \t]+(?:{STATES})\b)?"
UNIT_AFTER = r"(?:,?[ \t]+(?:Flat|Apartment|Apt|Unit|Suite|Ste)\.?[ \t]*#?\w{1,5}\b)?"
ADDRESS_PATTERNS = (
    regex.compile(rf"\b{UNIT}{HOUSE}[ \t]+{STREET_NAME}{UNIT_AFTER}{TOWN}{STATE}"),
    # written in lower case ("flat 2, 9 mill lane"): a house number, one to three words and a street type
    regex.compile(r"(?i:\b(?:(?:flat|apartment|apt|unit)\.?[ \t]*(?:\w{1,5},?[ \t]+)?)?)\d{1,5}[a-z]?"
                  r"(?:[-/]\d{1,5})?[ \t]+"
                  r"(?:(?!(?:the|a|an|to|of|in|on|at|up|down|round|times|more|miles|minutes|hours|days|weeks)\b)"
                  r"[a-z'’]+[ \t]+){1,3}(?:street|st|road|rd|avenue|ave|lane|drive|close|crescent|way|gardens|"
                  r"grove|terrace|place|court|square|mews)\b"),
    regex.compile(rf"\b{UNIT}P\.?[ \t]?O\.?[ \t]*Box[ \t]+\d+{TOWN}{STATE}"),
    regex.compile(r"(?<=\b(?:on|in|at|off|near|along|from)[ \t])(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,2}"
                  r"(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Terrace|Gardens|Grove|Boulevard|Mews)\b"),
)

ID_SUFFIX = r"(?i:no|num|number|id|#|reference|ref)"
ID_KEYWORD = (rf"(?:(?:MRN|NHS|SSN|NI|CHI|PID|ID|(?i:national[ \t]+insurance|social[ \t]+security|"
              rf"medical[ \t]+record|patient|client|member|hospital|hosp|record|chart|reference|ref|registration))"
              rf"(?:[ \t]+{ID_SUFFIX})?|(?i:file|case|account|policy|insurance|claim)[ \t]+{ID_SUFFIX})")
ID_VALUE = r"(?:(?i:[A-Z]{1,5})[-/]?){0,3}\d[\dA-Za-z]*(?:[-/][\dA-Za-z]+|[ \t]\d{2,}[\dA-Z]*){0,3}"
ID_PATTERNS = (
    # the keyword, then perhaps a few words ("hospital number on my letter is", "case number, it's")
    regex.compile(rf"(?<=\b{ID_KEYWORD}\.?(?:['’]s|(?:,?[ \t]+[\p{{L}}']+){{0,4}}?,?[ \t]+(?:is|was|it['’]s))?"
                  rf"[ \t]*[:#=,]?[ \t]*){ID_VALUE}(?![\w-])"),
    regex.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])"),  # SSN, with dashes or spaces
    regex.compile(r"\b[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b"),  # UK NI
)
ID_FALLBACK = (
    regex.compile(r"(?<![\w+./-])\d{6,}(?![\w/-]|\.\d)"),
    regex.compile(r"\b[A-Z]{1,3}\d{5,}\b"),
    regex.compile(r"\b[A-Z]{2,4}[ \t]?\d{3,}(?:[ \t]\d{3,})+\b"),  # RVJ 0042 119
    regex.compile(r"(?<![\w/])\d{1,4}/\d{4,}/\d{2,4}(?![\w/])"),  # 47/88213/23: a reference, not a date
)

# Earlier wins where detections overlap: a keyword-led record number over a phone-shaped number, an address
# over the capitalised words in it.
PRIORITY: dict[str, int] = {"EMAIL": 0, "ADDRESS": 1, "ID": 2, "POSTCODE": 3, "DATE": 4, "PHONE": 5,
                            "NAME": 6, "ID_FALLBACK": 7}


def _digit_count(text: str) -> int:
    return sum(character.isdigit() for character in text)


def _valid_numeric_date(text: str) -> bool:
    parts = [int(part) for part in regex.split(r"[/.-]", text)]
    if len(str(parts[0])) == 4 or text[:4].isdigit():
        month, day = parts[1], parts[2]
        return 1 <= month <= 12 and 1 <= day <= 31
    first, second = parts[0], parts[1]
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


def _structured(text: str) -> list[tuple[int, Span]]:
    """Every detection of the regular-expression kinds, with its priority."""
    found: list[tuple[int, Span]] = []

    def add(kind: str, start: int, end: int) -> None:
        while end > start and text[end - 1] in " \t,;":
            end -= 1
        if end > start:
            label: Kind = "ID" if kind == "ID_FALLBACK" else kind  # type: ignore[assignment]
            found.append((PRIORITY[kind], Span(start, end, label)))

    for match in EMAIL.finditer(text):
        end, labels = match.end(), match.group(0).split("@", 1)[1].split(".")
        while len(labels) > 1 and not (len(labels[-1]) >= 2 and any(c.isalpha() for c in labels[-1])):
            end -= len(labels.pop()) + 1
        if len(labels) > 1:
            add("EMAIL", match.start(), end)
    for pattern in ID_PATTERNS:
        for match in pattern.finditer(text):
            if _digit_count(match.group(0)) >= 4 or pattern is not ID_PATTERNS[0]:
                add("ID", match.start(), match.end())
    for pattern in ADDRESS_PATTERNS:
        for match in pattern.finditer(text):
            add("ADDRESS", match.start(), match.end())
    for pattern in (UK_POSTCODE, UK_POSTCODE_LOWER, EIRCODE, AU_POSTCODE):
        for match in pattern.finditer(text):
            add("POSTCODE", match.start(), match.end())
    for match in ZIP_CODE.finditer(text):
        add("POSTCODE", match.start(), match.end())
    for position, pattern in enumerate(DATE_PATTERNS):
        for match in pattern.finditer(text):
            if position == 0 and not _valid_numeric_date(match.group(0)):
                continue
            add("DATE", match.start(), match.end())
    for pattern in PHONE_PATTERNS:
        for match in pattern.finditer(text):
            if 9 <= _digit_count(match.group(0)) <= 15:
                extension = EXTENSION.match(text, match.end())
                add("PHONE", match.start(), extension.end() if extension else match.end())
    for match in LOCAL_PHONE.finditer(text):
        add("PHONE", match.start(), match.end())
    for pattern in ID_FALLBACK:
        for match in pattern.finditer(text):
            add("ID_FALLBACK", match.start(), match.end())
    return found


def _sentence_start(text: str, position: int) -> bool:
    """True at a sentence boundary or just inside an opening quote ('said "Forty pounds..."')."""
    index = position - 1
    while index >= 0 and text[index] in " \t\"'“‘(([-–—*•":
        if text[index] in "\"'“‘" and (index == 0 or text[index - 1] in " \t\n(["):
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:…\n\r"


def _is_label(text: str, end: int) -> bool:
    """The token ends a speaker label: 'Declan: ...' at the start of a line."""
    rest = text[end:end + 3]
    if not rest.startswith(":"):
        return False
    line_start = text.rfind("\n", 0, end) + 1
    head = text[line_start:end]
    return len(head.split()) <= 3 and not any(character in head for character in ".!?,;")


def _name_tokens(text: str) -> list[regex.Match]:
    return list(TOKEN.finditer(text))


def _not_name(word: str) -> bool:
    lowered = word.lower().replace("’", "'")
    return lowered in NOT_NAMES or lowered in COMMON_STARTS or lowered.rstrip("s") in ORG_WORDS


def _heuristic_names(text: str) -> list[Span]:
    """Names from speaker labels, titles, relations and capitalised words inside sentences."""
    spans: list[Span] = []
    for pattern in (TITLE_NAME, RELATION_NAME, CALLED_NAME):
        for match in pattern.finditer(text):
            words = [word for word in regex.finditer(r"\S+", match.group("name"))]
            kept = [word for word in words if not _not_name(word.group(0).rstrip("."))
                    or pattern is TITLE_NAME and len(word.group(0).rstrip(".")) == 1]
            if kept and kept[0].start() == 0:
                start = match.start("name")
                spans.append(Span(start, start + kept[-1].end(), "NAME"))
    for match in RELATION_LOWER.finditer(text):
        if match.group("name") in GIVEN_NAMES:
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for match in RELATION_ANY.finditer(text):  # an unlisted name: not a word we know, or a verb after it
        word = match.group("name").lower()
        following = (match.group("next") or "").lower()
        owner = regex.match(r"(?i:my|his|her|their|our|your)\s", match.group(0))  # "my sister X": verbs count
        if word not in NOT_LOWER_NAMES and (_unknown_word(word) or owner and (
                following in NAME_VERBS or following in WEAK_NAME_VERBS or following in LOWER_NAME_NEXT)):
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for pattern in (ME_AND, CALLED_LOWER):
        for match in pattern.finditer(text):
            if _unknown_word(match.group("name").lower()) or _given(match.group("name")):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for match in TITLE_LOWER.finditer(text):
        words = list(regex.finditer(r"\S+", match.group("name")))
        kept = []
        for word in words:
            lowered = word.group(0).lower().strip("'’")
            if lowered in NOT_LOWER_NAMES or lowered.endswith((*ORDINARY_ENDINGS, "ed")) and not kept:
                break  # "dr said", "mr mentioned": a verb, not a name
            kept.append(word)
        if kept:
            start = match.start("name")
            spans.append(Span(start, start + kept[-1].end(), "NAME"))
    tokens = _name_tokens(text)
    runs: list[list[regex.Match]] = []
    for token in tokens:
        if runs and regex.fullmatch(rf"[ \t]+(?:{PARTICLES}[ \t]+)?", text[runs[-1][-1].end():token.start()]):
            runs[-1].append(token)
        else:
            runs.append([token])
    for run in runs:
        words = [token.group(0) for token in run]
        if any(word.lower() in ORG_WORDS for word in words):
            continue  # "Beck Depression Inventory", "St Mary's Hospital": not a person
        first = run[0]
        if DETERMINER_BEFORE.search(text[max(0, first.start() - 4):first.start()]):
            continue  # "the Hulk", "a Cost-Benefit Analysis": a thing or a title, not a person
        at_start = _sentence_start(text, first.start())
        if len(run) == 1 and _is_label(text, first.end()):
            if not _not_name(first.group(0)) and normalise_label(first.group(0)) not in ROLE_LABELS:
                spans.append(Span(first.start(), first.end(), "NAME"))
            continue
        for position, token in enumerate(run):
            word = token.group(0)
            if _not_name(word):
                continue
            if position == 0 and at_start:
                follows = text[token.end():token.end() + 30]
                next_word = regex.match(r"(?:['’]s\b|\s+(\S+))", follows)
                later_names = [other for other in run[1:] if not _not_name(other.group(0))]
                following = (next_word.group(1) or "").lower().strip(",.") if next_word else ""
                verb = following in NAME_VERBS or (following in WEAK_NAME_VERBS | STARTER_NAME_NEXT
                                                   and not word.lower().endswith(ORDINARY_ENDINGS))
                given = word.lower() in GIVEN_NAMES
                with_me = bool(regex.match(r"\s+and\s+(?:I|me|my)\b", follows))  # "Oluwaseun and I"
                if not (later_names or verb or given or with_me or _is_label(text, token.end())):
                    continue
            spans.append(Span(token.start(), token.end(), "NAME"))
    return spans


@functools.lru_cache(maxsize=256)
def _known_name_pattern(names: frozenset[str], ignore_case: bool) -> regex.Pattern[str] | None:
    """One alternation of every known name, compiled once per set of names (a session's, usually)."""
    variants: set[str] = set()
    for name in names:
        variants.update({name, name[:1].upper() + name[1:], name.upper()})
    variants = {variant for variant in variants if len(variant) >= 2}
    if not variants:
        return None
    alternatives = "|".join(regex.escape(variant) for variant in sorted(variants, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}_]){'(?i)' if ignore_case else ''}(?:{alternatives})"
                         rf"(?![\p{{L}}\p{{N}}_])")


def _known_name_spans(text: str, names: Iterable[str], ignore_case: bool = False) -> list[Span]:
    """Every occurrence of a known name (capitalised or as written), as a whole word."""
    pattern = _known_name_pattern(frozenset(names), ignore_case)
    return [] if pattern is None else [Span(match.start(), match.end(), "NAME") for match in pattern.finditer(text)]


def _resolve(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Keep the best detection where several overlap, then merge neighbouring names into one."""
    chosen: list[Span] = []  # sorted by start and never overlapping: only the neighbours need checking
    starts: list[int] = []
    for _, span in sorted(candidates, key=lambda item: (item[0], item[1].start, -(item[1].end - item[1].start))):
        position = bisect.bisect_left(starts, span.start)
        if position > 0 and chosen[position - 1].end > span.start:
            continue
        if position < len(chosen) and chosen[position].start < span.end:
            continue
        chosen.insert(position, span)
        starts.insert(position, span.start)
    return chosen


def _merge_names(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if (merged and span.kind == "NAME" and merged[-1].kind == "NAME"
                and regex.fullmatch(rf"[ \t]*(?:{PARTICLES}[ \t]+){{0,2}}", text[merged[-1].end:span.start])):
            merged[-1] = Span(merged[-1].start, span.end, "NAME")
        else:
            merged.append(span)
    return merged


def find_phi(text: str, names: Iterable[str] = (), heuristics: bool = True, declared: Iterable[str] = ()
             ) -> list[Span]:
    """The PHI spans of `text`, sorted and not overlapping.

    `names` are known names (speaker labels, a YAML client, names found elsewhere in the session): they are
    found anywhere, even at the start of a sentence. `declared` names (the file's own speaker labels and
    client, --client-label) are found in any case too ("harriet"). Without `heuristics` only known names and
    the structured kinds are looked for (file paths, where capitalisation means nothing).
    """
    candidates = _structured(text)
    known = name_words(names)
    if heuristics:
        discovered = _heuristic_names(text) + _lower_case_names(text)
        candidates += [(PRIORITY["NAME"], span) for span in discovered]
        known |= name_words(text[span.start:span.end] for span in discovered)
    candidates += [(PRIORITY["NAME"], span) for span in _known_name_spans(text, known, ignore_case=not heuristics)]
    candidates += [(PRIORITY["NAME"], span) for span in _known_name_spans(text, name_words(declared), True)]
    return _with_surnames(text, _merge_names(text, _resolve(candidates)))


# Given names that are also everyday lower-case words: written in lower case they are the word
LOWER_NAME_NEXT = _words("keeps kept says is was has had and who never always just still")
WORD_PREFIXES = _words("non self ex co anti pre post re sub semi half well ill over under multi")
STARTER_NAME_NEXT = _words("never always keeps kept")  # "Priyanka never rings back"
LOWER_CASE_WORDS = frozenset({"blessing", "daisy", "dean", "eve", "holly", "jade", "jasmine", "jean", "lily", "max",
                              "mike", "poppy", "rob", "victor"})
LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}_'’@.-])\p{Ll}{2,}(?![\p{L}\p{N}_@-]|['’]\p{L}{2})")
SURNAME_AFTER = regex.compile(r"[ \t]+(?i:o['’]\p{L}{2,}|mc\p{L}{2,}|mac\p{L}{3,}|fitz\p{L}{2,}|"
                              r"(?:al|el|ibn|abu|bin|ben|ould)-\p{L}{2,}|"
                              # particles, then the surname: "van der merwe", "ní bhriain", "de la fuente"
                              r"(?:(?:van|von|der|den|de|du|da|di|del|della|la|le|ter|ten|ní|nic|mac|ó|ua|bin|ibn)"
                              r"[ \t]+){1,3}\p{L}[\p{L}'’-]+)(?![\p{L}])")


def _given(word: str) -> bool:
    """On the given-names list, accents aside: "siobhán" is "siobhan"."""
    plain = unicodedata.normalize("NFKD", word.lower())
    return "".join(character for character in plain if not unicodedata.combining(character)) in GIVEN_NAMES


def _unknown_word(word: str) -> bool:
    """Not an ordinary lower-case word: neither in our own texts' vocabulary nor a function word.
    A hyphenated word is a name when a part is a given name or no part is known ("mei-ling", not "non-smoker")."""
    if "-" in word:
        parts = word.split("-")
        if parts[0] in WORD_PREFIXES:
            return False  # "non-smoker", "self-harm"
        return any(_given(part) for part in parts) or all(_unknown_word(part) for part in parts)
    return word not in COMMON_WORDS and word not in NOT_LOWER_NAMES and not word.endswith(("ing", "ly", "ed"))


def _lower_case_names(text: str) -> list[Span]:
    """A common given name written in lower case ("i told callum"), unless it is also an everyday word."""
    return [Span(match.start(), match.end(), "NAME") for match in LOWER_WORD.finditer(text)
            if _given(match.group(0)) and match.group(0) not in LOWER_CASE_WORDS]


NICKNAME_AFTER = regex.compile(r"[ \t]*\([ \t]*[\"“'‘]?(?P<name>\p{Lu}\p{Ll}+)[\"”'’]?[ \t]*\)")


def _with_surnames(text: str, spans: list[Span]) -> list[Span]:
    """A name runs on over an Irish or Scottish surname written in lower case ("siobhan o'neill"), and a
    nickname in brackets after it is a name too ('Joseph ("Joey")')."""
    extended: list[Span] = []
    for position, span in enumerate(spans):
        found = SURNAME_AFTER.match(text, span.end) if span.kind == "NAME" else None
        following = spans[position + 1].start if position + 1 < len(spans) else len(text)
        if found and found.end() <= following:
            span = Span(span.start, found.end(), "NAME")
        extended.append(span)
        nickname = NICKNAME_AFTER.match(text, span.end) if span.kind == "NAME" else None
        if nickname and nickname.end() <= following:
            extended.append(Span(nickname.start("name"), nickname.end("name"), "NAME"))
    return extended


def name_words(names: Iterable[str]) -> set[str]:
    """The words of names worth looking for: 'Dr Lee' gives 'Lee' and 'Dr Lee'; role labels give nothing."""
    words: set[str] = set()
    for name in names:
        name = name.strip()
        if not name or normalise_label(name) in ROLE_LABELS:
            continue
        parts = [part.strip(".,") for part in name.split()]
        kept = [part for part in parts if part.lower() not in TITLES and len(part) >= 2
                and part.lower() not in ROLE_LABELS]
        words.update(kept)
        if len(kept) > 1:
            words.add(" ".join(kept))
    return words


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with every PHI span replaced by its placeholder, such as [NAME] or [PHONE]."""
    return _apply(text, find_phi(text, names))


PATH_DATE = regex.compile(r"(?<!\d)(?:\d{4}[-_.]?\d{2}[-_.]?\d{2}|\d{2}[-_.]\d{2}[-_.]\d{4})(?!\d)")


PATH_WORD = regex.compile(r"(?<![\p{L}])\p{L}{2,}(?![\p{L}])")


def redact_path(path: str, names: Iterable[str] = ()) -> str:
    """A file path with known names and common given names (in any case: `client-harriet/`), dates, emails,
    phones and record numbers replaced. `_` separates words in a file name as a space does in text."""
    spaced = path.replace("_", " ")  # same length: spans found here apply to the path as it is
    given = {match.group(0) for match in PATH_WORD.finditer(spaced) if match.group(0).lower() in GIVEN_NAMES}
    spans = find_phi(spaced, set(names) | given, heuristics=False)
    dates = [Span(match.start(), match.end(), "DATE") for match in PATH_DATE.finditer(path)]
    dates = [date for date in dates if all(date.end <= span.start or date.start >= span.end for span in spans)]
    return _apply(path, sorted(spans + dates, key=lambda span: span.start))


def _apply(text: str, spans: list[Span]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position:span.start])
        pieces.append(f"[{span.kind}]")
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def session_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """Every name a session gives away: extra names, its client, speaker labels, names found in its text."""
    names = set(name_words(extra_names))
    if session.client:
        names |= name_words([session.client])
    names |= name_words(turn.label for turn in session.turns if turn.label)
    for turn in session.turns:
        names |= name_words(turn.text[span.start:span.end] for span in _heuristic_names(turn.text))
    return names


def declared_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """The names a file states itself (client, speaker labels) and the user gave: found in any case."""
    names = set(name_words(extra_names))
    if session.client:
        names |= name_words([session.client])
    return names | name_words(turn.label for turn in session.turns if turn.label)


def _redact_label(label: str) -> str:
    """A speaker label that is a name becomes [NAME] (keeping a title: "Dr [NAME]"); role labels stay."""
    if not label or normalise_label(label) in ROLE_LABELS:
        return label
    title = label.split()[0] if label.split()[0].lower().rstrip(".") in TITLES and len(label.split()) > 1 else ""
    return f"{title} [NAME]".strip()


def redact_report(report: SessionReport, extra_names: set[str]) -> SessionReport:
    """The same report with PHI replaced in every text field: quotes, turn texts, labels, warnings, file, ids.

    Names found anywhere in the session are redacted everywhere in it, so a name at the start of a quoted
    sentence is caught when the same name appears elsewhere. Pure: the report given is not changed.
    """
    session = report.session
    names = frozenset(session_names(session, extra_names))
    declared = frozenset(declared_names(session, extra_names))
    memo: dict[str, str] = {}

    def redact_once(text: str) -> str:  # quotes repeat their turn's sentences
        if text not in memo:
            memo[text] = _apply(text, find_phi(text, names, declared=declared))
        return memo[text]

    turns = tuple(turn.model_copy(update={"text": redact_once(turn.text),
                                          "label": _redact_label(turn.label)}) for turn in session.turns)
    session_id = redact_once(session.session_id) if session.session_id else session.session_id
    redacted_session = session.model_copy(update={
        "file": _redact_file(session.file, session.session_id, session_id, names),
        "session_id": session_id,
        "date": "[DATE]" if session.date else session.date,
        "client": "[NAME]" if session.client else session.client,
        "turns": turns,
        "warnings": tuple(redact_once(warning) for warning in session.warnings),  # declared labels: any case
    })
    episodes = tuple(_redact_episode(item, redact_once) for item in report.episodes)
    return dataclasses.replace(report, session=redacted_session, episodes=episodes)


def _redact_file(file: str, session_id: str | None, redacted_id: str | None, names: frozenset[str]) -> str:
    """The path, and a table's session id after its '#' redacted as the `session_id` field is."""
    suffix = f"#{session_id}"
    if session_id and redacted_id is not None and file.endswith(suffix):
        return f"{redact_path(file[: -len(suffix)], names)}#{redacted_id}"
    return redact_path(file, names)


def _redact_episode(item: EpisodeReport, redact: Callable[[str], str]) -> EpisodeReport:
    hits = tuple(dataclasses.replace(hit, quote=redact(hit.quote), matched=redact(hit.matched))
                 for hit in item.episode.hits)
    strategies = tuple(dataclasses.replace(hit, quote=redact(hit.quote)) for hit in item.repair.strategies)
    ratings = tuple(dataclasses.replace(rating, reasons=tuple(redact(reason) for reason in rating.reasons))
                    for rating in item.episode.turn_ratings)  # a significance reason may quote the client
    return dataclasses.replace(
        item,
        episode=dataclasses.replace(item.episode, hits=hits, reasons=tuple(redact(reason) for reason in
                                                                          item.episode.reasons),
                                    turn_ratings=ratings),
        repair=dataclasses.replace(item.repair, strategies=strategies),
        stage=dataclasses.replace(item.stage, approach_reason=redact(item.stage.approach_reason)),
    )


def redact_client_summary(summary: dict[str, Any], reports: list[SessionReport],
                          extra_names: set[str]) -> dict[str, Any]:
    """A --by-client summary with the client's name, the file paths and the session dates replaced."""
    names = set(name_words(extra_names)) | name_words([str(summary.get("client", ""))])
    for report in reports:
        names |= session_names(report.session, extra_names)
    sessions = [dict(point, file=redact_path(point["file"], names),
                     date="[DATE]" if point.get("date") else point.get("date")) for point in summary["sessions"]]
    return dict(summary, client="[NAME]", sessions=sessions)


def redaction_fingerprint(extra_names: Iterable[str] | None) -> str:
    """Part of the resume key, so a redacted run never keeps records of an unredacted one (or the reverse)."""
    if extra_names is None:
        return ""
    return "+redact-" + hashlib.sha256("\n".join(sorted(extra_names)).encode()).hexdigest()[:8]


# --- evaluation on labelled snippets -----------------------------------------------------------------------------

@dataclass
class KindScore:
    """Counts for one kind: expected spans found, all expected, predictions that hit one, all predictions."""

    found: int = 0
    expected: int = 0
    correct: int = 0
    predicted: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


def _gold_spans(text: str, items: list[dict[str, str]]) -> list[Span]:
    spans: list[Span] = []
    for item in items:
        start = text.find(item["text"])
        if start < 0:
            raise ValueError(f"expected span {item['text']!r} is not in the snippet")
        while start >= 0:
            spans.append(Span(start, start + len(item["text"]), item["kind"]))  # type: ignore[arg-type]
            start = text.find(item["text"], start + 1)
    return spans


def _covered(gold: Span, predicted: list[Span], text: str) -> bool:
    """Every letter and digit of `gold` lies inside a predicted span of its kind."""
    return all(any(span.kind == gold.kind and span.start <= index < span.end for span in predicted)
               for index in range(gold.start, gold.end) if text[index].isalnum())


def evaluate(snippets: list[dict[str, Any]]) -> tuple[dict[str, KindScore], int, int]:
    """Per-kind scores, and how many expected spans kept any letter or digit unredacted (of how many)."""
    scores = {kind: KindScore() for kind in KINDS}
    leaked = total = 0
    for snippet in snippets:
        text = snippet["text"]
        gold = _gold_spans(text, snippet.get("phi") or [])
        declared = name_words(snippet.get("names") or [])
        predicted = find_phi(text, declared, declared=declared)
        for span in gold:
            score = scores[span.kind]
            score.expected += 1
            score.found += _covered(span, predicted, text)
            total += 1
            leaked += not all(any(other.start <= index < other.end for other in predicted)
                              for index in range(span.start, span.end) if text[index].isalnum())
        for span in predicted:
            score = scores[span.kind]
            score.predicted += 1
            score.correct += any(other.kind == span.kind and other.start < span.end and span.start < other.end
                                 for other in gold)
    return scores, leaked, total


def misses(snippets: list[dict[str, Any]]) -> list[str]:
    """One line per missed expected span and per false alarm, for tuning."""
    lines: list[str] = []
    for snippet in snippets:
        text = snippet["text"]
        gold = _gold_spans(text, snippet.get("phi") or [])
        declared = name_words(snippet.get("names") or [])
        predicted = find_phi(text, declared, declared=declared)
        for span in gold:
            if not _covered(span, predicted, text):
                lines.append(f"missed {span.kind} {text[span.start:span.end]!r} in {text!r}")
        for span in predicted:
            if not any(other.kind == span.kind and other.start < span.end and span.start < other.end
                       for other in gold):
                lines.append(f"false {span.kind} {text[span.start:span.end]!r} in {text!r}")
    return lines


def format_table(scores: dict[str, KindScore], leaked: int, total: int) -> str:
    """The per-kind table as Markdown, ready for the README."""
    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = ["| kind | expected | found | recall | predicted | precision |", "|---|---|---|---|---|---|"]
    for kind, score in scores.items():
        rows.append(f"| {kind} | {score.expected} | {score.found} | {figure(score.recall)} | {score.predicted} "
                    f"| {figure(score.precision)} |")
    rows.append(f"\n{total - leaked} of {total} expected spans fully redacted (any placeholder); {leaked} leaked.")
    return "\n".join(rows)


def load_snippets(path: Path) -> list[dict[str, Any]]:
    import yaml

    return list(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or [])


def main(argv: list[str] | None = None) -> int:
    """`python -m rupturecli.redaction --evaluate FILE`: print recall and precision per kind."""
    parser = argparse.ArgumentParser(prog="python -m rupturecli.redaction", description=__doc__)
    parser.add_argument("--evaluate", type=Path, metavar="FILE", help="labelled snippets (YAML)")
    parser.add_argument("--misses", action="store_true", help="also list missed spans and false alarms")
    parser.add_argument("text", nargs="?", help="a text to redact (standard input when absent)")
    arguments = parser.parse_args(argv)
    if arguments.evaluate:
        snippets = load_snippets(arguments.evaluate)
        print(f"{len(snippets)} snippets in {arguments.evaluate}")
        print(format_table(*evaluate(snippets)))
        if arguments.misses:
            print("\n".join(misses(snippets)))
        return 0
    text = arguments.text if arguments.text is not None else sys.stdin.read()
    sys.stdout.write(redact_text(text) + ("" if text.endswith("\n") else "\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
