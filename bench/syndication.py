"""Measure syndication: the cost of linking copies at ingest, and answers with reprints added.

python bench/syndication.py cost [--articles PATH] [--variants 1] [--json]
python bench/syndication.py answers --data-dir DIR [--json]

`cost` stores every article of a set (rtqa-train by default) as a bare row (no chunks, no
vectors: what is measured is the fingerprint and the link, not the embedding), fingerprinting
and linking each one as an add does, and reports the time per article and how many stories hold
more than one copy. `--variants k` stores k reworded variants of the set as well (every fourth
word changed, so no variant is a copy of another) to see the lookup at k times the size.

`answers` builds rtqa-dev with one reprint of every gold article added (another outlet, a new
headline, a dateline in the first paragraph, the last paragraph trimmed, a day later), then runs
the evaluation twice on it: with the stories unlinked (as before syndication, when the reprint
was just another article) and linked. `--data-dir` should be the eval data directory whose
vector cache holds rtqa-dev's chunks, so only the reprints are embedded.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, EvalArticle, emit, eval_articles, eval_questions

from config import Settings
from retrieval.evaluation.evaluate import evaluate, ingest
from retrieval.ingest.nearduplicates import CopyThresholds, fingerprint
from retrieval.library import Library
from retrieval.library.syndication import StoryLinker
from retrieval.store.sqlite import Store, content_hash
from retrieval.types import ArticleDraft

TRAIN = ROOT.parent / "shared" / "eval" / "rtqa-train" / "articles.jsonl"
FIGURES = ("hits@1", "hits@4", "hits@10", "mrr@10", "answer@quotes", "not_found")


def _variant(text: str, n: int) -> str:
    """Reword every fourth word so that the variant shares no 5-word shingle with the text."""
    if n == 0:
        return text
    words = text.split()
    return " ".join(f"{w}{n}" if i % 4 == 0 else w for i, w in enumerate(words))


def cost(path: Path, variants: int) -> dict[str, Any]:
    """Fingerprint and link every article into a fresh store; time both per article."""
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.ensure_collection("bench")
        linker = StoryLinker(store, CopyThresholds())
        printing: list[float] = []
        linking: list[float] = []
        for n in range(variants + 1):
            for text in (_variant(t, n) for t in texts):
                if store.find_duplicate("bench", content_hash(text), None):
                    continue  # an exact copy: refused before any fingerprint, as adds do
                started = time.perf_counter()
                found = fingerprint(text)
                printing.append(time.perf_counter() - started)
                draft = ArticleDraft(text=text, title="bench", source="eval")
                with store.transaction() as db:
                    key = store.insert_article(db, "bench", draft, content_hash(text), None)
                    started = time.perf_counter()
                    linker.link(db, "bench", key, found)
                    linking.append(time.perf_counter() - started)
        sizes = store.story_counts("bench")
        store.close()
    last = linking[-len(texts) :]
    return {
        "articles": len(printing),
        "fingerprint_ms_per_article": round(1000 * sum(printing) / len(printing), 3),
        "link_ms_per_article": round(1000 * sum(linking) / len(linking), 3),
        "link_ms_per_article_last_set": round(1000 * sum(last) / len(last), 3),
        "stories_with_copies": len(sizes),
        "story_sizes": dict(sorted(Counter(sizes).items())),
    }


def _reprint(article: EvalArticle, n: int) -> EvalArticle:
    """Another outlet's copy: new headline and link, a dateline, the last paragraph cut."""
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    if len(paragraphs) >= 3:
        paragraphs = paragraphs[:-1]
    paragraphs[0] = f"(Wire Service) — {paragraphs[0]}"
    day = date.fromisoformat(article.published) + timedelta(days=1) if article.published else None
    return replace(
        article,
        id=f"reprint-{n}",
        url=f"https://wire.example/story/{n}",
        title=f"Wire: {article.title.split(' - ')[0].split(' | ')[0]}",
        text="\n\n".join(paragraphs),
        published=day.isoformat() if day else None,
        source="Wire Service",
    )


def answers(data_dir: Path) -> dict[str, Any]:
    """Evaluate rtqa-dev with a reprint of every gold article, stories unlinked then linked."""
    articles, questions = eval_articles(), eval_questions()
    gold = {g for q in questions for g in q.gold}
    reprints = [_reprint(a, n) for n, a in enumerate(a for a in articles if a.id in gold)]
    with Library(Settings(data_dir=data_dir), cache_vectors=True) as library:
        collection = "dev-with-reprints"
        ids = ingest(library, collection, [*articles, *reprints])
        with library.store.transaction() as db:  # as before syndication: nothing linked
            db.execute("DELETE FROM stories WHERE collection = ?", (collection,))
        before = evaluate(library, articles, questions, collection=collection, ids=ids)
        library.fill_stories(collection)
        sizes = library.story_sizes(collection)
        after = evaluate(library, articles, questions, collection=collection, ids=ids)
    figures = {"before": before.to_dict(), "after": after.to_dict()}
    result: dict[str, Any] = {"reprints": len(reprints), "stories_with_copies": len(sizes)}
    for name, report in figures.items():
        result[name] = {key: report[key] for key in FIGURES}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["cost", "answers"])
    parser.add_argument("--articles", type=Path, default=TRAIN)
    parser.add_argument("--variants", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=Path("bench-syndication"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.mode == "cost":
        emit(cost(args.articles, args.variants), args.json)
    else:
        emit(answers(args.data_dir), args.json)


if __name__ == "__main__":
    main()
