"""Attribution rules 35, through the real parser and recogniser: a remark in an "as" clause
("…, as Blount has pointed out, …", "as Lankov puts it") makes its sentence the remark's,
quoted or not; what a name suggests, or an arm put through a hoop, is no remark."""

from __future__ import annotations

import pytest

from tests.retrieval.ingest.test_attribution_phrases import _name_of

_BLOUNT = (
    "State Sen. David Blount said the state must act.\n\n"
    "There is precedent for this, since – as Blount has pointed out – the legislature sent "
    "money to Rankin County to build a new sewer plant."
)
_LANKOV = (
    "North Korea fired two missiles on Sunday.\n\n"
    "As professor Andrei Lankov of Kookmin University puts it, the lesson North Korea has "
    "learned from the war in Ukraine is simple."
)
_MAYOR = (
    "The city has struggled for years, as Mayor Chokwe Antar Lumumba noted in March, with a "
    "shrinking tax base."
)


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        (_BLOUNT, "There is precedent", "David Blount"),
        (_LANKOV, "As professor Andrei Lankov", "Andrei Lankov"),
        (_MAYOR, "The city has struggled", "Chokwe Antar Lumumba"),
    ],
)
def test_a_remark_in_an_as_clause_is_the_sentences_speaker(
    text: str, sentence: str, name: str
) -> None:
    assert name in _name_of(text, sentence)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # Watching, voting out and expecting are no remarks.
        (
            "Kim Jong Un smiled as he observed his country fire projectiles into the sea.",
            "Kim Jong Un smiled",
        ),
        ("Crime rose in San Francisco, as voters recalled the district attorney.", "Crime rose"),
        ("As expected, the vote passed on Tuesday.", "As expected"),
        # What a name suggests, and "put" and "point" not as a remark.
        ("As the name suggests, the fountain sprays water.", "As the name suggests"),
        ("Jericho Sims showed off his vertical as he put his arms through the hoop.", "Jericho"),
        ("Norwood was smiling as she pointed to a concrete floor that had crumbled.", "Norwood"),
        # A count parsed alone as the subject names no one.
        (
            'But, as one WHO official put it, "the resources are overstretched here."\n\n'
            "More aid is on its way.",
            "But, as one WHO official",
        ),
    ],
)
def test_other_as_clauses_name_no_speaker(text: str, sentence: str) -> None:
    assert _name_of(text, sentence) in ("", "World Health Organization", "WHO")
