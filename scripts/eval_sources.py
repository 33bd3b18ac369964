"""Rebuild AnnoMI and MIBot sessions from ../shared/eval-data as one-speaker-turn-per-line transcripts.

gold-dev's transcripts were built this way (consecutive utterances of one speaker joined, whitespace
collapsed), so a turn number in any code file here is a line number of the rebuilt file. The text stays in
../shared: scripts write it to a scratch folder, never into the repository.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL_DATA = SHARED / "eval-data"


def _joined(turns: list[tuple[str, str]]) -> str:
    """One line per speaker turn: consecutive utterances of one speaker are one turn."""
    lines: list[list[str]] = []
    for speaker, text in turns:
        text = re.sub(r"\s+", " ", text).strip()
        if lines and lines[-1][0] == speaker:
            lines[-1][1] += " " + text
        else:
            lines.append([speaker, text])
    return "".join(f"{speaker}: {text}\n" for speaker, text in lines)


def annomi_transcripts(wanted: set[str]) -> dict[str, str]:
    rows: dict[str, list[dict[str, str]]] = {}
    with (EVAL_DATA / "annomi" / "AnnoMI-simple.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["transcript_id"] in wanted:
                rows.setdefault(row["transcript_id"], []).append(row)
    built = {}
    for transcript_id, items in rows.items():
        items.sort(key=lambda row: int(row["utterance_id"]))
        built[f"annomi-{transcript_id}.txt"] = _joined(
            [("Therapist" if row["interlocutor"] == "therapist" else "Client", row["utterance_text"])
             for row in items])
    return built


def mibot_transcript(prefix: str) -> tuple[str, str]:
    path = next((EVAL_DATA / "mibot-v6.3a" / "transcripts").glob(f"{prefix}*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    turns = [("Counsellor" if item["speaker"] == "counsellor" else "Client", item["text"])
             for item in data["utterances"]]
    return f"mibot-{prefix}.txt", _joined(turns)



def build(folder: Path, files: list[str]) -> None:
    """Write the named transcripts (annomi-<id>.txt, mibot-<prefix>.txt) into `folder`."""
    annomi = {name.removeprefix("annomi-").removesuffix(".txt") for name in files if name.startswith("annomi-")}
    texts = annomi_transcripts(annomi)
    for name in files:
        if name.startswith("mibot-"):
            key, text = mibot_transcript(name.removeprefix("mibot-").removesuffix(".txt"))
            texts[key] = text
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        (folder / name).write_text(texts[name], encoding="utf-8")
