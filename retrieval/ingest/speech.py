"""The cues of reported speech: speech verbs, quotation marks, and where an article's quotes run."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.types import Span


def word_set(words: str) -> frozenset[str]:
    """Return the words of a space-separated list (long lists read better as prose)."""
    return frozenset(words.split())


# Verbs that report speech or a statement whatever surrounds them ("said", "warned", "posted").
STRONG_VERBS = word_set(
    """
    say says said saying state states stated stating tell tells told telling announce announces
    announced announcing warn warns warned warning post posts posted posting tweet tweets
    tweeted tweeting claim claims claimed claiming insist insists insisted insisting declare
    declares declared declaring reiterate reiterates reiterated reiterating stress stresses
    stressed stressing urge urges urged urging argue argues argued arguing explain explains
    explained explaining confirm confirms confirmed confirming deny denies denied denying
    acknowledge acknowledges acknowledged acknowledging vow vows vowed vowing pledge pledges
    pledged pledging allege alleges alleged alleging assert asserts asserted asserting
    emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
    decry decries decried decrying condemn condemns condemned condemning criticize criticizes
    criticized criticizing criticise criticises criticised criticising praise praises praised
    praising laud lauds lauded lauding hail hails hailed hailing recount recounts recounted
    recounting recommend recommends recommended recommending
    denounce denounces denounced denouncing deride derides derided deriding lambast lambasts
    lambasted lambasting chide chides chided chiding rebuke rebukes rebuked rebuking ridicule
    ridicules ridiculed ridiculing scold scolds scolded scolding berate berates berated
    berating castigate castigates castigated castigating mock mocks mocked
    underscore underscores underscored underscoring testify testifies testified testifying
    write writes wrote
    """
)
# Titles and posts written before a name ("Mayor", "Sen."): words that name no one.
TITLES = word_set(
    """
    president vice prime minister secretary spokesperson spokesman spokeswoman senator sen
    representative rep governor gov mayor chief general gen leader chairman chairwoman chair
    director ambassador mr mrs ms dr sir king queen prince foreign defense defence
    assemblyman assemblywoman assemblymember councilman councilwoman councilmember congressman
    congresswoman commissioner sheriff superintendent chancellor professor prof
    brig lt col maj capt sgt adm cmdr
    """
)

# Nouns that refer back to a body named before: "the organization said", "the agency added".
GROUP_NOUNS = word_set(
    "organization organisation agency company group department ministry office firm "
    "government administration authority commission committee council association union "
    "bank university hospital league team club network coalition foundation institute board "
    "bureau service center centre nonprofit charity airline automaker retailer utility "
    "newspaper magazine body"
)
# A source reporting news ("the Boston Globe reported", "ESPN first reported the deal"): a
# claim only when a named source or a body is its subject, since "report" is also a noun and
# a duty ("he will report to the board").
REPORT_VERBS = word_set("report reports reported")
# Nouns that stand for a statement, not a speaker: "said the statement" is its author's.
DOCUMENT_NOUNS = word_set(
    "statement post tweet release letter message communique communiqué readout memo "
    "notice announcement filing"
)
# Verbs that put out a document: "The NBA released a statement calling…" is the NBA's,
# "Stellantis provided a statement that said…" Stellantis's, "Abbott sent a letter to…" his.
ISSUING_VERBS = word_set(
    "release releases released issue issues issued publish published provide provides provided "
    "send sends sent"
)
# Weak verbs whose subject, written just before them, holds a view on a clause that follows
# without "that": "Patterson worried this could affect rural tax bases", "USFWS believes the
# fish are on the path…".
VIEW_VERBS = word_set("believe believes estimate estimates worry worries worried")
# How a quotation's tag may say it was said ("…," Rivera lamented.): speech beside a quotation,
# in a clause of its own (not "the arm, which advises businesses"), and rarely anything else
# there. Not "agreed", "observed", "offered", "began", "pleaded" or "protested", which a quoted
# name or title may sit beside ("agreed to the "deal"", "pleaded guilty", "protested in a
# "Free Speech Zone""), nor "boasts" ("the town boasts a new restaurant").
TAG_VERBS = word_set(
    """
    countered counters retorted retorts conceded concedes lamented laments scoffed scoffs
    mused muses complained complains remarked remarks boasted bragged brags griped gripes
    grumbled grumbles opined opines fumed fumes gushed gushes marveled marvelled sighed
    sighs snapped speculated speculates reasoned elaborated elaborates reminded reminds
    advised advises demanded demands clarified clarifies
    """
)
# Verbs that report speech only beside a quotation ("added", "wrote", "noted": "…," he added).
WEAK_VERBS = (
    word_set(
        """
    add adds added adding writing note notes noted noting ask asks asked read reads
    asking respond responds responded responding reply replies replied replying continue
    continued continues explain recalled recall recalls suggest suggests suggested predicted
    predict predicts cautioned caution cautions joked joke jokes admitted admit admits
    describe describes described describing echo echoes echoed answer answers answered
    estimated call calls called calling exclaimed exclaims proclaimed proclaims shouted
    shouts yelled yells quipped quips accuse accuses accused accusing
    """
    )
    | VIEW_VERBS
    | TAG_VERBS
)
# Verbs that report a statement only with a clause opened by "that": "the agency indicated
# that…", "NPR has maintained that…" ("indicated a turn", "maintain large armies" say nothing).
THAT_VERBS = word_set("indicate indicates indicated maintain maintains maintained")
# Weak verbs whose clause of what was said may come without "that", its own subject first:
# "He noted the lava flow … is no longer active", "Trump joked that he planned…" (where the
# parse takes "that" for an object). Not "suggests", which data and findings do as often as
# people ("its behavior suggests the eruption may soon stop"), nor "admits" ("centers that
# admit them can face fines"), "asked", "called" or "described".
CLAUSE_VERBS = word_set(
    "note notes noted noting add adds added joke jokes joked recall recalls recalled"
)
# Verbs that report speech before a clause of what was said ("added that…"), set once: the
# cue is asked of every sentence added.
_BEFORE_A_CLAUSE = WEAK_VERBS | THAT_VERBS
# Such a verb with a clause after it, seen before parsing: a finite verb a few words on ("noted
# the flow … is"), not an object alone ("The company added 200 jobs").
_CLAUSE_AFTER = re.compile(
    r"\b(?:" + "|".join(sorted(CLAUSE_VERBS)) + r")\b(?:\s+\S+){1,10}?\s+"
    r"(?:is|are|was|were|will|would|has|have|had|could|can|should|may|might|did|does)\b",
    re.IGNORECASE,
)
_HOLDS_VIEW = re.compile(
    r"\b(?:[A-Z][\w.&-]*|he|she|they)\s+(?:" + "|".join(sorted(VIEW_VERBS)) + r")\b"
)
# The marks a quotation opens and closes with (straight ones do both).
OPENING_MARKS = '"“'
CLOSING_MARKS = '"”'
_QUOTATION_MARKS = frozenset(OPENING_MARKS + CLOSING_MARKS)
# Video and link teasers quote a headline, not a statement: "More: Rep. DeGette says…".
_TEASERS = ("JUST WATCHED", "MUST WATCH", "More:", "MORE:", "Read more:", "READ MORE:")
# A link to another story under a label in capitals, the headline run on after the colon:
# "CHECK YOUR BABY FORMULA:Baby formula recall 2022: FDA warns…". With a space after it the
# label heads real news ("G-7 LEADERS RESPOND: “…,” the Group of Seven said").
_LABELLED_LINK = re.compile(r"^[A-Z][A-Z0-9 ’'&-]{3,}:\S")
_WORDS = re.compile(r"[A-Za-z]+")


# Verbs of a remark made in an "as" clause, which attribute the sentence without a quotation:
# "…, as Blount has pointed out, …", "…, as Mayor Lumumba noted in March, …". "Put" only as
# "put it" and "point" only as "point out" (the claims check which); not "suggests" ("as the
# name suggests"), "observed" (watched), "recalled" (voted out) or "conceded" (an election).
REMARK_VERBS = word_set(
    """
    note notes noted point points pointed argue argues argued explain explains explained put
    puts write writes wrote say says said warn warns warned acknowledge acknowledges
    acknowledged stress stresses stressed emphasize emphasizes emphasized emphasise
    emphasises emphasised mention mentions mentioned insist insists insisted
    """
)
_REMARKED = sorted(REMARK_VERBS - {"put", "puts", "point", "points", "pointed"})
_AS_REMARKED = re.compile(
    r"\bas\s+(?:[\w.’'-]+\s+){1,6}?(?:(?:has|had|have)\s+)?(?:"
    + "|".join([*_REMARKED, r"puts? it", r"points? out", r"pointed out"])
    + r")\b",
    re.IGNORECASE,
)


def has_speech_cue(sentence: str, tags_quotation: bool = False) -> bool:
    """Tell whether a sentence may report speech: the only sentences worth parsing.
    `tags_quotation`: it is the attribution of the quotation just before it ("Castro asked.")."""
    opening = sentence.lstrip()
    if opening.startswith(_TEASERS) or _LABELLED_LINK.match(opening):
        return False  # a video teaser ("JUST WATCHED Why this attorney says…"), not a report
    if "according to" in sentence.lower():  # "According to the agency, …" opens many
        return True
    if _AS_REMARKED.search(sentence):
        return True
    # A quotation without a speech verb needs no parse: it takes the speaker of the sentence
    # that attributes it.
    quoted = tags_quotation or any(mark in sentence for mark in _QUOTATION_MARKS)
    words = [w.lower() for w in _WORDS.findall(sentence)]
    if any(is_speech_verb(w, quoted) or w in REPORT_VERBS for w in words):
        return True
    # "Marks added that…" reports speech without a quotation; "released a statement" too.
    present = set(words)
    introduces = (
        "that" in present
        or sentence.rstrip().endswith(":")
        or _said_after(sentence)
        or bool(_HOLDS_VIEW.search(sentence))
    )
    return (
        (introduces and not present.isdisjoint(_BEFORE_A_CLAUSE))
        or bool(_CLAUSE_AFTER.search(sentence))
        or (not present.isdisjoint(ISSUING_VERBS) and not present.isdisjoint(DOCUMENT_NOUNS))
    )


# The words after a sentence's last comma that may name who said it: "…, the magazine added."
_TAIL_WORDS = 8
# Weak verbs that end sentences reporting nothing: "…, no questions asked", "…, search continues".
_NOT_AFTER = word_set("ask asks asked continue continues continued read reads")


def _said_after(sentence: str) -> bool:
    """Tell whether a sentence ends in a short clause of who reported it with a verb that
    reports speech only so placed: "The decision will be announced Dec. 6, the magazine
    added." """
    head, comma, tail = sentence.rstrip().rpartition(",")
    words = [w.lower() for w in _WORDS.findall(tail)]
    return (
        bool(comma and head)
        and 0 < len(words) <= _TAIL_WORDS
        and not set(words).isdisjoint(WEAK_VERBS - _NOT_AFTER)
    )


def is_speech_verb(word: str, quoted: bool) -> bool:
    """Tell whether a word reports speech; weak verbs only in a sentence holding a quotation."""
    lowered = word.lower()
    return lowered in STRONG_VERBS or (quoted and lowered in WEAK_VERBS)


@dataclass(frozen=True)
class QuoteRun:
    """A stretch of the article inside quotation marks, possibly over several sentences."""

    start: int
    end: int
    # It opens a paragraph after a quotation left open at the end of the one before: the
    # newspaper way of continuing one speaker's words over paragraphs.
    continues: bool = False


def quote_runs(text: str) -> list[QuoteRun]:
    """Find the quotations of an article: curly double marks pair up, straight ones alternate.

    A quotation still open at a paragraph's end closes there; when the next paragraph opens
    with a quotation mark, that one continues it. (Single marks are left alone: they are
    apostrophes far more often than quotations; two together close a quotation.)
    """
    runs: list[QuoteRun] = []
    opened: int | None = None
    continues = carried = False
    # Where the paragraph after a quotation left open begins, until a mark or words outside
    # any quotation are read in it.
    resumed: int | None = None
    for index, char in enumerate(text):
        if resumed is not None and _closes_unopened(text, index):
            # "…once in a while.\n\nHe was my only one and I don't think this pain will ever go
            # away.\"": the paragraph carries the quotation on without reopening it.
            runs.append(QuoteRun(resumed, index + 1, True))
            resumed = None
            continue
        if resumed is not None and char in OPENING_MARKS:
            resumed = None
        if opened is None and char in OPENING_MARKS:
            opened, continues, carried = index, carried, False
        elif opened is not None and char in CLOSING_MARKS:
            runs.append(QuoteRun(opened, index + 1, continues))
            opened = None
        elif opened is not None and text.startswith(("''", "’’"), index):
            # Two apostrophes close a quotation in some wire copy ("…your hands,'' he said",
            # "…my parents,’’ said Judge").
            runs.append(QuoteRun(opened, index + 2, continues))
            opened = None
        elif opened is not None and char == "\n":
            runs.append(QuoteRun(opened, index, continues))
            opened, carried = None, _paragraph_opens_quote(text, index)
            resumed = None if carried else _next_paragraph(text, index)
        elif opened is None and char == "\n" and resumed is not None and index > resumed:
            resumed = None  # a whole paragraph read without closing a quotation
        elif opened is None and not char.isspace():
            carried = False  # words outside quotation marks: nothing continues
    if opened is not None:
        runs.append(QuoteRun(opened, len(text), continues))
    return runs


def _next_paragraph(text: str, index: int) -> int | None:
    """Return where the paragraph after the break at `index` starts; None at the end."""
    rest = len(text) - len(text[index:].lstrip())
    return rest if rest < len(text) else None


def _closes_unopened(text: str, index: int) -> bool:
    """Tell whether the mark at `index` closes a quotation it did not open: a closing curly
    mark, or a straight one after a sentence's end or comma, before a space or the end."""
    char = text[index]
    if char == "”":
        return True
    if char != '"' or index == 0 or text[index - 1] not in ".,!?":
        return False
    return index + 1 == len(text) or text[index + 1].isspace()


def _paragraph_opens_quote(text: str, index: int) -> bool:
    """Tell whether the paragraph after the break at `index` opens with a quotation mark."""
    rest = text[index:].lstrip()
    return bool(rest) and rest[0] in OPENING_MARKS


# A tag sentence is short: "Trump proclaimed.", "DePape asked, according to the documents."
_TAG_WORDS = 14


def tags_quotation(text: str, runs: Sequence[QuoteRun], span: Span) -> bool:
    """Tell whether a sentence attributes the quotation right before it, which a question or
    exclamation mark ended as a sentence: '“Are you Paul Pelosi?” DePape asked.' Its verb is
    then a speech verb as if the quotation were its own."""
    sentence = text[span.start : span.end]
    if any(mark in sentence for mark in OPENING_MARKS) or len(sentence.split()) > _TAG_WORDS:
        return False
    return any(
        run.end <= span.start
        and text[run.start : run.end].rstrip(CLOSING_MARKS).endswith(("?", "!"))
        and text[run.end : span.start] in ("", " ")
        for run in runs
    )


def runs_over(runs: Sequence[QuoteRun], span: Span) -> list[int]:
    """Return the indices of the quotations that overlap a sentence."""
    return [i for i, run in enumerate(runs) if run.start < span.end and span.start < run.end]


def inside(runs: Sequence[QuoteRun], position: int) -> bool:
    """Tell whether a character of the article lies inside a quotation."""
    return any(run.start < position < run.end for run in runs)


def quoted_share(runs: Sequence[QuoteRun], span: Span) -> float:
    """Return the share of a sentence's characters that lie inside quotations."""
    length = span.end - span.start
    if length <= 0:
        return 0.0
    covered = sum(max(0, min(run.end, span.end) - max(run.start, span.start)) for run in runs)
    return min(1.0, covered / length)
