"""Article metadata: dates written in any of the usual ways become YYYY-MM-DD."""

from __future__ import annotations

import pytest

from retrieval.ingest.extract import normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-03-14T21:05:00-05:00", "2024-03-14"),
        ("2024/3/4", "2024-03-04"),
        ("14 March 2024", "2024-03-14"),
        ("March 14, 2024", "2024-03-14"),
        ("Thursday, March 14th, 2024", "2024-03-14"),
        ("yesterday", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_dates_are_normalised(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected
