"""Other ways of asking what someone said, put the way the speaker forms read them.

Members ask "What did the embassy have to say about Hezbollah?", "Tell me what Blinken said
about Gaza", "Per the governor, how many homes were lost?" or "What did Blinken's post say?":
each means a question the forms in `speaker_forms.py` already know. Rewriting the wording
first keeps one set of forms, and the speaker keeps the case it was asked in.
"""

from __future__ import annotations

import re

# A request put before the question: "Tell me what…", "Can you show me what…".
_REQUEST = re.compile(
    r"^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:tell|show|give|find)\s+me\s+(?=what\b)",
    re.IGNORECASE,
)
# Words a member opens with that ask nothing: "So what did X say…", "And what did X say…".
_LEAD_IN = re.compile(
    r"^(?:so|and|ok|okay|well|hey|also|but|now)\s*,?\s+"
    r"(?=(?:what|how|who|why|when|where|which|did|does|do|has|have|is|was|were|are)\b)",
    re.IGNORECASE,
)
# Wanting to know, put before the question: "I want to know what…", "Do you know what…".
_WANTING = re.compile(
    r"^(?:i\s+(?:want|would\s+like|wanna)\s+to\s+(?:know|see|hear)|i[’']d\s+like\s+to\s+"
    r"(?:know|see|hear)|do\s+you\s+know|(?:can|could)\s+you\s+find\s+out)\s+(?=what\b)",
    re.IGNORECASE,
)
# "Show me the FDA's comments on the recall", "Give me Blinken's quotes about Gaza".
_SHOW_STANCE = re.compile(
    r"^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:show|give|find|get)\s+me\s+"
    r"(?P<x>[^?,]+?)[’']s?\s+(?P<stance>quotes?|quotations?|comments?|remarks|statements?|words|"
    r"view|views|position|stance|response|reaction)\s+"
    r"(?P<rest>(?:on|about|regarding|concerning|to)\b.*)$",
    re.IGNORECASE,
)
# "What's the latest from the FDA on the recall?": what the speaker is saying now.
_LATEST_FROM = re.compile(
    r"^what(?:[’']s|\s+is)\s+the\s+latest\s+(?:from|by)\s+(?P<x>[^?,]+?)"
    r"(?:\s+(?:on|about|regarding|concerning)\s+(?P<rest>[^?]+?))?\s*[?.!]?\s*$",
    re.IGNORECASE,
)
# "Has there been any response from the FDA to the recall?", "Was there a statement from X?"
_THERE_FROM = re.compile(
    r"^(?P<aux>has|have|was|were|is|are)\s+there\s+(?:been\s+)?(?:any|a|an)\s+"
    r"(?P<stance>response|statement|statements|comment|comments|reaction|word)\s+(?:from|by)\s+"
    r"(?P<x>[^?,]+?)(?P<rest>\s+(?:on|about|regarding|concerning|to)\b.*)?$",
    re.IGNORECASE,
)
_THERE_AUX = {"has": "is", "have": "are", "was": "was", "were": "were", "is": "is", "are": "are"}
# "According to a statement from the FDA": the statement's source is who is asked about.
_DOCUMENT_FROM = re.compile(
    r"\baccording\s+to\s+(?:a|an|the)\s+(?:statement|post|report|release|press release|tweet|"
    r"letter|filing|announcement)\s+(?:from|by)\s+",
    re.IGNORECASE,
)
# "Did anyone from the FDA comment…", "What are people at the FDA saying…": the body asked.
_SOMEONE_AT = re.compile(
    r"^(?P<lead>(?:(?:what|how|why|when|where|who)\s+)?(?:did|does|do|has|have|had|is|was|are|"
    r"were)\s+)(?:anyone|anybody|someone|somebody|people)\s+(?:from|at)\s+(?=the\s|[A-Z])",
    re.IGNORECASE,
)
# "What did X go on to say…" is "what did X say…".
_WENT_ON = re.compile(r"\s+(?:go|goes|went)\s+on\s+to\s+say\b", re.IGNORECASE)
# "What the embassy said about Hezbollah": a question written as what it asks for. The verb's
# tense becomes the auxiliary's, so "what X says" is still about now. Only where the verb
# ends the question or a topic follows it: "What NFL star announced his retirement?" asks who.
# Asked as a request ("Tell me what Becerra said the administration did…"), whatever follows.
_WHAT_X_SAID = (
    r"^what\s+(?P<x>(?!(?:did|does|do|has|have|had|is|was|were|are|will|would|can|could)\b)"
    r"[^,?]+?)\s+(?P<verb>said|says|has said|have said|thinks|thought|posted|tweeted|wrote|"
    r"announced|claimed|warned|told|is saying|are saying)\b"
)
_WRITTEN_AS_ASKED = re.compile(
    _WHAT_X_SAID + r"(?=\s+(?:about|on|regarding|concerning|of|in|to|after|when)\b|\s*[?.!]?\s*$)",
    re.IGNORECASE,
)
_REQUESTED_AS_ASKED = re.compile(_WHAT_X_SAID, re.IGNORECASE)
_TENSES = {
    "said": ("did", "say"),
    "says": ("does", "say"),
    "has said": ("has", "said"),
    "have said": ("have", "said"),
    "thinks": ("does", "think"),
    "thought": ("did", "think"),
    "posted": ("did", "post"),
    "tweeted": ("did", "tweet"),
    "wrote": ("did", "write"),
    "announced": ("did", "announce"),
    "claimed": ("did", "claim"),
    "warned": ("did", "warn"),
    "told": ("did", "tell"),
    "is saying": ("is", "saying"),
    "are saying": ("are", "saying"),
}
# "Quotes from Blinken about Gaza", "Comments by the embassy on Hezbollah", "Anything from the
# Pentagon on the balloon?", "Quote Harris on abortion".
_QUOTES_FROM = re.compile(
    r"^(?:(?:(?:any|the)\s+)?(?:quotes?|quotations?|statements?|comments?|remarks?|words?|"
    r"updates?)\s+(?:from|by)|anything\s+(?:new\s+)?(?:from|by)|quote(?!\s+of\b))\s+"
    r"(?P<x>[^,?]+?)\s+(?=(?:about|on|regarding|concerning)\b)",
    re.IGNORECASE,
)
# "What did the embassy have to say…": the same as "what did the embassy say…".
_HAVE_TO_SAY = re.compile(r"\s+(?:have|has|had)\s+to\s+say\b", re.IGNORECASE)
# "What is the governor quoted as saying…"
_QUOTED_AS = re.compile(r"\s+quoted\s+as\s+(?:having\s+said|saying)\b", re.IGNORECASE)
# "What was said by the governor about…": the speaker after "by", the topic after them.
_SAID_BY = re.compile(
    r"^what\s+(?:was|has been|is being|were)\s+(?:said|written|posted|tweeted|stated|announced)"
    r"\s+by\s+(?P<x>[^,?]+?)(?P<rest>\s+(?:about|on|regarding|concerning|in|after|when)\b.*)?$",
    re.IGNORECASE,
)
# "What was the reaction of (or from) the ADL's CEO to…" is "what was the ADL's CEO's reaction
# to…".
_STANCE_OF = re.compile(
    r"^what\s+(?P<aux>is|was|are|were|has been)\s+(?:the\s+)?"
    r"(?P<stance>position|stance|view|views|response|reaction|reply|answer|message|remarks|"
    r"comments|opinion|verdict|assessment)\s+(?:of|from)\s+(?P<x>[^,?]+?)"
    r"(?=\s+(?:to|on|about|regarding|concerning|toward|towards|over)\b|\s*[?.!]?\s*$)",
    re.IGNORECASE,
)
# "Where does the senator stand on the bill?" asks the senator's position on it.
_STANDS = re.compile(
    r"^where\s+(?P<aux>does|do|did)\s+(?P<x>[^,?]+?)\s+(?:stand|stands|stood)\b",
    re.IGNORECASE,
)
_STANDS_AUX = {"does": "is", "do": "are", "did": "was"}
# Plain speech by another verb is asked as "say", the word statements are weighed against:
# "What did Dr. Lincoln note about…" is "what did Dr. Lincoln say about…", and "Did Blinken
# mention Gaza?" is "did Blinken say anything about Gaza?".
_SAID_OTHERWISE = re.compile(
    r"^(?P<lead>(?:what|how)(?:\s+\w+)?\s+(?:did|does|do|has|have|had)\s+[^?,]+?)\s+"
    r"(?:note|noted|remark|remarked|mention|mentioned|emphasi[sz]e|emphasi[sz]ed)\b",
    re.IGNORECASE,
)
_TOUCHED_ON = re.compile(
    r"^(?P<lead>(?:did|does|has|have|had)\s+[^?,]+?)\s+"
    r"(?:mention|mentioned|address|addressed|note|noted|bring up|brought up|touch on|"
    r"touched on)\b",
    re.IGNORECASE,
)
# "What was said about Hezbollah by the embassy?": the speaker at the end.
_SAID_ABOUT_BY = re.compile(
    r"^what\s+(?:was|has been|were|is being)\s+(?:said|written|posted|tweeted|stated)\s+"
    r"(?P<rest>(?:about|on|regarding|concerning)\s+[^?]+?)\s+by\s+(?P<x>[^,?]+?)\s*[?.!]?\s*$",
    re.IGNORECASE,
)
# "What has the embassy been saying about…" is "what is the embassy saying about…".
_BEEN_SAYING = re.compile(
    r"^(?P<wh>what|how)\s+(?P<aux>has|have|had)\s+(?P<x>[^?,]+?)\s+been\s+"
    r"(?P<verb>saying|posting|tweeting|writing|claiming|arguing|warning|telling)\b",
    re.IGNORECASE,
)
_BEEN_AUX = {"has": "is", "have": "are", "had": "was"}
# "The embassy's view on Hezbollah?": a stance asked without a question word.
_STANCE_ALONE = re.compile(
    r"^(?!(?:what|how|why|who|when|where|which|did|does|do|has|have|had|is|was|are|were|will|"
    r"would|can|could|according)\b)(?P<x>[^?,]+?)[’']s?\s+"
    r"(?P<stance>position|stance|view|views|response|reaction|reply|comments|remarks|take|"
    r"message|statement)\s+(?P<rest>(?:on|about|regarding|to|toward|towards)\b.*)$",
    re.IGNORECASE,
)
# "…, in Denise Hogan's view?" and "In her view, …" name a source, as "according to" does.
_IN_VIEW = r"in\s+(?P<x>[^,?]+?)[’']s?\s+(?:view|opinion|words|estimation|eyes|judgment|judgement)"
_IN_VIEW_FIRST = re.compile(rf"^{_IN_VIEW},\s*", re.IGNORECASE)
_IN_VIEW_LAST = re.compile(rf",\s+{_IN_VIEW}\s*(?P<end>[?.!]?)\s*$", re.IGNORECASE)
# "Per the governor, how many…" and "…, per the governor": a source, as "according to" is.
# Not a rate ("per capita", "per cent", "per year").
_NOT_SOURCE = (
    r"capita|cent|centum|se|annum|day|week|month|year|hour|minute|person|head|share|unit|mile|"
    r"gallon|barrel|ounce|pound|kilo\w*|dollar|household|game|season"
)
_PER_FIRST = re.compile(rf"^per\s+(?!(?:{_NOT_SOURCE})\b)(?=[^,]+,)", re.IGNORECASE)
_PER_LAST = re.compile(rf",\s+per\s+(?!(?:{_NOT_SOURCE})\b)(?=[^,]+$)", re.IGNORECASE)
# What someone's post or statement says is what they said in it: "What did Blinken's post
# say…", "What did the embassy statement say…", "What did the statement from the White House
# say…".
_CHANNELS = (
    r"post|posts|tweet|tweets|statement|statements|letter|message|press release|release|"
    r"remarks|speech|announcement|filing|complaint|lawsuit|memo|email|video|op-ed|column"
)
_ASKED_OF = r"^(?P<lead>(?:what|how)(?:\s+\w+)?\s+(?:did|does|do|has|have|had))\s+"
_CHANNEL_OWNED = re.compile(
    rf"{_ASKED_OF}(?P<x>[^,?]+?)(?:[’']s?)?\s+(?P<channel>{_CHANNELS})"
    r"(?P<on>\s+(?:on|to|about|regarding|concerning)\s+[^,?]+?)?\s+"
    r"(?P<verb>say|said|state|stated|claim|claimed)\b",
    re.IGNORECASE,
)
_CHANNEL_FROM = re.compile(
    rf"{_ASKED_OF}(?:the|a|an)\s+(?P<channel>{_CHANNELS})\s+(?:from|by|of)\s+(?P<x>[^,?]+?)\s+"
    r"(?P<verb>say|said|state|stated|claim|claimed)\b",
    re.IGNORECASE,
)
# "What was in the embassy's statement?", "What was in Blinken's post?"
_IN_CHANNEL = re.compile(
    rf"^what\s+(?:was|is|were|are)\s+(?:written\s+|said\s+)?in\s+"
    rf"(?P<x>[^?,]+?)[’']s?\s+(?P<channel>{_CHANNELS})\b",
    re.IGNORECASE,
)
_POSTED = {"post": "post", "posts": "post", "tweet": "tweet", "tweets": "tweet"}


def rephrased(text: str) -> str:
    """Return a question about what someone said in the wording the speaker forms read; any
    other question unchanged."""
    text = _WANTING.sub("", _LEAD_IN.sub("", text))
    text = _SHOW_STANCE.sub(_stance_shown, text)
    text = _LATEST_FROM.sub(_latest_from, text)
    text = _THERE_FROM.sub(_stance_from, text)
    text = _SOMEONE_AT.sub(r"\g<lead>", _DOCUMENT_FROM.sub("according to ", text))
    text = _WENT_ON.sub(" say", text)
    text, requested = _REQUEST.subn("", text)
    if requested:
        # "Tell me what Becerra said the administration did…": asked as a request, what
        # follows the verb is what was said, whatever it is.
        text = _REQUESTED_AS_ASKED.sub(_as_asked, text)
    text = _QUOTES_FROM.sub(lambda m: f"What did {m.group('x')} say ", text)
    text = _SAID_ABOUT_BY.sub(lambda m: f"What did {m.group('x')} say {m.group('rest')}", text)
    text = _BEEN_SAYING.sub(
        lambda m: (
            f"{m.group('wh')} {_BEEN_AUX[m.group('aux').lower()]} {m.group('x')} {m.group('verb')}"
        ),
        text,
    )
    text = _STANCE_ALONE.sub(
        lambda m: f"What is {_possessive(m.group('x'))} {m.group('stance')} {m.group('rest')}",
        text,
    )
    text = _IN_CHANNEL.sub(_said_in_channel, text)
    text = _SAID_BY.sub(lambda m: f"What did {m.group('x')} say{m.group('rest') or ''}", text)
    text = _STANCE_OF.sub(
        lambda m: f"What {m.group('aux')} {_possessive(m.group('x'))} {m.group('stance')}", text
    )
    text = _STANDS.sub(
        lambda m: (
            f"What {_STANDS_AUX[m.group('aux').lower()]} {_possessive(m.group('x'))} position"
        ),
        text,
    )
    text = _HAVE_TO_SAY.sub(" say", text)
    text = _SAID_OTHERWISE.sub(lambda m: f"{m.group('lead')} say", text)
    text = _TOUCHED_ON.sub(lambda m: f"{m.group('lead')} say anything about", text)
    text = _QUOTED_AS.sub(" saying", text)
    text = _PER_LAST.sub(", according to ", _PER_FIRST.sub("According to ", text))
    text = _IN_VIEW_FIRST.sub(lambda m: f"According to {m.group('x')}, ", text)
    text = _IN_VIEW_LAST.sub(lambda m: f", according to {m.group('x')}{m.group('end')}", text)
    text = _CHANNEL_FROM.sub(_said_in, text)
    text = _CHANNEL_OWNED.sub(_said_in, text)
    return _WRITTEN_AS_ASKED.sub(_as_asked, text)


def _stance_shown(match: re.Match[str]) -> str:
    """ "Show me the FDA's comments on the recall" asks what the FDA's comments on it were."""
    stance = match.group("stance").lower()
    stance = "comments" if stance.startswith(("quot", "statement", "comment")) else stance
    return f"What were {_possessive(match.group('x'))} {stance} {match.group('rest')}"


def _latest_from(match: re.Match[str]) -> str:
    """ "What's the latest from the FDA on the recall?" is what the FDA is saying about it."""
    about = f" about {match.group('rest')}" if match.group("rest") else ""
    return f"What is {match.group('x')} saying{about}"


def _stance_from(match: re.Match[str]) -> str:
    """ "Has there been any response from the FDA to the recall?" asks for that response."""
    stance = "response" if match.group("stance").lower() == "word" else match.group("stance")
    aux = _THERE_AUX[match.group("aux").lower()]
    rest = match.group("rest") or ""
    return f"What {aux} {_possessive(match.group('x'))} {stance}{rest}"


def _possessive(name: str) -> str:
    """Return a name as its owner's: "Hungary's", "the Nets' general manager's"."""
    return f"{name}'" if name.endswith("s") and not name.endswith("ss") else f"{name}'s"


# What a channel's owner is not: "What did the statement say?" names no one.
_NO_OWNER = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "that", "your"})


def _said_in(match: re.Match[str]) -> str:
    """ "What did Blinken's post say" is what he posted; what a statement or a letter says is
    what its owner said (the channel's name would draw the quotes that name it)."""
    if match.group("x").lower() in _NO_OWNER:
        return match.group(0)
    verb = _verb_for(match.group("channel"))
    return f"{match.group('lead')} {match.group('x')} {verb}{match.groupdict().get('on') or ''}"


def _said_in_channel(match: re.Match[str]) -> str:
    """ "What was in Blinken's post" is what he posted; in a statement, what its owner said."""
    return f"What did {match.group('x')} {_verb_for(match.group('channel'))}"


def _verb_for(channel: str) -> str:
    """Return the verb asking what went into a channel: "post" for a post, else "say"."""
    return _POSTED.get(channel.lower(), "say")


def _as_asked(match: re.Match[str]) -> str:
    aux, verb = _TENSES[" ".join(match.group("verb").lower().split())]
    return f"What {aux} {match.group('x')} {verb}"
