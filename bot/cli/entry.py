"""Run one command: parse, set up logging and settings, and turn failures into exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.cli.console import err, fail
from bot.cli.failures import describe
from bot.cli.parser import Handler, UsageError, build_parser
from config import Settings, load_settings
from retrieval.errors import InvalidInput

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        _refuse_undecodable(arguments)
        args = build_parser().parse_args(arguments)
    except UsageError as error:
        err.print(f"articlebot: error: {error}", markup=False, highlight=False)
        return 1
    for name, default in (("collection", None), ("data_dir", None), ("verbose", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    _set_up_logging(args)
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    try:
        settings = load_settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        fail(f"invalid setting: {problems}")
        return 1
    return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        _check_data_dir(Path(settings.data_dir))
        collection = args.collection or settings.default_collection
        handler: Handler = args.handler
        return handler(args, settings, collection)
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:
        # A traceback is for developers (-v); the user gets one line saying what went wrong.
        if args.verbose:
            log.exception("command failed")
        fail(describe(error, Path(settings.data_dir)))
        return 1


def _refuse_undecodable(arguments: list[str]) -> None:
    """Refuse bytes that are not UTF-8 (they reach Python as lone surrogates) up front."""
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise UsageError(f"argument {shown!r} is not valid UTF-8 text") from None


def _set_up_logging(args: argparse.Namespace) -> None:
    """Log progress with -v; otherwise keep log lines out of a command's output.

    A command reports its own failure in one line; a warning logged on the way would print
    before it. The bot (`run`) is a service whose warnings belong in its log.
    """
    if args.verbose:
        level = logging.INFO
    elif getattr(args, "command", None) == "run":
        level = logging.WARNING
    else:
        level = logging.CRITICAL + 1
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _check_data_dir(data_dir: Path) -> None:
    """Name a data directory, or its indexes folder, that is a file before anything is written."""
    for folder in (data_dir, data_dir / "indexes"):
        if folder.exists() and not folder.is_dir():
            raise InvalidInput(f"{folder} is a file, not a folder: move it or pick another")
