"""The `articlebot` argument parser: every command, its options, and the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

from bot.cli.commands import (
    admin,
    articles,
    ask,
    evaluation,
    feeds,
    followups,
    gaps,
    speakers,
    training,
)
from config import Settings
from retrieval.errors import BlockedURL
from retrieval.ingest.urls import validate_url

# A command: the parsed arguments, the settings and the collection in, the exit code out.
Handler = Callable[[argparse.Namespace, Settings, str], int]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]

MAX_ARTICLE_ID = 2**63 - 1  # SQLite's largest integer


class UsageError(Exception):
    """The command line does not parse; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """A parser whose errors are one line and exit code 1, as for any other user error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def article_id(text: str) -> int:
    """An article number: a whole number from 1 up to what the database can hold."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_ARTICLE_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is not an article number")
    return number


def gap_count(text: str) -> int:
    """How many gaps to list: a whole number from 1 to 100."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 100")
    return number


def day(text: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def day_text(text: str) -> str:
    """A publication date, kept as the YYYY-MM-DD text the library stores."""
    return day(text).isoformat()


def link(text: str) -> str:
    """An http(s) link to an article's original, stored but not fetched (any port)."""
    try:
        validate_url(text, allowed_ports=None)
    except BlockedURL as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text.strip()


def build_parser() -> argparse.ArgumentParser:
    """Return the parser; each command's parser sets `handler` to the function that runs it."""
    # SUPPRESS: an option given before the command must survive the command's own parser.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--collection", "-c", help="collection to use (default: local)")
    common.add_argument("--data-dir", type=Path, help="data directory (default: ./data)")
    common.add_argument("--verbose", "-v", action="store_true", help="log progress details")
    parser = _Parser(
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
    _add_feed_commands(command, common)
    return parser


def _add_reading_commands(command: AddCommand) -> None:
    p = command("ask", ask.ask, "ask a question about the articles")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument(
        "--as-of",
        type=day,
        help="favour articles published near this date (YYYY-MM-DD; default: today)",
    )
    p.add_argument(
        "--follow-up-of",
        metavar="PREVIOUS",
        help="read QUESTION as a follow-up of this earlier question, rewritten to stand alone",
    )
    p = command("add", articles.add, "add an article from a URL, a file, a folder, or - for stdin")
    p.add_argument("source", help="http(s) URL, .txt/.md/.html/.pdf file, folder, or -")
    p.add_argument(
        "--urls",
        action="store_true",
        help="SOURCE is a file of URLs, one per line: fetch and add them all (resumable)",
    )
    p.add_argument("--title", help="title for text read from stdin or to override")
    p.add_argument("--url", type=link, help="link to the original, for text from stdin")
    p.add_argument("--outlet", help="outlet name, for text from stdin")
    p.add_argument(
        "--published", type=day_text, help="publication date YYYY-MM-DD, for text from stdin"
    )
    p = command("list", articles.list_articles, "list the articles")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p = command("show", articles.show, "show one article")
    p.add_argument("article_id", type=article_id)
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    p = command("remove", articles.remove, "remove an article")
    p.add_argument("article_id", type=article_id)


def _add_admin_commands(command: AddCommand) -> None:
    p = command("reindex", admin.reindex, "re-chunk and re-embed every article of the collection")
    p.add_argument(
        "--entities-only",
        action="store_true",
        help="only find the named entities of passages stored without them (no re-embedding)",
    )
    p.add_argument(
        "--stories-only",
        action="store_true",
        help="only link the articles stored without a story to their copies (no re-embedding)",
    )
    p = command("migrate", admin.migrate, "copy the collection's stored vectors into another store")
    p.add_argument("--to", required=True, choices=["faiss", "qdrant"], help="target store")
    p = command("status", admin.status, "show articles, chunks, model and index health")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    command("run", admin.run, "run the Discord bot (needs DISCORD_TOKEN)")
    p = command("commands", admin.commands, "print the slash commands a sync would upload")
    p.add_argument("--json", action="store_true", help="print as JSON (the only format)")
    p = command(
        "gaps", gaps.gaps, "list the most asked questions the articles did not answer, grouped"
    )
    p.add_argument("--limit", type=gap_count, default=10, help="how many (1-100, default 10)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument(
        "--clear", action="store_true", help="empty the list once its questions are handled"
    )


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
    p.add_argument("--weeks", type=int, help="sample N quiz weeks, as `train` does")
    p.add_argument("--seed", type=int, default=7, help="the sample's seed (with --weeks)")
    p = command(
        "eval-speakers",
        speakers.evaluate_speakers,
        "measure who-said-what: speaker questions' first quotes and attribution",
    )
    p.add_argument("articles", type=Path, help="articles.jsonl the questions point into")
    p.add_argument(
        "questions",
        type=Path,
        nargs="+",
        help="speaker question files (question, speaker, …), a row each",
    )
    p.add_argument("--sample", type=Path, help="attribution_sample.jsonl of labelled sentences")
    p.add_argument(
        "--misses", action="store_true", help="list each question whose first quote missed, and why"
    )
    p.add_argument(
        "--seed-article", type=Path, help='the article called "seed" (default: the seeds folder)'
    )
    p.add_argument(
        "--weeks", type=int, help="only the articles of N quiz weeks, as `train` samples them"
    )
    p.add_argument("--quiz", type=Path, help="the quiz questions.jsonl whose weeks --weeks samples")
    p.add_argument("--seed", type=int, default=7, help="the sample's seed (with --weeks)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    p = command(
        "train", training.train_scorers, "learn the quote scorer and confidence from a question set"
    )
    p.add_argument("articles", type=Path, help="articles.jsonl of the training set")
    p.add_argument("questions", type=Path, help="questions.jsonl of the training set")
    p.add_argument("--weeks", type=int, default=24, help="quiz weeks sampled (default 24)")
    p.add_argument("--seed", type=int, default=7, help="sample and fold seed (default 7)")
    p.add_argument("--out", type=Path, help="folder for the models (default: the shipped ones)")
    p.add_argument("--json", action="store_true", help="print the training report as JSON")

    p = command(
        "eval-followups",
        followups.evaluate_followups,
        "measure follow-up answers, as typed and rewritten, on a JSONL set of pairs",
    )
    p.add_argument("articles", type=Path, help="articles.jsonl (id, url, title, text)")
    p.add_argument("pairs", type=Path, help="pairs.jsonl (first, follow_up, article, start, end)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")


def feed_id(text: str) -> int:
    """A feed number, as `feed list` shows it."""
    try:
        return article_id(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a feed number") from None


def _add_feed_commands(command: AddCommand, common: argparse.ArgumentParser) -> None:
    p = command("feed", feeds.list_feeds, "follow RSS and Atom feeds: add, list, remove, poll")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_text, description=help_text, parents=[common])
        a.set_defaults(handler=handler)
        return a

    a = action("add", feeds.add, "follow a feed (checked by fetching it once)")
    a.add_argument("url", help="the feed's http(s) URL (RSS 2.0, RSS 1.0 or Atom)")
    a.add_argument(
        "--every",
        type=float,
        metavar="MINUTES",
        help="minutes between polls of this feed (default: feed_interval_minutes)",
    )
    a = action("list", feeds.list_feeds, "list the feeds with their last poll and error")
    a.add_argument("--json", action="store_true", help="print the list as JSON")
    a = action("remove", feeds.remove, "stop following a feed (its articles stay)")
    a.add_argument("feed_id", type=feed_id)
    a = action("poll", feeds.poll, "poll feeds now and add their new articles")
    a.add_argument("--due", action="store_true", help="only feeds whose next poll is due (cron)")
    a.add_argument("--all", action="store_true", help="every collection that follows feeds")
    a.add_argument("--json", action="store_true", help="print what each poll did as JSON")
