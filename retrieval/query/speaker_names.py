"""Matching a speaker asked about with the speakers an article names, loosely: "the embassy"
is "the US Embassy in Israel", "the NIU law professor" a "professor at Northern Illinois
University"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.ingest.name_core import name_core
from retrieval.ingest.speech import GROUP_NOUNS, TITLES, word_set
from retrieval.query.name_initials import CONNECTORS, acronyms_of, word_initials
from retrieval.query.name_words import NAME_START, SAME_POST, name_tokens
from retrieval.query.owned_wordings import owner_of
from retrieval.query.post_epithets import POST_INITIALS, posts_meant
from retrieval.types import Speaker

# Words that name no one: dropped before speakers are compared.
FILLER = word_set("the a an of in for at on to and 's ’s")
# Nouns for whoever holds some post at a place: "the Johns Hopkins hearing expert" is the
# "director of the Cochlear Center for Hearing… at Johns Hopkins".
HOLDERS = frozenset(
    {"official", "officials", "expert", "experts", "researcher", "scientist", "analyst", "analysts"}
)


@dataclass(frozen=True)
class _Key:
    words: frozenset[str]
    head: str  # the noun the name is about: a surname, "embassy", "hamas"
    core: frozenset[str] = frozenset()  # the words before a preposition ("magnus from oxford")
    acronyms: frozenset[str] = frozenset()  # "splc" of "Southern Poverty Law Center"


# A name's words are read once per name: an answer compares every candidate's speaker.
@lru_cache(maxsize=4096)
def _key(name: str, drop_titles: bool) -> _Key | None:
    """Return a name's words as compared: lower case, "U.S." as "us", fillers and titles out."""
    # A double-barrelled name is its two names, however the article joins them: "Blackwell-
    # Thompson" is the "Charlie-Blackwell Thompson" a typo made of her.
    tokens = name_tokens(name)
    if drop_titles:
        tokens = _without_titles(tokens)
    core = name_core(tokens)  # "embassy in Israel": the head comes before "in"
    kept = [t for t in core if t not in FILLER and not (drop_titles and t in TITLES)]
    if not kept:
        kept = [t for t in core if t not in FILLER]
    if not kept:
        return None
    words = frozenset(t for t in tokens if t not in FILLER and not (drop_titles and t in TITLES))
    acronyms = acronyms_of(name)
    return _Key((words or frozenset(kept)) | acronyms, kept[-1], frozenset(kept), acronyms)


def _without_titles(tokens: list[str]) -> list[str]:
    """Drop titles with what they are of: "secretary of state antony blinken" is the name."""
    kept: list[str] = []
    index = 0
    while index < len(tokens):
        if tokens[index] in TITLES:
            index += 1
            if index < len(tokens) and tokens[index] == "of":
                index += 2 + (tokens[index + 1 : index + 2] == ["the"])
            continue
        kept.append(tokens[index])
        index += 1
    return kept or tokens


def speaks_as(asked: str, speaker: Speaker | None) -> bool:
    """Tell whether a speaker is the one asked about, loosely.

    Every word of the asked name must be in the speaker's name (or in its wording in the
    article), and either the head nouns agree ("the embassy" is "the US Embassy in Israel",
    "Blinken" is "Antony Blinken") or the asked name is more than one word. Titles count only
    when the asked name is nothing else ("the Secretary of State").
    """
    if speaker is None or _no_longer(asked, speaker):
        return False
    if _by_two_initials(asked, speaker):
        return True
    if any(_speaks_as(form, speaker) for form in _asked_forms(asked)):
        return True
    # "The Baltimore office of the FBI said" is the FBI speaking, as "the SCU branch of Cal
    # Fire" is Cal Fire.
    unit = _UNIT_OF.fullmatch(speaker.name or "")
    if unit is not None:
        return speaks_as(asked, Speaker(unit["body"], unit["body"]))
    # "Twitter's status page said" is Twitter speaking.
    owner = owner_of(speaker.name)
    return owner is not None and speaks_as(asked, Speaker(owner, owner))


# A post or body the speaker held once: "Former British Prime Minister John Major".
_FORMERLY = re.compile(r"\b(?:former|formerly|ex-|onetime|erstwhile)", re.IGNORECASE)
# A post held now beside the one held once: "former EPA administrator and now president of
# Beyond Plastics".
_NOW = re.compile(r"\b(?:now|currently)\b", re.IGNORECASE)


def _no_longer(asked: str, speaker: Speaker) -> bool:
    """Tell whether the speaker only once held the post or body asked about: "the British
    prime minister" (or "the outgoing" one) is not "Former British Prime Minister John Major",
    nor "the CDC" its former director. Asked for by their own name, or as "the former…",
    they are, and so is one described with a post they hold now."""
    described = f"{speaker.written} {speaker.role or ''}"
    if _FORMERLY.search(asked) or not _FORMERLY.search(described) or _NOW.search(described):
        return False
    name = (speaker.name or "").casefold()
    return not any(word.casefold() in name for word in proper_words(asked))


# A part of a body, which speaks for it: "Baltimore office of the FBI".
_UNIT_OF = re.compile(
    r"(?:the\s+)?(?:[\w’'.-]+\s+){0,3}?(?:office|field office|branch|chapter|division|bureau)\s+"
    r"of\s+(?:the\s+)?(?P<body>[A-Z].*)",
    re.IGNORECASE,
)


# Two capitals asked alone: "the UN", "the EU".
_TWO_INITIALS = re.compile(r"(?:the\s+)?([A-Z]{2})")


def _by_two_initials(asked: str, speaker: Speaker) -> bool:
    """Tell whether two capitals asked alone are the initials of a two-word name the speaker
    goes by ("the UN" is the "United Nations", "the EU" the "European Union"). Within a longer
    asked name two letters are too often a word ("the US embassy") to be read so."""
    wanted = _TWO_INITIALS.fullmatch(asked.strip())
    if wanted is None:
        return False
    for form in (speaker.name, speaker.written):
        for _, words in _capitalised_runs(form or "", FILLER):
            if len(words) == 2 and "".join(w[0] for w in words) == wanted[1]:
                return True
    return False


# Words for the time a post is held, or for its place being the story's, which an article need
# not write: "Oregon's outgoing governor" is "Oregon Gov. Kate Brown", "the local chamber of
# commerce director" the director of the town's chamber.
_TRANSIENT = re.compile(
    r"\b(?:outgoing|incoming|former|current|new|acting|interim|fired|ousted|retiring|"
    r"retired|longtime|then|local|(?<!-)old)\s+",
    re.IGNORECASE,
)
# A run of capitalised words an article may write as initials: "Major League Pickleball".
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+")


# A body's name as asked, its small words within: "the Alliance for Food and Farming" is the
# "AFF" an article may write.
_NAMED_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:(?:of|for|and|on|the|&)\s+)*[A-Z][\w-]*)+")


def _capitalised_runs(
    text: str, skipped: frozenset[str], runs: re.Pattern[str] = _CAPITALISED_RUN
) -> Iterator[tuple[re.Match[str], list[str]]]:
    """Yield each run of capitalised words in a text with the words its initials are made of
    (`skipped`: the small words a run holds that have none)."""
    for run in runs.finditer(text):
        yield run, [w for w in run.group().split() if w.lower() not in skipped]


@lru_cache(maxsize=1024)
def _asked_forms(asked: str) -> tuple[str, ...]:
    """Return the asked name as asked, without words for the time a post is held, and with its
    capitalised runs as initials ("Major League Pickleball's founder" is the "MLP founder")."""
    plain = _TRANSIENT.sub("", asked)
    forms = [asked, plain, *posts_meant(plain)]
    # "the company's CEO": the company is the one the story is about, whichever it is.
    owned_by_kind = _OWNED_BY_KIND.fullmatch(plain.strip())
    if owned_by_kind:
        forms.append(f"the {owned_by_kind['post']}")
    # "the Capitol Police officer who testified": what the person did tells the story, not
    # the words the article describes them with.
    described = _DOING_CLAUSE.sub("", plain)
    if described != plain and len(described.split()) > 1:
        forms.append(described)
    # "the Alabama state trooper" is the "Alabama Trooper" an article writes.
    forms.append(_STATE_AFTER_PLACE.sub(r"\1 ", plain))
    # "Hamas officials", "a Hamas spokesman": those who speak for a body named in capitals,
    # whose own statements ("Hamas said…") answer for them too.
    speaking_for = _SPEAKING_FOR.fullmatch(plain.strip())
    if speaking_for and any(w[:1].isupper() for w in speaking_for["body"].split()):
        forms.append(speaking_for["body"])
    for run, words in _capitalised_runs(plain, FILLER, _NAMED_RUN):
        if len(words) >= 2:
            for whole_caps in (False, True):
                initials = "".join(word_initials(words, False, whole_caps)).upper()
                forms.append(f"{plain[: run.start()]}{initials}{plain[run.end() :]}")
    return tuple(dict.fromkeys(forms))


# A post owned by a body named only by its kind: "the company's CEO", "the team's owner".
_OWNED_BY_KIND = re.compile(
    r"(?:the\s+)?(?:company|firm|agency|group|organi[sz]ation|team|club|league|union|"
    r"department|ministry|campaign)[’']s?\s+(?P<post>[a-z][\w\s-]*)",
    re.IGNORECASE,
)
_STATE_AFTER_PLACE = re.compile(r"\b([A-Z][\w.’'-]*)\s+state\s+(?=[a-z])")
_DOING_CLAUSE = re.compile(r"\s+(?:who|that)\s+\S.*$")
_SPEAKING_FOR = re.compile(
    r"(?:(?:the|a|an)\s+)?(?P<body>.+?)(?:[’']s?)?\s+(?:officials?|spokes(?:person|man|woman|people)|"
    r"representatives?|leaders?|leadership|negotiators?)"
)


def _speaks_as(asked: str, speaker: Speaker) -> bool:
    if speaker.name is not None and _described_as(asked, speaker):
        return True
    for drop_titles in (True, False):
        wanted = _key(asked, drop_titles)
        if wanted is None:
            continue
        # The initials of the asked name are a way the article may write it, not words it
        # must hold: "Brig. Gen. Cruz" is no "BGC".
        if wanted.words - wanted.acronyms:
            wanted = replace(wanted, words=wanted.words - wanted.acronyms)
        for form in (speaker.name, speaker.written):
            key = None if form is None else _key(form, drop_titles)
            if key is None:
                continue
            if _all_named(_without_country(wanted.words, key.words), key.words) and (
                wanted.head == key.head or len(wanted.words) > 1 or wanted.head in key.acronyms
            ):
                return True
            shortened = form is speaker.name and drop_titles and _shortened(wanted, key)
            if shortened and _named(speaker.name or ""):
                return True
    return False


# Words for whoever heads a body, and the posts an article names the head by.
HEADS = word_set("chief head boss leader chair")
TOPS = HEADS | word_set(
    "director administrator chair chairman chairwoman chairperson president commissioner "
    "superintendent secretary ceo executive director-general secretary-general"
)
# Posts asked for by initials: "the Marijuana Policy Project's CEO".
_POST_INITIALS = {"ceo": "chief executive", "cfo": "chief financial", "coo": "chief operating"}


def holds_asked_post(asked: str, speaker: Speaker | None) -> bool:
    """Tell whether a speaker holds the post an asked name ends in, as the article describes
    them: "Family Dollar's spokesperson" is the "company spokesperson Kayleigh Campbell", where
    the company's own statements match the name only by its body."""
    words = re.findall(r"[\w’'-]+", asked)
    if speaker is None or len(words) < 2:
        return False
    if words[-1][:1].isupper() and words[-1].lower() not in _POST_INITIALS:
        return False  # a name, not a post: "Kevin McCarthy"
    post = SAME_POST.get(words[-1].lower(), words[-1].lower())
    if post in HOLDERS:
        return False  # "GasBuddy's analyst" is whoever holds a post there, not one titled so
    described = " ".join(
        [speaker.role or "", speaker.written, " ".join(split_titles(speaker.name or "")[0])]
    ).lower()
    found = {SAME_POST.get(w, w) for w in re.findall(r"[\w-]+", described)}
    if post in HEADS:
        return bool(found & TOPS)
    return post in found or _POST_INITIALS.get(post, "\0") in described


def _all_named(asked: frozenset[str], named: frozenset[str]) -> bool:
    """Tell whether every asked word is in the name, a word's form aside ("China's banking
    regulator" is the "China Banking and Insurance Regulatory Commission")."""
    return all(word in named or _form_of(word, named) for word in asked)


# Endings that leave a word's sense, and its speaker, alone: "regulator" of the "Regulatory
# Commission", "nation" of the "National Assembly". "office" and "officer" are not one.
_FORM_ENDINGS = ("s", "es", "y", "al")


def _form_of(word: str, named: frozenset[str]) -> bool:
    """Tell whether a name holds the word with one of those endings."""
    return len(word) >= 5 and any(
        name.startswith(word) and name[len(word) :] in _FORM_ENDINGS for name in named
    )


def _without_country(asked: frozenset[str], named: frozenset[str]) -> frozenset[str]:
    """Let the asked name's "US" go when the article leaves it out ("the State Department")."""
    return asked - {"us"} if "us" not in named else asked


def _named(name: str) -> bool:
    """Tell whether a name's core (before "for", "of", "from"…) holds a proper name: "Magnus
    from Oxford University" does, "lawyer for the airline" does not."""
    core = name_core(re.findall(r"[\w’'-]+", name))
    return any(w[:1].isupper() for w in core[1:]) or (
        bool(core) and core[0][:1].isupper() and core[0].lower() not in FILLER
    )


def _shortened(wanted: _Key, key: _Key) -> bool:
    """Tell whether the speaker's name is the asked name shortened: the article's surname for
    a full name its entity recogniser missed ("Sharpton" for "Al Sharpton"), "Magnus from
    Oxford University" for "George Magnus", "Nets" for "Brooklyn Nets"."""
    # A core of common nouns alone ("office" of "the office of Peru's Attorney General") is
    # no name, so it shortens none ("the UN human rights office").
    named = key.core - GROUP_NOUNS
    return bool(named) and key.head == wanted.head and key.core <= wanted.words


def _described_as(asked: str, speaker: Speaker) -> bool:
    """Tell whether the asked name is what the article calls the speaker ("the Smartflower CEO"
    is "Jim Gordon, the CEO of Smartflower"; "the Kremlin" is "Kremlin spokesman Dmitry
    Peskov"): every word of it in one description, or in the wording beside the name."""
    wanted = _key(_owner_by_surname(asked), drop_titles=False)
    if wanted is None:
        return False
    # An "official" or "expert" is whoever holds a post there: "the Mississippi health
    # official" is a "director of health protection at the Mississippi Department of Health",
    # "the SPLC researcher" a "research fellow with the Southern Poverty Law Center". Where
    # there is one word besides, it must be a name: "the health official" is not any director.
    held = wanted.words - HOLDERS
    named = {w.lower() for w in proper_words(asked)}
    if held != wanted.words and (len(held) > 1 or (held and held <= named)):
        wanted = replace(wanted, words=held)
    beside = speaker.written.replace(speaker.name or "", " ") if speaker.name else ""
    # A title the recogniser kept in the name ("Mayor Ana Ruiz") describes the person too.
    titled = " ".join(split_titles(speaker.name or "")[0])
    descriptions = [*(speaker.role or "").split(";"), beside, titled]
    if is_bare_name(asked):
        # A name asked alone is described only by a post held at it: "Trump" is not his
        # lawyer, nor a scholar "investigating Trump's first impeachment".
        return any(_post_at(asked, d) for d in [*descriptions, speaker.written])
    described: set[str] = set()
    for description in descriptions:
        key = _key(description, drop_titles=False)
        if key is not None and description.strip():
            described |= _with_parts(key.words)
    # Initials asked are a body's, written so: "the head of the WHO" is not someone "who now
    # heads the Alabama Hospital Association".
    shouted = _shouted(asked)
    if shouted and not shouted <= _capitalised(tuple(descriptions)):
        return False
    # The descriptions are all of one person, so together they describe them: "the teen
    # center director" is the "director" who "oversees the Common Ground Teen Center".
    if wanted.words <= described:
        return True
    # "the FEMA chief" is the "Federal Emergency Management Agency Administrator": a word for
    # whoever heads a body is any top post there.
    rest = wanted.words - HEADS
    return bool(rest) and rest != wanted.words and rest <= described and bool(described & TOPS)


# Posts asked by initials, whose capitals are no body's: "the Apple CEO", "the DA".
_POSTS_BY_INITIALS = frozenset(_POST_INITIALS) | {"cto"} | {i.lower() for i in POST_INITIALS}


@lru_cache(maxsize=1024)
def _shouted(asked: str) -> frozenset[str]:
    """Return the words an asked name writes in capitals, as compared ("WHO", "U.S.")."""
    words = re.findall(r"[\w.&’'-]+", asked)
    letters = [(w, re.sub(r"[^A-Za-z]", "", w)) for w in words]
    shouted = {t for w, caps in letters if len(caps) > 1 and caps.isupper() for t in name_tokens(w)}
    # A post's initials ("CEO") are its words, which a description may write out.
    return frozenset(shouted - _POSTS_BY_INITIALS)


@lru_cache(maxsize=4096)
def _capitalised(descriptions: tuple[str, ...]) -> frozenset[str]:
    """Return the words the descriptions write capitalised, as compared, with their initials."""
    found: set[str] = set()
    for description in descriptions:
        words = re.findall(r"[\w.&’'-]+", description)
        found |= set(name_tokens(" ".join(w for w in words if w[:1].isupper())))
        found |= acronyms_of(description)
    return frozenset(found)


# Posts that speak for the body or person named with them ("Kremlin spokesman", "Hungary's
# finance minister", "CEO of Smartflower"). A lawyer, an aide or a supporter is not among them:
# asked for by the name alone, they are not who was asked about.
_SPEAKS_FOR = (
    TITLES
    | TOPS
    | word_set(
        "spokesperson official officials representative officer manager founder co-founder "
        "cofounder economist economists analyst analysts strategist strategists"
    )
) - {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "prof",
}


@lru_cache(maxsize=1024)
def is_bare_name(asked: str) -> bool:
    """Tell whether an asked name is a name alone ("Trump", "the Kremlin", "Hungary"), with no
    post, title or owner."""
    words = asked.removeprefix("the ").split()
    return bool(words) and all(
        w[:1].isupper()
        and w.lower().rstrip(".") not in TITLES | _SPEAKS_FOR
        and not re.search(r"[’']s?$", w)
        for w in words
    )


@lru_cache(maxsize=4096)
def _post_at(asked: str, description: str) -> bool:
    """Tell whether a description names a post held at the asked name: the name with a post
    just after it ("Hungary's finance minister") or a post of, for or at it ("CEO of MPP")."""
    wanted = [t for t in name_tokens(asked) if t != "the"]
    # "the WHO" of "World Health…", "WWF Australia" of "The World Wildlife Fund Australia’s
    # Chief Conservation Officer".
    for initials in set(wanted) & acronyms_of(description):
        description = _as_initials(description, initials)
    words = [t for t in name_tokens(description) if t != "the"]
    for at in range(len(words) - len(wanted) + 1):
        if words[at : at + len(wanted)] != wanted:
            continue
        after = words[at + len(wanted) : at + len(wanted) + 2]
        before = words[max(0, at - 2) : at]
        if any(w in _SPEAKS_FOR for w in after):
            return True
        if len(before) == 2 and before[1] in {"of", "for", "at"} and before[0] in _SPEAKS_FOR:
            return True
    return False


def _as_initials(description: str, initials: str) -> str:
    """Write the capitalised words of a description that the initials stand for as them: a
    whole run, or its opening words ("World Wildlife Fund" of "World Wildlife Fund Australia")."""
    for run, _ in _capitalised_runs(description, CONNECTORS):
        found = list(re.finditer(r"\S+", run.group()))
        initial_words = [m for m in found if m.group().lower() not in CONNECTORS]
        for end in range(len(initial_words), 0, -1):
            if "".join(m.group()[0] for m in initial_words[:end]).lower() == initials:
                last = run.start() + initial_words[end - 1].end()
                return f"{description[: run.start()]}{initials}{description[last:]}"
    return description


def proper_words(asked: str) -> list[str]:
    """Return the capitalised words of an asked name, possessives and titles aside: "Silverman"
    of "Abby Silverman's lawyer", "Pepinster" of "the mayor of Pepinster"."""
    words = (re.sub(r"[’']s?$", "", w) for w in re.findall(rf"{NAME_START}[\w’'-]*", asked))
    return [w for w in words if w.lower() not in FILLER and w.lower() not in TITLES]


def split_titles(name: str) -> tuple[list[str], list[str]]:
    """Split a name into the titles it opens with and the rest: "Mayor Ana Ruiz" is
    (["Mayor"], ["Ana", "Ruiz"]), where a subject kept its title. The last word stays a name,
    whatever it spells."""
    words = name.split()
    count = 0
    while count < len(words) - 1 and words[count].lower().rstrip(".") in TITLES:
        count += 1
    return words[:count], words[count:]


# A named owner before a description: "Abby Silverman's lawyer".
_OWNER = re.compile(r"\b((?:[A-Z][\w.-]*\s+)+)(?=[A-Z][\w-]*[’']s\s)")


def _owner_by_surname(asked: str) -> str:
    """Name an owner by surname alone ("Silverman's lawyer"): articles shorten it so."""
    return _OWNER.sub("", asked)


def _with_parts(words: frozenset[str]) -> frozenset[str]:
    """Add the parts of hyphenated words: a "pathologist-in-chief" is a pathologist."""
    parts = {part for word in words if "-" in word for part in word.split("-") if part}
    return words | parts
