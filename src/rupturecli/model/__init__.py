"""The learned model of 3RS moves: client ruptures and re-engagement, therapist resolution strategies.

It runs beside the rule packs (a rule hit stays a finding; the model adds what phrases miss), offline,
from the weights shipped in `model/default/` or a folder made by `rupture train`.
"""

from rupturecli.model.moves import ClientMove, MoveModel, SessionMoves, TherapistMove, load_model

DEFAULT_MODEL = "default"

__all__ = ["DEFAULT_MODEL", "ClientMove", "MoveModel", "SessionMoves", "TherapistMove", "load_model"]
