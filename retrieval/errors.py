"""Errors a user can cause and fix; each carries a message fit to show them as is."""

from __future__ import annotations


class ArticlebotError(Exception):
    """Base of every error whose message is meant for the user."""

    # What failed (a URL, a file), set where a bulk add needs to report it.
    source: str | None = None

    @property
    def message(self) -> str:
        return str(self)


class InvalidQuestion(ArticlebotError):
    """The question is empty or too long."""


class InvalidInput(ArticlebotError):
    """An argument is malformed (an empty text, an unknown collection name...)."""


class FetchError(ArticlebotError):
    """A URL could not be fetched."""


class BlockedURL(FetchError):
    """The URL's scheme, port, credentials or address are not allowed."""


class ContentTooLarge(FetchError):
    """The body (or a file) is larger than the configured cap."""


class UnsupportedContent(FetchError):
    """The content type or file type is not one articlebot reads."""


class ExtractionError(ArticlebotError):
    """The document holds no article text articlebot can use."""


class DuplicateArticle(ArticlebotError):
    """The article is already in the collection."""

    def __init__(self, article_id: int, title: str, key: int | None = None) -> None:
        super().__init__(f"already in the library as #{article_id}: {title}")
        self.article_id = article_id  # the number users see in this collection
        self.title = title
        self.key = key  # the stored article's row id, when it is stored


class ArticleNotFound(ArticlebotError):
    """No article with that id in this collection."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"no article #{article_id} in this collection")
        self.article_id = article_id


class NeedsReindex(ArticlebotError):
    """Stored vectors or the index come from another model or chunker."""


class CollectionRemoved(ArticlebotError):
    """The collection was deleted when the bot left its server; nothing more is stored in it."""

    def __init__(self, collection: str) -> None:
        super().__init__(
            "the bot has left this server and deleted its articles: nothing was stored"
        )
        self.collection = collection
