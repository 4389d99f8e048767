"""Named entities per sentence as compact JSON: `[[[label, start, end], ...], ...]`."""

from __future__ import annotations

import json

from retrieval.types import Entity, SentenceEntities


def encode_entities(entities: SentenceEntities) -> str:
    """Return the entities of a chunk's sentences as JSON, one list per sentence."""
    # Lists of triples, not objects: a chunk holds dozens, and a collection millions of chunks.
    return json.dumps(
        [[[e.label, e.start, e.end] for e in sentence] for sentence in entities],
        separators=(",", ":"),
    )


def decode_entities(stored: str) -> SentenceEntities:
    """Read back what `encode_entities` wrote."""
    return tuple(
        tuple(Entity(str(label), int(start), int(end)) for label, start, end in sentence)
        for sentence in json.loads(stored)
    )
