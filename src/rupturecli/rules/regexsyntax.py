"""Rewriting regex sources for other engines: what our patterns need that RE2 and Rust regex lack."""

from __future__ import annotations

LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def drop_lookarounds(pattern: str) -> str:
    """The pattern without lookaround groups: it then matches a superset of what it matched."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if pattern.startswith(LOOKAROUNDS, index):
            depth = 0
            while index < len(pattern):
                char = pattern[index]
                if char == "\\":
                    index += 2
                    continue
                if char == "[":
                    closing = pattern.find("]", index + 2)
                    index = closing + 1 if closing > 0 else index + 1
                    continue
                depth += char == "("
                depth -= char == ")"
                index += 1
                if depth == 0:
                    break
            continue
        out.append(pattern[index])
        index += 1
    return "".join(out)
