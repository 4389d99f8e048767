"""A speaker described in one sentence and named in the next: news opens on "…, the chair of
the Food Standards Agency has warned." and names her after: "Professor Susan Jebb told The
Times that…". The description is hers, and so is the sentence it spoke in."""

from __future__ import annotations

import re

from retrieval.ingest.descriptions import DETERMINERS
from retrieval.ingest.said import Said
from retrieval.ingest.speech import TITLES, word_set

# The nouns a description of one person by their post ends in, before what they hold it at.
_POSTS = (
    TITLES
    | word_set(
        "head executive expert economist scientist analyst researcher lawyer attorney founder "
        "ceo boss manager coach adviser advisor negotiator envoy diplomat prosecutor judge"
    )
) - word_set("spokesperson spokesman spokeswoman")
_DEFINITE = re.compile(r"^(?:the|its|his|her|their)\s|^[\w.-]+[’']s?\s", re.IGNORECASE)
# Who someone is when they hold no post: not the official described before them.
_LAY = word_set(
    "resident residents passenger student witness neighbor neighbour customer voter parent "
    "mother father son daughter wife husband fan visitor owner driver victim survivor patient"
)
# Offices that tell one holder from another, and the words for heading anything.
_OFFICES = word_set(
    "president minister judge governor mayor senator chancellor secretary ambassador premier "
    "sheriff commissioner"
)
_HEADS = word_set("head chief boss leader executive chair")
_HELD_AT = re.compile(r"\s(?:of|at|for|with|in|from|on)\s")


def unnamed_post(name: str | None, written: str) -> bool:
    """Tell whether a speaker is one person described by a post, not named: "the chair of the
    Food Standards Agency" (not "officials", not "Mayor Jane Doe"). `written`: the subject as
    the sentence wrote it."""
    if not name:
        return False
    # "A senior official", "a spokesperson" stay unnamed by design: only one written as known
    # ("the chair of…", "the bloc's executive", "its director") is named after.
    if not _DEFINITE.match(written):
        return False
    words = DETERMINERS.sub("", name)
    post = _HELD_AT.split(words, maxsplit=1)[0].split()
    # A bare title ("the mayor") is as often someone named before, or a headline's.
    return bool(post) and post[-1] in _POSTS and len(words.split()) > 1


def named_right_after(
    text: str, described: Said, named: Said, position: int, role: str | None
) -> bool:
    """Tell whether a person named speaking at `position` is the one described just before:
    the next sentence, no other speaker between, the name not written before it, and no role
    that says they hold no post ("John Smith, a resident, said")."""
    name = named.speaker.name or ""
    between = text[described.until : position]
    surname = name.split()[-1] if name else ""
    held = set(re.findall(r"[a-z]+", (role or "").lower()))
    lay = bool(_LAY & held)
    return (
        named.kind == "person"
        and len(name.split()) > 1
        and not between.strip()
        and surname not in text[: described.until]
        and not lay
        and not _holds_another_office(_post_of(described.speaker.name or ""), held)
    )


def _post_of(name: str) -> str:
    """Return the noun a description of someone by post ends in ("chair" of "the chair of
    the Food Standards Agency")."""
    return _HELD_AT.split(DETERMINERS.sub("", name), maxsplit=1)[0].split()[-1]


def _holds_another_office(post: str, held: set[str]) -> bool:
    """Tell whether the words of someone's roles name an office other than the post described
    ("Israel's defense minister" is not President Joe Biden, named next); a head of anything
    ("the head of the WFP") may hold any."""
    return post not in _HEADS and post not in held and bool(_OFFICES & held)
