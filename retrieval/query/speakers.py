"""Questions about what someone said: who is asked about, and on what."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.ingest.speech import word_set
from retrieval.query.answer_types import asked_labels
from retrieval.query.name_words import NAME_START
from retrieval.query.speaker_forms import (
    FACT_ASKED,
    FORMS,
    NAMED_DOER,
    NAMED_DOING,
    REASON_ASKED,
    SOURCED,
    TENTATIVE,
    VIEW_ASKED,
)
from retrieval.query.speaker_rephrasing import rephrased

_ACCORDING_FIRST = re.compile(r"^according to\s+(?P<x>[^,]+),\s*(?P<rest>.+)$")
_ACCORDING_LAST = re.compile(r"^(?P<rest>.+?),?\s+according to\s+(?P<x>.+)$")
_TOPIC_LEAD = re.compile(
    r"^(?:anything|something|publicly|recently|so far|ever|even|still|already|really|actually|"
    r"also|in (?:a|its|his|her|their) \w+|"
    r"(?:to )?reporters|online|about|on|regarding|concerning|of|to|over|with|by|for)"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
# Auxiliaries of a question about now: "what does X think", "what worries X".
_PRESENT_AUX = frozenset({"is", "are", "does", "do", "worries", "concerns"})
_PRESENT = re.compile(r"\b(?:now|currently|latest|lately|recently|today|these days|still)\b")
_WH = re.compile(r"\b(?:what|which|who|whom|when|where|why|how)\b")
_MAX_SPEAKER_WORDS = 8
# A post held at a body names the body whole: "the head of the New Mexico Cattle Growers
# Association", "the suspect in the Gresham light rail attack", "the physician on the crew".
_MAX_POST_WORDS = 10
_HELD_AT = re.compile(r"\s(?:of|in|at|on|for|from)\s", re.IGNORECASE)
# "According to X, …" ends its source at the comma, however long: "the former top antitrust
# official at the Justice Department and the FTC".
_MAX_SOURCE_WORDS = 16
# How many verbs a question may hold before the one that follows its speaker.
_VERB_TRIES = 3
# Adverbs between the speaker and the verb, which are no part of the name.
_ADVERBS = frozenset(
    {"ever", "even", "still", "already", "really", "actually", "publicly", "also", "never"}
    # "Is McConnell personally happy about the ruling?"
    | {"personally", "privately", "officially", "initially", "originally", "finally"}
    | {"eventually", "immediately", "repeatedly", "previously", "recently", "directly"}
    | {"openly", "formally", "explicitly", "specifically", "ultimately", "seriously"}
    | {"genuinely", "truly", "honestly", "frankly", "now", "just", "first"}
)
# Words a speaker never starts with: the asker, or the verb's own negation ("do not think").
_NO_SPEAKER = frozenset({"you", "i", "we", "not", "n't", "never", "most", "many", "some"})
# A pronoun alone names no one: "What did he say about the vaccine?" asked afresh would match
# every "he said" in the library. (A follow-up is rewritten with the name before it is asked.)
_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "one"})
# Words a speaker never ends with: the speech verb was another's ("did X get called up", "did
# Chief White give the person who called").
_NOT_LAST = frozenset(
    {"to", "get", "got", "be", "been", "being", "who", "that", "which", "have"}
    # ...or a determiner: the verb was a noun ("did Kyrie end up owning the harm his tweet…",
    # "does Duckworth give the FAA any credit").
    | {"his", "her", "their", "its", "my", "our", "your", "the", "a", "an", "any", "some", "no"}
    # ...or a particle or "another": the verb ran on ("did X rule out another recall").
    | {"another", "other", "out", "up", "off", "at", "on", "in", "for", "about", "with"}
)
# Verbs that end no speaker's name, written in lower case: "Who did Mitch Landrieu give credit
# to…" has the speaker before "give", not before "credit".
_VERBS_NOT_LAST = frozenset(
    {"give", "make", "take", "put", "pay", "offer", "send", "show", "bring", "keep", "let"}
    | {"see", "find", "do", "go", "come", "leave", "hold", "set", "run", "turn", "lend"}
)
# A question may open with where it is set: "In those leaked recordings, how did Chucri…".
_SETTING = re.compile(
    r"^(?:in|on|at|during|after|before|since|given|from|with)\b[^,?]{1,80},\s*"
    r"(?=(?:what|how|which|where|why|when|who|did|does|do|has|have|is|was|were|are)\b)",
    re.IGNORECASE,
)
_NEGATED_AUX = re.compile(
    r"\b(did|does|do|has|have|had|is|was|were|are|would|could|should|wo|ca)n[’']t\b",
    re.IGNORECASE,
)
# The positive of a negation written as one word: "won't" is "will", "can't" is "can".
_POSITIVE = {"wo": "will", "ca": "can"}
# "State" read as the verb where it names a post or a body: "the former Michigan state senator",
# "the state attorney general".
_STATE_IN_NAME = re.compile(
    r"\s+state\s+(?!(?:about|that|on|in|regarding|whether|what|how|why|who|when|where|the|a|"
    r"an|his|her|their|its|publicly|clearly|anything|something|nothing|to|for)\b)[a-z]"
)
# "What did the governor tell CNN about the flooding?": whom they told is no part of the topic.
_TOLD = re.compile(r"\s*(?:tell|told|telling)\b", re.IGNORECASE)
_TOLD_WHOM = re.compile(
    r"^(?:(?!to\b)\S+\s+){1,4}?(?=(?:about|regarding|concerning|that)\b)", re.IGNORECASE
)
# Where they said it, before what about: "What did von der Leyen write on Twitter about the
# floods?", "What did Rollins say on Monday about the budget?".
_CHANNEL_NAMED = re.compile(
    r"^(?i:on|in|via)\s+(?:(?i:a|an|the|his|her|its|their)\s+)?"
    r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}|(?i:social media)|"
    r"(?:\w+\s+)?(?i:post|posts|statement|interview|video|tweet|letter|speech|briefing|podcast|"
    r"call|meeting|op-ed|news conference|press conference|hearing))"
    r"\s+(?=(?i:about|regarding|concerning)\b)"
)
# A speaker asked with an appositive, which names no one: "Assemblyman Patterson, a Fresno
# State alum, feel about…".
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s[^,?]{1,60},(?=\s)")


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
    # "How much did the mayor say it could cost?": the entity labels the statement asked for
    # would carry (an amount); empty when the question asks for no kind of fact.
    wants: frozenset[str] = frozenset()
    # "Why does X think…": a reason is asked for, which the statement giving one answers.
    wants_reason: bool = False
    # "What does X say now…", "still", "latest": the newest statements lead outright; a
    # present tense alone ("Does X think…") puts the newest first only among the nearest.
    now: bool = False


# A question's own words, which a topic read off the whole question keeps capitalised ("Why
# does … think the database was left open").
_QUESTION_WORDS = word_set(
    "why how what when where who whom which whose does did do is was are were has have had will "
    "would can could should say says said think thinks the a an of in on for to and"
)


# A run of capitalised words, each read from its start.
_NAME_RUN = re.compile(rf"{NAME_START}[\w’'-]*(?:\s+{NAME_START}[\w’'-]*)*")


def topic_names(asked: SpeakerQuestion) -> list[str]:
    """Return the names the topic is about, each run of capitalised words as one ("Uvalde" of
    "the Uvalde shooting", "World Cup" of "the 2018 World Cup final"): the speaker's words, a
    question's own words and initials aside. Initials are often written out in the article
    ("GOP" is "the state Republican party")."""
    speaker = asked.speaker.lower()
    names: list[str] = []
    for run in _NAME_RUN.findall(asked.topic):
        words = [re.sub(r"[’']s?$", "", w) for w in run.split()]
        kept = [
            w
            for w in words
            if not w.isupper() and w.lower() not in _QUESTION_WORDS and w.lower() not in speaker
        ]
        if kept:
            names.append(" ".join(kept))
    return names


def speaker_question(question: str) -> SpeakerQuestion | None:
    """Recognise a question about what someone said; None for any other question."""
    asked = _speaker_question(question)
    if asked is None:
        return None
    lowered = " ".join(question.split()).lower()
    wants = asked_labels(lowered) if FACT_ASKED.match(lowered) else frozenset()
    asked = replace(asked, wants=wants, wants_reason=bool(REASON_ASKED.match(lowered)))
    return _in_setting(asked, question)


def _in_setting(asked: SpeakerQuestion, question: str) -> SpeakerQuestion:
    """Keep where a question is set as part of what it asks about: "In his rocket metaphor,
    where did the outgoing prime minister say he'd come down?" is about the metaphor."""
    setting = _SETTING.match(" ".join(question.split()).strip())
    if setting is None:
        return asked
    where = setting.group().strip(" ,")
    if _CHANNEL_NAMED.match(f"{where} about "):
        return asked  # "In a statement, what did X say…": where they said it, as below
    where = where[:1].lower() + where[1:]  # no name: "In" opened the question
    return replace(
        asked,
        topic=f"{asked.topic} {where}".strip(),
        wording=f"{asked.wording} {where}".strip(),
    )


def _speaker_question(question: str) -> SpeakerQuestion | None:
    text = " ".join(question.split()).strip().rstrip("?.! ")
    text = _APPOSITIVE.sub("", _SETTING.sub("", text))
    text = re.sub(r"^(what|who|how)[’']s\b", r"\1 is", text, flags=re.IGNORECASE)
    # "Why doesn't Greta Thunberg see…" asks about her as "why does" would.
    text = _NEGATED_AUX.sub(lambda m: _POSITIVE.get(m.group(1).lower(), m.group(1)), text)
    text = rephrased(text)
    lowered = text.lower()
    according = "according to" in lowered  # names the source whatever the question's form
    if not according:
        for forms, tentative in ((FORMS, False), (TENTATIVE, True)):
            asked = _first_speaker(forms, lowered, text)
            if asked:
                return replace(asked, tentative=tentative)
    doer = (
        None if according or text.istitle() else NAMED_DOER.match(text) or NAMED_DOING.match(text)
    )
    if doer and not re.search(r"[’']s?$", doer.group("x")):  # "Oregon's" is no one
        aux = (doer.group("aux") or doer.group("past")).lower()
        asked = _asked(text, doer, present=aux in _PRESENT_AUX)
        if asked is not None:
            return replace(asked, tentative=True)
    sourced = None if according else SOURCED.match(lowered)
    if sourced:
        asked = _asked(text, sourced, present=sourced.group("aux") in ("does", "do"))
        if asked is None:
            return None
        # What is asked is the whole question past its source, as with "according to".
        rest = " ".join(f"{text[: sourced.start('x')]} {text[sourced.end('x') :]}".split())
        if FACT_ASKED.match(lowered):
            return replace(asked, topic=rest, wording=rest, factoid=True)
        # A view may be anyone's ("where does the bridge see traffic?"): X's statements only
        # where the articles quote X.
        return replace(asked, topic=rest, wording=rest, tentative=True)
    for form in (_ACCORDING_FIRST, _ACCORDING_LAST):
        match = form.match(lowered)
        if match:
            rest = match.group("rest")
            longest = _MAX_SOURCE_WORDS if form is _ACCORDING_FIRST else None
            asked = _asked(text, match, present=False, longest=longest)
            # "According to Dr. Griffin, how do repeat infections compare with the flu?" asks
            # for a view, answered by the source's statements; which, what, who, how many
            # ask for the fact they are the source of.
            factoid = bool(_WH.search(rest)) and not VIEW_ASKED.match(rest)
            if asked is None:
                return None
            return SpeakerQuestion(asked.speaker, rest, False, rest, factoid)
    return None


def _first_speaker(
    forms: tuple[re.Pattern[str], ...], lowered: str, text: str
) -> SpeakerQuestion | None:
    """Match the forms, keeping the speaker that ends first: in "How did Biden respond when a
    reporter asked…" the speaker is "Biden", not "Biden respond when a reporter"."""
    found = [asked for form in forms if (asked := _matched(form, lowered, text)) is not None]
    return min(found, key=lambda asked: (_named_on(asked, text), len(asked.speaker)), default=None)


def _named_on(asked: SpeakerQuestion, text: str) -> bool:
    """Tell whether the word after a speaker is capitalised mid-question: a verb that is part
    of a name ("the US State Department"), so the speaker read up to it is cut short."""
    after = text[text.find(asked.speaker) + len(asked.speaker) :].split()
    return bool(after) and after[0][:1].isupper() and not text.istitle()


def _matched(form: re.Pattern[str], lowered: str, text: str) -> SpeakerQuestion | None:
    """Match a form, reading past a verb that is part of the speaker's name.

    "Did the State Department comment on…" first meets "state" as the verb, which leaves "the"
    as the speaker: that word is passed over and the next verb tried ("comment").
    """
    for _ in range(_VERB_TRIES):
        match = form.match(lowered)
        if match is None:
            return None
        asked = _asked(text, match, match.group("aux") in _PRESENT_AUX)
        if asked is not None and not _STATE_IN_NAME.match(lowered, match.end("x")):
            return asked
        verb = re.match(r"\s*\S+", lowered[match.end("x") :])
        if verb is None:
            return None
        start, end = match.end("x"), match.end("x") + verb.end()
        lowered = lowered[:start] + "_" * (end - start) + lowered[end:]
    return None


def _asked(
    text: str, match: re.Match[str], present: bool, longest: int | None = None
) -> SpeakerQuestion | None:
    """Read the speaker (in the question's own case) and the topic off a matched form, of at
    most `longest` words where given."""
    speaker = text[match.start("x") : match.end("x")].strip(" ,")
    words = speaker.split()
    while len(words) > 1 and words[-1].lower() in _ADVERBS:  # "did Biden ever say"
        words.pop()
    speaker = " ".join(words)
    if (
        not words
        or len(words)
        > (longest or (_MAX_POST_WORDS if _HELD_AT.search(speaker) else _MAX_SPEAKER_WORDS))
        or words[0].lower() in _NO_SPEAKER
        or (len(words) == 1 and words[0].lower() in _PRONOUNS)
        or (words[-1].lower() in _NOT_LAST and not words[-1].isupper())  # "the WHO" is a name
        or words[-1] in _VERBS_NOT_LAST  # lower case: "the Daily Show" is a name
    ):
        return None
    topic = text[match.start("rest") : match.end("rest")].strip(" ,")
    if _TOLD.match(text, match.end("x")):
        topic = _TOLD_WHOM.sub("", topic)
    topic = _CHANNEL_NAMED.sub("", topic)
    while (lead := _TOPIC_LEAD.match(topic)) is not None:
        topic = topic[lead.end() :]
    now = bool(_PRESENT.search(text.lower()))
    # "What was the State Department's position on…": the possessive is the speaker's.
    wording = re.sub(r"^[’'](?:s\b)?", "", text[match.end("x") :]).strip(" ,")
    return SpeakerQuestion(speaker, topic, present or now, wording, now=now)
