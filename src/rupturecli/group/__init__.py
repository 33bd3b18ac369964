"""Group, couples and family sessions: ruptures between members, the therapists and the group.

In a group a rupture can be directed toward a therapist, another member or the group and its frame, and a repair
can come from a therapist or from another member. `detection` reads each member's turns with the turn before as
context, `targets` says toward whom each marker is directed, and the analysis modules follow each member.
"""
