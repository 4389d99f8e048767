"""The command line's commands, by area as the bot's cogs are: ask, articles, admin, evaluation."""
