"""Speakers per sentence as compact JSON: `[null, ["written", "name", "role"], ["he", null]]`."""

from __future__ import annotations

import json

from retrieval.types import SentenceSpeakers, Speaker

# The version of the attribution rules whose speakers a collection holds. Bump it when a change
# to the rules changes who they find: a collection attributed by older rules then counts all its
# passages as waiting for the fill (`reindex --entities-only`), which finds them again.
SPEAKER_RULES = 48


def encode_speakers(speakers: SentenceSpeakers) -> str:
    """Return the speakers of a chunk's sentences as JSON, null where a sentence has none."""
    return json.dumps(
        [
            None if s is None else [s.written, s.name, *([s.role] if s.role else [])]
            for s in speakers
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )


def _row(speaker: Speaker) -> list[str | None]:
    # The role only where there is one: most speakers have none.
    row = [speaker.written, speaker.name]
    return [*row, speaker.role] if speaker.role else row


def decode_speakers(stored: str) -> SentenceSpeakers:
    """Read back what `encode_speakers` wrote."""
    return tuple(None if item is None else _speaker(item) for item in json.loads(stored))


def _speaker(item: list[str | None]) -> Speaker:
    written, name, *role = item
    return Speaker(str(written), name, role[0] if role else None)
