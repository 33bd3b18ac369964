#!/usr/bin/env bash
# Rebuild the shipped move model (src/rupturecli/model/default) from training/config.toml, reproducibly:
# the same codes, dialogue and seed give the same weights, byte for byte. Needs ../shared beside the
# repository (the real transcripts are read from there, never copied in) and `pip install -e '.[train]'`.
set -euo pipefail
cd "$(dirname "$0")/.."
python scripts/build-training-transcripts.py build/training-transcripts
rupture train training/config.toml -o src/rupturecli/model/default "$@"
