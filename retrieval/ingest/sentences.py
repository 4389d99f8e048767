"""Split text into sentences with character offsets, using pysbd's rule-based segmenter."""

from __future__ import annotations

import re
import threading

import pysbd

from retrieval.types import Span

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_local = threading.local()


def _segmenter() -> pysbd.Segmenter:
    # pysbd segmenters keep state between calls; one per thread keeps them independent.
    segmenter: pysbd.Segmenter | None = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = pysbd.Segmenter(language="en", clean=False)
        _local.segmenter = segmenter
    return segmenter


def paragraph_spans(text: str) -> list[Span]:
    """Return the non-blank paragraphs of text (separated by line breaks), stripped."""
    spans: list[Span] = []
    cursor = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(text, cursor, match.start(), spans)
        cursor = match.end()
    _append_stripped(text, cursor, len(text), spans)
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the sentences of text[start:end] as stripped spans into text."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    for paragraph in paragraph_spans(text[start:stop]):
        offset = start + paragraph.start
        piece = text[offset : start + paragraph.end]
        cursor = 0
        for sentence in _segmenter().segment(piece):
            stripped = sentence.strip()
            if not stripped:
                continue
            # pysbd returns substrings in order; locating each keeps offsets exact.
            found = piece.find(stripped, cursor)
            if found < 0:
                continue
            spans.append(Span(offset + found, offset + found + len(stripped)))
            cursor = found + len(stripped)
        if not spans or spans[-1].end < offset + len(piece.rstrip()):
            _cover_tail(piece, offset, cursor, spans)
    return spans


def _cover_tail(piece: str, offset: int, cursor: int, spans: list[Span]) -> None:
    # Text the segmenter skipped (rare) still belongs to a sentence, so nothing is unquotable.
    tail_start = cursor
    while tail_start < len(piece) and piece[tail_start].isspace():
        tail_start += 1
    tail_end = len(piece.rstrip())
    if tail_start < tail_end:
        spans.append(Span(offset + tail_start, offset + tail_end))


def _append_stripped(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))
