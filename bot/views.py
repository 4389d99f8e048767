"""Buttons and modals: answer buttons (persistent), passage and list pages, the add-text form."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import discord

from bot.common import to_files
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


# What an answer button does: "more" passages, a "helpful" or "unhelpful" vote, or a thread
# for a "follow-up". The id is the kept answer's (`answers` table), so the button works for
# as long as the answer is kept, across restarts and long after VIEW_TIMEOUT_S.
ANSWER_BUTTON = re.compile(
    r"articlebot:answer:(?P<action>more|helpful|unhelpful|follow-up):(?P<answer>[0-9]{1,19})"
)
_LOOKS: dict[str, tuple[str, str | None, discord.ButtonStyle]] = {
    "more": ("More passages", None, discord.ButtonStyle.secondary),
    "helpful": ("Helpful", "👍", discord.ButtonStyle.success),
    "unhelpful": ("Not helpful", "👎", discord.ButtonStyle.secondary),
    "follow-up": ("Ask a follow-up", "💬", discord.ButtonStyle.primary),
}


class AnswerActions(Protocol):
    """What the bot does when an answer button is pressed (`bot/conversations.py`)."""

    async def press(
        self, interaction: discord.Interaction[Any], action: str, answer_id: int
    ) -> None: ...


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_BUTTON):
    """One button under an answer; rebuilt from its custom id whenever it is pressed."""

    def __init__(self, action: str, answer_id: int) -> None:
        label, emoji, style = _LOOKS[action]
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji=emoji,
                style=style,
                custom_id=f"articlebot:answer:{action}:{answer_id}",
            )
        )
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        """Rebuild the button a member pressed from its custom id."""
        return cls(match["action"], int(match["answer"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the bot; report failures (discord.py only logs a dynamic item's)."""
        try:
            actions: AnswerActions = interaction.client.answer_actions
            await actions.press(interaction, self.action, self.answer_id)
        except Exception as error:  # noqa: BLE001 - every failure is reported to the member
            await report_error(interaction, error)


class AnswerView(discord.ui.View):
    """Under an answer: "More passages", helpful / not helpful, and "Ask a follow-up".

    Every button is an `AnswerButton`, which discord.py dispatches by its custom id alone: the
    view is neither kept in memory nor timed out, so the buttons outlive it and the process.
    """

    def __init__(
        self, answer: Answer, answer_id: int, pages: int, *, follow_up: bool = True
    ) -> None:
        super().__init__(timeout=None)
        if pages >= 1:
            self.add_item(AnswerButton("more", answer_id))
        # Nothing was quoted or suggested: there is nothing to rate.
        if answer.quotes or answer.sources:
            self.add_item(AnswerButton("helpful", answer_id))
            self.add_item(AnswerButton("unhelpful", answer_id))
        if follow_up:
            self.add_item(AnswerButton("follow-up", answer_id))


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
    """The form behind `/add text`: a title, the article text and an optional link."""

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
