"""PDF files: the text layer read with pypdf, titled from its metadata or first heading."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from retrieval.errors import ExtractionError
from retrieval.ingest.cleaning import clean_article_text, join_pdf_lines, normalise_lines
from retrieval.ingest.extract.deadline import with_deadline
from retrieval.ingest.extract.metadata import clean_author, clean_field
from retrieval.ingest.extract.pdf_layout import PAGE_BREAK, PositionedLines, merge_page_breaks
from retrieval.ingest.extract.titles import (
    drop_leading_title,
    take_headline,
    title_from_name,
    title_from_text,
)
from retrieval.types import ArticleDraft

log = logging.getLogger(__name__)

# A PDF with fewer letters than this per page has no usable text layer (scans often carry
# a stray line such as a scanner's watermark).
MIN_PDF_LETTERS_PER_PAGE = 20
MAX_PDF_PAGES = 500
PDF_TIMEOUT_S = 60.0
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]", re.I
)
_JUNK_PDF_TITLE = re.compile(
    r"(?:untitled.*|document\d*|microsoft word.*|.*\.(?:docx?|pdf|odt|rtf|indd|qxd|txt)|"
    r"slide \d+|\W*)",
    re.IGNORECASE,
)
_PDF_TITLE_PREFIX = re.compile(r"^microsoft (?:word|powerpoint) - ", re.IGNORECASE)


def extract_pdf(
    data: bytes, name: str | None = None, *, timeout_s: float = PDF_TIMEOUT_S
) -> ArticleDraft:
    """Extract the text layer of a PDF with pypdf, rebuilding its paragraphs."""
    title, author, pages = with_deadline(
        lambda: _read_pdf(data), timeout_s, "the PDF took too long to read"
    )
    lines: list[str] = []
    for page in pages:
        page_lines = [line for line in normalise_lines(page) if not _PAGE_NUMBER.fullmatch(line)]
        lines.extend("\n".join(page_lines).strip("\n").split("\n"))
        lines.append(PAGE_BREAK)
    letters = sum(c.isalpha() for line in lines for c in line)
    if not pages or letters < MIN_PDF_LETTERS_PER_PAGE * len(pages):
        raise ExtractionError("that PDF has no text layer (is it a scan?)")
    text = clean_article_text(join_pdf_lines(merge_page_breaks(lines)))
    if not text:
        raise ExtractionError("that PDF has no text layer (is it a scan?)")
    if not title:
        title, text = take_headline(text)
    else:
        text = drop_leading_title(text, title)
    if not text:
        raise ExtractionError("that PDF holds only a title, no article text")
    return ArticleDraft(
        text=text,
        title=title or title_from_name(name) or title_from_text(text),
        author=author,
        source="file",
    )


def _read_pdf(data: bytes) -> tuple[str | None, str | None, list[str]]:
    """Open a PDF and return its metadata title and author and each page's raw text."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError("that file is not a PDF (it has no PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader)
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise ExtractionError(
                f"that PDF has {count} pages; articlebot reads PDFs of up to {MAX_PDF_PAGES}"
            )
        info = _pdf_info(reader)
        pages = [_page_text(page, number) for number, page in enumerate(reader.pages, 1)]
    except (FileNotDecryptedError, DependencyError) as error:
        log.info("encrypted PDF refused: %s", error)
        raise ExtractionError(
            "that PDF is encrypted; save an unprotected copy and try again"
        ) from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError) as error:
        # pypdf surfaces damage as any of these, depending on which structure is broken.
        log.info("damaged PDF refused: %r", error)
        raise ExtractionError("that PDF is damaged and could not be read") from None
    except RecursionError:
        raise ExtractionError("that PDF is damaged and could not be read") from None
    return info[0], info[1], pages


def _decrypt(reader: Any) -> None:
    """Open a PDF encrypted with an empty user password (common for 'protected' PDFs)."""
    from pypdf.errors import FileNotDecryptedError

    if not reader.decrypt(""):
        raise FileNotDecryptedError("needs a password")


def _pdf_info(reader: Any) -> tuple[str | None, str | None]:
    try:
        meta = reader.metadata
    except Exception as error:  # noqa: BLE001 - a broken Info dictionary must not sink the text
        log.info("unreadable PDF metadata: %r", error)
        return None, None
    if meta is None:
        return None, None
    title = _PDF_TITLE_PREFIX.sub("", clean_field(meta.get("/Title")) or "").strip()
    if _JUNK_PDF_TITLE.fullmatch(title):
        title = ""
    return title or None, clean_author(meta.get("/Author"))


def _page_text(page: Any, number: int) -> str:
    """Return a page's text, with a blank line wherever the layout starts a new paragraph."""
    from pypdf.errors import PdfReadError

    lines = PositionedLines()
    try:
        text = str(page.extract_text(visitor_text=lines.visit) or "")
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        # One broken page should not cost the rest of the document.
        log.info("could not read the text of PDF page %d: %r", number, error)
        return ""
    laid_out = lines.text()
    # The positions only add paragraph breaks; if they disagree with the text, trust the text.
    if "".join(laid_out.split()) != "".join(text.split()):
        laid_out = text
    return laid_out.translate(_LIGATURES)
