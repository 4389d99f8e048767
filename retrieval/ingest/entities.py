"""Named entities per sentence, tagged by a spaCy pipeline at ingest, with article offsets."""

from __future__ import annotations

import bisect
import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.types import ChunkDraft, Entity, SentenceEntities, Span

if TYPE_CHECKING:
    from spacy.language import Language

    from config import Settings

log = logging.getLogger(__name__)

# Components NER does not read: excluded at load, so they are neither loaded nor run.
_UNUSED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# Texts per spaCy batch: big enough to amortise its per-batch cost, small enough that a
# bulk add does not hold a long article's docs in memory at once.
_BATCH = 256
# Neighbouring sentences are tagged as one text of up to this many characters; a gap wider
# than _BLOCK_GAP (a paragraph break is 1–2) starts a new one.
BLOCK_CHARS = 2000
_BLOCK_GAP = 4


class _Pipeline:
    """A loaded spaCy pipeline and the lock that keeps it to one thread at a time."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # spaCy does not promise that one pipeline may run on two threads at once, and a
        # bulk add tags on its preparing thread while a single add may tag on another.
        self.lock = threading.Lock()


# One pipeline per model name for the whole process: every `Library` (the bot holds one,
# tests build hundreds) shares the load and its memory.
_pipelines: dict[str, _Pipeline] = {}
_pipelines_lock = threading.Lock()


def _load(model: str) -> _Pipeline:
    """Load a spaCy pipeline with only what its named-entity recogniser needs."""
    with _pipelines_lock:
        if model not in _pipelines:
            # Here: a library with entities off never pays for importing spaCy.
            import spacy
            from spacy.pipeline import Tok2Vec

            nlp = spacy.load(model, exclude=list(_UNUSED))
            shared = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
            if isinstance(shared, Tok2Vec) and not shared.listening_components:
                # In the small English models NER has its own embedding layer; the shared
                # one only feeds the tagger and parser (same entities without it, less work).
                nlp.remove_pipe("tok2vec")
            _pipelines[model] = _Pipeline(nlp)
        return _pipelines[model]


class EntityTagger:
    """Tag the named entities of sentences; loads the model on first use.

    Tagging never fails an add: when the model is off or cannot be loaded, `tag` returns None
    (stored as "not computed") and the answers use the scoring that needs no entities.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self._pipeline: _Pipeline | None = None
        self._failed = not model  # empty: entities are switched off
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> EntityTagger:
        """Read the `entity_model` setting."""
        return cls(settings.entity_model)

    @property
    def enabled(self) -> bool:
        """Tell whether entities are switched on (the model may still fail to load)."""
        return bool(self.model)

    def available(self) -> bool:
        """Load the model if needed; tell whether tagging works."""
        return self._get() is not None

    def tag(self, text: str, spans: Sequence[Span]) -> list[tuple[Entity, ...]] | None:
        """Return the entities of each sentence (offsets into `text`); None when unavailable.

        Neighbouring sentences are tagged together as one passage of the article: spaCy's cost
        is largely per text, and the model reads names better with their context. Each entity
        goes to the sentence it lies in; one that straddles two sentences is dropped.
        """
        pipeline = self._get()
        if pipeline is None:
            return None
        blocks = _blocks(spans)
        try:
            with pipeline.lock:
                docs = list(
                    pipeline.nlp.pipe((text[b.start : b.end] for b in blocks), batch_size=_BATCH)
                )
        except Exception as error:  # noqa: BLE001 - an odd text must not fail its add
            log.warning("named entities skipped for one article: %s", error)
            return None
        found: dict[Span, list[Entity]] = {span: [] for span in spans}
        ordered = sorted(found, key=lambda span: span.start)
        starts = [span.start for span in ordered]
        for block, doc in zip(blocks, docs, strict=True):
            for ent in doc.ents:
                start, end = block.start + ent.start_char, block.start + ent.end_char
                index = bisect.bisect_right(starts, start) - 1
                if index >= 0 and end <= ordered[index].end:
                    found[ordered[index]].append(Entity(ent.label_, start, end))
        return [tuple(found[span]) for span in spans]

    def tag_chunks(self, text: str, drafts: Sequence[ChunkDraft]) -> list[ChunkDraft]:
        """Return an article's chunks with the entities of their sentences filled in."""
        found = self.tag_sentences(text, [draft.sentences for draft in drafts])
        if found is None:
            return list(drafts)
        return [replace(d, entities=e) for d, e in zip(drafts, found, strict=True)]

    def tag_sentences(
        self, text: str, chunks: Sequence[Sequence[Span]]
    ) -> list[SentenceEntities] | None:
        """Return the entities of each chunk's sentences; None when tagging is unavailable."""
        # Chunks overlap by a sentence: each sentence of the article is tagged once.
        unique = list(dict.fromkeys(span for spans in chunks for span in spans))
        tagged = self.tag(text, unique)
        if tagged is None:
            return None
        by_span = dict(zip(unique, tagged, strict=True))
        return [tuple(by_span[span] for span in spans) for spans in chunks]

    def _get(self) -> _Pipeline | None:
        with self._lock:
            if self._pipeline is None and not self._failed:
                try:
                    self._pipeline = _load(self.model)
                except Exception as error:  # noqa: BLE001 - any failure: add without entities
                    # Once per tagger: every later add would fail the same way.
                    self._failed = True
                    log.warning(
                        "named entities are off: the spaCy model %r could not be loaded (%s); "
                        "articles are stored without them",
                        self.model,
                        error,
                    )
            return self._pipeline


def _blocks(spans: Sequence[Span]) -> list[Span]:
    """Group sentences into runs of neighbours (in text order) of about BLOCK_CHARS each."""
    blocks: list[Span] = []
    for span in sorted(set(spans), key=lambda s: s.start):
        last = blocks[-1] if blocks else None
        near = last is not None and span.start - last.end <= _BLOCK_GAP
        if last is not None and near and span.end - last.start <= BLOCK_CHARS:
            blocks[-1] = Span(last.start, max(last.end, span.end))
        else:
            blocks.append(span)
    return blocks
