"""Whether what was read is about the topic a speaker question asks of: a statement, its
neighbours, its paragraph and its article as read, against the topic's words, names and
meaning."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from embeddings.base import Vectors
from retrieval.query.features import Candidate, content_terms
from retrieval.query.speakers import SpeakerQuestion, topic_names

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered

# The least similarity to the topic's meaning at which a speaker's statement that shares no
# word with it still speaks to it ("the economy" of "inflation is hurting families").
ON_TOPIC_SIMILARITY = 0.2
# A statement's meaning is read with the sentences around it, each counting less than the one
# nearer: what a quotation is about is often set out a sentence or two before it ("Asked about
# the fare rise, Ruiz turned to the budget. …") and carried on after it, so those before it
# keep more of their weight (0.7 a sentence) than those after (0.5). Only the sentences either
# side, counted in full, read too little of that (first quotes on the looked-at speaker sets
# 594 → 617 of 832, on the blind ones 161 → 167 of 273; docs/evaluation.md).
_CONTEXT_SENTENCES = 3
_DECAY_BEFORE = 0.7
_DECAY_AFTER = 0.5
# The most characters between two sentences read one after the other (a space, a paragraph
# break): more, and the sentences between them were not read.
_SENTENCE_GAP = 3


def speaks_to_topic(
    asked: SpeakerQuestion,
    gathered: Gathered,
    spoken: Sequence[Candidate],
    articles: dict[int, str],
    unsure: bool = False,
) -> bool:
    """Tell whether any of the speaker's statements speaks to the topic: its article as read,
    or the statement with the sentences beside it, shares a word with the topic, or the
    statement comes near its meaning (`articles`: each article as read, by `article_texts`).
    Asked what Biden said about student loans, his words in
    an article on January 6 are no statement on them; "We are buying a postcard, not a transit
    system" in an article on the tram vote is one on the tram.

    `unsure`: the question as a whole found next to nothing of what it asks. Then only a
    statement that, with the sentences beside it, shares a word with the topic counts: asked
    what Zelensky said about Crimea, his words on winter gas supplies are none, though their
    article names Crimea in another paragraph."""
    if not asked.topic or not spoken:
        return True
    words = content_terms(asked.topic)
    if _CHANNEL_ONLY.fullmatch(asked.topic.strip()):
        # "What did Blinken post on social media?" asks where, not about what: any post
        # speaks to it ("The Secretary of State posted to X…").
        words |= content_terms(_POSTING_WORDS)
    if any(words & content_terms(" ".join(around(c))) for c in spoken):
        return True
    if unsure:
        return False
    # Each article's words are read once, however many of its statements there are.
    spoken_in = {c.passage.source.article_id for c in spoken}
    if any(words & content_terms(articles[article]) for article in spoken_in):
        return True
    topic = gathered.embed_sentences([asked.wording])[0]
    return float(np.max(in_context(gathered, spoken) @ topic)) >= ON_TOPIC_SIMILARITY


# A topic that is only where someone posts, and the words a post is written with.
_CHANNEL_ONLY = re.compile(
    r"(?:(?:his|her|their|its|the)\s+)?(?:social media|social networks?|twitter|x|facebook|"
    r"instagram|tiktok|truth social|threads|linkedin|youtube|telegram|weibo|blog|website|"
    r"(?:social media\s+)?(?:accounts?|pages?|feeds?))",
    re.IGNORECASE,
)
_POSTING_WORDS = "post posted posting tweet tweeted twitter facebook instagram social media wrote"


def in_articles_naming_topic(
    asked: SpeakerQuestion, spoken: Sequence[Candidate], articles: dict[int, str]
) -> list[Candidate]:
    """Keep the statements whose article, as read (`article_texts`), names something the topic
    names ("Uvalde" of "the Uvalde shooting"); all of them where the topic names nothing."""
    names_it = _topic_namer(asked)
    if names_it is None:
        return list(spoken)
    return [c for c in spoken if names_it(articles[c.passage.source.article_id])]


def in_paragraphs_on_topic(
    asked: SpeakerQuestion, statements: Sequence[Candidate]
) -> list[Candidate]:
    """Keep the statements whose paragraph, or the one before it, names something the topic
    names. Offered in the asked speaker's place, a statement must sit beside the topic, not
    merely in an article or passage that names it somewhere: a news digest's item on Pelé is
    no answer about Ticketmaster, though the next item names it."""
    names_it = _topic_namer(asked)
    if names_it is None:
        return list(statements)
    return [c for c in statements if names_it(_paragraphs_up_to(c))]


def _paragraphs_up_to(candidate: Candidate) -> str:
    """Return a sentence's paragraph in its passage and the paragraph before it, if read
    (paragraphs end at blank lines): a reaction often follows the paragraph naming its cause."""
    text, offset = candidate.passage.text, candidate.passage.start
    end = text.find("\n\n", candidate.span.end - offset)
    start = text.rfind("\n\n", 0, max(0, candidate.span.start - offset))
    start = text.rfind("\n\n", 0, start) if start > 0 else -1
    return text[max(0, start) : end if end >= 0 else len(text)]


def _topic_namer(asked: SpeakerQuestion) -> Callable[[str], bool] | None:
    """Return a test of whether a text names something the topic names; None where the topic
    names nothing. A name of several words may be written shorter after its first mention
    ("Irving" for "Kyrie Irving"): its last word, capitalised, counts too, but not its first
    ("World" for "World Cup"). A name may be written with an ending ("Democratic" for "the
    Democrat in the race")."""
    names = topic_names(asked)
    if not names:
        return None
    whole = re.compile(
        "|".join(rf"\b{_either_apostrophe(n)}(?:ic|ian|ans?|s)?\b" for n in names), re.I
    )
    ends = [n.split()[-1] for n in names if " " in n]
    short = re.compile("|".join(rf"\b{_either_apostrophe(e)}\b" for e in ends)) if ends else None

    def names_it(text: str) -> bool:
        return bool(whole.search(text) or (short and short.search(text)))

    return names_it


def _either_apostrophe(name: str) -> str:
    """Return a name as a pattern that takes its apostrophe straight or curled: a member types
    "O'Connor" where the article writes "O’Connor"."""
    return re.escape(name.replace("’", "'")).replace("'", "[’']")


def article_texts(candidates: Sequence[Candidate]) -> dict[int, str]:
    """Return what is read of each candidate's article: its title and passages."""
    parts: dict[int, dict[int, str]] = {}
    for candidate in candidates:
        passage = candidate.passage
        found = parts.setdefault(passage.source.article_id, {-1: passage.source.title})
        found.setdefault(passage.chunk_id, passage.text)
    return {article: "\n".join(texts.values()) for article, texts in parts.items()}


def in_context(gathered: Gathered, candidates: Sequence[Candidate]) -> Vectors:
    """Return each sentence's meaning with the sentences around it in its article as read.

    The vectors are the sentences' own, weighed by nearness, summed and normalised: those of
    the passages read are stored at ingest, so a statement in context costs no model call.
    """
    read = _sentences_read([*gathered.candidates, *candidates])
    groups = [_weighted_around(c, read.get(c.passage.source.article_id, [])) for c in candidates]
    texts = list(dict.fromkeys(t for group in groups for t, _ in group))
    found = dict(zip(texts, gathered.embed_sentences(texts), strict=True))
    summed = np.stack([np.sum([w * found[t] for t, w in group], axis=0) for group in groups])
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    return (summed / np.where(norms == 0, 1, norms)).astype(np.float32)


# A sentence read: where it starts and ends in its article, and its text.
_ReadSentence = tuple[int, int, str]


def _sentences_read(candidates: Sequence[Candidate]) -> dict[int, list[_ReadSentence]]:
    """Return the sentences of every passage read, each once, in article order: a statement
    at the start of one chunk is read with the end of the chunk before it, where that was read
    too (chunks overlap by a sentence, so a statement's context would otherwise stop there)."""
    passages = {(c.passage.source.article_id, c.passage.start): c.passage for c in candidates}
    by_article: dict[int, dict[int, _ReadSentence]] = {}
    for (article, _), passage in passages.items():
        sentences = by_article.setdefault(article, {})
        for span in passage.sentences:
            text = passage.text[span.start - passage.start : span.end - passage.start]
            sentences.setdefault(span.start, (span.start, span.end, text))
    return {article: sorted(found.values()) for article, found in by_article.items()}


def _weighted_around(candidate: Candidate, read: list[_ReadSentence]) -> list[tuple[str, float]]:
    """Return a sentence and up to `_CONTEXT_SENTENCES` read on each side of it, each weighed
    `_DECAY_BEFORE` (before it) or `_DECAY_AFTER` (after it) times the one nearer to it,
    stopping where the next was not read."""
    index = bisect_left(read, candidate.span.start, key=lambda s: s[0])
    if index == len(read) or read[index][0] != candidate.span.start:
        return [(candidate.text, 1.0)]
    weighed = [(read[index][2], 1.0)]
    for step in (-1, 1):
        at = index
        for distance in range(1, _CONTEXT_SENTENCES + 1):
            beside = at + step
            if not 0 <= beside < len(read):
                break
            earlier, later = sorted((read[at], read[beside]))
            if later[0] - earlier[1] > _SENTENCE_GAP:
                break  # the sentences between were not read
            decay = _DECAY_BEFORE if step < 0 else _DECAY_AFTER
            weighed.append((read[beside][2], decay**distance))
            at = beside
    return weighed


def around(candidate: Candidate) -> list[str]:
    """Return a sentence with the sentences before and after it in its passage."""
    passage = candidate.passage
    spans = passage.sentences
    index = next((i for i, s in enumerate(spans) if s.start == candidate.span.start), None)
    if index is None:
        return [candidate.text]
    return [
        passage.text[s.start - passage.start : s.end - passage.start]
        for s in spans[max(0, index - 1) : index + 2]
    ]
