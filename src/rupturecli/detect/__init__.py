"""Detection and everything judged from it, in the order a session meets them (analysis/analyze.py runs the steps):

- engine.py: `detect`, the one entry: transcript.py (client turns in the context of the therapist's turn before,
  contexts.py) or notes.py (sentences, with the client's reported words, speech.py); guards.py drops look-alikes;
  hits.py holds what is found.
- episodes.py: near markers of one type form an episode, rated 1-5 by significance.py.
- repair.py: strategies, the client coming back into the work, and each episode's repair status.
- advice.py: the resolution stage reached and what fits next; contribution.py: the therapist's side.
- examples.py: the examples written inside the rule files, run as tests.
"""
