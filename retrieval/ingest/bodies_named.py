"""Which body "the company said" refers back to: the organisation named last shortly before the
claim that the noun fits, not one a statement was sent to nor a heading's words, and not one
only an earlier quotation names; and which earlier speaker's name writes a body more fully."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.ingest.claims import Claim
from retrieval.ingest.name_core import name_core
from retrieval.ingest.speech import GROUP_NOUNS, TITLES, QuoteRun, inside, word_set
from retrieval.ingest.subjects import name_words
from retrieval.types import Entity

# How far before a claim a body named may be what "the company said" refers back to.
BODY_REACH = 600


# A body written as whom a statement went to ("In a statement to USA TODAY, the company…") is
# not the one "the company" means; a body something else went to ("agreed to sell the team to
# Fenway Sports Group") may well be.
_RECIPIENT = re.compile(
    r"\b(?:statements?|interview|e-?mail|remarks|comments|letter)\s+to\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def nearest_body_named(
    text: str,
    entities: Sequence[Entity],
    claim: Claim,
    is_surname: Callable[[Entity], bool],
    unfit: Callable[[str], bool] | None = None,
    quoted: Sequence[QuoteRun] = (),
) -> Entity | None:
    """Return the organisation named last shortly before a claim, no person's surname and none
    `unfit` rules out. "the association said" is the nearest body named an association, where
    there is one ("the NWSL Players Association"), not whichever body came last ("the NWSL").
    Otherwise a body named inside an earlier sentence's quotation is the speaker's words, not
    whom the writer refers back to: after 'Amazon said the company "built Alexa…"', "the
    company" is Amazon; one the claim's own quotation names often speaks it ("“The Brooklyn
    Nets condemn…,” the team said")."""
    before = [
        e
        for e in entities
        if e.label == "ORG"
        and claim.start - BODY_REACH <= e.end <= claim.start
        and not is_surname(e)
        and not (unfit and unfit(text[e.start : e.end]))
        and not _in_capitals_line(text, e)
        and not _RECIPIENT.search(text, max(0, e.start - 24), e.start)
        and not _relaying(text, e)
        and not _credit(text, e)
        and not _NO_BODY.match(text, e.start)
    ]
    headed = [e for e in before if bears_noun(name_words(text, e), claim.head)]
    if headed:
        return headed[-1]
    unquoted = [e for e in before if e.start >= claim.sentence_start or not inside(quoted, e.start)]
    # A body named inside what the claim reports is what it speaks of, taken only where no
    # other body is named before.
    outside = [e for e in unquoted if not _in_its_statement(text, claim, e)]
    found = outside or unquoted
    return found[-1] if found else None


def follows_its_statement(text: str, claim: Claim) -> bool:
    """Tell whether a claim's subject comes after what it reports: "…, the agency said",
    "…,” the company said", "…, according to the company"."""
    before = text[claim.sentence_start : claim.start]
    return _AFTER_STATEMENT.search(before) is not None


_AFTER_STATEMENT = re.compile(r"[,”\"]\s*(?:according\s+to\s+)?$", re.IGNORECASE)
# What may come before a name that opens a sentence.
_OPENING = re.compile(r"\W*(?:the\s+)?", re.IGNORECASE)


def _in_its_statement(text: str, claim: Claim, entity: Entity) -> bool:
    """Tell whether a body is named inside the statement a claim reports after it: "Another
    accident in nearby Fontana killed a man, the agency said". One the sentence opens with
    is as often the speaker itself ("Toyota doesn't know how to fix it, the automaker
    said")."""
    if entity.end <= claim.sentence_start or not follows_its_statement(text, claim):
        return False
    return _OPENING.fullmatch(text, claim.sentence_start, entity.start) is None


def bears_noun(words: list[str], noun: str) -> bool:
    """Tell whether a name's words hold the noun, or its plural ("Singapore Airlines")."""
    return noun in words or f"{noun}s" in words


# An outlet relaying what a body said, or one told it: "Anchorage television station KTVA
# reports", "the company told CNN". "The company said" next is the body, not the outlet.
_TOLD = re.compile(r"\b(?:told|station|newspaper|network|outlet)\s+(?:the\s+)?$", re.IGNORECASE)


def _relaying(text: str, entity: Entity) -> bool:
    """Tell whether a body is named as the outlet relaying a statement, or one told it."""
    return _TOLD.search(text, max(0, entity.start - 40), entity.start) is not None


def _credit(text: str, entity: Entity) -> bool:
    """Tell whether a name stands alone in brackets: a story's credit ("Washington (CNN) —"),
    or initials just spelled out, which the name before them stands for."""
    return text[entity.start - 1 : entity.start] == "(" and text[entity.end : entity.end + 1] == ")"


# A disease or a variant the recogniser takes for a body: "COVID-19", "Omicron".
_NO_BODY = re.compile(r"(?:covid|sars-cov|omicron|mpox|monkeypox|ebola|zika)\b", re.IGNORECASE)


def _in_capitals_line(text: str, entity: Entity) -> bool:
    """Tell whether a name sits in a line written in capitals: a heading ("TODAY'S QUOTE"),
    whose words the recogniser takes for names."""
    start = text.rfind("\n", 0, entity.start) + 1
    end = text.find("\n", entity.end)
    line = text[start : end if end >= 0 else len(text)]
    return not any(ch.islower() for ch in line)


# Who speaks for a body, named by it or by the body named before them.
SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson")
# Who speaks for a body without being it: "a top DOJ official", "Justice Department lawyers".
_FOR_A_BODY = SPOKESPEOPLE | word_set(
    "official officials aide aides source sources representative representatives lawyer "
    "lawyers attorney attorneys"
)


def named_more_fully(words: set[str], fuller: str, person: bool = False) -> bool:
    """Tell whether an earlier speaker's name is the one written with these words, more fully:
    "US Embassy in Israel" for "the embassy". A body is named more fully by a name, not by a
    description of someone speaking for it or of something it put out: "DOJ says" is not "a
    top DOJ official" who spoke before, nor "the county" a "new batch of Maricopa County
    results". Asked for one who speaks for a body ("the official"), a description counts.
    `person`: the earlier speaker is a person ("Cherelle" is "Cherelle Griner")."""
    written = fuller.lower().split()
    if not words < set(written):
        return False
    if words & _FOR_A_BODY:
        return True
    if not fuller[:1].isupper() or written[-1] in _FOR_A_BODY:
        return False
    return (_same_person if person else _same_body)(words, fuller.split())


# A first name is followed by at most a middle name and a surname; a body's first word by at
# most three more capitalised words ("Pacific Trellis Fruit/Dulcinea Farms", not "AccuWeather
# Meteorologist La Troy Thornton").
_MOST_NAME_WORDS_AFTER = 2
_MOST_BODY_WORDS_AFTER = 3


def _same_person(words: set[str], fuller: list[str]) -> bool:
    """Tell whether a person's fuller name is theirs these words write: "Cherelle" is
    "Cherelle Griner", but "AccuWeather" is not "AccuWeather Meteorologist La Troy Thornton",
    nor "NASA" "NASA astronaut Jessica Watkins": a role comes between."""
    lowered = [word.lower() for word in fuller]
    if lowered[-1] in words:
        return True
    last = max(i for i, word in enumerate(lowered) if word in words)
    after = fuller[last + 1 :]
    return len(after) <= _MOST_NAME_WORDS_AFTER and all(
        word[:1].isupper() and word.lower() not in TITLES for word in after
    )


# Words after a body's name that name the body itself: "Johns Hopkins University", "LUMA
# Energy", "Time magazine", "US Marshals Service", "the Labor Department", "the National
# Weather Service office in San Diego".
_OWN_KIND = word_set(
    "university college school institute foundation service services energy magazine "
    "newspaper news foods company corporation corp corp. inc inc. co co. group airlines bank "
    "motors network office department"
)


def _same_body(words: set[str], fuller: list[str]) -> bool:
    """Tell whether a fuller name is the body these words name, not another that bears them.

    It is where it ends with them or before what it is of or in ("US Embassy in Israel" for
    "the embassy"), adds one word for the body's own kind ("LUMA Energy"), or goes on in
    capitals or a handle for at most three words, with neither a body's noun nor a title
    ("Goldman Sachs", "Ford Motor Co", "Twitter user @eureckah1"). "NWSL" is not the "NWSL
    Players Association", nor "USCIS" a "USCIS ombudsman", nor "NHTSA" its "NHTSA
    documents", nor "Maui County" its "Maui County Mayor Richard Bissen Jr".
    """
    lowered = [word.lower() for word in fuller]
    if lowered[-1] in words:
        return True
    core = name_core(fuller)
    last = max((i for i, word in enumerate(core) if word.lower() in words), default=-1)
    after = core[last + 1 :]
    if not after or (len(after) == 1 and after[0].lower() in _OWN_KIND):
        return True
    return (
        last >= 0
        and len(after) <= _MOST_BODY_WORDS_AFTER
        and all(word[:1].isupper() or word[:1] == "@" for word in after)
        and not any(word.lower() in GROUP_NOUNS | TITLES for word in after)
    )
