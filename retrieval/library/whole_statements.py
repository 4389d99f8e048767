"""A speaker's statement quoted whole: the sentences beside it that carry on their words."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.query.features import Candidate
from retrieval.types import Passage, Span, Speaker

# A statement quoted whole runs to at most this many sentences and characters: enough for a
# quotation and its attribution split over two or three sentences, short of a whole paragraph.
MOST_SENTENCES = 3
MOST_CHARACTERS = 600


def statement_span(candidate: Candidate) -> Span:
    """Return the stretch of its article a statement takes: the sentence, with the sentences
    beside it in its paragraph that the same speaker says, one after it and one before in turn.

    A speaker's words run over sentences ("We are ready for an immediate ceasefire," the
    group said. "But the occupation must withdraw.") and a reader asking what they said wants
    them together, not the half the topic's wording came nearest to.
    """
    passage = candidate.passage
    sentences = passage.sentences
    if candidate.span not in sentences or passage.speakers is None:
        return candidate.span
    index = sentences.index(candidate.span)
    speaker = passage.speakers[index]
    if speaker is None or speaker.name is None:
        return candidate.span  # an unresolved "he said" may be anyone's words
    if _joint(speaker):
        return candidate.span  # "Ruiz and Harbour Power both said": what follows is one's
    first = last = index
    grew = True
    while grew:
        grew = False
        # One sentence after, then one before, in turn: the words around the one found.
        for step in (1, -1):
            if last - first + 1 == MOST_SENTENCES:
                break
            beside = last if step == 1 else first
            wider = (first, last + 1) if step == 1 else (first - 1, last)
            if _carries_on(passage, speaker, beside, beside + step) and _short(sentences, *wider):
                first, last, grew = wider[0], wider[1], True
    return Span(sentences[first].start, sentences[last].end)


def _carries_on(passage: Passage, speaker: Speaker, beside: int, new: int) -> bool:
    """Tell whether sentence `new`, next to sentence `beside`, carries on the same speaker's
    statement: theirs too, and in the same paragraph."""
    sentences = passage.sentences
    if not 0 <= new < len(sentences) or passage.speakers is None:
        return False
    said = passage.speakers[new]
    if said is None or said.name != speaker.name:
        return False
    low, high = sentences[min(beside, new)], sentences[max(beside, new)]
    between = passage.text[low.end - passage.start : high.start - passage.start]
    return "\n" not in between


def _joint(speaker: Speaker) -> bool:
    """Tell whether a statement is written as made by several ("Gov. Ana Ruiz and the utility
    Harbour Power"), where the name it resolves to is one of them."""
    return " and " in speaker.written.casefold() and " and " not in (speaker.name or "").casefold()


def _short(sentences: Sequence[Span], first: int, last: int) -> bool:
    return sentences[last].end - sentences[first].start <= MOST_CHARACTERS


def statement_text(candidate: Candidate, span: Span) -> str:
    """Return the words of a stretch of a candidate's passage."""
    passage = candidate.passage
    return passage.text[span.start - passage.start : span.end - passage.start]


def whole_statements(
    candidates: Sequence[Candidate], order: Sequence[int]
) -> list[tuple[int, Span]]:
    """Return each statement in `order` with the stretch it takes, leaving out one whose
    stretch overlaps a statement already taken: quoted whole, the two are one quote."""
    taken: list[tuple[int, Span]] = []
    for index in order:
        span = statement_span(candidates[index])
        article = candidates[index].passage.source.article_id
        if any(
            candidates[other].passage.source.article_id == article
            and span.start < kept.end
            and kept.start < span.end
            for other, kept in taken
        ):
            continue
        taken.append((index, span))
    return taken
