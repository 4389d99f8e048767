"""Questions about what someone said: who is asked about, and on what."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.ingest.speech import word_set
from retrieval.query.answer_types import asked_labels

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
    r"criticized|criticise|criticised|condemn|condemned|insist|insisted|acknowledge|acknowledged|"
    r"credit|credited"
)
# Speech going on: "What is the ADL warning will happen…".
_SPEAKING = (
    r"saying|warning|claiming|arguing|telling|asking|demanding|predicting|promising|urging|"
    r"calling for|proposing|suggesting|recommending|vowing|pledging|threatening|hinting|"
    r"signalling|signaling|insisting"
)
# What someone is doing to others or about something, which their own words tell: "Who is
# Durbin pressing to act?", "Is the chief marketing officer inviting others to join?", "Was
# the prime minister hiding a motive?"
_PRESSING = (
    r"pressing|pressuring|pushing|lobbying|encouraging|inviting|hiding|blaming|"
    r"accusing|targeting|backing|endorsing|supporting|opposing|criticizing|criticising|"
    r"praising|challenging|courting|offering|trying|aiming|weighing|preparing|hoping"
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
        rf"^(?P<aux>did|does|has|have|had|would|will)\s+(?P<x>.+?)\s+"
        rf"(?:{_SPEECH}|{_RESPOND}|{_VIEW}|{_STAND}|speak|spoke|spoken)\b(?P<rest>.*)$"
    ),
)

# "Where does the USGS geophysicist think…", "Why does Baheer think…", "How many bags does the
# cooperative expect?": a longer question phrase whose answer X is the source of. Only
# "did"/"does", whose subject is the one who did it ("which team has been announced" names no
# speaker). A view or a reason ("why", "where", "what kind") is answered by X's own statement
# on it, where the articles quote X; a quantity or a date asks for the fact, as "according to
# X" does.
_WEIGHS = (
    r"compare|compared|characterize|characterized|characterise|characterised|justify|"
    r"justified|defend|defended|sum up|summed up|explain|explained|rate|rated|rank|ranked|"
    r"assess|assessed|judge|judged|grade|graded|view|viewed"
)
_SEEING = r"see|saw|sees"
# What someone tries for or reckons, which their own words tell: "What does the professor try
# to teach…", "How many people does Espenak reckon have seen…".
_AIMS = (
    r"try|tries|tried|aim|aims|aimed|seek|seeks|sought|reckon|reckons|reckoned|estimate|"
    r"estimates|estimated|guess|guessed|suspect|suspects|suspected|mean|meant|envision|envisage|"
    # What someone values: "What does the Panthers' new owner care about above everything else?"
    r"care|cares|cared|value|values|valued"
)
# A question may open with a preposition before "whose" or "whom": "On whose behalf did the
# anchor say she turned the request down?", "For whom did the mayor say the park was built?"
# ("In which city did Putin confirm…" asks for a place, as any other question.)
_SOURCED = re.compile(
    r"^(?:(?:on|for|to|with|from|by|against)\s+(?=whose\b|whom\b))?"
    r"(?:what|how|which|where|why|when|who|whom|whose)(?:\s+[\w’'-]+){0,6}?"
    rf"\s+(?P<aux>did|does|do)\s+(?P<x>.+?)\s+"
    rf"(?P<verb>{_SPEECH}|{_VIEW}|{_SEEING}|{_WEIGHS}|{_AIMS})\b"
    r"(?P<rest>.*)$"
)
_VIEW_ASKED = re.compile(
    r"^(?:why|how\s+(?:do|does|did|is|are|was|were|can|could|will|would|should))\b"
)
_REASON_ASKED = re.compile(r"^(?:why|what\s+reasons?|for\s+what\s+reasons?)\b")
_FACT_ASKED = re.compile(
    r"^(?:how\s+(?:many|much|long|far|old|often|big|large|high|soon)|when|"
    r"what\s+(?:percentage|percent|share|proportion|number|amount|price|date|year|time))\b"
)
# Words between "what" or "which" and the verb, none an auxiliary: "Which team has impressed
# the judges" asks for the team.
_WORDS_BETWEEN = r"(?:\s+(?!has\b|have\b|had\b|been\b)[\w’'-]+)"
# "Was Georgia's governor willing to take the blame?", "Why did Lemieux decide to sell?": a
# state of mind or a decision that the one named explains, if they spoke of it. Such a
# subject may name no one who speaks ("Was the bridge ready to open?"), so these forms are
# speaker questions only where the articles quote the one named.
_MINDS = (
    r"willing|unwilling|ready|prepared|open|eager|reluctant|worried|concerned|confident|"
    r"optimistic|hopeful|happy|unhappy|pleased|disappointed|surprised|sorry|upset|angry|"
    r"satisfied|afraid|comfortable|uncomfortable|convinced|certain|sure|skeptical|sceptical|"
    # How someone is after an event is theirs to say: "Is Gary Barlow ok after the quake?"
    r"ok|okay|alright|all right|fine|proud|relieved|grateful|thankful|shocked|stunned|"
    r"thrilled|excited|nervous|frustrated|emotional|heartbroken|devastated|speechless|"
    r"lost for words|"
    # Taken by surprise: "Was Kumail Nanjiani caught off guard that Marvel cast a pop star?"
    r"caught off guard|taken aback|blindsided|amazed|impressed|embarrassed|humbled|determined|"
    r"shaken|rattled|"
    # For or against something: "Is Al Hikmani in favour of fines?"
    r"in favou?r of|opposed to|against|"
    # Sad to go, or in a hurry to launch: "Was Niccol sad to leave Chipotle?"
    r"sad|glad|anxious|fearful|troubled|in a hurry|in no hurry"
)
_DECISIONS = r"decide|decided|choose|chose|agree|agreed|refuse|refused|opt|opted"
_WITHHOLDS = (
    r"share|disclose|reveal|release|name|identify|say|discuss|comment|talk|specify|elaborate"
)
# What one discloses or vouches for, if they said: "Did the mayor name the firefighters?"
_DISCLOSES = (
    r"name|named|identify|identified|disclose|disclosed|share|shared|specify|specified|"
    r"confirm|confirmed|guarantee|guaranteed|rule out|ruled out|commit to|committed to|"
    r"promise|promised|vouch for|vouched for"
)
# What is given in words: "what reason did X give", "what advice did X offer".
_GIVEN = (
    r"reason|reasons|explanation|excuse|justification|advice|answer|assurance|assurances|"
    r"warning|details|update|timeline|estimate|figure|example|examples|account|evidence"
)
# "Does Meta agree with the fine?", "Is the coach considering legal action?": what the one
# named would say, if they said it.
_INTENDS = (
    r"agree|agreed|disagree|disagreed|know|knew|link|linked|consider|considered|considering|"
    r"plan|planned|planning|going to|intend|intended|intending|regret|regretted|see|saw|seen|"
    r"believe|expect|expects|expecting|think|thinks|worry|worried|care|cared|hear|heard|seeing|"
    # A pledge is made in words ("Is Castillo vowing to serve out his term?"), as is speech
    # going on: "Is Hillary Clinton hinting that Fox could be sued?"
    rf"vowed|pledged|{_SPEAKING}|{_PRESSING}"
)
# "What worries Chris Borland about waiting?": the one it worries says so.
_MOVES = (
    r"worries|worried|concerns|concerned|reassured|reassures|frustrates|frustrated|bothers|"
    r"bothered|angers|angered|surprised|surprises|scares|scared|excites|excited|motivates|"
    r"motivated|impress|impresses|impressed|pleases|pleased|annoys|annoyed|puzzles|puzzled"
)
_TENTATIVE = (
    # "Why is the head of the growers' association worried about schools?" too.
    re.compile(rf"^(?:why\s+)?(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:{_MINDS})\b(?P<rest>.*)$"),
    # "What is the White House position on student loans?": a stance without a possessive,
    # which may be no one's ("the public view on abortion").
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were|has been)\s+(?P<x>.+?)\s+"
        r"(?:position|stance|views?|opinion)\s+(?=on|about|regarding|toward|towards)\b"
        r"(?P<rest>.*)$"
    ),
    re.compile(
        rf"^(?P<aux>did|does|do|has|have|is|was|are|were)\s+(?P<x>.+?)\s+"
        rf"(?:(?:still|ever|already|really)\s+)?(?:{_INTENDS})\b(?P<rest>.*)$"
    ),
    # "Which of Boston's skills impress the Fever's GM?" too.
    re.compile(
        rf"^(?:what{_WORDS_BETWEEN}{{0,6}}?|which{_WORDS_BETWEEN}{{1,6}}?)\s+(?P<aux>{_MOVES})"
        r"\s+(?P<x>.+?)"
        r"(?=\s+(?:about|over|with|in|regarding|more|most)\b|$)(?P<rest>.*)$"
    ),
    # "Why did Truss support staying?", "Why won't the Capitol Police share specifics?": a
    # stance or a withholding that the one named explains, if they spoke of it.
    re.compile(
        r"^why\s+(?P<aux>did|does|do|has|have|had|will|would|could|can)\s+(?P<x>.+?)\s+"
        rf"(?:{_DECISIONS}|{_STAND}|{_WITHHOLDS})\b(?P<rest>.*)$"
    ),
    # "Will SWIFT decide by itself whether…": what the one named would decide, if they said;
    # "Would Strahan get behind Trump…", "Would the senator be on board with…": whom or what
    # they would back.
    re.compile(
        rf"^(?P<aux>will|would)\s+(?P<x>.+?)\s+(?:{_DECISIONS}|get behind|stand by|side with|"
        r"be on board|go along with|sign on to)\b"
        r"(?P<rest>.*)$"
    ),
    # "Who is Durbin pressing to act?", "What was Melton doing when he heard?": what someone
    # does to others or about something, theirs to tell (not how a thing is doing).
    re.compile(
        r"^(?:what|how)\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+"
        rf"(?:{_PRESSING})\b(?P<rest>.*)$"
    ),
    # Asked "who is the candidate seeking…", the one described is the answer: only a name.
    re.compile(
        r"^(?:who|whom)\s+(?P<aux>is|are|was|were)\s+(?P<x>(?!(?:the|a|an)\s).+?)\s+"
        rf"(?:{_PRESSING})\b(?P<rest>.*)$"
    ),
    re.compile(r"^what\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+doing\b(?P<rest>.*)$"),
    # "How concerned is the spokesperson about…": a state of mind by degree.
    re.compile(
        rf"^how\s+(?:{_MINDS})\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)"
        r"(?=\s+(?:about|that|over|with|by|of|to|regarding|after|at|in|for)\b|$)(?P<rest>.*)$"
    ),
    # "Did the mayor name the firefighters?", "Can Maley guarantee clear skies?": what the one
    # named would disclose or vouch for, if they said.
    re.compile(
        r"^(?P<aux>did|does|has|have|had|will|would|can|could)\s+(?P<x>.+?)\s+"
        rf"(?:{_DISCLOSES})\b(?P<rest>.*)$"
    ),
    # "How is Mount holding up with the press tour?": how someone is, theirs to say.
    re.compile(
        r"^how\s+(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:holding up|coping|feeling)\b"
        r"(?P<rest>.*)$"
    ),
    # "How did Gen. Cruz compare the flooding with Maria?": a comparison or a defence made in
    # words, where the one named made any (a price "compares" too).
    re.compile(rf"^how\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:{_WEIGHS})\b(?P<rest>.*)$"),
    # "What did Kunze compare e-cigarettes to?": a likeness drawn in words, where the one named
    # drew any.
    re.compile(
        rf"^what\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:compare|compared|liken|likened)\b"
        r"(?P<rest>.*)$"
    ),
    # "Would the Yankees' rookie rather win the MVP or a World Series?": a preference.
    re.compile(r"^(?P<aux>would|does|do|did)\s+(?P<x>.+?)\s+rather\b(?P<rest>.*)$"),
    # "When did Moates start getting worried about…": when a state of mind began.
    re.compile(
        r"^(?:when|why)\s+(?P<aux>did|does|do)\s+(?P<x>.+?)\s+(?:start|begin|get)\s+"
        rf"(?:getting\s+|to\s+(?:feel|get|be)\s+)?(?:{_MINDS})\b(?P<rest>.*)$"
    ),
    # "What reason did Ellen Brock give for cutting plastic?"
    re.compile(
        rf"^what\s+(?:{_GIVEN})\s+(?P<aux>did|does|do|has|have)\s+(?P<x>.+?)\s+"
        r"(?:give|gave|given|offer|offered|provide|provided|cite|cited)\b(?P<rest>.*)$"
    ),
)
# "Did Hillary Scholten ever reach out to Meijer?", "Why couldn't LUMA Energy assess the
# damage?": what a person or body named in capitals did, which they may have explained. Read
# in the question's own case, as the name ends where the lower-case words begin. Not "is X…":
# a state ("Is Barkley on pace to break the record?") is a fact, unless a state of mind; nor
# "will X…" but after "why": "Will Instagram appeal?" is answered by whoever said it would.
_NAMED_DOER = re.compile(
    r"^(?:(?i:why)\s+(?P<aux>(?i:did|does|do|has|have|had|will|would|could|can|should))|"
    r"(?P<past>(?i:did|does|do|has|have|had)))\s+"
    r"(?P<x>[A-Z][\w.&’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&’'-]*){0,4})"
    r"\s+(?P<rest>[a-z].*)$"
)
# "Was Jacinda Ardern hiding a motive?", "Is Tesla recalling the cars?": what one named in
# capitals is doing, which they may have spoken of; not a state ("Is Barkley on pace…").
# "Are the Colorado Eagles putting…", "Is Oregon's governor commuting…" too: a name with
# "the", or a post its name owns.
_NAMED_DOING = re.compile(
    r"^(?P<aux>(?i:is|was|are|were))\s+"
    r"(?P<x>(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&’'-]*){0,4}"
    r"(?:[’']s?\s+(?:[a-z-]+\s+){0,2}?[a-z-]+)?)"
    r"\s+(?P<rest>(?:still\s+|really\s+|now\s+)?[a-z]+ing\b.*)$"
)
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


# A question's own words, which a topic read off the whole question keeps capitalised ("Why
# does … think the database was left open").
_QUESTION_WORDS = word_set(
    "why how what when where who whom which whose does did do is was are were has have had will "
    "would can could should say says said think thinks the a an of in on for to and"
)


def topic_names(asked: SpeakerQuestion) -> list[str]:
    """Return the names the topic is about, each run of capitalised words as one ("Uvalde" of
    "the Uvalde shooting", "World Cup" of "the 2018 World Cup final"): the speaker's words, a
    question's own words and initials aside. Initials are often written out in the article
    ("GOP" is "the state Republican party")."""
    speaker = asked.speaker.lower()
    names: list[str] = []
    for run in re.findall(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*", asked.topic):
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
    wants = asked_labels(lowered) if _FACT_ASKED.match(lowered) else frozenset()
    return replace(asked, wants=wants, wants_reason=bool(_REASON_ASKED.match(lowered)))


def _speaker_question(question: str) -> SpeakerQuestion | None:
    text = " ".join(question.split()).strip().rstrip("?.! ")
    text = _APPOSITIVE.sub("", _SETTING.sub("", text))
    text = re.sub(r"^(what|who|how)[’']s\b", r"\1 is", text, flags=re.IGNORECASE)
    # "Why doesn't Greta Thunberg see…" asks about her as "why does" would.
    text = _NEGATED_AUX.sub(lambda m: _POSITIVE.get(m.group(1).lower(), m.group(1)), text)
    lowered = text.lower()
    according = "according to" in lowered  # names the source whatever the question's form
    if not according:
        for forms, tentative in ((_FORMS, False), (_TENTATIVE, True)):
            asked = _first_speaker(forms, lowered, text)
            if asked:
                return replace(asked, tentative=tentative)
    doer = (
        None if according or text.istitle() else _NAMED_DOER.match(text) or _NAMED_DOING.match(text)
    )
    if doer and not re.search(r"[’']s?$", doer.group("x")):  # "Oregon's" is no one
        aux = (doer.group("aux") or doer.group("past")).lower()
        asked = _asked(text, doer, present=aux in _PRESENT_AUX)
        if asked is not None:
            return replace(asked, tentative=True)
    sourced = None if according else _SOURCED.match(lowered)
    if sourced:
        asked = _asked(text, sourced, present=sourced.group("aux") in ("does", "do"))
        if asked is None:
            return None
        # What is asked is the whole question past its source, as with "according to".
        rest = " ".join(f"{text[: sourced.start('x')]} {text[sourced.end('x') :]}".split())
        if _FACT_ASKED.match(lowered):
            return SpeakerQuestion(asked.speaker, rest, asked.present, rest, factoid=True)
        # A view may be anyone's ("where does the bridge see traffic?"): X's statements only
        # where the articles quote X.
        return SpeakerQuestion(asked.speaker, rest, asked.present, rest, tentative=True)
    for form in (_ACCORDING_FIRST, _ACCORDING_LAST):
        match = form.match(lowered)
        if match:
            rest = match.group("rest")
            longest = _MAX_SOURCE_WORDS if form is _ACCORDING_FIRST else None
            asked = _asked(text, match, present=False, longest=longest)
            # "According to Dr. Griffin, how do repeat infections compare with the flu?" asks
            # for a view, answered by the source's statements; which, what, who, how many
            # ask for the fact they are the source of.
            factoid = bool(_WH.search(rest)) and not _VIEW_ASKED.match(rest)
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
    ):
        return None
    topic = text[match.start("rest") : match.end("rest")].strip(" ,")
    while (lead := _TOPIC_LEAD.match(topic)) is not None:
        topic = topic[lead.end() :]
    present = present or bool(_PRESENT.search(text.lower()))
    # "What was the State Department's position on…": the possessive is the speaker's.
    wording = re.sub(r"^[’'](?:s\b)?", "", text[match.end("x") :]).strip(" ,")
    return SpeakerQuestion(speaker, topic, present, wording)
