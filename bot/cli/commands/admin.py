"""`articlebot reindex|migrate|status|run|commands`: keep a collection and the bot running."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from rich.table import Table

from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings


def reindex(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Re-chunk and re-embed every article of the collection (or only fill in entities)."""
    if args.stories_only:
        with opening.open_library(settings) as library, progress_bar("Linking copies") as bar:
            linked = library.fill_stories(collection, progress=bar)
            stories = library.story_sizes(collection)
        out.print(
            f"Linked {linked:,} article(s) to their stories; {len(stories):,} stories have "
            "more than one copy. Nothing was re-embedded."
        )
        return 0
    if args.entities_only:
        with opening.open_library(settings) as library:
            with progress_bar("Finding entities") as bar:
                filled = library.fill_entities(collection, progress=bar)
            # Speakers are named from the entities: attributed once those are in.
            attributed = 0
            if settings.speaker_attribution:
                with progress_bar("Finding speakers") as bar:
                    attributed = library.fill_speakers(collection, progress=bar)
        out.print(
            f"Filled in entities: {filled:,} passage(s); speakers: {attributed:,}; "
            "nothing was re-embedded."
        )
        return 0
    with opening.open_library(settings) as library, progress_bar("Reindexing") as progress:
        result = library.reindex(collection, progress=progress)
    out.print(
        f"Reindexed {result.articles} article(s) into {result.chunks} passages "
        f"(generation {result.generation}) in {result.seconds:.1f} s."
    )
    return 0


def migrate(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Copy the collection's stored vectors into another vector store."""
    with opening.open_library(settings) as library:
        count = library.migrate_vectors(collection, args.to)
    out.print(
        f"Copied {count} vectors of {collection} into {args.to}. "
        f'Set vector_store = "{args.to}" (ARTICLEBOT_VECTOR_STORE) to use them.'
    )
    return 0


def status(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Show the collection's articles, passages, model and index health."""
    with opening.open_library(settings) as library:
        found = library.status(collection)
    if args.json:
        print(json.dumps(asdict(found), ensure_ascii=False, indent=2))
        return 0
    table = Table(show_header=False, box=None)
    table.add_row("Collection", inert(found.collection))
    table.add_row("Articles", str(found.articles))
    table.add_row("Passages", str(found.chunks))
    table.add_row("Model", f"{inert(found.model)} ({found.dim or '?'} dimensions)")
    table.add_row("Chunker", f"version {found.chunker_version}")
    health = "[green]healthy[/green]" if found.index.healthy else "[yellow]needs work[/yellow]"
    table.add_row(
        "Index",
        f"generation {found.index.generation}, {found.index.vectors} vectors, {health}: "
        f"{inert(found.index.detail)}",
    )
    if found.chunks_without_entities:
        table.add_row(
            "Entities",
            f"[yellow]{found.chunks_without_entities:,} passages have no entities yet[/yellow]: "
            "run reindex --entities-only (answers use the older scoring until then)",
        )
    if found.stories_with_copies:
        table.add_row("Stories", f"{found.stories_with_copies:,} carried by more than one article")
    if found.articles_without_story:
        table.add_row(
            "Copies",
            f"[yellow]{found.articles_without_story:,} articles not linked to their stories yet"
            "[/yellow]: run reindex --stories-only (their copies are quoted separately until then)",
        )
    if found.chunks_without_speakers:
        table.add_row(
            "Speakers",
            f"[yellow]{found.chunks_without_speakers:,} passages have no speakers yet, or "
            "ones older rules found[/yellow]: run reindex --entities-only (quotes show no "
            "speaker, or the older one, until then)",
        )
    table.add_row("Last added", found.last_ingest or "never")
    for failure in found.recent_failures:
        table.add_row("Failed", f"{inert(failure.path)}: {inert(failure.reason)}")
    out.print(table)
    return 0


def run(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Run the Discord bot until it is stopped."""
    # Imported here: discord.py loads only for the commands that need it.
    from bot.runner import run_bot

    return run_bot(settings)


def commands(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Print the slash commands a sync would upload, as JSON."""
    from bot.runner import command_payloads

    print(json.dumps(command_payloads(settings), ensure_ascii=False, indent=2))
    return 0
