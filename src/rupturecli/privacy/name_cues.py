"""Names found by the seventh and ninth rounds' cues: a friend's home ("at kez's."), a message that opens or ends
with who sends it, a name spelled out ("O-R-L-A"), a list with "me", initials after "client", a full name before
"is my ... name", a nickname before "le decimos", a name set off by "my eldest", a clinician's surname and initial
after a role, a one-word sentence after a relation."""

from __future__ import annotations

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.names import NAME_TOKEN
from rupturecli.privacy.spans import Span
from rupturecli.privacy.words import (
    COMMON_STARTS,
    LIST_VERBS,
    NOT_IN_LIST,
    NOT_LOWER_NAMES,
    RELATIONS,
    given_name,
    never_a_name,
    unknown_word,
)

# Seventh round: names with other cues. A friend's home ("sleeping at kez's."), a message that opens with who
# sends it ("hey its tiggy, ..."), a name spelled out ("O-R-L-A"), a list with "me" before a verb ("me, hope and kit
# drove ..."), initials after "client" ("client R.T."), a full name before "is my ... name", a nickname before
# "le decimos" ("we call her ...")
HOME_POSSESSIVE = regex.compile(r"\b(?i:at|round|to|from|it['’]s|its)[ \t]+(?P<name>\p{Ll}{2,}(?:-\p{Ll}+)?)['’]s"
                                r"(?=[ \t]*(?:[.,;:!?)]|$|\n)|"
                                r"[ \t]+(?:most|tonight|now|again|instead|till|until|for)\b)")
GREETING_SELF = regex.compile(r"(?i:\b(?:hi|hiya|hey|heya|hello|morning|evening|yo|oi|sup)\b[ \t,!.]*"
                              r"(?:it['’]?s|this[ \t]+is)"
                              r"[ \t]+)(?P<name>\p{L}{2,})(?=[ \t]*(?:[,.!–-]|here\b|$))")
SPELLED_NAME = regex.compile(r"\b\p{L}-\p{L}-\p{L}(?:-\p{L})*\b(?!-)")
ME_LIST = regex.compile(r"(?i:\b(?:me|i),[ \t]+)(?P<names>\p{Ll}{2,}(?:,[ \t]+\p{Ll}{2,})*,?[ \t]+and[ \t]+\p{Ll}{2,})"
                        r"[ \t]+(?P<verb>\p{Ll}+)")
INITIALS = regex.compile(r"(?<=\b(?i:client|patient|pt|service[ \t]+user|young[ \t]+person|child|supervisee|resident)"
                         r"[ \t]+)\p{Lu}\.(?:[ \t]?\p{Lu}\.)+")
FULL_NAME_IS = regex.compile(r"(?:^|[.!?:][ \t]+|\n)(?P<name>\p{Ll}{2,}(?:[ \t]+\p{Ll}{2,}){0,3})[ \t]+(?:is|was)[ \t]+"
                             r"(?:my|his|her|their|our|your)[ \t]+(?:\p{Ll}+['’]s[ \t]+)?"
                             r"(?:(?:full|real|first|last|maiden|birth)[ \t]+)?name\b")
NICKNAME_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Lu}\p{Ll}+)[ \t]+(?i:le|la|lo|nos)[ \t]+"
                                r"(?i:dec[ií]amos|decimos|dicen|dec[ií]an|llamamos|llam[aá]bamos|chamamos|chamávamos)\b")
# Ninth round: a capitalised name set off as "..., my eldest," ("Joy, my eldest, ..."); a clinician's surname
# and initial after a role ("Signed by: Obi, T."); a one-word sentence naming the relation just before it
# ("... was my aunt. Halina."); a message that names its sender before "btw" or "here" ("its zara btw")
APPOSITIVE_KIN = regex.compile(rf"(?<![\p{{L}}'’-])(?P<name>{NAME_TOKEN}),[ \t]+(?i:my|our|his|her|their)[ \t]+"
                               rf"(?i:(?:(?:eldest|youngest|oldest|middle|little|big|older|younger|baby)[ \t]+)?"
                               rf"(?:{RELATIONS})|eldest|youngest|oldest|middle[ \t]+one|baby)(?=[ \t]*[,;)—–])")
ROLE_SURNAME_INITIAL = regex.compile(
    r"(?i:\b(?:clinician|therapist|counsell?or|provider|author|signed(?:[ \t]+by)?|supervisor|psychologist|"
    r"psychiatrist|key[ \t]+worker|care[ \t]+co-?ordinator|seen[ \t]+by|reviewed[ \t]+by))[ \t]*:[ \t]*"
    r"(?P<name>\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?,[ \t]*\p{Lu}\.(?:[ \t]?\p{Lu}\.)?)")
RELATION_THEN_NAME = regex.compile(rf"(?i:\b(?:my|his|her|their|our|your)[ \t]+(?:{RELATIONS}))\.[ \t]+"
                                   rf"(?P<name>{NAME_TOKEN})(?=[ \t]*[.!])")
SENDER_AFTER = regex.compile(r"(?i:\b(?:it['’]?s|this[ \t]+is)[ \t]+)(?P<name>\p{L}{2,})"
                             r"[ \t]+(?i:btw|here|again)\b")


def cued_names(text: str) -> list[Span]:
    """Names found by the seventh round's cues (see HOME_POSSESSIVE to NICKNAME_BEFORE)."""
    spans: list[Span] = []
    lowered = text.lower()
    if "'s" in lowered or "’s" in lowered:
        for match in HOME_POSSESSIVE.finditer(text):  # (its 's: "at kez's.")
            word = match.group("name")
            if word not in NOT_LOWER_NAMES and (unknown_word(word) or given_name(word)):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if ("its" in lowered or "it's" in lowered or "it’s" in lowered or "this is" in lowered) and any(
            word in lowered for word in ("hi", "hey", "hello", "morning", "evening", "yo", "oi", "sup")):
        for match in GREETING_SELF.finditer(text):
            word = match.group("name").lower()
            if word not in NOT_LOWER_NAMES and word not in COMMON_STARTS and (unknown_word(word) or given_name(word)):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if "-" in text:
        for match in SPELLED_NAME.finditer(text):
            letters = match.group(0).replace("-", "")
            word = letters.lower()
            if match.start() and text[match.start() - 1] in "-_" or not (letters.isupper() or letters.islower()):
                continue
            if given_name(word) or word not in COMMON_WORDS and word not in NOT_LOWER_NAMES:
                spans.append(Span(match.start(), match.end(), "NAME"))
    if " and " in lowered and ("me," in lowered or "i," in lowered):
        for match in ME_LIST.finditer(text):
            words = list(regex.finditer(r"\p{Ll}{2,}", match.group("names")))
            names = [word for word in words if word.group(0) != "and"]
            verb = match.group("verb")
            if (verb in LIST_VERBS or verb.endswith("ed")) and not any(
                    word.group(0) in NOT_IN_LIST or regex.fullmatch(RELATIONS, word.group(0)) for word in names):
                spans += [Span(match.start("names") + word.start(), match.start("names") + word.end(), "NAME")
                          for word in names]
    if "." in text and any(word in lowered for word in ("client", "patient", "pt", "user", "person", "child",
                                                          "supervisee", "resident")):
        spans += [Span(match.start(), match.end(), "NAME") for match in INITIALS.finditer(text)]
    if "name" in lowered:
        for match in FULL_NAME_IS.finditer(text):
            words = match.group("name").split()
            if not any(word in NOT_LOWER_NAMES or word in COMMON_STARTS for word in words):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if any(word in lowered for word in ("decimos", "decíamos", "deciamos", "dicen", "decían", "decian", "llam",
                                        "cham")):
        spans += [Span(match.start("name"), match.end("name"), "NAME") for match in NICKNAME_BEFORE.finditer(text)]
    return spans + _ninth_round_names(text, lowered)


def _ninth_round_names(text: str, lowered: str) -> list[Span]:
    """Names found by the ninth round's cues (see APPOSITIVE_KIN to SENDER_AFTER): the word must be a given name
    or no word our texts use, and no weekday, heading or sentence opener."""
    spans: list[Span] = []

    def add(match: regex.Match[str]) -> None:
        word = match.group("name")
        plain = word.lower()
        if plain in COMMON_STARTS or plain in NOT_LOWER_NAMES or never_a_name(word.split(",")[0]):
            return
        if given_name(word) or plain.split(",")[0] not in COMMON_WORDS:
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))

    if ", " in text:
        for match in APPOSITIVE_KIN.finditer(text):
            add(match)
    if ":" in text and "." in text:
        for match in ROLE_SURNAME_INITIAL.finditer(text):
            add(match)
    if ". " in text:
        for match in RELATION_THEN_NAME.finditer(text):
            add(match)
    if any(word in lowered for word in ("btw", "here", "again")):
        for match in SENDER_AFTER.finditer(text):
            add(match)
    return spans
