"""Following and polling feeds through the library, against a real feed server on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from feed_server import (
    LAST_MODIFIED,
    TITLES,
    FeedServer,
    Route,
    article_paragraphs,
    many_entries,
    oversized_feed,
    rss2,
)

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.errors import (
    BlockedURL,
    ContentTooLarge,
    FetchError,
    InvalidInput,
    UnsupportedContent,
)
from retrieval.library import Library

C = "news"


@pytest.fixture
def open_library(feed_settings: Callable[..., Settings]) -> Iterator[Callable[..., Library]]:
    """Open libraries over one data directory with the loopback feed server allowed."""
    opened: list[Library] = []

    def build(**overrides: object) -> Library:
        library = Library(feed_settings(**overrides), embedder=HashingEmbedder())
        opened.append(library)
        return library

    yield build
    for library in opened:
        library.close()


@pytest.fixture
def library(open_library: Callable[..., Library]) -> Library:
    return open_library()


def titles(library: Library) -> set[str]:
    return {a.title for a in library.articles(C)}


def test_rss2_rss1_and_atom_feeds_bring_their_articles(
    library: Library, feed_server: FeedServer
) -> None:
    for path in ("/rss.xml", "/rdf.xml", "/atom.xml"):
        library.add_feed(C, feed_server.url(path), added_by="42")

    polls = library.poll_feeds(C)

    assert [p.error for p in polls] == [None, None, None]
    assert [len(p.added) for p in polls] == [2, 1, 1]
    assert titles(library) == {
        TITLES["coffee-drought"],
        TITLES["river-cleanup"],
        TITLES["harbor-tram-vote"],
        "Chip plant opens",
    }
    # The linked pages were fetched and extracted.
    coffee = next(a for a in library.articles(C) if a.title == TITLES["coffee-drought"])
    assert coffee.url == feed_server.url("/articles/coffee-drought")
    assert coffee.published == "2024-06-02"  # the page has no date: the entry's
    assert coffee.added_by == "42"  # whoever added the feed may remove its articles
    text = library.get(C, coffee.id).text
    assert article_paragraphs("coffee-drought")[0] in text
    # The Atom entry's page answers 500: its own content in the feed was used instead.
    [chip] = [a for a in library.articles(C) if a.title == "Chip plant opens"]
    assert chip.outlet == "Chip Watch"
    assert article_paragraphs("chip-plant")[1] in library.get(C, chip.id).text
    assert len(feed_server.hits("/broken/chip-plant")) == 1
    feeds = library.feeds(C)
    assert [f.title for f in feeds] == ["Serra Daily", "Harbour Notes", "Chip Watch"]
    assert [f.last_added for f in feeds] == [2, 1, 1]


def test_second_poll_is_conditional_and_adds_nothing(
    library: Library, feed_server: FeedServer
) -> None:
    library.add_feed(C, feed_server.url("/rss.xml"))
    library.add_feed(C, feed_server.url("/atom.xml"))
    [first, _] = library.poll_feeds(C)
    assert len(first.added) == 2
    pages = len(feed_server.hits("/articles/coffee-drought"))

    again = library.poll_feeds(C)

    assert [p.not_modified for p in again] == [True, True]
    assert [len(p.added) for p in again] == [0, 0]
    assert library.count(C) == 3
    [conditional] = feed_server.conditional_hits("/rss.xml")
    assert conditional.headers["if-none-match"] == '"rss-v1"'
    assert conditional.headers["if-modified-since"] == LAST_MODIFIED
    [atom_conditional] = feed_server.conditional_hits("/atom.xml")
    assert atom_conditional.headers["if-modified-since"] == LAST_MODIFIED
    assert "if-none-match" not in atom_conditional.headers  # the server sent no ETag
    assert len(feed_server.hits("/articles/coffee-drought")) == pages


def test_new_entries_of_a_changed_feed_are_added_and_old_ones_not_fetched_again(
    library: Library, feed_server: FeedServer
) -> None:
    library.add_feed(C, feed_server.url("/rss.xml"))
    library.poll_feeds(C)
    new_item = ("Chip plant", feed_server.url("/articles/chip-plant"), "Chips.")
    old = [
        (TITLES["coffee-drought"], feed_server.url("/articles/coffee-drought"), "Harvest."),
    ]
    feed_server.routes["/rss.xml"] = Route(rss2([new_item, *old]), etag='"rss-v2"')

    [poll] = library.poll_feeds(C)

    assert [a.title for a in poll.added] == ["Chip plant"]
    assert len(feed_server.hits("/articles/coffee-drought")) == 1
    [feed] = library.feeds(C)
    assert feed.etag == '"rss-v2"'
    # The river entry left the feed: its mark goes; the two listed keep theirs.
    keys = [feed_server.url(f"/articles/{s}") for s in ("chip-plant", "coffee-drought")]
    river = feed_server.url("/articles/river-cleanup")
    assert library.store.seen_entries(feed.id, [*keys, river]) == set(keys)


def test_a_failing_feed_keeps_its_error_and_backs_off(
    open_library: Callable[..., Library], feed_server: FeedServer
) -> None:
    library = open_library(feed_interval_minutes=10, feed_max_backoff_hours=0.5)
    library.add_feed(C, feed_server.url("/rss.xml"))
    feed_server.routes["/rss.xml"] = Route(b"down", "text/plain", status=500)

    started = time.time()
    [poll] = library.poll_feeds(C)

    assert poll.error == "the server answered 500 Internal Server Error"
    [feed] = library.feeds(C)
    assert feed.last_error == poll.error and feed.failures == 1
    assert started + 2 * 600 - 5 < feed.next_poll_at < time.time() + 2 * 600 + 5
    assert library.poll_feeds(C, due_only=True) == []  # not due while it backs off
    library.poll_feeds(C)
    [feed] = library.feeds(C)
    assert feed.failures == 2
    # 4 × 10 minutes is over the half-hour cap.
    assert feed.next_poll_at < time.time() + 1800 + 5
    assert library.count(C) == 0

    feed_server.routes["/rss.xml"] = Route(rss2([]), etag='"empty"')
    [healed] = library.poll_feeds(C)
    assert healed.error is None
    assert healed.feed.failures == 0 and healed.feed.last_error is None


def test_a_feed_of_10000_entries_is_refused(library: Library, feed_server: FeedServer) -> None:
    feed_server.routes["/many.xml"] = Route(many_entries(10_000))

    with pytest.raises(ContentTooLarge, match="the feed lists 10,000 entries, more than the 2,000"):
        library.add_feed(C, feed_server.url("/many.xml"))

    assert library.feeds(C) == []


def test_a_feed_that_grows_too_long_fails_its_poll_clearly(
    library: Library, feed_server: FeedServer
) -> None:
    library.add_feed(C, feed_server.url("/rss.xml"))
    feed_server.routes["/rss.xml"] = Route(many_entries(10_000))

    [poll] = library.poll_feeds(C)

    assert poll.error is not None and "10,000 entries" in poll.error
    assert library.count(C) == 0
    assert not [r for r in feed_server.requests if r.path.startswith("/articles/")]


def test_a_20_mb_feed_is_refused_before_parsing(library: Library, feed_server: FeedServer) -> None:
    feed_server.routes["/huge.xml"] = Route(oversized_feed())

    with pytest.raises(ContentTooLarge, match=r"the feed is 20\.0 MB, over the 5\.0 MB limit"):
        library.add_feed(C, feed_server.url("/huge.xml"))


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/page.html", UnsupportedContent, "text/html is not supported; articlebot reads RSS"),
        ("/not-a-feed.xml", InvalidInput, "not an RSS or Atom feed"),
        ("/error.xml", FetchError, "500 Internal Server Error"),
    ],
)
def test_what_is_not_a_working_feed_is_refused_at_add(
    library: Library, feed_server: FeedServer, path: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        library.add_feed(C, feed_server.url(path))
    assert library.feeds(C) == []


def test_feeds_per_collection_are_capped(
    open_library: Callable[..., Library], feed_server: FeedServer
) -> None:
    library = open_library(feed_max_per_collection=2)
    library.add_feed(C, feed_server.url("/rss.xml"))
    with pytest.raises(InvalidInput, match="followed already"):
        library.add_feed(C, feed_server.url("/rss.xml?utm_source=x"))
    library.add_feed(C, feed_server.url("/rdf.xml"))

    with pytest.raises(InvalidInput, match="2 feeds are followed here, the most allowed"):
        library.add_feed(C, feed_server.url("/atom.xml"))

    library.add_feed("other", feed_server.url("/atom.xml"))  # the cap is per collection


def test_articles_per_poll_are_capped_and_the_rest_come_next_poll(
    open_library: Callable[..., Library], feed_server: FeedServer
) -> None:
    library = open_library(feed_max_articles_per_poll=1)
    library.add_feed(C, feed_server.url("/rss.xml"))

    [first] = library.poll_feeds(C)

    assert [a.title for a in first.added] == [TITLES["coffee-drought"]]
    assert first.left == 1
    # Validators are not kept: a 304 next time would hide the entry left over.
    assert first.feed.etag is None and first.feed.last_modified is None
    [second] = library.poll_feeds(C)
    assert [a.title for a in second.added] == [TITLES["river-cleanup"]]
    assert second.left == 0 and second.feed.etag == '"rss-v1"'
    assert feed_server.conditional_hits("/rss.xml") == []


def test_the_per_poll_budget_is_the_servers_and_feeds_it_did_not_reach_come_first_next(
    open_library: Callable[..., Library], feed_server: FeedServer
) -> None:
    library = open_library(feed_max_articles_per_poll=2)
    for path in ("/rss.xml", "/rdf.xml", "/atom.xml"):
        library.add_feed(C, feed_server.url(path))

    fetched_at_add = len(feed_server.hits("/rdf.xml")), len(feed_server.hits("/atom.xml"))

    first = library.poll_feeds(C, due_only=True)

    # The first feed's two entries spend the server's budget: the others are not even fetched.
    assert [len(p.added) for p in first] == [2]
    assert (len(feed_server.hits("/rdf.xml")), len(feed_server.hits("/atom.xml"))) == (
        fetched_at_add
    )
    # They stay due, so the next poll takes them.
    second = library.poll_feeds(C, due_only=True)
    assert [p.feed.url for p in second] == [
        feed_server.url("/rdf.xml"),
        feed_server.url("/atom.xml"),
    ]
    assert [len(p.added) for p in second] == [1, 1]
    assert len(titles(library)) == 4
    assert library.poll_feeds(C, due_only=True) == []  # nothing is due any more


def test_entries_already_stored_are_skipped_before_fetching(
    library: Library, feed_server: FeedServer
) -> None:
    library.add_url(C, feed_server.url("/articles/coffee-drought"))
    library.add_feed(C, feed_server.url("/rss.xml"))

    [poll] = library.poll_feeds(C)

    assert [a.title for a in poll.added] == [TITLES["river-cleanup"]]
    assert poll.skipped == 1
    assert len(feed_server.hits("/articles/coffee-drought")) == 1  # only the add by hand


def test_a_poll_killed_before_it_marked_its_entries_adds_nothing_twice(
    library: Library, feed_server: FeedServer
) -> None:
    library.add_feed(C, feed_server.url("/rss.xml"))
    [feed] = library.feeds(C)
    library.poll_feeds(C)
    # What a kill between storing the articles and marking the entries leaves behind: the
    # articles, no marks, the old validators, and the feed still under its poll's lease.
    with library.store.transaction() as db:
        db.execute("DELETE FROM feed_entries")
        db.execute(
            "UPDATE feeds SET etag = NULL, last_modified = NULL, next_poll_at = ?",
            (time.time() + 600,),
        )
    assert library.poll_feeds(C, due_only=True) == []  # the lease keeps other pollers off

    [again] = library.poll_feeds(C)

    assert again.added == () and again.skipped == 2
    assert library.count(C) == 2
    assert len(feed_server.hits("/articles/coffee-drought")) == 1
    assert feed.id == again.feed.id


def test_feed_state_survives_a_new_library_on_the_same_data_dir(
    open_library: Callable[..., Library], feed_server: FeedServer
) -> None:
    first = open_library()
    first.add_feed(C, feed_server.url("/rss.xml"))
    first.poll_feeds(C)
    first.close()

    reopened = open_library()
    [feed] = reopened.feeds(C)
    assert feed.etag == '"rss-v1"' and feed.last_added == 2
    [poll] = reopened.poll_feeds(C)
    assert poll.not_modified
    assert len(feed_server.conditional_hits("/rss.xml")) == 1
    assert reopened.feed_collections() == [C]
    assert reopened.feed_collections(due=True) == []


def test_links_in_a_feed_to_addresses_not_allowed_are_never_fetched(
    library: Library, feed_server: FeedServer
) -> None:
    chip = "".join(f"<p>{p}</p>" for p in article_paragraphs("chip-plant"))
    inside = f"http://127.0.0.2:{feed_server.port}/articles/chip-plant"
    feed_server.routes["/sneaky.xml"] = Route(
        rss2(
            [
                ("Chip plant", inside, chip),
                ("Metadata", "http://169.254.169.254/latest/meta-data/", "x"),
            ]
        )
    )
    library.add_feed(C, feed_server.url("/sneaky.xml"))

    [poll] = library.poll_feeds(C)

    # The first entry's text came from the feed; the second had too little to use.
    assert [a.title for a in poll.added] == ["Chip plant"]
    [failure] = poll.failed
    assert failure.path == "http://169.254.169.254/latest/meta-data/"
    assert "private, local or reserved" in failure.reason
    assert "too little" in failure.reason
    assert not [r for r in feed_server.requests if r.path.startswith("/articles/")]


def test_a_feed_url_must_be_allowed(library: Library, feed_server: FeedServer) -> None:
    with pytest.raises(BlockedURL, match="private, local or reserved"):
        library.add_feed(C, f"http://127.0.0.2:{feed_server.port}/rss.xml")
    with pytest.raises(BlockedURL, match="port 8081 is not allowed"):
        library.add_feed(C, "http://127.0.0.1:8081/rss.xml")


def test_removing_a_feed_keeps_its_articles_and_deleting_the_collection_drops_it(
    library: Library, feed_server: FeedServer
) -> None:
    feed = library.add_feed(C, feed_server.url("/rss.xml"))
    library.poll_feeds(C)

    assert library.remove_feed(C, feed.id).url == feed.url
    assert library.feeds(C) == [] and library.count(C) == 2
    with pytest.raises(InvalidInput, match=f"no feed #{feed.id}"):
        library.remove_feed(C, feed.id)

    library.add_feed(C, feed_server.url("/rdf.xml"))
    library.delete_collection(C)
    assert library.feeds(C) == [] and library.feed_collections() == []


def test_a_feed_followed_with_its_own_interval_is_polled_at_it(
    library: Library, feed_server: FeedServer
) -> None:
    wire = library.add_feed(C, feed_server.url("/rss.xml"), every_minutes=20)
    weekly = library.add_feed(C, feed_server.url("/atom.xml"))
    assert (wire.interval_s, weekly.interval_s) == (20 * 60, 60 * 60)  # the default: 60

    before = time.time()
    library.poll_feeds(C)

    due = {f.url: f.next_poll_at - before for f in library.feeds(C)}
    assert 20 * 60 <= due[wire.url] < 21 * 60
    assert 60 * 60 <= due[weekly.url] < 61 * 60


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (5, "polled every 15 minutes at most often: choose 15 or more"),
        (8 * 24 * 60, "at least once a week: choose 10080 minutes or fewer"),
    ],
)
def test_an_interval_out_of_range_is_refused_before_anything_is_fetched(
    library: Library, feed_server: FeedServer, minutes: float, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        library.add_feed(C, feed_server.url("/rss.xml"), every_minutes=minutes)
    assert library.feeds(C) == []
    assert feed_server.hits("/rss.xml") == []
