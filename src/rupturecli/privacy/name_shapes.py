"""Names found by the fifteenth round's cues: a title and name written in capitals ("MRS. ILSABET QUARRIE"), a name
addressed at the start of a turn ("Bjørn, can I ..."), a capitalised name before "'s" opening a sentence, and a
lower-case name set off by commas after "a mate from school" or "a friend", a name in Japanese script."""

from __future__ import annotations

import re

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.spans import Span
from rupturecli.privacy.words import (
    COMMON_STARTS,
    KIN_WORDS,
    NOT_LOWER_NAMES,
    ORDINARY_ENDINGS,
    given_name,
    never_a_name,
    unknown_word,
)

# A title in capitals, then one to three words in capitals: a letter's or a form's shouting case
CAPITAL_TITLE_NAME = regex.compile(r"\b(?:MR|MRS|MS|MISS|MX|DR|PROF|SR|SRA)\.?[ \t]+"
                                   r"(?P<name>\p{Lu}{2,}(?:[-'’]\p{Lu}+)?(?:[ \t]+\p{Lu}{2,}(?:[-'’]\p{Lu}+)?){0,2})\b")
# A name said to the person at the start of a turn or a line, then a question or a request: "Bjørn, can I ..."
ADDRESSED_AT_START = regex.compile(
    r"(?:^|\n)(?:[^\n:]{1,20}:[ \t]*)?(?P<name>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?),[ \t]+"
    r"(?=(?i:can|could|would|will|do|did|are|have|how|what|when|where|why|you|let['’]s|thanks|thank|"
    r"please|tell|sorry|listen|remember)\b)")  # not "I" or "is": "Calm, I think", "Fine, is it?"
# A capitalised name before "'s" as a sentence's first word: "Tavita's been ...", "T: Halldis's mum ..."
POSSESSIVE_AT_START = regex.compile(r"(?:^|[.!?][ \t]+|\n(?:[^\n:]{1,20}:[ \t]*)?)(?P<name>\p{Lu}\p{Ll}{2,})['’]s\b")
# A lower-case name set off by commas after the person it names: "a mate from school, saoirse, ..."
SET_OFF_PERSON = regex.compile(
    r"(?i:\b(?:guy|girl|bloke|lad|man|woman|friend|mate|colleague|neighbou?r|boyfriend|girlfriend|kid)"
    r"(?:[ \t]+(?:from|at)[ \t]+(?:work|school|uni|college|church|the[ \t]+gym|next[ \t]+door))?),[ \t]+"
    r"(?P<name>\p{Ll}{2,}(?:-\p{Ll}+)?),")


# A name in Japanese script: before an honorific ("佐藤さん", "田中先生"), or after the word for a name ("氏名：...")
JAPANESE_NAME = regex.compile(r"(?P<name>[\p{Han}\p{Katakana}]{1,6})(?=さん|様|さま|くん|君|ちゃん|先生|氏(?![名])|殿)|"
                              r"(?:氏名|名前|患者名|名)[はが]?[：:　 ]*(?P<name>[\p{Han}\p{Katakana}・]{2,8})|"
                              # ... or said to be a relation's: "母は...です" (my mother is ...)
                              r"(?:母|父|妻|夫|姉|妹|兄|弟|息子|娘|祖母|祖父)は(?P<name>[\p{Han}\p{Katakana}]{2,6})(?=です|といいます)")


NOUN_ENDINGS = (*ORDINARY_ENDINGS, "er", "ers", "ity", "ism", "ure", "age", "ance", "ence", "ship", "hood")


# (quick tests of whether a text may hold a match: only for speed)
CAPITAL_TITLES = re.compile("MR|MS|MX|DR|PROF|SR")
SET_OFF_WORDS = regex.compile(r"(?i:guy|girl|bloke|lad|man|woman|friend|mate|colleague|neighbo|kid)")


def _not_a_word(word: str) -> bool:
    """A given name, or a word our texts never use that is no heading, month, sentence opener or kin word (nor
    "whoever")."""
    plain = word.lower()
    if plain in NOT_LOWER_NAMES or plain in COMMON_STARTS or plain in KIN_WORDS or never_a_name(word) or (
            plain.endswith("ever")):
        return False
    # a noun's ending on a word off the names list is a thing's ("Heater's off again"), not a person's
    return given_name(word) or plain not in COMMON_WORDS and not plain.endswith(NOUN_ENDINGS)


def shaped_names(text: str) -> list[Span]:
    """Names found by the fifteenth round's cues (see CAPITAL_TITLE_NAME to SET_OFF_PERSON)."""
    spans: list[Span] = []
    for match in CAPITAL_TITLE_NAME.finditer(text) if CAPITAL_TITLES.search(text) else ():
        words = list(regex.finditer(r"\S+", match.group("name")))
        kept = 0
        for word in words:
            if not _not_a_word(word.group(0)):
                break
            kept += 1
        if kept:
            spans.append(Span(match.start("name"), match.start("name") + words[kept - 1].end(), "NAME"))
    if ", " in text:
        for match in ADDRESSED_AT_START.finditer(text):
            if _not_a_word(match.group("name")):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
        for match in SET_OFF_PERSON.finditer(text) if SET_OFF_WORDS.search(text) else ():
            word = match.group("name")
            if word not in NOT_LOWER_NAMES and (given_name(word) or unknown_word(word)):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if not text.isascii():
        spans += [Span(match.start("name"), match.end("name"), "NAME") for match in JAPANESE_NAME.finditer(text)]
    if "'s" in text or "’s" in text:
        for match in POSSESSIVE_AT_START.finditer(text):
            if _not_a_word(match.group("name")):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    return spans
