"""Run one command: parse, set up logging and settings, and turn failures into exit codes."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from rich.markup import escape

from bot.cli.console import err
from bot.cli.parser import Handler, build_parser
from config import load_settings
from retrieval.errors import ArticlebotError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    for name, default in (("collection", None), ("data_dir", None), ("verbose", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    try:
        settings = load_settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        err.print(f"[red]error:[/red] invalid setting: {escape(problems)}")
        return 2
    try:
        collection = args.collection or settings.default_collection
        handler: Handler = args.handler
        return handler(args, settings, collection)
    except ArticlebotError as error:
        err.print(f"[red]error:[/red] {escape(error.message)}")
        return 1
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
