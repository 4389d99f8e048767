"""Questions about what someone said: who is asked about, on what, and which speakers are them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.ingest.attribution import GROUP_NOUNS
from retrieval.ingest.speech import word_set
from retrieval.types import Speaker

_SPEECH = (
    r"say|said|saying|post|posted|posting|tweet|tweeted|write|wrote|written|announce|announced|"
    r"state|stated|tell|told|claim|claimed|warn|warned|argue|argued|comment|commented|"
    r"declare|declared|reveal|revealed|think|thinks|thought|promise|promised"
)
_STANCE = (
    r"position|stance|view|views|response|reaction|statement|statements|comment|comments|"
    r"message|take|opinion|answer|reply|line|message|assessment|verdict|thoughts"
)
_RESPOND = r"respond|responded|react|reacted|reply|replied|answer|answered"
# Verbs of a view or a statement beyond speech ("what did X hope", "does X think").
_VIEW = (
    r"think|believe|feel|felt|hope|hoped|fear|feared|expect|want|recall|recalled|describe|described|"
    r"recommend|recommended|ask|asked|raise|raised|confirm|confirmed|deny|denied|predict|"
    r"suggest|suggested|call|called|blame|blamed|urge|urged|admit|admitted|explain|explained|"
    r"advise|advised|apologize|apologized|apologise|apologised|praise|praised|criticize|"
    r"criticized|criticise|criticised|condemn|condemned|insist|insisted|acknowledge|acknowledged"
)
# Speech going on: "What is the ADL warning will happen…".
_SPEAKING = (
    r"saying|warning|claiming|arguing|telling|asking|demanding|predicting|promising|urging|"
    r"calling for|proposing|suggesting|recommending"
)
# Verbs of a stance, which a person's statements answer ("would X support a swap?").
_STAND = r"support|oppose|favor|favour|accept|reject|endorse|approve"
_AUX = r"did|does|do|has|have|had|is|was|were|are"
_FORMS = (
    # what was X's position on Y; what is X's response to Y
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were|has been)\s+(?P<x>.+?)[’']s?\s+"
        rf"(?:{_STANCE})\b(?P<rest>.*)$"
    ),
    # what did X say (about Y); what has X posted on Y; what concern did X raise…
    re.compile(
        rf"^(?:what|how)(?:\s+\w+)?\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:{_SPEECH}|{_VIEW})\b"
        r"(?P<rest>.*)$"
    ),
    # how did X respond (to Y)
    re.compile(rf"^how\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:{_RESPOND})\b(?P<rest>.*)$"),
    # what is X saying about Y; what are X warning of
    re.compile(
        rf"^(?:what|how)\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+(?:{_SPEAKING})\b"
        r"(?P<rest>.*)$"
    ),
    # did X comment on Y; has X said anything about Y; would X support Y
    re.compile(
        rf"^(?P<aux>did|does|has|have|would|will)\s+(?P<x>.+?)\s+"
        rf"(?:{_SPEECH}|{_RESPOND}|{_VIEW}|{_STAND}|speak|spoke|spoken)\b(?P<rest>.*)$"
    ),
)

# "Where does the DPIC director see capital punishment heading?": a view, but also what anyone
# may see happen, so asked about X's statements only where the articles quote X.
_SEEING = r"see|saw|sees"
# "Where does the USGS geophysicist think…", "How many bags does the cooperative expect?": a
# longer question phrase asks for a fact that X is the source of, as "according to X" does.
# Only "did"/"does", whose subject is the one who did it ("which team has been announced"
# names no speaker).
_SOURCED = re.compile(
    r"^(?:what|how|which|where|why|when|who|whom)(?:\s+[\w’'-]+){0,4}?"
    rf"\s+(?P<aux>did|does|do)\s+(?P<x>.+?)\s+(?P<verb>{_SPEECH}|{_VIEW}|{_SEEING})\b"
    r"(?P<rest>.*)$"
)
# "Was Georgia's governor willing to take the blame?", "Why did Lemieux decide to sell?": a
# state of mind or a decision that the one named explains, if they spoke of it. Such a
# subject may name no one who speaks ("Was the bridge ready to open?"), so these forms are
# speaker questions only where the articles quote the one named.
_MINDS = (
    r"willing|unwilling|ready|prepared|open|eager|reluctant|worried|concerned|confident|"
    r"optimistic|hopeful|happy|unhappy|pleased|disappointed|surprised|sorry|upset|angry|"
    r"satisfied|afraid|comfortable|uncomfortable|convinced|certain|sure|skeptical|sceptical"
)
_DECISIONS = r"decide|decided|choose|chose|agree|agreed|refuse|refused|opt|opted"
# "Does Meta agree with the fine?", "Is the coach considering legal action?": what the one
# named would say, if they said it.
_INTENDS = (
    r"agree|agreed|disagree|disagreed|know|knew|link|linked|consider|considered|considering|"
    r"plan|planned|planning|intend|intended|intending|regret|regretted|see|saw|believe|expect|"
    r"worry|worried|care|cared"
)
# "What worries Chris Borland about waiting?": the one it worries says so.
_MOVES = (
    r"worries|worried|concerns|concerned|reassured|reassures|frustrates|frustrated|bothers|"
    r"bothered|angers|angered|surprised|surprises|scares|scared|excites|excited|motivates|"
    r"motivated"
)
_TENTATIVE = (
    re.compile(rf"^(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:{_MINDS})\b(?P<rest>.*)$"),
    re.compile(
        rf"^(?P<aux>did|does|do|has|have|is|was|are|were)\s+(?P<x>.+?)\s+(?:still\s+)?"
        rf"(?:{_INTENDS})\b(?P<rest>.*)$"
    ),
    re.compile(
        rf"^what\s+(?P<aux>{_MOVES})\s+(?P<x>.+?)(?=\s+(?:about|over|with|in|regarding)\b|$)"
        r"(?P<rest>.*)$"
    ),
    re.compile(
        rf"^why\s+(?P<aux>did|does|do|has|have|had)\s+(?P<x>.+?)\s+(?:{_DECISIONS})\b"
        r"(?P<rest>.*)$"
    ),
)
_ACCORDING_FIRST = re.compile(r"^according to\s+(?P<x>[^,]+),\s*(?P<rest>.+)$")
_ACCORDING_LAST = re.compile(r"^(?P<rest>.+?),?\s+according to\s+(?P<x>.+)$")
_TOPIC_LEAD = re.compile(
    r"^(?:anything|something|publicly|recently|so far|in (?:a|its|his|her|their) \w+|"
    r"(?:to )?reporters|online|about|on|regarding|concerning|of|to|over|with|by)"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
_PRESENT = re.compile(r"\b(?:now|currently|latest|lately|recently|today|these days|still)\b")
_WH = re.compile(r"\b(?:what|which|who|whom|when|where|why|how)\b")
_MAX_SPEAKER_WORDS = 8
# Words a speaker never starts with: the asker, or the verb's own negation ("do not think").
_NO_SPEAKER = frozenset({"you", "i", "we", "not", "n't", "never", "most", "many", "some"})
# Words a speaker never ends with: the speech verb was another's ("did X get called up", "did
# Chief White give the person who called").
_NOT_LAST = frozenset(
    {"to", "get", "got", "be", "been", "being", "who", "that", "which", "have"}
    # ...or a determiner: the verb was a noun ("did Kyrie end up owning the harm his tweet…").
    | {"his", "her", "their", "its", "my", "our", "your", "the", "a", "an"}
)
# A question may open with where it is set: "In those leaked recordings, how did Chucri…".
_SETTING = re.compile(
    r"^(?:in|on|at|during|after|before|since|given|from|with)\b[^,?]{1,80},\s*"
    r"(?=(?:what|how|which|where|why|when|who|did|does|do|has|have|is|was|were|are)\b)",
    re.IGNORECASE,
)
_NEGATED_AUX = re.compile(
    r"\b(did|does|do|has|have|had|is|was|were|are|would)n[’']t\b", re.IGNORECASE
)
# A speaker asked with an appositive, which names no one: "Assemblyman Patterson, a Fresno
# State alum, feel about…".
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s[^,?]{1,60},(?=\s)")

# Words that name no one: dropped before speakers are compared.
_FILLER = word_set("the a an of in for at on to and 's ’s")
TITLES = word_set(
    """
    president vice prime minister secretary spokesperson spokesman spokeswoman senator sen
    representative rep governor gov mayor chief general gen leader chairman chairwoman chair
    director ambassador mr mrs ms dr sir king queen prince foreign defense defence
    assemblyman assemblywoman assemblymember councilman councilwoman councilmember congressman
    congresswoman commissioner sheriff superintendent chancellor professor prof
    """
)
_PREPOSITIONS = frozenset({"in", "of", "for", "at", "on", "to", "from"})
# Nouns for whoever holds some post at a place: "the Johns Hopkins hearing expert" is the
# "director of the Cochlear Center for Hearing… at Johns Hopkins".
_HOLDERS = frozenset({"official", "officials", "expert", "experts", "researcher", "scientist"})


@dataclass(frozen=True)
class SpeakerQuestion:
    """A question about what someone said."""

    speaker: str  # as asked: "the embassy", "Blinken"
    topic: str  # what about, "" when the question names nothing ("how did X respond")
    present: bool  # about what X says now: the newest statements first
    # The question past the speaker ("tweet about the flooding"): what tells their
    # statements apart, the verb included ("tweet", "warn", "hope").
    wording: str = ""
    # "According to X, how many…": a question of fact that X is the source for; the answer is
    # still the fact, so no one else's statements stand in when X made none.
    factoid: bool = False
    # "Was X willing to…": about X's statements only where X made some; answered as any
    # question where X made none.
    tentative: bool = False


def speaker_question(question: str) -> SpeakerQuestion | None:
    """Recognise a question about what someone said; None for any other question."""
    text = " ".join(question.split()).strip().rstrip("?.! ")
    text = _APPOSITIVE.sub("", _SETTING.sub("", text))
    text = re.sub(r"^(what|who|how)[’']s\b", r"\1 is", text, flags=re.IGNORECASE)
    # "Why doesn't Greta Thunberg see…" asks about her as "why does" would.
    text = _NEGATED_AUX.sub(lambda m: m.group(1), text)
    lowered = text.lower()
    according = "according to" in lowered  # names the source whatever the question's form
    for form in () if according else _FORMS:
        match = form.match(lowered)
        asked = match and _asked(text, match, match.group("aux") in ("does", "do", "is", "are"))
        if asked:
            return asked
    for form in () if according else _TENTATIVE:
        match = form.match(lowered)
        if match:
            present = match.group("aux") in ("is", "are", "does", "do", "worries", "concerns")
            asked = _asked(text, match, present=present)
            if asked is not None:
                return replace(asked, tentative=True)
    sourced = None if according else _SOURCED.match(lowered)
    if sourced:
        asked = _asked(text, sourced, present=sourced.group("aux") in ("does", "do"))
        if asked is None:
            return None
        # The fact asked for is the whole question past its source, as with "according to".
        rest = " ".join(f"{text[: sourced.start('x')]} {text[sourced.end('x') :]}".split())
        seeing = re.fullmatch(_SEEING, sourced.group("verb")) is not None
        return SpeakerQuestion(asked.speaker, rest, asked.present, rest, True, seeing)
    for form in (_ACCORDING_FIRST, _ACCORDING_LAST):
        match = form.match(lowered)
        if match:
            rest = match.group("rest")
            asked = _asked(text, match, present=False)
            factoid = bool(_WH.search(rest))
            if asked is None:
                return None
            return SpeakerQuestion(asked.speaker, rest, False, rest, factoid)
    return None


def _asked(text: str, match: re.Match[str], present: bool) -> SpeakerQuestion | None:
    """Read the speaker (in the question's own case) and the topic off a matched form."""
    speaker = text[match.start("x") : match.end("x")].strip(" ,")
    words = speaker.split()
    if (
        not words
        or len(words) > _MAX_SPEAKER_WORDS
        or words[0].lower() in _NO_SPEAKER
        or words[-1].lower() in _NOT_LAST
    ):
        return None
    topic = text[match.start("rest") : match.end("rest")].strip(" ,")
    while (lead := _TOPIC_LEAD.match(topic)) is not None:
        topic = topic[lead.end() :]
    present = present or bool(_PRESENT.search(text.lower()))
    # "What was the State Department's position on…": the possessive is the speaker's.
    wording = re.sub(r"^[’'](?:s\b)?", "", text[match.end("x") :]).strip(" ,")
    return SpeakerQuestion(speaker, topic, present, wording)


# Words for one post: "the lawyer for Aziz" is the "attorney representing Aziz", and "Georgia's
# governor" is "Georgia Gov. Nathan Deal".
_SAME_POST = {
    "attorney": "lawyer",
    "attorneys": "lawyers",
    "atty": "lawyer",
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
}


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
    lowered = name.lower().replace("u.s.", "us").replace("united states", "us")
    tokens = [re.sub(r"[’'](?:s)?$", "", t) for t in re.findall(r"[\w’'-]+", lowered)]
    tokens = [_SAME_POST.get(t, t) for t in tokens]
    if drop_titles:
        tokens = _without_titles(tokens)
    core = tokens
    for index, token in enumerate(tokens):
        if index and token in _PREPOSITIONS:
            core = tokens[:index]  # "embassy in Israel": the head comes before "in"
            break
    kept = [t for t in core if t not in _FILLER and not (drop_titles and t in TITLES)]
    if not kept:
        kept = [t for t in core if t not in _FILLER]
    if not kept:
        return None
    words = frozenset(t for t in tokens if t not in _FILLER and not (drop_titles and t in TITLES))
    acronyms = _acronyms(name)
    return _Key((words or frozenset(kept)) | acronyms, kept[-1], frozenset(kept), acronyms)


_CONNECTORS = frozenset({"of", "for", "and", "on", "the", "&"})


def _acronyms(name: str) -> frozenset[str]:
    """Return the initials of each run of capitalised words in a name, as an asker may write
    them: "the NIU law professor" is a "professor at Northern Illinois University", "the SPLC"
    the "Southern Poverty Law Center"."""
    found: set[str] = set()
    run: list[str] = []  # initials of the current run; "" for a connector inside it
    for word in [*re.findall(r"[\w’'&-]+", name), "."]:
        if word.lower() in _CONNECTORS and run:
            run.append("")
            continue
        parts = [p for p in word.split("-") if p]
        if parts and all(p[:1].isupper() for p in parts):
            run.extend(p[0].lower() for p in parts)
            continue
        found |= _runs(run)
        run = []
    return frozenset(found)


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
    if speaker is None:
        return False
    return any(_speaks_as(form, speaker) for form in _asked_forms(asked))


# Words for the time a post is held, which an article need not write: "Oregon's outgoing
# governor" is "Oregon Gov. Kate Brown".
_TRANSIENT = re.compile(
    r"\b(?:outgoing|incoming|former|current|new|acting|interim|fired|ousted|retiring|"
    r"retired|longtime|then)\s+",
    re.IGNORECASE,
)
# A run of capitalised words an article may write as initials: "Major League Pickleball".
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+")


@lru_cache(maxsize=1024)
def _asked_forms(asked: str) -> tuple[str, ...]:
    """Return the asked name as asked, without words for the time a post is held, and with its
    capitalised runs as initials ("Major League Pickleball's founder" is the "MLP founder")."""
    plain = _TRANSIENT.sub("", asked)
    forms = [asked, plain]
    for run in _CAPITALISED_RUN.finditer(plain):
        words = [w for w in run.group().split() if w.lower() not in _FILLER]
        if len(words) >= 2:
            initials = "".join(w[0] for w in words).upper()
            forms.append(f"{plain[: run.start()]}{initials}{plain[run.end() :]}")
    return tuple(dict.fromkeys(forms))


def _speaks_as(asked: str, speaker: Speaker) -> bool:
    if speaker.name is not None and _described_as(asked, speaker):
        return True
    for drop_titles in (True, False):
        wanted = _key(asked, drop_titles)
        if wanted is None:
            continue
        for form in (speaker.name, speaker.written):
            key = None if form is None else _key(form, drop_titles)
            if key is None:
                continue
            if _all_named(_without_country(wanted.words, key.words), key.words) and (
                wanted.head == key.head or len(wanted.words) > 1 or wanted.head in key.acronyms
            ):
                return True
            if form is speaker.name and drop_titles and _shortened(wanted, key):
                return True
    return False


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
    # official" is a "director of health protection at the Mississippi Department of Health".
    if len(wanted.words - _HOLDERS) > 1:
        wanted = replace(wanted, words=wanted.words - _HOLDERS)
    written = speaker.written.lower().replace("’", "'")
    if f"{asked.lower().removeprefix('the ')}'s " in written:
        return True  # "Hungary" is "Hungary's finance minister"
    beside = speaker.written.replace(speaker.name or "", " ") if speaker.name else ""
    for description in [*(speaker.role or "").split(";"), beside]:
        key = _key(description, drop_titles=False)
        if key is not None and description.strip() and wanted.words <= _with_parts(key.words):
            return True
    return False


# A named owner before a description: "Abby Silverman's lawyer".
_OWNER = re.compile(r"\b((?:[A-Z][\w.-]*\s+)+)(?=[A-Z][\w-]*[’']s\s)")


def _owner_by_surname(asked: str) -> str:
    """Name an owner by surname alone ("Silverman's lawyer"): articles shorten it so."""
    return _OWNER.sub("", asked)


def _with_parts(words: frozenset[str]) -> frozenset[str]:
    """Add the parts of hyphenated words: a "pathologist-in-chief" is a pathologist."""
    parts = {part for word in words if "-" in word for part in word.split("-") if part}
    return words | parts


# Titles whose place an article often gives away from the name: "Mayor Philippe Godin" in a
# story about Pepinster is "the mayor of Pepinster".
_LOCAL_TITLES = word_set(
    "mayor governor sheriff chief president premier minister secretary ambassador senator "
    "commissioner chancellor"
)
_NAME = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*"
_PLACED = (
    re.compile(rf"^(?:the\s+)?(?P<place>{_NAME})[’']s\s+(?P<title>[a-z][a-z\s-]*)$"),
    re.compile(rf"^(?:the\s+)?(?P<title>[a-z][a-z\s-]*?)\s+of\s+(?P<place>{_NAME})$"),
)


def speaks_as_in(asked: str, speaker: Speaker | None, context: str) -> bool:
    """Tell whether a speaker is the one asked about, the place of a title read off the text.

    "Jackson's mayor" or "the mayor of Pepinster" is a speaker the article calls "Mayor …"
    where the passage around names the place.
    """
    if speaks_as(asked, speaker):
        return True
    for form in _PLACED:
        placed = form.match(asked.strip())
        if placed is None or not set(placed.group("title").split()) & _LOCAL_TITLES:
            continue
        if re.search(rf"\b{re.escape(placed.group('place'))}\b", context):
            return speaks_as(f"the {placed.group('title')}", speaker)
    return False
