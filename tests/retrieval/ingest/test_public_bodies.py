"""Government bodies told from businesses, for "the company said"."""

from __future__ import annotations

import pytest

from retrieval.ingest.public_bodies import is_public_body

TEXT = "The US Food and Drug Administration issued an alert. Fire Department Coffee sued."


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("FDA", True),  # initials the text spells out
        ("Department of Agriculture", True),
        ("Consumer Product Safety Commission", True),
        ("Fire Department Coffee", False),  # a business whose name holds a public word
        ("Family Dollar", False),
        ("NBA", False),  # initials the text does not spell out as a public body
    ],
)
def test_a_public_body_by_its_head_noun_or_spelled_out_initials(name: str, public: bool) -> None:
    assert is_public_body(name, TEXT) is public
