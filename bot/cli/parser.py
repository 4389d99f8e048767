"""The `articlebot` argument parser: every command, its options, and the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.cli.commands import admin, articles, ask, evaluation
from config import Settings

# A command: the parsed arguments, the settings and the collection in, the exit code out.
Handler = Callable[[argparse.Namespace, Settings, str], int]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    """Return the parser; each command's parser sets `handler` to the function that runs it."""
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

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    _add_reading_commands(command)
    _add_admin_commands(command)
    _add_evaluation_commands(command)
    return parser


def _add_reading_commands(command: AddCommand) -> None:
    p = command("ask", ask.ask, "ask a question about the articles")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument(
        "--as-of",
        type=date.fromisoformat,
        help="favour articles published near this date (YYYY-MM-DD; default: today)",
    )
    p = command("add", articles.add, "add an article from a URL, a file, a folder, or - for stdin")
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
    p = command("list", articles.list_articles, "list the articles")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p = command("show", articles.show, "show one article")
    p.add_argument("article_id", type=int)
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    p = command("remove", articles.remove, "remove an article")
    p.add_argument("article_id", type=int)


def _add_admin_commands(command: AddCommand) -> None:
    command("reindex", admin.reindex, "re-chunk and re-embed every article of the collection")
    p = command("migrate", admin.migrate, "copy the collection's stored vectors into another store")
    p.add_argument("--to", required=True, choices=["faiss", "qdrant"], help="target store")
    p = command("status", admin.status, "show articles, chunks, model and index health")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    command("run", admin.run, "run the Discord bot (needs DISCORD_TOKEN)")
    p = command("commands", admin.commands, "print the slash commands a sync would upload")
    p.add_argument("--json", action="store_true", help="print as JSON (the only format)")


def _add_evaluation_commands(command: AddCommand) -> None:
    p = command(
        "feedback", evaluation.feedback, "export the helpful / not helpful votes on answers"
    )
    p.add_argument("action", choices=["export"])
    p.add_argument("folder", type=Path, help="folder for questions.jsonl and articles.jsonl")
    p = command(
        "eval", evaluation.evaluate_answers, "measure answer quality on a JSONL question set"
    )
    p.add_argument("articles", type=Path, help="articles.jsonl (id, url, title, text)")
    p.add_argument("questions", type=Path, help="questions.jsonl (question, answer, gold)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    p.add_argument("--limit", type=int, help="ask only the first N questions")
