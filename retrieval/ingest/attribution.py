"""Who says what in one article: the speech claims of its sentences resolved into named speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from retrieval.ingest.claims import Claim
from retrieval.ingest.name_labels import consistent_labels
from retrieval.ingest.pronouns import person_pronouns
from retrieval.ingest.speech import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    inside,
    is_speech_verb,
    quote_runs,
    word_set,
)
from retrieval.types import Entity, Speaker

PRONOUNS = {"he": "person", "she": "person", "it": "group", "they": "any"}
_FIRST_PERSON = frozenset({"i", "we", "you"})
# "the statement", "his post": a document already mentioned; "a letter obtained by CNN" is new.
_ANAPHORIC = re.compile(r"^(?:the|its|his|her|their|that|this)\s", re.IGNORECASE)
# A document with its owner named: "Daily Harvest's latest post", "the NWSLPA statement".
_OWNED_DOCUMENT = re.compile(
    r"^(?:(?P<owner>.+?)[’']s?|(?:[Tt]he|[Aa]n?)\s+(?P<named>(?:[A-Z][\w.&-]*\s+){1,4}))"
    r"\s*(?:[\w-]+\s+){0,2}?[\w-]+$"
)
_NOT_OWNERS = DOCUMENT_NOUNS | {"from", "of", "on", "by", "in"}
# A part of a document already mentioned: "a portion of the message reads", "part of his post".
_PART_OF = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:portion|part|excerpt|section|passage)\s+of\s+"
    r"(?:the|its|his|her|their|that|this)\s+(\w+)$",
    re.IGNORECASE,
)
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Who speaks for a body, named by it or by the body named before them.
_SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson")
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# A title written just before a name: "US Secretary of State Antony Blinken".
_TITLE_BEFORE = re.compile(r"((?:[A-Z][\w.’'-]*\s+(?:(?:of|for)\s+(?:the\s+)?)?){1,6})$")
# What may describe a person around their name: "Kremlin spokesman Dmitry Peskov", "Jim
# Gordon, the CEO of Smartflower, said".
_ROLE_WORDS = 6
_MAX_ROLES = 3
_ROLE_STOPS = word_set(
    "the a an said says told and but by with to for that as according on at from when while "
    "after before in is was were are his her their its this than who which where"
)
_CLAUSE_BREAK = re.compile(r"[.!?]\s|[\n,;:“”\"()—–]")
# Forms of address, which alone describe no one: "Dr. Sara Kim" has no role.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
# A title's abbreviation ends in a full stop that ends no clause: "Georgia Gov. Nathan Deal".
_TITLE_ABBREVIATION = re.compile(
    r"\b(?:Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Adm|Cmdr|Dr|Prof|Rev|Atty|Supt|Mr|Mrs|Ms)$"
)
# The appositive ends at a comma, a bracket ("researcher at Human Rights Watch (HRW)") or the
# sentence's end ("co-chair of the hospital's command.").
_APPOSITIVE = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?([^,.;:“”\"()]{3,120}?)\s*(?:[,;(]|\.(?:\s|$))"
)
# A description set off before the name: "Silverman's lawyer, Mark Apostolos, said", "the
# mayor of the town, Ana Ruiz, said": "the" or a possessive opens it, a comma closes it.
_DESCRIPTION_OPENS = re.compile(r"^(?:[Tt]he\s|[A-Z][\w.’'-]*[’']s\s)")
_DESCRIPTION_CHARS = 60
_OF_BEFORE = re.compile(r"\bof\s+$")
# Abbreviated titles as a description writes them out: "Gov. Ryan" is "the governor".
_SPELLED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general"}


@dataclass(frozen=True)
class _Said:
    """A resolved speaker, where it was found, and whether it is a person or a group."""

    position: int
    speaker: Speaker
    kind: str  # person | group
    until: int = 0  # the end of the sentence that names them speaking


class ArticleSpeakers:
    """Resolve the claims of one article, in text order, into speakers with names."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self._text = text
        # Descriptions are read only around names the recogniser itself took for people: a
        # surname it missed often opens a sentence ("Though Conter…"), where no title stands.
        self._tagged = sorted(entities, key=lambda e: e.start)
        self._entities = sorted(consistent_labels(text, entities), key=lambda e: e.start)
        self._persons = [
            _clean_name(text[e.start : e.end]) for e in self._entities if e.label == "PERSON"
        ]
        self._titles = _titles(text, self._tagged)
        self._roles = self._described()
        self._surnames = _surname_pattern(self._persons)
        self._said: list[_Said] = []
        self._quoted = quote_runs(text)
        self._pronouns = person_pronouns(text, self._entities, self.full_name, self._quoted)

    def resolve(self, claim: Claim) -> Speaker:
        """Return the claim's speaker, named as fully as the article allows."""
        said = replace(self._resolved(claim), until=claim.sentence_end)
        if said.speaker.name is not None:
            self._said.append(said)
        role = self._roles.get(said.speaker.name or "")
        return replace(said.speaker, role=role) if role else said.speaker

    def _described(self) -> dict[str, str]:
        """Map each person's full name to what the article calls them where it names them."""
        roles: dict[str, list[str]] = {}
        for entity in self._tagged:
            if entity.label != "PERSON":
                continue
            name = self.full_name(_clean_name(self._text[entity.start : entity.end]))
            for role in _roles_around(self._text, entity):
                if role not in roles.setdefault(name, []) and len(roles[name]) < _MAX_ROLES:
                    roles[name].append(role)
        return {name: "; ".join(found) for name, found in roles.items() if found}

    def _resolved(self, claim: Claim) -> _Said:
        if claim.head in PRONOUNS and claim.subject.lower() == claim.head:
            return self._pronoun(claim)
        if claim.head in _FIRST_PERSON:
            return _Said(claim.start, Speaker(claim.subject, None), "person")
        owned = self._owners_document(claim)
        if owned is not None:
            return owned
        if _document(claim):
            earlier = self._nearest(claim.start, "any")
            if earlier is None:
                return _Said(claim.start, Speaker(claim.subject, None), "group")
            # A person's statement is still theirs: "the agency" said next is not them.
            return _Said(claim.start, Speaker(claim.subject, earlier.speaker.name), earlier.kind)
        return self._named(claim)

    def _titled(self, key: str) -> str | None:
        """Return the person a description names: by the title written before their name, or
        the one title that ends so ("the governor" for "Illinois governor")."""
        if key in self._titles:
            return self._titles[key]
        ending = {name for title, name in self._titles.items() if title.endswith(f" {key}")}
        return ending.pop() if len(ending) == 1 and " " not in key and len(key) > 3 else None

    def _owners_document(self, claim: Claim) -> _Said | None:
        """Resolve "Biden's post", "the NWSLPA statement": the owner named is its speaker."""
        owned = _OWNED_DOCUMENT.match(claim.subject)
        if owned is None or claim.head not in DOCUMENT_NOUNS:
            return None
        group = "owner" if owned.group("owner") else "named"
        owner = owned.group(group).strip()
        words = owner.split()
        # A name owns it ("Chucri's statement"); "the league's statement" is left to the
        # statement mentioned last, and "a statement from Sotheby's" to its own reading.
        if (
            not words[-1][:1].isupper()
            or not claim.subject.split()[-1].islower()  # "The Denver Post" is a name
            or _NOT_OWNERS.intersection(w.lower() for w in words)
            or any(ch.isdigit() for ch in claim.subject)  # "the May 17 post" is a date's
        ):
            return None
        start = claim.start + owned.start(group)
        end = start + len(owner)
        person = next(
            (
                e
                for e in self._entities
                if e.label == "PERSON" and start <= e.start and e.end <= end + 2
            ),
            None,
        )
        if person is not None:
            name = self.full_name(_clean_name(self._text[person.start : person.end]))
            return _Said(claim.start, Speaker(claim.subject, name), "person")
        head = owner.split()[-1].lower()
        said = self._named(Claim(owner, start, end, head, claim.sentence_end, claim.sentence_start))
        return replace(said, speaker=Speaker(claim.subject, said.speaker.name))

    def _pronoun(self, claim: Claim) -> _Said:
        """Resolve "he", "she", "it", "they" to the nearest fitting speaker before, or to none."""
        kind = PRONOUNS[claim.head]
        earlier = self._nearest(claim.start, kind, claim.head)
        if kind == "person":
            # A person named since the last one who spoke is whom "he said" most often means,
            # unless named in the sentence where that one spoke ("Ito told Ann Lee that…"):
            # the one speaking stays the subject the next "he said" refers to.
            # "…when Ito was tackled, he said.": who the sentence names before a trailing
            # "he said" is what is reported, not who reports it.
            trailing = self._text[: claim.start].rstrip()[-1:] in (",", "”", '"')
            before = claim.sentence_start if trailing else claim.start
            mentioned = self._nearest_person_mention(before, claim.head)
            if earlier is None or (mentioned and mentioned.position > earlier.until):
                earlier = mentioned
        name = earlier.speaker.name if earlier else None
        return _Said(claim.start, Speaker(claim.subject, name), kind)

    def _named(self, claim: Claim) -> _Said:
        found = [e for e in self._entities if claim.start <= e.start and e.end <= claim.end]
        persons = [
            e
            for e in found
            if e.label == "PERSON" and not self._owner(e) and not self._modifies(e, claim)
        ]
        # "Jackson Mayor Chokwe Antar Lumumba": a place taken for a name may come first; the
        # one the phrase is about holds its head word.
        person = next((e for e in persons if claim.head in self._words(e)), None)
        person = person or next(iter(persons), None)
        person = person or self._named_after(claim)
        if person is not None:
            name = self._introduced(
                claim.start, self.full_name(_clean_name(self._text[person.start : person.end]))
            )
            return _Said(claim.start, Speaker(claim.subject, name), "person")
        plain = _DETERMINERS.sub("", claim.subject)
        titled = self._titled(title_key(plain))
        if titled is not None:
            return _Said(claim.start, Speaker(claim.subject, titled), "person")
        completed = self._completed_name(plain)
        if completed is not None:
            return _Said(claim.start, Speaker(claim.subject, completed), "person")
        earlier = self._fuller(claim.start, plain)
        # A bare noun ("the embassy") is the earlier speaker it heads; "embassy officials"
        # are not "European officials" for sharing a head.
        bare = len(plain.split()) == 1
        if earlier is None and bare and not any(e.label in _GROUP_LABELS for e in found):
            earlier = self._same_head(claim.start, claim.head)
        if earlier is None and claim.head in GROUP_NOUNS and _refers_back(claim.subject):
            # "the organization said": the body named last before it, speaking or not.
            bodies = self._bodies_before(claim)
            # One bearing the noun ("the NWSL Players Association" for "the association")
            # comes before a nearer one that does not.
            headed = [b for b in bodies if claim.head in (b.speaker.name or "").lower().split()]
            earlier = max(headed or bodies, key=lambda b: b.position, default=None)
        if earlier is None and bare and claim.head in _SPOKESPEOPLE:
            spoken_for = self._spoken_for(claim)
            if spoken_for is not None:
                return _Said(claim.start, Speaker(claim.subject, spoken_for), "person")
        if earlier is None or earlier.speaker.name is None:
            return _Said(claim.start, Speaker(claim.subject, plain), "group")
        # "Pagán Crespo said", untagged, is the person named more fully before.
        return _Said(claim.start, Speaker(claim.subject, earlier.speaker.name), earlier.kind)

    def _spoken_for(self, claim: Claim) -> str | None:
        """Name a spokesperson no body is given for by the body named last before them: "The
        Department of Transportation has defended Chao. A spokesman said…" is the department's
        spokesman."""
        body = max(self._bodies_before(claim), key=lambda b: b.position, default=None)
        if body is None or not body.speaker.name:
            return None
        return f"{body.speaker.name} {claim.head}"

    def _bodies_before(self, claim: Claim) -> list[_Said]:
        """Return the nearest body that spoke before a claim and the nearest one named."""
        found = (self._nearest_body(claim.start), self._nearest_group_mention(claim))
        return [body for body in found if body is not None]

    def _completed_name(self, word: str) -> str | None:
        """Return the full name of a surname the recogniser left out of a person's name.

        "Aaron Judge" may be tagged as "Aaron" alone, and a later "Judge said" as nothing:
        the surname is that person's, not a body's.
        """
        if " " in word or not word[:1].isupper() or word.lower() in GROUP_NOUNS:
            return None
        for entity in self._entities:
            if entity.label == "PERSON" and self._text.startswith(f" {word}", entity.end):
                after = entity.end + 1 + len(word)
                if after == len(self._text) or not self._text[after].isalnum():
                    return f"{_clean_name(self._text[entity.start : entity.end])} {word}"
        return None

    def _words(self, entity: Entity) -> list[str]:
        return self._text[entity.start : entity.end].lower().split()

    def _owner(self, entity: Entity) -> bool:
        """Tell whether a name is a possessive ("Silverman's lawyer"): the owner, not the one."""
        return self._text.startswith(("’s", "'s", "’", "'"), entity.end)

    def _modifies(self, entity: Entity, claim: Claim) -> bool:
        """Tell whether a name only qualifies the noun after it ("the Howell family said")."""
        after = self._text[entity.end : claim.end].split()
        return (
            bool(after) and after[0].lower() == claim.head and claim.head not in self._words(entity)
        )

    def _named_after(self, claim: Claim) -> Entity | None:
        """Return the name set off just after a described subject ("the lawyer, Ann Ito, said")."""
        after = re.match(r",\s+", self._text[claim.end : claim.end + 3])
        if after is None or claim.head in PRONOUNS:
            return None
        start = claim.end + after.end()
        return next((e for e in self._entities if e.start == start and e.label == "PERSON"), None)

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

    def full_name(self, name: str) -> str:
        """Return the longest name the article gives the person ("Blinken": "Antony Blinken")."""
        last = name.split()[-1] if name.split() else name
        same = [p for p in self._persons if p.split() and p.split()[-1] == last]
        return max(same, key=lambda p: (len(p.split()) <= 4, len(p)), default=name)

    def _nearest(self, position: int, kind: str, pronoun: str = "") -> _Said | None:
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

    def _nearest_body(self, position: int) -> _Said | None:
        """Return the nearest earlier group speaker that is a named body, not "officials"."""
        named = [
            s
            for s in self._said
            if s.position < position
            and s.kind == "group"
            and any(w[:1].isupper() for w in (s.speaker.name or "").split())
        ]
        return named[-1] if named else None

    def _fuller(self, position: int, name: str) -> _Said | None:
        """Return the nearest earlier speaker named more fully ("US Embassy in Israel")."""
        words = set(name.lower().split())
        for said in reversed(self._said):
            fuller = (said.speaker.name or "").lower().split()
            if said.position < position and words < set(fuller):
                return said
        return None

    def _same_head(self, position: int, head: str) -> _Said | None:
        """Return the nearest earlier speaker whose name ends in the same noun ("the embassy")."""
        for said in reversed(self._said):
            name = said.speaker.name or ""
            if said.position < position and head in name.lower().split():
                return said
        return None

    def _nearest_group_mention(self, claim: Claim) -> _Said | None:
        """Return the nearest organisation the article names shortly before the claim."""
        window = claim.start - 600
        before = [
            e
            for e in self._entities
            if e.label == "ORG"
            and window <= e.end <= claim.start
            and not self._is_a_persons_surname(e)
        ]
        if not before:
            return None
        # "the association said" is the nearest body named an association, where there is one
        # ("the NWSL Players Association"), not whichever body came last ("the NWSL").
        headed = [e for e in before if claim.head in self._words(e)]
        chosen = (headed or before)[-1]
        name = _DETERMINERS.sub("", _clean_name(self._text[chosen.start : chosen.end]))
        return _Said(chosen.start, Speaker(name, name), "group")

    def _is_a_persons_surname(self, entity: Entity) -> bool:
        """Tell whether an entity is a person's surname tagged as something else ("Crespo")."""
        words = self._text[entity.start : entity.end].split()
        if self._surnames is None or not words:
            return False
        return self._surnames.fullmatch(words[-1]) is not None

    def _nearest_person_mention(self, position: int, pronoun: str = "") -> _Said | None:
        """Return the nearest person the article names shortly before (no one spoke yet) whom
        the pronoun may mean."""
        window = max(0, position - 600)
        named = [(e.start, e.end) for e in self._entities if e.label == "PERSON"]
        if self._surnames is not None:
            # A surname the recogniser missed is still a mention of the person it names.
            found = self._surnames.finditer(self._text, window, position)
            named += [m.span() for m in found if not any(a < m.end() <= b for a, b in named)]
        before = sorted(
            (start, end)
            for start, end in named
            if window <= end <= position
            # "Ronald Dalton’s book": a possessive is rarely whom "he" means next, nor is
            # "the death of Ann Lee" (named as a thing's complement, not as one acting).
            and not self._text.startswith(("’s", "'s"), end)
            and not _OF_BEFORE.search(self._text, max(0, start - 4), start)
            # A name inside a quotation is whom the speaker talks about, not a new speaker.
            and not inside(self._quoted, start)
        )
        for start, end in reversed(before):
            name = self.full_name(_clean_name(self._text[start:end]))
            if self._fits(name, pronoun):
                return _Said(start, Speaker(name, name), "person")
        return None


def _refers_back(subject: str) -> bool:
    """Tell whether a subject only refers to a body ("the agency"), naming none ("the China
    Banking and Insurance Regulatory Commission" names itself)."""
    words = subject.split()
    return bool(_ANAPHORIC.match(subject)) and not any(w[:1].isupper() for w in words[1:])


def _document(claim: Claim) -> bool:
    """Tell whether a claim's subject is a document already mentioned, or a part of one."""
    # Written with a capital, the noun is a name's ("The Denver Post"), not a document's.
    common = claim.head in claim.subject.split()
    if claim.head in DOCUMENT_NOUNS and common and _ANAPHORIC.match(claim.subject):
        return True
    part = _PART_OF.match(claim.subject)
    return part is not None and part.group(1).lower().rstrip("s") in DOCUMENT_NOUNS


def _surname_pattern(persons: Sequence[str]) -> re.Pattern[str] | None:
    """Return a pattern for the surnames of the people the article names in full."""
    surnames = {p.split()[-1] for p in persons if len(p.split()) > 1 and len(p.split()[-1]) > 2}
    if not surnames:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(surnames)) + r")\b")


def _roles_around(text: str, entity: Entity) -> list[str]:
    """Return the words that describe a named person: a title before, an appositive after."""
    found: list[str] = []
    before = _last_clause(text[max(0, entity.start - 80) : entity.start])
    glued = bool(before) and not before[-1].isspace()  # part of another token
    possessive = text.startswith(("’s", "'s"), entity.end)  # "Blinken’s visit": not a title
    words = [] if glued or possessive else before.split()
    kept: list[str] = []
    for word in reversed(words[-_ROLE_WORDS:]):
        if word.lower() in _ROLE_STOPS or word.lower().endswith(("ing", "ed")):
            break
        kept.insert(0, word)
    if kept and not all(w.lower().rstrip(".") in _HONORIFICS for w in kept):
        found.append(" ".join(kept))
    described = _description_before(text, entity)
    if described:
        found.append(described)
    after = _APPOSITIVE.match(text, entity.end)
    if after and _describes(after.group(1)):
        found.append(after.group(1).strip())
    return found


def _last_clause(text: str) -> str:
    """Return the words after the last clause break, a title's abbreviation being none."""
    start = 0
    for found in _CLAUSE_BREAK.finditer(text):
        if found.group()[0] != "." or not _TITLE_ABBREVIATION.search(text, 0, found.start()):
            start = found.end()
    return text[start:]


def _describes(words: str) -> bool:
    """Tell whether words after a name describe the person, not what they did ("said at…")."""
    first = words.split()[0].lower() if words.split() else ""
    return not (
        first in _ROLE_STOPS
        or is_speech_verb(first, quoted=True)
        or (first.islower() and first.endswith(("ed", "ing")))
    )


def _description_before(text: str, entity: Entity) -> str | None:
    """Return a description set off by commas just before a name that commas also set off."""
    if not re.match(r"\s*,", text[entity.end : entity.end + 3]):
        return None  # "The bill passed, Smith said": a clause before the name, no description
    window = max(0, entity.start - 2 * _DESCRIPTION_CHARS)
    before = text[window : entity.start]
    if not before.endswith(", "):
        return None
    clause = _CLAUSE_BREAK.split(before[:-2])
    phrase = clause[-1].strip()
    words = phrase.split()
    if (
        (len(clause) < 2 and window > 0)  # the window cut the phrase: it runs on further back
        or len(phrase) > _DESCRIPTION_CHARS
        or not _DESCRIPTION_OPENS.match(phrase)
        or len(words) > _ROLE_WORDS
        or any(w.islower() and w.endswith("ed") for w in words)
    ):
        return None  # not a noun phrase: "the bill passed, Smith, …"
    return _DETERMINERS.sub("", phrase)


def title_key(words: str) -> str:
    """Return a title as it is compared: lower case, no country prefix, determiner or word for
    when the post was held, abbreviations spelled out ("then-Gov." is "governor")."""
    lowered = _DETERMINERS.sub("", words.strip()).lower().replace("u.s.", "us")
    lowered = re.sub(r"\b(?:then-|ex-|former\s+|outgoing\s+|current\s+)", "", lowered)
    spelled = " ".join(_SPELLED.get(w.rstrip("."), w) for w in lowered.split())
    return re.sub(r"^(?:us|united states)\s+", "", spelled)


def _titles(text: str, entities: Sequence[Entity]) -> dict[str, str]:
    """Map the titles the article writes before names to those names ("secretary of state")."""
    titles: dict[str, str] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        before = text[max(0, entity.start - 80) : entity.start].rsplit("\n", 1)[-1]
        match = _TITLE_BEFORE.search(before)
        if match:
            key = title_key(match.group(1))
            if key and len(key) > 2:
                titles.setdefault(key, _clean_name(text[entity.start : entity.end]))
    return titles


def _clean_name(name: str) -> str:
    """Drop a possessive and stray spaces from a name as the entity recogniser cut it."""
    return re.sub(r"[’']s?$", "", " ".join(name.split()))
