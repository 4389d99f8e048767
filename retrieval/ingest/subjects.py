"""What a speech claim's subject is, read off its words: a body referred back to ("the agency"),
a document already mentioned, owned or issued ("the statement", "Biden's post", "an update from
the agency"), a person described by what they are ("the coach"), where a subject written after
its verb ends, and the surnames an article's people go by."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from retrieval.ingest.claims import Claim
from retrieval.ingest.descriptions import clean_name, looks_like_a_name
from retrieval.ingest.pronouns import subject_first
from retrieval.ingest.public_bodies import COMMERCIAL_NOUNS
from retrieval.ingest.speech import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    STRONG_VERBS,
    TITLES,
    WEAK_VERBS,
    QuoteRun,
    inside,
    word_set,
)
from retrieval.types import Entity

# "the statement", "his post": a document already mentioned; "a letter obtained by CNN" is new.
_ANAPHORIC = re.compile(r"^(?:the|its|his|her|their|that|this)\s", re.IGNORECASE)
# A part of a document already mentioned: "a portion of the message reads", "part of his post".
_PART_OF = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:portion|part|excerpt|section|passage)\s+of\s+"
    r"(?:the|its|his|her|their|that|this)\s+(\w+)$",
    re.IGNORECASE,
)
# A speech verb written before its subject ('"…," said the launch director…'), and where the
# subject's phrase ends.
VERB_BEFORE = re.compile(
    r"\b(?:said|says|added|adds|wrote|writes|told|tells|explained|noted|continued|asked)\s+$"
)
# A full stop ends the phrase, but not an initial's or a title's ("John J. Wiens", "Dr.").
PHRASE_END = re.compile(
    r"[,;:(—–]|(?<!\b[A-Z])(?<!\bJr)(?<!\bSr)(?<!\bDr)(?<!\bSt)\.|\n|"
    r"\s(?:and|on|in|at|to|from|about|during|after|before|while|when|as|via|with)\s"
)

# What an article calls the person it is about, once named, and no one new: "the singer said",
# "the comedian added". Nouns of a post ("the governor") and of anyone ("the officer", "the
# man") are left to the descriptions the article wrote: the person just written of may be
# another.
_EPITHETS = word_set(
    """
    singer rapper actor actress musician artist star superstar player athlete quarterback
    pitcher golfer boxer teen teenager author writer novelist filmmaker comedian comic host chef
    entrepreneur founder billionaire mogul tycoon businessman businesswoman activist pundit
    commentator propagandist
    """
)


# A document with its owner named: "Daily Harvest's latest post", "the NWSLPA statement".
OWNED_DOCUMENT = re.compile(
    r"^(?:(?P<owner>.+?)[’']s?|(?:[Tt]he|[Aa]n?)\s+(?P<named>(?:[A-Z][\w.&-]*\s+){1,4}))"
    r"\s*(?:[\w-]+\s+){0,2}?[\w-]+$"
)
NOT_OWNERS = DOCUMENT_NOUNS | {"from", "of", "on", "by", "in"}
# A document and who issued it: "an update from the agency", "a statement by the Kremlin".
ISSUED_BY = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?P<doc>[\w-]+)\s+(?:from|by)\s+"
    r"(?P<issuer>(?:the\s+)?[\w.’'&-]+(?:\s+[\w.’'&-]+){0,5}?)"
    r"(?=\s+(?:after|on|in|that|which|released|published|issued|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b|$)",
    re.IGNORECASE,
)
# A report or a study is referred back to as itself ("the report says"): it keeps its name.
ISSUED_NOUNS = DOCUMENT_NOUNS | {"update", "reading", "data"}
# Nouns for what a person is, by which an article refers back to someone it named with them.
_PERSON_NOUNS = _EPITHETS | word_set(
    """
    coach guard forward student grader survivor victim director dispatcher commissioner
    attorney lawyer migrant assistant woman man resident officer doctor nurse
    """
)


def is_epithet(plain: str) -> bool:
    """Tell whether a described subject is what the article calls the person it writes of."""
    words = plain.split()
    return bool(words) and words[-1] in _EPITHETS


def describes_a_person(claim: Claim, plain: str) -> bool:
    """Tell whether a subject may refer back to a person by what they are: "the coach", "the
    Grammy-winning singer" (the article's, never "a singer" it has not named). Not "the
    Indianapolis Star" (a name) nor "the group's executive director" (someone else's)."""
    words = plain.split()
    if not re.match(r"(?i)the\s", claim.subject) or not words or not words[-1].islower():
        return False
    return not re.search(r"[’']s?\s", plain) and words[-1] in _PERSON_NOUNS


def a_person_described(plain: str) -> bool:
    """Tell whether an unnamed subject is a person by what they are ("the world's richest
    man", "a local nurse"): a later "he said" may mean them, where it may not mean a body."""
    words = plain.split()
    return bool(words) and words[-1].islower() and words[-1] in _PERSON_NOUNS


def refers_back(subject: str) -> bool:
    """Tell whether a subject only refers to a body ("the agency"), naming none ("the China
    Banking and Insurance Regulatory Commission" names itself)."""
    words = subject.split()
    return bool(_ANAPHORIC.match(subject)) and not any(w[:1].isupper() for w in words[1:])


# A person referred to by age alone, as articles vary a name: "the 42-year-old", "the retired
# 65-year-old". "A 25-year-old former aide" brings in someone new, so only "the" counts.
_BY_AGE = re.compile(r"^the\s+(?:[a-z]+\s+)?\d{1,3}-year-old$", re.IGNORECASE)


def refers_by_age(subject: str) -> bool:
    """Tell whether a subject names someone already written about by their age alone."""
    return bool(_BY_AGE.match(subject))


_SENTENCE_BREAK = re.compile(r"[.!?][”\"’']?\s+")
# How far back the sentence before a claim is looked for.
_SENTENCE_REACH = 600


def age_referent(
    text: str, claim: Claim, entities: Sequence[Entity], quoted: Sequence[QuoteRun]
) -> tuple[int, int] | None:
    """Return the name that "the 42-year-old" stands for: the person the sentence before names
    first as one acting, or, for a trailing "…, the 42-year-old said", the one its own
    sentence names; None where neither names anyone. Further back it is a guess: the last
    speaker there is as often someone else ("…, general manager Jason Licht said").
    """
    trailing = text[: claim.start].rstrip()[-1:] in (",", "”", '"')
    end = claim.start if trailing else claim.sentence_start
    before_end = len(text[: claim.sentence_start].rstrip())  # the sentence before ends here
    reach = max(0, before_end - _SENTENCE_REACH)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, reach, before_end)]
    start = breaks[-1] if breaks else reach
    named = [(e.start, e.end) for e in entities if e.label == "PERSON"]
    found = subject_first(text, acting_mentions(text, named, start, end, quoted))
    return found[0] if found else None


# A role written in lower case right before a name the recogniser did not take for a person:
# "NWS Nashville meteorologist Krissy Hurley", "goalie Linus Ullmark".
_ROLE_THEN_NAME = re.compile(
    r"^(?P<role>(?:.*\s)?(?P<noun>[a-z][a-z-]+))\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})$"
)
# A name of one word after a role for someone: "Brazilian footballer Neymar", "singer Rihanna";
# a word in capitals or a calendar's is no one ("reporter Monday").
_ONE_NAME = re.compile(r"[A-Z][a-zà-ÿ’'-]{2,}")
_CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december"
)
# Lower-case words before capitalised ones that join a body's name or lead into one, no role:
# "Department of Public Health", "analysts at Capital Economics", "Miami-based".
_NO_ROLE = word_set(
    "of for and or at in on from by with to the a an its their his her based led former latter "
    "other"
)
# A role's noun that names a body ("power distribution company LUMA Energy"), and the endings of
# those that name someone ("meteorologist", "trainer", "coordinator", "restaurateur").
_BODY_NOUNS = (
    GROUP_NOUNS
    | COMMERCIAL_NOUNS
    | word_set("journal outlet studio line platform website operator provider supplier")
    | word_set("distributor developer publisher broadcaster insurer lender producer")
)
_PERSON_ENDINGS = ("ist", "ian", "er", "or", "eur", "man", "woman", "person")


def role_then_name(plain: str) -> tuple[str, str, str] | None:
    """Return the role, the name and whether a person or a group is named, where a subject
    writes a role and then a name ("meal-kit service Daily Harvest"); None where it does not,
    or the role's noun says neither ("the White House's new College Scorecard")."""
    found = _ROLE_THEN_NAME.match(plain)
    if found is None or found["noun"] in _NO_ROLE:
        return None
    noun, name = found["noun"], found["name"]
    if " " not in name:
        one = bool(_ONE_NAME.fullmatch(name)) and name.lower() not in _CALENDAR | TITLES
        return (found["role"], name, "person") if one and noun_for_someone(noun) else None
    if not looks_like_a_name(name):
        return None
    if noun in _BODY_NOUNS:
        return found["role"], found["name"], "group"
    return (found["role"], found["name"], "person") if noun_for_someone(noun) else None


def names_a_person(name: str | None, role: str | None) -> bool:
    """Tell whether a name the recogniser took for a body's is a person's by the role the
    article gives it: "Keir Radnedge, a columnist at World Soccer Magazine"."""
    if not name or not role or not looks_like_a_name(name):
        return False
    post = re.split(r"\s(?:at|of|for|with|in|from|on)\s", role.split(";")[0])[0].split()
    return bool(post) and noun_for_someone(post[-1].lower())


def noun_for_someone(noun: str) -> bool:
    """Tell whether a role's noun is one for someone: a title, "coach", "columnist"."""
    return noun not in _BODY_NOUNS and (
        noun in TITLES or noun in _PERSON_NOUNS or noun.endswith(_PERSON_ENDINGS)
    )


def is_document(claim: Claim) -> bool:
    """Tell whether a claim's subject is a document already mentioned, or a part of one."""
    # Written with a capital, the noun is a name's ("The Denver Post"), not a document's.
    common = claim.head in claim.subject.split()
    if claim.head in DOCUMENT_NOUNS and common and _ANAPHORIC.match(claim.subject):
        return True
    part = _PART_OF.match(claim.subject)
    return part is not None and part.group(1).lower().rstrip("s") in DOCUMENT_NOUNS


def surname_pattern(persons: Sequence[str]) -> re.Pattern[str] | None:
    """Return a pattern for the surnames of the people the article names in full."""
    surnames = {p.split()[-1] for p in persons if len(p.split()) > 1 and len(p.split()[-1]) > 2}
    if not surnames:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(surnames)) + r")\b")


def name_words(text: str, entity: Entity) -> list[str]:
    """Return a name's words, a double-barrelled name's parts too ("Blackwell-Thompson")."""
    words = text[entity.start : entity.end].lower().split()
    return words + [part for word in words if "-" in word for part in word.split("-")]


def is_possessive_at(text: str, end: int) -> bool:
    """Tell whether a name ending here is a possessive ("Silverman's lawyer"): the owner."""
    return text.startswith(("’s", "'s", "’", "'"), end)


def in_compound_at(text: str, end: int) -> bool:
    """Tell whether a name ending here ends inside a compound word ("Grammy-winning")."""
    return re.match(r"-\w", text[end : end + 2]) is not None


# Words after which a name is the object of a verb or a preposition ("signing up James",
# "the works of Chaucer", "on Twitter"), or a thing's modifier ("the Hope seat"): not whom a
# later "she said" means. Not "by" ("run by Tom Reyes" names who acts), nor "like" or
# "including" (the example named is who speaks next), nor "named" ("a woman named Genesis
# Figueroa" is she), and only within the line: a headline ending "…swinging" is no verb. A
# sentence may open with the preposition: "In Atka, Nevzoroff manages the store" names a place
# first and then who acts.
_OBJECT_BEFORE = re.compile(
    r"\b(?:of|in|on|at|for|with|from|to|about|than|into|onto|toward|towards|against|between|"
    r"among|without|under|over|up|down|out|off|the|a|an|[a-z]+ing|"
    r"(?!(?:named|called|dubbed|nicknamed)\b)[a-z]+ed|"
    r"In|On|At|From|Across|Inside|Outside|Near|Throughout|Within|Among|Amid)[ \t]+$"
)

# One a writer spoke with or interviewed is whom the quotations after speak for.
_SPOKEN_WITH = re.compile(
    r"\b(?:(?:spoke|speaks|speaking|talked|talks|talking|chatted|sat\s+down)\s+(?:with|to)"
    r"|interviewed|interviewing)[ \t]+$"
)
# A sentence opening with where it happens: "In Atka,", "At the hearing in Denver,".
_OPENING_PLACE = re.compile(
    r"(?:^|\n|[.!?][\"”’']?\s+)(?:In|On|At|From|Across|Inside|Outside|Near|Throughout|Within|"
    r"Amid)\s+$"
)


def named_as_object(text: str, start: int, earlier_names: Sequence[tuple[int, int]]) -> bool:
    """Tell whether a name starting here is something's object or modifier, or an item of a
    list whose item before it is a name ("Chaucer, Shakespeare and other writers")."""
    before = text[max(0, start - 20) : start]
    if _SPOKEN_WITH.search(before):
        return False  # "I spoke with Jessika Boles…": whom the next "she said" means
    if _OBJECT_BEFORE.search(before):
        return True
    listed = re.search(r",\s+$", before)
    if listed is None:
        return False
    # "In Atka, Nevzoroff manages…": the comma closes a place the sentence opens with.
    return any(
        end == start - len(listed.group())
        and not _OPENING_PLACE.search(text, max(0, begun - 40), begun)
        for begun, end in earlier_names
    )


# "the Illinois Democrat", "the Kentucky Republican": a politician named before, by party
# and, where given, by place.
_PARTY_EPITHET = re.compile(
    r"^((?:[A-Z][\w.’'-]*\s+){0,3})(?:Democrat|Republican|Independent|Democratic|GOP)"
    r"(?:\s+(?:lawmaker|senator|congressman|congresswoman|leader))?$"
)


def party_epithet(plain: str) -> list[str] | None:
    """Return the place words of a party epithet ("Illinois" of "Illinois Democrat"); None
    when a subject is no such epithet."""
    found = _PARTY_EPITHET.match(plain)
    if found is None or (plain.startswith("Independent") and not found.group(1)):
        return None  # "the Independent" alone is as often the newspaper
    return found.group(1).split()


def acting_mentions(
    text: str,
    named: Sequence[tuple[int, int]],
    window: int,
    position: int,
    quoted: Sequence[QuoteRun],
) -> list[tuple[int, int]]:
    """Return, in order, the names between two points that may be whom a later "he" means."""
    return sorted(
        (start, end)
        for start, end in named
        if window <= end <= position
        # "Ronald Dalton’s book": a possessive is rarely whom "he" means next, nor is "the
        # death of Ann Lee" or "signing up James" (named as a thing's complement or an act's
        # object, not as one acting).
        and not text.startswith(("’s", "'s"), end)
        and not in_compound_at(text, end)
        and not named_as_object(text, start, named)
        # A name inside a quotation is whom the speaker talks about, not a new speaker.
        and not inside(quoted, start)
        # "Frank Franklin II/AP" or "Crystal Vander Weit/TC Palm" credits a photo.
        and "/" not in text[start : end + 1]
    )


# A speaker who reports on themself as "he" or "she" ("Rihanna said she turned down the show")
# is a person, whatever the recogniser called the name; "the team said he…" reports on another.
_SELF_AS_PERSON = re.compile(
    r"\s+(?:(?:also|later|previously|then)\s+)?(?:said|says|told\s+\w+)\s+(?:that\s+)?"
    r"(?:he|she)\b"
)
_BARE_NAME = re.compile(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}")
# The kinds a person's name is mistaken for ("Rihanna" a place), or its own.
_MISTAKEN_FOR_PEOPLE = frozenset({"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def reports_self_as_person(text: str, claim: Claim, entities: Sequence[Entity]) -> bool:
    """Tell whether a claim's subject is a bare name, not an organisation's, that goes on to
    report on itself as "he" or "she"."""
    if _BARE_NAME.fullmatch(claim.subject) is None:
        return False
    labels = {e.label for e in entities if e.start < claim.end and claim.start < e.end}
    # Tagged as some named thing, but not a body or a group ("Prosecutors", "Republican").
    if not labels & _MISTAKEN_FOR_PEOPLE or labels & {"ORG", "NORP"}:
        return False
    return _SELF_AS_PERSON.match(text, claim.end, claim.sentence_end) is not None


# Offices a party epithet ("the Kentucky Republican") stands for.
_OFFICES = word_set(
    "senator sen senate representative rep congressman congresswoman lawmaker legislator "
    "governor gov leader speaker mayor assemblyman assemblywoman assemblymember"
)


def holds_office(role: str | None) -> bool:
    """Tell whether a person's description gives them a public office."""
    return bool(set(re.findall(r"[a-z]+", (role or "").lower())) & _OFFICES)


# A description whose name the parse left after it: "The misinformation watchdog NewsGuard said",
# "the anti-abortion rights group National Right to Life said".
_DESCRIPTION = re.compile(r"(?:the|a|an)\s+[a-z][\w -]*", re.IGNORECASE)


def with_name_after(text: str, claim: Claim, entities: Sequence[Entity]) -> Claim:
    """Return the claim with its subject run on to the person's name, or moved to the body's,
    written right after a description the parse cut it to; the claim as it was otherwise."""
    if _DESCRIPTION.fullmatch(claim.subject) is None or not claim.subject[1:].islower():
        return claim
    if claim.subject.split()[-1].lower() in DOCUMENT_NOUNS:
        return claim  # "a confidential memo ABC News obtained" is not ABC News's
    gap = re.match(r"[ \t]+", text[claim.end : claim.end + 3])
    after = claim.end + len(gap.group()) if gap else -1
    name = next((e for e in entities if e.start == after and e.label in ("PERSON", "ORG")), None)
    if name is None:
        return claim
    # A person keeps the description as their title; a body is its name alone.
    start = claim.start if name.label == "PERSON" else name.start
    subject = text[start : name.end]
    return replace(
        claim, subject=subject, start=start, end=name.end, head=subject.split()[-1].lower()
    )


# A person opening a sentence, an apposition after them, and a verb that reports speech:
# "Hsiao-Wei Lee, WFP deputy country director, described the situation as…".
_OPENS_SPEAKING = re.compile(
    r"(?:,[^,.;:“\"]{1,150},)?\s+(?:(?:also|later|then|again)\s+)?(?P<verb>[a-z]+)\b"
)
_SPEAKING_VERBS = STRONG_VERBS | WEAK_VERBS


def speaking_opener(
    text: str, sentence_start: int, claim_start: int, persons: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """Return the person a sentence opens with where they are its speaking subject: whom a
    trailing "…, she said" means. "Hsiao-Wei Lee, WFP deputy country director, described the
    situation as "very bleak," where villages "are completely decimated," she said." is Lee.
    "…when Ito was tackled, he said" names Ito as what is reported, and stays unresolved here.
    """
    # A sentence opening inside a quotation ("“Donald Trump believes…,” she said") quotes
    # what its speaker says of the one it names.
    opening = re.match(r"\s*", text[sentence_start:claim_start])
    start = sentence_start + (opening.end() if opening else 0)
    first = next(((a, b) for a, b in persons if a == start and b < claim_start), None)
    if first is None:
        return None
    spoken = _OPENS_SPEAKING.match(text, first[1], claim_start)
    return first if spoken is not None and spoken.group("verb") in _SPEAKING_VERBS else None


def described_before(
    text: str,
    tagged: Sequence[Entity],
    roles: dict[str, str],
    full_name: Callable[[str], str],
    position: int,
    noun: str,
) -> str | None:
    """Return the person named last before a position whom the article describes with a noun
    ("head coach Ron Rivera" for "the coach"). Nearness alone would name whoever a photo
    caption or a rival mentioned since. `roles`: each person's descriptions by full name."""
    fitting = {
        name
        for name, described in roles.items()
        if noun in re.split(r"[\s;,-]+", described.lower())
    }
    named = None
    for entity in tagged:
        if entity.label == "PERSON" and entity.end <= position:
            name = full_name(clean_name(text[entity.start : entity.end]))
            named = name if name in fitting else named
    return named


# "The measure says…", "the bill would…": a law the article names, whose text is quoted.
_LAW_REFERENCE = re.compile(
    r"^(?:the|this|that)\s+(?:ballot\s+)?(?:measure|bill|law|proposition|initiative|"
    r"ordinance|amendment|act|referendum|legislation)$",
    re.IGNORECASE,
)


# A law's name as a measure's text is quoted: "Proposition 207", "Bill 243", "the Clean Air
# Act"; not "the Constitution" or "Roe v. Wade", which the recogniser also tags as laws.
_MEASURE_NAME = re.compile(
    r"^(?:the\s+)?(?:(?:(?:House|Senate|Assembly)\s+)?(?:Proposition|Prop\.?|Measure|Question|"
    r"Initiative|Amendment|Issue|Bill|H\.?R\.?|S\.?B\.?|A\.?B\.?)\s*\d+[A-Z]?|"
    r".*\b(?:Act|Law|Bill)(?:\s+of\s+\d{4})?)$"
)


def law_referred_to(text: str, entities: Sequence[Entity], claim: Claim) -> str | None:
    """Return the law a subject such as "the measure" refers back to: the one the recogniser
    tagged last before the claim ("Proposition 207"), if any."""
    if _LAW_REFERENCE.match(claim.subject) is None:
        return None
    named = [
        " ".join(text[e.start : e.end].split())
        for e in entities
        if e.label == "LAW" and e.end <= claim.start
    ]
    laws = [name for name in named if _MEASURE_NAME.match(name)]
    return laws[-1] if laws else None
