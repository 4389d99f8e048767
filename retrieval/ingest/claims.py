"""Speech claims read off a sentence's dependency parse: a speech verb and who it says spoke."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.ingest.speech import (
    CLOSING_MARKS,
    GROUP_NOUNS,
    OPENING_MARKS,
    REPORT_VERBS,
    TITLES,
    QuoteRun,
    inside,
    runs_over,
    word_set,
)
from retrieval.ingest.verb_senses import NOT_A_CLAUSE, passive_speaker, reports_speech
from retrieval.types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_STOP_AT = frozenset({",", "who", "which", "that", "(", "—", "–", ";"})
# What the speaker's phrase as written never begins or ends with: quotation marks and
# punctuation, a dash setting off an aside ("-- Mayor Ana Costa, telling reporters…",
# "then-President Castillo"), a colon after a name ("Jeff Bezos: Billionaire…").
_EDGE_MARKS = " \"“”'’,.:-–—*"
_MAX_SUBJECT_TOKENS = 12
# "It reported", "they reported": too vague to name a source that reports news.
_PRONOUN_SOURCES = frozenset({"he", "she", "it", "they", "i", "we", "you", "who", "that"})
# Roles set off after a name, besides titles: "Patrick Crimmins, a DFPS spokesman, confirmed".
# Stricter than the person nouns `subjects` reads roles by (any "-er", "-ist"): after a
# comma a word so ending may be a place ("…, Vancouver, told").
_ROLES = word_set(
    "official officer analyst expert lawyer attorney economist researcher scientist executive "
    "manager coach founder owner adviser advisor aide agent strategist historian"
)
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
# Words that can open a sentence as its subject but name no one: "Many believe…", "Some said…",
# "no matter how much anyone will want to argue", "This suggests that…", "the countless takes,
# tweets, and TikToks" (read as a subject that tweets).
_QUANTIFIERS = frozenset(
    {"many", "some", "most", "others", "few", "several", "all", "both", "everyone", "nobody"}
    | {"anyone", "anybody", "countless", "this"}
)
# Words that open a noun phrase, which a capital at a sentence's start does not make a name.
_DETERMINERS = (
    ARTICLES
    | _QUANTIFIERS
    | {"each", "every", "these", "those", "that", "his", "her", "its", "their", "our", "my"}
    | {"another", "any", "no", "multiple", "similar"}
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


def find_claim(
    doc: Doc, offset: int, runs: Sequence[QuoteRun], tags_quotation: bool = False
) -> Claim | None:
    """Return the sentence's speech claim: a speech verb outside quotation marks and its subject.

    `doc` is the parsed sentence, `offset` where it starts in the article. "According to X"
    counts as a claim by X. The root verb's claim wins over one in a subordinate clause, and a
    "…, X said, …" set off by commas over the others. `tags_quotation`: the sentence attributes
    the quotation before it, whose speaker its verb names as if the quotation were its own.
    """
    if _asks(doc.text):
        return None
    here = [runs[i] for i in runs_over(runs, Span(offset, offset + len(doc.text)))]
    quoted = bool(here) or tags_quotation
    claims: list[tuple[int, Claim]] = []
    reports: list[Claim] = []  # "…, Reuters reported": the source relaying, not the speaker
    for token in doc:
        if inside(here, offset + token.idx):
            continue  # a verb inside the quotation is the speaker's, not the reporter's
        verb = reports_speech(token, quoted)
        subject = _according_to(token) or (_subject_of(token) if verb else None)
        if subject is None and not verb:
            subject = passive_speaker(token, quoted)
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


def _reporting_source(verb: Token) -> Token | None:
    """Return who reports, when a named source or a body reports ("the Boston Globe reported").

    Not a noun ("the report's release"), a clause describing one ("the encounters the agency
    has reported"), a duty ("he will report to Penner") or a thing ("the money reported").
    """
    if verb.dep_ in NOT_A_CLAUSE or verb.dep_ in ("relcl", "poss", "acl", "advcl"):
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
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None or (source.lower_ in _NO_ONES_ACCOUNT and not list(source.children)):
        return None
    return source


# What "according to" can name, written bare, that is no one's statement: "a Roman statesman who
# according to legend devoted himself to the republic", "everything went according to plan"
# ("according to the draft recovery plan" still names a document that says something).
_NO_ONES_ACCOUNT = frozenset(
    {"legend", "lore", "myth", "folklore", "tradition", "custom", "plan", "schedule", "rumor"}
    | {"rumors", "rumour", "rumours", "scripture"}
)


def _subject_of(verb: Token) -> Token | None:
    """Return the nominal subject of a speech verb, or of the verb it is coordinated with.

    A clause opened by its own conjunction ("…, as the post claims", "because he said so") has
    a subject of its own, never the main clause's: "Inflation is not the highest in three
    decades, as the post claims" is no claim by inflation. A participle has none ("While
    saying he was thrilled…, Penner gave no timeline" is Penner's)."""
    for candidate in (verb, verb.head):
        subjects = [c for c in candidate.children if c.dep_ == "nsubj"]
        if subjects:
            return _set_off_subject(subjects) or subjects[0]
        if verb.dep_ not in ("conj", "advcl", "xcomp"):
            return None
        opened = any(c.dep_ == "mark" for c in verb.children)
        if verb.dep_ == "advcl" and opened and not verb.lower_.endswith("ing"):
            return None
    return None


# Parts of a clause (the parse runs without a tagger, so no part of speech).
_CLAUSE_PARTS = frozenset({"aux", "auxpass", "ccomp", "xcomp", "acl", "advcl", "mark"})


def _set_off_subject(subjects: list[Token]) -> Token | None:
    """Of two subjects the parse gives one speech verb, return the last when a comma sets it
    off after a clause and right before the verb: in "Twitter guidelines used to specify
    that…, the company said" the company speaks, not "Twitter guidelines used to specify"; in
    "Louisville: The number of travelers … set a record, officials said", the officials."""
    if len(subjects) < 2:
        return None
    last = subjects[-1]
    edge = last.left_edge
    if edge.i == 0 or edge.nbor(-1).text != ",":
        return None
    if last.i > last.head.i:
        return None  # after its verb ('", said Angie Russo'): no clause before it to set off
    # Only after a clause of its own (the statement's words), never after a noun the second
    # describes ("The other side, Arizonans for Responsible Drug Policy, warned").
    between = last.doc[subjects[0].i + 1 : edge.i]
    clause = any(
        t.dep_ in _CLAUSE_PARTS and all(a.dep_ != "relcl" for a in t.ancestors) for t in between
    )
    return last if clause else None


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
    if before.dep_ == "mark" or before.lower_ in _OPENING_CONJUNCTIONS | _DETERMINERS:
        # "If confirmed…", "As stated above…": a clause's opening word names no one, nor "The"
        # or "Each" before a noun the parse read as a verb ("The claim was disputed…", "Each
        # state's flag is…").
        return None
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


# A token that is a quotation mark, as the parser splits them off.
_OPENING_TOKENS = frozenset(OPENING_MARKS)
_CLOSING_TOKENS = frozenset(CLOSING_MARKS)


def _claim(doc: Doc, subject: Token, offset: int, verb: Token | None = None) -> Claim:
    """Cut the subject's phrase before an appositive, a relative clause or its own verb (a
    parse may hang the quotation on the subject: 'The rapper added: "A person born…"')."""
    left, right = subject.left_edge.i, subject.right_edge.i
    if doc[0].text in _OPENING_TOKENS:
        # '“Hell, no!” people yelled back.': the quotation opening the sentence, which the parse
        # hung on the subject; not a title ('"The Good Place" actress Jameela Jamil').
        closing = next((t.i for t in doc[1:] if t.text in _CLOSING_TOKENS), None)
        if closing is not None and left <= closing < subject.i and doc[closing - 1].text in ",.!?":
            left = closing + 1
    if verb is not None and subject.i < verb.i <= right:
        right = verb.i - 1
    for token in doc[subject.i + 1 : right + 1]:
        if token.text.lower() in _STOP_AT:
            right = token.i - 1
            break
    if doc[right].dep_ == "appos" and doc[right].head.i == subject.i:
        # A long role before the name it ends with keeps the name: "NASA astronaut and
        # former NASA Associate Administrator and former KSC Director Bob Cabana".
        left = max(left, right - _MAX_SUBJECT_TOKENS + 1)
    right = min(right, left + _MAX_SUBJECT_TOKENS - 1)
    if right > left and doc[right].text in _TIME_WORDS:
        # "Rollins on Wednesday", "a report released Sunday": when is no part of who; a time
        # inside the phrase ("an announcement Monday from the CPSC") stays, with the issuer.
        right = _time_start(doc, right) - 1
        while right > left and (doc[right].text == "and" or _PARTICIPLE.match(doc[right].text)):
            right -= 1  # "unsealed and released"
    right = _before_channel(doc, subject.i, left, right)
    span = doc[left : right + 1]
    words = span.text.strip(_EDGE_MARKS)
    start = offset + span.start_char + span.text.find(words)
    end = offset + len(doc.text)
    return Claim(words, start, start + len(words), subject.text.lower(), end, offset)
