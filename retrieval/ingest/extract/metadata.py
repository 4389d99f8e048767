"""Article metadata read from loose sources: dates, authors, outlets and links."""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_ISO_PREFIX = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_DATE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%Y%m%d",
)


def normalise_date(value: object) -> str | None:
    """Return a date as YYYY-MM-DD, or None when it cannot be read as one."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: date | None = None
    try:
        parsed = datetime.fromisoformat(text).date()
    except ValueError:
        match = _ISO_PREFIX.match(text)
        if match:
            try:
                parsed = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                parsed = None
        else:
            parsed = _parse_written_date(text)
    if parsed is None or not 1800 <= parsed.year <= 2200:
        log.debug("ignored unreadable date %r", value)
        return None
    return parsed.isoformat()


def _parse_written_date(text: str) -> date | None:
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    cleaned = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", "", cleaned, flags=re.I)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def clean_field(value: object) -> str | None:
    """Return a string field with its whitespace collapsed, or None when empty or not a string."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    return cleaned or None


def clean_author(value: object) -> str | None:
    """Return an author field without a leading "By", or None."""
    author = clean_field(value)
    if author:
        author = re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)
    return author or None


def http_url(value: object) -> str | None:
    """Return the value when it is a plausible http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or len(value) > 2048:
        return None
    return value


def hostname(url: str | None) -> str | None:
    """Return a URL's host without "www.", to name an outlet that names itself nowhere."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
