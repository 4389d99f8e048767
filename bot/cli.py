"""The `articlebot` command-line tool: everything the bot does, without Discord."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from config import Settings, load_settings
from retrieval.errors import ArticlebotError
from retrieval.library import Library
from retrieval.types import Answer, SourceRef
from retrieval.types import Progress as ProgressCallback

log = logging.getLogger(__name__)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    for name, default in (("collection", None), ("data_dir", None), ("verbose", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    try:
        settings = load_settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        err.print(f"[red]error:[/red] invalid setting: {escape(problems)}")
        return 2
    try:
        collection = args.collection or settings.default_collection
        handler: Callable[[argparse.Namespace, Settings, str], int] = args.handler
        return handler(args, settings, collection)
    except ArticlebotError as error:
        err.print(f"[red]error:[/red] {escape(error.message)}")
        return 1
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _parser() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the command must survive the command's own parser.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--collection", "-c", help="collection to use (default: local)")
    common.add_argument("--data-dir", type=Path, help="data directory (default: ./data)")
    common.add_argument("--verbose", "-v", action="store_true", help="log progress details")
    parser = argparse.ArgumentParser(
        prog="articlebot",
        description="Answer questions over news articles with verbatim, attributed quotes.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    p = command("ask", _ask, "ask a question about the articles")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument(
        "--as-of",
        type=date.fromisoformat,
        help="favour articles published near this date (YYYY-MM-DD; default: today)",
    )
    p = command("add", _add, "add an article from a URL, a file, a folder, or - for stdin")
    p.add_argument("source", help="http(s) URL, .txt/.md/.html/.pdf file, folder, or -")
    p.add_argument(
        "--urls",
        action="store_true",
        help="SOURCE is a file of URLs, one per line: fetch and add them all (resumable)",
    )
    p.add_argument("--title", help="title for text read from stdin or to override")
    p.add_argument("--url", help="link to the original, for text from stdin")
    p.add_argument("--outlet", help="outlet name, for text from stdin")
    p.add_argument("--published", help="publication date YYYY-MM-DD, for text from stdin")
    p = command("list", _list, "list the articles")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p = command("show", _show, "show one article")
    p.add_argument("article_id", type=int)
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    p = command("remove", _remove, "remove an article")
    p.add_argument("article_id", type=int)
    command("reindex", _reindex, "re-chunk and re-embed every article of the collection")
    p = command("migrate", _migrate, "copy the collection's stored vectors into another store")
    p.add_argument("--to", required=True, choices=["faiss", "qdrant"], help="target store")
    p = command("status", _status, "show articles, chunks, model and index health")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    command("run", _run, "run the Discord bot (needs DISCORD_TOKEN)")
    p = command("commands", _commands, "print the slash commands a sync would upload")
    p.add_argument("--json", action="store_true", help="print as JSON (the only format)")
    p = command("feedback", _feedback, "export the helpful / not helpful votes on answers")
    p.add_argument("action", choices=["export"])
    p.add_argument("folder", type=Path, help="folder for questions.jsonl and articles.jsonl")
    p = command("eval", _eval, "measure answer quality on a JSONL question set")
    p.add_argument("articles", type=Path, help="articles.jsonl (id, url, title, text)")
    p.add_argument("questions", type=Path, help="questions.jsonl (question, answer, gold)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    p.add_argument("--limit", type=int, help="ask only the first N questions")
    return parser


@contextmanager
def _progress(label: str) -> Iterator[ProgressCallback]:
    """Show a progress bar on stderr and yield the callback that advances it."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, item="")

        def advance(done: int, total: int, item: str) -> None:
            bar.update(task, completed=done, total=total, item=escape(item[:50]))

        yield advance


def _open(settings: Settings) -> Library:
    return Library(settings)


# -- commands --------------------------------------------------------------------------------


def _ask(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    fresh = not (Path(settings.data_dir) / "articlebot.sqlite3").exists()
    with _open(settings) as library:
        question = library.validate_question(args.question)
        if fresh and collection == settings.default_collection:
            with _progress("Adding the demo articles") as progress:
                library.ensure_seeded(collection, progress=progress)
        answer = library.ask(collection, question, as_of=args.as_of or date.today())
    if args.json:
        print(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


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
                **asdict(sources[q.article_id]),
                "start": q.start,
                "end": q.end,
                "chunk_id": q.chunk_id,
                "score": q.score,
            }
            for q in answer.quotes
        ],
        "sources": [asdict(s) for s in answer.sources],
    }


def _cite(ref: SourceRef) -> str:
    parts = [f"[bold]{escape(ref.title)}[/bold]"]
    detail = ", ".join(escape(x) for x in (ref.outlet, ref.published) if x)
    if detail:
        parts.append(f"— {detail}")
    if ref.url:
        parts.append(f"\n    [link={ref.url}]{escape(ref.url)}[/link]")
    return " ".join(parts)


def _print_answer(answer: Answer) -> None:
    if not answer.found:
        out.print("[yellow]The articles here don't cover this.[/yellow]")
        if answer.sources:
            out.print("Closest articles:")
            for ref in answer.sources:
                out.print(f"  #{ref.article_id} {_cite(ref)}")
        return
    numbers = {s.article_id: n for n, s in enumerate(answer.sources, start=1)}
    for index, quote in enumerate(answer.quotes):
        style = "bold" if index == 0 else ""
        text = escape(quote.text)
        out.print(
            f"[{style}]“{text}”[/{style}] [{numbers[quote.article_id]}]"
            if style
            else f"“{text}” [{numbers[quote.article_id]}]"
        )
        out.print()
    out.print("[dim]Sources[/dim]")
    for ref in answer.sources:
        out.print(f"  [{numbers[ref.article_id]}] #{ref.article_id} {_cite(ref)}")


def _add(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    source: str = args.source
    with _open(settings) as library:
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
                raise _user_error(f"{source} is neither a URL nor an existing file or folder")
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
            raise _user_error(f"cannot read the URL list {path}: {error}") from None
        wanted = [u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#")]
        with _progress(f"Adding {len(wanted)} URLs") as progress:
            result = library.add_urls(collection, wanted, progress=progress)
    else:
        with _progress(f"Adding {path}") as progress:
            result = library.add_folder(collection, path, progress=progress)
    out.print(
        f"Added {len(result.added)} article(s) from {escape(str(path))}"
        + (f"; {result.skipped} already in the library." if result.skipped else ".")
    )
    for failure in result.failed:
        err.print(f"[red]failed:[/red] {escape(failure.path)}: {escape(failure.reason)}")
    return 1 if result.failed and not (result.added or result.skipped) else 0


def _user_error(message: str) -> ArticlebotError:
    from retrieval.errors import InvalidInput

    return InvalidInput(message)


def _list(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library:
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


def _show(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library:
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


def _remove(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library:
        summary = library.remove(collection, args.article_id)
    out.print(f"Removed #{summary.id}: {escape(summary.title)}")
    return 0


def _reindex(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library, _progress("Reindexing") as progress:
        result = library.reindex(collection, progress=progress)
    out.print(
        f"Reindexed {result.articles} article(s) into {result.chunks} passages "
        f"(generation {result.generation}) in {result.seconds:.1f} s."
    )
    return 0


def _migrate(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library:
        count = library.migrate_vectors(collection, args.to)
    out.print(
        f"Copied {count} vectors of {collection} into {args.to}. "
        f'Set vector_store = "{args.to}" (ARTICLEBOT_VECTOR_STORE) to use them.'
    )
    return 0


def _status(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    with _open(settings) as library:
        status = library.status(collection)
    if args.json:
        print(json.dumps(asdict(status), ensure_ascii=False, indent=2))
        return 0
    table = Table(show_header=False, box=None)
    table.add_row("Collection", escape(status.collection))
    table.add_row("Articles", str(status.articles))
    table.add_row("Passages", str(status.chunks))
    table.add_row("Model", f"{escape(status.model)} ({status.dim or '?'} dimensions)")
    table.add_row("Chunker", f"version {status.chunker_version}")
    health = "[green]healthy[/green]" if status.index.healthy else "[yellow]needs work[/yellow]"
    table.add_row(
        "Index",
        f"generation {status.index.generation}, {status.index.vectors} vectors, {health}: "
        f"{escape(status.index.detail)}",
    )
    table.add_row("Last added", status.last_ingest or "never")
    for failure in status.recent_failures:
        table.add_row("Failed", f"{escape(failure.path)}: {escape(failure.reason)}")
    out.print(table)
    return 0


def _run(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    from bot.runner import run_bot

    return run_bot(settings)


def _open_eval(settings: Settings) -> Library:
    return Library(settings, cache_vectors=True)


def _eval(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    from retrieval.evaluation.evaluate import (
        collection_name,
        evaluate,
        ingest,
        load_articles,
        load_questions,
        select,
    )

    if args.limit is not None and args.limit < 1:
        raise _user_error("--limit must be at least 1")
    articles, questions = select(
        load_articles(args.articles), load_questions(args.questions), args.limit
    )
    # A data directory of its own keeps evaluation articles out of the real collections; it is
    # kept between runs so cached vectors spare the re-embedding.
    eval_settings = settings.model_copy(update={"data_dir": Path(settings.data_dir) / "eval"})
    with _open_eval(eval_settings) as library:
        name = args.collection or collection_name(library, articles)
        with _progress("Adding articles") as progress:
            ids = ingest(library, name, articles, progress)
        with _progress("Asking") as progress:
            report = evaluate(
                library, articles, questions, collection=name, ids=ids, ask_progress=progress
            )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    table = Table("Pipeline", "Hits@1", "Hits@4", "Hits@10", "MRR@10", "answer@quotes")
    rows = [("hybrid (ask)", report.ranking.to_dict(), f"{report.answer_at_quotes:.3f}")]
    rows += [(name, m.to_dict(), "") for name, m in report.baselines.items()]
    for label, metrics, quotes in rows:
        table.add_row(label, *(f"{v:.3f}" for v in metrics.values()), quotes)
    out.print(table)
    a = report.abstention
    out.print(
        f"{report.questions} questions over {report.articles} articles; "
        f"not found {report.not_found:.1%}; ask latency p50 {report.latency_p50_ms:.0f} ms, "
        f"p95 {report.latency_p95_ms:.0f} ms"
    )
    out.print(
        f"Not found below {a.threshold}: abstention precision {a.precision:.3f}, recall "
        f"{a.recall:.3f} over the {report.unanswerable_questions} questions asked again with "
        f"their gold articles removed; answerable questions answered {a.answered_rate:.1%}"
    )
    strict = report.abstention_strict
    if strict is not None:
        out.print(
            f"Of those, the {report.strict_questions} whose answer no other article holds: "
            f"precision {strict.precision:.3f}, recall {strict.recall:.3f}"
        )
    return 0


def _feedback(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    from retrieval.evaluation.feedback import export_feedback

    with _open(settings) as library:
        result = export_feedback(library.store, collection, args.folder)
    out.print(
        f"Exported {result.questions} rated question(s) ({result.helpful} helpful) and "
        f"{result.articles} cited article(s) to {escape(str(args.folder))}: "
        f"articlebot eval {escape(str(result.articles_path))} {escape(str(result.questions_path))}"
    )
    return 0


def _commands(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    from bot.runner import command_payloads

    print(json.dumps(command_payloads(settings), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
