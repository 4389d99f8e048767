"""Where the command line writes: results to stdout, errors and progress bars to stderr."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import rich.progress
from rich.console import Console
from rich.markup import escape

from retrieval.types import Progress

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Control characters (ESC starts terminal escape sequences, CR overwrites a line) and the
# bidirectional overrides and isolates that make text display in another order than it reads.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def inert(text: str, *, one_line: bool = False) -> str:
    """Return untrusted text (an article's, a file name) safe for the terminal, markup escaped."""
    text = _UNSAFE.sub("", text)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return escape(text)


def fail(message: str) -> None:
    """Print a one-line error on stderr."""
    err.print(f"[red]error:[/red] {inert(message, one_line=True)}")


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """Show a progress bar on stderr and yield the callback that advances it."""
    with rich.progress.Progress(
        rich.progress.TextColumn("[bold]{task.description}"),
        rich.progress.BarColumn(),
        rich.progress.MofNCompleteColumn(),
        rich.progress.TimeElapsedColumn(),
        rich.progress.TextColumn("{task.fields[item]}"),
        console=err,
        transient=True,
        # Redrawn frames are for a terminal; piped or logged stderr gets only the outcome.
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None, item="")

        def advance(done: int, total: int, item: str) -> None:
            bar.update(task, completed=done, total=total, item=inert(item[:50], one_line=True))

        yield advance
