"""How near each of a speaker's statements is to the topic asked: what orders the statements
quoted for a question about what someone said."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from retrieval.ingest.speech import QuoteRun, quote_runs, quoted_share
from retrieval.library.topic_checks import in_context
from retrieval.library.topic_search import searched
from retrieval.library.whole_statements import statement_span, statement_text
from retrieval.query.features import Candidate, content_terms
from retrieval.query.speakers import SpeakerQuestion
from retrieval.types import Span

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered

# How much the topic's own words count beside its meaning.
_TERM_WEIGHT = 0.3
# How much a sentence's share of quoted words counts: asked what someone said, a reader wants
# their own words ("It is catastrophic," Hurley said) over a report that they spoke ("Lee
# tweeted about the situation").
_OWN_WORDS_WEIGHT = 0.2
# How much a statement holding the kind of fact asked for counts: "How much did the mayor say
# it could cost?" is answered by the statement with an amount in it.
_WANTED_WEIGHT = 0.3
# How much a statement giving a reason counts when one is asked for ("Why does X think…").
_REASON_WEIGHT = 0.1
# How much nearer a statement found by the speaker's name alone must be than one a search on
# the question found: the question's own search saw the story asked about, the name did not.
_BY_NAME_ALONE_PENALTY = 0.1
# Words that give a reason: "because", "due to", "that's why", "to protect".
_REASON_GIVEN = re.compile(
    r"\b(?:because|since|so that|due to|in order to|as a result|that[’']s why|reasons?|"
    r"causes?|caused|thanks to|given that)\b",
    re.IGNORECASE,
)


def nearness(
    asked: SpeakerQuestion, gathered: Gathered, spoken: Sequence[Candidate]
) -> npt.NDArray[np.float32]:
    """Return how near each statement is to the topic: its meaning with its neighbours', the
    share of the topic's words the whole statement holds (a quotation's topic word may sit in
    its next sentence), and the share of its words in quotation marks, less a little for one
    found by the speaker's name alone."""
    topic = gathered.embed_sentences([asked.wording])[0]
    vectors = in_context(gathered, spoken)
    asked_terms = _terms(asked.wording)
    whole = [_terms(statement_text(c, statement_span(c))) for c in spoken]
    shared = [len(asked_terms & terms) / (len(asked_terms) or 1) for terms in whole]
    near = vectors @ topic + _TERM_WEIGHT * np.asarray(shared, dtype=np.float32)
    near += _OWN_WORDS_WEIGHT * np.asarray(_own_words(spoken), dtype=np.float32)
    by_name_alone = [not searched(c.passage) for c in spoken]
    near -= _BY_NAME_ALONE_PENALTY * np.asarray(by_name_alone, dtype=np.float32)
    if asked.wants:
        held = [_holds_kind(c, asked.wants) for c in spoken]
        near += _WANTED_WEIGHT * np.asarray(held, dtype=np.float32)
    if asked.wants_reason:
        given = [bool(_REASON_GIVEN.search(c.text)) for c in spoken]
        near += _REASON_WEIGHT * np.asarray(given, dtype=np.float32)
    return np.asarray(near, dtype=np.float32)


def _terms(text: str) -> set[str]:
    """Return a text's content words with its figures, however short: "$5 a gallon" asked is
    the "$5 a gallon" a statement names."""
    return content_terms(text) | set(_FIGURE.findall(text))


_FIGURE = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")


def _holds_kind(candidate: Candidate, labels: frozenset[str]) -> float:
    """Tell whether a sentence names an entity of a kind asked for (an amount, a date)."""
    return float(any(e.label in labels for e in candidate.entities or ()))


def _own_words(candidates: Sequence[Candidate]) -> list[float]:
    """Return the share of each sentence inside quotation marks, read off its passage (a
    quotation may open sentences before: "We still don't know the number. But it will be many.")
    """
    runs_of: dict[int, list[QuoteRun]] = {}
    shares = []
    for candidate in candidates:
        passage = candidate.passage
        if passage.chunk_id not in runs_of:
            runs_of[passage.chunk_id] = quote_runs(passage.text)
        span = Span(candidate.span.start - passage.start, candidate.span.end - passage.start)
        shares.append(quoted_share(runs_of[passage.chunk_id], span))
    return shares
