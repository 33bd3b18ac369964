"""Record, insurance and national identity numbers: after a keyword (MRN, NHS number, PESEL...), as the answer to a
question asking for one, in a country's own shape (SSN, NI, Aadhaar, codice fiscale...), or a long bare number."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.privacy.numbers import digit_count

ID_SUFFIX = r"(?i:no|num|number|id|#|reference|ref|card|n\.?[º°])"  # "SNS n.º"
# Words that introduce a record, insurance or national identity number. Upper-case acronyms only in capitals
# ("SIN", "BSN", "UR": 'sin' and 'ur' are words); the rest in any case.
ID_KEYWORD = (rf"(?:(?:MRN|URN|UR|NHS|SSN|SIN|BSN|PPSN|PPS|NINO|NI|CHI|NHI|IHI|OHIP|DNI|NIE|NIF|CPF|TFN|IRD|PAN|"
              rf"CPR|SUS|CNS|SNS|NSS|NUSS|TSI|CIP|SVNR|KVNR|RAMQ|NHIF|AMKA|NDIS|"
              rf"NRIC|CNIC|NICOP|FIN|CURP|RFC|PESEL|PID|ID|RUT|NIR|ABHA|UHID|HKID|NIN|EMR|EHR|NHIS|SSNIT|CRN|"
              rf"IP(?=[ \t]*No\b)|"
              rf"(?i:national[ \t]+insurance|social[ \t]+(?:security|insurance)|medical[ \t]+record|unit[ \t]+record|"
              rf"patient|member(?:ship)?|subscriber|hospital|hosp|record|chart|reference|ref|registration|"
              rf"medicare|medicaid|medical[ \t]+aid|centrelink|ehic|aadhaa?r|philhealth|mykad|passport|policy|"
              rf"insurance|"
              rf"health[ \t]+(?:card|insurance)|cpf|ahv|"
              rf"c[ée]dula|codice[ \t]+fiscale|personnummer|personnr|pers\.?[ \t]?nr|henkilötunnus|hetu|utente|"
              rf"tarjeta[ \t]+sanitaria|targeta[ \t]+sanit[aà]ria|cart[ãa]o[ \t]+(?:de[ \t]+)?(?:sa[úu]de|cidad[ãa]o)|"
              rf"tessera[ \t]+sanitaria|carte[ \t]+vitale|"
              rf"tax[ \t]+(?:file|id|number)|licen[cs]e|driving[ \t]+licen[cs]e|pre-?auth(?:ori[sz]ation)?|"
              rf"prior[ \t]+auth(?:ori[sz]ation)?|authori[sz]ation))"
              rf"(?:[ \t]+{ID_SUFFIX}){{0,2}}|(?i:client|file|case|account|claim|group|card|certificate|participant)"
              rf"[ \t]+{ID_SUFFIX})")
# A value: letters (dashed from the digits, or spaced when in capitals), digits, and further dashed, slashed or
# spaced parts
ID_VALUE = (r"(?:[A-Z]{1,5}[ \t](?=\d)|(?i:[A-Z]{1,5})[-/]?){0,3}\d[\dA-Za-z]*"
            r"(?:[-/.][\dA-Za-z]+|[ \t]\d{2,}[\dA-Z]*|[ \t][\dA-Z](?![\w-]|[ \t]+\w)){0,3}")
# The keyword, then perhaps a few words ("hospital number on my letter is", "case number, it's"), then the value
ID_AFTER_KEYWORD = regex.compile(
    rf"\b{ID_KEYWORD}\.?(?:['’]s|(?:,?[ \t]+[\p{{L}}']+){{0,6}}?,?[ \t]+(?:is|was|it['’]s|es|és|é|est|ist))?"
    rf"(?:[ \t]+(?i:something[ \t]+like|like|about|maybe|probably|roughly|i[ \t]+think))?"  # a hedge before the value
    rf"[ \t]*[:#=,]?[ \t]*(?P<value>{ID_VALUE})(?![\w-])")
# An identity number given as the whole answer to a question that asks for it: "T: Your tax number?\nC: 298 ..."
ID_ANSWER = regex.compile(rf"\b{ID_KEYWORD}\b[^\n?]{{0,40}}\?[ \t]*\n(?:[^\n:]{{1,20}}:)?[ \t]*"
                          rf"(?P<value>{ID_VALUE})[ \t]*[.!]?[ \t]*(?=\n|$)")
# A word for a phone number, and an identity keyword before a number read out in words: the later one says which
PHONE_CUE = regex.compile(r"(?i:\b(?:phone|mobile|mob|cell|landline|tel|telephone|ring|call|text|whatsapp|fax|"
                          r"extension|ext)\b)")
ID_CUE = regex.compile(rf"\b{ID_KEYWORD}\b")


def identity_cue(text: str, start: int) -> bool:
    """A number read out in words is an identity number when an identity keyword, not a word for a phone, comes
    last in the 80 characters before it ("my NHS number? ... nine four three, ..."; not "my mobile is ...")."""
    window = max(0, start - 80)
    identity = [match.end() for match in ID_CUE.finditer(text, window, start)]
    if not identity:
        return False
    phone = [match.end() for match in PHONE_CUE.finditer(text, window, start)]
    return not phone or phone[-1] < identity[-1]


REFERENCE_RANGE = regex.compile(r"\d{1,3}\.\d{1,3}-\d{1,3}(?:\.\d{1,3})?|\d{1,3}-\d{1,3}\.\d{1,3}")
ID_DATE = regex.compile(r"(?:[A-Z.]{2,6}[ \t]+)?\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})")  # "Patient DOB 23.04.1991"
ID_PATTERNS = (
    regex.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])"),  # SSN, with dashes or spaces
    regex.compile(r"\b[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b"),  # UK NI
    regex.compile(r"(?i:\b[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]\d{6}[a-d]\b)"),  # ni number written as one word
    regex.compile(r"(?<![\w+-]|\+\d{1,3}[ \t])[2-9]\d{3}([ -])\d{4}\1\d{4}(?![\w-])"),  # Aadhaar 4-4-4
    regex.compile(r"(?<![\w+-])[2-6]\d{3}[ \t]\d{5}[ \t]\d(?![\w-])"),  # Australian Medicare 4-5-1
    regex.compile(r"\b[1-9][A-Z][A-Z\d]\d-?[A-Z][A-Z\d]\d-?[A-Z]{2}\d{2}\b"),  # US Medicare (MBI)
    regex.compile(r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b"),  # Italian codice fiscale
    regex.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b"),  # Indian PAN
    regex.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),  # Brazilian CPF
    regex.compile(r"\b756\.\d{4}\.\d{4}\.\d{2}\b"),  # Swiss AHV
    # Nordic personal numbers, a birth date then a serial: Danish CPR 230785-2213, Finnish 041168-527K
    regex.compile(r"(?<![\w+./-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A]\d{3}[\dA-Z](?![\w-])"),
    # ... and the Swedish one, year first, with the century or without: 19850412-3391, 850412-3391
    regex.compile(r"(?<![\w+./-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-+]\d{4}(?![\w-])"),
    regex.compile(r"\b\d{4}[- ]\d{3}[- ]\d{3}[- ]?[A-Z]{2}\b"),  # Ontario health card and its version code
    regex.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z\d]\d\b"),  # Mexican CURP
    # French social security number (NIR) in its spaced groups: sex, year, month, department, commune, order, key
    regex.compile(r"(?<![\w+-])[12] \d{2} (?:0[1-9]|1[0-2]|[2-9]\d) (?:\d{2}|2[AB]) \d{3} \d{3}(?: \d{2})?(?![\w-])"),
)
ID_FALLBACK = (
    regex.compile(r"(?<![\w+./-])\d{6,}[A-Z]{0,2}(?![\w/-]|\.\d)"),  # 1234567T (PPSN), 12345678Z (DNI)
    regex.compile(r"\b[A-Z]{1,3}\d{5,}[A-Z]?\b"),  # S8123456D (NRIC), X1234567L (NIE)
    regex.compile(r"\b[A-Z]{2,4}[ \t]?\d{3,}(?:[ \t]\d{3,})+\b"),  # RVJ 0042 119
    regex.compile(r"(?<![\w/])\d{1,4}/\d{4,}/\d{2,4}(?![\w/])"),  # 47/88213/23: a reference, not a date
)


# An insurance plan's group number ("group 30917", "grp# A3316") after the member's number or the insurer in the
# same sentence or the one before: "group" alone is an ordinary word elsewhere ("group 3 meets on ...")
GROUP_NUMBER = regex.compile(r"\b(?i:group|grp)[ \t]*[:#]?[ \t]*(?P<value>[A-Z]{0,3}-?\d{4,}[A-Z\d-]*)(?![\w-])")
INSURANCE_BEFORE = regex.compile(r"(?i:\b(?:insurance|insurer|member[ \t]+(?:id|no|number|#)|subscriber|policy|"
                                 r"payer|medicaid|medicare|copay)\b)")


def find_ids(text: str) -> Iterable[tuple[int, int]]:
    """Identity numbers after their keyword, given as an answer, or in a shape only they have."""
    for match in ID_AFTER_KEYWORD.finditer(text):
        if digit_count(match.group("value")) >= 4 and not ID_DATE.fullmatch(match.group("value")) and not (
                REFERENCE_RANGE.fullmatch(match.group("value"))):  # a lab's "(ref 0.35-5.1)" is no reference number
            yield match.start("value"), match.end("value")
    if "?" in text:
        for match in ID_ANSWER.finditer(text):  # six digits at least: not "Any record of that?\nC: 2019."
            if digit_count(match.group("value")) >= 6 and not ID_DATE.fullmatch(match.group("value")) and not (
                    PHONE_CUE.search(text, match.start(), match.start("value"))):  # "... and your phone?"
                yield match.start("value"), match.end("value")
    for match in GROUP_NUMBER.finditer(text):
        if INSURANCE_BEFORE.search(text, max(0, match.start() - 120), match.start()):
            yield match.start("value"), match.end("value")
    for pattern in ID_PATTERNS:
        for match in pattern.finditer(text):
            yield match.start(), match.end()


def fallback_ids(text: str) -> Iterable[tuple[int, int]]:
    """Long bare numbers and letter-digit codes: an ID only where nothing else claims them."""
    for pattern in ID_FALLBACK:
        for match in pattern.finditer(text):
            yield match.start(), match.end()
