"""Find the PHI in a text: run every detector, keep the best detection where several overlap, and join a name's
parts.

Hand-written detectors, fully offline: regular expressions for structured identifiers (emails, phones, dates,
addresses, postcodes, record numbers) and heuristics for names (speaker labels and declared names, titles,
"my son X", capitalised words inside a sentence that are not on a list of ordinary capitalised words). This
is a safety net, not a certified de-identification: `rupture privacy evaluate FILE` measures it on labelled
snippets.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

from rupturecli.privacy.addresses import addresses_and_towns, form_addresses, spoken_addresses, street_addresses
from rupturecli.privacy.dates import DATE_PATTERNS, date_end, find_dates
from rupturecli.privacy.emails import find_emails
from rupturecli.privacy.ids import fallback_ids, find_ids, identity_cue
from rupturecli.privacy.known_names import known_name_spans, name_words, name_words_of
from rupturecli.privacy.lower_names import coordinated_names, lower_case_names, lowercase_cue_names
from rupturecli.privacy.name_cues import cued_names
from rupturecli.privacy.name_shapes import shaped_names
from rupturecli.privacy.names import PARTICLES, capitalised_names
from rupturecli.privacy.numbers import DIGIT
from rupturecli.privacy.phones import find_phones, spoken_phones
from rupturecli.privacy.postcodes import find_postcodes, spoken_postcodes
from rupturecli.privacy.prefilter import present_words
from rupturecli.privacy.spans import Kind, Span
from rupturecli.privacy.streets import NAMED_STREET
from rupturecli.privacy.words import unknown_word

# Earlier wins where detections overlap: a keyword-led record number over a phone-shaped number, an address
# over the capitalised words in it.
# A number written with its country code (PHONE_PLUS) wins over the postcode or date shapes inside it.
PRIORITY: dict[str, int] = {"EMAIL": 0, "ADDRESS": 1, "ID": 2, "PHONE_PLUS": 3, "POSTCODE": 4, "DATE": 5,
                            "PHONE": 6, "NAME": 7, "ID_FALLBACK": 8}

# The only patterns that can match a text without a digit: "on Dale Street", "the third of May", "May the
# fifth", "october twenty-second", "oh, the thirteenth?"
WITHOUT_DIGITS = (NAMED_STREET, DATE_PATTERNS[5], DATE_PATTERNS[6], DATE_PATTERNS[17], DATE_PATTERNS[-1])


def _structured_spans(text: str) -> list[tuple[int, Span]]:
    """Every detection of the regular-expression kinds, with its priority."""
    found: list[tuple[int, Span]] = []

    def add(kind: str, start: int, end: int) -> None:
        while end > start and text[end - 1] in " \t,;":
            end -= 1
        if end > start:
            label: Kind = kind.split("_")[0]  # type: ignore[assignment]  # ID_FALLBACK is an ID
            found.append((PRIORITY[kind], Span(start, end, label)))

    for start, end in find_emails(text):
        add("EMAIL", start, end)
    for start, end in spoken_phones(text):
        add("ID" if identity_cue(text, start) else "PHONE", start, end)
    for start, end in spoken_addresses(text):
        add("ADDRESS", start, end)
    for start, end in spoken_postcodes(text):
        add("POSTCODE", start, end)
    if not DIGIT.search(text):  # every other pattern needs a digit (but a form's address field)
        for start, end in form_addresses(text, []):
            add("ADDRESS", start, end)
        for pattern in WITHOUT_DIGITS:
            for match in pattern.finditer(text):
                end = match.end() if pattern is NAMED_STREET else date_end(text, match.end())
                add("ADDRESS" if pattern is NAMED_STREET else "DATE", match.start(), end)
        return found
    present = present_words(text)
    for start, end in find_ids(text):
        add("ID", start, end)
    addresses = street_addresses(text, present)
    for start, end in find_postcodes(text, present, [end for _, end in addresses]):
        add("POSTCODE", start, end)
    for start, end in addresses_and_towns(text, addresses, [span for _, span in found if span.kind == "POSTCODE"]):
        add("ADDRESS", start, end)
    for start, end in find_dates(text, present):
        add("DATE", start, end)
    for kind, start, end in find_phones(text, present):
        add(kind, start, end)
    for start, end in fallback_ids(text):
        add("ID_FALLBACK", start, end)
    return found


_NAMES_SEEN: dict[str, tuple[Span, ...]] = {}


def heuristic_names(text: str) -> tuple[Span, ...]:
    """Names from speaker labels, titles, relations and capitalised words inside sentences. Remembered for
    a while (turns of ordinary length, at most a few MB): a session's names are gathered from its turns just
    before the same turns are redacted."""
    found = _NAMES_SEEN.get(text)
    if found is None:
        present = present_words(text)
        found = (*capitalised_names(text, present), *lowercase_cue_names(text, present), *cued_names(text),
                 *shaped_names(text))
        if len(text) <= 2000:
            if len(_NAMES_SEEN) >= 2048:
                _NAMES_SEEN.clear()
            _NAMES_SEEN[text] = found
    return found


def _resolve(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Keep the best detection where several overlap: the higher priority, then the earlier, then the longer."""
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
    """Neighbouring names with only spaces or particles between them are one name: "Niall Ó Ceallaigh"."""
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
    candidates = _structured_spans(text)
    known = name_words_of(frozenset(names))  # a session's names: their pattern is compiled once per session
    candidates += [(PRIORITY["NAME"], span) for span in known_name_spans(text, known, ignore_case=not heuristics)]
    if heuristics:
        discovered = [*heuristic_names(text), *lower_case_names(text)]
        discovered += coordinated_names(text, discovered)
        candidates += [(PRIORITY["NAME"], span) for span in discovered]
        new = name_words(text[span.start:span.end] for span in discovered) - known
        candidates += [(PRIORITY["NAME"], span) for span in known_name_spans(text, new)]
        # ... and a hyphenated name in lower case too, which no ordinary word is: "Mei-Ling", then "mei-ling and ..."
        lowered = {word.lower() for word in new if "-" in word and " " not in word and unknown_word(word.lower())}
        candidates += [(PRIORITY["NAME"], span) for span in known_name_spans(text, lowered - new)
                       if text[span.start].islower()]
    candidates += [(PRIORITY["NAME"], span) for span in known_name_spans(text, name_words_of(frozenset(declared)),
                                                                           True)]
    return _with_surnames(text, _merge_names(text, _resolve(candidates)))


SURNAME_AFTER = regex.compile(r"[ \t]+(?i:o['’]\p{L}{2,}|mc\p{L}{2,}|mac\p{L}{3,}|fitz\p{L}{2,}|"
                              r"(?:al|el|ibn|abu|bin|ben|ould)-\p{L}{2,}|"
                              # particles, then the surname: "van der merwe", "ní bhriain", "de la fuente"
                              r"(?:(?:van|von|der|den|de|du|da|di|del|della|la|le|ter|ten|ní|nic|mac|ó|ua|bin|ibn)"
                              r"[ \t]+){1,3}\p{L}[\p{L}'’-]+)(?![\p{L}])")


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
