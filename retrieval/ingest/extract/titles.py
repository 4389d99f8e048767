"""Article titles: from a file name, a first sentence or a headline, never repeated as text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from retrieval.ingest.cleaning import looks_like_headline

MAX_TITLE_CHARS = 80
_WORD = re.compile(r"\w+")
_LEADING_DATE = re.compile(r"^\d{4}[-_.]\d{1,2}[-_.]\d{1,2}[-_. ]+")


def title_from_name(name: str | None) -> str | None:
    """Turn a file name into a title: "blinken-israel-visit.txt" -> "Blinken Israel Visit"."""
    if not name:
        return None
    stem = Path(name.replace("\\", "/")).name
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    stem = _LEADING_DATE.sub("", stem) or stem
    words = re.split(r"[\s_.+-]+", stem)
    title = " ".join(word[:1].upper() + word[1:] for word in words if word)
    return title or None


def title_from_text(text: str) -> str:
    """Make a title from the start of the first sentence, cut at a word boundary."""
    first = text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".").strip()
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence or "Untitled"
    cut = sentence[: MAX_TITLE_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def clean_title(title: str) -> str:
    """Return a title with its whitespace collapsed and its unicode composed."""
    return " ".join(unicodedata.normalize("NFC", title).split())


def take_headline(text: str) -> tuple[str | None, str]:
    """Take a headline-like first paragraph as the title when more text follows it."""
    first, _, rest = text.partition("\n\n")
    if rest and looks_like_headline(first):
        return first, rest
    return None, text


def drop_leading_title(text: str, title: str | None) -> str:
    """Drop a first paragraph that repeats the title, so the headline is not quoted as text."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    return rest if rest and same_title(first, title) else text


def same_title(a: str, b: str) -> bool:
    """Return whether two titles match once case, punctuation and spacing are ignored."""
    return _title_key(a) == _title_key(b)


def _title_key(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
