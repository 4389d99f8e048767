"""Near-duplicate detection: a reprint with a new headline, byline or cut is a copy; news is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.ingest.nearduplicates import (
    CopyThresholds,
    Fingerprint,
    band_keys,
    fingerprint,
    same_story,
)

STORIES = Path(__file__).parents[2] / "fixtures" / "syndication"


def _story() -> str:
    return (STORIES / "harbour_bridge.txt").read_text(encoding="utf-8")


def _print(text: str) -> Fingerprint:
    found = fingerprint(text)
    assert found is not None
    return found


def _reprint(text: str) -> str:
    """Another outlet's copy: its own byline and dateline, the last paragraph cut."""
    paragraphs = text.strip().split("\n\n")
    return "\n\n".join(["By Ana Ruiz, Reuters", "PORT ALDER —", *paragraphs[:-1]])


def _reworded(text: str) -> str:
    """A copy whose editor reworded the opening and a quote."""
    return text.replace("voted on Tuesday to close", "decided on Tuesday to shut").replace(
        "told reporters outside", "said outside"
    )


@pytest.mark.parametrize("copy", [_reprint, _reworded, lambda t: t.replace("\n\n", "\n")])
def test_a_reprint_is_the_same_story(copy: object) -> None:
    assert callable(copy)
    original, reprint = _print(_story()), _print(copy(_story()))
    assert same_story(original, reprint, CopyThresholds()) is not None
    assert same_story(reprint, original, CopyThresholds()) is not None
    # Copies share a band key: the lookup finds them without reading any text.
    assert set(band_keys(original.lead)) & set(band_keys(reprint.lead))


def test_a_copy_trimmed_to_its_first_paragraphs_is_the_same_story() -> None:
    paragraphs = _story().split("\n\n")
    trimmed = "\n\n".join(paragraphs[:4])
    assert same_story(_print(_story()), _print(trimmed), CopyThresholds()) is not None


def test_another_story_on_the_same_topic_is_not_a_copy() -> None:
    ferries = (STORIES / "harbour_ferries.txt").read_text(encoding="utf-8")
    assert same_story(_print(_story()), _print(ferries), CopyThresholds()) is None


def test_a_shared_footer_does_not_make_two_stories_one() -> None:
    # Two different stories ending in the same long gallery of captions: by the whole text
    # they look alike; by their leads they are not.
    gallery = " ".join(
        f"Photo {i}: fans in the square before the match, taken by staff." for i in range(60)
    )
    ferries = (STORIES / "harbour_ferries.txt").read_text(encoding="utf-8")
    first, second = _print(f"{_story()}\n\n{gallery}"), _print(f"{ferries}\n\n{gallery}")
    assert same_story(first, second, CopyThresholds()) is None


def test_a_text_too_short_to_compare_has_no_fingerprint() -> None:
    assert fingerprint("Council closes the bridge.") is None


def test_signatures_survive_storage() -> None:
    found = _print(_story())
    lead = type(found.lead).from_bytes(found.lead.to_bytes(), found.lead.shingles)
    assert (lead.values == found.lead.values).all()
    assert band_keys(lead) == band_keys(found.lead)
