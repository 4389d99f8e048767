"""A speaker resolved within one article: who, where the claim stood, and what kind."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.types import Speaker


@dataclass(frozen=True)
class Said:
    """A resolved speaker, where it was found, and whether it is a person or a group."""

    position: int
    speaker: Speaker
    kind: str  # person | described (unnamed: "the world's richest man") | group | law
    until: int = 0  # the end of the sentence that names them speaking
