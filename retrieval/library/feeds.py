"""Feeds: follow, list and drop feeds, and poll them into the collection through the bulk path."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from config import Settings, settings_for
from retrieval.errors import (
    ArticlebotError,
    ContentTooLarge,
    DuplicateArticle,
    ExtractionError,
    InvalidInput,
)
from retrieval.ingest.extract.text import extract_plain_text
from retrieval.ingest.feeds import (
    FEED_ACCEPT,
    FEED_CONTENT_TYPES,
    FeedEntry,
    entry_text,
    parse_feed,
)
from retrieval.ingest.fetch import NOT_MODIFIED, FetchedDocument, FetchPolicy, fetch_url_sync
from retrieval.ingest.urls import canonicalize_url, validate_url
from retrieval.library.access import CollectionAccess
from retrieval.library.adding import ArticleAdder
from retrieval.library.bulk import BATCH_CHUNKS, BulkAdder
from retrieval.store.feed_table import FeedRow
from retrieval.types import ArticleDraft, ArticleSummary, FolderFailure, Progress

log = logging.getLogger(__name__)

# Downloads a feed under a policy with conditional headers (If-None-Match...).
FeedFetcher = Callable[[str, FetchPolicy, Mapping[str, str] | None], FetchedDocument]

# How long a claimed feed is left alone by other pollers: a poll killed midway is retried then.
POLL_LEASE_S = 30 * 60.0
# The longest interval a feed may have: a feed polled less than weekly misses entries.
MAX_INTERVAL_MINUTES = 7 * 24 * 60.0
FETCH_WORKERS = 4


@dataclass(frozen=True)
class FeedConfig:
    """The feed_* settings: schedule, back-off and caps."""

    interval_minutes: float = 60.0
    min_interval_minutes: float = 15.0
    max_backoff_hours: float = 24.0
    max_per_collection: int = 20
    max_articles_per_poll: int = 25
    max_entries: int = 2000
    max_bytes: int = 5 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedConfig:
        """Read the feed_* settings."""
        return cls(**settings_for(cls, settings, prefix="feed_"))


@dataclass(frozen=True)
class FeedPoll:
    """How one poll of a feed went; `feed` is its state after the poll."""

    feed: FeedRow
    added: tuple[ArticleSummary, ...] = ()
    skipped: int = 0  # entries already stored
    failed: tuple[FolderFailure, ...] = ()
    not_modified: bool = False  # the server answered 304
    left: int = 0  # new entries over the server's per-poll budget, taken by the next polls
    error: str | None = None


class FeedKeeper:
    """Follow feeds for a collection and poll them, adding new entries as articles."""

    def __init__(
        self,
        access: CollectionAccess,
        adder: ArticleAdder,
        bulk: BulkAdder,
        fetcher: FeedFetcher = fetch_url_sync,
    ) -> None:
        self._access = access
        self._store = access.store
        self._adder = adder
        self._bulk = bulk
        self._fetcher = fetcher
        self.config = FeedConfig.from_settings(access.settings)
        self._min_chars = access.settings.min_article_chars
        policy = FetchPolicy.from_settings(access.settings)
        self._policy = replace(
            policy,
            max_bytes=self.config.max_bytes,
            content_types=FEED_CONTENT_TYPES,
            accept=FEED_ACCEPT,
            readable="RSS and Atom feeds",
        )

    # -- following -------------------------------------------------------------------------------

    def add(
        self,
        collection: str,
        url: str,
        added_by: str | None,
        every_minutes: float | None = None,
    ) -> FeedRow:
        """Check the link is a feed within the caps, then follow it; its first poll is due now.

        `every_minutes` is the feed's own interval between polls; None: the configured one.
        """
        self._access.check_name(collection)
        interval = self._interval_minutes(every_minutes)
        url = url.strip()
        validate_url(url, allowed_ports=self._policy.allowed_ports)
        followed = self._store.feeds(collection)
        wanted = canonicalize_url(url)
        for feed in followed:
            if canonicalize_url(feed.url) == wanted:
                raise InvalidInput(f"this feed is followed already, as feed #{feed.number}")
        limit = self.config.max_per_collection
        if len(followed) >= limit:
            raise InvalidInput(f"{limit} feeds are followed here, the most allowed: remove one")
        document = self._fetch(url, {})
        parsed = parse_feed(document.body, document.final_url, max_entries=self.config.max_entries)
        title = parsed.title
        self._store.ensure_collection(collection)  # refuses a collection removed for good
        try:
            return self._store.insert_feed(collection, url, title, interval * 60, added_by)
        except sqlite3.IntegrityError:  # the same link, added meanwhile
            raise InvalidInput("this feed is followed already") from None

    def _interval_minutes(self, every_minutes: float | None) -> float:
        """Return the interval a feed is polled at, refusing one outside the allowed range."""
        if every_minutes is None:
            return self.config.interval_minutes
        shortest = self.config.min_interval_minutes
        if every_minutes < shortest:
            raise InvalidInput(
                f"a feed is polled every {shortest:g} minutes at most often: choose {shortest:g} "
                "or more"
            )
        if every_minutes > MAX_INTERVAL_MINUTES:
            raise InvalidInput(
                f"a feed is polled at least once a week: choose {MAX_INTERVAL_MINUTES:g} minutes "
                "or fewer"
            )
        return every_minutes

    def remove(self, collection: str, number: int) -> FeedRow:
        """Stop following the feed of that number; the articles it brought stay."""
        feed = self._store.feed(collection, number)
        if feed is None or not self._store.delete_feed(collection, number):
            raise InvalidInput(f"no feed #{number} is followed here")
        return feed

    # -- polling ---------------------------------------------------------------------------------

    def poll(self, collection: str, *, due_only: bool, progress: Progress | None) -> list[FeedPoll]:
        """Poll the collection's feeds (those due, or all) one after another."""
        self._access.check_name(collection)
        now = time.time()
        claimed = self._store.claim_feeds(collection, now, POLL_LEASE_S, due_only=due_only)
        # One budget of new articles per server and poll, so following many feeds cannot turn
        # one poll into a flood. Feeds the budget did not reach stay due, first in line next time.
        budget = self.config.max_articles_per_poll
        polls: list[FeedPoll] = []
        for index, feed in enumerate(claimed):
            if budget <= 0:
                self._store.release_feeds([f.id for f in claimed[index:]], now)
                break
            poll = self._poll_one(feed, budget, progress)
            budget -= len(poll.added) + len(poll.failed)
            polls.append(poll)
        return polls

    def _poll_one(self, feed: FeedRow, budget: int, progress: Progress | None) -> FeedPoll:
        """Poll one feed, recording its validators and schedule, or its error and back-off."""
        try:
            poll = self._fetch_and_add(feed, budget, progress)
        except ArticlebotError as error:
            return self._failed(feed, error.message)
        except Exception:
            log.exception(
                "polling feed #%d of %s (%s) failed", feed.number, feed.collection, feed.url
            )
            return self._failed(feed, "unexpected error (see the log)")
        after = self._store.feed_by_id(feed.id)
        return replace(poll, feed=after or feed)

    def _fetch_and_add(self, feed: FeedRow, budget: int, progress: Progress | None) -> FeedPoll:
        document = self._fetch(feed.url, _validators(feed))
        now = time.time()
        next_poll = now + feed.interval_s
        if document.status == NOT_MODIFIED:
            self._store.record_feed_success(
                feed.id,
                title=None,
                etag=document.etag or feed.etag,
                last_modified=document.last_modified or feed.last_modified,
                next_poll_at=next_poll,
                added=0,
            )
            return FeedPoll(feed, not_modified=True)
        parsed = parse_feed(document.body, document.final_url, max_entries=self.config.max_entries)
        fresh, stored = self._new_entries(feed, parsed.entries)
        taken = fresh[:budget]
        outlet = parsed.title
        result = self._bulk.add_drafts(
            feed.collection,
            self._drafts(feed.collection, outlet, taken),
            feed.added_by,
            progress,
            len(taken),
            BATCH_CHUNKS,
        )
        self._store.mark_entries_seen(feed.id, [e.key for e in (*stored, *taken)])
        self._store.forget_entries_except(feed.id, [e.key for e in parsed.entries])
        # Entries over the cap are in this answer only: without validators the next poll gets
        # the whole feed again instead of a 304 that would hide them.
        complete = len(taken) == len(fresh)
        self._store.record_feed_success(
            feed.id,
            title=parsed.title,
            etag=document.etag if complete else None,
            last_modified=document.last_modified if complete else None,
            # What the budget left over comes at the next poll, not an interval later.
            next_poll_at=next_poll if complete else now,
            added=len(result.added),
        )
        log.info(
            "feed #%d of %s added %d of %d new entries",
            feed.number,
            feed.collection,
            len(result.added),
            len(fresh),
        )
        return FeedPoll(
            feed,
            added=result.added,
            skipped=result.skipped + len(stored),
            failed=result.failed,
            left=len(fresh) - len(taken),
        )

    def _failed(self, feed: FeedRow, message: str) -> FeedPoll:
        """Record a failed poll; the next waits twice as long per failure in a row, capped."""
        wait = min(
            feed.interval_s * 2 ** min(feed.failures + 1, 20),
            self.config.max_backoff_hours * 3600,
        )
        self._store.record_feed_error(feed.id, message, time.time() + wait)
        log.info(
            "feed #%d of %s failed (%s); next poll in %.0f s",
            feed.number,
            feed.collection,
            message,
            wait,
        )
        after = self._store.feed_by_id(feed.id) or feed
        return FeedPoll(after, error=message)

    def _fetch(self, url: str, headers: Mapping[str, str]) -> FetchedDocument:
        """Download a feed under the feed policy, naming the feed in a size refusal."""
        try:
            return self._fetcher(url, self._policy, headers)
        except ContentTooLarge as error:
            raise ContentTooLarge(error.message.replace("the document", "the feed", 1)) from None

    def _new_entries(
        self, feed: FeedRow, entries: Sequence[FeedEntry]
    ) -> tuple[list[FeedEntry], list[FeedEntry]]:
        """Split entries not seen before into new ones and those already stored by link."""
        seen = self._store.seen_entries(feed.id, [e.key for e in entries])
        fresh: list[FeedEntry] = []
        stored: list[FeedEntry] = []
        keys: set[str] = set()
        for entry in entries:
            if entry.key in seen or entry.key in keys:
                continue
            keys.add(entry.key)
            link = canonicalize_url(entry.link) if entry.link else None
            if link and self._store.find_duplicate(feed.collection, "", link):
                stored.append(entry)  # added by hand, or by a poll killed before marking it
            else:
                fresh.append(entry)
        return fresh, stored

    def _drafts(
        self, collection: str, outlet: str | None, entries: Sequence[FeedEntry]
    ) -> Iterator[ArticleDraft | ArticlebotError]:
        """Fetch and extract entries' pages in parallel, in the feed's order."""
        with ThreadPoolExecutor(FETCH_WORKERS, thread_name_prefix="articlebot-feed") as pool:
            futures = [pool.submit(self._draft, collection, outlet, e) for e in entries]
            try:
                for future in futures:
                    try:
                        yield future.result()
                    except ArticlebotError as error:
                        yield error
            finally:
                for future in futures:
                    future.cancel()

    def _draft(self, collection: str, outlet: str | None, entry: FeedEntry) -> ArticleDraft:
        """The linked page's article; the entry's own text when the page cannot be had."""
        reason = "the entry has no link"
        if entry.link is not None:
            try:
                page = self._adder.fetch_draft(collection, entry.link)
            except DuplicateArticle:
                raise
            except ArticlebotError as error:
                reason = f"the page could not be read ({error.message})"
            else:
                return replace(
                    page,
                    published=page.published or entry.published,
                    author=page.author or entry.author,
                    outlet=page.outlet or outlet,
                    source="feed",
                )
        return self._entry_draft(outlet, entry, reason)

    def _entry_draft(self, outlet: str | None, entry: FeedEntry, reason: str) -> ArticleDraft:
        """Build an article from the text the feed itself carries for an entry."""
        text = entry_text(entry.content_html)
        if len(text) < self._min_chars:
            error = ExtractionError(f"{reason}, and the feed carries too little of its text")
            error.source = entry.link or entry.key
            raise error
        try:
            draft = extract_plain_text(text)
        except ArticlebotError as error:
            error.source = entry.link or entry.key
            raise
        return replace(
            draft,
            title=entry.title or draft.title,
            url=entry.link,
            canonical_url=entry.link,
            outlet=outlet,
            author=entry.author,
            published=entry.published,
            source="feed",
        )


def _validators(feed: FeedRow) -> dict[str, str]:
    """The conditional headers that let the server answer 304 when nothing changed."""
    headers: dict[str, str] = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers
