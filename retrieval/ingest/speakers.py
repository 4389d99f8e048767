"""Speakers per sentence, attributed at ingest from a spaCy parse of the sentences cueing speech."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.ingest.attribution import ArticleSpeakers
from retrieval.ingest.claims import ARTICLES, Claim, find_claim
from retrieval.ingest.speech import (
    OPENING_MARKS,
    QuoteRun,
    has_speech_cue,
    quote_runs,
    tags_quotation,
)
from retrieval.ingest.stand_in import stood_in
from retrieval.ingest.subjects import with_name_after
from retrieval.types import ChunkDraft, Entity, SentenceEntities, SentenceSpeakers, Span, Speaker

if TYPE_CHECKING:
    from spacy.language import Language

    from config import Settings

log = logging.getLogger(__name__)

# The parser reads only its own embedding layer: the tagger, lemmatizer and the entity
# recogniser are left out (entities come from the EntityTagger's pass).
_UNUSED = ("tagger", "attribute_ruler", "lemmatizer", "senter", "ner")
_BATCH = 64
# Marks a list or a layout leaves before a line ("◾Green said…", "∎ Yoav Gallant, Israel's
# defense minister, said…"), and characters that take no room: none is part of a speaker, so
# attribution reads each as a space (one character for one, every offset kept).
_LAYOUT_AS_SPACES = str.maketrans(dict.fromkeys("◾•▪●■∎►▸\u200b\u200c\u200d\u2060\ufeff", " "))


class _Parser:
    """A loaded spaCy parser and the lock that keeps it to one thread at a time."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.lock = threading.Lock()


_parsers: dict[str, _Parser] = {}
_parsers_lock = threading.Lock()


def _load(model: str) -> _Parser:
    with _parsers_lock:
        if model not in _parsers:
            import spacy  # here: a library with speakers off never imports spaCy

            _parsers[model] = _Parser(spacy.load(model, exclude=list(_UNUSED)))
        return _parsers[model]


class SpeakerAttributor:
    """Attribute each sentence that reports speech to its speaker; loads the parser on first use.

    Like entities, attribution never fails an add: when it is off or the model cannot be
    loaded, it returns None (stored as "not attributed").
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self._parser: _Parser | None = None
        self._failed = not model
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> SpeakerAttributor:
        """Read `speaker_attribution` and the spaCy model named by `entity_model`."""
        return cls(settings.entity_model if settings.speaker_attribution else "")

    @property
    def enabled(self) -> bool:
        """Tell whether attribution is switched on (the model may still fail to load)."""
        return bool(self.model)

    def available(self) -> bool:
        """Load the parser if needed; tell whether attribution works."""
        return self._get() is not None

    def attribute(
        self, text: str, spans: Sequence[Span], entities: Sequence[Sequence[Entity]] | None
    ) -> list[Speaker | None] | None:
        """Return the speaker of each sentence (None: it reports no speech); None if off.

        Only sentences with a speech cue (a quotation mark, a speech verb, "according to") are
        parsed; the others inherit a speaker only from a quotation that runs through them.
        """
        parser = self._get()
        if parser is None:
            return None
        known = [e for found in entities or () for e in found]
        text = text.translate(_LAYOUT_AS_SPACES)
        ordered = sorted(set(spans), key=lambda s: s.start)
        runs = quote_runs(text) if any(mark in text for mark in OPENING_MARKS) else []
        # The sentences that attribute the quotation just before them ("DePape asked.").
        tags = {s for s in ordered if tags_quotation(text, runs, s)}
        cued = [s for s in ordered if has_speech_cue(text[s.start : s.end], s in tags)]
        try:
            with parser.lock:
                texts = (text[s.start : s.end] for s in cued)
                docs = list(parser.nlp.pipe(texts, batch_size=_BATCH))
        except Exception as error:  # noqa: BLE001 - an odd text must not fail its add
            log.warning("speakers skipped for one article: %s", error)
            return None
        article = ArticleSpeakers(text, known)
        claims = {
            span: find_claim(doc, span.start, runs, span in tags)
            for span, doc in zip(cued, docs, strict=True)
        }
        claims.update(
            self._claims_stood_in(parser, text, [s for s in cued if claims[s] is None], runs)
        )
        found: dict[Span, Speaker] = {}
        for span, claim in claims.items():
            if claim is None:
                continue
            try:
                found[span] = article.resolve(with_name_after(text, claim, known))
            except Exception:  # one odd sentence must not fail its article's add
                log.warning("no speaker for one sentence at %d", span.start, exc_info=True)
        found = {span: article.as_named(speaker) for span, speaker in found.items()}
        _spread_over_quotes(text, ordered, found, runs, tags)
        return [found.get(span) for span in spans]

    @staticmethod
    def _claims_stood_in(
        parser: _Parser, text: str, unclaimed: Sequence[Span], runs: Sequence[QuoteRun]
    ) -> dict[Span, Claim | None]:
        """Parse again, their quotations stood in for, the sentences whose parse found no
        claim though a speech verb stands outside a long quotation."""
        sentences = {s: redone for s in unclaimed if (redone := stood_in(text, s, runs))}
        spans = list(sentences)
        if not spans:
            return {}
        try:
            with parser.lock:
                docs = list(parser.nlp.pipe((sentences[s] for s in spans), batch_size=_BATCH))
        except Exception as error:  # noqa: BLE001 - the first parse's claims stand
            log.warning("second parse skipped for one article: %s", error)
            return {}
        claims = (find_claim(doc, span.start, runs) for doc, span in zip(docs, spans, strict=True))
        # A stood-in clause can leave a lone article as the subject ('Nemours, the recently
        # announced "…," will host'): no one.
        return {
            span: claim if claim is None or claim.head not in ARTICLES else None
            for span, claim in zip(spans, claims, strict=True)
        }

    def attribute_chunks(self, text: str, drafts: Sequence[ChunkDraft]) -> list[ChunkDraft]:
        """Return an article's chunks with the speakers of their sentences filled in.

        Speakers are named from the entities of the article: chunks without them (entities off,
        or their model unloadable) are left unattributed, for a later fill to complete.
        """
        if any(d.entities is None for d in drafts):
            return list(drafts)
        found = self.attribute_sentences(
            text, [d.sentences for d in drafts], [d.entities for d in drafts]
        )
        if found is None:
            return list(drafts)
        return [replace(d, speakers=s) for d, s in zip(drafts, found, strict=True)]

    def attribute_sentences(
        self,
        text: str,
        chunks: Sequence[Sequence[Span]],
        entities: Sequence[SentenceEntities | None],
    ) -> list[SentenceSpeakers] | None:
        """Return the speakers of each chunk's sentences; None when attribution is unavailable."""
        by_span: dict[Span, tuple[Entity, ...]] = {}
        for spans, found in zip(chunks, entities, strict=True):
            for span, sentence in zip(spans, found or [() for _ in spans], strict=True):
                by_span[span] = sentence
        unique = sorted(by_span, key=lambda s: s.start)
        speakers = self.attribute(text, unique, [by_span[s] for s in unique])
        if speakers is None:
            return None
        of_span = dict(zip(unique, speakers, strict=True))
        return [tuple(of_span[span] for span in spans) for spans in chunks]

    def _get(self) -> _Parser | None:
        with self._lock:
            if self._parser is None and not self._failed:
                try:
                    self._parser = _load(self.model)
                except Exception as error:  # noqa: BLE001 - any failure: add without speakers
                    self._failed = True
                    log.warning(
                        "speakers are off: the spaCy model %r could not be loaded (%s)",
                        self.model,
                        error,
                    )
            return self._parser


def _spread_over_quotes(
    text: str,
    ordered: Sequence[Span],
    found: dict[Span, Speaker],
    runs: Sequence[QuoteRun],
    tags: set[Span],
) -> None:
    """Give every sentence of a quotation the speaker its attribution names.

    A quotation takes the speaker of a sentence it runs through (where its "…," the embassy
    stated sits); one with none takes the speaker of the quotation it continues, or of the
    sentence just before or after that attributes it (`tags`: those that tag the quotation
    just before them).
    """
    speaker_of_run: list[Speaker | None] = []
    position = {span: i for i, span in enumerate(ordered)}
    for run in runs:
        through = [s for s in ordered if s.start < run.end and run.start < s.end]
        own = next((found[s] for s in reversed(through) if s in found), None)
        if own is None and run.continues and speaker_of_run:
            own = speaker_of_run[-1]
        if own is None and through:
            own = _beside(text, run, through, ordered, position, found, runs, tags)
        speaker_of_run.append(own)
        for span in through:
            if own is not None and span not in found:
                found[span] = own


def _beside(
    text: str,
    run: QuoteRun,
    through: Sequence[Span],
    ordered: Sequence[Span],
    position: dict[Span, int],
    found: dict[Span, Speaker],
    runs: Sequence[QuoteRun],
    tags: set[Span],
) -> Speaker | None:
    """Return the speaker of the sentence that attributes a quotation from beside it.

    'Merkel said she grieved. "We still don't know the number."' is Merkel's; so is a whole
    quoted sentence followed by 'El Salvador's President wrote on Twitter.' A scare-quoted
    word or two is nobody's.
    """
    whole = _whole_quote(text[run.start : run.end])
    before, after = position[through[0]] - 1, position[through[-1]] + 1
    # '“Are you Paul Pelosi?” DePape asked.': the tag right after it names the speaker, whoever
    # spoke in the sentence before.
    if after < len(ordered) and ordered[after] in found and ordered[after] in tags:
        return found[ordered[after]]
    if (whole or through[0].start == run.start) and before >= 0 and ordered[before] in found:
        return found[ordered[before]]
    if whole and after < len(ordered) and ordered[after] in found:
        unquoted = not any(
            r.start < ordered[after].end and ordered[after].start < r.end for r in runs
        )
        tagged = found[ordered[after]]
        spoke_last = next((found[s] for s in reversed(ordered[: before + 1]) if s in found), None)
        if unquoted and _tags_across(text, through[-1], ordered[after], tagged, spoke_last):
            return tagged
    return None


def _tags_across(
    text: str, last: Span, after: Span, tagged: Speaker, spoke_last: Speaker | None
) -> bool:
    """Tell whether the sentence after a quotation (`last`: its last sentence) names its
    speaker: in the same paragraph ("El Salvador's President wrote on Twitter."), or in the
    next where it opens with a dash ("-- Former Vice President Dick Cheney, criticizing…") or
    names the one who spoke last before the quotation (`spoke_last`). The next paragraph's
    "Those who know Truss say…" or "Nick Candy has confirmed…" is another report, not the
    quotation's source."""
    if "\n" not in text[last.end : after.start]:
        return True
    if text.startswith(("--", "—", "–", "- "), after.start):
        return True
    return spoke_last is not None and spoke_last.name == tagged.name


def _whole_quote(quoted: str) -> bool:
    """Tell whether a quotation is a sentence of its own: three words or more, punctuated. A
    name of three words with the comma of the sentence it stands in is none ("a new “border
    emergency authority,” allowing the president…")."""
    words = quoted.strip('"“” ').rstrip()
    least = 4 if words.endswith(",") else 3
    return len(words.split()) >= least and words[-1:] in (".", "!", "?", ",")
