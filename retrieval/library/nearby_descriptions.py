"""A description asked that no stored speaker matches, read off the sentences that name a person.

"The Polylok president" is Patrick Gavin where the article writes "Patrick Gavin, president of
Polylok" in a paragraph whose statements store only "he said"; "the study author" is the
"resident … and one of the study authors" whose description was cut at a comma. The stored
descriptions hold a few words beside each name; the sentences that name the person hold the
rest. Read only when the asked speaker matched no one by name or stored description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from retrieval.ingest.descriptions import looks_like_a_name
from retrieval.ingest.speech import word_set
from retrieval.query.features import Candidate
from retrieval.query.name_initials import acronyms_of
from retrieval.query.name_words import name_tokens
from retrieval.query.speaker_names import (
    FILLER,
    HEADS,
    HOLDERS,
    TOPS,
    is_bare_name,
    split_titles,
)
from retrieval.types import Speaker

# The share of the asked description's words that the sentences naming a person must hold.
_LEAST_SHARE = 0.75
# An asked description of fewer words says too little to tell people apart ("the official").
_LEAST_WORDS = 2
# Words that describe no one: fillers, a relative clause's frame ("the justice who wrote the
# leaked draft"), and nouns for whoever holds some post at a place, which say nothing of which.
_NO_DESCRIPTION = (
    FILLER
    | HOLDERS
    | word_set("who whom that which did does do is was were has have had with by about from")
)
# A word of this many letters or more is matched by its first letters, so that a form of it counts:
# "testified" for "testify", "organizers" for "organizer", "industries" for "industry".
_STEM = 5
# How far either side of a mention its description is read: a long sentence's far end is
# about something else ("…, a quarterback, said Mayor Ruiz").
_AROUND = 150
_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s|\n")


def described_nearby(
    asked: str,
    candidates: Sequence[Candidate],
    articles: dict[int, str],
    speaker_of: Callable[[Candidate], Speaker | None],
) -> list[Candidate]:
    """Return the statements of the one person whose naming sentences describe them as asked.

    `articles`: each article as read. No one is returned for a name asked alone, a description
    of too few words, a tie, or a description that holds the person's own name ("Bryce's mom"
    is not Bryce).
    """
    if is_bare_name(asked):
        return []
    wanted = [w for w in name_tokens(asked) if w not in _NO_DESCRIPTION]
    if len(wanted) < _LEAST_WORDS:
        return []
    asked_words = set(wanted)
    people = [_person_named(speaker_of(c)) for c in candidates]
    shares: dict[str, float] = {}
    for candidate, person in zip(candidates, people, strict=True):
        if person is None or person in shares:
            continue
        if set(name_tokens(person)) & asked_words:
            shares[person] = 0.0
            continue
        text = articles[candidate.passage.source.article_id]
        naming = _naming_sentences(person, text, speaker_of(candidate))
        words = set(name_tokens(naming)) | acronyms_of(naming)
        shares[person] = sum(_holds(word, words) for word in wanted) / len(wanted)
    best = max(shares.values(), default=0.0)
    found = [person for person, share in shares.items() if share == best]
    if best < _LEAST_SHARE or len(found) != 1:
        return []
    return [c for c, person in zip(candidates, people, strict=True) if person == found[0]]


def _person_named(speaker: Speaker | None) -> str | None:
    """Return a speaker's name where it reads as a person's (titles aside), else None."""
    return None if speaker is None or speaker.name is None else _as_person(speaker.name)


# Every statement of a question's pool is looked at, most of them by the same few people.
@lru_cache(maxsize=4096)
def _as_person(name: str) -> str | None:
    """Return a name, titles aside, where it reads as a person's."""
    words = " ".join(split_titles(name)[1])
    return words if looks_like_a_name(words) else None


def _naming_sentences(person: str, text: str, speaker: Speaker | None) -> str:
    """Return the person's stored description with the words around each mention of their
    surname, within its sentence."""
    surname = person.split()[-1]
    found = [speaker.role or "", speaker.written] if speaker is not None else []
    for mention in re.finditer(rf"\b{re.escape(surname)}\b", text):
        start = max(0, mention.start() - _AROUND)
        # The sentence's start, where it falls within reach.
        start = max(
            (m.end() for m in _SENTENCE_END.finditer(text, start, mention.start())), default=start
        )
        end = _SENTENCE_END.search(text, mention.end(), mention.end() + _AROUND)
        found.append(text[start : end.start() if end else mention.end() + _AROUND])
    return " ".join(found)


# Words an asker uses for a post the article writes another way.
_PRIME_MINISTER = word_set("prime minister")


def _holds(word: str, words: set[str]) -> bool:
    """Tell whether a word, or a form of it sharing its first letters, is among the words (each
    capitalised run's initials among them: "the CPSC chair" is the "Consumer Product Safety
    Commission Chair"); "head" is any top post, "PM" a prime minister."""
    if word in words:
        return True
    if word in HEADS and words & TOPS:
        return True
    if word == "pm" and words >= _PRIME_MINISTER:
        return True
    return len(word) >= _STEM and any(w.startswith(word[:_STEM]) for w in words)
