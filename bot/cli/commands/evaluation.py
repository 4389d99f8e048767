"""`articlebot eval|feedback`: measure answer quality and export the votes as a question set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings
from retrieval.errors import InvalidInput

if TYPE_CHECKING:
    from retrieval.evaluation.evaluate import EvalReport


def evaluate_answers(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Add a JSONL article set, ask its questions, and report retrieval and answer figures."""
    # Imported here: the evaluation code loads only for the command that uses it.
    from retrieval.evaluation.evaluate import (
        collection_name,
        evaluate,
        ingest,
        load_articles,
        load_questions,
        select,
    )

    if args.limit is not None and args.limit < 1:
        raise InvalidInput("--limit must be at least 1")
    if args.weeks is not None:
        from retrieval.evaluation.sampling import sample_weeks

        articles, questions = sample_weeks(
            load_articles(args.articles), load_questions(args.questions), args.weeks, args.seed
        )
    else:
        articles, questions = select(
            load_articles(args.articles), load_questions(args.questions), args.limit
        )
    # A data directory of its own keeps evaluation articles out of the real collections; it is
    # kept between runs so cached vectors spare the re-embedding.
    eval_settings = settings.model_copy(update={"data_dir": Path(settings.data_dir) / "eval"})
    with opening.open_eval_library(eval_settings) as library:
        name = args.collection or collection_name(library, articles)
        with progress_bar("Adding articles") as progress:
            ids = ingest(library, name, articles, progress)
        with progress_bar("Asking") as progress:
            report = evaluate(
                library, articles, questions, collection=name, ids=ids, ask_progress=progress
            )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    _print_report(report)
    return 0


def _print_report(report: EvalReport) -> None:
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
        f"A gold article writes out the answer for {report.answer_written:.1%} of the questions "
        f"(what a quote from a gold article can hold); answer@quotes over those: "
        f"{report.answer_at_quotes_written:.3f}"
    )
    out.print(
        f"Not found below {a.threshold}: abstention precision {a.precision:.3f}, recall "
        f"{a.recall:.3f} over the {report.unanswerable_questions} questions asked again with "
        f"their gold articles removed; answerable questions answered {a.answered_rate:.1%}"
    )
    out.print(
        f"Calibration: expected error {report.calibration_error:.3f}; "
        + "; ".join(
            f"{b.low:.1f}–{b.high:.1f}: {b.asks} asks, said {b.mean_confidence:.2f}, "
            f"held {b.holds_answer:.2f}"
            for b in report.reliability
        )
    )
    strict = report.abstention_strict
    if strict is not None:
        out.print(
            f"Of those, the {report.strict_questions} whose answer no other article holds: "
            f"precision {strict.precision:.3f}, recall {strict.recall:.3f}"
        )
    renamed = report.abstention_renamed
    if renamed is not None:
        out.print(
            f"Asked about a made-up name in place of one they name ({report.renamed_questions} "
            f"questions): not found for {renamed.recall:.1%}, precision {renamed.precision:.3f}"
        )


def feedback(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Export the helpful / not helpful votes as an evaluation set."""
    from retrieval.evaluation.feedback import export_feedback  # loaded only when used

    with opening.open_library(settings) as library:
        result = export_feedback(library.store, collection, args.folder)
    out.print(
        f"Exported {result.questions} rated question(s) ({result.helpful} helpful) and "
        f"{result.articles} cited article(s) to {inert(str(args.folder))}: "
        f"articlebot eval {inert(str(result.articles_path))} {inert(str(result.questions_path))}"
    )
    return 0
