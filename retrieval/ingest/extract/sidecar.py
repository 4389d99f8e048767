"""Metadata sidecars: a `<file>.json` beside a file that overrides its title, date and source."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from retrieval.errors import InvalidInput, UnsupportedContent
from retrieval.ingest.extract.decoding import decode_text
from retrieval.ingest.extract.metadata import http_url, normalise_date
from retrieval.types import ArticleDraft

MAX_SIDECAR_BYTES = 64 * 1024


def apply_sidecar(draft: ArticleDraft, path: Path) -> ArticleDraft:
    """Override a file's metadata from `<file>.json` (or `<stem>.json`) beside it."""
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate.is_file():
            return _merge_sidecar(draft, candidate)
    return draft


def _merge_sidecar(draft: ArticleDraft, sidecar: Path) -> ArticleDraft:
    try:
        raw = sidecar.read_bytes()[: MAX_SIDECAR_BYTES + 1]
    except OSError as error:
        raise InvalidInput(f"cannot read {sidecar.name}: {error.strerror or error}") from None
    if len(raw) > MAX_SIDECAR_BYTES:
        raise InvalidInput(f"{sidecar.name} is too large for a metadata file")
    try:
        meta = json.loads(decode_text(raw))
    except (json.JSONDecodeError, UnsupportedContent):
        raise InvalidInput(f"{sidecar.name} is not valid JSON") from None
    if not isinstance(meta, dict):
        raise InvalidInput(f"{sidecar.name} must hold a JSON object of metadata")

    def field(*keys: str) -> str | None:
        for key in keys:
            value = meta.get(key)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                raise InvalidInput(f"{sidecar.name}: {key!r} must be a string")
            return value.strip() or None
        return None

    published_raw = field("published", "date")
    published = normalise_date(published_raw) if published_raw else None
    if published_raw and not published:
        raise InvalidInput(f"{sidecar.name}: {published_raw!r} is not a date (use YYYY-MM-DD)")
    url = field("url")
    if url and not http_url(url):
        raise InvalidInput(f"{sidecar.name}: the url must start with http:// or https://")
    title = field("title")
    return replace(
        draft,
        title=" ".join(title.split()) if title else draft.title,
        url=url or draft.url,
        canonical_url=url or draft.canonical_url,
        outlet=field("outlet") or draft.outlet,
        author=field("author") or draft.author,
        published=published or draft.published,
    )
