"""`articlebot add|list|show|remove`: the articles of a collection."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.table import Table

from bot.cli import opening
from bot.cli.console import err, inert, out, progress_bar
from config import Settings
from retrieval.errors import ContentTooLarge, InvalidInput
from retrieval.ingest.extract.decoding import decode_text
from retrieval.library import Library
from retrieval.types import StoryCopy


def add(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Add an article from a URL, a file or stdin; a folder or a URL list in bulk."""
    source: str = args.source
    with opening.open_library(settings) as library:
        if source == "-":
            text = _read_stdin(settings.max_file_bytes)
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
        f"Added #{summary.id}: [bold]{inert(summary.title, one_line=True)}[/bold]"
        + (f" — {inert(detail, one_line=True)}" if detail else "")
        + f" ({summary.chunk_count} passages)"
    )
    return 0


def _read_stdin(max_bytes: int) -> str:
    """Read the text piped in, as a file's bytes are read: capped, decoded, binary refused."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream with no bytes beneath (an embedding program's own)
        return sys.stdin.read()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ContentTooLarge(f"the text on stdin is larger than the {max_bytes:,}-byte limit")
    return decode_text(data)


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
        f"Added {len(result.added)} article(s) from {inert(str(path))}"
        + (f"; {result.skipped} already in the library." if result.skipped else ".")
    )
    for failure in result.failed:
        reason = inert(f"{failure.path}: {failure.reason}", one_line=True)
        err.print(f"[red]failed:[/red] {reason}")
    return 1 if result.failed and not (result.added or result.skipped) else 0


def list_articles(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """List the articles as a table or as JSON."""
    with opening.open_library(settings) as library:
        articles = library.articles(collection)
    if args.json:
        print(json.dumps([asdict(a) for a in articles], ensure_ascii=False, indent=2))
        return 0
    if not articles:
        out.print(f"No articles in {inert(collection)} yet: add one with `articlebot add`.")
        return 0
    table = Table("#", "Title", "Outlet", "Date", "Passages")
    for a in articles:
        table.add_row(
            str(a.id),
            inert(a.title, one_line=True),
            inert(a.outlet or "", one_line=True),
            inert(a.published or ""),
            str(a.chunk_count),
        )
    out.print(table)
    return 0


def show(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Show one article's metadata and text."""
    with opening.open_library(settings) as library:
        article = library.get(collection, args.article_id)
        story = library.story_copies(collection, article.id)
        copies = [c for c in story if c.key != article.summary.key]
    if args.json:
        listed = [_copy_fields(c) for c in copies]
        shown = {**asdict(article.summary), "text": article.text, "copies": listed}
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    s = article.summary
    out.print(f"#{s.id} [bold]{inert(s.title, one_line=True)}[/bold]")
    for label, value in (
        ("Outlet", s.outlet),
        ("Author", s.author),
        ("Date", s.published),
        ("Link", s.url),
        ("Added", s.added_at),
    ):
        if value:
            out.print(f"[dim]{label}:[/dim] {inert(value, one_line=True)}")
    if copies:  # the same story from other outlets (or reprinted), earliest first
        out.print("[dim]Also carried as:[/dim]")
        for copy in copies:
            when = f", {copy.published}" if copy.published else ""
            line = f"#{copy.number} {copy.outlet_name}{when}: {copy.title}"
            out.print(f"  {inert(line, one_line=True)}")
    out.print()
    out.print(inert(article.text))
    return 0


def _copy_fields(copy: StoryCopy) -> dict[str, object]:
    """Another copy of the article's story as JSON: its number, outlet, date and title."""
    return {
        "article_id": copy.number,
        "outlet": copy.outlet_name,
        "published": copy.published,
        "title": copy.title,
    }


def remove(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Remove one article."""
    with opening.open_library(settings) as library:
        summary = library.remove(collection, args.article_id)
    out.print(f"Removed #{summary.id}: {inert(summary.title, one_line=True)}")
    return 0
