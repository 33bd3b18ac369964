"""Real transcripts as training data: labels from a gold.json, a human-codes CSV or coder files, text from a
transcripts folder, markers and repairs from the coders' own files.

Turns the codes leave uncertain are neither trained on nor scored; near-duplicate captionings share one
cross-validation group (`duplicates.json`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from rupturecli.agreement.codes import load_coding
from rupturecli.agreement.coding import session_key
from rupturecli.errors import InputError
from rupturecli.model.training.coded import ClientCode, CodedTranscript
from rupturecli.model.training.coders import fill_therapist, merge_coders, read_coder_file
from rupturecli.model.training.marker_codes import read_csv_markers
from rupturecli.parsing import parse_text
from rupturecli.parsing.reading import read_input


def load_duplicate_groups(path: Path | None) -> dict[str, str]:
    """`duplicates.json` ({"groups": [[file, ...], ...]}): near-duplicates share one cross-validation group."""
    if path is None:
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"cannot read duplicate groups ({type(error).__name__})", path) from None
    groups: dict[str, str] = {}
    for number, group in enumerate(document.get("groups") or []):
        for name in group:
            groups[session_key(str(name))] = f"{path.name}#{number}"
    return groups


SUFFIXES = (".txt", ".md", ".text", ".yaml", ".yml")


class TranscriptFolder:
    """A transcripts folder, its tree walked once (on the first session not at its top level) into an index of
    file names: finding each of a few hundred sessions in per-client subfolders no longer walks it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._named: dict[str, list[Path]] | None = None

    def named(self, name: str) -> list[Path]:
        """The files called `name` (a session's name and suffix) anywhere under the folder, hidden ones left out."""
        if self._named is None:
            self._named = {}
            for root, folders, files in os.walk(self.folder):
                folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
                for file in files:
                    if not file.startswith(".") and file.endswith(SUFFIXES):
                        self._named.setdefault(file, []).append(Path(root) / file)
        return [path for path in self._named.get(name, []) if path.is_file()]

    def find(self, key: str, codes: Path | None = None, parts: tuple[str, ...] = ()) -> Path | None:
        """The transcript of session `key` (a text or YAML transcript): `folder/key.txt`, or else the file of that
        name in its subfolders (a folder per client) whose folders fit most of those the codes wrote (`parts`,
        'ben/s1.txt' -> ('ben', 's1')). Several that fit alike are an InputError naming them."""
        folder = self.folder
        for suffix in SUFFIXES:
            candidate = folder / f"{key}{suffix}"
            if candidate.is_file():
                return candidate
        wanted = parts or tuple(key.split("/"))
        found = [path for suffix in SUFFIXES for path in self.named(f"{wanted[-1]}{suffix}")]
        for depth in range(len(wanted), 0, -1):
            fitting = sorted(path for path in found
                             if (*path.relative_to(folder).parent.parts, path.stem)[-depth:] == wanted[-depth:])
            if len(fitting) == 1:
                return fitting[0]
            if fitting:
                shown = ", ".join(path.relative_to(folder).as_posix() for path in fitting[:3])
                raise InputError(f"session '{key}' fits {len(fitting)} transcripts in {folder} ({shown}"
                                 f"{' ...' if len(fitting) > 3 else ''}): name it by its folder in the codes "
                                 f"({fitting[0].relative_to(folder).as_posix()})", codes)
        return None


def find_session_file(folder: Path, key: str, codes: Path | None = None,
                      parts: tuple[str, ...] = ()) -> Path | None:
    """One session's transcript in `folder` (see TranscriptFolder.find; several sessions share one folder's index)."""
    return TranscriptFolder(folder).find(key, codes, parts)


def load_transcript_set(name: str, codes: Path, transcripts: Path, coders: Iterable[Path] = (),
                        groups: Path | None = None, real: bool = True, weight: float = 1.0,
                        known_markers: dict[str, str] | None = None, warnings: list[str] | None = None
                        ) -> list[CodedTranscript]:
    """One coded set: every session `codes` labels whose transcript is in `transcripts`; with `known_markers`
    (marker_codes.learned_markers), a CSV's marker ids are checked against them. Coded turns that are no client
    turn, and client turns codes that list every turn leave out, are named in `warnings`."""
    if not transcripts.is_dir():
        raise InputError("no such folder (the transcripts the codes code)" if not transcripts.exists() else
                         "is a file: give the folder of the transcripts the codes code", transcripts)
    coding = load_coding(codes)
    csv_markers, csv_lines = read_csv_markers(codes, known_markers) if codes.suffix.lower() in (".csv", ".tsv") \
        else ({}, {})
    elsewhere: list[str] = []  # coded turns that are no client turn of their transcript
    uncoded: dict[str, list[int]] = {}  # client turns of a session coded turn by turn that its codes leave out
    coder_folders = list(coders)
    duplicate_groups = load_duplicate_groups(groups)
    found: list[CodedTranscript] = []
    folder = TranscriptFolder(transcripts)
    for key, codes_of in sorted(coding.sessions.items()):
        if codes_of.turns is None:
            continue
        path = folder.find(key, codes, codes_of.path_parts)
        if path is None:
            raise InputError(f"no transcript for session '{key}' in {transcripts}", codes)
        session = parse_text(read_input(path), str(path), kind="transcript")
        codings = [coding for folder in coder_folders if (coding := read_coder_file(folder, key)) is not None]
        markers, strategies, resolved = merge_coders(codings)
        for turn, listed in csv_markers.get(codes_of.path_parts, {}).items():
            markers[turn] = tuple(dict.fromkeys(markers.get(turn, ()) + listed))
        coded = CodedTranscript(key, name, f"{name}:{duplicate_groups.get(key, key)}", real, session, weight,
                                resolved=resolved)
        client_turns = {turn.index for turn in session.turns if turn.speaker == "client"}
        every_turn = codes_of.lists_every_turn
        speakers = {turn.index: turn.speaker for turn in session.turns}
        for turn in sorted(set(codes_of.turns) - client_turns):
            line = csv_lines.get(codes_of.path_parts, {}).get(turn)
            what = f"a {speakers[turn]}'s turn" if turn in speakers else \
                f"no such turn, the transcript has {len(speakers)}"
            elsewhere.append(f"{f'line {line}: ' if line else ''}{key} turn {turn}, {what}")
        if every_turn and client_turns - set(codes_of.turns):
            uncoded[key] = sorted(client_turns - set(codes_of.turns))
        for turn in sorted(client_turns):
            label = codes_of.turns.get(turn, None if every_turn else "none")
            if label is None or label == "uncertain":
                continue
            coded.client[turn] = ClientCode(label, markers.get(turn, ()) if label != "none" else ())
        if codings:
            fill_therapist(coded, strategies)
        _mark_re_engagement(coded)
        found.append(coded)
    if warnings is not None:
        warnings += _turn_warnings(codes, elsewhere, uncoded)
    return found


def _turn_warnings(codes: Path, elsewhere: list[str], uncoded: dict[str, list[int]]) -> list[str]:
    """What training leaves out of a coded set, said: a few examples each, never the turns' words."""
    said = []
    if elsewhere:
        count = len(elsewhere)
        said.append(f"{codes}: {count} coded turn{'s are' if count != 1 else ' is'} not a client turn of the "
                    f"transcript, not learned from: {'; '.join(elsewhere[:3])}{' ...' if count > 3 else ''} (turns "
                    "are numbered over every speaker turn, as `rupture analyze` numbers them)")
    if uncoded:
        count = sum(len(turns) for turns in uncoded.values())
        shown = "; ".join(f"{key}: {', '.join(map(str, turns[:4]))}{' ...' if len(turns) > 4 else ''}"
                          for key, turns in list(uncoded.items())[:3])
        said.append(f"{codes}: {count} client turn{'s' if count != 1 else ''} of {len(uncoded)} coded "
                    f"session{'s' if len(uncoded) != 1 else ''} {'are' if count != 1 else 'is'} not in the codes "
                    f"({shown}{' ...' if len(uncoded) > 3 else ''}): left out of training and of the "
                    "cross-validated figures; list every client turn, with none where there is no rupture")
    return said


def _mark_re_engagement(coded: CodedTranscript) -> None:
    """Real codes have no re-engagement turns; a resolved episode's first non-rupture client turn after
    its repair is one, and the client turns after an attempted repair are not (until the next repair)."""
    if coded.re_engagement or not coded.resolved:
        return
    repairs = sorted(turn for turn, ids in coded.strategies.items() if ids)
    for start, status in coded.resolved.items():
        after = [turn for turn in repairs if turn > start]
        if not after or status not in ("resolved", "attempted"):
            continue
        for turn in sorted(coded.client):
            if turn <= after[0] or turn > after[0] + 6:
                continue
            code = coded.client[turn]
            if code.label != "none":
                continue
            coded.re_engagement[turn] = status == "resolved"
            if status == "resolved":
                break


__all__ = ["TranscriptFolder", "find_session_file", "load_duplicate_groups", "load_transcript_set"]
