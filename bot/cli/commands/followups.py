"""`articlebot eval-followups`: how often a follow-up's first quote holds its expected sentence."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.table import Table

from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings


def evaluate_followups(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Add the article set (reusing `eval`'s collection), ask each pair, report both figures."""
    # Imported here: the evaluation code loads only for the command that uses it.
    from retrieval.evaluation.evaluate import collection_name, ingest, load_articles
    from retrieval.evaluation.followups import evaluate_followups as run
    from retrieval.evaluation.followups import load_pairs

    articles = load_articles(args.articles)
    pairs = load_pairs(args.pairs, articles)
    # The same data directory and collection name as `articlebot eval` over the same articles,
    # so one embedded copy serves both.
    eval_settings = settings.model_copy(update={"data_dir": Path(settings.data_dir) / "eval"})
    with opening.open_eval_library(eval_settings) as library:
        name = args.collection or collection_name(library, articles)
        with progress_bar("Adding articles") as progress:
            ingest(library, name, articles, progress)
        with progress_bar("Asking") as progress:
            report = run(library, name, articles, pairs, progress)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    table = Table("Follow-up", "Asked as", "typed", "rewritten")
    for r in report.results:
        mark = {True: "yes", False: "-"}
        table.add_row(
            inert(r.follow_up), inert(r.asked_as), mark[r.plain_holds], mark[r.rewritten_holds]
        )
    out.print(table)
    out.print(
        f"{report.pairs} follow-ups ({report.rewritten} rewritten): first quote holds the "
        f"expected sentence {report.plain_share:.1%} as typed, "
        f"{report.rewritten_share:.1%} rewritten"
    )
    return 0
