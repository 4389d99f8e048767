"""Every answering lever, one at a time, against plain dense and plain BM25 on one question set.

python bench/levers.py --data-dir DIR [--set rtqa-dev | --set rtqa-train --weeks 24] [--json]

Adds the set's articles once (the data directory's vector cache spares re-embedding) and then
runs the whole evaluation under each lever setting: the hand-set weights; the learned sentence
scorer and confidence (shipped); with passage re-scoring; without the date pull; with four
candidate passages instead of eight; and with the chunks next to them. Each row gives the
article ranking figures, answer@quotes, and abstention at the row's own threshold; the plain
dense and BM25 rows are the baselines every lever must beat. `--set rtqa-train` ranks on the
training sample itself: run `articlebot train` with the same weeks to get the out-of-fold
figures of the learned models.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from _common import ROOT, emit

from bot.cli import opening
from config import Settings
from retrieval.evaluation.data import load_articles, load_questions
from retrieval.evaluation.evaluate import collection_name, evaluate, ingest
from retrieval.evaluation.sampling import sample_weeks

LEVERS: dict[str, dict[str, Any]] = {
    "hand-set weights": {"answer_scoring": "hand-set"},
    "learned sentences + confidence (shipped)": {},
    "+ passage re-scoring": {"passage_rescoring": True},
    "shipped, no date pull": {"date_weight": 0.0},
    "shipped, 4 passages": {"answer_passages": 4},
    "shipped + neighbouring chunks": {"answer_context": True},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="keeps the vector cache")
    parser.add_argument("--set", default="rtqa-dev", help="a folder of ../shared/eval")
    parser.add_argument("--weeks", type=int, help="sample quiz weeks, as `articlebot train`")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = ROOT.parent / "shared" / "eval" / args.set
    articles = load_articles(folder / "articles.jsonl")
    questions = load_questions(folder / "questions.jsonl")
    if args.weeks:
        articles, questions = sample_weeks(articles, questions, args.weeks, args.seed)
    base = Settings(data_dir=args.data_dir)
    rows: dict[str, Any] = {}
    with opening.open_eval_library(base) as library:
        name = collection_name(library, articles)
        ids = ingest(library, name, articles)
        if library.store.chunks_without_entities(name):
            library.fill_entities(name)
    for lever, update in LEVERS.items():
        with opening.open_eval_library(base.model_copy(update=update)) as library:
            report = evaluate(library, articles, questions, collection=name, ids=ids).to_dict()
        if not rows:
            for baseline, figures in report["baselines"].items():
                rows[f"plain {baseline}"] = figures
        abstention = report["abstention"]
        rows[lever] = {
            **{k: report[k] for k in ("hits@1", "hits@4", "hits@10", "mrr@10", "answer@quotes")},
            "not_found": report["not_found"],
            "threshold": abstention["threshold"],
            "abstention_precision": abstention["precision"],
            "abstention_recall": abstention["recall"],
            "answered": abstention["answered_rate"],
            "calibration_error": report["calibration"]["expected_calibration_error"],
            "latency_p95_ms": report["latency_p95_ms"],
        }
    emit({"set": args.set, "questions": len(questions), "levers": rows}, args.json)


if __name__ == "__main__":
    main()
