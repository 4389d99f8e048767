"""Parsing feed bytes: RSS 2.0, RSS 1.0 and Atom, links checked, caps, entry text."""

from __future__ import annotations

import pytest
from feed_server import atom, many_entries, rss1, rss2

from retrieval.errors import ContentTooLarge, InvalidInput
from retrieval.ingest.feeds import entry_text, parse_feed

FEED_URL = "http://news.test/feeds/main.xml"


def test_rss2_entries_with_relative_links_resolved_against_the_feed() -> None:
    body = rss2([("Coffee", "/coffee?utm_source=rss", "<p>Harvest down.</p>")])

    feed = parse_feed(body, FEED_URL, max_entries=10)

    assert feed.title == "Serra Daily"
    [entry] = feed.entries
    assert entry.link == "http://news.test/coffee?utm_source=rss"
    assert entry.title == "Coffee"
    assert entry.published == "2024-06-02"
    assert entry_text(entry.content_html) == "Harvest down."


def test_rss1_and_atom_are_read() -> None:
    rdf = parse_feed(rss1([("Tram", "http://h.test/tram", "Vote.")]), FEED_URL, max_entries=5)
    assert [(e.title, e.link, e.published) for e in rdf.entries] == [
        ("Tram", "http://h.test/tram", "2024-06-01")
    ]
    feed = parse_feed(
        atom([("Chips", "http://c.test/a", "<p>One.</p><p>Two &amp; three.</p>")]),
        FEED_URL,
        max_entries=5,
    )
    [entry] = feed.entries
    assert feed.title == "Chip Watch" and entry.key == "http://c.test/a"
    assert entry_text(entry.content_html) == "One.\n\nTwo & three."


def test_links_that_are_not_http_are_dropped_but_the_entry_kept_by_its_id() -> None:
    body = rss2(
        [
            ("Script", "javascript:alert(1)", "x"),
            ("File", "file:///etc/passwd", "y"),
            ("Creds", "http://user:pw@news.test/a", "z"),
        ]
    )

    entries = parse_feed(body, FEED_URL, max_entries=10).entries

    assert [e.link for e in entries] == [None, None, None]
    assert len({e.key for e in entries}) == 3


def test_scripts_in_entry_content_are_sanitised_away() -> None:
    body = atom([("X", "http://c.test/x", "<p>Text</p><script>steal()</script>")])
    [entry] = parse_feed(body, FEED_URL, max_entries=5).entries
    assert "steal" not in entry_text(entry.content_html)


def test_too_many_entries_are_refused_before_parsing() -> None:
    with pytest.raises(ContentTooLarge, match="the feed lists 10,000 entries, more than the 9,999"):
        parse_feed(many_entries(10_000), FEED_URL, max_entries=9_999)
    assert len(parse_feed(many_entries(50), FEED_URL, max_entries=50).entries) == 50


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><p>A page</p></body></html>",
        b"",
        b"\x00\xff garbage",
        b"http://169.254.169.254/",
    ],
)
def test_what_is_not_a_feed_is_refused(body: bytes) -> None:
    # The last one would be fetched if it reached feedparser as a string: it never does.
    with pytest.raises(InvalidInput, match="not an RSS or Atom feed"):
        parse_feed(body, FEED_URL, max_entries=10)
