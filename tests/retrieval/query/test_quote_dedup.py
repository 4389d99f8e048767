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


def test_one_quotation_run_on_differently_by_two_outlets_is_kept_once() -> None:
    # One copy runs on into the quotation's next sentence, the other into its attribution.
    opening = (
        "“On behalf of the L.A. Dodgers and our fans everywhere, we welcome Shohei Ohtani to the "
        "Dodgers, the home of Jackie Robinson"
    )
    run_on = f"{opening}. We congratulate him on his decision.”"
    attributed = f"{opening},” said Mark Walter, the team's chairman."
    other = "“Shohei is a once-in-a-generation talent,” Walter said."
    assert once_each([0, 1, 2], [run_on, attributed, other]) == [0, 2]
    # A shared short opening is not enough: "We are proud of…" starts many statements.
    proud = ["We are proud of the team tonight.", "We are proud of the team and its fans."]
    assert once_each([0, 1], proud) == [0, 1]
