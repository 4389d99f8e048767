"""Files, uploads and fetched documents: size checks, then the extractor for their type."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from retrieval.errors import ContentTooLarge, InvalidInput, UnsupportedContent
from retrieval.ingest.extract.decoding import decode_text, decode_with
from retrieval.ingest.extract.html import HTML_TYPES, extract_html
from retrieval.ingest.extract.pdf import PDF_TIMEOUT_S, extract_pdf
from retrieval.ingest.extract.sidecar import apply_sidecar
from retrieval.ingest.extract.text import extract_plain_text
from retrieval.types import ArticleDraft

HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = tuple(sorted(HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES))


def extract_file(path: Path, max_bytes: int) -> ArticleDraft:
    """Extract an article from a .txt, .md, .html or .pdf file, applying a JSON sidecar."""
    suffix = _supported_suffix(path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {path.name}: {error.strerror or error}") from None
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file")
    _check_size(path.name, size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as error:
        raise InvalidInput(f"cannot read {path.name}: {error.strerror or error}") from None
    _check_size(path.name, len(data), max_bytes)
    draft = _extract_by_suffix(data, path.name, suffix)
    return apply_sidecar(replace(draft, source="file"), path)


def extract_bytes(data: bytes, filename: str, max_bytes: int) -> ArticleDraft:
    """Extract an article from an uploaded file's bytes, typed by its file name."""
    name = Path(filename.replace("\\", "/")).name or filename
    suffix = _supported_suffix(name)
    _check_size(name, len(data), max_bytes)
    return replace(_extract_by_suffix(data, name, suffix), source="file")


def extract_document(
    body: bytes, content_type: str, charset: str | None, url: str, timeout_s: float
) -> ArticleDraft:
    """Extract an article from a fetched document according to its content type."""
    kind = content_type.split(";", 1)[0].strip().lower()
    name = _name_from_url(url)
    if kind in HTML_TYPES:
        draft = extract_html(decode_with(body, charset) or body, url, timeout_s)
    elif kind == "text/plain":
        text = decode_with(body, charset)
        markdown = (name or "").lower().endswith(tuple(MARKDOWN_SUFFIXES))
        draft = extract_plain_text(text if text is not None else decode_text(body), name, markdown)
    elif kind == "application/pdf":
        draft = extract_pdf(body, name, timeout_s=max(timeout_s, PDF_TIMEOUT_S))
    else:
        raise UnsupportedContent(
            f"{kind or 'that content'} is not supported; articlebot reads HTML, plain text and PDF"
        )
    return replace(draft, url=url, canonical_url=draft.canonical_url or url, source="url")


def _supported_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise UnsupportedContent(f"{name} is not a supported file type; articlebot reads {kinds}")
    return suffix


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ContentTooLarge(
            f"{name} is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit"
        )


def _megabytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _extract_by_suffix(data: bytes, name: str, suffix: str) -> ArticleDraft:
    if suffix in PDF_SUFFIXES:
        return extract_pdf(data, name)
    if suffix in HTML_SUFFIXES:
        return extract_html(data, None)
    return extract_plain_text(decode_text(data), name, markdown=suffix in MARKDOWN_SUFFIXES)


def _name_from_url(url: str) -> str | None:
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return name or None
