"""Pure data types shared across articlebot: every layer imports these, none defines its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A long job reports with (done, total, what is being worked on).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ArticleDraft:
    """An article ready to be stored: clean text plus what is known about where it came from."""

    text: str
    title: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    source: str = "text"  # url | text | file | folder | eval


@dataclass(frozen=True)
class ArticleSummary:
    """What a listing shows of one stored article."""

    id: int  # the article's number in its collection: what users see, type and cite
    collection: str
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    added_by: str | None
    added_at: str
    chunk_count: int
    char_count: int
    key: int = 0  # the row id inside the database, unique across collections; never shown


@dataclass(frozen=True)
class Article:
    """A stored article with its full text."""

    summary: ArticleSummary
    text: str

    @property
    def id(self) -> int:
        return self.summary.id


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text, by character offsets into the stored text."""

    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A named entity found in a sentence, by character offsets into the article text."""

    # spaCy's label: PERSON, ORG, GPE, LOC, NORP, FAC, DATE, TIME, CARDINAL, QUANTITY, MONEY,
    # PERCENT, ORDINAL, EVENT, WORK_OF_ART, LAW, LANGUAGE, PRODUCT
    label: str
    start: int
    end: int


# The entities of each sentence of a chunk, one tuple per sentence in sentence order; None
# where they were never computed (stored before entities existed, or entities switched off).
SentenceEntities = tuple[tuple[Entity, ...], ...]


# Pronouns a speaker may be written as, which say nothing beside the name they stand for.
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "who", "him", "her", "them"})


@dataclass(frozen=True)
class Speaker:
    """Who a sentence reports as speaking: as the article writes it, and the name it stands for."""

    written: str  # as in the article: "the US Embassy", "he", "The Secretary of State"
    # The name it resolves to within the article ("Antony Blinken" for "he" or "The Secretary
    # of State" when the article ties them); None: a pronoun left unresolved rather than guessed.
    name: str | None
    # What the article calls the named person where it introduces them ("national security
    # adviser"; "CEO of Smartflower"), so that a question may name them by it; None: nothing.
    role: str | None = None

    @property
    def shown(self) -> str:
        """Return how a reader sees the speaker: the name, with the wording when it differs."""
        if self.name is None:
            return f"{self.written} (unresolved)"
        written = self.written.casefold().removeprefix("the ")
        if written in _PRONOUNS:
            return self.name  # "she said": the reader wants who, not the pronoun
        if self.name.casefold() in written or written in self.name.casefold():
            return self.name
        return f"{self.written} ({self.name})"


# The speaker of each sentence of a chunk, None for a sentence that reports no speech.
SentenceSpeakers = tuple[Speaker | None, ...]


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk cut from an article: offsets into the article text and the sentences inside it."""

    ordinal: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]  # offsets into the article text, not into the chunk
    entities: SentenceEntities | None = None  # aligned with `sentences`
    speakers: SentenceSpeakers | None = None  # aligned with `sentences`; None: not computed


@dataclass(frozen=True)
class SourceRef:
    """Where a quote comes from: the article's identity as a user would cite it."""

    article_id: int  # the row id inside the database (what exclusions and votes refer to)
    title: str
    url: str | None
    outlet: str | None
    published: str | None
    number: int = 0  # the article's number in its collection: what users see as #N
    # The other outlets that carry a copy of the same story (syndication), for "also reported
    # by"; empty when the story has no other copy or the answer does not list them.
    also_reported_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the scores that ranked it."""

    chunk_id: int
    source: SourceRef
    start: int
    end: int
    text: str
    score: float  # fused score used for ranking
    dense_score: float  # cosine similarity of question and chunk
    dense_rank: int | None  # 1-based rank in the dense list, None when absent
    lexical_rank: int | None  # 1-based rank in the BM25 list, None when absent
    sentences: tuple[Span, ...] = ()  # sentence offsets into the article text
    # The entities of each sentence, aligned with `sentences`; None when not computed.
    entities: SentenceEntities | None = None
    # Who each sentence reports as speaking, aligned with `sentences`; None when not computed.
    speakers: SentenceSpeakers | None = None

    def speaker_at(self, span: Span) -> Speaker | None:
        """Return the speaker of one of the passage's sentences (None: none, or not computed)."""
        if self.speakers is None or span not in self.sentences:
            return None
        return self.speakers[self.sentences.index(span)]


@dataclass(frozen=True)
class Quote:
    """One verbatim sentence (or run of sentences) quoted from an article."""

    article_id: int
    chunk_id: int
    text: str  # exactly article.text[start:end]
    start: int
    end: int
    score: float
    speaker: Speaker | None = None  # who the sentence reports as speaking, if anyone


@dataclass(frozen=True)
class Answer:
    """An extractive answer: quotes grouped by source, or the closest articles when not found."""

    question: str
    found: bool
    confidence: float
    quotes: tuple[Quote, ...]
    sources: tuple[SourceRef, ...]  # cited articles in order of first quote; closest when not found
    passages: tuple[Passage, ...] = field(default=())  # everything retrieved, best first
    # The quotes an answer below the confidence threshold would have given: never shown as an
    # answer, kept so evaluation can tell whether the confidence was right to hold them back.
    withheld: tuple[Quote, ...] = field(default=())
    # A question about what someone said: the speaker as asked ("the embassy"), None otherwise.
    asked_speaker: str | None = None
    # False when the articles hold no statement by the asked speaker: the quotes are then what
    # others said about the topic, or the plain answer.
    speaker_found: bool = True


@dataclass(frozen=True)
class AddResult:
    """The outcome of adding one article."""

    article: ArticleSummary


@dataclass(frozen=True)
class FolderFailure:
    """A file of a folder that could not be added, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class BulkResult:
    """The outcome of a bulk add: added, failed, and skipped because already stored."""

    added: tuple[ArticleSummary, ...]
    failed: tuple[FolderFailure, ...]
    skipped: int


@dataclass(frozen=True)
class IndexHealth:
    """The state of a collection's vector index compared with the database."""

    generation: int
    revision: int
    vectors: int
    healthy: bool
    detail: str


@dataclass(frozen=True)
class CollectionStatus:
    """What `status` reports for one collection."""

    collection: str
    articles: int
    chunks: int
    model: str
    dim: int
    chunker_version: int
    index: IndexHealth
    last_ingest: str | None
    recent_failures: tuple[FolderFailure, ...]
    # Passages of the live generation whose entities were never computed (reindex fills them).
    chunks_without_entities: int = 0
    # Syndication: articles not yet linked to their story (stored by an older version), and
    # the stories with more than one stored copy.
    articles_without_story: int = 0
    stories_with_copies: int = 0
    # Passages whose speakers were never attributed (reindex --entities-only fills them).
    chunks_without_speakers: int = 0


@dataclass(frozen=True)
class ReindexResult:
    """The outcome of a reindex."""

    collection: str
    generation: int
    articles: int
    chunks: int
    seconds: float


@dataclass(frozen=True)
class Named:
    """A name a conversation used: its text and spaCy label ("" when not known)."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as kept for its buttons and follow-ups: what was asked and what it quoted."""

    id: int
    collection: str
    place: str  # the channel or thread it was given in ("" when none)
    question: str  # the standalone question asked
    typed: str  # the question as the member typed it
    as_of: str | None  # the ISO date the question was asked about
    quoted: tuple[Named, ...]  # the names of the sentences its first quote spans
    chunk_ids: tuple[int, ...]  # the quoted chunks, for votes
    article_ids: tuple[int, ...]  # the cited articles (row ids), for votes
    message_id: int | None  # the message it was sent in, once known
    at: str


@dataclass(frozen=True)
class Asked:
    """An answer given in a conversation: the answer, what was typed, and its stored record."""

    answer: Answer
    typed: str
    answer_id: int
    follows: StoredAnswer | None = None  # the answer it followed up, when it was a follow-up

    @property
    def rewritten(self) -> bool:
        """Whether the question answered differs from what the member typed."""
        return self.answer.question != self.typed


@dataclass(frozen=True)
class Gap:
    """A question the articles keep failing: its wordings grouped, counted, and near misses."""

    question: str  # the wording asked most often (the latest among equals)
    asked: int  # entries in the group
    not_covered: int  # answered "not in these articles"
    not_helpful: int  # answered, then voted "Not helpful"
    last_at: str  # ISO time of the latest entry
    wordings: tuple[str, ...]  # the other distinct wordings, most frequent first
    closest: tuple[SourceRef, ...]  # the articles retrieval ranks highest for it


@dataclass(frozen=True)
class StoryCopy:
    """One stored copy of a story: an article another outlet (or the same) also carries."""

    key: int  # row id
    number: int  # the article's number in its collection
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    added_at: str

    @property
    def outlet_name(self) -> str:
        """The outlet as a reader names it: the stored outlet, else the link's host."""
        if self.outlet:
            return self.outlet
        host = urlsplit(self.url).hostname if self.url else None
        if host:
            return host.removeprefix("www.")
        return f"#{self.number}"
