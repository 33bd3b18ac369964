"""Protected health information: finding names and identifiers in reports, and redacting them (--redact).

Imported only when a run redacts: the detectors compile their patterns on import.

    redact.py         a report, a --by-client summary, a text or a path with PHI replaced; group pseudonyms
    detect.py         find_phi: every detector over a text, the best of overlapping detections kept
    evaluate.py       recall and precision on labelled snippets (`rupture privacy evaluate`)
    redaction.py      the public names above in one place
  names, by their cues:
    names.py          capitalised: after a title or relation, form fields, speaker labels, words in a sentence
    lower_names.py    in lower case: after a relation or title, with a cue, given names, "x and y"
    name_cues.py      later rounds' cues: a friend's home, a sender, spelled out, initials, "my eldest"...
    known_names.py    names known beforehand (labels, client) found wherever they occur
  structured identifiers:
    emails.py, phones.py, dates.py, ids.py, postcodes.py
    streets.py        where an address starts: a number and a street, in many countries' shapes
    address_parts.py  how it runs on over a flat, locality, town and region
    addresses.py      streets joined, run on and completed by their towns; form fields; spoken addresses
  shared:
    words.py          word lists, and is a word a name, a given name, an ordinary word
    place_words.py    regions, cities, words that are no place
    numbers.py        digits written or read out
    prefilter.py      words a pattern needs, so a text without them skips it (speed only)
    spans.py          Span, the kinds, placeholders put in
"""
