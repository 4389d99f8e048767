"""Cleaning, the last step of every extractor: captions, credits and boilerplate go, sentences stay.

These sit with the extraction tests because cleaning has no other caller and they share its samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_samples import story

from retrieval.ingest.cleaning import clean_article_text, join_pdf_lines, unwrap_hard_wrapped
from retrieval.ingest.extract import extract_plain_text


@pytest.mark.parametrize(
    "line",
    [
        "Antony BlinkenREUTERS/Remo Casilli",
        "(Photo: AP)",
        "Photo by John Doe/Getty Images",
        "Credit: Jane Doe",
        "Image: Reuters",
        "FILE PHOTO: Antony Blinken speaks in Washington, May 15, 2024. REUTERS/Ken Cedeno",
        "Protesters gather in Tel Aviv on Saturday. Amir Cohen/Reuters",
        "(AP Photo/Evan Vucci)",
        "Advertisement",
        "Sign up for our newsletter",
        "Read more: Ferry fares to rise in June",
        "Share this article",
        "Click here to subscribe",
        "© 2024 The Harbor Ledger",
        "All rights reserved",
        "This story has been updated with comment from the ministry.",
        "Reporting by Humeyra Pamuk; Editing by Ros Russell",
        "* * *",
    ],
)
def test_captions_credits_and_boilerplate_are_dropped(line: str) -> None:
    assert clean_article_text(f"{story(2)}\n\n{line}\n\n{story(1)}") == f"{story(2)}\n\n{story(1)}"


@pytest.mark.parametrize(
    "sentence",
    [
        "A Reuters analysis of similar projects found that most came in over budget.",
        "Blinken told Reuters on Monday that the talks would go on.",
        "The Reuters/Ipsos poll was taken online over three days.",
        "Photographs by the agency show the damage, officials said.",
        "Register now to vote, officials urged residents on Monday.",
        "Share prices fell 4 percent.",
        "The photograph was licensed from Getty Images.",
        "Email the council before Friday to comment on the plan.",
        "More than 300 volunteers removed about two tonnes of plastic.",
    ],
)
def test_real_sentences_are_kept(sentence: str) -> None:
    text = f"{story(2)}\n\n{sentence}"
    assert clean_article_text(text) == text


def test_a_caption_inside_the_text_goes_with_its_credit() -> None:
    text = f"{story(2)}\n\nThe tram depot\nThe tram depot at dawn. REUTERS/Jane Smith\n\n{story(1)}"
    assert clean_article_text(text) == f"{story(2)}\n\n{story(1)}"


def test_a_byline_above_the_text_is_dropped_but_a_headline_starting_with_by_is_not() -> None:
    assert clean_article_text(f"By Dana Whitfield, Staff Writer\n\n{story()}") == story()
    headline = "By the numbers: how the tram will be paid for"
    draft = extract_plain_text(f"{headline}\n\n{story()}")
    assert (draft.title, draft.text) == (headline, story())


def test_cleaning_twice_changes_nothing(seed_article: Path) -> None:
    raw = seed_article.read_text(encoding="utf-8") + "\n\nAdvertisement\n\n" + story()
    once = clean_article_text(raw)
    assert clean_article_text(once) == once


def test_whitespace_and_unicode_are_normalised() -> None:
    raw = "  Cafe\u0301 owners\u00a0said\t\tprices rose.  \r\n\r\n\r\n\u00adMore\u200b text here.\r"
    assert clean_article_text(raw) == "Café owners said prices rose.\n\nMore text here."


def _wrapped_lines(count: int) -> list[str]:
    """Short lines of one wrapped paragraph; every seventh ends in a word split by a hyphen."""
    return [
        f"line {i:05d} of the wrap-" if i % 7 == 0 else f"ped text number {i:05d} here"
        for i in range(count)
    ]


def test_hard_wrapped_lines_join_as_before_with_split_words_kept_or_mended() -> None:
    lines = [
        "The council votes on the to-",
        "night tram plan after a mid-",
        "Week delay, and its re-",
        "ports say the budget for the",
        "new depot is settled and the",
        "works begin early in June.",
    ]
    # Plain text keeps its own hyphens; a PDF's typeset breaks are mended.
    assert unwrap_hard_wrapped("\n".join(lines)) == (
        "The council votes on the to-night tram plan after a mid- Week delay, and its re-ports "
        "say the budget for the new depot is settled and the works begin early in June."
    )
    assert join_pdf_lines(lines) == (
        "The council votes on the tonight tram plan after a mid- Week delay, and its reports "
        "say the budget for the new depot is settled and the works begin early in June."
    )


def test_twenty_thousand_short_lines_unwrap_into_one_paragraph() -> None:
    lines = _wrapped_lines(20_000)
    expected = []
    for i, line in enumerate(lines):
        expected.append(line if i == 0 or i % 7 != 1 else f"\0{line}")
    joined = " ".join(expected).replace("- \0", "-")
    assert unwrap_hard_wrapped("\n".join(lines)) == joined
    assert join_pdf_lines(lines) == joined.replace("wrap-ped", "wrapped")
