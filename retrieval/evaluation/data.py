"""Evaluation sets: JSONL articles and questions, read into EvalArticle and EvalQuestion."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from retrieval.errors import InvalidInput


@dataclass(frozen=True)
class EvalArticle:
    """One article of an evaluation corpus."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class EvalQuestion:
    """One evaluation question with its short answer and the articles that answer it."""

    id: str
    question: str
    answer: str
    gold: tuple[str, ...]
    date: str | None = None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")


def url_date(url: str | None) -> str | None:
    """Return the ISO date a news URL carries in its path (/2022/06/12/), if any."""
    match = _URL_DATE.search(url or "")
    return "-".join(match.groups()) if match else None


def question_date(question: EvalQuestion) -> date | None:
    """Return the date a question was asked (YYYY/MM/DD or ISO), or None."""
    if not question.date:
        return None
    try:
        return date.fromisoformat(question.date.replace("/", "-")[:10])
    except ValueError:
        return None


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InvalidInput(f"{path}:{number}: expected a JSON object")
        yield number, record


def load_articles(path: Path) -> list[EvalArticle]:
    """Read an articles.jsonl file."""
    articles: list[EvalArticle] = []
    for number, r in _read_jsonl(path):
        if not isinstance(r.get("id"), str) or not isinstance(r.get("text"), str):
            raise InvalidInput(f"{path}:{number}: an article needs string 'id' and 'text'")
        articles.append(
            EvalArticle(
                id=r["id"],
                title=str(r.get("title") or ""),
                text=r["text"],
                url=r.get("url") or None,
                # Many outlets date their URLs; that date stands in when none is given.
                published=r.get("published") or url_date(r.get("url")),
                source=r.get("source") or None,
            )
        )
    return articles


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a questions.jsonl file."""
    questions: list[EvalQuestion] = []
    for number, r in _read_jsonl(path):
        gold = r.get("gold")
        if (
            not isinstance(r.get("question"), str)
            or not isinstance(r.get("answer"), str)
            or not isinstance(gold, list)
        ):
            raise InvalidInput(
                f"{path}:{number}: a question needs 'question', 'answer' and a 'gold' list"
            )
        questions.append(
            EvalQuestion(
                id=str(r.get("id") or number),
                question=r["question"],
                answer=r["answer"],
                gold=tuple(str(g) for g in gold),
                date=r.get("date") or None,
            )
        )
    return questions
