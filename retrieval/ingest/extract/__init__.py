"""Turn fetched pages, uploads and files (HTML, plain text, Markdown, PDF) into ArticleDrafts.

One module per format (`html`, `pdf`, `text`), the bytes-to-text `decoding`, the `files` that
pick an extractor by suffix or content type, and the shared `titles`, `metadata` and `deadline`.
"""

from __future__ import annotations

from retrieval.ingest.extract.decoding import decode_text
from retrieval.ingest.extract.files import (
    SUPPORTED_SUFFIXES,
    extract_bytes,
    extract_document,
    extract_file,
)
from retrieval.ingest.extract.html import extract_html
from retrieval.ingest.extract.metadata import normalise_date
from retrieval.ingest.extract.pdf import extract_pdf
from retrieval.ingest.extract.text import extract_plain_text, parse_front_matter
from retrieval.ingest.extract.titles import title_from_name, title_from_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "decode_text",
    "extract_bytes",
    "extract_document",
    "extract_file",
    "extract_html",
    "extract_pdf",
    "extract_plain_text",
    "normalise_date",
    "parse_front_matter",
    "title_from_name",
    "title_from_text",
]
