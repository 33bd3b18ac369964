"""One session's analysis (detection, the move model, episodes, repair, advice) into a SessionReport."""
