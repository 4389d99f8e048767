"""Soak the real bot: members ask continuously while a large file is added and a reindex runs.

python bench/soak.py [--members 4] [--file-kb 512] [--seed-articles 60] [--idle-s 30] [--json]
python bench/soak.py --quick --json
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import ROOT, emit, eval_articles, eval_questions, percentile_ms, table

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before onnxruntime is imported
sys.path.insert(0, str(ROOT / "tests" / "bot"))  # the harness that drives the real bot

from harness import GUILD_A, MANAGER, MOD, PLAIN, Harness, Run

from bot.common import guild_collection
from bot.render.style import ERROR_COLOUR
from config import load_settings
from retrieval.evaluation.data import EvalArticle
from retrieval.library import Library
from retrieval.types import ArticleDraft

COLLECTION = guild_collection(GUILD_A)
MEMBER_IDS = [100000000000000101 + n for n in range(64)]
ASK_TIMEOUT_S = 600.0
TICK_S = 0.01


@dataclass
class Soak:
    """What was measured: ask latencies by phase, errors and the event loop's lag."""

    phase: str = "setup"
    asks: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lags: dict[str, float] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, phase: str, seconds: float | None) -> None:
        if seconds is None:
            self.errors[phase] = self.errors.get(phase, 0) + 1
        else:
            self.asks.setdefault(phase, []).append(seconds)


def _is_error(run: Run) -> bool:
    return any(
        embed.get("color") == ERROR_COLOUR.value
        for sent in run.sent()
        for embed in sent.payload.get("embeds") or []
    )


def _answered(run: Run) -> bool:
    return any(s.via in ("followup", "response") for s in run.sent())


async def member(harness: Harness, soak: Soak, user: int, questions: list[str]) -> None:
    """Ask one question after another until told to stop, timing each to its answer."""
    loop = asyncio.get_running_loop()
    for question in itertools.cycle(questions):
        if soak.stop.is_set():
            return
        phase = soak.phase
        started = loop.time()
        run = harness.dispatch(
            harness.slash("ask", options={"question": question}, user=user, permissions=PLAIN)
        )
        while not _answered(run) and loop.time() - started < ASK_TIMEOUT_S:
            await asyncio.sleep(0.005)
        ok = _answered(run) and not _is_error(run)
        soak.record(phase, loop.time() - started if ok else None)
        # A real client keeps no transcript: holding every answer would grow the heap the
        # garbage collector walks, and its pauses would count as the bot's loop lag.
        harness.adapter.forget(run.token)


class GcPauses:
    """The longest garbage-collector pause, which stops the event loop like blocking work."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._started)


async def ticker(soak: Soak) -> None:
    """Measure how late the event loop wakes a 10 ms sleep, the worst per phase."""
    loop = asyncio.get_running_loop()
    while not soak.stop.is_set():
        expected = loop.time() + TICK_S
        await asyncio.sleep(TICK_S)
        lag = max(0.0, loop.time() - expected)
        soak.lags[soak.phase] = max(soak.lags.get(soak.phase, 0.0), lag)


async def run_job(harness: Harness, payload: dict[str, Any]) -> tuple[float, str | None]:
    """Start a job command and wait until it ends; return its seconds and its error, if any."""
    jobs = harness.bot.jobs
    before = len(jobs.recent(COLLECTION))
    started = time.perf_counter()
    run = harness.dispatch(payload)
    while len(jobs.recent(COLLECTION)) == before or jobs.running(COLLECTION):
        if _is_error(run) and not jobs.running(COLLECTION):
            return time.perf_counter() - started, run.text
        await asyncio.sleep(0.05)
    return time.perf_counter() - started, jobs.recent(COLLECTION)[0].error


def big_file(articles: list[EvalArticle], limit: int) -> bytes:
    """Concatenate eval articles (read at run time, never stored) up to about `limit` bytes."""
    parts: list[str] = []
    size = 0
    for article in itertools.cycle(articles):
        if size >= limit:
            break
        part = f"{article.title}\n\n{article.text}\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts).encode("utf-8")[:limit]


async def soak(args: argparse.Namespace, say: Any) -> dict[str, Any]:
    """Seed, start the harnessed bot, then run the add, reindex and idle phases."""
    questions = [q.question for q in eval_questions()]
    articles = eval_articles()
    seeded = articles[: args.seed_articles]
    data = big_file(articles[args.seed_articles :] or articles, args.file_kb * 1024)
    with tempfile.TemporaryDirectory(prefix="articlebot-soak-") as tmp:
        settings = load_settings(
            data_dir=Path(tmp) / "data",
            ask_cooldown_rate=1_000_000,
            add_cooldown_rate=1_000_000,
            max_file_bytes=max(len(data) + 1024, 10 * 1024 * 1024),
        )
        library = Library(settings)
        say(f"seeding {len(seeded)} articles")
        library.add_drafts(COLLECTION, [_draft(a) for a in seeded])
        harness = await Harness.start(library, settings)
        await harness.settle(timeout=300)  # the bot's warm-up loads the model
        result = await _phases(harness, args, questions, data, say)
        await harness.close()
        library.close()
    return result


async def _phases(
    harness: Harness, args: argparse.Namespace, questions: list[str], data: bytes, say: Any
) -> dict[str, Any]:
    state = Soak()
    members = [
        # Each member starts at another point of the question list.
        asyncio.create_task(member(harness, state, user, _rotate(questions, n * 17)))
        for n, user in enumerate(MEMBER_IDS[: args.members])
    ]
    timer = asyncio.create_task(ticker(state))
    pauses = GcPauses()
    gc.callbacks.append(pauses)
    state.phase = "add"
    say(f"adding a {len(data) // 1024} KB file while {args.members} members ask")
    state.durations["add"], add_error = await run_job(harness, harness.upload("big.txt", data))
    state.phase = "reindex"
    say("reindexing while members ask")
    payload = harness.slash("admin", "reindex", user=MOD, permissions=MANAGER)
    state.durations["reindex"], reindex_error = await run_job(harness, payload)
    state.phase = "idle"
    say(f"idle for {args.idle_s} s while members ask")
    await asyncio.sleep(args.idle_s)
    state.stop.set()
    await asyncio.gather(*members, timer)
    gc.callbacks.remove(pauses)
    result = _figures(state, args, len(data), add_error, reindex_error)
    result["gc_pause_max_ms"] = round(pauses.longest * 1000, 1)
    # What freezing during jobs kept from the collector: objects only a full collection of
    # the unfrozen heap frees (reference cycles), counted once the run is over.
    gc.unfreeze()
    result["uncollected_after_jobs"] = gc.collect()
    return result


def _figures(
    state: Soak,
    args: argparse.Namespace,
    file_bytes: int,
    add_error: str | None,
    reindex_error: str | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for phase, name in (("idle", "idle"), ("add", "during_add"), ("reindex", "during_reindex")):
        seconds = state.asks.get(phase, [])
        result[f"ask_p50_{name}_ms"] = percentile_ms(seconds, 50)
        result[f"ask_p95_{name}_ms"] = percentile_ms(seconds, 95)
        result[f"ask_max_{name}_ms"] = percentile_ms(seconds, 100)
        result[f"asks_{name}"] = len(seconds)
        result[f"loop_lag_max_{name}_ms"] = round(state.lags.get(phase, 0.0) * 1000, 1)
    result["loop_lag_max_ms"] = round(max(state.lags.values(), default=0.0) * 1000, 1)
    result["asks"] = sum(len(v) for v in state.asks.values())
    result["errors"] = sum(state.errors.values()) + (add_error is not None)
    result["errors"] += reindex_error is not None
    result["add_s"] = round(state.durations["add"], 1)
    result["reindex_s"] = round(state.durations["reindex"], 1)
    result["add_error"] = add_error
    result["reindex_error"] = reindex_error
    result["members"] = args.members
    result["file_bytes"] = file_bytes
    result["seed_articles"] = args.seed_articles
    return result


def phase_table(result: dict[str, Any]) -> str:
    """Format the per-phase figures as one row per phase."""
    rows = [("phase", "asks  p50 ms  p95 ms  max ms  loop lag ms")]
    for name in ("during_add", "during_reindex", "idle"):
        rows.append(
            (
                name.replace("during_", ""),
                f"{result[f'asks_{name}']:>4}  {result[f'ask_p50_{name}_ms']:>6.0f}  "
                f"{result[f'ask_p95_{name}_ms']:>6.0f}  {result[f'ask_max_{name}_ms']:>6.0f}  "
                f"{result[f'loop_lag_max_{name}_ms']:>11.0f}",
            )
        )
    return table(rows)


def _rotate(items: list[str], by: int) -> list[str]:
    by %= max(len(items), 1)
    return items[by:] + items[:by]


def _draft(article: EvalArticle) -> ArticleDraft:
    return ArticleDraft(
        text=article.text,
        title=article.title,
        url=article.url,
        published=article.published,
        source="eval",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=4, help="members asking continuously")
    parser.add_argument("--file-kb", type=int, default=512, help="size of the file added")
    parser.add_argument("--seed-articles", type=int, default=60, help="articles stored first")
    parser.add_argument("--idle-s", type=float, default=30.0, help="seconds of the idle phase")
    parser.add_argument("--quick", action="store_true", help="small sizes: about 2-3 minutes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.quick:
        args.file_kb, args.seed_articles, args.idle_s = 64, 10, 15.0
    logging.basicConfig(level=logging.ERROR)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = asyncio.run(soak(args, say))
    if not args.json:
        print()
        print(phase_table(result))
    emit(result, args.json)


if __name__ == "__main__":
    main()
