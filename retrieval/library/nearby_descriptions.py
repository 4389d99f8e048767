"""A description or first name asked that no stored speaker matches, read off the sentences that
name a person.

"The Polylok president" is Patrick Gavin where the article writes "Patrick Gavin, president of
Polylok" in a paragraph whose statements store only "he said"; "the study author" is the
"resident … and one of the study authors" whose description was cut at a comma. The stored
descriptions hold a few words beside each name; the sentences that name the person hold the
rest. Read only when the asked speaker matched no one by name or stored description; last of
all, the post a description is about is looked for beside the name and its other words anywhere
in the story ("the St. Jude physician assistant on the Inspiration4 crew").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import NamedTuple

from retrieval.ingest.descriptions import looks_like_a_name
from retrieval.ingest.speech import GROUP_NOUNS, word_set
from retrieval.ingest.subjects import noun_for_someone
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
# A word of the description found elsewhere in the person's article, not beside their name,
# counts this much of one found beside it: the story, not the person, may be what it names.
_IN_STORY = 0.5
# The share of a description's other words a person named with its post must hold.
_LEAST_BY_POST = 0.5
# How much more of a description's other words one of several people it matched must fit
# than the next, for that one alone to be meant.
_CLEARLY_BETTER = 0.2
# Words that start a phrase placing a post: "the president of…", "the assistant on the crew".
_PLACING = re.compile(r"\b(?:of|in|on|at|for|with|from|over|behind|who|whose|that)\b", re.I)


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
    wanted = _described_words(asked)
    if len(wanted) < _LEAST_WORDS:
        return []
    people = _people(candidates, speaker_of)
    shares = {
        person: sum(_holds(word, named.beside) for word in wanted) / len(wanted)
        for person, named in _named_as(people, wanted, articles, speaker_of).items()
    }
    return _the_one(shares, _LEAST_SHARE, people)


def described_by_post(
    asked: str,
    candidates: Sequence[Candidate],
    articles: dict[int, str],
    speaker_of: Callable[[Candidate], Speaker | None],
) -> list[Candidate]:
    """Return the statements of the one person named with the post an asked description is
    about, its other words held beside their name or anywhere in their story.

    "The president of the Florida pediatrics academy chapter" is the "chapter President Dr.
    Lisa Gwynn" of an article on Florida's vaccine advice; "the St. Jude physician assistant
    on the Inspiration4 crew" is the "physician assistant at St. Jude" of a story on that
    crew. Askers describe someone with words from the story as well as from their post; the
    post itself must be written where the person is named. Read last, where no one matches
    more closely: the post and the story's words are a looser match than the whole
    description beside the name.
    """
    described = _by_post_asked(asked)
    if described is None:
        return []
    post, wanted, others = described
    people = _people(candidates, speaker_of)
    shares = {
        person: _held_by_post(others, named)
        for person, named in _named_as(people, wanted, articles, speaker_of).items()
        if _holds(post, named.beside)
    }
    return _the_one(shares, _LEAST_BY_POST, people)


def best_described(
    asked: str,
    found: Sequence[Candidate],
    articles: dict[int, str],
    speaker_of: Callable[[Candidate], Speaker | None],
) -> list[Candidate]:
    """Return the statements of the one person an asked description fits clearly best, where
    it matched several: "Utah's outgoing senator" matches every senator an article quotes,
    but only one of them is named with Utah beside the name or in their story. All of them
    where a name is asked, the description has no post for a person, a statement is a body's,
    or no one fits clearly better."""
    described = _by_post_asked(asked) if len(found) > 1 else None
    if described is None:
        return list(found)
    _, wanted, others = described
    people = _people(found, speaker_of)
    if any(person is None for _, person in people) or len({p for _, p in people}) < 2:
        return list(found)
    fits = sorted(
        (
            (_held_by_post(others, named), person)
            for person, named in _named_as(people, wanted, articles, speaker_of).items()
        ),
        reverse=True,
    )
    if len(fits) < 2 or fits[0][0] - fits[1][0] <= _CLEARLY_BETTER:
        return list(found)
    return [c for c, person in people if person == fits[0][1]]


def named_by_first_name(
    asked: str,
    candidates: Sequence[Candidate],
    speaker_of: Callable[[Candidate], Speaker | None],
) -> list[Candidate]:
    """Return the statements of the one person whose first name is the one word asked: "Kyrie"
    is the Kyrie Irving whom the article calls Irving. Asked only where no one's surname or
    description matched; none where two people share the first name ("Joe")."""
    words = asked.split()
    if len(words) != 1 or not is_bare_name(asked):
        return []
    first = words[0].casefold()
    said = _people(candidates, speaker_of)
    people = {
        person
        for _, person in said
        if person is not None and len(person.split()) > 1 and person.split()[0].casefold() == first
    }
    if len(people) != 1:
        return []
    return [c for c, person in said if person in people]


def _described_words(asked: str) -> list[str]:
    """Return the words of an asked description that may describe someone, in order."""
    return [w for w in name_tokens(asked) if w not in _NO_DESCRIPTION]


def _by_post_asked(asked: str) -> tuple[str, list[str], list[str]] | None:
    """Return the post an asked description is about, its words, and its words but the post;
    None for a name, a description of too few words, or one with no post for a person."""
    post = _post_asked(asked)
    wanted = _described_words(asked)
    if post is None or is_bare_name(asked) or len(wanted) < _LEAST_WORDS:
        return None
    return post, wanted, [w for w in wanted if w != post]


def _held_by_post(others: list[str], named: _Named) -> float:
    """Return the share of the description's other words the person's naming sentences hold,
    those only their story holds counted less."""
    story = _words_of(named.story)
    held = [
        1.0 if _holds(w, named.beside) else _IN_STORY if _holds(w, story) else 0.0 for w in others
    ]
    return sum(held) / (len(others) or 1)


def _post_asked(asked: str) -> str | None:
    """Return the noun for someone that an asked description is about: the last word before
    any phrase that places it ("president" of "the nurses union president", "assistant" of
    "the St. Jude physician assistant on the crew"); None for a body ("the UN human rights
    office") or no noun for a person."""
    before = [w for w in name_tokens(_PLACING.split(asked, maxsplit=1)[0]) if w not in FILLER]
    if not before or before[-1] in _NO_DESCRIPTION:
        return None
    post = before[-1]
    one = post[:-1] if post.endswith("s") else post  # "the Tulsa Pride organizers"
    return post if post in TOPS or noun_for_someone(post) or noun_for_someone(one) else None


class _Named(NamedTuple):
    """The words a person's naming sentences hold, and their whole article."""

    beside: frozenset[str]
    story: str


def _people(
    candidates: Sequence[Candidate], speaker_of: Callable[[Candidate], Speaker | None]
) -> list[tuple[Candidate, str | None]]:
    """Return each candidate with the person who says it, where a person does."""
    return [(c, _person_named(speaker_of(c))) for c in candidates]


def _named_as(
    people: list[tuple[Candidate, str | None]],
    wanted: list[str],
    articles: dict[int, str],
    speaker_of: Callable[[Candidate], Speaker | None],
) -> dict[str, _Named]:
    """Return the words around each person's mentions and of their article, for each person
    whose own name holds none of the asked words ("Bryce's mom" is not Bryce)."""
    found: dict[str, _Named] = {}
    owners: set[str] = set()
    for candidate, person in people:
        if person is None or person in found or person in owners:
            continue
        if set(name_tokens(person)) & set(wanted) and not _names_a_body(person):
            owners.add(person)
            continue
        text = articles[candidate.passage.source.article_id]
        naming = _naming_sentences(person, text, speaker_of(candidate))
        found[person] = _Named(_words_of(naming), text)
    return found


# The last words of a body's name: "the Coeur d'Alene Pride organizers" may be the "North Idaho
# Pride Alliance", whose name holds "Pride", where "Bryce's mom" is not Bryce.
_BODY_ENDINGS = GROUP_NOUNS | word_set("alliance federation society front fund party")


def _names_a_body(name: str) -> bool:
    """Tell whether a name read as a person's is a body's by its last word."""
    return name.split()[-1].lower() in _BODY_ENDINGS


# A story is read once for all the people it names.
@lru_cache(maxsize=256)
def _words_of(text: str) -> frozenset[str]:
    """Return a text's words as names are compared, with each capitalised run's initials."""
    return frozenset(name_tokens(text)) | acronyms_of(text)


def _the_one(
    shares: dict[str, float], least: float, people: list[tuple[Candidate, str | None]]
) -> list[Candidate]:
    """Return the statements of the one person with the highest share, at least `least`;
    none on a tie."""
    best = max(shares.values(), default=0.0)
    found = [person for person, share in shares.items() if share == best]
    if best < least or len(found) != 1:
        return []
    return [c for c, person in people if person == found[0]]


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


def _holds(word: str, words: AbstractSet[str]) -> bool:
    """Tell whether a word, or a form of it sharing its first letters, is among the words (each
    capitalised run's initials among them: "the CPSC chair" is the "Consumer Product Safety
    Commission Chair"); "head" is any top post, "PM" a prime minister."""
    if word in words:
        return True
    if word in HEADS and words & TOPS:
        return True
    if word == "pm" and words >= _PRIME_MINISTER:
        return True
    agent = _AGENT_NOUN.fullmatch(word)
    if agent:
        # Who does something is named by that deed, not by any word of its first letters:
        # "organizers" are those who "organized" it, not an "organization" (a group's
        # members wearing its patches are not the event's organizers).
        doer = re.compile(rf"{re.escape(agent['root'])}(?:ers?|ors?|ed|ing)")
        return any(doer.fullmatch(w) for w in words)
    return len(word) >= _STEM and any(w.startswith(word[:_STEM]) for w in words)


# A word for who does something, and what they do: "organizers" of "organiz(e)".
_AGENT_NOUN = re.compile(r"(?P<root>\w{4,}?)(?:ers?|ors?)")
