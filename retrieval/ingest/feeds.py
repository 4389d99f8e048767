"""Feeds: RSS 2.0, RSS 1.0 and Atom bodies parsed into entries, every link in them checked."""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import feedparser

from retrieval.errors import BlockedURL, ContentTooLarge, InvalidInput
from retrieval.ingest.urls import canonicalize_url, validate_url

log = logging.getLogger(__name__)

# What servers call their feeds; text/plain and text/html are left out on purpose: a page
# given as a feed is a mistake the member should hear about, not a parse of a web page.
FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml;q=0.9,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)
# An <item> (RSS) or <entry> (Atom) start tag, namespaced or not: counted on the raw bytes so
# that a feed of far too many entries is refused before the parser builds them all.
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
MAX_KEY_CHARS = 2048


@dataclass(frozen=True)
class FeedEntry:
    """One entry: its identity, its link (checked, or None), and what the feed says of it."""

    key: str  # the entry's id, else its canonical link: what marks it seen
    link: str | None
    title: str
    published: str | None  # YYYY-MM-DD
    author: str | None
    content_html: str  # the fullest body the feed gives, sanitised by feedparser


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and entries, newest first as the feed lists them."""

    title: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(body: bytes, url: str, *, max_entries: int) -> ParsedFeed:
    """Parse a fetched feed's bytes; refuse what is no feed or has more than `max_entries`."""
    tags = len(_ENTRY_TAG.findall(body))
    if tags > max_entries:
        raise ContentTooLarge(_too_many(tags, max_entries))
    # A BytesIO, never the bytes or a string: feedparser fetches a string that looks like a URL.
    parsed: Any = feedparser.parse(
        io.BytesIO(body), response_headers={"content-location": url}, sanitize_html=True
    )
    if not parsed.get("version"):
        problem = getattr(parsed, "bozo_exception", None)
        log.info("%s is not a feed: %s", url, problem)
        raise InvalidInput("that link is not an RSS or Atom feed")
    if len(parsed.entries) > max_entries:
        raise ContentTooLarge(_too_many(len(parsed.entries), max_entries))
    entries = [e for e in (_entry(raw) for raw in parsed.entries) if e is not None]
    title = " ".join(str(parsed.feed.get("title") or "").split())[:300] or None
    return ParsedFeed(title, tuple(entries))


def _too_many(count: int, limit: int) -> str:
    return f"the feed lists {count:,} entries, more than the {limit:,} allowed"


def _entry(raw: Any) -> FeedEntry | None:
    """Read one entry; None when it has neither an id nor a link to know it by."""
    link = _checked_link(raw.get("link"))
    ident = str(raw.get("id") or "").strip()
    key = ident or (canonicalize_url(link) if link else "")
    if not key:
        return None
    return FeedEntry(
        key=key[:MAX_KEY_CHARS],
        link=link,
        title=" ".join(str(raw.get("title") or "").split())[:300],
        published=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=" ".join(str(raw.get("author") or "").split())[:200] or None,
        content_html=_content(raw),
    )


def _checked_link(value: object) -> str | None:
    """Return an entry's link if it is an http(s) URL of sound shape; it is fetched later."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        validate_url(value, allowed_ports=None)  # the fetcher applies the port rule
    except BlockedURL:
        return None
    return value.strip()


def _content(raw: Any) -> str:
    """Return the longest body the entry carries: full content, else its summary."""
    bodies = [str(c.get("value") or "") for c in raw.get("content") or []]
    bodies.append(str(raw.get("summary") or ""))
    return max(bodies, key=len)


def _date(value: object) -> str | None:
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    return None


class _TextCollector(HTMLParser):
    """Collect an HTML fragment's text, a paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def entry_text(content_html: str) -> str:
    """Return an entry body's text: paragraphs kept, tags and extra spaces gone."""
    collector = _TextCollector()
    collector.feed(content_html)
    collector.close()
    paragraphs = (_SPACES.sub(" ", p).strip() for p in "".join(collector.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
