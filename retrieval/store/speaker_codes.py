"""Speakers per sentence as compact JSON: `[null, ["written", "name"], ["he", null], ...]`."""

from __future__ import annotations

import json

from retrieval.types import SentenceSpeakers, Speaker


def encode_speakers(speakers: SentenceSpeakers) -> str:
    """Return the speakers of a chunk's sentences as JSON, null where a sentence has none."""
    return json.dumps(
        [None if s is None else [s.written, s.name] for s in speakers],
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode_speakers(stored: str) -> SentenceSpeakers:
    """Read back what `encode_speakers` wrote."""
    return tuple(
        None if item is None else Speaker(str(item[0]), None if item[1] is None else str(item[1]))
        for item in json.loads(stored)
    )
