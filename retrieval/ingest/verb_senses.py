"""Which sense a verb has in its sentence: reporting what someone said, or something else.

"Added" reports speech beside a quotation or before a clause, not in "added 200 jobs";
"called" judges in "called the ruling "a disgrace"", names in "a product called "ewater"";
"claimed" a pole is won, not said; "failed to condemn" never happened. The claims module asks
`reports_speech` of each word of a parsed sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retrieval.ingest.speech import (
    CLAUSE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ISSUING_VERBS,
    REMARK_VERBS,
    TAG_VERBS,
    THAT_VERBS,
    VIEW_VERBS,
    WEAK_VERBS,
    is_speech_verb,
    word_set,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

# A participle describing a noun is no claim ("with a curfew declared from noon"), nor a
# speech verb's spelling as a noun ("The claim was disputed by the company").
NOT_A_CLAUSE = frozenset({"acl", "amod", "compound", "pobj", "dobj", "nsubj", "nsubjpass", "pcomp"})
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
# What indicates without speaking, capitalised or not at a sentence's start.
_FINDINGS = word_set(
    "data research evidence analysis poll polls survey surveys study studies record records "
    "document documents report reports finding findings result results figure figures number "
    "numbers statistics this that it fact opinion draft"
)
# Verbs whose clause of what was said may come without "that": views and weak verbs alike.
_WITHOUT_THAT = VIEW_VERBS | CLAUSE_VERBS
# Words that open a clause asking rather than telling: "noted why they plan to stay".
_ASKED_WORDS = word_set("why how what whether if when where who which")
# "He's said every year…" is "he has said", whatever the parse makes of the "'s".
_HAS = frozenset({"'s", "’s"})
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


# Clauses that hang on a word of another clause: "the arm, which advises businesses",
# "residents who have complained", "after she complained".
_DEPENDENT_CLAUSES = frozenset({"relcl", "acl", "advcl"})


def reports_speech(token: Token, quoted: bool) -> bool:
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
        and token.dep_ not in NOT_A_CLAUSE
        and not (token.lower_ in TAG_VERBS and token.dep_ in _DEPENDENT_CLAUSES)
        and not _left_undone(token)
        and not _names_a_thing(token)
        and not _wins_a_prize(token)
        and not _adds_a_thing(token)
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
        or (
            len(quoted.group(1).split()) < _LEAST_CALLED_WORDS
            and not _judgement_closing(after[: quoted.start()], quoted.group(1))
        )
    )


# A quoted judgement that closes its clause: "called the move "unacceptable."", "called the
# offer "insulting," adding…".
_CLOSES_CLAUSE = re.compile(r"[\w’'-]+[.,!?;]$")


def _judgement_closing(gap: str, quoted: str) -> bool:
    """Tell whether one quoted word after "called" and its object is the speaker's judgement
    rather than a scare-quoted name: it follows the object with no article of its own ("the
    plan a "fantasy"" names), is no name (lower case: "called the project "Phoenix."" names
    it) and ends its clause inside the quotation marks."""
    words = gap.split()
    return (
        bool(words)
        and quoted[:1].islower()
        and words[-1].lower() not in ("a", "an", "the")
        and _CLOSES_CLAUSE.search(quoted) is not None
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
        return told and (verb.lower_ not in _INDICATING or _someone_as_subject(verb))
    if verb.lower_ not in WEAK_VERBS:
        return False
    if verb.doc.text.rstrip().endswith(":"):
        return True  # "The statement continued:" opens the quotation that follows
    if told:
        return True
    if verb.lower_ in _WITHOUT_THAT and any(
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


def _someone_as_subject(verb: Token) -> bool:
    """Tell whether a verb has a speaker for subject: a name, a body or a person's pronoun
    ("the agency indicated that…"), not a thing ("a leaked draft indicated that…", "the
    results sent a clear message")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    word = subject.lower_
    if word in _FINDINGS:
        return False
    return subject.text[:1].isupper() or word in GROUP_NOUNS or word in {"he", "she", "they"}


def _wins_a_prize(verb: Token) -> bool:
    """Tell whether "claimed" takes a prize, not a statement ("claimed his first pole", "has
    claimed the highest number of medals")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return verb.lower_ in _CLAIMING and any(
        o.lower_ in _PRIZES or _PRIZES.intersection(_of_what(o)) for o in objects
    )


def _of_what(noun: Token) -> list[str]:
    """Return the words a noun is "of": "medals" of "the number of medals"."""
    return [
        g.lower_
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]


_ADDING = frozenset({"add", "adds", "added", "adding"})


def _adds_a_thing(verb: Token) -> bool:
    """Tell whether "added" puts something into something ("added electric guitar to the
    mix"), not a remark: an object, and where it went after "to" or "into"."""
    children = list(verb.children)
    return (
        verb.lower_ in _ADDING
        and any(c.dep_ == "dobj" for c in children)
        and any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in children)
    )


def _issues_a_document(verb: Token) -> bool:
    """Tell whether a verb puts out a statement ("The NBA released a statement calling…")."""
    # The document's noun is read off the words just after the verb ("released a joint
    # statement"): the parse may hang it elsewhere when a participle follows it.
    after = verb.doc[verb.i + 1 : verb.i + 4]
    if verb.lower_ not in ISSUING_VERBS or not any(t.lower_ in DOCUMENT_NOUNS for t in after):
        return False
    # "Tuesday's results will send a stark message", "Putin is trying to send a message": a
    # thing's or an intent's, no one's statement.
    return verb.lower_ not in _SENDING or (verb.dep_ != "xcomp" and _someone_as_subject(verb))


_SENDING = frozenset({"send", "sends", "sent", "sending"})


# Speech verbs whose passive says nothing of what the one after "by" said: "claimed by the
# storm", "asked by reporters" (the asker's question), "underscored by the mixed reception".
_NOT_SAID_BY = word_set("claimed asked underscored")
# Someone "confirmed by the Senate" was appointed; "confirmed dead by her mother" was said.
_PEOPLE = word_set("he she who they i we")
# Auxiliaries of what has not been said: "to be announced", "will be confirmed".
_NOT_YET = word_set("to will would could may might should must shall can")


def passive_speaker(token: Token, quoted: bool) -> Token | None:
    """Return who spoke where a speech verb is passive and names them after "by": "The movie
    has been criticized by civil rights groups", "He was told by doctors that…". Without "by",
    a passive names no one who spoke ("…, but has been lauded for how he's handled it")."""
    if not is_speech_verb(token.text, quoted) or token.dep_ in NOT_A_CLAUSE:
        return None
    if token.lower_ in _NOT_SAID_BY or _appointed(token):
        return None
    if any(c.dep_ == "aux" and c.lower_ in _NOT_YET for c in token.children):
        return None  # "Prices have yet to be announced by the venue": nothing said yet
    if not any(c.dep_ == "auxpass" and c.lower_ not in _HAS for c in token.children):
        return None
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    if agent is None or _left_undone(token):
        return None
    return next((c for c in agent.children if c.dep_ == "pobj"), None)


def _appointed(verb: Token) -> bool:
    """Tell whether a passive "confirmed" puts someone in a post: its subject a person
    ("Breyer was confirmed by a vote of 84-9", "If she is confirmed by the Senate"), with no
    word for what was confirmed of them ("confirmed dead")."""
    if not verb.lower_.startswith("confirm"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or any(c.dep_ in ("acomp", "oprd", "xcomp") for c in verb.children):
        return False
    return subject.lower_ in _PEOPLE or subject.text[:1].isupper()
