"""The initials an article or an asker may write a name by: "the SPLC" for the "Southern Poverty
Law Center", "the USGS" for the "US Geological Survey"."""

from __future__ import annotations

import re

# Small words inside a name, which give no initial of their own ("Department of Justice").
CONNECTORS = frozenset({"of", "for", "and", "on", "the", "&"})


def acronyms_of(name: str) -> frozenset[str]:
    """Return the initials of each run of capitalised words in a name, as an asker may write
    them: "the NIU law professor" is a "professor at Northern Illinois University", "the SPLC"
    the "Southern Poverty Law Center", "the DOJ" the "Department of Justice" (an "of" counted
    or not) and so the "Justice Department"."""
    found: set[str] = set()
    run: list[str] = []  # the current run's words, connectors included
    for word in [*re.findall(r"[\w’'&-]+", name), "."]:
        if word.lower() in CONNECTORS and run:
            run.append(word.lower())
            continue
        parts = [p for p in word.split("-") if p]
        if parts and all(p[:1].isupper() for p in parts):
            run.extend(parts)
            continue
        found |= _run_acronyms(run)
        run = []
    return frozenset(found)


# A body an article may name by its field first: "the Justice Department" is the "Department of
# Justice", whose initials are the DOJ.
_FIELD_FIRST = frozenset({"department", "ministry"})


def _run_acronyms(words: list[str]) -> set[str]:
    """Return the acronyms of a run of capitalised words (connectors among them): a body whose
    name ends in its kind goes by the initials of both orders ("the NYPD" is the "New York
    Police Department", "the DOJ" the "Justice Department")."""
    found = set()
    if words and words[-1].lower() in _FIELD_FIRST and len(words) > 1:
        found |= _run_acronyms([words[-1], "of", *words[:-1]])
    for counting_of in (False, True):
        for whole_caps in (False, True):
            found |= _runs(word_initials(words, counting_of, whole_caps))
    return found


def word_initials(words: list[str], counting_of: bool, whole_caps: bool = False) -> list[str]:
    """Return each word's initial, "" for a connector (an "of" gives "o" when counted). With
    `whole_caps`, a short word in capitals opening the run gives all its letters: the "US
    Geological Survey" is the USGS, the "UN Security Council" the UNSC."""
    return [
        ("o" if counting_of and w == "of" else "")
        if w in CONNECTORS
        else w.lower()
        if whole_caps and not index and 2 <= len(w) <= 3 and w.isupper()
        else w[0].lower()
        for index, w in enumerate(words)
    ]


def _runs(initials: list[str]) -> set[str]:
    """Return the acronyms of every stretch of capitalised words in a run, three letters on."""
    found = set()
    for start in range(len(initials)):
        if not initials[start]:
            continue
        for end in range(start + 2, min(len(initials), start + 8) + 1):
            if initials[end - 1]:
                letters = "".join(initials[start:end])
                if len(letters) >= 3:  # two letters are words too often ("us", "it")
                    found.add(letters)
    return found
