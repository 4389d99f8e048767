"""The speaker evaluation sets: speaker questions and labelled sentences, by article offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import InvalidInput
from retrieval.evaluation.data import _read_jsonl
from retrieval.ingest.speech import quote_runs

# The id the question sets give the seed article, which is read from its file.
SEED_ID = "seed"


@dataclass(frozen=True)
class SpeakerCase:
    """A question about what someone said, and the statement that should be quoted first."""

    question: str
    speaker: str  # as a reader names them: "US Embassy"
    article: str  # the article's id in articles.jsonl, or "seed"
    start: int  # the expected sentence, by offsets into that article's text
    end: int


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence of an article with the speaker a reader gives it (None: no statement)."""

    article: str
    start: int
    end: int
    speaker: str | None


def _offsets(path: Path, number: int, record: dict[str, object]) -> tuple[str, int, int]:
    article, start, end = record.get("article"), record.get("start"), record.get("end")
    if not isinstance(article, str) or not isinstance(start, int) or not isinstance(end, int):
        raise InvalidInput(f"{path}:{number}: needs a string 'article' and integer 'start', 'end'")
    if not 0 <= start < end:
        raise InvalidInput(f"{path}:{number}: 'start' must be below 'end'")
    return article, start, end


def load_speaker_questions(path: Path) -> list[SpeakerCase]:
    """Read a speaker questions.jsonl file."""
    cases: list[SpeakerCase] = []
    for number, record in _read_jsonl(path):
        question, speaker = record.get("question"), record.get("speaker")
        if not isinstance(question, str) or not isinstance(speaker, str):
            raise InvalidInput(f"{path}:{number}: a question needs 'question' and 'speaker'")
        cases.append(SpeakerCase(question, speaker, *_offsets(path, number, record)))
    return cases


def load_labelled_sentences(path: Path) -> list[LabelledSentence]:
    """Read an attribution_sample.jsonl file."""
    labelled: list[LabelledSentence] = []
    for number, record in _read_jsonl(path):
        speaker = record.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise InvalidInput(f"{path}:{number}: 'speaker' must be a string or null")
        labelled.append(LabelledSentence(*_offsets(path, number, record), speaker))
    return labelled


def article_text(texts: dict[str, str], article: str) -> str:
    """Return an article's text by its id, refusing an id the article set lacks."""
    text = texts.get(article)
    if text is None:
        raise InvalidInput(f"the article {article!r} is not in the article set")
    return text


def expected_text(texts: dict[str, str], article: str, start: int, end: int) -> str:
    """Return a labelled stretch of an article's text, refusing an unknown article or offsets."""
    text = article_text(texts, article)
    if end > len(text):
        raise InvalidInput(f"offsets {start}–{end} run past the end of {article!r}")
    return text[start:end]


def same_statement(quoted: str, expected: str) -> bool:
    """Tell whether a quote is the expected sentence, compared by text (whitespace aside).

    Stored text may differ from the set's after cleaning, and one quoted sentence may hold
    several a reader would split: a quote holding the expected sentence, or held in it, counts.
    So does another article's report of the same words: where the expected sentence quotes
    someone at length, a quote holding that quotation is the same statement, and where it
    opens or closes a quotation, a quote holding its words without the mark.
    """
    quote, wanted = _plain(quoted), _plain(expected)
    if not (quote and wanted):
        return False
    if wanted in quote or quote in wanted:
        return True
    # A sentence that closes a quotation carries the closing mark ("…her career.”"); the same
    # words in a copy that runs the quotation on into the next sentence do not.
    bare = wanted.strip(" \"'")
    if len(bare.split()) >= _SAME_WORDS and bare in quote:
        return True
    words = _longest_quotation(wanted)
    return len(words.split()) >= _SAME_WORDS and words in quote


# Typographic quotation marks and apostrophes, which outlets printing the same words differ on.
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


# An editor's insertion in brackets, which outlets word differently inside the same quotation
# ("Adam (Silver, the league commissioner)", "Adam [Silver, the NBA commissioner]").
_INSERTION = re.compile(r"\s*[\[(][^\[\]()]{1,80}[\])]")


def _plain(text: str) -> str:
    """Return a text as compared: whitespace collapsed, quotation marks made straight, editors'
    bracketed insertions left out, case folded (outlets capitalise the same words apart: "the
    Court" and "the court")."""
    return " ".join(_INSERTION.sub("", text.translate(_MARKS)).split()).casefold()


# The words a quotation must run to before it identifies a statement by itself.
_SAME_WORDS = 6


def _longest_quotation(text: str) -> str:
    """Return the longest stretch of a text inside quotation marks ("" when none), without the
    closing punctuation that a quote's attribution changes ("…areas," Lee wrote / "…areas.")."""
    quoted = (text[run.start : run.end].strip(' "“”').rstrip(".,;:!?") for run in quote_runs(text))
    return max(quoted, key=len, default="")
