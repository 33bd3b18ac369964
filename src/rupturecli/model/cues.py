"""The model's cues as a clinician reads them: feature names ("c:waste of", "len:1-2") turned into short
phrases ('client said "waste of"', "a 1-2-word reply"), function words left out, each said once."""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    "a an the and or but so to of in on at for with it it's its i i'm i've i'd me my you you're your we us our "
    "he she they them his her their is are was were be been am do does did this that there here what how".split())
CUE_LIMIT = 4


def readable_cues(names: list[str]) -> tuple[str, ...]:
    """The cues worth showing a clinician: words that carry meaning, each said once."""
    shown: list[str] = []
    for name in names:
        prefix, _, rest = name.partition(":")
        if "&" not in name and prefix in ("c", "t", "th", "t2", "pc", "s", "n", "np", "cfirst", "clast", "tfirst",
                                          "nfirst") and all(word in FUNCTION_WORDS for word in rest.split()):
            continue
        text = describe_cue(name)
        if text not in shown:
            shown.append(text)
    return tuple(shown[:CUE_LIMIT])


def describe_cue(name: str) -> str:
    """A feature name as a clinician can read it."""
    prefix, _, rest = name.partition(":")
    words = {
        "c": "client said", "t": "therapist before", "th": "therapist said", "t2": "earlier therapist turns",
        "pc": "client's turn before",
        "s": "the session's therapist", "n": "note says", "np": "sentence before", "cfirst": "client began",
        "clast": "client ended", "tfirst": "therapist began", "nfirst": "sentence began",
    }
    if "&" in name:
        left, right = name.split("&", 1)
        return f"{describe_cue(left)}, {describe_cue(right)}"
    if prefix == "len":
        return f"a {rest}-word reply"
    if prefix == "tlen":
        return f"a {rest}-word therapist turn"
    if prefix == "nlen":
        return f"a {rest}-word sentence"
    if name == "t:asks":
        return "after a question"
    if name == "t:tells":
        return "after a statement"
    if name in ("t:has?", "t:ends?", "th:has?", "th:ends?"):
        return "the therapist asked"
    if name == "c:has?":
        return "the client asks back"
    if prefix == "gap":
        return f"{rest} turn{'s' if rest != '1' else ''} after the rupture"
    if name == "after-backchannel":
        return "carries on across a backchannel"
    if name == "n:quotes":
        return "quotes the client"
    if name == "after-client":
        return "answering the client's turn"
    if prefix in words and rest:
        return f'{words[prefix]} "{rest}"'
    return name



__all__ = ["describe_cue", "readable_cues"]
