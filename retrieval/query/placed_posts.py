"""A post asked for with its place or body ("the mayor of Pepinster", "the Broncos' star
safety"), matched to a speaker the article titles so where the text around names the place."""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.ingest.speech import word_set
from retrieval.query.name_words import NAME_START
from retrieval.query.speaker_names import speaks_as
from retrieval.types import Speaker

# Titles whose place an article often gives away from the name: "Mayor Philippe Godin" in a
# story about Pepinster is "the mayor of Pepinster".
_LOCAL_TITLES = word_set(
    "mayor governor sheriff chief president premier minister secretary ambassador senator "
    "commissioner chancellor"
)
# A place's name, its particles included ("Coeur d'Alene"), its first word read from its start
# ("tWitch's wife").
_NAME = rf"{NAME_START}[\w.’'-]*(?:\s+(?:[A-Z]|[a-z]{{1,2}}[’'][A-Z])[\w.’'-]*)*"
# A post may open with a body's capitalised name: "Kentucky's Senate president".
_POST = r"(?:[A-Z][\w-]*\s+)*[a-z][a-z\s-]*"
# Each form, and whether any post may take its place or body so ("the Broncos' star safety",
# "the El Combate hotel owner") or only a local title: "the Secretary of State" is no
# secretary of a place called State.
_PLACED = (
    (re.compile(rf"^(?:the\s+)?(?P<place>{_NAME}[’'](?:s\b)?)\s+(?P<title>{_POST})$"), True),
    (re.compile(rf"^(?:the\s+)?(?P<title>[a-z][a-z\s-]*?)\s+of\s+(?P<place>{_NAME})$"), False),
    (re.compile(rf"^the\s+(?P<place>{_NAME})\s+(?P<title>{_POST})$"), True),
    # "the NWS hydrologist in Portland": where the post is held, which the article may write
    # only beside the body ("the National Weather Service in Portland").
    (re.compile(rf"^(?:the\s+)?(?P<title>{_POST}?)\s+(?:in|at)\s+(?P<place>{_NAME})$"), True),
)
# A post with words of its kind the speaker's descriptions may lack but the article writes
# beside the post: "the federal judge" is the "Judge Amit Mehta" of an article that opens
# "A federal judge in Washington…".
_QUALIFIED_POST = re.compile(
    r"^(?:the\s+)?(?P<kind>(?:[a-z][a-z-]*\s+){1,2})(?P<title>[a-z][a-z-]*)$"
)


def speaks_as_in(asked: str, speaker: Speaker | None, context: str) -> bool:
    """Tell whether a speaker is the one asked about, the place of a title read off the text.

    "Jackson's mayor" or "the mayor of Pepinster" is a speaker the article calls "Mayor …"
    where the passage around names the place.
    """
    if speaks_as(asked, speaker):
        return True
    for title, place in _placed_posts(asked.strip()):
        # The post first: reading the passage for the place costs more, once per candidate.
        if (
            speaks_as(title, speaker)
            and not _held_elsewhere(asked, place, speaker)
            and place.search(context.replace("’", "'"))
        ):
            return True
    return False


# Where a speaker's own words place their post: "organizers in New York City", "organizers
# from Denver PrideFest and Seattle Pride".
_WHERE_HELD = re.compile(
    r"\b(?:in|from)\s+(?:the\s+)?(?P<where>[A-Z][\w.’'-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w.’'-]*)*)"
)


def _held_elsewhere(asked: str, place: re.Pattern[str], speaker: Speaker | None) -> bool:
    """Tell whether the speaker's own words hold their post somewhere other than the place
    asked: "organizers in New York City" are not "the Tulsa Pride organizers", though the
    article names Tulsa Pride. A body the asked name writes by its initials is no other place
    ("meteorologist from the National Weather Service" for "the NWS meteorologist in
    Portland")."""
    if speaker is None:
        return False
    own = f"{speaker.written} {speaker.role or ''}".replace("’", "'")
    for held in _WHERE_HELD.finditer(own):
        where = held.group("where")
        initials = "".join(w[0] for w in where.split() if w[0].isupper())
        named = re.search(rf"\b{re.escape(where)}\b", asked, re.IGNORECASE) or (
            len(initials) > 1 and re.search(rf"\b{initials}\b", asked)
        )
        if not place.search(where) and not named:
            return True
    return False


def _place_pattern(words: list[str]) -> re.Pattern[str]:
    """Match a place as named or, where it is several words, by its initials ("NY's Cuomo")."""
    forms = [re.escape(" ".join(words))]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        forms.append("(?-i:" + r"\.?".join(w[0] for w in words) + r"\.?)")  # not "us"
    return re.compile(rf"\b(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _placed_posts(asked: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return the posts an asked name holds with the place or body it takes them from: "the
    Broncos' star safety" is ("the star safety", /Broncos/)."""
    found = []
    for form, any_post in _PLACED:
        placed = form.match(asked)
        if placed is None:
            continue
        if not any_post and not set(placed.group("title").split()) & _LOCAL_TITLES:
            continue
        words = re.sub(r"[’']s?$", "", placed.group("place")).replace("’", "'").split()
        # "the New York Assembly speaker": the place may end before the body's name begins.
        for cut in range(len(words), 0, -1):
            title = " ".join([*words[cut:], placed.group("title")])
            found.append((f"the {title}", _place_pattern(words[:cut])))
    qualified = _QUALIFIED_POST.match(asked)
    if qualified:
        phrase = re.escape(f"{qualified.group('kind')}{qualified.group('title')}")
        found.append((f"the {qualified.group('title')}", re.compile(rf"\b{phrase}\b", re.I)))
    return tuple(dict.fromkeys(found))
