"""Emails, written ("m.okonjo@example.org") or read out ("jonno88 at example dot com")."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.words import (
    COMMON_STARTS,
    DETERMINER_WORD,
    NOT_LOWER_NAMES,
    ORDINARY_ENDINGS,
    given_name,
)

# Possessive: the domain is taken whole and its last label checked in Python, since backtracking for the
# top-level domain is quadratic on a long 'a@a.a.a...' line.
EMAIL = regex.compile(r"(?<![\w.+'’-])[\w.+'’-]+@[\w-]+(?:\.[\w-]+)++")
# ...and with a space beside the @ ("l.voss @ posteo.de"), when the domain ends in a known top-level domain
SPACED_EMAIL = regex.compile(r"(?<![\w.+'’-])[\w.+'’-]*\w(?:[ \t]@[ \t]?|@[ \t])[\w-]+(?:\.[\w-]+)*"
                             r"\.(?P<top>\p{L}{2,})(?![\w.-])|"
                             # ... and its dots spaced too: "l . voss @ posteo . de"
                             r"(?<![\w.+'’-])\w[\w+'’-]*(?:[ \t]?\.[ \t]?\w[\w+'’-]*)*[ \t]@[ \t][\w-]+"
                             r"(?:[ \t]\.[ \t][\w-]+)*[ \t]\.[ \t](?P<top>\p{L}{2,})(?![\w.-])")
# Spoken or obfuscated addresses: "kofi_m at example dot org", "name [at] domain [dot] org". Found
# from the "at" outwards: the domain after it must end in a known top-level domain, and the name before it is
# looked for in the few characters before the "at" (quicker than trying every word).
# ... and in the other languages clinicians write in, whose word for the @ is never an ordinary one ("arroba",
# "arobase", "chiocciola", "Klammeraffe", "apenstaartje", "małpa", "snabel-a", "krøllalfa", German "ät"): those
# count as the bracketed [at] does
AT_WORDS = r"(?i:arroba|arobase|chiocciola|klammeraffe|apenstaartje|apestaartje|ma[łl]pa|snabel-?a|kr[øo]llalfa|ät)"
SPOKEN_AT = regex.compile(rf"(?P<bracket>[ \t]*[\[({{<][ \t]*(?i:at|{AT_WORDS})[ \t]*[\])}}>][ \t]*|"
                          rf",?[ \t]+{AT_WORDS}[ \t]+)|,?[ \t]+(?:at|AT)[ \t]+")
# "dot" in those languages: "punto", "point", "ponto", "Punkt", "punt", "kropka", "punktum", "piste"
DOT_WORDS = r"(?i:dot|punto|point|ponto|punkt|punt|kropka|punktum|piste)"
SPOKEN_DOT = rf"(?:[ \t]*[\[({{<][ \t]*(?i:dot)[ \t]*[\])}}>][ \t]*|[ \t]+{DOT_WORDS}[ \t]+|\.)"
# a webmail host named without its ending ("... at hotmail, the usual one")
MAIL_HOSTS = r"(?i:gmail|googlemail|hotmail|yahoo|outlook|icloud|protonmail|gmx|yandex)"
# (plain words for a quick test of whether a text may hold one, in lower case: only for speed)
AT_LITERALS = re.compile("arroba|arobase|chiocciola|klammeraffe|apenstaartje|apestaartje|małpa|malpa|snabel|"
                         "krøllalfa|krollalfa| ät ")
DOT_LITERALS = re.compile("punto|point|ponto|punkt|punt|kropka|piste|gmail|hotmail|yahoo|outlook|icloud|protonmail|"
                          "gmx|yandex")
# ... any country's two letters (ISO 3166), not only the common ones: "... at centrum dot cz", "... at mailbox dot me"
COUNTRY_DOMAINS = (
    "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd "
    "cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge "
    "gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg "
    "kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu "
    "mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru "
    "rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz "
    "ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw").split()
TOP_LEVEL = (r"(?i:com|org|net|edu|gov|info|biz|app|dev|online|"
             + "|".join(COUNTRY_DOMAINS) + ")")
DOT_TOP_LEVEL = regex.compile(rf"\.{TOP_LEVEL}\b")  # a written domain after a spoken "at": "sam.t at example.com"
# a domain read out may be two words ("harbour bakery dot ie") and its country letters spelled ("dot u k")
# (any country's: "dot s g", "dot m x"), and its words may be joined by a spoken hyphen ("home hyphen net dot n z")
SPELLED_TOP_LEVEL = "(?i:" + "|".join(rf"{pair[0]}[ \t]{pair[1]}" for pair in COUNTRY_DOMAINS) + ")"
DOMAIN_JOIN = rf"(?:{SPOKEN_DOT}|[ \t]+(?i:hyphen|dash)[ \t]+)"
SPOKEN_DOMAIN = regex.compile(rf"[\w-]+(?:{DOMAIN_JOIN}[\w-]+)*{SPOKEN_DOT}(?:{SPELLED_TOP_LEVEL}|{TOP_LEVEL})"
                              rf"(?![\w-])|"
                              rf"[\w-]+(?:[ \t]+[\w-]+)?(?:[ \t]+{DOT_WORDS}[ \t]+[\w-]+)*[ \t]+{DOT_WORDS}[ \t]+"
                              rf"(?:{TOP_LEVEL}|{SPELLED_TOP_LEVEL})(?![\w-])|"
                              rf"{MAIL_HOSTS}(?![\w.-])")
# ... "kasia underscore lis seventy two", "Kasia, underscore, Lis, seven-two" (read back, with commas)
NUMBER_WORD = (r"(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
               r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|double|"
               r"triple)")
# ... and their words for "underscore" and "hyphen" ("guion bajo", "tiret", "Unterstrich", "trattino"...);
# a name spelled out letter by letter ("k a i at ...")
JOIN_WORDS = (r"(?i:underscore|dash|hyphen|period|gui[oó]n(?:[ \t]+bajo)?|tiret(?:[ \t]+bas)?|unterstrich|"
              r"bindestrich|trattino(?:[ \t]+basso)?|underline|streepje|understreck|bindestreck|podkre[śs]lnik|"
              r"my[śs]lnik)")
SPOKEN_JOINER = (rf"(?:,?[ \t]+(?:{JOIN_WORDS}|{DOT_WORDS}),?[ \t]+|,?[ \t]+(?={NUMBER_WORD}\b)|"
                 r"(?<=(?<![\w.+'’-])\w)[ \t](?=\w(?![\w'’]))|"
                 r"[ \t]*[\[({<][ \t]*(?i:dot|underscore|dash)[ \t]*[\])}>][ \t]*|[._+-])")
SPOKEN_NAME = regex.compile(rf"(?<![\w.+'’-])[\w+-]+(?:{SPOKEN_JOINER}[\w+-]+(?:['’]\w+)?)*$")  # "o'hara"
# Words before a spoken address that say it is one: "email me at", "my address is", "send it to"
EMAIL_CUE = regex.compile(r"(?i:\b(?:e-?mail|mail|address|contact|write|send|reach|drop)\b|\b(?:it['’]?s|is)[ \t]*:?"
                          r"[ \t]*$)")


def find_emails(text: str) -> Iterable[tuple[int, int]]:
    """Where each email starts and ends: written ones (their domain ends in a label of two letters or more),
    then spoken or bracketed ones."""
    for match in EMAIL.finditer(text) if "@" in text else ():
        end, labels = match.end(), match.group(0).split("@", 1)[1].split(".")
        while len(labels) > 1 and not (len(labels[-1]) >= 2 and any(c.isalpha() for c in labels[-1])):
            end -= len(labels.pop()) + 1
        if len(labels) > 1:
            yield match.start(), end
    for match in SPACED_EMAIL.finditer(text) if "@" in text else ():
        if DOT_TOP_LEVEL.fullmatch("." + match.group("top")):
            yield match.start(), match.end()
    yield from _spoken_emails(text)


def _spoken_emails(text: str) -> Iterable[tuple[int, int]]:
    """Emails written out in words or with the @ and dots in brackets ("jonno88 AT example DOT com", "m.okonjo
    [at] example [dot] org"). A bracketed [at] is always an email; a spoken " at " needs a name that cannot be
    an ordinary word: one with digits, dots or a spoken joiner ("zed dash 77"), or a word our texts never use
    that follows no article and has no verb's ending ("bexx", not "the leaflet at nhs dot uk" or "scrolling at
    reddit dot com"), or any such word after "email", "send", "it's"... ("send it to rangi at ...")."""
    lowered = text.lower()
    bracket = "[" in text or "(" in text or "{" in text or "<" in text
    if "dot" not in lowered and not (bracket and "at" in lowered) and not (
            " at " in lowered and (DOT_TOP_LEVEL.search(text) or DOT_LITERALS.search(lowered))
    ) and not AT_LITERALS.search(lowered):
        return  # quicker than looking at every " at " of every turn
    for at in SPOKEN_AT.finditer(text):
        domain = SPOKEN_DOMAIN.match(text, at.end())
        name = SPOKEN_NAME.search(text, max(0, at.start() - 80), at.start()) if domain else None
        if not domain or not name:
            continue
        word = name.group(0)
        if not at.group("bracket") and regex.fullmatch(r"\p{L}+", word):
            lowered = word.lower()
            before = text[max(0, name.start() - 40):name.start()]
            if lowered in NOT_LOWER_NAMES or lowered in COMMON_STARTS or DETERMINER_WORD.search(before):
                continue
            ordinary = lowered in COMMON_WORDS or lowered.endswith((*ORDINARY_ENDINGS, "ed")) and not given_name(word)
            if ordinary and not EMAIL_CUE.search(before):
                continue  # "kept scrolling at reddit dot com"
        spelled = [part.lower() for part in regex.findall(r"\p{L}+", word)]
        if not at.group("bracket") and regex.search(r"\s", word) and all(
                regex.fullmatch(NUMBER_WORD, part) or part in COMMON_WORDS or part in NOT_LOWER_NAMES
                or regex.fullmatch(JOIN_WORDS, part) or regex.fullmatch(DOT_WORDS, part) for part in spelled):
            continue  # "lunch for two at nandos dot com": only ordinary words and numbers before the "at"
        yield name.start(), domain.end()
