"""Which pronoun an article uses for each person it names, so "she said" skips a "he"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.ingest.speech import TITLES, QuoteRun, inside, word_set
from retrieval.types import Entity

_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’]*\s")
_LONGEST_SENTENCE = 600
# One pronoun must outnumber the other this many times before it tells.
_MAJORITY = 2


def person_pronouns(
    text: str,
    entities: Sequence[Entity],
    full_name: Callable[[str], str],
    quoted: Sequence[QuoteRun],
) -> dict[str, str]:
    """Map each person's full name to "he" or "she" where the article tells which.

    Pronouns are counted from a mention of the person to the end of its sentence, stopping
    at the next person named, outside quotations (a speaker's "he" is often someone else). A
    person the article never settles on is left out, and fits either pronoun.
    """
    persons = [e for e in entities if e.label == "PERSON"]
    counts: dict[str, list[int]] = {}
    sentence_end = -1
    for index, entity in enumerate(persons):
        if inside(quoted, entity.start):
            continue
        if entity.start < sentence_end:
            continue  # "…by Abby Silverman that he realized": the sentence's first person's
        stop = sentence_end = _sentence_end(text, entity.end)
        if index + 1 < len(persons):
            stop = min(stop, persons[index + 1].start)
        name = full_name(_plain(text[entity.start : entity.end]))
        tally = counts.setdefault(name, [0, 0])
        for pattern, slot in ((_HE, 0), (_SHE, 1)):
            found = pattern.finditer(text, entity.end, stop)
            tally[slot] += sum(1 for m in found if not inside(quoted, m.start()))
    for entity, pronoun in _subjects_before_pronoun_openings(text, persons, quoted):
        tally = counts.setdefault(full_name(_plain(text[entity.start : entity.end])), [0, 0])
        tally[0 if pronoun == "He" else 1] += 1
    told: dict[str, str] = {}
    for name, (he, she) in counts.items():
        if he > _MAJORITY * she:
            told[name] = "he"
        elif she > _MAJORITY * he:
            told[name] = "she"
    return told


# A sentence opening with "He" or "She", outside a quotation.
_OPENS_WITH_PRONOUN = re.compile(r"\s*(He|She)\b")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\b")
# Words before a name that make it no sentence's subject: "the rise of Ann Lee", "In Atka".
_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:of|in|on|at|for|with|from|to|by|about|In|On|At|For|With|From|By)\s+$"
)


def _subjects_before_pronoun_openings(
    text: str, persons: Sequence[Entity], quoted: Sequence[QuoteRun]
) -> list[tuple[Entity, str]]:
    """Return the subject of each sentence the next of which opens with "He" or "She", with
    that pronoun: whom it means. "…then-boyfriend, Patrick McDermott, disappeared at sea. He
    was never found." The subject is the sentence's first person named neither as an owner
    nor after a preposition."""
    found: list[tuple[Entity, str]] = []
    ended = -1
    for entity in persons:
        if entity.start < ended or inside(quoted, entity.start):
            continue
        if text.startswith(("’s", "'s"), entity.end) or _NOT_SUBJECT_BEFORE.search(
            text, max(0, entity.start - 8), entity.start
        ):
            continue
        ended = _sentence_end(text, entity.end)
        opening = _OPENS_WITH_PRONOUN.match(text, ended)
        if opening is None or inside(quoted, opening.end() - 1):
            continue
        # "She says Bauer hit a fan.": a pronoun before the name is the sentence's subject;
        # and a name ending its line ("Taylor Wilson:") heads what follows, it acts in nothing.
        if not _PRONOUN.search(text, _sentence_start(text, entity.start), entity.start) and (
            "\n" not in text[entity.end : ended]
        ):
            found.append((entity, opening.group(1)))
    return found


# A name after these is no subject: "Pressed by Bash, Deese blamed…", "When Trump sided with
# Putin, Hill almost lost it". Objects of other prepositions and of verbs never reach here
# (`subjects.named_as_object`).
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:by|like|as|after|before|when|while|if|because|although|though|since|until|unless)"
    r"\s+$",
    re.IGNORECASE,
)
# A name that only qualifies the next one is no subject: "Trump lawyer Todd Blanche", "Felton
# resident Amanda Sturgeon", "Trump Organization Chief Financial Officer Allen Weisselberg".
# Between them: capitalised words, titles, and nouns for whom one is to a person or place.
_QUALIFYING_NOUNS = TITLES | word_set(
    "lawyer attorney aide adviser advisor ally teammate coach wife husband son daughter mother "
    "father resident native"
)
_QUALIFIES = re.compile(r"\s+(?:(?:[A-Z][\w.&’'-]*|[a-z]+)\s+){1,6}")


def _qualifies(text: str, end: int, following: int) -> bool:
    """Tell whether the words between a name and the next are all capitalised or qualifying."""
    gap = text[end:following] if following > end else ""
    return _QUALIFIES.fullmatch(gap) is not None and all(
        w[:1].isupper() or w in _QUALIFYING_NOUNS for w in gap.split()
    )


# A full stop after an abbreviation or an initial ends no sentence: "Sen. Amy Klobuchar,
# D-Minn., who…", "E. Jean Carroll".
_ABBREVIATED = re.compile(
    r"(?:^|[\s(-])(?:[A-Z]|Sens?|Reps?|Gov|Dr|Mrs?|Ms|Gen|Lt|Col|Sgt|St|Jr|Sr|Inc|Corp|Co|No|"
    r"Mt|Ft|Prof|Rev|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|"
    r"Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|U\.S|D\.C)$"
)
# Where a sentence, or a paragraph (a heading has no full stop), ends.
_BREAK = re.compile(r"[.!?][\"'”’]*\s|\n")


def subject_first(
    text: str, mentions: Sequence[tuple[int, int]], pronoun: str = ""
) -> list[tuple[int, int]]:
    """Order the people named before a "she said" as whom it most likely means: the latest
    sentence first and, within a sentence, the first named, its subject. "Lonibos didn't know
    al-Zawahri was dead, but she was heartened…" and then "“Amen,” she said." is Lonibos.

    A name after "by" or "as", or one qualifying the next name, is no subject: it comes after
    the sentence's others. A sentence opening with the same pronoun names no one it means: in
    "She thanks director Yorgos Lanthimos… “I love you,” she says" both are the one before.

    `mentions`: (start, end) of each name, in the text's order; `pronoun`: the one resolved."""
    keyed = []
    for index, (start, end) in enumerate(mentions):
        opening = _sentence_start(text, start)
        if pronoun and _opens_with(text, opening, pronoun):
            continue
        following = mentions[index + 1][0] if index + 1 < len(mentions) else -1
        qualifies = _qualifies(text, end, following)
        after_preposition = _PREPOSITION_BEFORE.search(text, max(0, start - 12), start)
        keyed.append((-opening, qualifies or bool(after_preposition), start, end))
    return [(start, end) for *_, start, end in sorted(keyed)]


def _opens_with(text: str, start: int, pronoun: str) -> bool:
    """Tell whether the sentence starting here opens with the pronoun ("She thanks…")."""
    first = re.match(r"[\s“\"‘']*(\w+)", text[start : start + 20])
    return first is not None and first.group(1).lower() == pronoun.lower()


def _sentence_start(text: str, position: int) -> int:
    """Return where the sentence holding `position` starts, reading at most a long sentence's
    length back."""
    window = max(0, position - _LONGEST_SENTENCE)
    breaks = _BREAK.finditer(text, window, position)
    return max(
        (
            m.end()
            for m in breaks
            if not _ABBREVIATED.search(text, max(0, m.start() - 10), m.start())
        ),
        default=window,
    )


def _sentence_end(text: str, position: int) -> int:
    """Return where the sentence holding `position` ends, reading at most a long sentence's
    length on (a text with no full stops must not make every name read the rest of it)."""
    limit = min(len(text), position + _LONGEST_SENTENCE)
    found = _SENTENCE_END.search(text, position, limit)
    return limit if found is None else found.end()


def _plain(name: str) -> str:
    return re.sub(r"[’']s?$", "", " ".join(name.split()))
