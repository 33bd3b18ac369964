#!/usr/bin/env bash
# Score the `rupture` on PATH (or .venv/bin/rupture) against ../shared/eval-data/gold-dev.
# Usage: scripts/score-gold-dev.sh [OUTDIR]   (OUTDIR keeps the JSONL predictions; default: a temp dir)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gold="$here/../shared/eval-data/gold-dev"
score="$here/../shared/tools/score.py"
[ -d "$gold" ] || { echo "gold-dev not found at $gold" >&2; exit 2; }
rupture_bin=$(command -v rupture || echo "$here/.venv/bin/rupture")
out=${1:-$(mktemp -d)}
mkdir -p "$out"
"$rupture_bin" analyze "$gold"/transcripts/*.txt --format jsonl > "$out/transcripts.jsonl"
"$rupture_bin" analyze "$gold"/notes/*.txt --format jsonl > "$out/notes.jsonl"
python3 "$score" transcripts "$gold/gold.json" "$out/transcripts.jsonl"
python3 "$score" notes "$gold/notes-gold.jsonl" "$out/notes.jsonl"
