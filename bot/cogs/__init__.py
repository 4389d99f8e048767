"""Cogs: thin slash-command, context-menu and text-command layers over the `Library`."""
