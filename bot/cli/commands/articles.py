"""`articlebot add|list|show|remove`: the articles of a collection."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from bot.cli import opening
from bot.cli.console import err, out, progress_bar
from config import Settings
from retrieval.errors import InvalidInput
from retrieval.library import Library


def add(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Add an article from a URL, a file or stdin; a folder or a URL list in bulk."""
    source: str = args.source
    with opening.open_library(settings) as library:
        if source == "-":
            text = sys.stdin.read()
            result = library.add_text(
                collection,
                text,
                title=args.title,
                url=args.url,
                outlet=args.outlet,
                published=args.published,
            )
        elif source.lower().startswith(("http://", "https://")) or "://" in source:
            result = library.add_url(collection, source)
        else:
            path = Path(source)
            if args.urls or path.is_dir():
                return _add_many(library, collection, path, urls=args.urls)
            if not path.exists():
                raise InvalidInput(f"{source} is neither a URL nor an existing file or folder")
            result = library.add_file(collection, path)
    summary = result.article
    detail = ", ".join(x for x in (summary.outlet, summary.published) if x)
    out.print(
        f"Added #{summary.id}: [bold]{escape(summary.title)}[/bold]"
        + (f" — {escape(detail)}" if detail else "")
        + f" ({summary.chunk_count} passages)"
    )
    return 0


def _add_many(library: Library, collection: str, path: Path, *, urls: bool) -> int:
    """Add a folder's files or a list's URLs in bulk; a re-run skips what is already stored."""
    if urls:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"cannot read the URL list {path}: {error}") from None
        wanted = [u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#")]
        with progress_bar(f"Adding {len(wanted)} URLs") as progress:
            result = library.add_urls(collection, wanted, progress=progress)
    else:
        with progress_bar(f"Adding {path}") as progress:
            result = library.add_folder(collection, path, progress=progress)
    out.print(
        f"Added {len(result.added)} article(s) from {escape(str(path))}"
        + (f"; {result.skipped} already in the library." if result.skipped else ".")
    )
    for failure in result.failed:
        err.print(f"[red]failed:[/red] {escape(failure.path)}: {escape(failure.reason)}")
    return 1 if result.failed and not (result.added or result.skipped) else 0


def list_articles(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """List the articles as a table or as JSON."""
    with opening.open_library(settings) as library:
        articles = library.articles(collection)
    if args.json:
        print(json.dumps([asdict(a) for a in articles], ensure_ascii=False, indent=2))
        return 0
    if not articles:
        out.print(f"No articles in {escape(collection)} yet: add one with `articlebot add`.")
        return 0
    table = Table("#", "Title", "Outlet", "Date", "Passages")
    for a in articles:
        table.add_row(
            str(a.id),
            escape(a.title),
            escape(a.outlet or ""),
            a.published or "",
            str(a.chunk_count),
        )
    out.print(table)
    return 0


def show(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Show one article's metadata and text."""
    with opening.open_library(settings) as library:
        article = library.get(collection, args.article_id)
    if args.json:
        print(json.dumps({**asdict(article.summary), "text": article.text}, ensure_ascii=False))
        return 0
    s = article.summary
    out.print(f"#{s.id} [bold]{escape(s.title)}[/bold]")
    for label, value in (
        ("Outlet", s.outlet),
        ("Author", s.author),
        ("Date", s.published),
        ("Link", s.url),
        ("Added", s.added_at),
    ):
        if value:
            out.print(f"[dim]{label}:[/dim] {escape(value)}")
    out.print()
    out.print(escape(article.text))
    return 0


def remove(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Remove one article."""
    with opening.open_library(settings) as library:
        summary = library.remove(collection, args.article_id)
    out.print(f"Removed #{summary.id}: {escape(summary.title)}")
    return 0
