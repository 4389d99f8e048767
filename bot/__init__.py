"""The Discord adapter of articlebot (bot, cogs, rendering) and the command-line tool."""
