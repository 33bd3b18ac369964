"""Detection: rule markers in turns and sentences, episodes, repair, therapist contribution and significance."""
