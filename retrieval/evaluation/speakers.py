"""Measuring who-said-what: speaker questions' first quotes, and attribution on labelled text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from retrieval.evaluation.speaker_data import (
    LabelledSentence,
    SpeakerCase,
    article_text,
    expected_text,
    same_statement,
)
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.library import Library
from retrieval.query.speaker_names import speaks_as
from retrieval.query.speakers import speaker_question
from retrieval.types import Progress, Span, Speaker


@dataclass(frozen=True)
class CaseResult:
    """One speaker question: what was quoted first and whether it was the expected statement."""

    question: str
    speaker: str
    hit: bool  # the first quote is the expected statement
    speaker_shown: bool  # and it shows the asked speaker
    first_quote: str | None
    first_speaker: str | None
    # Where the expected statement stands among the quotes given (or held back, when the
    # answer is "not found"): 0 is first, None when it is not among them.
    expected_at: int | None = None
    routed: bool = True  # recognised as a question about a speaker
    speaker_found: bool | None = None  # the asked speaker matched a statement
    # For a question whose expected statement was not quoted at all: whom ingest attributes
    # that statement to (its name as shown, None for no one), and whether that is the asked
    # speaker. None when not checked.
    expected_speaker: str | None = None
    expected_theirs: bool | None = None


def miss_kind(result: CaseResult) -> str | None:
    """Return where a question whose first quote missed went wrong, as a short key; None for a
    hit. The order of the checks is the order a question goes through."""
    if result.hit:
        return None
    if not result.routed:
        return "not routed"
    if result.first_quote is None and result.expected_at is not None:
        return "held back"
    if result.expected_at is not None:
        return "ranked lower"
    if result.speaker_found is False:
        return "name matched none"
    if result.expected_theirs is False:
        return "attributed to another" if result.expected_speaker else "attributed to no one"
    if result.expected_theirs:
        return "theirs, not quoted"
    return "not quoted"


def why_missed(result: CaseResult) -> str | None:
    """Return why a first quote is not the expected statement, in a reader's words; None for a
    hit."""
    kind = miss_kind(result)
    if kind == "ranked lower":
        return f"the expected statement quoted, ranked {(result.expected_at or 0) + 1}"
    if kind == "attributed to another":
        return f"the expected statement not quoted: it is attributed to {result.expected_speaker}"
    return None if kind is None else _MISSED_BECAUSE[kind]


_MISSED_BECAUSE = {
    "not routed": "not recognised as a question about a speaker",
    "held back": "held back as not found (the expected statement among those withheld)",
    "name matched none": "the asked name matched none of the statements read",
    "attributed to no one": "the expected statement not quoted: it is attributed to no one",
    "theirs, not quoted": "the expected statement not quoted though attributed to them "
    "(not read, or left out)",
    "not quoted": "the expected statement not quoted (not read, or not theirs)",
}


def miss_counts(results: Sequence[CaseResult]) -> dict[str, int]:
    """Count the misses by where they went wrong."""
    return dict(Counter(kind for kind in map(miss_kind, results) if kind is not None))


@dataclass(frozen=True)
class QuestionScore:
    """The share of speaker questions whose first quote is the expected statement."""

    questions: int
    first_quote: float
    speaker_shown: float  # the first quote also names the expected speaker
    # How long a first quote runs, in characters, over the questions that have one: a quote
    # that takes in more of the article holds the expected sentence more easily, so the share
    # is read beside it.
    first_quote_chars: float = 0.0
    results: tuple[CaseResult, ...] = field(default=(), repr=False)


def ask_speaker_questions(
    library: Library,
    collection: str,
    cases: Sequence[SpeakerCase],
    texts: dict[str, str],
    progress: Progress | None = None,
) -> QuestionScore:
    """Ask every speaker question and check its first quote against the expected statement."""
    results: list[CaseResult] = []
    for done, case in enumerate(cases, start=1):
        expected = expected_text(texts, case.article, case.start, case.end)
        answer = library.ask(collection, case.question)
        first = answer.quotes[0] if answer.found and answer.quotes else None
        hit = first is not None and same_statement(first.text, expected)
        shown = hit and first is not None and speaks_as(case.speaker, first.speaker)
        given = answer.quotes if answer.found else answer.withheld
        at = next((i for i, q in enumerate(given) if same_statement(q.text, expected)), None)
        results.append(
            CaseResult(
                case.question,
                case.speaker,
                hit,
                shown,
                None if first is None else first.text,
                None if first is None or first.speaker is None else first.speaker.shown,
                expected_at=at,
                routed=speaker_question(case.question) is not None,
                speaker_found=answer.speaker_found if answer.asked_speaker else None,
            )
        )
        if progress:
            progress(done, len(cases), case.question)
    count = len(results) or 1
    lengths = [len(r.first_quote) for r in results if r.first_quote is not None]
    return QuestionScore(
        len(results),
        round(sum(r.hit for r in results) / count, 4),
        round(sum(r.speaker_shown for r in results) / count, 4),
        round(sum(lengths) / (len(lengths) or 1), 1),
        tuple(results),
    )


@dataclass(frozen=True)
class AttributionScore:
    """Attribution against labelled sentences: is a speaker found, and is it the right one."""

    sentences: int
    labelled_speakers: int  # sentences a reader gives a speaker
    attributed: int  # sentences given a resolved speaker
    unresolved: int  # given a pronoun left unresolved (counted as no attribution)
    correct: int  # attributed to the labelled speaker
    precision: float  # correct / attributed
    recall: float  # correct / labelled_speakers
    detection_precision: float  # any speaker where a reader sees one, / attributed
    detection_recall: float


class IngestAttribution:
    """Whom ingest attributes each sentence of an article to, read once an article."""

    def __init__(self, texts: dict[str, str], entity_model: str) -> None:
        self._texts = texts
        self._model = entity_model
        # The models load at the first article read: a run that misses nothing loads none.
        self._models: tuple[EntityTagger, SpeakerAttributor] | None = None
        self._read: dict[str, tuple[list[Span], list[Speaker | None]]] = {}

    def over(self, article: str, wanted: Span) -> Speaker | None:
        """Return the speaker of the sentence that overlaps a stretch of an article most."""
        if article not in self._read:
            if self._models is None:
                self._models = EntityTagger(self._model), SpeakerAttributor(self._model)
            tagger, attributor = self._models
            text = article_text(self._texts, article)
            spans = sentence_spans(text)
            tags = tagger.tag(text, spans)
            self._read[article] = (spans, list(attributor.attribute(text, spans, tags) or []))
        spans, speakers = self._read[article]
        return _speaker_over(spans, speakers, wanted)


def with_expected_speakers(
    score: QuestionScore, cases: Sequence[SpeakerCase], attribution: IngestAttribution
) -> QuestionScore:
    """Tell, for each routed question whose expected statement was quoted nowhere, whom ingest
    attributes that statement to: another speaker, no one, or the one asked (then it was not
    read, or left out). The misses split where attribution, not ranking, is to blame."""
    results = []
    for case, result in zip(cases, score.results, strict=True):
        if result.hit or not result.routed or result.expected_at is not None:
            results.append(result)
            continue
        speaker = attribution.over(case.article, Span(case.start, case.end))
        named = speaker if speaker is not None and speaker.name is not None else None
        results.append(
            replace(
                result,
                expected_speaker=None if named is None else named.shown,
                expected_theirs=named is not None and speaks_as(case.speaker, named),
            )
        )
    return replace(score, results=tuple(results))


def score_attribution(
    labelled: Sequence[LabelledSentence], attribution: IngestAttribution
) -> AttributionScore:
    """Attribute the labelled articles as ingest would, and compare sentence by sentence."""
    found = [(i, attribution.over(i.article, Span(i.start, i.end))) for i in labelled]
    attributed = [(i, s) for i, s in found if s is not None and s.name is not None]
    correct = sum(1 for i, s in attributed if i.speaker is not None and _agree(i.speaker, s))
    detected = sum(1 for i, _ in attributed if i.speaker is not None)
    gold = sum(1 for i, _ in found if i.speaker is not None)
    return AttributionScore(
        sentences=len(found),
        labelled_speakers=gold,
        attributed=len(attributed),
        unresolved=sum(1 for _, s in found if s is not None and s.name is None),
        correct=correct,
        precision=round(correct / (len(attributed) or 1), 4),
        recall=round(correct / (gold or 1), 4),
        detection_precision=round(detected / (len(attributed) or 1), 4),
        detection_recall=round(detected / (gold or 1), 4),
    )


def _speaker_over(
    spans: Sequence[Span], speakers: Sequence[Speaker | None], wanted: Span
) -> Speaker | None:
    """Return the speaker of the splitter sentence that overlaps a labelled sentence most."""
    best, overlap = None, 0
    for span, speaker in zip(spans, speakers, strict=True):
        shared = min(span.end, wanted.end) - max(span.start, wanted.start)
        if shared > overlap:
            best, overlap = speaker, shared
    return best


def _agree(labelled: str, speaker: Speaker) -> bool:
    """Tell whether an attributed speaker is the labelled one, named loosely either way."""
    return speaks_as(labelled, speaker) or speaks_as(
        speaker.name or "", Speaker(labelled, labelled)
    )


@dataclass(frozen=True)
class SpeakerReport:
    """The speaker figures: first quotes with and without the feature, and attribution."""

    with_feature: QuestionScore
    without_feature: QuestionScore
    attribution: AttributionScore | None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (the per-question results of the feature run)."""
        return {
            "questions": self.with_feature.questions,
            "first_quote_with": self.with_feature.first_quote,
            "first_quote_without": self.without_feature.first_quote,
            "speaker_shown_with": self.with_feature.speaker_shown,
            "first_quote_chars_with": self.with_feature.first_quote_chars,
            "first_quote_chars_without": self.without_feature.first_quote_chars,
            "attribution": None if self.attribution is None else asdict(self.attribution),
            "misses": miss_counts(self.with_feature.results),
            "results": [asdict(r) for r in self.with_feature.results],
        }
