"""Telling a government body from a business: "the company said" is never the FDA."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from retrieval.ingest.speech import word_set

# Nouns for a business, which a government body never is.
COMMERCIAL_NOUNS = word_set(
    "company firm retailer automaker airline carrier maker chain business brand manufacturer"
)
# Nouns a government body is referred back to by: "the agency said" after "NHTSA's Office of
# Defects Investigation" and a mention of Tesla is NHTSA. Not "the department", as often a
# police or fire department's, nor "the administration", a president's.
PUBLIC_NOUNS = word_set("agency ministry bureau commission regulator")
# Head nouns of the name of a body "the agency" may mean: not a legislature, a court or police.
# "Centers" and "Institutes" head the "Centers for Disease Control and Prevention" and the
# "National Institutes of Health"; "office", a prosecutor's or a state's.
_AGENCY_WORDS = word_set(
    "administration agency department commission ministry bureau service survey authority "
    "centers institutes office"
)
# Head nouns of a government body's name.
_PUBLIC_WORDS = word_set(
    "administration agency department commission ministry bureau government council court "
    "police congress senate parliament"
)
# Words initials leave out: "FDA" is "Food and Drug Administration".
_INITIALS_SKIP = word_set("of and the for &")
# A run of capitalised words, with the small words initials leave out inside it.
_NAME_RUN = re.compile(r"[A-Z][\w-]*(?:\s+(?:of|and|the|for|&|[A-Z][\w-]*))+")
_INITIALS = re.compile(r"[A-Z]{2,6}")


def is_public_body(name: str, text: str, heads: frozenset[str] = _PUBLIC_WORDS) -> bool:
    """Tell whether a body's name is a government's ("the Consumer Product Safety
    Commission", "the Department of Agriculture"), or the initials of one the text spells out
    ("FDA"). "Fire Department Coffee" is a business: its head noun is "Coffee". `heads`: the
    head nouns that tell."""
    if _head(name.split()) in heads:
        return True
    if not _INITIALS.fullmatch(name):
        return False
    for run in _NAME_RUN.finditer(text):
        words = [w for w in run.group().split() if w.lower() not in _INITIALS_SKIP]
        initials = "".join(w[0] for w in words)
        if name in initials and _head(run.group().split()) in heads:
            return True
    return False


def _head(words: list[str]) -> str:
    """Return a name's head noun, lower-cased: its last word before "of" or "for"."""
    for index, word in enumerate(words):
        if index and word.lower() in ("of", "for"):
            return words[index - 1].lower()
    return words[-1].lower() if words else ""


def unfit_for(noun: str, text: str) -> Callable[[str], bool] | None:
    """Return the test of a body's name that rules it out as what "the <noun> said" refers
    back to: a government body for "the company", a business for "the agency"; None for a
    noun either may be."""
    if noun in COMMERCIAL_NOUNS:
        return partial(is_public_body, text=text)
    if noun in PUBLIC_NOUNS:
        # Initials the article never spells out ("the CDC", "the NTSB") may well be one.
        return lambda name: (
            not (_INITIALS.fullmatch(name) or is_public_body(name, text, _AGENCY_WORDS))
        )
    return None
