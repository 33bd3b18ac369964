"""Reported speech in narrative notes: who is speaking, and what they said in their own words.

Clinicians report the client's words with many verbs ("snapped", "added", "told me", "cut me off"),
often without quotation marks and in the third person ("she said I always turn things back to
myself"). The marker patterns are written for "said" and for the client's own words, so notes are
brought to that form: reporting verbs become "said", and indirect speech is turned back into the
direct speech it reports ("you always turn things back to yourself").
"""

from __future__ import annotations

import regex

REPORTING_VERBS = (
    r"snapped|added|replied|muttered|mumbled|insisted|complained|retorted|remarked|commented|stated|declared|"
    r"announced|protested|answered|responded|shouted|yelled|whispered|grumbled|moaned|claimed|argued|countered|"
    r"exclaimed|interjected|objected|admitted|conceded|repeated|hissed|barked|scoffed|joked|sighed|"
    r"shot back|fired back|went on to say|kept saying|would only say|says|tells me|told me|"
    r"told (?:T|the therapist|us)|cut me off(?: with)?|interrupted(?: me)?(?: with)?"
)
_VERB = regex.compile(rf"\b(?:{REPORTING_VERBS})\b(?:,? (?:that|how)\b)?", regex.IGNORECASE)
STANCE_ADVERBS = ("obviously|clearly|apparently|evidently|supposedly|honestly|frankly|basically|literally|actually|"
                  "seriously|genuinely|truly|really|simply|angrily|sharply|flatly|quietly|bluntly|coldly|curtly|"
                  "irritably|loudly|calmly|firmly|abruptly")
_ADVERB_AFTER_SUBJECT = regex.compile(rf"\b(I|you|she|he|they|it|we) \"?(?:{STANCE_ADVERBS})\"?,? ", regex.IGNORECASE)
_ADVERB_AFTER_SAID = regex.compile(rf"\bsaid,? (?:{STANCE_ADVERBS}),? ", regex.IGNORECASE)
_ONE_WORD_QUOTE = regex.compile(r"\"(\w+)\"")
THERAPIST_WORDS = frozenset({"i", "t", "therapist", "we"})
NOT_NAMES = frozenset(
    "when after before then once as while if later today instead also during at in on the this that toward towards "
    "halfway early each every session asked said refused her his their mr mrs ms mx dr it there what how why but "
    "and so plan note client patient near throughout within by for from with without upon over under about around "
    "half midway partway first next again still yet now here these those my our your one two some most much many "
    "all both no not only just even although though because since until unless whenever whereas despite having "
    "being tonight yesterday week last earlier end start beginning".split())
# "said [a blanked direct quote and] [within minutes] that <clause>"
_SAID = regex.compile(r"\bsaid\b,? (?:\"\s*\"\s*,?\s*and (?=that\b))?"
                      r"(?:(?:within|in|at|during|after|before|on|early|later|towards?|near|when)\b"
                      r"[^\".;:?!]{0,40}?\bthat |that )?(?P<clause>(?!and\b)[^\".;:?!]{6,240})", regex.IGNORECASE)
_AND_THAT = regex.compile(r",? and that |, that |, and (?=(?:I|you|she|he|it|they|we)\b)", regex.IGNORECASE)
_LINKERS = frozenset({"then", "also", "again", "just", "only", "later", "finally", "eventually", "suddenly", "now",
                      "simply", "still", "even", "once", "immediately"})
_HEAD = regex.compile(r"^\W*(?:[A-Z][A-Za-z]{0,20}:\s*)?(?:[-*•>]\s*)?$")
SUBORDINATORS = frozenset({"when", "after", "before", "as", "once", "if", "whenever", "while", "because",
                           "although", "though", "since", "until"})
EMBEDDERS = frozenset({"what", "that", "who", "how", "whether", "if", "when", "where", "why", "which"})
_TOKEN = regex.compile(r"[A-Za-z]+|,")
_WORD_BEFORE = regex.compile(r"(?P<word>[A-Za-z]+)\W*$")


def _is_client_word(word: str) -> bool:
    """A pronoun or label for the client, or a capitalised word that could be their name."""
    lowered = word.lower()
    if lowered in {"she", "he", "they", "client", "patient", "cl", "pt"}:
        return True
    return (word[:1].isupper() and lowered not in NOT_NAMES and lowered not in THERAPIST_WORDS
            and not lowered.endswith("ly"))


def _is_subject(word: str) -> bool:
    return word in {"I", "T"} or word.lower() in {"we", "therapist"} or _is_client_word(word)


def _main_clause_start(tokens: list[str]) -> int:
    """Where the main clause starts: after a leading 'When I asked ...' at its comma or its next subject."""
    if len(tokens) < 2 or tokens[0].lower() not in SUBORDINATORS or not _is_subject(tokens[1]):
        return 0
    for index in range(2, len(tokens)):
        if tokens[index] == ",":
            return index + 1
        if _is_subject(tokens[index]) and tokens[index - 1].lower() not in EMBEDDERS:
            return index
    return len(tokens)


def main_subject(text: str) -> str | None:
    """The subject of a sentence's main clause ('When I asked he said...' -> 'he'), if it has one."""
    body = regex.sub(r"^\W*(?:[A-Z][A-Za-z]{0,20}:\s*)", "", text)
    tokens = _TOKEN.findall(body)
    start = _main_clause_start(tokens)
    for index in range(start, len(tokens)):
        opener = index == start and index + 1 < len(tokens) and tokens[index + 1] in {"I", "T", "she", "he", "they",
                                                                                      "we"}
        if _is_subject(tokens[index]) and not (opener and tokens[index][:1].isupper()
                                               and tokens[index] not in {"I", "T"}):
            return tokens[index]
    return None


def _role(subject: str) -> str:
    lowered = subject.lower()
    if lowered == "we":
        return "joint"
    return "therapist" if lowered in THERAPIST_WORDS else "client"


def speaker_of(text: str, start: int) -> str:
    """Who does the verb at `start` belong to: "therapist", "client", "joint" (we), "none" or "unknown".

    The subject is the word just before the verb (adverbs skipped); after "and" the verb shares the
    main clause's subject ("I asked her more, and said I could see why" is mine).
    """
    head = text[:start]
    while True:
        if _HEAD.match(head):
            return "none"
        found = _WORD_BEFORE.search(head)
        if found is None:
            return "none"
        word = found.group("word")
        if word.lower() in _LINKERS or word.lower().endswith("ly"):
            head = head[: found.start()]
            continue
        break
    if word.lower() == "and" or word.lower() == "but":
        subject = main_subject(head[: found.start()])
        if subject is None:
            return "none"
        return _role(subject)
    if word in {"I", "T"} or word.lower() in {"therapist", "we"}:
        return _role(word)
    return "client" if _is_client_word(word) else "unknown"


def as_said(text: str) -> str:
    """`text` with every reporting verb turned into "said" and stance adverbs dropped.

    The narrative patterns then need one verb: 'He snapped that I "obviously" didn't care' reads as
    'He said that I didn't care'. Offsets change: use it for matching, not for quoting.
    """
    text = _ONE_WORD_QUOTE.sub(r"\1", text)
    text = _VERB.sub(lambda found: "said that" if found.group(0).lower().endswith(("that", "how")) else "said",
                     text)
    text = _ADVERB_AFTER_SAID.sub("said ", text)
    return _ADVERB_AFTER_SUBJECT.sub(lambda found: found.group(1) + " ", text)


# Third person (client) and first person (me, the therapist) back to the client's own first and second person.
# The middle field says whose pronoun it is: "" mine, "f" a client called she, "m" a client called he.
_PERSON: tuple[tuple[str, str, str], ...] = (
    (r"\bI(?:'m| am)\b", "", "you're"),
    (r"\bI was\b", "", "you were"),
    (r"\bI(?:'d| had)\b", "", "you had"),
    (r"\bI\b", "", "you"),
    (r"\bT was\b", "", "you were"),
    (r"\bT's\b", "", "your"),
    (r"\bT\b", "", "you"),
    (r"\bme\b", "", "you"),
    (r"\bmy\b", "", "your"),
    (r"\bmine\b", "", "yours"),
    (r"\bmyself\b", "", "yourself"),
    (r"\bshe(?:'s| is)\b", "f", "I'm"),
    (r"\bhe(?:'s| is)\b", "m", "I'm"),
    (r"\bshe was\b", "f", "I was"),
    (r"\bhe was\b", "m", "I was"),
    (r"\bshe\b", "f", "I"),
    (r"\bhe\b", "m", "I"),
    (r"\bherself\b", "f", "myself"),
    (r"\bhimself\b", "m", "myself"),
    (r"\bhis\b", "m", "my"),
    (r"\bhim\b", "m", "me"),
    (r"\bher(?=\s+(?:feel|think|want|do|go|be|to|and|that|so|in|at|on|for|up|out|down|off|like|back|again|"
     r"through|anymore|any more|feeling|thinking|wanting|looking|sounding|doing|going|coming|being|having|crying|"
     r"waiting)\b|\W*$)", "f", "me"),
    (r"\bher\b", "f", "my"),
)
_COMPILED_PERSON = tuple((regex.compile(pattern, 0 if pattern.startswith((r"\bI", r"\bT")) else regex.IGNORECASE),
                          whose, repl) for pattern, whose, repl in _PERSON)
# Backshifted tenses back to the present the client spoke in.
_TENSE: tuple[tuple[str, str], ...] = (
    (r"\bI was\b", "I'm"), (r"\bI wasn't\b", "I'm not"), (r"\byou were\b", "you are"),
    (r"\byou weren't\b", "you aren't"), (r"\b(I|you|we|it)(?: had|'d) (been|heard|done|seen|told|had|got|tried)\b",
                                          r"\1 have \2"),
    (r"\b(I|you|we) had\b", r"\1 have"), (r"\bwould\b", "will"), (r"\bwouldn't\b", "won't"),
    (r"\b(I|you) has\b", r"\1 have"), (r"\b(I|you) (?:doesn't|does not)\b", r"\1 don't"),
    (r"\b(I|you) does\b", r"\1 do"),
    (r"\bI is\b", "I am"), (r"\byou is\b", "you are"), (r"\byou isn't\b", "you aren't"),
    (r"\bcould\b", "can"), (r"\bcouldn't\b", "can't"), (r"\b(?:it|this|that) was\b", "it's"),
    (r"\b(?:it|this|that) wasn't\b", "it isn't"), (r"\bdidn't\b", "don't"), (r"\bI will\b", "I'll"),
    (r"\bwas\b", "is"), (r"\bwasn't\b", "isn't"), (r"\bwere\b", "are"), (r"\bweren't\b", "aren't"),
)
_COMPILED_TENSE = tuple((regex.compile(pattern, regex.IGNORECASE), repl) for pattern, repl in _TENSE)


def _to_direct(clause: str, client: str = "") -> str:
    """One reported clause in the client's own voice: 'I had no idea' -> 'you have no idea'.

    `client` is "f" or "m" when the reporting subject says which pronoun is the client's, so that
    in 'he said she never calls' the "she" stays someone else.
    """
    swapped = _swap_person(clause, client)
    for pattern, repl in _COMPILED_TENSE:
        swapped = pattern.sub(repl, swapped)
    return swapped.strip(" ,")


def _swap_person(clause: str, client: str = "") -> str:
    """Swap I/me (the therapist) with she/he (the client) in one pass, so no swap undoes another."""
    pieces: list[str] = []
    position = 0
    table = [(pattern, repl) for pattern, whose, repl in _COMPILED_PERSON if not client or whose in ("", client)]
    while position < len(clause):
        for pattern, repl in table:
            found = pattern.match(clause, position)
            if found and (found.start() == 0 or not clause[found.start() - 1].isalnum()):
                pieces.append(repl)
                position = found.end()
                break
        else:
            pieces.append(clause[position])
            position += 1
    return "".join(pieces)


def _pronoun_of(head: str) -> str:
    """ "f" or "m" if the words before the verb call the client she or he (the nearest one wins), else ""."""
    found = regex.findall(r"\b(she|he)\b", head, flags=regex.IGNORECASE)
    return ("f" if found[-1].lower() == "she" else "m") if found else ""


def indirect_speech(text: str, subjectless_is_client: bool = True) -> list[str]:
    """The client's reported clauses in `text` (already through `as_said`), in direct speech.

    'She said that I always rush her and that it made her feel small' gives ["you always rush me",
    "it made me feel small"]. Only speech whose subject is the client counts: "I said..." is mine.
    A sentence that starts with "Said ..." has the client as its unstated subject unless
    `subjectless_is_client` is false (an "I:" intervention line).
    """
    clauses: list[str] = []
    for found in _SAID.finditer(text):
        speaker = speaker_of(text, found.start())
        if speaker not in ("client", "none") or (speaker == "none" and not subjectless_is_client):
            continue
        client = _pronoun_of(text[: found.start()])
        clauses.extend(_to_direct(part, client) for part in _AND_THAT.split(found.group("clause")) if part.strip())
    return clauses


_DIRECT_LEAD = regex.compile(r"(?:\bsaid(?:,| that)?(?:\s+(?:only|just|simply|again|\w+ly))?[,:]?|[:\-]|^\W*)\s*$",
                             regex.IGNORECASE)
_FRAGMENT = regex.compile(r"\u27e6(\d+)\u27e7")


def reported_clauses(text: str, quotes: list[tuple[int, int]], subjectless_is_client: bool = True) -> list[str]:
    """`indirect_speech` of a notes sentence whose quotations are at `quotes` (spans inside the marks).

    A quotation right after the reporting verb is direct speech and read on its own; one inside the
    reported clause ('said he was "done with this"') is a fragment of it, kept word for word.
    """
    fragments: list[str] = []
    pieces: list[str] = []
    position = 0
    for start, end in quotes:
        if start - 1 < position:
            continue
        pieces.append(text[position : start - 1])
        if _DIRECT_LEAD.search(as_said(text[: start - 1])):
            pieces.append('"' + " " * (end - start) + '"')  # a quotation mark ends the reported clause
        else:
            pieces.append(f"\u27e6{len(fragments)}\u27e7")
            fragments.append(text[start:end])
        position = end + 1
    pieces.append(text[position:])
    clauses = indirect_speech(as_said("".join(pieces)), subjectless_is_client)
    return [_FRAGMENT.sub(lambda found: _fragment(fragments, found), clause) for clause in clauses]


def _fragment(fragments: list[str], found: regex.Match[str]) -> str:
    """The quoted words a placeholder stands for (a placeholder-like string in the note itself stays)."""
    index = int(found.group(1))
    return fragments[index] if index < len(fragments) else found.group(0)
