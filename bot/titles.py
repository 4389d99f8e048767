"""The in-memory title lists that autocomplete reads (never the database or the model)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit on autocomplete choices
MAX_CHOICE_NAME = 100  # Discord's limit on a choice's name


class TitleCache:
    """(id, title) of every article per collection, refreshed after adds and removals."""

    def __init__(self) -> None:
        self._titles: dict[str, list[tuple[int, str]]] = {}

    def get(self, collection: str) -> list[tuple[int, str]] | None:
        """Return the cached titles of a collection, or None when not loaded yet."""
        return self._titles.get(collection)

    def set(self, collection: str, titles: list[tuple[int, str]]) -> None:
        """Replace a collection's titles."""
        self._titles[collection] = list(titles)

    def drop(self, collection: str) -> None:
        """Forget a collection."""
        self._titles.pop(collection, None)

    def __contains__(self, collection: object) -> bool:
        return collection in self._titles

    def matches(self, collection: str, current: str) -> list[tuple[int, str]]:
        """Return up to 25 (id, choice name) pairs whose title or #id matches what was typed."""
        titles = self._titles.get(collection) or []
        typed = " ".join(current.lower().split())
        number = typed.lstrip("#")
        starts: list[tuple[int, str]] = []
        contains: list[tuple[int, str]] = []
        for article_id, title in titles:
            lowered = title.lower()
            if not typed or lowered.startswith(typed) or str(article_id) == number:
                starts.append((article_id, title))
            elif typed in lowered:
                contains.append((article_id, title))
        return [(i, _choice_name(i, t)) for i, t in (starts + contains)[:MAX_CHOICES]]


def _choice_name(article_id: int, title: str) -> str:
    name = f"#{article_id} {' '.join(title.split())}"
    if len(name) > MAX_CHOICE_NAME:
        name = name[: MAX_CHOICE_NAME - 1] + "…"
    return name
