"""A person's fullest name in one article, from any part of it the article writes alone."""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.ingest.descriptions import clean_name, looks_like_a_name
from retrieval.ingest.speech import GROUP_NOUNS, TITLES
from retrieval.ingest.subjects import surname_pattern
from retrieval.types import Entity

# Labels of bodies and places: a name tagged so anywhere is no person.
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# A word that may be a given name or initial: "Hank", "D.", "Jean-Luc".
_GIVEN_NAME = re.compile(r"[A-Z][\w.’'-]*")


class PersonNames:
    """The people one article names in full, and what a part of a name written alone means."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        """`entities`: the article's, their labels made consistent, in text order."""
        self._text = text
        self._entities = entities
        self._persons = [clean_name(text[e.start : e.end]) for e in entities if e.label == "PERSON"]
        self.surnames = surname_pattern(self._persons)

    def full_name(self, name: str) -> str:
        """Return the longest name the article gives the person ("Blinken": "Antony Blinken")."""
        words = name.split()
        last = words[-1] if words else name
        # A name written in full extends only to a fuller one holding all its words: "Fred
        # Guttenberg" is no "Jaime Guttenberg", "Antony Blinken" may be "Antony J. Blinken".
        same = [
            p
            for p in self._persons
            if len(p.split()) > 1 and p.split()[-1] == last and set(words) <= set(p.split())
        ]
        if not same and " " not in name:
            # A family name written first ("Deputy Mayor Zong Ming", then "Zong said"), or a
            # first name alone: the one person the article names in full so.
            same = [
                p
                for p in self._persons
                if p.split()[0] == name
                and looks_like_a_name(p)
                and not self.named_as_body(name)
                and not self._written_as_surname(name)
            ]
            if len({p.split()[-1] for p in same}) != 1:
                return name
        elif len(words) == 1 and same:
            # A surname several people share is the one the article named first: "President
            # Joe Biden… Biden said", though "first lady Jill Biden" comes later and longer.
            first = set(same[0].split())
            same = [p for p in same if first <= set(p.split())]
        return max(same, key=lambda p: (len(p.split()) <= 4, len(p)), default=name)

    def completed(self, word: str) -> str | None:
        """Return the full name of a surname the recogniser left out of a person's name.

        "Aaron Judge" may be tagged as "Aaron" alone, and a later "Judge said" as nothing:
        the surname is that person's, not a body's.
        """
        if not _one_name_word(word):
            return None
        for entity in self._entities:
            if entity.label == "PERSON" and self._text.startswith(f" {word}", entity.end):
                after = entity.end + 1 + len(word)
                if after == len(self._text) or not self._text[after].isalnum():
                    return f"{clean_name(self._text[entity.start : entity.end])} {word}"
        return None

    def completed_in_full(self, word: str) -> str | None:
        """Return the full name the article gives a one-word name written alone, if any."""
        if not _one_name_word(word):
            return None
        fuller = self.full_name(word)
        return fuller if fuller != word else None

    def named_as_body(self, name: str) -> bool:
        """Tell whether the article tags a name as a body or place anywhere ("Family Dollar"),
        as part of one ("LUMA" of "LUMA Energy"), or its first words so ("UNICEF
        Afghanistan"): a body's own name leads. A later part tagged so tells nothing: the
        recogniser often takes a given name or surname for a place or body ("Mayor Chokwe
        Antar Lumumba", "Roychoudhury")."""
        words = f" {' '.join(name.split())} "
        for entity in self._entities:
            if entity.label in GROUP_LABELS:
                tagged = f" {' '.join(self._text[entity.start : entity.end].split())} "
                if words in tagged or words.startswith(tagged):
                    return True
        return False

    def is_a_persons_surname(self, entity: Entity) -> bool:
        """Tell whether an entity is a person's surname tagged as something else ("Crespo")."""
        words = self._text[entity.start : entity.end].split()
        if self.surnames is None or not words:
            return False
        return self.surnames.fullmatch(words[-1]) is not None

    def _written_as_surname(self, name: str) -> bool:
        """Tell whether a word follows a given name somewhere ("William D. “Hank” Taylor"),
        other than a title's ("Deputy Mayor Zong") or a sentence's first word."""
        for found in re.finditer(rf"(\S+)\s+{re.escape(name)}\b", self._text):
            word = found.group(1).strip("“”\"’'")
            # The word before is enough to tell a sentence's opening.
            opens = _opens_sentence(self._text[max(0, found.start() - 40) : found.start()])
            if _GIVEN_NAME.fullmatch(word) and word.lower().rstrip(".") not in TITLES and not opens:
                return True
        return False


def _one_name_word(word: str) -> bool:
    """Tell whether a subject is one capitalised word that may be part of a name."""
    return " " not in word and word[:1].isupper() and word.lower() not in GROUP_NOUNS


def _opens_sentence(before: str) -> bool:
    """Tell whether a word after this text opens a sentence: not after an initial ("J.") or a
    title's full stop ("Gen.")."""
    last = before.split()[-1:]
    if not last or before[-1:] == "\n":
        return True
    word = last[0].strip("“”\"’'")
    return (
        word[-1:] in ".!?"
        and not re.fullmatch(r"[A-Z]\.", word)
        and word.rstrip(".").lower() not in TITLES
    )


def person_named_so(name: str, surname: str) -> bool:
    """Tell whether an earlier speaker's name is a person's ending in the surname written."""
    return looks_like_a_name(name) and name.split()[-1] == surname
