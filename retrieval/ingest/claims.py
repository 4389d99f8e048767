"""Speech claims read off a sentence's dependency parse: a speech verb and who it says spoke."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.ingest.speech import (
    CLAUSE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ISSUING_VERBS,
    REMARK_VERBS,
    REPORT_VERBS,
    THAT_VERBS,
    TITLES,
    VIEW_VERBS,
    WEAK_VERBS,
    QuoteRun,
    inside,
    is_speech_verb,
    runs_over,
    word_set,
)
from retrieval.types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A participle describing a noun is no claim: "with a curfew declared from noon".
_NOT_A_CLAUSE = frozenset({"acl", "amod", "compound", "pobj", "dobj", "nsubj", "pcomp"})
_STOP_AT = frozenset({",", "who", "which", "that", "(", "—", "–", ";"})
_MAX_SUBJECT_TOKENS = 12
# "It reported", "they reported": too vague to name a source that reports news.
_PRONOUN_SOURCES = frozenset({"he", "she", "it", "they", "i", "we", "you", "who", "that"})
# Verbs whose complement did not happen: "failed to condemn", "refused to say".
_UNDONE = frozenset({"fail", "fails", "failed", "refuse", "refuses", "refused", "declined"})
# What "claimed" wins rather than says: "Verstappen claimed his first pole", "claimed victory".
_PRIZES = word_set(
    "pole title victory win lives life seat gold silver bronze medal crown prize trophy "
    "championship spot place lead jackpot record wicket wickets poles titles victories wins seats "
    "medals prizes trophies championships spots places records"
)
_CLAIMING = frozenset({"claim", "claims", "claimed", "claiming"})
_INDICATING = frozenset({"indicate", "indicates", "indicated"})
# Roles set off after a name, besides titles: "Patrick Crimmins, a DFPS spokesman, confirmed".
_ROLES = word_set(
    "official officer analyst expert lawyer attorney economist researcher scientist executive "
    "manager coach founder owner adviser advisor aide agent strategist historian"
)
# What indicates without speaking, capitalised or not at a sentence's start.
_FINDINGS = word_set(
    "data research evidence analysis poll polls survey surveys study studies record records "
    "document documents report reports finding findings result results figure figures number "
    "numbers statistics this that it fact opinion draft"
)
# Words that open a clause asking rather than telling: "noted why they plan to stay".
_ASKED_WORDS = word_set("why how what whether if when where who which")
# A relative clause's subject, which stands for the noun the clause is about.
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Words that open a clause, capitalised at a sentence's start, which name no one.
_OPENING_CONJUNCTIONS = frozenset(
    {
        "if",
        "as",
        "while",
        "when",
        "because",
        "although",
        "though",
        "since",
        "once",
        "after",
        "before",
        "until",
        "unless",
        "whether",
        "so",
    }
)
# Words for when something was said, which a parse may take for the one who said it ("Antony
# Blinken last Monday said…" can parse with "Monday" as the subject) or join to their phrase
# ("Rollins on Wednesday said"); "on", "last"… before one are part of the time.
_TIME_WORDS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | {"today", "yesterday", "tonight"}  # as written: "USA TODAY" and "Today" are names
)
# A participle saying when a document came out: "released", "published", "unsealed".
_PARTICIPLE = re.compile(r"[a-z]{2,}[^e]ed$")
_TIME_OPENERS = frozenset({"on", "last", "this", "late", "early", "earlier", "next"})
# Articles, which alone name no one.
ARTICLES = frozenset({"the", "a", "an"})
# The prepositions and nouns of a channel a statement came through: "in a post on X".
_THROUGH = frozenset({"in", "on", "via", "during"})
_CHANNEL_REACH = 4  # words from the preposition to the channel: "in a joint statement"
_CHANNELS = frozenset(
    {"post", "statement", "tweet", "interview", "video", "letter", "email", "message"}
    | {"release", "briefing", "speech", "podcast", "filing", "memo", "twitter", "x", "facebook"}
    | {"instagram", "tiktok", "threads", "linkedin", "youtube"}
)
# Words a parse may take for the subject of "reported" that name no source.
_NOT_A_SOURCE = frozenset({"the", "a", "an", "to", "this", "that", "these", "those", "as"})
# "He's said every year…" is "he has said", whatever the parse makes of the "'s".
_HAS = frozenset({"'s", "’s"})
# Words that can open a sentence as its subject but name no one: "Many believe…", "Some said…".
_QUANTIFIERS = frozenset(
    {"many", "some", "most", "others", "few", "several", "all", "both", "everyone", "nobody"}
)


@dataclass(frozen=True)
class Claim:
    """A speech verb and its subject, as the sentence writes them."""

    subject: str  # the subject's words, cut before an appositive or relative clause
    start: int  # the subject's offsets into the article
    end: int
    head: str  # the subject's head word, lower-cased ("embassy", "he", "statement")
    sentence_end: int = 0  # where the claim's sentence ends in the article
    sentence_start: int = 0


def find_claim(doc: Doc, offset: int, runs: Sequence[QuoteRun]) -> Claim | None:
    """Return the sentence's speech claim: a speech verb outside quotation marks and its subject.

    `doc` is the parsed sentence, `offset` where it starts in the article. "According to X"
    counts as a claim by X. The root verb's claim wins over one in a subordinate clause, and a
    "…, X said, …" set off by commas over the others.
    """
    if _asks(doc.text):
        return None
    here = [runs[i] for i in runs_over(runs, Span(offset, offset + len(doc.text)))]
    quoted = bool(here)
    claims: list[tuple[int, Claim]] = []
    reports: list[Claim] = []  # "…, Reuters reported": the source relaying, not the speaker
    for token in doc:
        if inside(here, offset + token.idx):
            continue  # a verb inside the quotation is the speaker's, not the reporter's
        verb = _reports_speech(token, quoted)
        subject = _according_to(token) or (_subject_of(token) if verb else None)
        if subject is None and verb:
            subject = _name_before(token)
        if subject is not None and subject.lower_ in _RELATIVE_PRONOUNS:
            subject = _antecedent(token)
        if subject is not None and subject.text in _TIME_WORDS:
            subject = _named_before_time(subject)
        if not verb and subject is None and token.lower_ in REPORT_VERBS:
            source = _reporting_source(token)
            if source is not None and not inside(here, offset + source.idx):
                reports.append(_claim(doc, source, offset))
            continue
        if subject is None or not _names_someone(subject):
            continue
        if inside(here, offset + subject.idx):
            # The parser can take a noun of the quotation for a subject too ('"…, the use of
            # platforms," the commission told'): the speaker is never inside the quotation.
            outside = (
                c
                for c in subject.head.children
                if c.dep_ == "nsubj" and not inside(here, offset + c.idx)
            )
            # A long quotation can take the speaker's name into its own parse too ('"…, and
            # some men, who came forward…," Time editor-in-chief Edward Felsenthal said'): then
            # the name written right before the verb.
            subject = next(outside, None) or _name_before(token)
            if subject is None or inside(here, offset + subject.idx):
                continue
        claim = _claim(doc, subject, offset, token)
        if claim.subject:  # "Seeger. said": a parse may leave only punctuation before the verb
            claims.append((_CLAUSE_RANK.get(token.dep_, 0), claim))
    if not claims:
        return reports[0] if reports else None
    return max(claims, key=lambda ranked: ranked[0])[1]


# A sentence the article asks ("What has Travis Kelce said about dating Taylor Swift?", often a
# heading) reports no one's statement: it opens with a question word and ends with "?".
_QUESTION = re.compile(
    r"^(?:what|who|whom|whose|which|when|where|why|how|did|does|do|has|have|had|is|are|was|"
    r"were|will|would|can|could|should)\b[^\"“”]*\?$",
    re.IGNORECASE,
)


def _asks(sentence: str) -> bool:
    """Tell whether a sentence is the article's own question, outside any quotation."""
    # A list's bullet may open it: "◾ What does the bill say?"
    return bool(_QUESTION.match(sentence.strip().lstrip("◾•▪●■-–—* ")))


# Which claim a sentence reports, by its verb's place in the parse: the root's, then one set off
# between commas ("State health leaders chose to recommend masks…, Hertel said, because…" is
# Hertel's), then the first of the others.
_CLAUSE_RANK = {"ROOT": 2, "parataxis": 1}


# Conjunctions that make a clause a condition: what it holds may never have been said.
_CONDITIONS = frozenset({"if", "unless", "whether"})
# Modals that leave the speech a possibility or advice, not a report.
_MIGHT = frozenset({"should", "may", "might", "must", "can", "could"})


def _left_undone(verb: Token) -> bool:
    """Tell whether the sentence says the speech did not happen ("Trump failed to condemn",
    "he would not say whether…"), only might ("Visitors should note that…", "you may tell"),
    is a condition's ("if the judge finds that he testified…") or is the writer's judgement
    ("it's fair to say")."""
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MIGHT) for c in verb.children):
        return True
    if verb.dep_ == "ccomp" and any(
        c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in verb.head.children
    ):
        return True  # "…if the judge finds that he testified truthfully": a condition
    return verb.dep_ == "xcomp" and (verb.head.lower_ in _UNDONE or _judged(verb.head))


def _reports_speech(token: Token, quoted: bool) -> bool:
    """Tell whether a word is a verb reporting what its subject said, in a sentence holding a
    quotation or not."""
    return (
        (
            is_speech_verb(token.text, quoted)
            or _says_that(token)
            or _issues_a_document(token)
            or _remarked_as(token)
        )
        # A capital within the sentence is a name's: "the United States’ turn" says nothing
        and not (token.i > 0 and token.text[:1].isupper())
        and token.dep_ not in _NOT_A_CLAUSE
        and not _left_undone(token)
        and not _names_a_thing(token)
        and not _wins_a_prize(token)
        and not any(c.dep_ == "mark" and c.lower_ == "with" for c in token.children)
        # "…, but has been lauded for how he's handled it": praised, not praising
        and not any(c.dep_ == "auxpass" and c.lower_ not in _HAS for c in token.children)
    )


def _remarked_as(verb: Token) -> bool:
    """Tell whether a verb is a remark in an "as" clause ("…, as Blount has pointed out, the
    legislature sent money…"): the sentence is the remark's, quoted or not."""
    children = list(verb.children)
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    return (
        verb.lower_ in REMARK_VERBS
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        # "as he put his arms through the hoop", "as she pointed to the floor": no remark
        and (
            verb.lower_ not in _PUT or any(c.dep_ == "dobj" and c.lower_ == "it" for c in children)
        )
        and (
            not verb.lower_.startswith("point")
            or any(c.dep_ == "prt" and c.lower_ == "out" for c in children)
        )
        # "as one WHO official put it" parses "one" alone as the subject: a count, no one
        and not (subject is not None and subject.lower_ in _COUNTS)
    )


# Counts a subject may be parsed as, with the name it counts hung elsewhere.
_COUNTS = frozenset({"one", "two", "three", "another", "each"})
_PUT = frozenset({"put", "puts"})


def _judged(head: Token) -> bool:
    """Tell whether a verb's clause is the writer's judgement of saying it: "it's hard to
    argue…", "it is safe to say…" (an "it" with an adjective, where "he was quick to say"
    reports him)."""
    children = list(head.children)
    return any(c.dep_ == "acomp" for c in children) and any(
        c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in children
    )


_CALLING = frozenset({"call", "calls", "called", "calling"})
# Words between "called" and a quotation that leave it naming something: "a product called
# "ozone ewater"", "his office called the "45 Office"", "called in an "EMS Task Force"".
_NAMING_GAP = re.compile(
    r"^\s*(?:(?:the|a|an|its|his|her|their)\s+)*(?:(?:in|up|off|out|on|back)\b.*)?$",
    re.IGNORECASE,
)


# A quotation of fewer words after "called" is a scare-quoted word: "Critics called the plan a
# "fantasy"" quotes no statement.
_LEAST_CALLED_WORDS = 2


def _names_a_thing(verb: Token) -> bool:
    """Tell whether "call" names something rather than quoting a judgement: "Trump called the
    ruling "a disgrace to our nation"" and "called for "an immediate ceasefire"" are
    statements; a film "called "Oppenheimer"" and a plan called a "fantasy" are not."""
    if verb.lower_ not in _CALLING:
        return False
    after = verb.doc.text[verb.idx + len(verb.text) :]
    quoted = re.search(r"[\"“]([^\"”]*)", after)
    return (
        quoted is None
        or _NAMING_GAP.match(after[: quoted.start()]) is not None
        or len(quoted.group(1).split()) < _LEAST_CALLED_WORDS
    )


def _says_that(verb: Token) -> bool:
    """Tell whether a verb that reports speech only beside a quotation introduces a clause of
    what was said instead ("Marks added that the team is talking with the ADL"), follows one,
    or opens the quotation after a colon ("The statement continued:")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    told = any(any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in clauses)
    if verb.lower_ in THAT_VERBS:
        # "NPR has maintained that…", never "to maintain large armies"; and "the agency
        # indicated that…", not "the fact that… indicates that…", by a name or a body.
        return told and (verb.lower_ not in _INDICATING or _someone_indicates(verb))
    if verb.lower_ not in WEAK_VERBS:
        return False
    if verb.doc.text.rstrip().endswith(":"):
        return True  # "The statement continued:" opens the quotation that follows
    if told:
        return True
    without_that = VIEW_VERBS | CLAUSE_VERBS
    if verb.lower_ in without_that and any(
        c.i > verb.i
        and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
        and (verb.lower_ in VIEW_VERBS or c.doc[c.left_edge.i].lower_ not in _ASKED_WORDS)
        for c in clauses
    ):
        # "USFWS believes the fish are on the path…": a view, without "that"; not "some
        # celebrities noted why they plan to stay", which says what follows is theirs.
        return True
    # What was said first, then who said it: "The decision will be announced Dec. 6, the
    # magazine added." A verb with an object of its own is no report ("…, then he added a chair").
    objects = any(c.dep_ in ("dobj", "attr", "dative") for c in verb.children)
    return verb.dep_ == "ROOT" and any(c.i < verb.i for c in clauses) and not objects


def _someone_indicates(verb: Token) -> bool:
    """Tell whether "indicated" has a speaker for subject: a name, a body or a person's
    pronoun ("the agency indicated that…"), not a thing ("a leaked draft indicated that…")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    word = subject.lower_
    if word in _FINDINGS:
        return False
    return subject.text[:1].isupper() or word in GROUP_NOUNS or word in {"he", "she", "they"}


def _wins_a_prize(verb: Token) -> bool:
    """Tell whether "claimed" takes a prize, not a statement ("claimed his first pole")."""
    return verb.lower_ in _CLAIMING and any(
        c.dep_ == "dobj" and c.lower_ in _PRIZES for c in verb.children
    )


def _issues_a_document(verb: Token) -> bool:
    """Tell whether a verb puts out a statement ("The NBA released a statement calling…")."""
    # The document's noun is read off the words just after the verb ("released a joint
    # statement"): the parse may hang it elsewhere when a participle follows it.
    after = verb.doc[verb.i + 1 : verb.i + 4]
    return verb.lower_ in ISSUING_VERBS and any(t.lower_ in DOCUMENT_NOUNS for t in after)


def _reporting_source(verb: Token) -> Token | None:
    """Return who reports, when a named source or a body reports ("the Boston Globe reported").

    Not a noun ("the report's release"), a clause describing one ("the encounters the agency
    has reported"), a duty ("he will report to Penner") or a thing ("the money reported").
    """
    if verb.dep_ in _NOT_A_CLAUSE or verb.dep_ in ("relcl", "poss", "acl", "advcl"):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return None
    subject = _subject_of(verb)
    if subject is None or subject.lower_ in _PRONOUN_SOURCES or not _names_someone(subject):
        return None  # "Many have reported losses" names no source
    named = subject.text[:1].isupper() and subject.lower_ not in _NOT_A_SOURCE
    return subject if named or subject.lower_ in GROUP_NOUNS else None


def _names_someone(subject: Token) -> bool:
    """Tell whether a subject can be a speaker: not a share ("81% of Democrats"), a number or
    a quantity of no one named ("Many believe…")."""
    if subject.lower_ in _QUANTIFIERS:
        return False
    return not subject.left_edge.text[:1].isdigit() and subject.text[:1] != "%"


def _according_to(token: Token) -> Token | None:
    """Return the X of "according to X" when the token is its "according"."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        to = token.nbor()
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _subject_of(verb: Token) -> Token | None:
    """Return the nominal subject of a speech verb, or of the verb it is coordinated with.

    A clause opened by its own conjunction ("…, as the post claims", "because he said so") has
    a subject of its own, never the main clause's: "Inflation is not the highest in three
    decades, as the post claims" is no claim by inflation. A participle has none ("While
    saying he was thrilled…, Penner gave no timeline" is Penner's)."""
    for candidate in (verb, verb.head):
        subject = next((c for c in candidate.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("conj", "advcl", "xcomp"):
            return None
        opened = any(c.dep_ == "mark" for c in verb.children)
        if verb.dep_ == "advcl" and opened and not verb.lower_.endswith("ing"):
            return None
    return None


def _antecedent(verb: Token) -> Token | None:
    """Return the noun a relative clause's speech verb is said of: "the Austin American-Statesman
    newspaper, which published portions of it" is the newspaper's; None where the parse ties the
    clause to no noun, since "who" names no one."""
    # A relative clause hangs on the noun it describes (the parse runs without a tagger).
    return verb.head if verb.dep_ == "relcl" else None


def _name_before(verb: Token) -> Token | None:
    """Return a capitalised word just before a speech verb the parse left without a subject.

    "Asked why Irving hasn't been disciplined for his tweet, Nets general manager Sean Marks
    told reporters: …" can parse with "Marks" joined to "tweet": the name written right before
    "told" is still who told; so is a name with its role set off before the verb.
    """
    if verb.i == 0:
        return None
    before = verb.nbor(-1)
    if before.text == "," and verb.i > 1:
        # "…, Patrick Crimmins, a DFPS spokesman, confirmed…": the name the role set off
        # before the verb describes.
        role = verb.nbor(-2)
        named = role.head
        # A role, not a place ("…, Powell River, British Columbia, told…") or a thing
        # ("Auditor faults counties, state for…").
        described = role.lower_ in TITLES or role.lower_ in _ROLES
        if role.dep_ == "appos" and described and named.is_alpha and named.text[:1].isupper():
            return named
        return None
    if not (before.is_alpha and before.text[:1].isupper()) or before.dep_ == "ROOT":
        return None
    if before.dep_ == "mark" or before.lower_ in _OPENING_CONJUNCTIONS:
        return None  # "If confirmed…", "As stated above…": a clause's opening word names no one
    return before


def _named_before_time(subject: Token) -> Token | None:
    """Return the name written just before a time the parse took for a subject: "Antony Blinken
    last Monday said" is Blinken's; a time alone ("Wednesday, saying…") names no one."""
    first = _time_start(subject.doc, subject.i)
    if first == 0:
        return None
    before = subject.doc[first - 1]
    return before if before.is_alpha and before.text[:1].isupper() else None


def _time_start(doc: Doc, index: int) -> int:
    """Return where the time phrase ending at a time word begins ("last Monday", "on Friday")."""
    while index > 0 and doc[index - 1].lower_ in _TIME_OPENERS:
        index -= 1
    return index


def _before_channel(doc: Doc, head: int, left: int, right: int) -> int:
    """Return where a named subject's phrase ends before the channel it spoke through: "Nikki
    Haley in a post on X", "the FDA in a statement to USA TODAY" are Haley and the FDA. A
    phrase naming no one keeps it ("the guitarist in a video posted to Instagram")."""
    for token in doc[head + 1 : right + 1]:
        if token.lower_ not in _THROUGH:
            continue
        # The channel is the preposition's own object: "in San Angelo on X" is cut at "on".
        rest = []
        for after in doc[token.i + 1 : min(right, token.i + _CHANNEL_REACH) + 1]:
            if after.lower_ in _THROUGH:
                break
            rest.append(after)
        named = any(t.text[:1].isupper() and t.lower_ not in ARTICLES for t in doc[left : token.i])
        if named and any(t.lower_ in _CHANNELS for t in rest):
            return token.i - 1
    return right


def _claim(doc: Doc, subject: Token, offset: int, verb: Token | None = None) -> Claim:
    """Cut the subject's phrase before an appositive, a relative clause or its own verb (a
    parse may hang the quotation on the subject: 'The rapper added: "A person born…"')."""
    left, right = subject.left_edge.i, subject.right_edge.i
    if verb is not None and subject.i < verb.i <= right:
        right = verb.i - 1
    for token in doc[subject.i + 1 : right + 1]:
        if token.text.lower() in _STOP_AT:
            right = token.i - 1
            break
    right = min(right, left + _MAX_SUBJECT_TOKENS - 1)
    if right > left and doc[right].text in _TIME_WORDS:
        # "Rollins on Wednesday", "a report released Sunday": when is no part of who; a time
        # inside the phrase ("an announcement Monday from the CPSC") stays, with the issuer.
        right = _time_start(doc, right) - 1
        while right > left and (doc[right].text == "and" or _PARTICIPLE.match(doc[right].text)):
            right -= 1  # "unsealed and released"
    right = _before_channel(doc, subject.i, left, right)
    span = doc[left : right + 1]
    words = span.text.strip(" \"“”'’,.")
    start = offset + span.start_char + span.text.find(words)
    end = offset + len(doc.text)
    return Claim(words, start, start + len(words), subject.text.lower(), end, offset)
