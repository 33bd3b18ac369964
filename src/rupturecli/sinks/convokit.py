"""A ConvoKit-compatible corpus folder, written by our own code (no convokit dependency).

utterances.jsonl holds one utterance per turn with the rupture findings in its `meta`; speakers.json,
conversations.json, corpus.json and index.json complete the folder. The folder is built as
`<dir>.partial` and renamed into place when the run completes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from rupturecli.sinks.base import PartialFile, Sink, source_of


class ConvokitSink(Sink):
    def __init__(self, folder: Path, keep_sources: set[str] | None) -> None:
        self.folder = Path(folder)
        self.partial_folder = self.folder.with_name(self.folder.name + ".partial")
        if keep_sources is None and self.partial_folder.exists():
            shutil.rmtree(self.partial_folder)
        self.partial_folder.mkdir(parents=True, exist_ok=True)
        meta_path = self.partial_folder / "conversations.partial.jsonl"
        keep = None
        if keep_sources is not None:
            def keep(line: str) -> bool:
                try:
                    return source_of(json.loads(line)["meta"]["file"]) in keep_sources
                except (ValueError, KeyError):
                    return False
        # PartialFile renames <name>.partial to <name>; the utterances file lives inside the partial folder
        self.utterances = PartialFile(self.partial_folder / "utterances.jsonl", keep)
        self.conversations = PartialFile(meta_path.with_suffix(""), keep)

    def write(self, record: dict[str, Any], utterances: tuple[dict[str, Any], ...] | None = None) -> None:
        conversation_id = record["file"]
        previous_id: str | None = None
        for turn in utterances or ():
            utterance_id = f"{conversation_id}#t{turn['turn']}"
            types = sorted({item["type"] for item in turn["findings"] if "marker" in item})
            self.utterances.write(json.dumps({
                "id": utterance_id,
                "speaker": f"{conversation_id}:{turn['speaker']}",
                "conversation_id": conversation_id,
                "reply_to": previous_id,
                "timestamp": None,
                "text": turn["text"],
                "meta": {"file": record["file"], "turn": turn["turn"], "line": turn["line"],
                         "role": turn["speaker"], "label": turn["label"],
                         "rupture_markers": [item for item in turn["findings"] if "marker" in item],
                         "repair_strategies": [item for item in turn["findings"] if "strategy" in item],
                         "rupture_type": types[0] if len(types) == 1 else ("mixed" if types else None)},
            }, ensure_ascii=False) + "\n")
            previous_id = utterance_id
        summary = {key: value for key, value in record["summary"].items() if key != "text"}
        self.conversations.write(json.dumps({"id": conversation_id, "meta": {
            "file": record["file"], "session_id": record.get("session_id"), "kind": record["kind"],
            "rupture_summary": summary, "episodes": record["episodes"]}}, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        self.utterances.flush()
        self.conversations.flush()

    def close(self) -> None:
        self.utterances.finish()
        self.conversations.finish()
        folder = self.partial_folder
        speakers: dict[str, dict[str, Any]] = {}
        with (folder / "utterances.jsonl").open(encoding="utf-8") as stream:
            for line in stream:
                utterance = json.loads(line)
                speakers.setdefault(utterance["speaker"], {"role": utterance["meta"]["role"]})
        conversations: dict[str, Any] = {}
        with (folder / "conversations.partial").open(encoding="utf-8") as stream:
            for line in stream:
                item = json.loads(line)
                conversations[item["id"]] = item["meta"]
        (folder / "conversations.partial").unlink()
        (folder / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False), encoding="utf-8")
        (folder / "conversations.json").write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
        (folder / "corpus.json").write_text(json.dumps({"generator": "rupturecli"}), encoding="utf-8")
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
        (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
        if self.folder.exists():
            shutil.rmtree(self.folder)
        os.replace(folder, self.folder)

    def abort(self) -> None:
        self.utterances.abort()
        self.conversations.abort()
