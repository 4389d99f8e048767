"""Plain text and Markdown: front matter for the metadata, a headline for the title."""

from __future__ import annotations

import re
from collections.abc import Mapping

from retrieval.errors import ExtractionError
from retrieval.ingest.cleaning import (
    clean_article_text,
    normalise_lines,
    strip_markdown,
    unwrap_hard_wrapped,
)
from retrieval.ingest.extract.metadata import clean_author, http_url, normalise_date
from retrieval.ingest.extract.titles import (
    drop_leading_title,
    same_title,
    take_headline,
    title_from_name,
    title_from_text,
)
from retrieval.types import ArticleDraft

_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w -]{0,40}?)\s*:\s*(.*)$")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "canonical_url", "canonical", "link", "source_url")
_OUTLET_KEYS = ("outlet", "publication", "publisher", "site", "site_name", "sitename", "source")
_DATE_KEYS = ("published", "date", "published_at", "publish_date", "pubdate", "date_published")
_AUTHOR_KEYS = ("author", "authors", "byline", "by")


def extract_plain_text(text: str, name: str | None = None, markdown: bool = False) -> ArticleDraft:
    """Build an article from plain text or Markdown, reading front matter and a headline."""
    meta, body = parse_front_matter(text)
    heading: str | None = None
    if markdown:
        body, heading = strip_markdown(body)
    cleaned = clean_article_text(unwrap_hard_wrapped(clean_article_text(body)))
    if not cleaned:
        if body.strip():
            raise ExtractionError("nothing is left of that text once captions and ads are removed")
        raise ExtractionError("the text is empty")
    title = _first(meta, _TITLE_KEYS)
    if markdown and heading:
        heading = " ".join(normalise_lines(heading)).strip()
        first = cleaned.split("\n\n", 1)[0]
        if first == heading and (not title or same_title(title, heading)):
            title = heading
            cleaned = cleaned[len(first) :].lstrip("\n")
    elif not title:
        title, cleaned = take_headline(cleaned)
    else:
        cleaned = drop_leading_title(cleaned, title)
    if not cleaned:
        raise ExtractionError("that text holds only a title, no article text")
    url = http_url(_first(meta, _URL_KEYS))
    return ArticleDraft(
        text=cleaned,
        title=title or title_from_name(name) or title_from_text(cleaned),
        url=url,
        canonical_url=url,
        outlet=_first(meta, _OUTLET_KEYS),
        author=clean_author(_first(meta, _AUTHOR_KEYS)),
        published=normalise_date(_first(meta, _DATE_KEYS)),
        source="text",
    )


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split `---`-fenced `key: value` front matter off text; return it and the body."""
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text  # no closing fence: the dashes were a rule, not front matter
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FRONT_MATTER_LINE.match(line.strip())
        if not match:
            continue
        key = match.group(1).strip().lower().replace(" ", "_").replace("-", "_")
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        if value:
            meta[key] = value
    return meta, "\n".join(lines[end + 1 :])


def _first(meta: Mapping[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key, "").strip()
        if value:
            return value
    return None
