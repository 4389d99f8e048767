"""HTML pages: the article text and metadata that trafilatura finds on a page."""

from __future__ import annotations

import logging
import re
from typing import Any

from retrieval.errors import ExtractionError
from retrieval.ingest.cleaning import clean_article_text
from retrieval.ingest.extract.deadline import with_deadline
from retrieval.ingest.extract.metadata import (
    clean_author,
    clean_field,
    hostname,
    http_url,
    normalise_date,
)
from retrieval.ingest.extract.titles import clean_title, drop_leading_title, title_from_text
from retrieval.types import ArticleDraft

log = logging.getLogger(__name__)

# A web page whose main text is shorter than this is a landing page, a paywall or an error
# page, not an article: storing it would only produce quotes of navigation scraps.
MIN_HTML_ARTICLE_CHARS = 200
MIN_HTML_ARTICLE_WORDS = 40
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_WORD = re.compile(r"\w+")


def extract_html(html: str | bytes, url: str | None, timeout_s: float = 20.0) -> ArticleDraft:
    """Extract an article's text and metadata from an HTML page with trafilatura."""
    document = with_deadline(
        lambda: _bare_extraction(html, url), timeout_s, "the page took too long to read"
    )
    if document is None:
        raise ExtractionError("no article text found on that page")
    title = clean_title(str(document.get("title") or ""))
    text = drop_leading_title(clean_article_text(_paragraphs(document.get("text"))), title)
    if not _long_enough(text):
        raise ExtractionError("no article text found on that page")
    canonical = http_url(document.get("url")) or url
    return ArticleDraft(
        text=text,
        title=title or title_from_text(text),
        url=url or canonical,
        canonical_url=canonical,
        outlet=clean_field(document.get("sitename")) or hostname(canonical),
        author=clean_author(document.get("author")),
        published=normalise_date(document.get("date")),
        source="url",
    )


def _bare_extraction(html: str | bytes, url: str | None) -> dict[str, Any] | None:
    """Run trafilatura on one page and return its fields as a dict (None when it finds none)."""
    # Imported here: trafilatura pulls in lxml, justext and htmldate, which text and PDF
    # extraction never need.
    from trafilatura import bare_extraction

    try:
        result = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, LookupError) as error:
        # lxml and trafilatura raise these on pages they cannot parse at all.
        log.info("trafilatura could not parse %s: %s", url or "a page", error)
        return None
    if result is None:
        return None
    fields: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    return fields if fields.get("text") else None


def _paragraphs(text: object) -> str:
    # trafilatura puts one block (paragraph, heading, list item) per line.
    return "\n\n".join(str(text or "").splitlines())


def _long_enough(text: str) -> bool:
    return (
        len(text) >= MIN_HTML_ARTICLE_CHARS and len(_WORD.findall(text)) >= MIN_HTML_ARTICLE_WORDS
    )
