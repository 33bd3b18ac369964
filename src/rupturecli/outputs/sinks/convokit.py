"""A ConvoKit-compatible corpus folder, written by our own code (no convokit dependency).

utterances.jsonl holds one utterance per turn with the rupture findings in its `meta`; speakers.json,
conversations.json, corpus.json and index.json complete the folder. The folder is built as
`<dir>.partial` and renamed into place when the run completes.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

from rupturecli.checks.findings import repo_relative
from rupturecli.errors import OutputError
from rupturecli.output import write_atomic
from rupturecli.outputs.sinks.base import CannotResume, PartialFile, Sink, Span


def _keep_modes(old: Path, new: Path) -> None:
    """A corpus written again keeps the folder's and its files' permissions (a private corpus stays private)."""
    if not old.is_dir():
        return
    os.chmod(new, stat.S_IMODE(os.stat(old).st_mode))
    for item in new.iterdir():
        previous = old / item.name
        if previous.is_file() and not previous.is_symlink():
            os.chmod(item, stat.S_IMODE(os.stat(previous).st_mode))


CORPUS_FILES = frozenset({"utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"})


def _earlier_corpus(folder: Path) -> bool:
    """An empty folder, or one holding only the files of a corpus this tool wrote: safe to replace. Anything
    else (notes, the inputs of this very run, a thesis) is never deleted."""
    try:
        names = {item.name for item in folder.iterdir()}
    except OSError:
        return False
    if not names:
        return True
    if not names <= CORPUS_FILES or "corpus.json" not in names:
        return False
    try:
        return json.loads((folder / "corpus.json").read_text(encoding="utf-8")).get("generator") == "rupturecli"
    except (OSError, ValueError, AttributeError):
        return False


class ConvokitSink(Sink):
    """Positions are [utterances offset, conversations offset]: one span covers an input in both files."""

    name = "convokit"
    needs_utterances = True

    def __init__(self, folder: Path, resume_spans: list[Span] | None) -> None:
        self.folder = Path(folder)
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            raise OutputError("exists and is not a folder (--format convokit writes a folder); give another -o",
                              self.folder)
        if self.folder.is_dir() and not _earlier_corpus(self.folder):
            raise OutputError("is a folder with other files in it; --format convokit replaces its -o folder, so "
                              "give a new or empty folder (or an earlier ConvoKit corpus of rupturecli)", self.folder)
        self.partial_folder = self.folder.with_name(self.folder.name + ".partial")
        if self.partial_folder.is_symlink():  # a planted link: never write through it
            if resume_spans is not None:
                raise CannotResume(str(self.partial_folder))
            self.partial_folder.unlink()
        if resume_spans is None and self.partial_folder.exists():
            shutil.rmtree(self.partial_folder)
        if resume_spans is not None and not self.partial_folder.is_dir():
            raise CannotResume(str(self.partial_folder))
        mode = stat.S_IMODE(os.stat(self.folder).st_mode) if self.folder.is_dir() else 0o777  # umask applies
        self.partial_folder.mkdir(mode=mode, parents=True, exist_ok=True)
        utterance_spans = None if resume_spans is None else [(start[0], end[0]) for start, end in resume_spans]
        conversation_spans = None if resume_spans is None else [(start[1], end[1]) for start, end in resume_spans]
        # PartialFile renames <name>.partial to <name>; both files live inside the partial folder
        self.utterances = PartialFile(self.partial_folder / "utterances.jsonl", utterance_spans)
        self.conversations = PartialFile(self.partial_folder / "conversations.jsonl", conversation_spans)
        self.groups = False  # a group session was written: the index lists its member and group fields

    def position(self) -> list[int]:
        return [self.utterances.position(), self.conversations.position()]

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        # A corpus travels: its ids and its `file` fields are relative to the git root or the working folder
        # (a stable `external-<hash>/<name>` outside both), never this machine's absolute folders.
        conversation_id = repo_relative(record["file"])
        self.groups = self.groups or bool(record.get("group"))
        previous_id: str | None = None
        for turn in utterances or ():
            utterance_id = f"{conversation_id}#t{turn['turn']}"
            types = sorted({item["type"] for item in turn["findings"] if "marker" in item})
            self.utterances.write(json.dumps({
                "id": utterance_id,
                "speaker": f"{conversation_id}:{turn.get('who') or turn['speaker']}",
                "conversation_id": conversation_id,
                "reply_to": previous_id,
                "timestamp": None,
                "text": turn["text"],
                "meta": {"file": conversation_id, "turn": turn["turn"], "line": turn["line"],
                         "role": turn["speaker"], "label": turn["label"],
                         **({"member": turn["who"]} if turn.get("who") and turn["speaker"] == "client" else {}),
                         "rupture_markers": [item for item in turn["findings"] if "marker" in item],
                         "repair_strategies": [item for item in turn["findings"] if "strategy" in item],
                         "rupture_type": types[0] if len(types) == 1 else ("mixed" if types else None)},
            }, ensure_ascii=False) + "\n")
            previous_id = utterance_id
        summary = {key: value for key, value in record["summary"].items() if key != "text"}
        self.conversations.write(json.dumps({"id": conversation_id, "meta": {
            "file": conversation_id, "session_id": record.get("session_id"), "kind": record["kind"],
            "rupture_summary": summary, "episodes": record["episodes"],
            **({"group": record["group"]} if record.get("group") else {})}}, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        self.utterances.flush()
        self.conversations.flush()

    def close(self, live: list[Span], expected: int) -> None:
        utterances_live = [(start[0], end[0]) for start, end in live]
        self.utterances.finish(utterances_live, None)  # the sessions are counted in conversations
        self.conversations.finish([(start[1], end[1]) for start, end in live], expected)
        folder = self.partial_folder
        speakers: dict[str, dict[str, Any]] = {}
        with (folder / "utterances.jsonl").open(encoding="utf-8") as stream:
            for line in stream:
                utterance = json.loads(line)
                role = utterance["meta"]["role"]
                if utterance["meta"].get("member"):
                    role = "member"
                speakers.setdefault(utterance["speaker"], {"role": role})
        conversations: dict[str, Any] = {}
        with (folder / "conversations.jsonl").open(encoding="utf-8") as stream:
            for line in stream:
                item = json.loads(line)
                conversations[item["id"]] = item["meta"]
        (folder / "conversations.jsonl").unlink()
        # written by rename, so a link planted in the partial folder is replaced, never written through
        write_atomic(folder / "speakers.json", json.dumps(speakers, ensure_ascii=False))
        write_atomic(folder / "conversations.json", json.dumps(conversations, ensure_ascii=False))
        write_atomic(folder / "corpus.json", json.dumps({"generator": "rupturecli"}))
        index = {
            "utterances-index": {"file": ["<class 'str'>"], "turn": ["<class 'int'>"], "line": ["<class 'int'>"],
                                 "role": ["<class 'str'>"], "label": ["<class 'str'>"],
                                 "rupture_markers": ["<class 'list'>"], "repair_strategies": ["<class 'list'>"],
                                 "rupture_type": ["<class 'str'>"]},
            "speakers-index": {"role": ["<class 'str'>"]},
            "conversations-index": {"file": ["<class 'str'>"], "session_id": ["<class 'str'>"],
                                    "kind": ["<class 'str'>"], "rupture_summary": ["<class 'dict'>"],
                                    "episodes": ["<class 'list'>"]},
            "overall-index": {"generator": ["<class 'str'>"]},
            "version": 1,
            "vectors": [],
        }
        if self.groups or any(meta.get("group") for meta in conversations.values()):
            index["utterances-index"]["member"] = ["<class 'str'>"]
            index["conversations-index"]["group"] = ["<class 'dict'>"]
        write_atomic(folder / "index.json", json.dumps(index))
        _keep_modes(self.folder, folder)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        os.replace(folder, self.folder)

    def abort(self) -> None:
        self.utterances.abort()
        self.conversations.abort()
