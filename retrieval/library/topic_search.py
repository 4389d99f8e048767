"""A speaker question's second search, on its topic alone, for statements its wording misses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from retrieval.errors import InvalidQuestion
from retrieval.query.features import candidates_of
from retrieval.query.speakers import SpeakerQuestion
from retrieval.types import Passage

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered


def widened(
    asked: SpeakerQuestion, gathered: Gathered, search: Callable[[str], list[Passage]]
) -> Gathered:
    """Return the gathered candidates with those of a search on the question's topic added.

    "What did the NWS meteorologist say about the flooding?" searches with the speaker's
    words, which the sentence quoting them seldom holds ("It is catastrophic," Hurley said):
    the topic alone finds statements the whole question ranks low. Only the speaker's
    statements are drawn from the added ones; a question of fact ("according to X, how
    many…") or one with no topic keeps what it gathered.
    """
    if asked.factoid or not asked.topic.strip():
        return gathered
    try:
        found = search(asked.topic)
    except InvalidQuestion:  # a topic left empty once stripped: nothing more to search for
        return gathered
    held = {p.chunk_id for p in gathered.retrieval.passages}
    held |= {c.passage.chunk_id for c in gathered.candidates}
    new = [p for p in found if p.chunk_id not in held]
    if not new:
        return gathered
    extra = candidates_of(new, [], gathered.config.min_sentence_words)
    retrieval = gathered.retrieval._replace(passages=[*gathered.retrieval.passages, *new])
    return gathered._replace(retrieval=retrieval, candidates=[*gathered.candidates, *extra])
