"""How long `/admin gaps` takes on a full queue, and what queuing adds to each answer.

python bench/gaps.py [--articles 120] [--queued 2000] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from _common import emit, eval_articles, eval_questions, percentile_ms

from config import load_settings
from retrieval.evaluation.evaluate import ingest
from retrieval.library import Library
from retrieval.library.gaps import group_entries
from retrieval.store.gap_table import UNANSWERED_KEPT

COLLECTION = "guild-bench"
# Ways members write the same question: the grouping must see through them.
REWORDINGS = (
    lambda q: q,
    lambda q: q.lower().rstrip("?"),
    lambda q: q.replace("What ", "what exactly ").replace("Who ", "who "),
    lambda q: f"{q} please",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--queued", type=int, default=UNANSWERED_KEPT)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        library = Library(load_settings(data_dir=Path(folder)))
        ingest(library, COLLECTION, eval_articles()[: args.articles])
        questions = [q.question for q in eval_questions()]
        source = {reword(q): q for reword in REWORDINGS for q in questions}
        wordings = itertools.cycle(reword(q) for reword in REWORDINGS for q in questions)
        record_s = []
        for _ in range(args.queued):
            started = time.perf_counter()
            library.record_unanswered(COLLECTION, next(wordings))
            record_s.append(time.perf_counter() - started)
        library.embedder.embed(["warm up"])
        entries = library.store.gap_entries(COLLECTION)
        started = time.perf_counter()
        groups = group_entries(entries)
        group_s = time.perf_counter() - started
        # Grouping quality: a gap holding two questions' wordings is mixed; a question whose
        # wordings landed in two gaps is split.
        origins = [{source[w] for w in (g.question, *g.wordings)} for g in groups]
        mixed = sum(len(o) > 1 for o in origins)
        split = sum(sum(q in o for o in origins) > 1 for q in questions)
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            library.gaps(COLLECTION)
            runs.append(time.perf_counter() - started)
        library.close()
    emit(
        {
            "queued": len(entries),
            "distinct_questions": len(questions),
            "gaps_found": len(groups),
            "mixed_gaps": mixed,
            "split_questions": split,
            "record_p50_ms": percentile_ms(record_s, 50),
            "record_p95_ms": percentile_ms(record_s, 95),
            "group_ms": round(group_s * 1000, 1),
            "admin_gaps_p50_ms": percentile_ms(runs, 50),
            "admin_gaps_max_ms": percentile_ms(runs, 100),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
