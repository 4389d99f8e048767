"""`articlebot gaps`: the most asked questions a collection's articles did not answer."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from bot.cli import opening
from bot.cli.console import inert, out
from config import Settings


def gaps(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """List the gap queue, near-identical questions grouped, with the closest articles."""
    with opening.open_library(settings) as library:
        if args.clear:
            cleared = library.clear_gaps(collection)
            out.print(
                f"Cleared {cleared} unanswered question(s) and “Not helpful” vote(s) from the "
                f"gap list of {inert(collection)}; the votes are kept for `articlebot feedback`."
            )
            return 0
        found = library.gaps(collection, limit=args.limit)
    if args.json:
        print(json.dumps([asdict(g) for g in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        out.print(f"No unanswered questions in {inert(collection)} yet.")
        return 0
    for rank, gap in enumerate(found, 1):
        kinds = [
            f"{n} {label}"
            for n, label in ((gap.not_covered, "not covered"), (gap.not_helpful, "not helpful"))
            if n
        ]
        out.print(
            f"[bold]{rank}. {inert(gap.question, one_line=True)}[/bold]\n"
            f"   asked {gap.asked}× ({', '.join(kinds)}), last {gap.last_at[:10]}"
        )
        for wording in gap.wordings[:3]:
            out.print(f"   also: {inert(wording, one_line=True)}")
        for source in gap.closest:
            detail = ", ".join(p for p in (source.outlet, source.published) if p)
            title = inert(source.title, one_line=True) + (f" ({inert(detail)})" if detail else "")
            out.print(f"   closest: #{source.number} {title}")
    return 0
