"""`articlebot train`: learn the sentence scorer and the answer confidence from a question set."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings
from retrieval.errors import InvalidInput


def train_scorers(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Ingest a sample of a training set, ask its questions, fit and write both models."""
    # Imported here: training code loads only for the command that uses it.
    from retrieval.evaluation.evaluate import collection_name, ingest, load_articles, load_questions
    from retrieval.evaluation.sampling import sample_weeks
    from retrieval.evaluation.training import collect, save, train, train_passages
    from retrieval.query.answer import Scorers

    if args.weeks < 2:
        raise InvalidInput("--weeks must be at least 2: the folds hold out whole weeks")
    articles, questions = sample_weeks(
        load_articles(args.articles), load_questions(args.questions), args.weeks, args.seed
    )
    # The evaluation data directory: its vector cache spares re-embedding on the next run.
    # Passage features are computed even before a passage model exists: it is trained here.
    eval_settings = settings.model_copy(
        update={"data_dir": Path(settings.data_dir) / "eval", "passage_features": True}
    )
    with opening.open_eval_library(eval_settings) as library:
        name = args.collection or collection_name(library, articles)
        with progress_bar("Adding articles") as progress:
            ids = ingest(library, name, articles, progress)
        if library.store.chunks_without_entities(name):
            with progress_bar("Finding entities") as progress:
                library.fill_entities(name, progress=progress)
        library.use_scorers(None)  # first the fused order, as if nothing were learned yet
        with progress_bar("Asking") as progress:
            data = collect(library, name, questions, ids, progress)
        passage, passage_report = train_passages(data, args.seed)
        pays = passage_report["hits@1_rescored_oof"] > passage_report["hits@1_fused_oof"]
        if pays and settings.passage_rescoring:
            # Answers will see re-scored passages: learn sentences from those.
            library.use_scorers(Scorers(sentence=None, confidence=None, passage=passage))
            with progress_bar("Asking again, passages re-scored") as progress:
                data = collect(library, name, questions, ids, progress)
        models = train(data, library.answer_config, args.seed)
    models = replace(
        models, passage=passage if pays else None, report={**models.report, **passage_report}
    )
    paths = save(models, args.out)
    if args.json:
        print(json.dumps(models.report, indent=2))
        return 0
    report = models.report
    out.print(
        f"Trained on {report['questions']:.0f} questions ({args.weeks} weeks, seed {args.seed}) "
        f"in {report['train_seconds']:.0f} s. Out of fold: the quotes hold the answer "
        f"{report['answer_at_quotes_oof']:.3f}, the top sentence "
        f"{report['top_sentence_holds_answer_oof']:.3f}; calibration error "
        f"{report['expected_calibration_error_oof']:.3f}; threshold {report['threshold']:.2f}."
    )
    out.print(
        f"Passage re-scoring, Hits@1 out of fold: {report['hits@1_fused_oof']:.3f} fused, "
        f"{report['hits@1_rescored_oof']:.3f} re-scored"
        + ("" if models.passage else " (not kept: it did not beat the fused order)")
    )
    out.print("Wrote " + ", ".join(inert(str(p)) for p in paths))
    return 0
