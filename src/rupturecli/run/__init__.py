"""Running the analysis over inputs: the one per-input loop, parallel workers, resumable batches."""
