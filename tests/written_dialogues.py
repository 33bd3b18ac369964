"""Short dialogues written for the tests (never copied from real transcripts), shared by several test files."""

# A complaint about the diary met with validation and the rationale; the client comes back (resolved).
DIARY = """\
Therapist: How did the mood diary go since we last met?
Client: This diary is useless. Writing feelings in columns is a waste of my evenings.
Therapist: It sounds like the diary felt like a chore.
Client: I don't think filling in a chart is going to help me at all.
Therapist: The idea behind tracking the mood is to spot the moments that drag it down, and then choose one \
to work on together. It doesn't have to be a chart; a short note is enough.
Client: Alright, that is fair. I could jot a line on my phone after dinner when I notice the dip, instead of \
the whole grid.
Therapist: That sounds doable.
Client: Yes, I think I can manage that this week.
"""
