"""Helpers shared by the benchmarks: eval data, chunking, percentiles and memory."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/x.py` from anywhere
    sys.path.insert(0, str(ROOT))

from retrieval.evaluation.data import (  # noqa: E402 - needs the path set up above
    EvalArticle,
    EvalQuestion,
    load_articles,
    load_questions,
)

__all__ = ["EvalArticle", "EvalQuestion", "emit", "eval_articles", "eval_questions"]

EVAL_DIR = ROOT.parent / "shared" / "eval" / "rtqa-dev"


def eval_articles() -> list[EvalArticle]:
    """Read the evaluation articles the way `articlebot eval` does."""
    return load_articles(EVAL_DIR / "articles.jsonl")


def eval_questions() -> list[EvalQuestion]:
    """Read the evaluation questions the way `articlebot eval` does."""
    return load_questions(EVAL_DIR / "questions.jsonl")


def emit(result: dict[str, Any], as_json: bool) -> None:
    """Print the figures as one JSON object, or as a table."""
    if as_json:
        print(json.dumps(result))
    else:
        print()
        print(table([(k, str(v)) for k, v in result.items()]))


def percentile_ms(seconds: list[float], q: float) -> float:
    """Return the q-th percentile of durations, in milliseconds."""
    return round(float(np.percentile(np.asarray(seconds) * 1000.0, q)), 2) if seconds else 0.0


def rss_mb() -> float:
    """Return this process's resident memory in MiB (Linux)."""
    return _status_mb("VmRSS:")


def peak_rss_mb() -> float:
    """Return this process's highest resident memory so far in MiB (Linux)."""
    return _status_mb("VmHWM:")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def table(rows: list[tuple[str, str]]) -> str:
    """Format (name, value) rows as a two-column table."""
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)
