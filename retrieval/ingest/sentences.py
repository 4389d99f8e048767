"""Split text into sentences with character offsets, using pysbd's rule-based segmenter."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pysbd

from retrieval.types import Span

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
# pysbd's time grows faster than its input (a paragraph of 5,000 sentences took minutes), so
# a longer paragraph is segmented in windows of about this size, cut after a sentence end.
WINDOW_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SENTENCE_MARK = re.compile(r"[.!?…]")
# A comma before closing quotation marks ends no sentence: in “…into this monolithic 'Asian,'”
# Kim said. the attribution belongs to the quotation, though the segmenter cuts there when a
# quotation nests in another.
_QUOTE_GOES_ON = re.compile(r",[\"'”’]+$")
# A clock time ends no sentence where what follows still places it: "at 12:30 p.m. EDT, Twitter
# said", "at 7 p.m. Tuesday at the arena", "at 5 p.m. Oct. 3". The segmenter cuts after "p.m."
# before any capital; a time zone, a day or a dated month carries the sentence on.
_CLOCK_TIME_END = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_TIME_GOES_ON = re.compile(
    r"(?:(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)\b"
    r"|(?:Eastern|Central|Mountain|Pacific)\s+(?:[Tt]ime|[Dd]aylight|[Ss]tandard)\b"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b(?![’'])"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d)"
)
# Nor does an abbreviation that numbers what follows ("Prop. 205", "Vol. 3"), which the
# segmenter does not know, where a number follows it.
_NUMBERING_END = re.compile(r"\b(?:Prop|Props|Vol|Vols)\.$")
_NUMBER_GOES_ON = re.compile(r"\d")
# Nor does a quotation's closing mark stand as a sentence of its own: the segmenter cuts it off
# where the paragraph opened no quotation ("…will ever go away.\"" continuing one from the
# paragraph before) or quotes an unquoted sentence's end ("Roberts said. I have directed…
# leak.\""); the mark belongs to the sentence it closes.
_MARKS_ONLY = re.compile(r"[\"'”’)\]]+")
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
        if len(piece) <= WINDOW_CHARS:
            _segment(piece, offset, _segmenter().segment(piece), spans)
            continue
        for window_start, window_end in _windows(piece):
            window = piece[window_start:window_end]
            # A run without a full stop (a blob, a giant "word") is one sentence as it stands.
            found = _segmenter().segment(window) if _SENTENCE_MARK.search(window) else [window]
            _segment(window, offset + window_start, found, spans)
    return _cuts_mended(text, spans)


def _cuts_mended(text: str, spans: list[Span]) -> list[Span]:
    """Join each sentence cut after a clock time to the words that go on placing it, one cut
    after a numbering abbreviation to its number, and one cut before a closing quotation mark
    to that mark, within a paragraph ("Shortly after 12:30 p.m." + "EDT, Twitter Support
    shared…", "Voters rejected Prop." + "205 on Tuesday.", "…go away." + "\"")."""
    joined: list[Span] = []
    for span in spans:
        if joined:
            last = joined[-1]
            between = text[last.end : span.start]
            ending = text[last.start : last.end]
            if "\n" not in between and (
                (_CLOCK_TIME_END.search(ending) and _TIME_GOES_ON.match(text, span.start))
                or (_NUMBERING_END.search(ending) and _NUMBER_GOES_ON.match(text, span.start))
                or _MARKS_ONLY.fullmatch(text, span.start, span.end)
            ):
                joined[-1] = Span(last.start, span.end)
                continue
        joined.append(span)
    return joined


def _segment(piece: str, offset: int, sentences: list[str], spans: list[Span]) -> None:
    cursor, first = 0, len(spans)
    for sentence in sentences:
        stripped = sentence.strip()
        if not stripped:
            continue
        # pysbd returns substrings in order; locating each keeps offsets exact.
        found = piece.find(stripped, cursor)
        if found < 0:
            continue
        end = offset + found + len(stripped)
        if len(spans) > first and _QUOTE_GOES_ON.search(piece[: spans[-1].end - offset]):
            spans[-1] = Span(spans[-1].start, end)
        else:
            spans.append(Span(offset + found, end))
        cursor = found + len(stripped)
    if not spans or spans[-1].end < offset + len(piece.rstrip()):
        _cover_tail(piece, offset, cursor, spans)


def _windows(piece: str) -> Iterator[tuple[int, int]]:
    """Cut a long paragraph after the last sentence end (else space) of each window."""
    start = 0
    while len(piece) - start > WINDOW_CHARS:
        limit = start + WINDOW_CHARS
        ends = [m.end() for m in _SENTENCE_END.finditer(piece, start + WINDOW_CHARS // 2, limit)]
        space = piece.rfind(" ", start + 1, limit)
        cut = ends[-1] if ends else space + 1 if space > start else limit
        yield start, cut
        start = cut
    yield start, len(piece)


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
