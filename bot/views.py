"""Buttons and modals: answer feedback, "More passages", list pages, the add-text form."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import discord

from bot.common import message_kwargs, to_files
from bot.render.answers import render_answer
from bot.tree import report_error
from retrieval.types import Answer

log = logging.getLogger(__name__)

# Interaction tokens live 15 minutes; a view must tidy its message up before that.
VIEW_TIMEOUT_S = 600.0


class ReportingView(discord.ui.View):
    """A view whose errors go through the same funnel as the commands."""

    timeout_s: ClassVar[float] = VIEW_TIMEOUT_S
    message: discord.Message | None = None

    def __init__(self) -> None:
        super().__init__(timeout=self.timeout_s)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        """Report a button's error ephemerally."""
        await report_error(interaction, error)

    async def on_timeout(self) -> None:
        """Take the expired buttons off the message."""
        if self.message is not None:
            try:
                await self.message.edit(view=None)
            except discord.HTTPException:
                log.debug("could not remove expired buttons from %s", self.message.id)


# Records one member's helpful (True) or not helpful (False) vote on an answer.
VoteRecorder = Callable[[Answer, bool, int], Awaitable[None]]


class AnswerView(ReportingView):
    """Under an answer: "More passages" (when there are any) and helpful / not helpful."""

    def __init__(self, answer: Answer, pages: int, record_vote: VoteRecorder) -> None:
        super().__init__()
        # Packed: a busy server keeps hundreds of answers' buttons alive for VIEW_TIMEOUT_S, and
        # as objects their passages would lengthen every garbage collection, which stalls the
        # event loop; bytes are never scanned. Unpacked only when a button is pressed.
        self._packed = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        self.pages = pages
        self.record_vote = record_vote
        self.voters: set[int] = set()
        if pages < 1:
            self.remove_item(self.more_passages)
        if not answer.quotes and not answer.sources:
            # Nothing was quoted or suggested: there is nothing to rate.
            self.remove_item(self.helpful)
            self.remove_item(self.not_helpful)

    @property
    def answer(self) -> Answer:
        """Return the answer under these buttons."""
        answer: Answer = pickle.loads(self._packed)  # bytes this view packed itself
        return answer

    @discord.ui.button(label="More passages", style=discord.ButtonStyle.secondary)
    async def more_passages(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]
    ) -> None:
        """Show the first page of further passages, to the one who asked for them."""
        answer = self.answer
        pager = PassagePager(answer, self.pages)
        rendered = render_answer(answer, page=1)
        await interaction.response.send_message(
            **message_kwargs(rendered.content, rendered.embeds, rendered.files),
            view=pager,
            ephemeral=True,
        )

    @discord.ui.button(label="Helpful", emoji="👍", style=discord.ButtonStyle.success)
    async def helpful(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]
    ) -> None:
        """Record that the answer helped."""
        await self._vote(interaction, helpful=True)

    @discord.ui.button(label="Not helpful", emoji="👎", style=discord.ButtonStyle.secondary)
    async def not_helpful(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]
    ) -> None:
        """Record that the answer did not help."""
        await self._vote(interaction, helpful=False)

    async def _vote(self, interaction: discord.Interaction[Any], *, helpful: bool) -> None:
        user_id = interaction.user.id
        if user_id in self.voters:
            await interaction.response.send_message(
                "You already rated this answer. Thanks!", ephemeral=True
            )
            return
        self.voters.add(user_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await self.record_vote(self.answer, helpful, user_id)
        except BaseException:
            self.voters.discard(user_id)
            raise
        await interaction.followup.send(
            "Thanks: your rating helps tune the answers.", ephemeral=True
        )


class PassagePager(ReportingView):
    """Previous / next through the "More passages" pages of one answer (pages 1..n)."""

    def __init__(self, answer: Answer, pages: int) -> None:
        super().__init__()
        self.answer = answer
        self.pages = pages
        self.page = 1
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[PassagePager]
    ) -> None:
        """Show the previous page of passages."""
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[PassagePager]
    ) -> None:
        """Show the next page of passages."""
        await self._show(interaction, self.page + 1)

    async def _show(self, interaction: discord.Interaction[Any], page: int) -> None:
        self.page = min(max(page, 1), self.pages)
        self._sync_buttons()
        rendered = render_answer(self.answer, page=self.page)
        await interaction.response.edit_message(
            content=rendered.content or None,
            embeds=rendered.embeds,
            attachments=to_files(rendered.files),
            view=self,
        )


PageFetcher = Callable[[int], Awaitable[tuple[discord.Embed, int]]]


class ArticleListView(ReportingView):
    """Previous / next through `/article list`, for the member who listed."""

    def __init__(
        self,
        owner_id: int,
        pages: int,
        fetch: PageFetcher,
    ) -> None:
        super().__init__()
        self.owner_id = owner_id
        self.pages = pages
        self.page = 0
        self.fetch = fetch
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Let only the member who ran the list turn its pages."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to someone else's list: run `/article list` yourself.",
            ephemeral=True,
        )
        return False

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ArticleListView]
    ) -> None:
        """Show the previous page of articles."""
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ArticleListView]
    ) -> None:
        """Show the next page of articles."""
        await self._show(interaction, self.page + 1)

    async def _show(self, interaction: discord.Interaction[Any], page: int) -> None:
        await interaction.response.defer()  # the page is read from the database in a thread
        embed, pages = await self.fetch(max(page, 0))
        self.pages = pages
        self.page = min(max(page, 0), pages - 1)
        self._sync_buttons()
        await interaction.edit_original_response(embed=embed, view=self)


@dataclass(frozen=True)
class TextForm:
    """What a member typed into the add-text form, kept to refill it after a refusal."""

    title: str = ""
    body: str = ""
    link: str = ""


TextSubmit = Callable[[discord.Interaction[Any], TextForm], Awaitable[None]]


class AddTextModal(discord.ui.Modal, title="Add an article"):
    """The form behind `/article add text`: a title, the article text and an optional link."""

    article_title: discord.ui.TextInput[AddTextModal] = discord.ui.TextInput(
        label="Title",
        placeholder="Leave empty to use the first line of the text",
        required=False,
        max_length=300,
    )
    body: discord.ui.TextInput[AddTextModal] = discord.ui.TextInput(
        label="Article text",
        style=discord.TextStyle.paragraph,
        placeholder="Paste the article here",
        min_length=1,
        max_length=4000,
    )
    link: discord.ui.TextInput[AddTextModal] = discord.ui.TextInput(
        label="Link to the original (optional)",
        placeholder="https://…",
        required=False,
        max_length=500,
    )

    def __init__(self, submit: TextSubmit, *, min_chars: int = 1, form: TextForm = TextForm()):
        super().__init__(timeout=VIEW_TIMEOUT_S)
        self._submit = submit
        # Discord's client refuses a shorter text before submitting, so nothing typed is lost.
        self.body.min_length = min(max(min_chars, 1), 4000)
        self.article_title.default = form.title or None
        self.body.default = form.body or None
        self.link.default = form.link or None

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the form's fields to the cog that opened it."""
        form = TextForm(self.article_title.value, self.body.value, self.link.value.strip())
        await self._submit(interaction, form)

    async def on_error(  # type: ignore[override]  # discord.ui.Modal's own signature
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        """Report a failed add ephemerally."""
        await report_error(interaction, error)


class ReopenFormView(ReportingView):
    """Under a refused form: one button that opens the form again with what was typed."""

    def __init__(self, reopen: Callable[[], discord.ui.Modal]) -> None:
        super().__init__()
        self._reopen = reopen

    @discord.ui.button(label="Edit and resubmit", style=discord.ButtonStyle.primary)
    async def edit(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReopenFormView]
    ) -> None:
        """Open the form again, filled in as it was."""
        await interaction.response.send_modal(self._reopen())
