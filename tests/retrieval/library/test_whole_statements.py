"""A speaker's statement is quoted whole: the sentences beside it that carry on their words."""

from __future__ import annotations

import re

from retrieval.library.whole_statements import statement_span, statement_text, whole_statements
from retrieval.query.features import Candidate
from retrieval.types import Passage, SourceRef, Span, Speaker

HAMAS = Speaker("Hamas", "Hamas")
RUIZ = Speaker("Mayor Ana Ruiz", "Ana Ruiz")
SHE = Speaker("she", "Ana Ruiz")
UNRESOLVED = Speaker("he", None)
JOINT = Speaker("Ruiz and the utility Harbour Power", "Ana Ruiz")


def _passage(text: str, speakers: list[Speaker | None]) -> list[Candidate]:
    """The sentences of a one-passage article (split after each full stop), each with the
    speaker given for it."""
    ends = [m.end() for m in re.finditer(r"\.[”\"]?(?=\s|$)", text)]
    starts = [0, *(len(text) - len(text[e:].lstrip()) for e in ends[:-1])]
    spans = tuple(Span(a, b) for a, b in zip(starts, ends, strict=True))
    assert len(spans) == len(speakers)
    source = SourceRef(1, "Storm", None, None, None)
    passage = Passage(
        1, source, 0, len(text), text, 0.5, 0.5, 1, 1, sentences=spans, speakers=tuple(speakers)
    )
    return [Candidate(passage, s, text[s.start : s.end], None, False) for s in spans]


def _quoted(candidate: Candidate) -> str:
    return statement_text(candidate, statement_span(candidate))


def test_a_quotation_running_over_two_sentences_is_quoted_whole() -> None:
    sentences = _passage(
        "The storm hit on Sunday. “We are ready for an immediate ceasefire,” Hamas said. "
        "“The occupation must withdraw.” Talks resume on Monday.",
        [None, HAMAS, HAMAS, None],
    )
    whole = "“We are ready for an immediate ceasefire,” Hamas said. “The occupation must withdraw.”"
    # Found by either half, the reader gets both, and nothing the article says around them.
    assert _quoted(sentences[1]) == whole
    assert _quoted(sentences[2]) == whole


def test_the_same_person_written_another_way_carries_on_the_statement() -> None:
    sentences = _passage(
        "Mayor Ana Ruiz said the roads would reopen. She said crews worked all night.",
        [RUIZ, SHE],
    )
    assert _quoted(sentences[0]) == sentences[0].passage.text


def test_another_speakers_sentence_a_new_paragraph_or_an_unknown_he_ends_the_statement() -> None:
    other = Speaker("Harbour Power", "Harbour Power")
    sentences = _passage(
        "Mayor Ana Ruiz said the roads would reopen. Harbour Power said power was back.\n\n"
        "Ruiz said the schools would open. Crews cleared the port. He said the port was safe.",
        [RUIZ, other, RUIZ, None, UNRESOLVED],
    )
    assert _quoted(sentences[0]) == sentences[0].text
    assert _quoted(sentences[1]) == sentences[1].text
    assert _quoted(sentences[2]) == sentences[2].text
    assert _quoted(sentences[4]) == sentences[4].text


def test_a_statement_made_jointly_stays_alone() -> None:
    sentences = _passage(
        "Ruiz and the utility Harbour Power said power would be back by Friday. "
        "Ruiz said the state would pay for overtime.",
        [JOINT, RUIZ],
    )
    # Asked what Harbour Power said, the mayor's next words are not theirs.
    assert _quoted(sentences[0]) == sentences[0].text


def test_a_long_run_of_one_speakers_sentences_is_cut_around_the_one_found() -> None:
    sentences = _passage(
        "Ruiz said one. Ruiz said two. Ruiz said three. Ruiz said four. Ruiz said five.",
        [RUIZ] * 5,
    )
    # Three sentences at most: the one found, then one after and one before.
    assert _quoted(sentences[2]) == "Ruiz said two. Ruiz said three. Ruiz said four."
    assert _quoted(sentences[0]) == "Ruiz said one. Ruiz said two. Ruiz said three."
    long = "Ruiz said " + "very " * 120 + "much."
    sentences = _passage(f"Ruiz said one. {long}", [RUIZ, RUIZ])
    assert _quoted(sentences[0]) == "Ruiz said one."


def test_a_statement_inside_one_already_quoted_is_not_quoted_again() -> None:
    sentences = _passage(
        "“We are ready,” Hamas said. “The occupation must withdraw.” Talks resume on Monday. "
        "Ruiz said the port was safe.",
        [HAMAS, HAMAS, None, RUIZ],
    )
    taken = whole_statements(sentences, [1, 0, 3])
    assert [index for index, _ in taken] == [1, 3]
    assert taken[0][1] == Span(sentences[0].span.start, sentences[1].span.end)
