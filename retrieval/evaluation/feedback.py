"""Export helpful / not helpful votes as an evaluation set (the JSONL format `eval` reads)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ArticleNotFound
from retrieval.store.sqlite import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedbackExport:
    """What an export wrote."""

    questions: int
    helpful: int
    articles: int
    questions_path: Path
    articles_path: Path


def export_feedback(store: Store, collection: str, folder: Path) -> FeedbackExport:
    """Write questions.jsonl and articles.jsonl for a collection's votes into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    votes = store.feedback(collection)
    questions: list[dict[str, object]] = []
    cited: dict[int, None] = {}
    for vote in votes:
        helpful = bool(vote["helpful"])
        article_ids = [int(a) for a in vote["article_ids"]]  # type: ignore[attr-defined]
        if helpful:
            cited.update(dict.fromkeys(article_ids))
        at = str(vote["at"])
        questions.append(
            {
                "id": f"feedback-{vote['id']}",
                "question": vote["question"],
                # A vote says which articles answered, not the short answer itself: ranking
                # figures apply to these questions, answer@quotes does not.
                "answer": "",
                # Only a helpful vote makes the cited articles the gold ones.
                "gold": [str(a) for a in article_ids] if helpful else [],
                "date": at[:10].replace("-", "/"),
                "helpful": helpful,
                "cited": [str(a) for a in article_ids],
            }
        )
    articles: list[dict[str, object]] = []
    for article_id in cited:
        try:
            article = store.article(collection, article_id)
        except ArticleNotFound:
            log.info("article #%d of a vote was removed since; not exported", article_id)
            continue
        s = article.summary
        row: dict[str, object] = {
            "id": str(s.key),  # votes name articles by key
            "url": s.url,
            "title": s.title,
            "text": article.text,
        }
        if s.published:
            row["published"] = s.published
        if s.outlet:
            row["source"] = s.outlet
        articles.append(row)
    questions_path = folder / "questions.jsonl"
    articles_path = folder / "articles.jsonl"
    _write_jsonl(questions_path, questions)
    _write_jsonl(articles_path, articles)
    return FeedbackExport(
        questions=len(questions),
        helpful=sum(1 for q in questions if q["helpful"]),
        articles=len(articles),
        questions_path=questions_path,
        articles_path=articles_path,
    )


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")
