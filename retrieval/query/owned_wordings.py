"""A speaker written as what a body or person put out: "Twitter's status page", "UNHCR's Global
Trends Report", "USGS data" speak for Twitter, UNHCR and the USGS."""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.ingest.speech import DOCUMENT_NOUNS, word_set

# What one puts out and is quoted from, besides the statements and posts any speaker makes.
_PUT_OUT = DOCUMENT_NOUNS | word_set(
    "website site page account feed report reports data figures findings survey bio blog "
    "newsletter guidance guidelines update updates"
)
# The owner, a name in capitals: with "'s", at most three words may come before the noun for
# what was put out ("UNHCR's Global Trends Report"); without it, none ("USGS data"), since
# then a word between makes the name another's ("Trump administration report").
_OWNED = re.compile(
    r"(?:the\s+)?(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)"
    r"(?:[’']s?\s+(?:[\w-]+\s+){0,3}?|\s+)(?P<noun>[\w-]+)"
)


# Read once per name: a question compares every candidate's speaker with the one asked.
@lru_cache(maxsize=4096)
def owner_of(name: str | None) -> str | None:
    """Return who put out what a speaker's name writes as a document, a page or an account."""
    if not name:
        return None
    owned = _OWNED.fullmatch(name.strip())
    if owned is None or owned["noun"].lower() not in _PUT_OUT:
        return None
    return owned["owner"]
