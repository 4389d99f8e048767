"""What a question asks for, from its wording, as the entity labels an answer would carry."""

from __future__ import annotations

import re

# spaCy's English entity labels, grouped by the kind of answer they can be.
PERSON = frozenset({"PERSON"})
ORGANISATION = frozenset({"ORG"})
PLACE = frozenset({"GPE", "LOC", "FAC"})
DATE = frozenset({"DATE", "TIME"})
NUMBER = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
AMOUNT = frozenset({"MONEY", "QUANTITY", "CARDINAL"})
PERCENTAGE = frozenset({"PERCENT"})
GROUP = frozenset({"NORP"})
EVENT = frozenset({"EVENT"})
WORK = frozenset({"WORK_OF_ART", "PRODUCT", "LAW"})
RANKING = frozenset({"ORDINAL"})
# "Which Republican…": some named thing, of a kind the wording does not say.
NAME = PERSON | ORGANISATION | PLACE | GROUP | EVENT | WORK

# Nouns that name the kind of thing a "which …" / "what …" question wants.
_HEAD_NOUNS: tuple[tuple[frozenset[str], str], ...] = (
    (
        PLACE,
        "country countries nation nations city cities state states capital province region "
        "island islands town county continent territory village neighborhood neighbourhood "
        "place places location border sea river mountain airport stadium venue",
    ),
    (
        ORGANISATION,
        "company companies firm firms team teams organization organisation agency party group "
        "network airline bank university college club brand retailer automaker union newspaper "
        "outlet court department ministry government league channel studio platform app "
        "startup school charity church publisher manufacturer chain business businesses",
    ),
    (
        PERSON,
        "person people man woman actor actress singer rapper player players senator president "
        "leader author director ceo executive candidate governor judge star athlete artist "
        "musician official officials lawmaker minister king queen prince princess pope coach "
        "founder celebrity billionaire journalist host comedian quarterback pitcher golfer "
        "tennis mayor chancellor spokesperson spokesman spokeswoman rep representative member",
    ),
    (GROUP, "nationality nationalities ethnicity religion religious militant militants"),
    (
        EVENT,
        "event events tournament championship war storm hurricane festival summit election "
        "game games race award awards",
    ),
    (WORK, "film movie book song album show series novel bill law act product device"),
    (DATE, "year month day date decade season century"),
    (RANKING, "place position rank"),
)
_NOUN_LABELS: dict[str, frozenset[str]] = {
    noun: labels for labels, nouns in _HEAD_NOUNS for noun in nouns.split()
}

_PERCENTAGE = re.compile(r"\b(percentage|percent|per cent|proportion)\b", re.IGNORECASE)
_DURATION = re.compile(r"\bhow many (years|months|weeks|days|hours|minutes|decades)\b", re.I)
_COUNT = re.compile(
    r"\bhow (many|long|old|far|big|high|large|tall|fast|deep)\b|\bby how\b|"
    r"\bwhat (number|magnitude|age|size|score|temperature)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"\bhow much\b|\b(price|cost|costs|worth|fine|salary|budget)\b", re.I)
_WHEN = re.compile(r"\bwhen\b", re.IGNORECASE)
_WHERE = re.compile(r"\bwhere\b", re.IGNORECASE)
_WHO = re.compile(r"\b(who|whom|whose)\b", re.IGNORECASE)
# "Which European country", "what tech company": the head noun within a few words.
_WHICH = re.compile(r"\b(?:which|what|name the|name of the)\s+((?:[\w’'-]+\s+){0,3}[\w’'-]+)", re.I)
_WORD = re.compile(r"[\w’'-]+")


def asked_labels(question: str) -> frozenset[str]:
    """Return the entity labels an answer to the question would carry; empty when unknown."""
    if _PERCENTAGE.search(question):
        return PERCENTAGE
    if _DURATION.search(question):
        return DATE | NUMBER
    if _COUNT.search(question):
        return NUMBER | DATE
    if _WHEN.search(question):
        return DATE
    match = _WHICH.search(question)
    if match:
        for word in _WORD.findall(match.group(1)):
            labels = _NOUN_LABELS.get(word.lower().rstrip("s'’")) or _NOUN_LABELS.get(word.lower())
            if labels:
                return labels
        if match.group(0).lower().startswith("which"):
            return NAME
    if _MONEY.search(question):
        return AMOUNT
    if _WHERE.search(question):
        return PLACE
    if _WHO.search(question):
        return PERSON | ORGANISATION | GROUP
    return frozenset()
