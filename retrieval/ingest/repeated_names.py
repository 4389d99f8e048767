"""An organisation's name written again where the entity recogniser did not tag it.

The small English model tags "Family Dollar Stores" in one sentence and misses "Family Dollar
on Friday issued a voluntary recall" two sentences on; a "the company said" after it then has
only the FDA named between to refer back to. Attribution reads the article's organisations
with these repeats added, each the organisation the article already named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.ingest.descriptions import DETERMINERS, clean_name
from retrieval.types import Entity

# Words a company's full name ends in that its later mentions drop: "Family Dollar Stores" is
# "Family Dollar", "Ford Motor Company" is "Ford Motor".
_CORPORATE_ENDINGS = frozenset(
    {"stores", "inc", "corp", "corporation", "co", "company", "group", "holdings", "llc", "ltd"}
)
# A repeat must be this long to name the organisation and nothing else: "AP" alone may be
# the start of a sentence's abbreviation, "Meta" a word in a headline.
_LEAST_CHARS = 4


def with_repeated_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with each untagged repeat of an organisation's name after it was
    first tagged, as that organisation."""
    taken = sorted((e.start, e.end) for e in entities)
    people = {text[e.start : e.end] for e in entities if e.label == "PERSON"}
    first_seen: dict[str, int] = {}
    for entity in entities:
        if entity.label != "ORG":
            continue
        for form in _forms(text[entity.start : entity.end]):
            if not _in_a_name(form, people):
                first_seen[form] = min(first_seen.get(form, entity.start), entity.start)
    added: list[Entity] = []
    for form, seen in first_seen.items():
        for match in re.finditer(rf"(?<![\w.’'-]){re.escape(form)}(?![\w-])", text):
            if match.start() <= seen or _overlaps(taken, match.start(), match.end()):
                continue
            if _longer_name(text, match.end()):
                continue  # "Family Dollar Tree" is another name
            added.append(Entity("ORG", match.start(), match.end()))
            taken.append((match.start(), match.end()))
    return sorted([*entities, *added], key=lambda e: (e.start, e.end))


def _forms(written: str) -> list[str]:
    """Return the ways a tagged organisation's name is written again: whole, and without a
    corporate ending."""
    name = DETERMINERS.sub("", clean_name(written))
    words = name.split()
    forms = [name]
    if len(words) > 1 and words[-1].lower().strip(".") in _CORPORATE_ENDINGS:
        forms.append(" ".join(words[:-1]).rstrip(","))
    return [f for f in forms if len(f) >= _LEAST_CHARS and f[:1].isupper()]


def _in_a_name(form: str, people: set[str]) -> bool:
    """Tell whether a form is a word of a person's name the article tags: "Trump" tagged a
    body once is still Ivanka Trump's name elsewhere."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
    return any(pattern.search(person) for person in people)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


_NEXT_NAME_WORD = re.compile(r"\s+(?:[A-Z][a-z]|\d)")


def _longer_name(text: str, end: int) -> bool:
    """Tell whether a capitalised word or a number follows on: the match is part of a longer
    name ("SEIU Local 99")."""
    return _NEXT_NAME_WORD.match(text, end) is not None
