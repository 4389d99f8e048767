"""Who says what in one article: the speech claims of its sentences resolved into named speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from retrieval.ingest.bodies_named import SPOKESPEOPLE, named_more_fully
from retrieval.ingest.bodies_referred import (
    BODY_NOUNS,
    NAMED_WITH_NOUN,
    BodiesReferredTo,
    joint,
)
from retrieval.ingest.claims import Claim
from retrieval.ingest.descriptions import (
    DETERMINERS,
    clean_name,
    described_where_written,
    looks_like_a_name,
    people_described,
    title_key,
    titles_before_names,
    without_age,
)
from retrieval.ingest.issued_documents import IssuedDocuments
from retrieval.ingest.line_labels import without_label
from retrieval.ingest.name_labels import consistent_labels, mended_names
from retrieval.ingest.named_next import named_right_after, unnamed_post
from retrieval.ingest.person_names import GROUP_LABELS, PersonNames, person_named_so
from retrieval.ingest.pronouns import person_pronouns, subject_first
from retrieval.ingest.repeated_names import with_repeated_names
from retrieval.ingest.said import Said
from retrieval.ingest.speech import GROUP_NOUNS, inside, quote_runs
from retrieval.ingest.subjects import (
    PHRASE_END,
    VERB_BEFORE,
    a_person_described,
    acting_mentions,
    age_referent,
    described_before,
    describes_a_person,
    holds_office,
    in_compound_at,
    is_document,
    is_epithet,
    is_possessive_at,
    law_referred_to,
    name_words,
    names_a_person,
    party_epithet,
    refers_back,
    refers_by_age,
    reports_self_as_person,
    role_then_name,
    speaking_opener,
)
from retrieval.types import Entity, Speaker

# The first "he" or "she" after a subject, which refers back to it more often than not.
_GENDERED = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
# A capitalised word right after a name: the name goes on ("Joy Alario Lonibos").
_RUNS_ON = re.compile(r" [A-Z]")
PRONOUNS = {"he": "person", "she": "person", "it": "group", "they": "any"}
# A subject that refers back to what the article named: "the administration", not "his
# campaign".
_THE = re.compile(r"the\s", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_SET_OFF = re.compile(r"\s*(?:[,.;:!?”\"')]|$)")
# A pronoun as the object of "according to", read as its subject form.
_OBJECT_FORMS = {"him": "he", "her": "she", "them": "they"}
_FIRST_PERSON = frozenset({"i", "we", "you"})


class ArticleSpeakers(IssuedDocuments, BodiesReferredTo):
    """Resolve the claims of one article, in text order, into speakers with names."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self._text = text
        # Descriptions are read only around names the recogniser itself took for people: a
        # surname it missed often opens a sentence ("Though Conter…"), where no title stands.
        entities = mended_names(text, entities)
        self._tagged = sorted(entities, key=lambda e: e.start)
        self._entities = sorted(consistent_labels(text, entities), key=lambda e: e.start)
        self._names = PersonNames(text, self._entities)
        # The bodies a "the company said" may refer back to, with the repeats of their names
        # the recogniser missed.
        self._bodies = with_repeated_names(text, self._entities)
        self.full_name = self._names.full_name
        self._titles = titles_before_names(text, self._tagged)
        self._roles = people_described(self._text, self._tagged, self.full_name)
        self._surnames = self._names.surnames
        self._said: list[Said] = []
        self._quoted = quote_runs(text)
        self._pronouns = person_pronouns(text, self._entities, self.full_name, self._quoted)
        # A description of someone speaking, by the name the next sentence gives them.
        self.named_later: dict[str, str] = {}

    def resolve(self, claim: Claim) -> Speaker:
        """Return the claim's speaker, named as fully as the article allows."""
        claim = without_label(claim, self._text, self._entities)
        said = replace(self._resolved(claim), until=claim.sentence_end)
        name = said.speaker.name
        if name is not None and name not in self._roles:  # a name the recogniser did not tag
            self._roles.update(described_where_written(self._text, name, claim))
        self._name_described_before(said, claim.sentence_start)
        role = self._roles.get(name or "")
        # "Rihanna said she…", "Keir Radnedge, a columnist…": a person, the name tagged a body.
        if said.kind == "group" and (
            reports_self_as_person(self._text, claim, self._entities) or names_a_person(name, role)
        ):
            said = replace(said, kind="person")
        if name is not None:
            self._said.append(said)
        return replace(said.speaker, role=role) if role else said.speaker

    def as_named(self, speaker: Speaker) -> Speaker:
        """Return a speaker described before the article named them by that name."""
        name = self.named_later.get(speaker.name or "")
        return speaker if name is None else Speaker(speaker.written, name, self._roles.get(name))

    def _name_described_before(self, said: Said, position: int) -> None:
        """Name the speaker described in the sentence just before, where this one names them
        first ("…, the chair of the FSA has warned. Professor Susan Jebb told…"): the
        description joins their roles, and `named_later` maps it to their name."""
        before = self._said[-1] if self._said else None
        if before is None or not unnamed_post(before.speaker.name, before.speaker.written):
            return
        # "Paterson’s health officer, Dr. Paul Persaud, said": named where described.
        if any(
            e.label == "PERSON" and before.position <= e.start < before.until
            for e in self._entities
        ):
            return
        role = self._roles.get(said.speaker.name or "")
        if not named_right_after(self._text, before, said, position, role):
            return
        name = said.speaker.name or ""
        described = before.speaker.name or ""
        self.named_later[described] = name
        self._roles[name] = "; ".join(r for r in (self._roles.get(name), described) if r)

    def _resolved(self, claim: Claim) -> Said:
        if refers_by_age(claim.subject):  # "the 42-year-old said": the person just written of
            found = age_referent(self._text, claim, self._entities, self._quoted)
            name = self._full_name_at(found)
            return Said(claim.start, Speaker(claim.subject, name), "person")
        if claim.subject.lower() == claim.head:
            pronoun = _OBJECT_FORMS.get(claim.head, claim.head)  # "according to him"
            if pronoun in PRONOUNS:
                return self._pronoun(replace(claim, head=pronoun))
        if claim.head in _FIRST_PERSON:
            return Said(claim.start, Speaker(claim.subject, None), "person")
        owned = self._owners_document(claim) or self._document_from(claim)
        if owned is not None:
            return owned
        if (law := law_referred_to(self._text, self._entities, claim)) is not None:
            return Said(claim.start, Speaker(claim.subject, law), "law")  # "the measure says"
        if is_document(claim):
            earlier = self._nearest(claim.start, "any")
            if earlier is None:
                return Said(claim.start, Speaker(claim.subject, None), "group")
            # A person's statement is still theirs: "the agency" said next is not them.
            return Said(claim.start, Speaker(claim.subject, earlier.speaker.name), earlier.kind)
        return self._named(claim)

    def _described_before(self, position: int, noun: str) -> str | None:
        """Return the person named last before a position whom the article describes with a
        noun ("head coach Ron Rivera" for "the coach")."""
        return described_before(
            self._text, self._tagged, self._roles, self.full_name, position, noun
        )

    def _titled_person(self, plain: str, found: Sequence[Entity]) -> str | None:
        """Return the person a subject names by title ("the secretary": the one titled so) or
        by a surname the recogniser cut off ("Judge": whom "Aaron Judge", tagged "Aaron", is).
        A body's own name is no title, though written before a name the recogniser took for a
        person's ("the USGS Hawaiian Volcano Observatory")."""
        body = any(
            e.label in GROUP_LABELS and clean_name(self._text[e.start : e.end]) == plain
            for e in found
        )
        return (None if body else self._titled(title_key(plain))) or self._names.completed(plain)

    def _titled(self, key: str) -> str | None:
        """Return the person a description names: by the title written before their name, or
        the one title that ends so ("the governor" for "Illinois governor")."""
        if key in self._titles:
            return self._titles[key]
        ending = {name for title, name in self._titles.items() if title.endswith(f" {key}")}
        if len(ending) == 1 and " " not in key and len(key) > 3:
            return ending.pop()
        return self._titled_and_described(key)

    def _titled_and_described(self, key: str) -> str | None:
        """Return the one person whose title ends in a description's last word and whose title
        or roles hold the rest: "the Republican leader" is "House Minority Leader Kevin
        McCarthy, a California Republican"."""
        *qualifiers, head = key.split()
        if not qualifiers or len(head) <= 3 or head in GROUP_NOUNS:
            return None  # "the American Gas Association" is the body, not its president
        fitting = {
            name
            for title, name in self._titles.items()
            if title.split()[-1] == head
            and all(q in f"{title} {self._roles.get(name, '')}".lower().split() for q in qualifiers)
        }
        return fitting.pop() if len(fitting) == 1 else None

    def _pronoun(self, claim: Claim) -> Said:
        """Resolve "he", "she", "it", "they" to the nearest fitting speaker before, or none."""
        kind = PRONOUNS[claim.head]
        earlier = self._nearest(claim.start, kind, claim.head)
        if kind == "person":
            # A person named since the last one who spoke is whom "he said" most often means,
            # unless named in the sentence where that one spoke ("Ito told Ann Lee that…"):
            # the one speaking stays the subject the next "he said" refers to.
            # "…when Ito was tackled, he said.": who the sentence names before a trailing
            # "he said" is what is reported, not who reports it.
            trailing = self._text[: claim.start].rstrip()[-1:] in (",", "”", '"')
            if trailing and (opener := self._speaking_opener(claim)) is not None:
                return Said(claim.start, Speaker(claim.subject, opener), kind)
            before = claim.sentence_start if trailing else claim.start
            mentioned = self._nearest_person_mention(before, claim.head)
            # Where no one named spoke, a person spoken of by what they are ("the world's
            # richest man tweeted…") is whom "he said" means, over anyone merely named before.
            unnamed = None if earlier else self._nearest(claim.start, "described", claim.head)
            if unnamed and (mentioned is None or unnamed.position > mentioned.position):
                mentioned = unnamed
            if earlier is None or (mentioned and mentioned.position > earlier.until):
                earlier = mentioned
        name = earlier.speaker.name if earlier else None
        return Said(claim.start, Speaker(claim.subject, name), kind)

    def _speaking_opener(self, claim: Claim) -> str | None:
        """Return the person whose speaking opens the claim's sentence, if "he" may mean them."""
        persons = [(e.start, e.end) for e in self._entities if e.label == "PERSON"]
        found = speaking_opener(self._text, claim.sentence_start, claim.start, persons)
        name = self._full_name_at(found)
        return name if name and self._fits(name, claim.head) else None

    def _named(self, claim: Claim) -> Said:
        found = [e for e in self._entities if claim.start <= e.start and e.end <= claim.end]
        person, claim = self._person_named(claim, found)
        if person is not None:
            name = self.full_name(clean_name(self._text[person.start : person.end]))
            name = self._introduced(claim.start, name)
            return Said(claim.start, Speaker(claim.subject, name), "person")
        plain = without_age(DETERMINERS.sub("", claim.subject))
        if claim.head in NAMED_WITH_NOUN and _THE.match(claim.subject):
            return self._named_with_noun(claim, plain)
        titled = self._titled_person(plain, found)
        if titled is not None:
            return Said(claim.start, Speaker(claim.subject, titled), "person")
        earlier = self._fuller(claim.start, plain)
        fuller = self._surname_completed(claim, plain, earlier)
        if fuller is not None:
            return Said(claim.start, Speaker(claim.subject, fuller), "person")
        # A bare noun ("the embassy") is the earlier speaker it heads; "embassy officials"
        # are not "European officials" for sharing a head.
        bare = len(plain.split()) == 1
        if earlier is None and bare and not any(e.label in GROUP_LABELS for e in found):
            earlier = self._same_head(claim.start, claim.head)
        if earlier is None and claim.head in BODY_NOUNS and refers_back(claim.subject):
            earlier = self._body_referred_to(claim)
        if earlier is None and bare and claim.head in SPOKESPEOPLE:
            spoken_for = self._spoken_for(claim)
            if spoken_for is not None:
                return Said(claim.start, Speaker(claim.subject, spoken_for), "person")
        place = party_epithet(plain) if earlier is None else None
        if place is not None and (member := self._member_before(claim.start, place)):
            return Said(claim.start, Speaker(claim.subject, member), "person")
        if earlier is None and describes_a_person(claim, plain):
            # "the coach said": the person named before whom the article calls a coach.
            described = self._described_before(claim.start, plain.split()[-1])
            if described is None and is_epithet(plain):
                described = self._written_of_just_before(claim)
            if described is not None:
                return Said(claim.start, Speaker(claim.subject, described), "person")
        split = role_then_name(plain) if earlier is None else None
        if split and " " not in split[1]:
            # "a senior Republican": a party or a people, no one's name.
            peoples = {self._text[e.start : e.end] for e in found if e.label == "NORP"}
            split = None if split[1] in peoples else split
        if split is not None:  # "NWS Nashville meteorologist Krissy Hurley", the name untagged
            self._roles.setdefault(split[1], split[0])
            return Said(claim.start, Speaker(claim.subject, split[1]), split[2])
        if earlier is None or earlier.speaker.name is None:
            # "Economist Alexei Kudrin", untagged, or "the world's richest man": whom "he" may mean.
            named = looks_like_a_name(plain) and not self._names.named_as_body(plain)
            said = "person" if named else "described" if a_person_described(plain) else "group"
            return Said(claim.start, Speaker(claim.subject, plain), said)
        # "Pagán Crespo said", untagged, is the person named more fully before.
        return Said(claim.start, Speaker(claim.subject, earlier.speaker.name), earlier.kind)

    def _full_name_at(self, found: tuple[int, int] | None) -> str | None:
        """Return the full name of the person written at a span, if any."""
        return self.full_name(clean_name(self._text[slice(*found)])) if found else None

    def _written_of_just_before(self, claim: Claim) -> str | None:
        """Return the person "the comedian" or "the Argentine superstar" stands for: the first
        the claim's own sentence names before it, possessive or not ("As rivals criticized
        Ramaswamy's record, the entrepreneur said"; "Shaye had a role in the Farrellys' film,
        but…, the actress…"), else the one the sentence before names acting ("…,” Corden
        joked. The comedian added…")."""
        own = [
            e
            for e in self._entities
            if e.label == "PERSON"
            and claim.sentence_start <= e.start
            and e.end <= claim.start
            and not inside(self._quoted, e.start)
        ]
        found = (own[0].start, own[0].end) if own else None
        found = found or age_referent(self._text, claim, self._entities, self._quoted)
        name = self._full_name_at(found)
        # "The Grammy-winning singer confirmed she did so": not a man the article calls "he".
        after = _GENDERED.search(self._text, claim.end, claim.sentence_end)
        if name is not None and after is not None and not self._fits(name, after[0].lower()):
            return None
        return name

    def _surname_completed(self, claim: Claim, plain: str, earlier: Said | None) -> str | None:
        """Return the full name the article gives a one-word name written alone: "Gallant
        said", untagged, is the "head coach Gerard Gallant" it named, where no one named more
        fully spoke before ("City Administrator Rashad Young"). "The West said" is no "Kanye
        West": a surname is written without "the"."""
        if DETERMINERS.match(claim.subject):
            return None
        fuller = self._names.completed_in_full(plain)
        if earlier is not None and (
            earlier.speaker.name == fuller or person_named_so(earlier.speaker.name or "", plain)
        ):
            return None  # the earlier speaker, as they were resolved ("LUMA Energy" a body)
        return fuller

    def _person_named(self, claim: Claim, found: Sequence[Entity]) -> tuple[Entity | None, Claim]:
        """Return the person a subject's words name (`found`: the entities inside them), if
        any, and the claim as written up to them ("Starmer", not "Starmer on Twitter")."""
        persons = [
            e
            for e in found
            if e.label == "PERSON"
            and not is_possessive_at(self._text, e.end)
            and not self._modifies(e, claim)
        ]
        person = self._named_after_verb(claim)
        if person is not None and (
            person.end > claim.end or PHRASE_END.match(self._text, person.end, claim.end)
        ):
            # "Artemis I launch director Charlie Blackwell-Thompson", not "Artemis".
            claim = replace(claim, subject=self._text[claim.start : person.end], end=person.end)
        # "Jackson Mayor Chokwe Antar Lumumba": a place taken for a name may come first; the
        # one the phrase is about holds its head word.
        person = person or next(
            (e for e in persons if claim.head in name_words(self._text, e)), None
        )
        person = person or next(iter(persons), None)
        return person or self._named_after(claim), claim

    def _modifies(self, entity: Entity, claim: Claim) -> bool:
        """Tell whether a name only qualifies the noun after it ("the Howell family said", "the
        Grammy-winning singer said")."""
        if in_compound_at(self._text, entity.end):
            return True
        after = self._text[entity.end : claim.end].split()
        return (
            bool(after)
            and after[0].lower() == claim.head
            and claim.head not in name_words(self._text, entity)
        )

    def _named_after_verb(self, claim: Claim) -> Entity | None:
        """Return the name that ends a subject written after its verb, up to the comma.

        '"…," said Artemis I launch director Charlie Blackwell-Thompson, the first…' can parse
        with "Artemis" alone as the subject; the phrase is about the person it ends with.
        """
        if not VERB_BEFORE.search(
            self._text, max(claim.sentence_start, claim.start - 16), claim.start
        ):
            return None
        stop = PHRASE_END.search(self._text, claim.start)
        end = stop.start() if stop else len(self._text)
        inside = (e for e in self._entities if claim.start <= e.start and e.end <= end)
        named = [e for e in inside if e.label == "PERSON" and not self._modifies(e, claim)]
        named = [e for e in named if not is_possessive_at(self._text, e.end)]
        return named[-1] if named else None

    def _named_after(self, claim: Claim) -> Entity | None:
        """Return the name set off just after a described subject ("the lawyer, Ann Ito, said")."""
        after = re.match(r",\s+", self._text[claim.end : claim.end + 3])
        if after is None or claim.head in PRONOUNS:
            return None
        start = claim.end + after.end()
        name = next((e for e in self._entities if e.start == start and e.label == "PERSON"), None)
        # "According to the party, Christie was not invited": the name opens the sentence's
        # own clause, unless it ends there or a comma sets it off ("according to the lawyer,
        # Ann Ito, the…", "…, according to his manager, Robbie Kass.").
        according = _ACCORDING_TO.search(self._text, max(0, claim.start - 16), claim.start)
        if name is not None and according:
            return name if _SET_OFF.match(self._text, name.end) else None
        return name

    def _introduced(self, position: int, name: str) -> str:
        """Return how an earlier speaker introduced a surname the recogniser found alone.

        "NWS meteorologist Krissy Hurley said" may not be tagged as a person where the later
        "Hurley said" is: both are the one speaker, named as fully as the article did.
        """
        if len(name.split()) != 1:
            return name
        for said in reversed(self._said):
            words = (said.speaker.name or "").split()
            if said.position < position and len(words) > 1 and words[-1] == name:
                return said.speaker.name or name
        return name

    def _member_before(self, position: int, place: Sequence[str]) -> str | None:
        """Return the nearest person who spoke before and whose description holds the place
        ("Illinois Sen. Tammy Duckworth" for "the Illinois Democrat")."""
        for said in reversed(self._said):
            name = said.speaker.name or ""
            described = set(f"{name} {self._roles.get(name, '')}".split())
            if said.position < position and said.kind == "person" and set(place) <= described:
                return name
        # Else the person just named, where the epithet has a place and they an office.
        named = self._nearest_person_mention(position) if place else None
        office = named and holds_office(self._roles.get(named.speaker.name or ""))
        return named.speaker.name if named and office else None

    def _nearest(self, position: int, kind: str, pronoun: str = "") -> Said | None:
        fitting = [
            s
            for s in self._said
            if s.position < position
            and kind in ("any", s.kind)
            and self._fits(s.speaker.name or "", pronoun)
        ]
        return fitting[-1] if fitting else None

    def _fits(self, name: str, pronoun: str) -> bool:
        """Tell whether "he" or "she" may mean a person: unless the article calls them the other."""
        told = self._pronouns.get(name)
        return pronoun not in ("he", "she") or told is None or told == pronoun

    def _fuller(self, position: int, name: str) -> Said | None:
        """Return the nearest earlier speaker named more fully ("US Embassy in Israel")."""
        words = set(name.lower().split())
        for said in reversed(self._said):
            named = said.speaker.name or ""
            fuller = named_more_fully(words, named, person=said.kind == "person")
            if said.position < position and fuller and not joint(named):
                return said
        return None

    def _nearest_person_mention(self, position: int, pronoun: str = "") -> Said | None:
        """Return the nearest person the article names shortly before (no one spoke yet) whom
        the pronoun may mean."""
        window = max(0, position - 600)
        named = [(e.start, e.end) for e in self._entities if e.label == "PERSON"]
        if self._surnames is not None:
            # A surname the recogniser missed is still a mention of the person it names, unless
            # it runs into another name ("Joy Alario Lonibos" is no Margaret Alario).
            found = self._surnames.finditer(self._text, window, position)
            named += [
                m.span()
                for m in found
                if not _RUNS_ON.match(self._text, m.end())
                and not any(a < m.end() <= b for a, b in named)
            ]
        before = acting_mentions(self._text, named, window, position, self._quoted)
        for start, end in subject_first(self._text, before, pronoun):
            name = self.full_name(clean_name(self._text[start:end]))
            if self._fits(name, pronoun):
                return Said(start, Speaker(name, name), "person")
        return None
