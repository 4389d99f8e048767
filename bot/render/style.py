"""The colours and phrases that answers and reports share."""

from __future__ import annotations

import discord

ANSWER_COLOUR = discord.Colour.blurple()
NOT_FOUND_COLOUR = discord.Colour.gold()
ERROR_COLOUR = discord.Colour.red()
OK_COLOUR = discord.Colour.green()

NO_ARTICLES = "No articles yet: add some with `/add`."
