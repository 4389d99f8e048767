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

EVAL_DIR = ROOT.parent / "shared" / "eval" / "rtqa-dev"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def percentile_ms(seconds: list[float], q: float) -> float:
    """Return the q-th percentile of durations, in milliseconds."""
    return round(float(np.percentile(np.asarray(seconds) * 1000.0, q)), 2) if seconds else 0.0


def rss_mb() -> float:
    """Return this process's resident memory in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def table(rows: list[tuple[str, str]]) -> str:
    """Format (name, value) rows as a two-column table."""
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)
