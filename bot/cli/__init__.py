"""The `articlebot` command-line tool: everything the bot does, without Discord."""

from bot.cli.entry import main

__all__ = ["main"]
