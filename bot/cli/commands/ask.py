"""`articlebot ask`: answer a question, as quotes with numbered sources or as JSON."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from bot.citations import quote_marks, source_numbers
from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings
from retrieval.library import Continues, Library
from retrieval.query.stories import also_reported
from retrieval.types import Answer, SourceRef

# The conversation the command line's follow-ups are kept under.
CLI_PLACE = "cli"

_TAG_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\[\]\\\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def ask(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Answer a question; a first run in a fresh data directory adds the demo articles."""
    fresh = not (Path(settings.data_dir) / "articlebot.sqlite3").exists()
    with opening.open_library(settings) as library:
        question = library.validate_question(args.question)
        if fresh and collection == settings.default_collection:
            with progress_bar("Adding the demo articles") as progress:
                library.ensure_seeded(collection, progress=progress)
        as_of = args.as_of or date.today()
        previous = getattr(args, "follow_up_of", None)
        if previous is None:
            answer = library.ask(collection, question, as_of=as_of)
        else:
            answer = _ask_follow_up(library, collection, previous, question, as_of)
    if args.json:
        payload = answer_to_dict(answer)
        if previous is not None:
            payload["typed"] = question
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if previous is not None and answer.question != question:
            out.print(f"[dim]Asked as:[/dim] {inert(answer.question, one_line=True)}")
            out.print()
        print_answer(answer)
    return 0


def _ask_follow_up(
    library: Library, collection: str, previous: str, question: str, as_of: date
) -> Answer:
    """Ask the earlier question, then the follow-up as it continues that answer."""
    first = library.ask_in_conversation(collection, previous, as_of=as_of, place=CLI_PLACE)
    continues = Continues(answer_id=first.answer_id)
    return library.ask_in_conversation(
        collection, question, as_of=as_of, place=CLI_PLACE, continues=continues
    ).answer


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """Return the machine-readable form of an answer."""
    sources = {s.article_id: s for s in answer.sources}
    return {
        "question": answer.question,
        "found": answer.found,
        "confidence": answer.confidence,
        "quotes": [
            {
                "text": q.text,
                **_source_fields(sources[q.article_id]),
                "start": q.start,
                "end": q.end,
                "chunk_id": q.chunk_id,
                "score": q.score,
                "speaker": None if q.speaker is None else asdict(q.speaker),
            }
            for q in answer.quotes
        ],
        "sources": [_source_fields(s) for s in answer.sources],
        "asked_speaker": answer.asked_speaker,
        "speaker_found": answer.speaker_found,
    }


def _source_fields(source: SourceRef) -> dict[str, Any]:
    """A source as JSON: its article_id is the number `show` takes, not the internal row id."""
    fields = asdict(source)
    fields["article_id"] = fields.pop("number")
    return fields


def _cite(ref: SourceRef) -> str:
    parts = [f"[bold]{inert(ref.title, one_line=True)}[/bold]"]
    detail = ", ".join(inert(x, one_line=True) for x in (ref.outlet, ref.published) if x)
    if detail:
        parts.append(f"— {detail}")
    if copies := also_reported(ref):
        parts.append(f"[dim]({inert(copies, one_line=True)})[/dim]")
    if ref.url:
        shown = inert(ref.url, one_line=True)
        parts.append(f"\n    [link={_link_target(ref.url)}]{shown}[/link]")
    return " ".join(parts)


def _link_target(url: str) -> str:
    """Percent-encode what would end the markup tag early or split its style (`[`, `]`, spaces)."""
    return _TAG_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)


def print_answer(answer: Answer) -> None:
    """Print the quotes, the best one in bold, then the sources they cite by number."""
    if answer.asked_speaker is not None and not answer.speaker_found:
        others = " Here is what others said:" if answer.found else ""
        who = inert(answer.asked_speaker, one_line=True)
        out.print(f"[yellow]No statement by {who} on this in these articles.[/yellow]{others}")
    if not answer.found:
        out.print("[yellow]The articles here don't cover this.[/yellow]")
        if answer.sources:
            out.print("Closest articles:")
            for ref in answer.sources:
                out.print(f"  #{ref.number} {_cite(ref)}")
        return
    numbers = source_numbers(answer)
    for index, quote in enumerate(answer.quotes):
        style = "bold" if index == 0 else ""
        text = inert(quote.text)
        cited = f"[{numbers[quote.article_id]}]"
        if quote.speaker is not None:  # "— US Embassy in Israel, in [1]"
            cited = f"— {inert(quote.speaker.shown, one_line=True)}, in {cited}"
        opening, closing = quote_marks(quote.text)
        shown = f"{opening}{text}{closing}"
        out.print(f"[{style}]{shown}[/{style}] {cited}" if style else f"{shown} {cited}")
        out.print()
    out.print("[dim]Sources[/dim]")
    for ref in answer.sources:
        out.print(f"  [{numbers[ref.article_id]}] #{ref.number} {_cite(ref)}")
