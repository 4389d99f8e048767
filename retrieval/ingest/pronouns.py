"""Which pronoun an article uses for each person it names, so "she said" skips a "he"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.ingest.speech import QuoteRun, inside
from retrieval.types import Entity

_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’]*\s")
_LONGEST_SENTENCE = 600
# One pronoun must outnumber the other this many times before it tells.
_MAJORITY = 2


def person_pronouns(
    text: str,
    entities: Sequence[Entity],
    full_name: Callable[[str], str],
    quoted: Sequence[QuoteRun],
) -> dict[str, str]:
    """Map each person's full name to "he" or "she" where the article tells which.

    Pronouns are counted from a mention of the person to the end of its sentence, stopping
    at the next person named, outside quotations (a speaker's "he" is often someone else). A
    person the article never settles on is left out, and fits either pronoun.
    """
    persons = [e for e in entities if e.label == "PERSON"]
    counts: dict[str, list[int]] = {}
    sentence_end = -1
    for index, entity in enumerate(persons):
        if inside(quoted, entity.start):
            continue
        if entity.start < sentence_end:
            continue  # "…by Abby Silverman that he realized": the sentence's first person's
        stop = sentence_end = _sentence_end(text, entity.end)
        if index + 1 < len(persons):
            stop = min(stop, persons[index + 1].start)
        name = full_name(_plain(text[entity.start : entity.end]))
        tally = counts.setdefault(name, [0, 0])
        for pattern, slot in ((_HE, 0), (_SHE, 1)):
            found = pattern.finditer(text, entity.end, stop)
            tally[slot] += sum(1 for m in found if not inside(quoted, m.start()))
    told: dict[str, str] = {}
    for name, (he, she) in counts.items():
        if he > _MAJORITY * she:
            told[name] = "he"
        elif she > _MAJORITY * he:
            told[name] = "she"
    return told


def _sentence_end(text: str, position: int) -> int:
    """Return where the sentence holding `position` ends, reading at most a long sentence's
    length on (a text with no full stops must not make every name read the rest of it)."""
    limit = min(len(text), position + _LONGEST_SENTENCE)
    found = _SENTENCE_END.search(text, position, limit)
    return limit if found is None else found.end()


def _plain(name: str) -> str:
    return re.sub(r"[’']s?$", "", " ".join(name.split()))
