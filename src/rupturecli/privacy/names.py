"""Capitalised names: after a title, a relation or "called"; in a form's name field; beside the same name in
Chinese, Japanese or Korean script; as a speaker label; and capitalised words inside a sentence that are not on
a list of ordinary capitalised words (at a sentence's start only with a cue: a verb a person does, a given name)."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.parsing.labels import normalise_label
from rupturecli.privacy.place_words import NOT_PLACES
from rupturecli.privacy.prefilter import REQUIRED_WORDS, matches, require
from rupturecli.privacy.spans import Span
from rupturecli.privacy.words import (
    MONTHS_AS_NAMES,
    NAME_VERBS,
    ORDINARY_ENDINGS,
    ORG_WORDS,
    RELATION_WORDS,
    RELATIONS,
    ROLE_LABELS,
    STARTER_NAME_NEXT,
    VERBS_AFTER_UNKNOWN,
    WEAK_NAME_VERBS,
    given_name,
    never_a_name,
)

NAME_TOKEN = r"(?:\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?|\p{Lu}['’]\p{Lu}\p{Ll}+)(?:-\p{L}\p{Ll}+)?"  # Min-jun too
TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}_'’@.-]){NAME_TOKEN}(?![\p{{L}}\p{{N}}_@-])")
TITLE_NAME = regex.compile(
    rf"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Father|Fr|Rev|Reverend|Dame|Judge|"
    rf"Señor|Señora|Sr|Sra|Don|Doña|Dona|Seu|Signor|Signora|Sig|Herr|Frau|Mme|Madame|Monsieur|"
    rf"Officer|PC|DC|Sgt|Sergeant|Inspector|Councillor|Cllr)\.?[ \t]+"
    # a name, initials and a surname ("Dr K. Vermeulen", "Dr J.R. Oduya"), or an initial alone
    rf"(?P<name>(?:\p{{Lu}}\.[ \t]*){{1,2}}{NAME_TOKEN}|{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}}|"
    rf"\p{{Lu}}\.?(?![\p{{L}}]))"
)
RELATION_NAME = regex.compile(
    rf"(?i:\b(?:my|his|her|their|our|your|client's|a|the)\s+(?:(?:late|ex|older|younger|elder|big|little|baby|"
    rf"eldest|youngest|twin|new|old|best|step|half|former)[- ]?)*(?:{RELATIONS})(?:,\s*|\s+)"
    rf"(?:(?:called|named)\s+)?)(?P<name>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN})?)"
)
# A name in Chinese, Japanese or Korean script in brackets beside the same name in Latin letters: "Li Ming (李明)",
# "李明 (Li Ming)"
CJK_LETTER = r"[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]"
CJK_NAME = rf"{CJK_LETTER}{{1,5}}(?:[ \t\u3000·・]{CJK_LETTER}{{1,5}})?"
SCRIPT_BESIDE_NAME = regex.compile(
    rf"(?P<latin>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}})[ \t]*[(（][ \t]*(?P<script>{CJK_NAME})[ \t]*[)）]|"
    rf"(?<![\p{{Han}}\p{{Hangul}}\p{{Hiragana}}\p{{Katakana}}])(?P<script>{CJK_NAME})[ \t]*[(（][ \t]*"
    rf"(?P<latin>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}})[ \t]*[)）]")
NUMBER_AFTER = regex.compile(r"[ \t]+(?:\d|[A-Z]\b(?![.'’]))")  # "Room 214", "Wing F"
NUMBER_LABEL_AFTER = regex.compile(r"\.?(?:[ \t]+|-)(?:No|Nr|Nº|N°|Num|#)\.?[ \t]*[:#]?[ \t]*[\dA-Z]")
AND_NAME = regex.compile(rf"\s+and\s+({NAME_TOKEN})\b")  # "Mazza and Priya came over"
# A form's name field: "Name: ...", "Client name: ...", "Nome: ...", "Nachname, Vorname: Oberhuber, Wiltrud",
# "氏名：..."
NAME_LABEL = (r"(?:(?:client|patient|full|first|last|family|given|sur)[ \t]*name|name|vorname|nachname|"
              r"nome(?:[ \t]+completo)?|cognome(?:[ \t]+e[ \t]+nome)?|nombre(?:[ \t]+completo)?|apellidos?|nom|"
              r"prénom|naam|namn|nimi|imię(?:[ \t]+i[ \t]+nazwisko)?|nazwisko|"
              # roles and contacts whose field holds a name (eighth round): "Contactpersoon: ...", "Guardian: ..."
              r"patient|pt|client|paciente|utente|pacjent(?:ka)?|patiënt|cliënt|klient(?:in)?|asiakas|potilas|"
              r"contact(?:[ \t]*person)?|contactpersoon|emergency[ \t]+contact|next[ \t]+of[ \t]+kin|guardian|parent|"
              r"carer|ouder|verzorger|referred[ \t]+by|referrer|gp|pårørende|angehörige[rn]?)")
FORM_NAME = regex.compile(
    rf"(?im:^[ \t]*{NAME_LABEL}(?:[ \t]*[,/][ \t]*{NAME_LABEL})?[ \t]*[:：][ \t]*)"
    r"(?P<name>[\p{L}'’.-]+(?:(?:,[ \t]*|[ \t]+)[\p{L}'’.-]+){0,5})"
    # to the line's end, a bracketed romanisation ("山田 花子 (Hanako Yamada)") or a wide gap before the next field
    r"(?:[ \t]*(?:[(（][^()（）\n]{1,40}[)）][ \t]*)?(?m:$)|(?=[ \t]{2,}\p{Lu}[\p{L}.]*[ \t]*:))"
    r"|(?m:(?:氏名|名前|お名前)[ \t]*[:：][ \t\u3000]*(?P<name>[\p{Han}\p{Hiragana}\p{Katakana}]+"
    r"(?:[ \t\u3000]+[\p{Han}\p{Hiragana}\p{Katakana}]+)?))")
LOWER_AFTER = regex.compile(r"[ \t]+(\p{Ll}+)\b")
DETERMINER_BEFORE = regex.compile(r"(?i:\b(?:the|a|an)[ \t]+)$")
CALLED_NAME = regex.compile(rf"(?i:\b(?:called|named|name is|name's|se llama|se llamaba|me llamo|si chiama|"
                            rf"mi chiamo|s['’]appelle|heißt|hieß|se chama|chama-se|chamava-se|heet)\s+|"
                            rf"\bprefers\s+(?=['‘\"“]\p{{Lu}}))['‘\"“]?"
                            rf"(?P<name>{NAME_TOKEN})")  # "(prefers 'Mimi')": a preferred name in quotes
# A name as a document gives it, after "name as on passport:" and the like, its surname perhaps in capitals and
# before a comma: "Name as shown on passport: OKAFOR, Chidinma Adaeze"
NAME_AS_ON = regex.compile(
    r"(?i:\bname(?:[ \t]+(?:as|on|in|shown|written|printed|appears|given|exactly|the|your|my|his|her|their|passport|"
    r"id|card|document|form|record|licence|license|birth|certificate|visa)){1,5}[ \t]*[:：][ \t]*)"
    rf"(?P<name>\p{{Lu}}{{2,}}(?:[ \t-]\p{{Lu}}{{2,}})?,[ \t]*{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}}|"
    rf"{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,3}})")
PARTICLES = r"(?:de|da|di|do|dos|das|del|della|van|von|der|den|la|le|bin|al|el|ter|du|Ó|Ua|Uí)"  # "Niall Ó Ceallaigh"
HAS_DONE = regex.compile(r"['’]s[ \t]+(?:been|got|gone|had|moved|left|never|always|just|still)\b")  # "Ottilie's been"
PERSON_AFTER_IS = regex.compile(r"[ \t]+(?:is|was|'s|’s)[ \t]+(?:my|our|his|her|their|your)\b")
RELATION_IN_BRACKETS = regex.compile(rf"[ \t]*\((?i:{RELATIONS})\)")

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({
    RELATION_NAME: RELATION_WORDS,
    TITLE_NAME: "dr doctor mr mrs ms miss mx prof nurse sister matron father fr rev dame judge señor señora sr sra "
                "herr frau mme don doña dona seu signor sig madame monsieur officer pc dc sgt sergeant inspector "
                "councillor cllr".split(),
    NAME_AS_ON: ("name",),
    CALLED_NAME: ("called", "named", "name", "prefers", "llam", "chiam", "appelle", "heißt", "hieß", "chama", "heet"),
    FORM_NAME: "name nome nombre nom naam namn nimi imię nazwisko apellido 氏名 名前 patient pt client paciente utente "
               "pacjent patiënt cliënt klient asiakas potilas contact kin guardian parent carer ouder verzorger "
               "referred referrer gp pårørende angehörige".split(),
})


def capitalised_names(text: str, present: frozenset[str]) -> list[Span]:
    """Names written with a capital (or in CJK script), found by their cues and by capitalised words."""
    return [*_cued_capitalised(text, present), *_script_names(text), *_form_field_names(text, present),
            *_capitalised_words(text)]


def _cued_capitalised(text: str, present: frozenset[str]) -> list[Span]:
    """A name after a title ("Dr K. Vermeulen"), a relation ("my son Jamie") or "called"."""
    spans: list[Span] = []
    for pattern in (TITLE_NAME, RELATION_NAME, CALLED_NAME, NAME_AS_ON):
        for match in matches(pattern, text, present):
            words = [word for word in regex.finditer(r"\S+", match.group("name"))]
            kept = [word for word in words if not never_a_name(word.group(0).rstrip("."))
                    or pattern is TITLE_NAME and len(word.group(0).rstrip(".")) == 1
                    or pattern is RELATION_NAME and word.group(0).lower() in MONTHS_AS_NAMES]  # "my sister May"
            if kept and kept[0].start() == 0:
                start = match.start("name")
                spans.append(Span(start, start + kept[-1].end(), "NAME"))
    return spans


def _script_names(text: str) -> list[Span]:
    """A name in CJK script beside the same name in Latin letters: "Li Ming (李明)"."""
    spans: list[Span] = []
    for match in SCRIPT_BESIDE_NAME.finditer(text) if "(" in text or "（" in text else ():
        if not any(never_a_name(word) for word in match.group("latin").split()):
            spans.append(Span(match.start("script"), match.end("script"), "NAME"))
    return spans


def _form_field_names(text: str, present: frozenset[str]) -> list[Span]:
    """The value of a form's name field when every word of it may be part of a name."""
    spans: list[Span] = []
    for match in _form_names(text, present) if ":" in text or "：" in text else ():
        value = match.group("name")
        words = [word for word in regex.split(r"[ \t,\u3000]+", value) if word]
        if all(word[:1].isupper() or regex.fullmatch(PARTICLES, word) or not word[:1].isalpha() or
               regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}]", word) for word in words) and not any(
                never_a_name(word.rstrip(".")) for word in words):
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    return spans


# A line that starts with a speaker's (or a field's) label: "Leilani: ...", "Dr Okafor: ..."
LABEL_LINE = regex.compile(r"(?m:^[ \t]*\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,2}[ \t]*:)")
# How a long ordinary noun that heads a message ends ("Announcement:", "Supervisor:", "Attachment:"), not most names
# (a shorter word so ending may be one: "Amber:", "Esther:", "Grant:")
HEADING_ENDINGS = ("er", "or", "al", "ant", "ent", "ion", "ment", "ure", "sis", "ing")  # not "Clarence", "Rosemary"
# A condition named after someone: "Hodgkin's lymphoma", "Crohn's", "Down syndrome"
EPONYM_AFTER = regex.compile(r"(?:['’]s)?[ \t]+(?i:disease|syndrome|disorder|palsy|lymphoma|phenomenon|sign|"
                             r"test|scale)\b|(?<=\b(?i:alzheimer|parkinson|huntington|crohn|asperger|tourette|"
                             r"hashimoto|hodgkin|raynaud|meniere|ménière))['’]s\b")


def _form_names(text: str, present: frozenset[str]) -> Iterable[regex.Match[str]]:
    """FORM_NAME's matches: tried at each line's start only (its labels begin a line), unless a Japanese label,
    which may stand anywhere, is present. Only for speed: the matches are the same."""
    if "氏名" in present or "名前" in present:
        return matches(FORM_NAME, text, present)
    if REQUIRED_WORDS[FORM_NAME] and present.isdisjoint(REQUIRED_WORDS[FORM_NAME]):
        return ()
    starts = [0, *(match.end() for match in regex.finditer(r"\n", text))]
    return [match for start in starts if (match := FORM_NAME.match(text, start))]


def _capitalised_words(text: str) -> list[Span]:
    """Runs of capitalised words that are not an organisation's, a place's or a thing's name; the first word of a
    sentence only with a cue."""
    spans: list[Span] = []
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
        after = LOWER_AFTER.match(text, run[-1].end())
        if after and after.group(1) in ORG_WORDS:
            continue  # "Willow ward", "Riverside practice": a place named like a person
        if NUMBER_LABEL_AFTER.match(text, run[-1].end()):
            continue  # "Ward No. 12", "Kto.-Nr. 55": the label of a number, not a person
        if NUMBER_AFTER.match(text, run[-1].end()) and all(
                word.lower() in COMMON_WORDS or word.lower() in NOT_PLACES for word in words):
            continue  # "Room 214", "Level 3", "Seminar Room 2", "Summer 2021": a place or a time, not a person
        if DETERMINER_BEFORE.search(text[max(0, first.start() - 4):first.start()]):
            continue  # "the Hulk", "a Cost-Benefit Analysis": a thing or a title, not a person
        at_start = _sentence_start(text, first.start())
        if len(run) == 1 and _is_label(text, first.end()):
            if (not never_a_name(first.group(0)) and normalise_label(first.group(0)) not in ROLE_LABELS
                    and _speaker_label(text, first.group(0))):
                spans.append(Span(first.start(), first.end(), "NAME"))
            continue
        for position, token in enumerate(run):
            word = token.group(0)
            if never_a_name(word) or EPONYM_AFTER.match(text, token.end()):
                continue
            if position == 0 and at_start and not _sentence_opener_is_name(text, token, run):
                continue
            spans.append(Span(token.start(), token.end(), "NAME"))
    return spans


def _sentence_opener_is_name(text: str, token: regex.Match[str], run: list[regex.Match[str]]) -> bool:
    """A capitalised word that starts a sentence is a name with a cue: other names after it, a verb a person does,
    the given-names list, "and I", a relation in brackets, or a speaker label's colon."""
    word = token.group(0)
    follows = text[token.end():token.end() + 30]
    next_word = regex.match(r"(?:['’]s\b|\s+(\S+))", follows)
    later_names = [other for other in run[1:] if not never_a_name(other.group(0))]
    following = (next_word.group(1) or "").lower().strip(",.") if next_word else ""
    verb = following in NAME_VERBS or (following in WEAK_NAME_VERBS | STARTER_NAME_NEXT
                                       and not word.lower().endswith(ORDINARY_ENDINGS))
    given = given_name(word)
    # a word our texts never use, then a verb or "is my": "Aigerim is my flatmate"
    verb = verb or (word.lower() not in COMMON_WORDS
                    and not word.lower().endswith((*ORDINARY_ENDINGS, "ism", "ity", "ia", "itis"))
                    and (following in VERBS_AFTER_UNKNOWN | {"has", "had"} or bool(PERSON_AFTER_IS.match(follows))
                         or bool(HAS_DONE.match(follows))))
    with_me = bool(regex.match(r"\s+and\s+(?:I|me|my)\b", follows))  # "Amara and I"
    # "Mazza and Priya came over": a word our texts never use, and a name after "and"
    other = AND_NAME.match(follows) if word.lower() not in COMMON_WORDS else None
    with_me = with_me or bool(other and word.lower() not in COMMON_WORDS and not never_a_name(other.group(1))
                              and not word.lower().endswith(ORDINARY_ENDINGS))
    related = bool(RELATION_IN_BRACKETS.match(text, token.end()))  # "Bazza (brother)"
    return bool(later_names or verb or given or with_me or related or _is_label(text, token.end()))


def _sentence_start(text: str, position: int) -> bool:
    """True at a sentence boundary or just inside an opening quote ('said "Forty pounds..."')."""
    index = position - 1
    while index >= 0 and text[index] in " \t\"'“‘(([-–—*•¿¡":
        if text[index] in "\"'“‘" and (index == 0 or text[index - 1] in " \t\n(["):
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:…\n\r"


def _speaker_label(text: str, word: str) -> bool:
    """A one-word label is a speaker's when it is a given name or another line of the text starts with a label too
    (a dialogue); alone, it heads a message or a form's field ("Announcement: ...", "Supervisor: ...")."""
    lowered = word.lower()
    heading = lowered in COMMON_WORDS or (len(lowered) >= 8 and lowered.endswith(HEADING_ENDINGS))
    return given_name(word) or not heading or len(LABEL_LINE.findall(text)) >= 2


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
