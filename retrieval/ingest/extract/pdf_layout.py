"""PDF layout: paragraph breaks from where text runs sit on the page, and across pages."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

PAGE_BREAK = "\f"  # never survives normalise_lines, so it cannot collide with page text
_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'”’)\]]*$")


class PositionedLines:
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


def merge_page_breaks(lines: list[str]) -> list[str]:
    """Turn page breaks into paragraph breaks only where a sentence ends before them."""
    merged: list[str] = []
    for index, line in enumerate(lines):
        if line != PAGE_BREAK:
            merged.append(line)
            continue
        before = next((text for text in reversed(merged) if text), "")
        after = next((text for text in lines[index + 1 :] if text and text != PAGE_BREAK), "")
        # A sentence running on to the next page must stay one paragraph, or it would be cut
        # in two where the quote finder splits sentences.
        if not _ENDS_SENTENCE.search(before) or after[:1].islower():
            continue
        merged.append("")
    return merged
