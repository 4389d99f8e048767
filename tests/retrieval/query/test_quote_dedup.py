"""Quotes that say the same thing are quoted once."""

from __future__ import annotations

from retrieval.query.answer import once_each

ALONE = "“We are working with first responders in every flooded county.”"
ATTRIBUTED = "“We are working with first responders in every flooded county,” Lee wrote."


def test_a_quotation_printed_alone_and_with_its_attribution_is_kept_once() -> None:
    texts = [ATTRIBUTED, "The river crested on Sunday.", ALONE]
    assert once_each([0, 1, 2], texts) == [0, 1]
    assert once_each([2, 0, 1], [ALONE, ATTRIBUTED, texts[1]]) == [2, 1]


def test_sentences_sharing_a_few_words_are_different_statements() -> None:
    texts = ["“Thank you,” she said.", "“Thank you,” he said at the gala that night."]
    assert once_each([0, 1], texts) == [0, 1]
    assert once_each([0, 1], ["The bridge is closed.", "the bridge is  closed."]) == [0]
