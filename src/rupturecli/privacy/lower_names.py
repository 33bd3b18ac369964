"""Names written in lower case, as people type them: after a relation ("my sister aoife"), a title ("dr
mcallister") or a cue ("i texted aroha", "tamsin's flat", "what tavita said"), a given name in lower case ("i told
callum"), and a word joined by "and" to a name ("sadia and mehreen")."""

from __future__ import annotations

import regex

from rupturecli.parsing.given_names import GIVEN_NAMES
from rupturecli.privacy.prefilter import matches, require
from rupturecli.privacy.spans import Span
from rupturecli.privacy.words import (
    CHAT_WORDS,
    DETERMINER_WORD,
    KIN_WORDS,
    LOWER_CASE_WORDS,
    LOWER_NAME_NEXT,
    NAME_VERBS,
    NOT_IN_LIST,
    NOT_LOWER_NAMES,
    NOT_NAMES,
    ORDINARY_ENDINGS,
    PERSON_VERBS,
    RELATION_WORDS,
    RELATIONS,
    WEAK_NAME_VERBS,
    given_name,
    unknown_word,
)

RELATION_LOWER = regex.compile(  # "her friend sarah": only names on the given-names list
    rf"(?i:\b(?:my|his|her|their|our|your)\s+(?:(?:best|little|older|younger|big|ex)[- ]?)?(?:{RELATIONS})(?:,\s*|\s+))"
    r"(?P<name>\p{Ll}+)\b"
)
LOWER_NAME = r"\p{Ll}[\p{Ll}'’]+(?:-\p{Ll}+)?"
TITLE_LOWER = regex.compile(  # "dr mcallister", "dr niamh mac giolla phádraig": a title, then lower-case words
    rf"(?i:\b(?:dr|mr|mrs|ms|mx|prof)\.?[ \t]+)(?P<name>{LOWER_NAME}"
    rf"(?:[ \t]+{LOWER_NAME}){{0,3}})")
RELATION_ANY = regex.compile(  # "my sister aoife keeps...", "my wife mei-ling says"
    rf"(?i:\b(?:(?:my|his|her|their|our|your)\s+)?(?:(?:best|little|older|younger|big|ex|late)[- ]?)?(?:{RELATIONS})"
    rf"(?:,\s*|\s+|\s*\(\s*))(?P<name>{LOWER_NAME})(?=\)|,?\s+(?P<next>[\p{{L}}']+)|[.,;:!?]|$)"
)
APPOSITIVE_SURNAME = regex.compile(rf"[ \t]+(?P<surname>{LOWER_NAME})(?=,)")  # the surname, then a comma
ME_AND = regex.compile(rf"(?i:\b(?:me|i)\s+and\s+)(?P<name>{LOWER_NAME})\b")  # "just me and bex"
# Cues that follow a lower-case name (the name is the word just before them, found by looking back from the
# cue, which is quicker than trying every word): "just kwabena and me", "jarrah and i split up" (not "1500
# euros and I paid": the word before the name must start a clause or be "just", "with"...)
AND_ME = regex.compile(r"[ \t]+and[ \t]+(?:me|i|I)\b")
AND_ME_BEFORE = regex.compile(
    r"(?:[.!?:;,\"“(][ \t]{0,3}|\b(?i:just|only|with|was|were|both|then|so|but|it['’]s|that['’]s)[ \t])$")
WORD_BEFORE = regex.compile(rf"(?<![\p{{L}}'’-])(?P<name>{LOWER_NAME})$")
# A person is who you contact, meet or fall out with: "i texted aroha", "met up with sione", "told farhan"
CONTACT_LOWER = regex.compile(
    r"(?i:\b(?:told|texted|rang|phoned|messaged|emailed|visited|hugged|blocked|unblocked|invited|married|dumped|"
    r"thanked|forgave|(?:meet|met|meeting|catch|caught|hang|hung|split|broke|make|made)[ \t]+up[ \t]+with|"
    r"(?:went|going|go)[ \t]+out[ \t]+with|(?:living|lives|lived|staying|stayed|stays)[ \t]+with|"
    r"(?:moved|moving|move|moves)[ \t]+in[ \t]+with)[ \t]+)"
    rf"(?P<name>{LOWER_NAME})(?![\p{{L}}'’-])")
# ...whose house, birthday or mum it is: "tamsin's flat", "koa's birthday"
POSSESSIVE_LOWER = regex.compile(rf"['’]s[ \t]+(?:(?:{RELATIONS}|house|place|flat|home|party|birthday|wedding|"
                                  r"funeral|kids|children|parents|family)\b)")
WORD_BEFORE_POSSESSIVE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{2,}(?:-\p{Ll}+)?)$")
# ...and who says and does things: "what tavita said", "so ngaio texted"
SAYS_LOWER = regex.compile(r",?[ \t]+(?:said|says|told|tells|texted|rang|phoned|messaged|emailed|reckons|shouted|"
                           r"yelled|replied|promised|admitted|asked)\b")
CALLED_LOWER = regex.compile(  # a person's name, not a thing's: "he's called pieter", not "it's called nicotinic"
    rf"(?i:\b(?:(?:he|she|they|who)(?:['’]s|\s+is|\s+was|\s+are|['’]re)\s+called|"
    rf"(?:calls?|called)\s+(?:me|him|her|them)|known\s+as|(?:go|goes|going|went)\s+by|"
    rf"(?P<named>named|nicknamed|name is|"
    rf"name's|name was))\s+)"
    rf"(?P<name>{LOWER_NAME})\b")
OR_NAME = regex.compile(rf",?[ \t]+or[ \t]+(?P<name>{LOWER_NAME})\b")  # a second name the person goes by
# A lower-case word at the start of a sentence or after a speaker label, then a verb a person does
SENTENCE_START_LOWER = regex.compile(r"(?:^|[.!?][ \t]+|\n|:[ \t]+)(?P<name>\p{Ll}{2,})[ \t]+(?P<verb>\p{Ll}+)\b")
# ...or starts a clause after a comma or a joining word: "then kaison showed up", "after six, koralie checks ..."
CLAUSE_START_LOWER = regex.compile(r"(?:,[ \t]+|\b(?:then|when|until|because|cos|coz|before|after)[ \t]+)"
                                   r"(?!(?:then|when|until|because|cos|coz|before|after)\b)"
                                   r"(?P<name>\p{Ll}{2,})[ \t]+(?P<verb>\p{Ll}+)\b")
CLAUSE_VERBS = PERSON_VERBS | frozenset("checks checked turned arrived arrives showed shows picked picks".split())
# A name asked about by its relation ("is brenlee your sister?"), greeted ("hiya its jazzlyn"), or called at the end
# of a turn ("thanks for telling me, odessia")
IS_RELATION_LOWER = regex.compile(rf"\b(?:is|was|isn['’]t)[ \t]+(?P<name>{LOWER_NAME})[ \t]+(?:your|his|her|their|my)"
                                  rf"[ \t]+(?:(?:best|little|older|younger|big|ex)[- ]?)?(?:{RELATIONS})\b")
GREETING_LOWER = regex.compile(rf"(?i:\b(?:hey|hi|hiya|hello|heya)\b[ \t,!]*(?:it['’]?s|its|this[ \t]+is|me[ \t,]+))"
                               rf"[ \t]*(?P<name>{LOWER_NAME})(?![\p{{L}}'’-])")
VOCATIVE_LOWER = regex.compile(r"(?m),[ \t]+(?P<name>\p{Ll}{2,})[ \t]*[.!?]*[ \t]*$")
# Kinship honorifics said after a name in South Asian and Filipino families: "harjit mama", "ritu didi"
NAME_BEFORE_HONORIFIC = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{3,})[ \t]+(?:didi|bhaiya|bhai|bhaji|mama|mami|"
                                      r"chacha|chachi|masi|mausi|massi|nani|dadi|ji|bhabhi|akka|kuya|tita|tito)\b")
# A nickname spelled out by a given name: "gaz as in gary"
AS_IN_NAME = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{L}{2,}),?[ \t]+(?i:as[ \t]+in)[ \t]+(?P<given>\p{L}+)\b")
# A lower-case word on its own: not inside an email, a number or a longer word
LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}_'’@.-])\p{Ll}{2,}(?![\p{L}\p{N}_@-]|['’]\p{L}{2})")
# A lower-case word joined by "and" to a name, after it or before it
AND_WORD_AFTER = regex.compile(r"[ \t]+and[ \t]+(?P<nick>(?:big|little|lil|wee|young|old)[ \t]+)?"
                            r"(?P<name>\p{Ll}{2,})(?![\p{L}'’-])")  # "tash and big dunc"
AND_WORD_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{2,})[ \t]+and[ \t]+$")

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({
    RELATION_LOWER: RELATION_WORDS,
    RELATION_ANY: RELATION_WORDS,
    TITLE_LOWER: ("dr", "mr", "ms", "mx", "prof"),  # "mrs" holds "mr"
    NAME_BEFORE_HONORIFIC: "didi bhaiya bhai bhaji mama mami chacha chachi masi mausi massi nani dadi ji bhabhi akka "
                           "kuya tita tito".split(),
    ME_AND: ("and",), AND_ME: ("and",), CALLED_LOWER: ("call", "name", "known", "go", "went"),
    POSSESSIVE_LOWER: ("'s", "’s"),
    CONTACT_LOWER: tuple("told texted rang phoned messaged emailed visited hugged blocked invited married dumped "
                         "thanked forgave with".split()),
    SAYS_LOWER: tuple("said says told tells texted rang phoned messaged emailed reckons shouted yelled replied "
                      "promised admitted asked".split()),
    SENTENCE_START_LOWER: PERSON_VERBS,
    CLAUSE_START_LOWER: CLAUSE_VERBS,
    IS_RELATION_LOWER: RELATION_WORDS,
    GREETING_LOWER: ("hey", "hi", "hello"),
})


def lowercase_cue_names(text: str, present: frozenset[str]) -> list[Span]:
    """Lower-case names found by a relation, a title or a cue before or after them."""
    return [*_relation_names(text, present), *_as_in_names(text), *_cued_words(text, present),
            *_title_names(text, present)]


def _relation_names(text: str, present: frozenset[str]) -> list[Span]:
    """A given name after a relation ("her friend sarah"), or any word we do not know ("my sister aoife")."""
    spans: list[Span] = []
    for match in matches(RELATION_LOWER, text, present):
        if match.group("name") in GIVEN_NAMES:
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for match in matches(RELATION_ANY, text, present):  # an unlisted name: not a word we know, or a verb after it
        word = match.group("name").lower()
        following = (match.group("next") or "").lower()
        owner = regex.match(r"(?i:my|his|her|their|our|your)\s", match.group(0))  # "my sister X": verbs count
        if word not in NOT_LOWER_NAMES and (unknown_word(word) or owner and (
                following in NAME_VERBS or following in WEAK_NAME_VERBS or following in LOWER_NAME_NEXT)):
            surname = APPOSITIVE_SURNAME.match(text, match.end("name"))  # "my uncle, kofi mensah, ..."
            end = surname.end("surname") if surname and unknown_word(surname.group("surname")) and (
                surname.group("surname") not in NOT_LOWER_NAMES) else match.end("name")
            spans.append(Span(match.start("name"), end, "NAME"))
    return spans


def _as_in_names(text: str) -> list[Span]:
    """A nickname spelled out by a given name: "gaz as in gary"."""
    spans: list[Span] = []
    for match in AS_IN_NAME.finditer(text) if "as in" in text.lower() else ():  # "gaz as in gary": a nickname
        if given_name(match.group("given")):
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    return spans


def _cued_words(text: str, present: frozenset[str]) -> list[Span]:
    """A lower-case word with a cue before or after it ("me and bex", "told farhan", "tamsin's flat", "what
    tavita said", "dwayne stopped coming", "ritu didi") that is a given name or no word our texts use."""
    spans: list[Span] = []
    candidates: list[tuple[int, int, bool]] = []  # a lower-case word with a cue: start, end, any word will do
    for pattern in (ME_AND, CALLED_LOWER, CONTACT_LOWER):
        for match in matches(pattern, text, present):
            named = pattern is CALLED_LOWER and bool(match.group("named"))  # "her name is hope"
            candidates.append((match.start("name"), match.end("name"), named))
            if pattern is CALLED_LOWER and (other := OR_NAME.match(text, match.end("name"))):
                candidates.append((other.start("name"), other.end("name"), named))  # "call me tobi, or tobs"
    for pattern in (AND_ME, SAYS_LOWER, POSSESSIVE_LOWER):
        before = WORD_BEFORE_POSSESSIVE if pattern is POSSESSIVE_LOWER else WORD_BEFORE
        for match in matches(pattern, text, present):
            word = before.search(text, max(0, match.start() - 60), match.start())
            if not word:
                continue
            start = word.start("name")
            if text[match.start()] == "," and not text[max(0, start - 4):start].rstrip(" \t").endswith(","):
                continue  # "..., tovah, said": between commas, not "feels unseen, says"
            if pattern is AND_ME and not (start == 0 or AND_ME_BEFORE.search(text, max(0, start - 20), start)):
                continue
            if pattern is not AND_ME and DETERMINER_WORD.search(text, max(0, start - 8), start):
                continue  # "the nurse said", "my gp's house": a role, not a name
            candidates.append((start, word.end("name"), False))
    for match in matches(SENTENCE_START_LOWER, text, present):  # "dwayne stopped coming", "kayden shares a room"
        word = match.group("name")
        if match.group("verb") in PERSON_VERBS and word not in CHAT_WORDS | NOT_NAMES and not word.endswith(
                (*ORDINARY_ENDINGS, "ism", "ity", "ia", "itis", "ine", "am", "ol")):  # not "meditation helped"
            candidates.append((match.start("name"), match.end("name"), False))
    for match in matches(CLAUSE_START_LOWER, text, present):  # "then kaison showed up"
        word = match.group("name")
        if match.group("verb") in CLAUSE_VERBS and word not in CHAT_WORDS | NOT_NAMES and not word.endswith(
                (*ORDINARY_ENDINGS, "ism", "ity", "ia", "itis", "ine", "am", "ol")):
            candidates.append((match.start("name"), match.end("name"), False))
    for pattern in (IS_RELATION_LOWER, GREETING_LOWER, VOCATIVE_LOWER):
        for match in matches(pattern, text, present):
            if match.group("name") not in CHAT_WORDS | NOT_NAMES | NOT_LOWER_NAMES:
                candidates.append((match.start("name"), match.end("name"), False))
    for match in matches(NAME_BEFORE_HONORIFIC, text, present):  # "harjit mama", "ritu didi"
        if match.group("name") not in KIN_WORDS and not DETERMINER_WORD.search(text, max(0, match.start() - 8),
                                                                                match.start()):
            candidates.append((match.start("name"), match.end("name"), False))
    for start, end, named in candidates:
        word = text[start:end].lower()
        if named and word not in NOT_LOWER_NAMES or unknown_word(word) or given_name(word):
            spans.append(Span(start, end, "NAME"))
    return spans


def _title_names(text: str, present: frozenset[str]) -> list[Span]:
    """Lower-case words after a title, up to a word that is no name ("dr mcallister said")."""
    spans: list[Span] = []
    for match in matches(TITLE_LOWER, text, present):
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
    return spans


def coordinated_names(text: str, spans: list[Span]) -> list[Span]:
    """A lower-case word joined by "and" to a lower-case name is a name too ("sadia and mehreen"), when it is a
    given name or no word our texts use (and has no plural's or a noun's ending)."""
    found: list[Span] = []
    for span in spans:
        if span.kind != "NAME" or not text[span.start:span.end].islower():
            continue  # a lower-case name: "Tuesday and invites" is no pair of names
        after = AND_WORD_AFTER.match(text, span.end)
        before = AND_WORD_BEFORE.search(text, max(0, span.start - 40), span.start)
        for match in (after, before):
            word = match.group("name") if match else ""
            nick = match is not None and match.groupdict().get("nick") is not None
            if match and word not in NOT_LOWER_NAMES and (given_name(word) or (unknown_word(word) or nick and not (
                    word in NOT_IN_LIST or regex.fullmatch(RELATIONS, word) or word.endswith(("ing", "ed", "ly"))))
                    and not word.endswith(("s", "ion", "al", "ity", "ment"))):
                found.append(Span(match.start("name"), match.end("name"), "NAME"))
    return found


def lower_case_names(text: str) -> list[Span]:
    """A common given name written in lower case ("i told callum"), unless it is also an everyday word."""
    return [Span(match.start(), match.end(), "NAME") for match in LOWER_WORD.finditer(text)
            if given_name(match.group(0)) and match.group(0) not in LOWER_CASE_WORDS]
