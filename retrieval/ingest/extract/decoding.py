"""Text files' bytes to text: byte order marks, UTF-8, Windows-1252 or a detected code page."""

from __future__ import annotations

import codecs
import logging
import unicodedata

from charset_normalizer import from_bytes

from retrieval.errors import UnsupportedContent

log = logging.getLogger(__name__)

# Share of characters that may be control/unassigned before bytes count as binary.
MAX_NONTEXT_SHARE = 0.02


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


def decode_with(data: bytes, charset: str | None) -> str | None:
    """Decode with a server-declared charset, or return None when it is unknown or wrong."""
    if not charset:
        return None
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        log.info("declared charset %r does not decode the body; detecting instead", charset)
        return None
