"""Questions about a story the library lacks: a name the question asks about swapped for a
made-up one ("How many jobs will Norvalis bring…" beside coverage of Verantis)."""

from __future__ import annotations

import re
import zlib

# Made-up names no news corpus holds, put in place of a name a question asks about.
_UNKNOWN_NAMES = ("Norvalis", "Quorvane", "Zembrali", "Vistrellon", "Okrandia", "Pelmuth")
_NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][a-z]{2,}\b")


def rename(question: str) -> str | None:
    """Return the question with its last capitalised name swapped for a made-up one.

    None when it names nothing past its first word. The made-up name is chosen from the
    question's text, so the same question always becomes the same one.
    """
    names = list(_NAME.finditer(question))
    if not names:
        return None
    last = names[-1]
    unknown = _UNKNOWN_NAMES[zlib.crc32(question.encode()) % len(_UNKNOWN_NAMES)]
    return question[: last.start()] + unknown + question[last.end() :]
