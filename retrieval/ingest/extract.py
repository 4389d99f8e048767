"""Turn fetched pages, uploads and files (HTML, plain text, Markdown, PDF) into ArticleDrafts."""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from charset_normalizer import from_bytes

from retrieval.errors import ContentTooLarge, ExtractionError, InvalidInput, UnsupportedContent
from retrieval.ingest.cleaning import (
    clean_article_text,
    join_pdf_lines,
    looks_like_headline,
    normalise_lines,
    strip_markdown,
    unwrap_hard_wrapped,
)
from retrieval.types import ArticleDraft

log = logging.getLogger(__name__)

T = TypeVar("T")

# A web page whose main text is shorter than this is a landing page, a paywall or an error
# page, not an article: storing it would only produce quotes of navigation scraps.
MIN_HTML_ARTICLE_CHARS = 200
MIN_HTML_ARTICLE_WORDS = 40
# A PDF with fewer letters than this per page has no usable text layer (scans often carry
# a stray line such as a scanner's watermark).
MIN_PDF_LETTERS_PER_PAGE = 20
MAX_PDF_PAGES = 500
PDF_TIMEOUT_S = 60.0
# Runaway extractions cannot be killed, only abandoned; this caps how many can pile up.
MAX_CONCURRENT_EXTRACTIONS = 4
MAX_SIDECAR_BYTES = 64 * 1024
MAX_TITLE_CHARS = 80
# Share of characters that may be control/unassigned before bytes count as binary.
MAX_NONTEXT_SHARE = 0.02

HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = tuple(sorted(HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES))
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_slots = threading.BoundedSemaphore(MAX_CONCURRENT_EXTRACTIONS)

_WORD = re.compile(r"\w+")
_PAGE_BREAK = "\f"  # never survives normalise_lines, so it cannot collide with page text
_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'”’)\]]*$")
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
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w -]{0,40}?)\s*:\s*(.*)$")
_LEADING_DATE = re.compile(r"^\d{4}[-_.]\d{1,2}[-_.]\d{1,2}[-_. ]+")
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

_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "canonical_url", "canonical", "link", "source_url")
_OUTLET_KEYS = ("outlet", "publication", "publisher", "site", "site_name", "sitename", "source")
_DATE_KEYS = ("published", "date", "published_at", "publish_date", "pubdate", "date_published")
_AUTHOR_KEYS = ("author", "authors", "byline", "by")


# -- HTML ---------------------------------------------------------------------------------------


def extract_html(html: str | bytes, url: str | None, timeout_s: float = 20.0) -> ArticleDraft:
    """Extract an article's text and metadata from an HTML page with trafilatura."""
    document = _with_deadline(
        lambda: _bare_extraction(html, url), timeout_s, "the page took too long to read"
    )
    if document is None:
        raise ExtractionError("no article text found on that page")
    title = _clean_title(str(document.get("title") or ""))
    text = _drop_leading_title(clean_article_text(_paragraphs(document.get("text"))), title)
    if not _long_enough(text):
        raise ExtractionError("no article text found on that page")
    canonical = _http_url(document.get("url")) or url
    return ArticleDraft(
        text=text,
        title=title or title_from_text(text),
        url=url or canonical,
        canonical_url=canonical,
        outlet=_clean_field(document.get("sitename")) or _hostname(canonical),
        author=_clean_author(document.get("author")),
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


def _http_url(value: object) -> str | None:
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


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


# -- PDF ----------------------------------------------------------------------------------------


def extract_pdf(
    data: bytes, name: str | None = None, *, timeout_s: float = PDF_TIMEOUT_S
) -> ArticleDraft:
    """Extract the text layer of a PDF with pypdf, rebuilding its paragraphs."""
    title, author, pages = _with_deadline(
        lambda: _read_pdf(data), timeout_s, "the PDF took too long to read"
    )
    lines: list[str] = []
    for page in pages:
        page_lines = [line for line in normalise_lines(page) if not _PAGE_NUMBER.fullmatch(line)]
        lines.extend("\n".join(page_lines).strip("\n").split("\n"))
        lines.append(_PAGE_BREAK)
    letters = sum(c.isalpha() for line in lines for c in line)
    if not pages or letters < MIN_PDF_LETTERS_PER_PAGE * len(pages):
        raise ExtractionError("that PDF has no text layer (is it a scan?)")
    text = clean_article_text(join_pdf_lines(_merge_page_breaks(lines)))
    if not text:
        raise ExtractionError("that PDF has no text layer (is it a scan?)")
    if not title:
        title, text = _take_headline(text)
    else:
        text = _drop_leading_title(text, title)
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
    title = _PDF_TITLE_PREFIX.sub("", _clean_field(meta.get("/Title")) or "").strip()
    if _JUNK_PDF_TITLE.fullmatch(title):
        title = ""
    return title or None, _clean_author(meta.get("/Author"))


def _page_text(page: Any, number: int) -> str:
    """Return a page's text, with a blank line wherever the layout starts a new paragraph."""
    from pypdf.errors import PdfReadError

    lines = _PositionedLines()
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


class _PositionedLines:
    """Collect pypdf's text runs with where they start, and find paragraph breaks from them."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, float, float]] = []  # text, x, y of each line's first run
        self._text: list[str] = []
        self._at: tuple[float, float] | None = None

    def visit(self, text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        """Receive one run of text from pypdf's extractor."""
        pieces = str(text).split("\n")
        for index, piece in enumerate(pieces):
            if index:
                self._close()
            if piece and self._at is None:
                tx, ty = float(tm[4]), float(tm[5])
                self._at = (
                    float(cm[0]) * tx + float(cm[2]) * ty + float(cm[4]),
                    float(cm[1]) * tx + float(cm[3]) * ty + float(cm[5]),
                )
            self._text.append(piece)

    def _close(self) -> None:
        line = "".join(self._text)
        x, y = self._at or (0.0, 0.0)
        self.lines.append((line, x, y))
        self._text = []
        self._at = None

    def text(self) -> str:
        """Return the lines, a blank line before each that opens a paragraph."""
        if self._text:
            self._close()
        steps = [
            before[2] - after[2]
            for before, after in zip(self.lines, self.lines[1:], strict=False)
            if before[2] - after[2] > 0
        ]
        leading = _usual_step(steps)
        out: list[str] = []
        for index, (line, x, y) in enumerate(self.lines):
            if index and line.strip() and leading:
                _, prev_x, prev_y = self.lines[index - 1]
                gap = prev_y - y
                # A wider gap than the usual line spacing, or a first-line indent, opens a
                # paragraph; going back up the page is a new column, which continues the text.
                if gap > leading * 1.4 or (0 <= gap <= leading * 1.1 and 4 < x - prev_x < 60):
                    out.append("")
            out.append(line)
        return "\n".join(out)


def _usual_step(steps: list[float]) -> float:
    """Return the most common line spacing (the smaller one on a tie), 0 without lines."""
    if not steps:
        return 0.0
    counts = Counter(round(step) for step in steps)
    return float(min(counts, key=lambda step: (-counts[step], step)))


def _merge_page_breaks(lines: list[str]) -> list[str]:
    """Turn page breaks into paragraph breaks only where a sentence ends before them."""
    merged: list[str] = []
    for index, line in enumerate(lines):
        if line != _PAGE_BREAK:
            merged.append(line)
            continue
        before = next((text for text in reversed(merged) if text), "")
        after = next((text for text in lines[index + 1 :] if text and text != _PAGE_BREAK), "")
        # A sentence running on to the next page must stay one paragraph, or it would be cut
        # in two where the quote finder splits sentences.
        if not _ENDS_SENTENCE.search(before) or after[:1].islower():
            continue
        merged.append("")
    return merged


# -- plain text and Markdown ---------------------------------------------------------------------


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
        if first == heading and (not title or _same_title(title, heading)):
            title = heading
            cleaned = cleaned[len(first) :].lstrip("\n")
    elif not title:
        title, cleaned = _take_headline(cleaned)
    else:
        cleaned = _drop_leading_title(cleaned, title)
    if not cleaned:
        raise ExtractionError("that text holds only a title, no article text")
    url = _http_url(_first(meta, _URL_KEYS))
    return ArticleDraft(
        text=cleaned,
        title=title or title_from_name(name) or title_from_text(cleaned),
        url=url,
        canonical_url=url,
        outlet=_first(meta, _OUTLET_KEYS),
        author=_clean_author(_first(meta, _AUTHOR_KEYS)),
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


def _take_headline(text: str) -> tuple[str | None, str]:
    """Take a headline-like first paragraph as the title when more text follows it."""
    first, _, rest = text.partition("\n\n")
    if rest and looks_like_headline(first):
        return first, rest
    return None, text


def _drop_leading_title(text: str, title: str | None) -> str:
    """Drop a first paragraph that repeats the title, so the headline is not quoted as text."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    return rest if rest and _same_title(first, title) else text


def _same_title(a: str, b: str) -> bool:
    return _title_key(a) == _title_key(b)


def _title_key(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


# -- decoding -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes: UTF-8/16/32 with a BOM, UTF-8, or a detected code page."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(codec))
            except UnicodeDecodeError:
                raise _not_text() from None
    if b"\x00" in data:
        # NUL bytes mean binary, unless this is UTF-16/32 written without a BOM.
        match = from_bytes(data).best()
        if match is None or not match.encoding.startswith(("utf_16", "utf_32")):
            raise _not_text()
        return _checked_text(str(match))
    try:
        return _checked_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    western = _plausible_cp1252(data)
    if western is not None:
        return _checked_text(western)
    match = from_bytes(data).best()
    if match is None:
        raise _not_text()
    log.debug("decoded text as %s", match.encoding)
    return _checked_text(str(match))


def _plausible_cp1252(data: bytes) -> str | None:
    """Decode Windows-1252 news text, which detectors confuse with other code pages."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii())
    # English (or Western European) text is mostly ASCII letters; text in another script
    # read as cp1252 comes out as a soup of accented letters instead.
    if not letters or foreign > len(letters) * 0.15:
        return None
    return text


def _checked_text(text: str) -> str:
    if not text:
        return text
    bad = sum(
        1
        for c in text
        if c == "\ufffd"
        or (unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f\v")
    )
    if bad > len(text) * MAX_NONTEXT_SHARE:
        raise _not_text()
    return text


def _not_text() -> UnsupportedContent:
    return UnsupportedContent("that file is not text (it looks like binary data)")


def _decode_with(data: bytes, charset: str | None) -> str | None:
    """Decode with a server-declared charset, or return None when it is unknown or wrong."""
    if not charset:
        return None
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        log.info("declared charset %r does not decode the body; detecting instead", charset)
        return None


# -- files, uploads and fetched documents -----------------------------------------------------


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
    return _apply_sidecar(replace(draft, source="file"), path)


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
        draft = extract_html(_decode_with(body, charset) or body, url, timeout_s)
    elif kind == "text/plain":
        text = _decode_with(body, charset)
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


def _apply_sidecar(draft: ArticleDraft, path: Path) -> ArticleDraft:
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
    if url and not _http_url(url):
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


# -- titles, names and dates --------------------------------------------------------------------


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


def _clean_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title).split())


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    return cleaned or None


def _clean_author(value: object) -> str | None:
    author = _clean_field(value)
    if author:
        author = re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)
    return author or None


# -- running with a deadline --------------------------------------------------------------------


def _with_deadline(work: Callable[[], T], timeout_s: float, message: str) -> T:
    """Run work in a daemon thread and give up (raising ExtractionError) after timeout_s."""
    if not _slots.acquire(timeout=timeout_s):
        raise ExtractionError(message)
    future: Future[T] = Future()

    def run() -> None:
        try:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # noqa: BLE001 - handed to the caller below
                    future.set_exception(error)
        finally:
            _slots.release()

    # A daemon thread: a parse that never ends must not keep the process from exiting.
    threading.Thread(target=run, name="articlebot-extract", daemon=True).start()
    try:
        return future.result(timeout=timeout_s)
    except FutureTimeout:
        future.cancel()
        log.warning("extraction abandoned after %.1f s", timeout_s)
        raise ExtractionError(message) from None
