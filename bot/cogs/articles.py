"""/add url|file|text, /article list|show|remove, and the "Add to articles" context menu.

Adding is its own top-level command so that a server can gate it apart from reading in
Discord's Integrations page, which sets permissions per top-level command.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import Awaitable, Callable
from pathlib import PurePath

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import ArticleBot, ShuttingDown
from bot.common import defer, first_link, guild_collection
from bot.cooldowns import cooldown
from bot.jobs import Job, Outcome
from bot.permissions import ADDS_ARTICLES, NotAllowed, can_add, guild_required, may_remove
from bot.render.reports import (
    render_added,
    render_article,
    render_article_list,
    render_error,
)
from bot.render.text import escape_untrusted
from bot.tree import describe_error
from bot.views import AddTextModal, ArticleListView, ReopenFormView, TextForm
from retrieval.errors import ContentTooLarge, DuplicateArticle, InvalidInput, UnsupportedContent
from retrieval.ingest.extract import SUPPORTED_SUFFIXES
from retrieval.library import Library
from retrieval.types import AddResult, ArticleSummary

log = logging.getLogger(__name__)

PAGE_SIZE = 10
_HTTP_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _collection(interaction: discord.Interaction[ArticleBot]) -> str:
    if interaction.guild_id is None:  # guarded by guild_required(); kept for the type checker
        raise app_commands.NoPrivateMessage("use this in a server")
    return guild_collection(interaction.guild_id)


async def article_choices(
    interaction: discord.Interaction[ArticleBot], current: str
) -> list[app_commands.Choice[int]]:
    """Suggest this server's articles from the in-memory titles (no database, no model)."""
    if interaction.guild_id is None:
        return []
    collection = guild_collection(interaction.guild_id)
    bot = interaction.client
    if collection not in bot.titles:
        bot.schedule_title_refresh(collection)
        return []
    return [
        app_commands.Choice(name=name, value=article_id)
        for article_id, name in bot.titles.matches(collection, current)
    ]


def _page(library: Library, collection: str, page: int) -> tuple[list[ArticleSummary], int, int]:
    """Return one page of summaries, the page count and the total, in one thread hop."""
    total = library.count(collection)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return library.articles(collection, offset=page * PAGE_SIZE, limit=PAGE_SIZE), pages, total


class ArticlesCog(commands.Cog):
    """Add, list, show and remove the articles of the server."""

    article = app_commands.Group(
        name="article",
        description="List, show and remove this server's articles (add them with /add)",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )
    add = app_commands.Group(
        name="add",
        description="Add an article from a link, a file or pasted text",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        extras={ADDS_ARTICLES: True},
    )

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.add_menu = app_commands.ContextMenu(
            name="Add to articles", callback=self.add_from_message, extras={ADDS_ARTICLES: True}
        )

    async def cog_load(self) -> None:
        """Register the context menu, which cannot live inside a cog class."""
        self.bot.tree.add_command(self.add_menu)

    async def cog_unload(self) -> None:
        """Unregister the context menu."""
        self.bot.tree.remove_command(self.add_menu.name, type=self.add_menu.type)

    # -- adding ----------------------------------------------------------------------------------

    @add.command(name="url")
    @app_commands.describe(url="The article's web address (http or https)")
    @cooldown("add")
    @can_add()
    @guild_required()
    async def add_url(self, interaction: discord.Interaction[ArticleBot], url: str) -> None:
        """Add the article at a web address."""
        collection = _collection(interaction)
        link = url.strip()
        added_by = str(interaction.user.id)
        self._start_add(
            interaction,
            collection,
            link,
            lambda: self.bot.call(self.bot.library.add_url, collection, link, added_by=added_by),
        )

    @add.command(name="file")
    @app_commands.describe(file="A .txt, .md, .html or .pdf file")
    @cooldown("add")
    @can_add()
    @guild_required()
    async def add_file(
        self, interaction: discord.Interaction[ArticleBot], file: discord.Attachment
    ) -> None:
        """Add an article from an attached .txt, .md, .html or .pdf file."""
        collection = _collection(interaction)
        # Type and size are known from the attachment's metadata: refuse before downloading.
        suffix = PurePath(file.filename).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UnsupportedContent(
                f"{file.filename} is not a file I read: use .txt, .md, .html or .pdf"
            )
        limit = self.bot.settings.max_file_bytes
        if file.size > limit:
            raise ContentTooLarge(
                f"{file.filename} is {_size(file.size)}; the limit is {_size(limit)}"
            )
        added_by = str(interaction.user.id)

        async def add() -> AddResult:
            data = await file.read()
            return await self.bot.call(
                self.bot.library.add_bytes, collection, data, file.filename, added_by=added_by
            )

        self._start_add(interaction, collection, file.filename, add)

    @add.command(name="text")
    @cooldown("add")
    @can_add()
    @guild_required()
    async def add_text(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Paste an article's text into a form."""
        await interaction.response.send_modal(self._text_modal(TextForm()))

    def _text_modal(self, form: TextForm) -> AddTextModal:
        minimum = self.bot.settings.min_article_chars
        return AddTextModal(self._submit_text, min_chars=minimum, form=form)

    def _text_problem(self, form: TextForm) -> str | None:
        """Say what is wrong with a submitted form, before any work is done."""
        length = len(form.body.strip())
        minimum = self.bot.settings.min_article_chars
        if length < minimum:
            return (
                f"that text is too short to be an article ({length} characters; at least {minimum})"
            )
        if form.link and not _HTTP_LINK.match(form.link):
            return "the link must be a web address starting with http:// or https://"
        return None

    async def _submit_text(
        self, interaction: discord.Interaction[ArticleBot], form: TextForm
    ) -> None:
        collection = _collection(interaction)
        problem = self._text_problem(form)
        if problem is not None:
            # A modal cannot check a field's format itself: refuse with a button that opens
            # the form again as it was, so the pasted text is never lost.
            view = ReopenFormView(lambda: self._text_modal(form))
            sent = await interaction.response.send_message(
                embed=render_error(problem), view=view, ephemeral=True
            )
            if isinstance(sent.resource, discord.InteractionMessage):
                view.message = sent.resource
            return
        title = form.title.strip() or None
        added_by = str(interaction.user.id)
        self._start_add(
            interaction,
            collection,
            title or "pasted text",
            lambda: self.bot.call(
                self.bot.library.add_text,
                collection,
                form.body,
                title=title,
                url=form.link or None,
                added_by=added_by,
            ),
        )

    @cooldown("add")
    @can_add()
    @guild_required()
    @app_commands.guild_only()
    async def add_from_message(
        self, interaction: discord.Interaction[ArticleBot], message: discord.Message
    ) -> None:
        """Add the message's first link, or else its text, as an article."""
        collection = _collection(interaction)
        link = first_link(message.content)
        added_by = str(interaction.user.id)
        if link is not None:
            self._start_add(
                interaction,
                collection,
                link,
                lambda: self.bot.call(
                    self.bot.library.add_url, collection, link, added_by=added_by
                ),
            )
            return
        length = len(message.content.strip())
        if not length:
            raise InvalidInput("that message has no link or text to add")
        minimum = self.bot.settings.min_article_chars
        if length < minimum:
            raise InvalidInput(
                f"that message is too short to be an article ({length} characters; "
                f"at least {minimum})"
            )
        self._start_add(
            interaction,
            collection,
            message.jump_url,
            lambda: self.bot.call(
                self.bot.library.add_text,
                collection,
                message.content,
                url=message.jump_url,
                author=message.author.display_name,
                added_by=added_by,
            ),
        )

    def _start_add(
        self,
        interaction: discord.Interaction[ArticleBot],
        collection: str,
        source: str,
        add: Callable[[], Awaitable[AddResult]],
    ) -> None:
        """Run an add as a job of the collection, so a long one still reports its result."""
        user = interaction.user
        job = Job(collection, "add", source, user.id, user.display_name)

        async def work(job: Job) -> Outcome:
            try:
                result = await add()
            except (DuplicateArticle, ShuttingDown):
                raise  # nothing failed: the article is there, or the bot took no new work
            except Exception as error:
                await self._record_failure(job, error)
                raise
            # The article is stored: a shutdown refusing the title reload must not hide that.
            with contextlib.suppress(ShuttingDown):
                await self.bot.refresh_titles(collection)
            summary = result.article
            return Outcome(render_added(result), f"added #{summary.id}: {summary.title}")

        self.bot.jobs.start(interaction, job, work, ephemeral=False)

    async def _record_failure(self, job: Job, error: Exception) -> None:
        """List a failed add under "Recent failures" of `/admin status`."""
        reason = describe_error(error) or "unexpected error (see the bot's log)"
        try:
            await self.bot.call(self.bot.library.record_failure, job.collection, job.label, reason)
        except Exception:  # the add's own error is what the member must see
            log.warning("could not record the failure of %s", job.label, exc_info=True)

    # -- reading ---------------------------------------------------------------------------------

    @article.command(name="list")
    @guild_required()
    async def list_articles(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """List this server's articles, newest first."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=True)
        summaries, pages, total = await self.bot.call(_page, self.bot.library, collection, 0)
        embed = render_article_list(summaries, 0, pages, total)

        async def fetch(page: int) -> tuple[discord.Embed, int]:
            rows, count, all_articles = await self.bot.call(
                _page, self.bot.library, collection, page
            )
            return render_article_list(rows, min(page, count - 1), count, all_articles), count

        if pages > 1:
            view = ArticleListView(interaction.user.id, pages, fetch)
            view.message = await interaction.followup.send(
                embed=embed, view=view, ephemeral=True, wait=True
            )
        else:
            await interaction.followup.send(embed=embed, ephemeral=True)

    @article.command(name="show")
    @app_commands.describe(article="The article: start typing its title")
    @app_commands.autocomplete(article=article_choices)
    @guild_required()
    async def show(self, interaction: discord.Interaction[ArticleBot], article: int) -> None:
        """Show an article's details and the start of its text."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=False)
        found = await self.bot.call(self.bot.library.get, collection, article)
        copies = await self.bot.call(self.bot.library.story_copies, collection, article)
        await interaction.followup.send(embed=render_article(found, copies))

    @article.command(name="remove")
    @app_commands.describe(article="The article: start typing its title")
    @app_commands.autocomplete(article=article_choices)
    @guild_required()
    async def remove(self, interaction: discord.Interaction[ArticleBot], article: int) -> None:
        """Remove an article you added (any article, with Manage Server)."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=True)
        found = await self.bot.call(self.bot.library.get, collection, article)
        if not may_remove(found.summary, interaction.user.id, interaction.permissions):
            raise NotAllowed(
                f"#{article} was added by someone else; removing it needs Manage Server"
            )
        removed = await self.bot.call(self.bot.library.remove, collection, article)
        await self.bot.refresh_titles(collection)
        await interaction.followup.send(
            f"Removed #{removed.id}: {escape_untrusted(removed.title)}", ephemeral=True
        )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(ArticlesCog(bot))
