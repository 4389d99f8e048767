"""Plain text and Markdown: front matter, headlines and titles, unwrapped text."""

from __future__ import annotations

import pytest
from extract_samples import story

from retrieval.errors import ExtractionError
from retrieval.ingest.extract import extract_plain_text, title_from_name, title_from_text


def test_front_matter_gives_the_metadata() -> None:
    text = (
        "---\n"
        'title: "Ferry fares rise in June"\n'
        "url: https://ledger.example.com/ferry-fares\n"
        "outlet: The Harbor Ledger\n"
        "date: 2024-05-02\n"
        "author: Dana Whitfield\n"
        "tags: [ferry, fares]\n"
        "---\n\n" + story()
    )
    draft = extract_plain_text(text, "ferry.txt")
    assert draft.title == "Ferry fares rise in June"
    assert draft.url == draft.canonical_url == "https://ledger.example.com/ferry-fares"
    assert draft.outlet == "The Harbor Ledger"
    assert draft.published == "2024-05-02"
    assert draft.author == "Dana Whitfield"
    assert draft.text == story()


def test_markdown_heading_is_the_title_and_formatting_is_stripped() -> None:
    text = (
        "# Council *approves* the budget\n\n"
        "![The council chamber](/img/chamber.jpg)\n\n"
        "The **regional council** approved the [new budget](https://example.com/b) on Tuesday "
        "after a _long_ debate that ran into the night.\n\n"
        "## What it pays for\n"
        "Officials said the plan would fund `two` new schools.\n"
    )
    draft = extract_plain_text(text, "budget.md", markdown=True)
    assert draft.title == "Council approves the budget"
    assert draft.text == (
        "The regional council approved the new budget on Tuesday after a long debate that ran "
        "into the night.\n\nWhat it pays for\n\nOfficials said the plan would fund two new schools."
    )


def test_markdown_heading_repeating_the_front_matter_title_is_not_kept_as_text() -> None:
    text = "---\ntitle: Council approves the budget\n---\n\n# Council approves the budget\n\n"
    draft = extract_plain_text(text + story(), "budget.md", markdown=True)
    assert (draft.title, draft.text) == ("Council approves the budget", story())


def test_plain_text_headline_is_the_title_and_leaves_the_text() -> None:
    draft = extract_plain_text("Council approves the budget\n\n" + story())
    assert draft.title == "Council approves the budget"
    assert draft.text == story()


def test_title_falls_back_to_the_file_name_then_the_first_sentence() -> None:
    body = "The council met. " + story()
    assert extract_plain_text(body, "2024-03-01_council-meeting.txt").title == "Council Meeting"
    assert extract_plain_text(body).title == "The council met"
    assert title_from_name("blinken-israel-visit.txt") == "Blinken Israel Visit"
    long_sentence = (
        "The regional council approved the new budget on Tuesday after a long debate that ran "
        "past midnight. It passed."
    )
    long_title = title_from_text(long_sentence)
    assert long_title == long_sentence[:75] + "…"
    assert len(long_title) <= 80


def test_a_single_short_sentence_is_kept_as_the_text() -> None:
    draft = extract_plain_text("The ferry timetable changes on Sunday for the winter.")
    assert draft.text == "The ferry timetable changes on Sunday for the winter."
    assert draft.title == "The ferry timetable changes on Sunday for the winter"


def test_hard_wrapped_plain_text_is_unwrapped() -> None:
    wrapped = (
        "The regional council approved the new budget on Tuesday after\n"
        "a long debate. Officials said the plan would fund two new\n"
        "schools and repair the old bridge over the river.\n\n"
        "Opposition members said the spending was too high and asked\n"
        "for a review of the bridge contract before any work begins.\n"
    )
    assert extract_plain_text(wrapped).text.split("\n\n") == [
        "The regional council approved the new budget on Tuesday after a long debate. Officials "
        "said the plan would fund two new schools and repair the old bridge over the river.",
        "Opposition members said the spending was too high and asked for a review of the bridge "
        "contract before any work begins.",
    ]


def test_empty_or_all_boilerplate_text_is_refused() -> None:
    with pytest.raises(ExtractionError):
        extract_plain_text("   \n\n ")
    with pytest.raises(ExtractionError, match="nothing is left"):
        extract_plain_text("Advertisement\n\nShare this article\n")
