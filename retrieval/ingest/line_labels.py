"""A colon inside a speech verb's subject: a line's label before the speaker ("Chicago: Former
President Barack Obama's foundation said…"), or the end of the speaker before what they said
("Said the 2011 Masters champion: "Not a good start…"")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from retrieval.ingest.claims import Claim
from retrieval.ingest.speech import CLOSING_MARKS, OPENING_MARKS
from retrieval.types import Entity

# A colon that ends a label: not one inside a clock time or a verse ("6:30", "Mark 15:33").
_LABEL_END = re.compile(r"(?<!\d):(?!\d)")
_WORD = re.compile(r"[\w’'-]+")
_OWNER = re.compile(r"[’']s$")
_SOURCE_BEFORE = re.compile(r"\baccording to\s*$", re.IGNORECASE)
# How far back "according to" is looked for: the words right before the speaker.
_SOURCE_REACH = 20
_QUOTE_MARKS = OPENING_MARKS + CLOSING_MARKS + "‘’'"


def without_label(claim: Claim, text: str, entities: Sequence[Entity]) -> Claim:
    """Return the claim with its subject on the speaker's side of a colon in it.

    The parser takes a heading's label ("Chicago:", "Reason for the bill:", "Tech:") for the
    subject and what follows for its appositive: the speaker is after the colon. A person's
    name before the colon is no label ("Jeff Bezos: Billionaire and Amazon founder says…"),
    and a colon inside a quoted title is none ("the theme of "Sleeping Beauties: …""). The
    colon ends the speaker where a quotation follows it or the speaker is a source "according
    to" ("according to AccuWeather: Pittsburgh; Cleveland…").
    """
    colons = list(_LABEL_END.finditer(claim.subject))
    if not colons:
        return claim
    colon = colons[-1]
    before = claim.subject[: colon.start()]
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return claim
    after = claim.subject[colon.end() :]
    source = _SOURCE_BEFORE.search(text, max(0, claim.start - _SOURCE_REACH), claim.start)
    if after.lstrip()[:1] in OPENING_MARKS or source:
        return _cut(claim, claim.start, before, claim.head)
    label_end = claim.start + colon.start()
    if any(e.label == "PERSON" and e.start < label_end and e.end > claim.start for e in entities):
        return claim
    kept = after.lstrip(" " + _QUOTE_MARKS)
    return _cut(claim, claim.end - len(kept), kept, claim.head)


def _cut(claim: Claim, start: int, kept: str, head: str) -> Claim:
    """Return the claim with the subject's words `kept`, starting at `start`."""
    words = [w.lower() for w in _WORD.findall(kept)]
    if not words:
        return claim
    subject = kept.rstrip(" " + _QUOTE_MARKS)
    head = head if head in words else _OWNER.sub("", words[-1])
    return replace(claim, subject=subject, start=start, end=start + len(subject), head=head)
