"""Answering a question about what someone said: that speaker's statements first, or say so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.library.dated_order import dated_order
from retrieval.library.nearby_descriptions import (
    best_described,
    described_by_post,
    described_nearby,
    named_by_first_name,
)
from retrieval.library.statement_nearness import nearness
from retrieval.library.stored_reading import SpokenAsked
from retrieval.library.topic_checks import (
    article_texts,
    in_articles_naming_topic,
    in_paragraphs_on_topic,
    speaks_to_topic,
)
from retrieval.library.topic_search import (
    with_articles_titled_for,
    with_passages_beside,
    with_rest_of_articles,
    with_statements_of,
)
from retrieval.library.whole_statements import statement_span, statement_text, whole_statements
from retrieval.query.answer import Scorers, compose_answer, once_each
from retrieval.query.features import Candidate
from retrieval.query.placed_posts import speaks_as_in
from retrieval.query.speaker_names import holds_asked_post, is_bare_name, speaks_as, split_titles
from retrieval.query.speakers import SpeakerQuestion
from retrieval.types import Answer, Passage, Quote, Span, Speaker

# A speaker's statements quoted: those at least this near to the topic as the nearest, at most
# this many. (0.8 when a statement was read with only the sentence either side of it: with
# more of its context read, nearness spreads wider, and 0.7 quotes about as many statements,
# 2.1 a speaker answer against 1.9 then.)
_TOPIC_RATIO = 0.7
_SPEAKER_QUOTES = 3
# A whole question's confidence below which what it found holds next to nothing it asks of:
# then only a statement that itself speaks of the topic is one on it.
_NEXT_TO_NOTHING = 0.05
if TYPE_CHECKING:
    from retrieval.library.asking import Gathered


def speaker_of(candidate: Candidate) -> Speaker | None:
    """Return who a quote candidate reports as speaking, if anyone."""
    return candidate.passage.speaker_at(candidate.span)


def answer_about_speaker(
    asked: SpeakerQuestion,
    gathered: Gathered,
    scorers: Scorers | None,
    widened: Gathered | None = None,
    read_articles: Callable[[Sequence[Passage]], list[Passage]] | None = None,
    read_beside: Callable[[Sequence[Passage]], list[Passage]] | None = None,
    about_topic: Callable[[str], Gathered | None] | None = None,
    read_spoken: Callable[[SpokenAsked], list[Passage]] | None = None,
) -> Answer:
    """Quote the asked speaker's statements about the topic, best first.

    Whether the question is answered at all is decided as for any question (the confidence
    reads all the candidates); which sentences are quoted is then the speaker's, ranked by the
    same scorer. When the retrieved passages hold no statement by the speaker, the answer says
    so and quotes what others said about the topic. An "according to X, how many…" question
    asks for a fact: it keeps its own quotes, X's first. `read_articles` returns the other
    passages of the first articles found, read before saying the speaker made no statement;
    `read_beside` the chunks just before and after some passages; `about_topic` gathers the
    topic asked as a question of its own, for what others said when the question as asked
    found too little; `read_spoken` the speaker's statements nearest the topic anywhere in the
    collection, by name, which count a little less than those the question's searches found.
    """
    candidates = gathered.candidates
    plain = _compose(gathered, scorers, candidates)
    # The speaker's statements are also drawn from a search on the topic alone, when given.
    pool, by_speaker = _read_for_statements(
        asked, widened or gathered, read_articles, read_beside, read_spoken
    )
    about = _about_topic(asked, pool, by_speaker, unsure=plain.confidence < _NEXT_TO_NOTHING)
    off_topic = {id(c) for c in by_speaker} - {id(c) for c in about}
    by_speaker = about
    if asked.tentative and not by_speaker:
        return plain  # "Was the bridge ready to open?" asks about no one who spoke
    if not plain.found and not by_speaker:
        return _what_others_said(plain, asked, scorers, about_topic)
    if asked.factoid and not plain.found:
        # "Where does the DPIC director see capital punishment heading?" is answered by what
        # the director said, even where the wording alone leaves the answer unsure: the
        # source asked for spoke, so their statement leads the quotes held back.
        plain = replace(plain, found=True, quotes=plain.withheld, withheld=())
    if asked.factoid:
        # The pool: what the question gathered, and the source's statements found by name.
        plain = _with_own_statement(plain, asked, pool, scorers, by_speaker)
        return _speaker_first(plain, asked.speaker, pool.candidates, by_speaker)
    if by_speaker:
        chosen = _compose(pool, scorers, by_speaker)
        # What the asked speaker said is the answer, even where the confidence in the whole
        # question's wording is low: the statements are theirs and the nearest to the topic.
        answer = _quoting(plain, _on_topic(chosen, asked, pool, by_speaker), pool.candidates)
        answer = replace(answer, found=bool(answer.quotes), withheld=())
        ordered = dated_order(answer, asked.present, asked.now)
        return replace(ordered, asked_speaker=asked.speaker)
    return _no_statement_by(asked, plain, gathered, scorers, off_topic)


def _no_statement_by(
    asked: SpeakerQuestion,
    plain: Answer,
    gathered: Gathered,
    scorers: Scorers | None,
    off_topic: set[int],
) -> Answer:
    """Answer a question whose speaker made no statement on the topic: the statements others
    made beside it, where the question as asked found some (`off_topic`: the ids of the asked
    speaker's candidates judged to be about something else)."""
    candidates = gathered.candidates
    others = [c for c in candidates if speaker_of(c) is not None and id(c) not in off_topic]
    others = in_paragraphs_on_topic(asked, others)
    if others and not asked.factoid:
        # The whole question's wording still names the speaker as the articles may write them
        # ("…, the UN human rights office said"), where the asked name matched none of them.
        plain = _quoting(plain, _compose(gathered, scorers, others), candidates)
    plain = _without_statements_by(asked, plain, candidates)
    return replace(plain, asked_speaker=asked.speaker, speaker_found=False)


def _about_topic(
    asked: SpeakerQuestion, pool: Gathered, spoken: Sequence[Candidate], unsure: bool
) -> list[Candidate]:
    """Return the speaker's statements that are about the topic asked: none of them where
    none speaks to it. Statements in articles that never name what the topic names are about
    something else: asked about the Uvalde shooting, the White House's statements on January 6
    are no answer. `unsure`: the whole question found next to nothing of what it asks."""
    articles = article_texts(pool.candidates)
    about = in_articles_naming_topic(asked, spoken, articles)
    return about if speaks_to_topic(asked, pool, about, articles, unsure=unsure) else []


def _read_for_statements(
    asked: SpeakerQuestion,
    pool: Gathered,
    read_articles: Callable[[Sequence[Passage]], list[Passage]] | None,
    read_beside: Callable[[Sequence[Passage]], list[Passage]] | None,
    read_spoken: Callable[[SpokenAsked], list[Passage]] | None = None,
) -> tuple[Gathered, list[Candidate]]:
    """Return the pool with more read for the asked speaker's statements, and those statements:
    the article titled for them, the paragraphs beside each statement found, or, when none is,
    the rest of the first articles found; then their statements nearest the topic anywhere in
    the collection, found by name. A question of fact reads only by name, and only where
    nothing it found is the source's."""
    by_speaker = _by_speaker(asked.speaker, pool.candidates)
    if asked.factoid:
        # A question of fact keeps its own quotes; only where none of what it found is the
        # source's are their statements looked up by name, for the answer to lead with one.
        if by_speaker or read_spoken is None:
            return pool, by_speaker
        pool = with_statements_of(pool, read_spoken, asked)
        return pool, _by_speaker(asked.speaker, pool.candidates)
    if by_speaker and read_articles is not None:
        spoken_in = {c.passage.source.article_id for c in by_speaker}
        pool = with_articles_titled_for(pool, read_articles, asked.speaker, spoken_in)
        by_speaker = _by_speaker(asked.speaker, pool.candidates)
    if by_speaker and read_beside is not None:
        # A quotation runs on into the paragraphs beside the one found, and a speaker's other
        # statements on the topic sit next to it: they are read too.
        pool = with_passages_beside(pool, read_beside, [c.passage for c in by_speaker])
        by_speaker = _by_speaker(asked.speaker, pool.candidates)
    if not by_speaker and read_articles is not None:
        pool = with_rest_of_articles(pool, read_articles, asked.speaker)
        by_speaker = _by_speaker(asked.speaker, pool.candidates)
    if not by_speaker:
        # Last, a description mixing the post with the story's words ("the St. Jude physician
        # assistant on the Inspiration4 crew"): looser than any match above.
        by_speaker = _by_speaker(asked.speaker, pool.candidates, by_post=True)
    if read_spoken is not None:
        # The statements found stay theirs as matched among what the search found: a name
        # read in another story ("China's national banking regulator") re-matches nothing.
        held = len(pool.candidates)
        pool = with_statements_of(pool, read_spoken, asked)
        by_speaker = by_speaker + _by_speaker(asked.speaker, pool.candidates[held:])
    return pool, by_speaker


def _others_on_topic(
    answer: Answer, asked: SpeakerQuestion, gathered: Gathered, scorers: Scorers | None
) -> Answer | None:
    """Quote what others said about the topic, nearest to it first, from a search on the topic
    alone: the asked speaker made no statement on it. None when no one else's statement sits
    in a paragraph that names what the topic names."""
    others = in_paragraphs_on_topic(asked, _not_by(asked, gathered.candidates))
    if not others:
        return None
    chosen = _on_topic(_compose(gathered, scorers, others), asked, gathered, others)
    answer = _quoting(answer, chosen, gathered.candidates)
    return replace(answer, asked_speaker=asked.speaker, speaker_found=False)


def _without_statements_by(
    asked: SpeakerQuestion, answer: Answer, candidates: Sequence[Candidate]
) -> Answer:
    """Leave out of an answer that says the asked speaker made no statement on the topic the
    statements they made on something else: the whole question's wording draws them in
    ("What did Biden say about student loans?" quotes his words on the Capitol), and under
    "no statement by Biden on this" they would read as a contradiction. With nothing else
    left the question is unanswered, what was left out held back."""
    kept = tuple(q for q in answer.quotes if not speaks_as(asked.speaker, q.speaker))
    if len(kept) == len(answer.quotes):
        return answer
    if not kept:
        return replace(answer, found=False, quotes=(), withheld=answer.quotes)
    return _quoting(answer, replace(answer, quotes=kept), candidates)


def _not_by(asked: SpeakerQuestion, candidates: Sequence[Candidate]) -> list[Candidate]:
    """Return the statements someone other than the asked speaker made."""
    return [
        c
        for c in candidates
        if speaker_of(c) is not None and not speaks_as(asked.speaker, speaker_of(c))
    ]


def _what_others_said(
    answer: Answer,
    asked: SpeakerQuestion,
    scorers: Scorers | None,
    about_topic: Callable[[str], Gathered | None] | None,
) -> Answer:
    """Answer a question about someone the articles never quote on the topic, where the
    question as asked found too little: the topic asked on its own, if the articles cover it.

    "What did Jane Doe say about the flood?" falls short of the threshold because no article
    names her; what others said about the flood is still what the member wants to read.
    """
    unanswered = replace(answer, asked_speaker=asked.speaker, speaker_found=False)
    if asked.factoid or about_topic is None or not asked.topic.strip():
        return unanswered
    topical = about_topic(asked.topic)
    if topical is None:
        return unanswered
    covered = _compose(topical, scorers, topical.candidates)
    if not covered.found:
        return unanswered
    others = _others_on_topic(replace(answer, found=True, withheld=()), asked, topical, scorers)
    return others or unanswered


def _with_own_statement(
    answer: Answer,
    asked: SpeakerQuestion,
    gathered: Gathered,
    scorers: Scorers | None,
    spoken: Sequence[Candidate],
) -> Answer:
    """Add the source's statement nearest to a question of fact when no quote is theirs.

    "According to Proton, how much did signups rise?" is answered by what Proton said, even
    where the sentences nearest to the question's wording are others' figures.
    """
    theirs = _statement_keys(spoken)
    if not spoken or any(_holds_statement(q, theirs) for q in answer.quotes):
        return answer
    own = _on_topic(_compose(gathered, scorers, spoken), asked, gathered, spoken)
    first = (own.quotes or own.withheld)[:1]
    return replace(answer, quotes=(*first, *answer.quotes))


def _by_speaker(
    asked: str, candidates: Sequence[Candidate], by_post: bool = False
) -> list[Candidate]:
    """Return the candidates the asked speaker says, with every other statement of the people
    found so.

    An article ties a description to a name once ("ADL CEO Jonathan Greenblatt") and then
    writes the name alone ("Greenblatt wrote"); "the ADL's CEO" asks for both. A full name
    stands for its person across articles; a one-word name only within its own article. Where
    no one matches, a description is read off the sentences that name each person, and a first
    name asked alone is the one person of that first name ("Kyrie"); `by_post`,
    last, the post it is about off those sentences and its other words off the story. Where a
    description matched several people, the one it fits clearly best is meant.
    """
    articles = article_texts(candidates)
    matched = [_spoken_by(asked, c, articles) for c in candidates]
    # "Family Dollar's spokesperson" is the person who holds the post, where the articles
    # quote one, before the body's own statements.
    holders = [
        said and holds_asked_post(asked, speaker_of(c))
        for c, said in zip(candidates, matched, strict=True)
    ]
    if any(holders):
        matched = holders
    # Only a match on the person themselves (name or description) speaks for their other
    # statements: "Gov. Pedro Pierluisi and LUMA Energy both said" does not make the
    # governor LUMA.
    people = {
        _person(c)
        for c, said in zip(candidates, matched, strict=True)
        if said and (_spoken_by(asked, c, articles, as_named=True) or _titled(asked, c))
    } - {None}
    found = [c for c, said in zip(candidates, matched, strict=True) if said or _person(c) in people]
    found = found or described_nearby(asked, candidates, articles, speaker_of)
    found = found or named_by_first_name(asked, candidates, speaker_of)
    found = found or (by_post and described_by_post(asked, candidates, articles, speaker_of)) or []
    return best_described(asked, found, articles, speaker_of)


def _titled(asked: str, candidate: Candidate) -> bool:
    """Tell whether a description asked was matched in words the article wrote right before
    the speaker's name, as one title ("US Department of Health and Human Services Secretary
    Xavier Becerra said"): that description is the person's, in all their statements. A name
    asked alone must match the person's own name ("Gov. Pedro Pierluisi and LUMA Energy")."""
    speaker = speaker_of(candidate)
    if speaker is None or speaker.name is None or is_bare_name(asked):
        return False
    written = speaker.written.casefold()
    name = speaker.name.casefold()
    return len(written) > len(name) and written.endswith(name)


def _person(candidate: Candidate) -> tuple[str, int | None] | None:
    """Return who says a candidate as a key: a full name, or a one-word name in its article."""
    speaker = speaker_of(candidate)
    if speaker is None or speaker.name is None:
        return None
    words = split_titles(speaker.name)[1]  # "Mayor Chokwe Antar Lumumba" is Lumumba
    name = " ".join(words)
    if len(words) > 1:
        return (name, None)
    return (name, candidate.passage.source.article_id)


def _spoken_by(
    asked: str, candidate: Candidate, articles: dict[int, str], as_named: bool = False
) -> bool:
    """Tell whether the asked speaker says a candidate, reading a title's place off the
    article's passages read ("the mayor of Coeur d'Alene" is the Mayor Hammond of an article
    that names the town in another paragraph).

    `as_named`: by the name the speaker resolved to and its description alone, not by the
    words the sentence wrote.
    """
    speaker = speaker_of(candidate)
    if as_named and speaker is not None:
        speaker = replace(speaker, written=speaker.name or "")
    return speaks_as_in(asked, speaker, articles[candidate.passage.source.article_id])


def _speaker_first(
    answer: Answer, speaker: str, candidates: Sequence[Candidate], spoken: Sequence[Candidate]
) -> Answer:
    """Keep a question of fact's own quotes, the asked source's first ("according to X, …"):
    those found as theirs, then any other their name matches."""
    theirs = _statement_keys(spoken)
    quotes = sorted(
        answer.quotes,
        key=lambda q: (not _holds_statement(q, theirs), not speaks_as(speaker, q.speaker)),
    )
    quotes = [_whole(q, spoken) for q in quotes]
    ordered = _quoting(answer, replace(answer, quotes=tuple(quotes)), candidates)
    return replace(ordered, asked_speaker=speaker, speaker_found=bool(spoken))


def _whole(quote: Quote, spoken: Sequence[Candidate]) -> Quote:
    """Return a quote of one of the asked source's statements as the whole statement: the
    sentences beside it that carry on their words ("El Salvador has the perfect conditions for
    recruiting, Pappier adds. “People with no connection to gangs… are the perfect kind of
    person to recruit,” Pappier said.")."""
    found = next(
        (c for c in spoken if c.passage.chunk_id == quote.chunk_id and c.span.start == quote.start),
        None,
    )
    if found is None:
        return quote
    span = statement_span(found)
    return quote if span == found.span else _quote(found, quote.score, span)


def _statement_keys(spoken: Sequence[Candidate]) -> set[tuple[int, int]]:
    """Return where each statement found as the asked speaker's sits: its chunk and start."""
    return {(c.passage.chunk_id, c.span.start) for c in spoken}


def _holds_statement(quote: Quote, statements: set[tuple[int, int]]) -> bool:
    """Tell whether a quote holds one of the statements (a statement quoted whole begins
    where the sentence found does, or before it)."""
    return any(
        chunk == quote.chunk_id and quote.start <= start < quote.end for chunk, start in statements
    )


def _on_topic(
    chosen: Answer, asked: SpeakerQuestion, gathered: Gathered, spoken: Sequence[Candidate]
) -> Answer:
    """Quote the speaker's statements nearest to the topic asked about, nearest first.

    The question names the speaker, which draws the scorer to sentences that name them too
    ("Biden announced…") rather than to what they said about the topic; the topic alone
    tells their statements apart. Each statement is read with the sentences beside it: "We
    still don't know the number." answers "how many died" only after "I grieve for those who
    have lost their lives". Without a topic the scorer's order stands.
    """
    if not asked.topic or not spoken:
        return chosen
    closeness = nearness(asked, gathered, spoken)
    order = sorted(range(len(spoken)), key=lambda i: -float(closeness[i]))
    best = float(closeness[order[0]])
    # The best is always kept, even when nothing is near at all (a nearness below zero).
    near = [i for i in order if float(closeness[i]) >= min(best, best * _TOPIC_RATIO)]
    # Each statement is quoted whole; one that falls inside another taken is that quote.
    stretches = whole_statements(spoken, near)
    texts = [statement_text(spoken[i], span) for i, span in stretches]
    kept = once_each(range(len(stretches)), texts, _SPEAKER_QUOTES)
    quotes = tuple(
        _quote(spoken[stretches[k][0]], float(closeness[stretches[k][0]]), stretches[k][1])
        for k in kept
    )
    return replace(chosen, quotes=quotes, withheld=())


def _quote(candidate: Candidate, score: float, span: Span) -> Quote:
    return Quote(
        article_id=candidate.passage.source.article_id,
        chunk_id=candidate.passage.chunk_id,
        text=statement_text(candidate, span),
        start=span.start,
        end=span.end,
        score=round(score, 4),
        speaker=speaker_of(candidate),
    )


def _quoting(answer: Answer, chosen: Answer, candidates: Sequence[Candidate]) -> Answer:
    """Return a found answer with the quotes another composition chose (given or held back)."""
    quotes = chosen.quotes or chosen.withheld
    if not quotes:
        return answer
    source_of = {c.passage.chunk_id: c.passage.source for c in candidates}
    sources = tuple(dict.fromkeys(source_of[q.chunk_id] for q in quotes))
    return replace(answer, quotes=tuple(quotes), sources=sources)


def _compose(
    gathered: Gathered, scorers: Scorers | None, candidates: Sequence[Candidate]
) -> Answer:
    retrieval = gathered.retrieval
    return compose_answer(
        retrieval.question,
        retrieval.query_vector,
        retrieval.passages,
        gathered.embed_sentences,
        gathered.config,
        gathered.evidence,
        scorers if gathered.learned else None,
        candidates,
    )
