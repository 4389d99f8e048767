"""One kind per name within an article: the entity recogniser's slips outvoted by its own tags.

The small English model tags the same name differently from one sentence to the next: a
company named a dozen times as an organisation may be a person once ("after eating the Daily
Harvest product"). An article means one thing by one name, so each of its mentions takes the
kind most of them have, and a "she said" is never resolved to a company for one slip.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from retrieval.types import Entity

# The kinds of things that are named; numbers, dates and amounts are not names.
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"}
)
_POSSESSIVE = re.compile(r"[’']s?$")


def name_key(text: str) -> str:
    """Return a mention's name as compared across the article: possessive and case dropped."""
    return _POSSESSIVE.sub("", " ".join(text.split())).casefold()


def consistent_labels(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with each name's mentions given the kind most of them carry.

    A name whose kinds tie keeps each mention's own: there is no majority to outvote a slip.
    A one-word name that ends a person's full name ("Pearson" after "Luke Wesley Pearson") is
    that person, whatever the recogniser called it.
    """
    votes: dict[str, Counter[str]] = {}
    for entity in entities:
        if entity.label in _NAME_LABELS:
            key = name_key(text[entity.start : entity.end])
            votes.setdefault(key, Counter())[entity.label] += 1
    kind: dict[str, str] = {}
    for key, counted in votes.items():
        ranked = counted.most_common(2)
        if len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
            kind[key] = ranked[0][0]
    for key in _surnames(votes):
        kind[key] = "PERSON"
    if not kind:
        return list(entities)
    relabelled = []
    for entity in entities:
        wanted = (
            kind.get(name_key(text[entity.start : entity.end]))
            if entity.label in _NAME_LABELS
            else None
        )
        relabelled.append(
            replace(entity, label=wanted) if wanted and wanted != entity.label else entity
        )
    return relabelled


def _surnames(votes: dict[str, Counter[str]]) -> set[str]:
    """Return the one-word names that end the full name of someone tagged as a person."""
    persons = [key.split() for key, counted in votes.items() if counted["PERSON"]]
    ends = {words[-1] for words in persons if len(words) > 1}
    return {key for key in votes if " " not in key and key in ends}


# Lower-case words inside a person's name ("Ursula von der Leyen", "Faisal bin Farhan"), where
# the recogniser may stop: "Ursula von" a person and "Leyen" a place.
_PARTICLES = r"(?:von|van|der|den|de|da|del|della|di|du|la|le|bin|al|ter)"
_PARTICLE_TAIL = re.compile(rf"(?:\s+{_PARTICLES})+\s+[A-Z][\w’'-]*")
_ENDS_IN_PARTICLES = re.compile(rf"(?:\s+{_PARTICLES})+$")


def whole_particle_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with each person's name run on over its particles to the name they
    lead to, and whatever the recogniser tagged inside that stretch dropped."""
    people: list[Entity] = []
    for entity in entities:
        if entity.label != "PERSON":
            continue
        written = text[entity.start : entity.end]
        trailing = _ENDS_IN_PARTICLES.search(written)
        head = entity.start + trailing.start() if trailing else entity.end
        tail = _PARTICLE_TAIL.match(text, head)
        if tail and tail.end() > entity.end:
            people.append(replace(entity, end=tail.end()))
    if not people:
        return list(entities)
    ran_on = {(p.start, p.label): p for p in people}

    def inside_one(entity: Entity) -> bool:
        return any(p.start < entity.start < p.end for p in people)

    return [ran_on.get((e.start, e.label), e) for e in entities if not inside_one(e)]


# A mention no person's name is written as: one opening with a determiner, in lower case but
# for a particle ("lava rock", "’s Note"; not "al-Zawahiri"), or holding a digit or a slash
# ("01:42 - Source", a photo credit "John Moore/Getty Images").
_NOT_A_PERSON = re.compile(
    rf"^\W*(?:(?:[Tt]he|[Aa]n?)\s|(?!(?:al|el|ibn|{_PARTICLES})[\s-])[^\WA-Z])|[\d/]"
)
_THE_NAMED = re.compile(r"^the\s+(?=[A-Z])", re.IGNORECASE)


def person_shaped(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities without the person tags that no person's name could carry: "the
    Dakar Rally" becomes a body's name, wherever the article writes it, "lava rock" no name
    at all, so no "she said" means them."""
    things = {
        name_key(_THE_NAMED.sub("", text[e.start : e.end]))
        for e in entities
        if e.label == "PERSON" and _THE_NAMED.match(text[e.start : e.end])
    }
    kept = []
    for entity in entities:
        written = text[entity.start : entity.end]
        if entity.label != "PERSON":
            kept.append(entity)
        elif name_key(_THE_NAMED.sub("", written)) in things:
            kept.append(replace(entity, label="ORG"))
        elif not _NOT_A_PERSON.search(written):
            kept.append(entity)
    return kept


# Where a place's name sits: "in Atka", "downtown Morton", "Heppner, Oregon". A person is
# rarely written "in Lee".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|downtown|across|throughout|In|At|Near|Outside)\s+$"
)
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|"
    "Washington|West Virginia|Wisconsin|Wyoming"
)
_STATE_AFTER = re.compile(rf",\s+(?:{_US_STATES})\b")
# A one-word name written where places are at least this share of the times it is tagged a
# person, and twice, is a place.
_PLACE_SHARE = 0.25
_PLACE_USES = 2


def places_by_use(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with a one-word name tagged a person but written as a place is
    ("In Atka, Nevzoroff manages the village store") tagged a place, so no "she said" means
    it. A surname of someone the article names in full stays a person's."""
    mentions: dict[str, list[Entity]] = {}
    surnames = set()
    for entity in entities:
        if entity.label != "PERSON":
            continue
        words = name_key(text[entity.start : entity.end]).split()
        if len(words) == 1:
            mentions.setdefault(words[0], []).append(entity)
        elif words:
            surnames.add(words[-1])
    places: set[tuple[int, int]] = set()
    for name, found in mentions.items():
        uses = sum(1 for e in found if _written_as_place(text, e))
        if name not in surnames and uses >= _PLACE_USES and uses >= _PLACE_SHARE * len(found):
            places.update((e.start, e.end) for e in found)
    if not places:
        return list(entities)
    return [
        replace(e, label="GPE") if e.label == "PERSON" and (e.start, e.end) in places else e
        for e in entities
    ]


def _written_as_place(text: str, entity: Entity) -> bool:
    if text.startswith(("’s", "'s"), entity.end):
        return False  # "in Smith's case"
    placed = _PLACE_BEFORE.search(text, max(0, entity.start - 12), entity.start)
    return placed is not None or _STATE_AFTER.match(text, entity.end) is not None


# The shape of a one-word plural: a word in "s", not in "ss" or "us" ("Ross", "Marcus").
# Whether it is a plural ("Migrants") or a name ("Jones") the article tells.
_PLURAL = re.compile(r"[a-z][a-z’'-]*[^su\W]s")


def plurals_as_groups(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with a one-word "person" that is a plural noun tagged a group: one
    the article also writes in lower case ("Migrants", "Schools") or whose singular it tags a
    group ("Shias" beside "Shia Muslims"), so no "he said" means it. A surname of someone the
    article names in full ("Banks" of "Elizabeth Banks") stays a person's."""
    groups = {
        w for e in entities if e.label == "NORP" for w in name_key(text[e.start : e.end]).split()
    }
    surnames = {
        name_key(text[e.start : e.end]).split()[-1]
        for e in entities
        if e.label == "PERSON" and len(text[e.start : e.end].split()) > 1
    }
    lower_words = set(re.findall(r"\b[a-z][a-z’'-]*s\b", text))
    kept = []
    for entity in entities:
        word = name_key(text[entity.start : entity.end])
        plural = (
            entity.label == "PERSON"
            and _PLURAL.fullmatch(word) is not None
            and word not in surnames
            and (word in lower_words or word[:-1] in groups)
        )
        kept.append(replace(entity, label="NORP") if plural else entity)
    return kept


def mended_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Return the entities with people's names run on over their particles, the person tags
    no person's name could carry taken off, one-word places tagged as people relabelled, and
    plurals tagged as people taken for groups."""
    people = person_shaped(text, whole_particle_names(text, entities))
    return plurals_as_groups(text, places_by_use(text, people))
