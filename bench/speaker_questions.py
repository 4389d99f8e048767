"""Time speaker questions ("what did X say about Y") through `Library.ask`.

python bench/speaker_questions.py [QUESTIONS.jsonl ...] [--data-dir DIR] [--rounds 2] [--json]

Asks the questions of the speaker sets (default: every `eval/speakers/` question file over the
dev articles, so not the `train*` sets, which point into rtqa-train's) on the
evaluation collection `articlebot eval-speakers` builds under `<data-dir>/eval` (the rtqa-dev
articles and the seed; run that command first, or this one adds them, which takes minutes).
Every question is asked `--rounds` times after a warm-up of five; reports how many took the
speaker path (`speaker_questions`), and the latency of all asks (`p50_ms`, `p95_ms`,
`mean_ms`). Compare two versions in one run on the same machine, alternating: the figures move
with other CPU work.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import ROOT, emit, eval_articles, percentile_ms

from bot.cli import opening
from bot.cli.commands.speakers import seed_article
from config import load_settings
from retrieval.evaluation.evaluate import collection_name, ingest
from retrieval.evaluation.speaker_data import load_speaker_questions
from retrieval.query.speakers import speaker_question

SPEAKER_SETS = ROOT / "eval" / "speakers"
WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", nargs="*", type=Path, help="speaker question files")
    parser.add_argument("--data-dir", type=Path, default=None, help="articlebot data directory")
    parser.add_argument("--rounds", type=int, default=2, help="times each question is asked")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    files = args.questions or sorted(
        f for f in SPEAKER_SETS.glob("*.jsonl") if not f.name.startswith(("attribution", "train"))
    )
    questions = [case.question for f in files for case in load_speaker_questions(f)]
    settings = load_settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    eval_settings = settings.model_copy(update={"data_dir": Path(settings.data_dir) / "eval"})
    articles = [*eval_articles(), seed_article(ROOT / "seeds")]
    with opening.open_eval_library(eval_settings) as library:
        collection = collection_name(library, articles)
        ingest(library, collection, articles)  # reuses what is there
        if library.store.chunks_without_entities(collection):
            library.fill_entities(collection)
        if library.store.chunks_without_speakers(collection):
            library.fill_speakers(collection)
        for question in questions[:WARM_UP]:
            library.ask(collection, question)
        seconds: list[float] = []
        for _ in range(args.rounds):
            for question in questions:
                started = time.perf_counter()
                library.ask(collection, question)
                seconds.append(time.perf_counter() - started)
    emit(
        {
            "questions": len(questions),
            "speaker_questions": sum(speaker_question(q) is not None for q in questions),
            "asks": len(seconds),
            "p50_ms": percentile_ms(seconds, 50),
            "p95_ms": percentile_ms(seconds, 95),
            "mean_ms": round(sum(seconds) / max(1, len(seconds)) * 1000, 2),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
