"""`articlebot feed add|list|remove|poll`: the feeds a collection follows, and polling them."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from rich.table import Table

from bot.cli import opening
from bot.cli.console import err, inert, out, progress_bar
from config import Settings
from retrieval.library import Library
from retrieval.library.feeds import FeedPoll
from retrieval.store.feed_table import FeedRow


def add(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Follow a feed (fetched once to check it is one)."""
    with opening.open_library(settings) as library:
        feed = library.add_feed(collection, args.url, every_minutes=args.every)
    out.print(
        f"Following #{feed.number} [bold]{inert(feed.title or feed.url, one_line=True)}[/bold], "
        f"polled every {feed.interval_s / 60:g} minutes; `articlebot feed poll` adds its articles."
    )
    return 0


def list_feeds(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """List the followed feeds with their schedule and last error, as a table or JSON."""
    with opening.open_library(settings) as library:
        feeds = library.feeds(collection)
    if args.json:
        print(json.dumps([_feed_json(f) for f in feeds], ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        out.print(f"No feeds in {inert(collection)} yet: follow one with `articlebot feed add`.")
        return 0
    table = Table("#", "Feed", "Link", "Last poll", "Next poll", "Error")
    for f in feeds:
        table.add_row(
            str(f.number),
            inert(f.title or "", one_line=True),
            inert(f.url, one_line=True),
            inert(f"{f.last_polled_at}: {f.last_added} added" if f.last_polled_at else "never"),
            _when(f.next_poll_at),
            inert(f"{f.last_error} ({f.failures}×)" if f.last_error else "", one_line=True),
        )
    out.print(table)
    return 0


def remove(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Stop following a feed; its articles stay."""
    with opening.open_library(settings) as library:
        feed = library.remove_feed(collection, args.feed_id)
    out.print(f"Stopped following #{feed.number} {inert(feed.title or feed.url, one_line=True)}.")
    return 0


def poll(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Poll feeds now (all, or with --due those whose time has come, as cron would)."""
    with opening.open_library(settings) as library:
        polls = _poll(library, [collection] if not args.all else None, due_only=args.due)
    if args.json:
        print(json.dumps([_poll_json(p) for p in polls], ensure_ascii=False, indent=2))
    else:
        _print_polls(polls)
    # A cron job hears about a feed that failed; one without feeds due did nothing wrong.
    return 1 if any(p.error for p in polls) else 0


def _poll(library: Library, collections: list[str] | None, *, due_only: bool) -> list[FeedPoll]:
    names = collections if collections is not None else library.feed_collections()
    polls: list[FeedPoll] = []
    with progress_bar("Polling feeds") as progress:
        for name in names:
            polls += library.poll_feeds(name, due_only=due_only, progress=progress)
    return polls


def _print_polls(polls: list[FeedPoll]) -> None:
    if not polls:
        out.print("No feeds to poll.")
    for p in polls:
        name = f"#{p.feed.number} {inert(p.feed.title or p.feed.url, one_line=True)}"
        if p.error is not None:
            err.print(f"[red]failed:[/red] {name}: {inert(p.error, one_line=True)}")
            continue
        if p.not_modified:
            out.print(f"{name}: not modified")
            continue
        line = f"{name}: {len(p.added)} added, {p.skipped} already stored"
        out.print(line + (f", {p.left} left for the next poll" if p.left else ""))
        for failure in p.failed:
            reason = inert(f"{failure.path}: {failure.reason}", one_line=True)
            err.print(f"[red]failed:[/red] {reason}")


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).replace(microsecond=0).isoformat()


def _feed_json(feed: FeedRow) -> dict[str, Any]:
    return {**asdict(feed), "next_poll_at": _when(feed.next_poll_at)}


def _poll_json(p: FeedPoll) -> dict[str, Any]:
    return {
        "feed": _feed_json(p.feed),
        "added": [asdict(a) for a in p.added],
        "skipped": p.skipped,
        "failed": [asdict(f) for f in p.failed],
        "not_modified": p.not_modified,
        "left": p.left,
        "error": p.error,
    }
