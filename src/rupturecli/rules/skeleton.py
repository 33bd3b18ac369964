"""The commented skeleton of a new marker (`rupture rules new`): a file that validates and tests as it is."""

from __future__ import annotations

from pydantic import ValidationError

from rupturecli.errors import did_you_mean
from rupturecli.rules.model import Marker, Pattern

SKELETON = """\
# A rupturecli marker. Check it with `rupture rules check FILE` and test it with `rupture rules test FILE`.
markers:
  - id: {id}                      # your own id; reuse a shipped id (W2, C3...) to replace that marker
    name: {name}          # short readable alias
    rupture: {rupture}            # withdrawal | confrontation
    speaker: client               # client | therapist (therapist: evidence in notes, e.g. "I felt bored")
    status: experimental          # stable | experimental | deprecated
    description: >-
      What the client does, and why it strains the alliance.
    message: "What was seen: '{{match}}'"
    when:                         # all optional
      previous_turn: []           # contexts of the therapist's turn before: open-question, pressure, warning,
                                  # lecture, advice, reflection, feeling-probe, question, closed-question
      max_words: 40
    match:                        # the client's own words (transcripts; quoted words in notes)
      - phrase: "cancel next week"  # words, any case and spacing; (a|b) one of, [a] optional,
      - phrase: "I (might|will|am going to) cancel"  # ... a short gap, word* its endings, * any word
      - regex: '\\bcancel\\W*$'       # a regex for what a phrase cannot say (here: the turn's last word)
    narrative:                    # a clinician's description in notes
      - phrase: "(talked|spoke) about cancel*"
    unless:                       # look-alikes to ignore in the same turn
      - phrase: "cancel (my|the) (gym|dentist)"
    guards: {{negation: true, hypothetical: true, quoted: true}}
    references: []
    examples:                     # "T: ...\\nC: ..." exchanges, lone client lines, or "NOTE: ..." notes
      match:
        - "T: How are you feeling about our sessions?\\nC: Honestly I might cancel next week."
      no_match:
        - "C: I had to cancel the dentist again."
      todo: []
"""


def marker_skeleton(marker_id: str, rupture: str) -> str:
    """The skeleton for this id and rupture type; ValueError when either is not valid in a pack."""
    try:
        Marker(id=marker_id, name="x", rupture=rupture, narrative=[Pattern(phrase="x")])  # type: ignore[arg-type]
    except ValidationError as error:
        if any(detail["loc"][:1] == ("rupture",) for detail in error.errors()):
            raise ValueError(f"'{rupture}' is not a rupture type: withdrawal or confrontation"
                             f"{did_you_mean(rupture, ('withdrawal', 'confrontation'), cutoff=0.5)}") from None
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        if error.errors()[0]["type"] == "string_pattern_mismatch":
            message = "capitals, digits and dashes, e.g. X-CANCEL"
        raise ValueError(f"'{marker_id}' is not a valid marker id ({message})") from None
    return SKELETON.format(id=marker_id, name=marker_id.lower(), rupture=rupture)
