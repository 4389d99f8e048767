"""What an article calls a person: the title written before a name, the roles around it.

"US Secretary of State Antony Blinken", "Jim Gordon, the CEO of Smartflower, said": the words
a later "the secretary said" or a question's "the Smartflower CEO" is matched against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.ingest.claims import Claim
from retrieval.ingest.speech import GROUP_NOUNS, TITLES, is_speech_verb, word_set
from retrieval.types import Entity

DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# A title written just before a name: "US Secretary of State Antony Blinken".
_TITLE_BEFORE = re.compile(r"((?:[A-Z][\w.’'-]*\s+(?:(?:of|for)\s+(?:the\s+)?)?){1,6})$")
# What may describe a person around their name: "Kremlin spokesman Dmitry Peskov", "Jim
# Gordon, the CEO of Smartflower, said".
_ROLE_WORDS = 6
_ROLE_STOPS = word_set(
    "the a an said says told and but by with to for that as according on at from when while "
    "after before in is was were are his her their its this than who which where"
    " between like about over against among into vs"
)
# A clause's words, which no title holds: the words after them up to a name are what the
# clause does ("avian flu would kill Attenborough", "he never will endorse Trump", "What
# Saquon Barkley said"), no title.
_CLAUSE_WORDS = word_set(
    "it what why how will would could should can may might must never not has have had does "
    "did do if whether unless because or nor"
    # A subject or a clause's opening: "when he met Boris Johnson", "Once Johnson resigns".
    " he she they we once whose"
)
# A lower-case word in "s" right after a name is its verb, not a title's: "Reeves defeats
# Democratic challenger Brandon Presley", "Trump leads Haley".
_VERB_AFTER_NAME = re.compile(r"^[a-z]+[^s]s$")
# A title never ends in "of" nor holds a share: "the small town of Atka", "58% of Republicans".
_NO_TITLE = re.compile(r"(?:^|\s)of$|%")
# A full stop before a capitalised word, ending a sentence unless it ends an abbreviation.
_SENTENCE_STOP = re.compile(r"(?<=[a-z]{2})\.\s+(?=[A-Z])")
# Words a role never ends in, and lone words that describe no one.
_CUT_OFF = word_set("since until of per than")
_NO_ROLE_ALONE = word_set(
    "yet then neither either also still now one two three four five some many most both all "
    "each every none"
)
_CLAUSE_BREAK = re.compile(r"[.!?]\s|[\n,;:“”\"()—–]")
# Forms of address, which alone describe no one: "Dr. Sara Kim" has no role.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
# A title's abbreviation ends in a full stop that ends no clause: "Georgia Gov. Nathan Deal".
_TITLE_ABBREVIATION = re.compile(
    r"\b(?:Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Adm|Cmdr|Dr|Prof|Rev|Atty|Supt|Mr|Mrs|Ms)$"
)
# The appositive ends at a comma, a bracket ("researcher at Human Rights Watch (HRW)"), a
# quotation it runs into ("director of the Chamber and the co-creator of Cynthiana's "The
# Walking Dead" Day") or the sentence's end ("co-chair of the hospital's command.").
_APPOSITIVE = re.compile(
    # A comma may lack its space: "said Alexander Hoehn-Saric,chair of CPSC, in a statement".
    r",(?:\s+|(?=[a-z]))(?:the\s+|a\s+|an\s+)?([^,.;:“”\"()]{3,120}?)\s*(?:[,;(“\"]|\.(?:\s|$))"
)
# A description set off before the name: "Silverman's lawyer, Mark Apostolos, said", "the
# mayor of the town, Ana Ruiz, said": "the" or a possessive opens it, a comma closes it.
_DESCRIPTION_OPENS = re.compile(r"^(?:[Tt]he\s|[A-Z][\w.’'-]*[’']s\s)")
_DESCRIPTION_CHARS = 60
# Abbreviated titles as a description writes them out: "Gov. Ryan" is "the governor".
_SPELLED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general"}


def roles_around(text: str, entity: Entity) -> list[str]:
    """Return the words that describe a named person: a title before, an appositive after, a
    body named with them ("with the Center for Biological Diversity")."""
    found: list[str] = []
    before = _last_clause(text[max(0, entity.start - 80) : entity.start])
    glued = bool(before) and not before[-1].isspace()  # part of another token
    possessive = text.startswith(("’s", "'s"), entity.end)  # "Blinken’s visit": not a title
    words = [] if glued or possessive else before.split()
    kept: list[str] = []
    near = words[-_ROLE_WORDS:]
    for index in range(len(near) - 1, -1, -1):
        word = near[index]
        if word.lower() in _CLAUSE_WORDS:
            kept = []
            break
        if word.lower() == "and" and _joins_posts(near, index, kept):
            kept.insert(0, word)  # "Owner and CEO Greg Penner"
            continue
        if (
            word.lower() in _ROLE_STOPS
            or word.lower().endswith(("ing", "ed"))
            # "…?" wrote CNN's Jim Acosta": the verb is the sentence's, the title after it.
            or (word.islower() and word != "state" and is_speech_verb(word, quoted=False))
            or (index > 0 and _VERB_AFTER_NAME.match(word) and near[index - 1][:1].isupper())
        ):
            # "used force to remove Kraemer": the words after "to" are a verb, no title.
            if word.lower() == "to" and kept and kept[0].islower():
                kept = []
            break
        kept.insert(0, word)
    title = " ".join(kept)
    if kept and not all(w.lower().rstrip(".") in _HONORIFICS for w in kept):
        found.extend([] if _NO_TITLE.search(title) else [title])
    described = _description_before(text, entity)
    if described:
        found.append(described)
    # Read on past full stops that end no sentence; the offsets into the window are the text's.
    window = text[entity.end : entity.end + _APPOSITIVE_CHARS]
    after = _APPOSITIVE.match(_INNER_STOP.sub(" ", window))
    if after and _describes(after.group(1)):
        found.append(_before_speech(window[after.start(1) : after.end(1)].strip()))
    elif after:
        found.extend(_post_held(window[after.start(1) : after.end(1)].strip()))
    affiliation = _AFFILIATION.match(text, entity.end)
    if affiliation:
        found.append(affiliation.group(1).strip().rstrip("."))  # "…of Arizona." ends a sentence
    return [role for role in map(_as_role, found) if role]


# Posts written two at once before a name: "Owner and CEO Greg Penner", "President and CEO".
_JOINED_POSTS = TITLES | word_set(
    "owner founder co-founder cofounder ceo cfo coo publisher editor treasurer executive "
    "partner principal manager"
)


def _joins_posts(words: list[str], index: int, kept: list[str]) -> bool:
    """Tell whether the "and" at `index` joins two posts: a post before it, one kept after."""
    return (
        index > 0
        and bool(kept)
        and words[index - 1].lower().rstrip(".") in _JOINED_POSTS
        and kept[0].lower().rstrip(".") in _JOINED_POSTS
    )


def _as_role(words: str) -> str | None:
    """Return words kept as a role as one, or None where they cannot be one: cut at a dash
    ("CEO of the Republican Jewish Coalition – a powerful player…") or a paragraph's end
    ("president of NDN" before a "More:" link), rid of a preposition left
    hanging ("host of", "winner of"), never a clause cut off ("Maine Republican who voted
    to"), an owner's name ("Wednesday’s") or a lone word that describes no one ("Yet", "two")."""
    role = re.split(r"\s*(?:[‒—–]|\n)", _DATE_OR_DASHES.sub("", words), maxsplit=1)[0].strip()
    if _NO_ROLE_OPENING.match(role):
        return None
    for stop in _SENTENCE_STOP.finditer(role):
        # "economist at Capital Economics. Will…": a sentence after the role is none of it.
        if not _TITLE_ABBREVIATION.search(role, 0, stop.start()):
            role = role[: stop.start()]
            break
    parts = role.split()
    while parts and parts[-1].lower() in _CUT_OFF:
        parts.pop()
    if not parts or parts[-1] in _ROLE_STOPS:
        return None
    if len(parts) == 1 and (parts[0].lower() in _NO_ROLE_ALONE or re.search(r"[’']s?$", parts[0])):
        return None
    return " ".join(parts)


# What opens a timeline's entry or a list's line, before the name it is about: "November 2021
# Johnson pressures…", "On Monday Fox's Jesse Watters", "-- US Secretary of State Blinken".
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE_OR_DASHES = re.compile(
    rf"^(?:-+\s*|(?:(?:on|last|this)\s+)?(?:(?:{_DAYS})\b,?|(?:{_MONTHS})\s+\d{{1,4}}\b,?"
    rf"(?:\s+\d{{4}}\b)?|\d{{4}}\b,?)\s*)+",
    re.IGNORECASE,
)
# What a clause opens with, never a role: "whose group says…", "of course".
_NO_ROLE_OPENING = re.compile(r"^(?:whose|of course)\b", re.IGNORECASE)
# A body named right after a name, without commas: "Michael Robinson with the Center for
# Biological Diversity argued", "Ana Ruiz of the ACLU said".
_AFFILIATION = re.compile(
    r"\s+(?:with|of|from|at)\s+(?:the\s+)?"
    r"([A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|on|&)\s+)?[A-Z][\w.&’'-]*){0,7})"
)
# A full stop that ends no sentence: of initials ("a U.S. Navy officer") or before a lower-case
# word ("a Peoples Co. farmland broker").
_INNER_STOP = re.compile(r"\.(?=\w|\s+[a-z])|(?<=\.[A-Z])\.")
# How far past a name an appositive is read.
_APPOSITIVE_CHARS = 130


def _last_clause(text: str) -> str:
    """Return the words after the last clause break, a title's abbreviation being none."""
    start = 0
    for found in _CLAUSE_BREAK.finditer(text):
        if found.group()[0] != "." or not _TITLE_ABBREVIATION.search(text, 0, found.start()):
            start = found.end()
    return text[start:]


# A relative clause that names a post by what its holder does: "Sherrie McArthur, who owns
# Laurel Bank Campground," is the campground's owner, "who heads the Judiciary Committee" its
# chair.
_HOLDS_POST = re.compile(r"^who\s+(?:also\s+|now\s+|once\s+)?(\w+)\s+(.+)$")
_POST_OF_VERB = {
    "owns": "owner",
    "co-owns": "co-owner",
    "heads": "head",
    "leads": "leader",
    "chairs": "chair",
    "runs": "head",
    "directs": "director",
    "manages": "manager",
    "founded": "founder",
    "co-founded": "co-founder",
    "coaches": "coach",
    "represents": "representative",
    "oversees": "head",
}


def _post_held(clause: str) -> list[str]:
    """Return the post a "who owns…" clause describes, written as a post ("owner of …")."""
    held = _HOLDS_POST.match(clause)
    post = _POST_OF_VERB.get(held.group(1).lower()) if held else None
    return [f"{post} of {held.group(2)}"] if held and post else []


def _before_speech(words: str) -> str:
    """Return a description up to a speech verb it runs into: "Executive Director of the AFF
    said in a news release" describes her as "Executive Director of the AFF". Not "state",
    which is as often a noun ("the state Department of Labor")."""
    for found in re.finditer(r"(?<=\s)[a-z]+\b", words):
        verb = found.group()
        if verb != "state" and is_speech_verb(verb, quoted=False):
            # "migrant who said she witnessed…" is a migrant.
            return re.sub(r"\s+(?:who|which|that)$", "", words[: found.start()].rstrip())
    return words


def _describes(words: str) -> bool:
    """Tell whether words after a name describe the person, not what they did ("said at…")."""
    first = words.split()[0].lower().replace("’", "'") if words.split() else ""
    return not (
        first in _ROLE_STOPS
        or first.startswith("who'")  # "who's helped manage the shelter": what they did
        or is_speech_verb(first, quoted=True)
        or (first.islower() and first.endswith(("ed", "ing")))
    )


def _description_before(text: str, entity: Entity) -> str | None:
    """Return a description set off by commas just before a name that commas also set off."""
    if not re.match(r"\s*,", text[entity.end : entity.end + 3]):
        return None  # "The bill passed, Smith said": a clause before the name, no description
    window = max(0, entity.start - 3 * _DESCRIPTION_CHARS)
    before = text[window : entity.start]
    if not before.endswith(", "):
        return None
    clause = _CLAUSE_BREAK.split(before[:-2])
    phrase = clause[-1].strip()
    words = phrase.split()
    # A title of capitalised words may run longer: "The World Wildlife Fund Australia’s Chief
    # Conservation Officer, Rachel Lowry, said".
    titled = all(w[:1].isupper() or w in ("of", "for", "and", "the") for w in words[1:])
    most_chars, most_words = (
        (2 * _DESCRIPTION_CHARS, 2 * _ROLE_WORDS) if titled else (_DESCRIPTION_CHARS, _ROLE_WORDS)
    )
    if (
        (len(clause) < 2 and window > 0)  # the window cut the phrase: it runs on further back
        or len(phrase) > most_chars
        or not _DESCRIPTION_OPENS.match(phrase)
        or len(words) > most_words
        or any(w.islower() and w.endswith("ed") for w in words)
    ):
        return None  # not a noun phrase: "the bill passed, Smith, …"
    return DETERMINERS.sub("", phrase)


# Lower-case words a person's name may hold: "Ludwig van Beethoven", "Charles de Gaulle".
_NAME_PARTICLES = word_set("de da del della di du la le van von der den bin al")


def looks_like_a_name(words: str) -> bool:
    """Tell whether words read as a person's name: two to four capitalised words, no
    determiner, no body's noun ("Toi Hutchinson", not "The Associated Press")."""
    parts = words.split()
    return (
        2 <= len(parts) <= 4
        and parts[0][:1].isupper()
        and parts[0].lower() not in ("the", "a", "an")
        and all(p[:1].isupper() or p in _NAME_PARTICLES for p in parts)
        and not any(p.lower().strip(".,") in _BODY_WORDS for p in parts)
        and parts[-1].lower().strip(".,") not in TITLES  # "Russian President"
        and all(re.fullmatch(r"[A-Z][\w.’'-]*|[a-z]+", p) for p in parts)
    )


def described_where_written(text: str, name: str, claim: Claim) -> dict[str, str]:
    """Map a name the recogniser did not take for a person to the description its claim writes
    beside it: "Toi Hutchinson, president and CEO of the Marijuana Policy Project, said"."""
    if name != claim.subject or not looks_like_a_name(name):
        return {}
    roles = roles_around(text, Entity("PERSON", claim.start, claim.end))
    return {name: "; ".join(roles)} if roles else {}


# Words that name a body, not a person: the nouns a group is called by, and those of firms'
# and outlets' names.
_BODY_WORDS = GROUP_NOUNS | word_set(
    "corporation corp inc co ltd llc plc party police court press news times post journal fund"
)


def title_key(words: str) -> str:
    """Return a title as it is compared: lower case, no country prefix, determiner or word for
    when the post was held, abbreviations spelled out ("then-Gov." is "governor")."""
    lowered = DETERMINERS.sub("", words.strip()).lower().replace("u.s.", "us")
    lowered = re.sub(r"\b(?:then-|ex-|former\s+|outgoing\s+|current\s+)", "", lowered)
    spelled = " ".join(_SPELLED.get(w.rstrip("."), w) for w in lowered.split())
    return re.sub(r"^(?:us|united states)\s+", "", spelled)


def titles_before_names(text: str, entities: Sequence[Entity]) -> dict[str, str]:
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
                titles.setdefault(key, clean_name(text[entity.start : entity.end]))
    return titles


def clean_name(name: str) -> str:
    """Drop a possessive, an age written before the name and stray spaces from a name as the
    entity recogniser cut it."""
    return re.sub(r"[’']s?$", "", without_age(" ".join(name.split())))


def without_age(name: str) -> str:
    """Drop an age written before a name: "the 21-year-old Boston" is Boston."""
    return _AGE_BEFORE.sub("", name)


_AGE_BEFORE = re.compile(r"^(?:(?:the|a|an)\s+)?\d{1,3}-year-old\s+(?=[A-Z])", re.IGNORECASE)


# At most this many descriptions are kept for one person.
_MAX_ROLES = 3


def people_described(
    text: str, entities: Sequence[Entity], full_name: Callable[[str], str]
) -> dict[str, str]:
    """Map each person's full name to what the article calls them where it names them."""
    roles: dict[str, list[str]] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        name = full_name(clean_name(text[entity.start : entity.end]))
        for role in roles_around(text, entity):
            if role not in roles.setdefault(name, []) and len(roles[name]) < _MAX_ROLES:
                roles[name].append(role)
    return {name: "; ".join(found) for name, found in roles.items() if found}
