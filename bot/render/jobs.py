"""Render background jobs: progress lines, the hand-off note, status fields and channel posts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import discord

from bot.render.limits import FIELD_VALUE_LIMIT
from bot.render.text import escape_untrusted, one_line, truncate

if TYPE_CHECKING:
    from bot.jobs import Job

LABEL_CHARS = 120
NAMES = {"reindex": "reindex", "add": "add", "poll": "feed poll"}


def _label(job: Job) -> str:
    return truncate(escape_untrusted(one_line(job.label)), LABEL_CHARS)


def describe_job(job: Job) -> str:
    """Return "the reindex" or "the add of big.txt", escaped."""
    if job.kind == "add":
        return f"the add of {_label(job)}" if job.label else "the add"
    return f"the {NAMES.get(job.kind, job.kind)}"


def _count(job: Job) -> str:
    unit = "articles" if job.kind == "reindex" else "steps"
    percent = f" ({100 * job.done // job.total}%)" if job.total > 0 else ""
    return f"{job.done}/{job.total} {unit}{percent}"


def ago(seconds: float) -> str:
    """Return a duration as "12 s", "3 min" or "1 h 5 min"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def render_job_progress(job: Job) -> str | None:
    """Return the progress line a running job's reply shows, or None when it has no steps."""
    if job.total <= 0:
        return None
    current = truncate(escape_untrusted(one_line(job.current)), LABEL_CHARS)
    verb = "Reindexing…" if job.kind == "reindex" else f"Adding {_label(job)}…"
    return f"{verb} {_count(job)}" + (f" · {current}" if current else "")


def render_job_handoff(job: Job, channel_mention: str | None) -> str:
    """Tell the member, before the reply can no longer be edited, where the result will go."""
    where = f"in {channel_mention}" if channel_mention else "in this channel"
    progress = f" ({_count(job)})" if job.total > 0 else ""
    return (
        f"Still working on {describe_job(job)}{progress}. This reply can no longer be updated "
        f"after 15 minutes, so the result will be posted {where} when it is done."
    )


def render_job_refused(job: Job, now: dt.datetime) -> str:
    """Refuse a second job of the same kind while one runs (escaped later by render_error)."""
    progress = f", {_count(job)}" if job.total > 0 else ""
    started = ago((now - job.started_at).total_seconds())
    return (
        f"a {NAMES.get(job.kind, job.kind)} of this server's articles is already running "
        f"(started by {one_line(job.started_by_name)} {started} ago{progress}); "
        "try again when it is done"
    )


def render_job_finished(job: Job) -> str:
    """Open the channel post of a job that ended after its reply could no longer be edited."""
    took = ago(job.seconds())
    state = "failed" if job.error is not None else "finished"
    return f"<@{job.started_by}>, {describe_job(job)} you started {state} after {took}:"


def _line(job: Job, now: dt.datetime) -> str:
    # A feed poll is started by the bot itself, not by a member.
    who = f"<@{job.started_by}>" if job.started_by else "the bot"
    what = describe_job(job)
    what = what[4:] if what.startswith("the ") else what
    if job.finished_at is None:
        running = f" · {_count(job)}" if job.total > 0 else ""
        took = ago((now - job.started_at).total_seconds())
        return f"{what} by {who}, running for {took}{running}"
    when = f"{ago((now - job.finished_at).total_seconds())} ago"
    if job.error is not None:
        reason = truncate(escape_untrusted(one_line(job.error)), 150)
        return f"{what} by {who}, failed {when}: {reason}"
    outcome = truncate(escape_untrusted(one_line(job.outcome or "done")), 150)
    return f"{what} by {who}, done {when} in {ago(job.seconds())}: {outcome}"


def add_job_fields(
    embed: discord.Embed, running: list[Job], recent: list[Job], now: dt.datetime
) -> discord.Embed:
    """Add "Running jobs" and "Recent jobs" to a status embed (left out when empty)."""
    for name, jobs in (("Running jobs", running), ("Recent jobs", recent)):
        if jobs:
            value = "\n".join(truncate(_line(j, now), 300) for j in jobs)
            embed.add_field(name=name, value=truncate(value, FIELD_VALUE_LIMIT), inline=False)
    return embed
