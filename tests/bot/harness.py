"""A harness that drives the real bot and command tree with gateway payloads, offline.

Interactions are fed to `bot._connection.parse_interaction_create` exactly as the gateway would
deliver them; everything the bot sends to Discord is recorded instead of sent: webhook and
interaction calls through a recording `AsyncWebhookAdapter` set in `async_context`, and the few
REST calls made outside webhooks (message replies, typing, attachment downloads, command sync)
through recorders put in place of the HTTP client's methods.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.app import ArticleBot
from bot.common import guild_collection
from config import Settings
from retrieval.library import Library

FIXTURE_ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "blinken-israel-visit.txt"

APP_ID = 700000000000000001
BOT_ID = 700000000000000002
OWNER_ID = 600000000000000001
GUILD_A = 500000000000000001
GUILD_B = 500000000000000002
CHANNEL = {GUILD_A: 400000000000000001, GUILD_B: 400000000000000002}
DM_CHANNEL = 400000000000000009
ADDERS_ROLE = 300000000000000001
BOT_ROLE = 300000000000000100  # the role Discord gives the bot in each guild (+ guild % 10)
ATTACHMENT_ID = 900000000000000001

ALICE = 100000000000000001  # a plain member
BOB = 100000000000000002  # another plain member
MOD = 100000000000000003  # has Manage Server

_PLAIN = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
)
PLAIN = _PLAIN.value
MANAGER = (_PLAIN | discord.Permissions(manage_guild=True)).value
MESSAGE_MANAGER = (_PLAIN | discord.Permissions(manage_messages=True)).value

EPHEMERAL = 64
RESPONSE_MESSAGE = 4
RESPONSE_DEFERRED = 5
RESPONSE_DEFERRED_UPDATE = 6
RESPONSE_UPDATE = 7
RESPONSE_AUTOCOMPLETE = 8
RESPONSE_MODAL = 9

_ids = itertools.count(1)


def snowflake() -> int:
    """Return a fresh id whose timestamp is now (cooldowns read an interaction's time from it)."""
    return discord.utils.time_snowflake(dt.datetime.now(dt.UTC)) + next(_ids) % 4096


def user_payload(user_id: int, name: str | None = None, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id % 1000}",
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


USER_NAMES = {ALICE: "alice", BOB: "bob", MOD: "mod", OWNER_ID: "owner"}


def embed_text(embed: dict[str, Any]) -> str:
    """Return every visible string of an embed payload."""
    parts = [embed.get("title") or "", embed.get("description") or ""]
    for item in embed.get("fields", []):
        parts += [item.get("name") or "", item.get("value") or ""]
    parts.append((embed.get("footer") or {}).get("text") or "")
    parts.append((embed.get("author") or {}).get("name") or "")
    return "\n".join(p for p in parts if p)


def message_text(message: dict[str, Any]) -> str:
    """Return the content and embed text of a message payload."""
    parts = [message.get("content") or ""]
    parts += [embed_text(e) for e in message.get("embeds") or []]
    return "\n".join(p for p in parts if p)


def custom_ids(message: dict[str, Any]) -> dict[str, str]:
    """Map each button's label to its custom id."""
    found: dict[str, str] = {}
    for row in message.get("components") or []:
        for item in row.get("components", []):
            if "custom_id" in item:
                found[item.get("label") or item["custom_id"]] = item["custom_id"]
    return found


@dataclass
class Call:
    """One request the bot made to Discord."""

    method: str
    path: str
    token: str | None
    payload: dict[str, Any] | None
    files: list[tuple[str, bytes]]
    params: dict[str, Any] | None
    response: Any = None

    @property
    def kind(self) -> str:
        if self.path.endswith("/callback"):
            return "callback"
        if self.path.endswith("/messages/@original"):
            return {"PATCH": "edit_original", "DELETE": "delete_original"}.get(self.method, "get")
        if "/messages/" in self.path:
            return "edit_followup"
        return "followup"


@dataclass
class Sent:
    """A message as a user would see it, with whether only they see it."""

    payload: dict[str, Any]
    ephemeral: bool | None
    via: str
    files: list[tuple[str, bytes]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return message_text(self.payload)


class MessageFactory:
    """Builds message payloads for what the fake Discord answers."""

    def __init__(self) -> None:
        self.by_id: dict[int, dict[str, Any]] = {}

    def make(
        self,
        data: dict[str, Any] | None,
        *,
        channel_id: int,
        message_id: int | None = None,
        author: dict[str, Any] | None = None,
        guild_id: int | None = None,
    ) -> dict[str, Any]:
        data = data or {}
        message_id = message_id or snowflake()
        previous = self.by_id.get(message_id, {})
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": 0,
            "content": data.get("content", previous.get("content", "")) or "",
            "author": author or user_payload(BOT_ID, "articlebot", bot=True),
            "embeds": data.get("embeds", previous.get("embeds", [])) or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "edited_timestamp": None,
            "flags": data.get("flags", 0) or 0,
            "components": data.get("components", previous.get("components", [])) or [],
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        self.by_id[message_id] = message
        return message


def _body(payload: dict[str, Any] | None, multipart: list[dict[str, Any]] | None) -> Any:
    if multipart:
        for part in multipart:
            if part.get("name") == "payload_json":
                return json.loads(part["value"])
    return payload


def _file_bytes(files: Any) -> list[tuple[str, bytes]]:
    found = []
    for file in files or []:
        file.reset()
        found.append((file.filename, file.fp.read()))
        file.reset()
    return found


class RecordingAdapter(AsyncWebhookAdapter):
    """Records interaction responses and webhook calls and answers like Discord would."""

    def __init__(self, messages: MessageFactory) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.calls: list[Call] = []
        # By interaction token, so a run finds its own calls without scanning everyone's.
        self.calls_by_token: dict[str | None, list[Call]] = {}
        self.messages = messages
        self.changed = asyncio.Event()
        self.channel_of_token: dict[str, int] = {}

    async def request(
        self,
        route: Route,
        session: Any,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        proxy: str | None = None,
        proxy_auth: Any = None,
        files: Any = None,
        reason: str | None = None,
        auth_token: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        body = _body(payload, multipart)
        token = getattr(route, "webhook_token", None)
        call = Call(route.method, route.path, token, body, _file_bytes(files), params)
        channel_id = self.channel_of_token.get(token or "", 1)
        if call.kind == "callback":
            kind = body["type"]
            data = body.get("data") or {}
            message = None
            if kind in (RESPONSE_MESSAGE, RESPONSE_UPDATE):
                message = self.messages.make(data, channel_id=channel_id)
            interaction = {
                "id": str(route.webhook_id),
                "type": 2,
                "response_message_loading": kind == RESPONSE_DEFERRED,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
            if message is not None:
                interaction["response_message_id"] = message["id"]
            call.response = {"interaction": interaction}
            if message is not None:
                call.response["resource"] = {"type": kind, "message": message}
        elif call.kind == "delete_original":
            call.response = None
        elif call.kind == "edit_followup":
            message_id = int(route.url.rsplit("/", 1)[-1].split("?")[0])
            call.response = self.messages.make(body, channel_id=channel_id, message_id=message_id)
        else:
            call.response = self.messages.make(body, channel_id=channel_id)
        self.calls.append(call)
        self.calls_by_token.setdefault(call.token, []).append(call)
        self.changed.set()
        return call.response

    def forget(self, token: str) -> None:
        """Drop what one interaction sent, so a long soak keeps only what it still reads."""
        if self.calls_by_token.pop(token, None) is not None:
            self.calls = [c for c in self.calls if c.token != token]


class HttpRecorder:
    """Stands in for the REST calls the bot makes outside interaction webhooks."""

    def __init__(self, bot: ArticleBot, messages: MessageFactory) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.cdn: dict[str, bytes] = {}
        self.messages = messages
        self.changed = asyncio.Event()
        self.bot = bot
        self.refuse_threads = False  # answer thread creation with 403, as without the permission
        self.threads: set[int] = set()  # the messages threads were started from
        replacements = {
            "send_message": self.send_message,
            "edit_message": self.edit_message,
            "send_typing": self.send_typing,
            "add_reaction": self.add_reaction,
            "get_from_cdn": self.get_from_cdn,
            "start_thread_with_message": self.start_thread,
            "bulk_upsert_global_commands": self.upsert_global,
            "bulk_upsert_guild_commands": self.upsert_guild,
        }
        for name, method in replacements.items():
            setattr(bot.http, name, method)

    def _record(self, name: str, **details: Any) -> None:
        self.calls.append((name, details))
        self.changed.set()

    def named(self, name: str) -> list[dict[str, Any]]:
        return [details for called, details in self.calls if called == name]

    async def send_message(self, channel_id: int, *, params: Any) -> dict[str, Any]:
        body = _body(params.payload, params.multipart) or {}
        message = self.messages.make(body, channel_id=int(channel_id))
        self._record("send_message", channel_id=int(channel_id), payload=body, message=message)
        return message

    async def edit_message(self, channel_id: int, message_id: int, *, params: Any) -> Any:
        body = _body(params.payload, params.multipart) or {}
        message = self.messages.make(body, channel_id=int(channel_id), message_id=int(message_id))
        self._record("edit_message", message_id=int(message_id), payload=body)
        return message

    async def send_typing(self, channel_id: int) -> None:
        self._record("send_typing", channel_id=int(channel_id))

    async def add_reaction(self, channel_id: int, message_id: int, emoji: str) -> None:
        self._record("add_reaction", message_id=int(message_id), emoji=emoji)

    async def get_from_cdn(self, url: str) -> bytes:
        self._record("get_from_cdn", url=url)
        return self.cdn[url]

    async def start_thread(
        self, channel_id: int, message_id: int, *, name: str, **options: Any
    ) -> dict[str, Any]:
        """Open a thread under a message, and tell the bot as the gateway would (THREAD_CREATE)."""
        if self.refuse_threads:
            raise discord.Forbidden(_FakeResponse(403), {"code": 50013, "message": "Missing"})
        if int(message_id) in self.threads:
            raise discord.HTTPException(
                _FakeResponse(400), {"code": 160004, "message": "A thread exists already"}
            )
        self.threads.add(int(message_id))
        guild_id = next(g for g, c in CHANNEL.items() if c == int(channel_id))
        thread = thread_payload(int(message_id), int(channel_id), guild_id, BOT_ID, name)
        details = {"channel_id": int(channel_id), "message_id": int(message_id), "title": name}
        self._record("start_thread", **details)
        self.bot._connection.parse_thread_create(thread)  # type: ignore[arg-type]
        return thread

    def _commands(self, payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "description": "",
                **p,
                "id": str(snowflake()),
                "application_id": str(APP_ID),
                "version": "1",
            }
            for p in payload
        ]

    async def upsert_global(self, application_id: int, payload: Any) -> Any:
        self._record("sync_global", payload=payload)
        return self._commands(payload)

    async def upsert_guild(self, application_id: int, guild_id: int, payload: Any) -> Any:
        self._record("sync_guild", guild_id=int(guild_id), payload=payload)
        return self._commands(payload)


class Run:
    """What the bot sent in answer to one interaction."""

    def __init__(self, adapter: RecordingAdapter, payload: dict[str, Any]) -> None:
        self.adapter = adapter
        self.payload = payload
        self.token: str = payload["token"]

    @property
    def calls(self) -> list[Call]:
        return list(self.adapter.calls_by_token.get(self.token, ()))

    @property
    def callback(self) -> dict[str, Any]:
        callbacks = [c.payload for c in self.calls if c.kind == "callback"]
        assert len(callbacks) == 1, f"expected one interaction response, got {self.calls}"
        assert callbacks[0] is not None
        return callbacks[0]

    def sent(self) -> list[Sent]:
        """Return the messages the user sees, with their ephemerality as Discord decides it."""
        shown: list[Sent] = []
        deferred_ephemeral: bool | None = None
        original_open = False  # a deferred "thinking…" message waits for its first follow-up
        for call in self.calls:
            body = call.payload or {}
            if call.kind == "callback":
                data = body.get("data") or {}
                flags = data.get("flags") or 0
                if body["type"] == RESPONSE_MESSAGE:
                    shown.append(Sent(data, bool(flags & EPHEMERAL), "response", call.files))
                elif body["type"] == RESPONSE_DEFERRED:
                    deferred_ephemeral = bool(flags & EPHEMERAL)
                    original_open = True
                elif body["type"] == RESPONSE_UPDATE:
                    shown.append(Sent(data, None, "update", call.files))
            elif call.kind == "followup":
                if original_open:
                    # Discord turns the first follow-up into the deferred message, keeping
                    # the defer's visibility whatever the follow-up's own flags say.
                    shown.append(Sent(body, deferred_ephemeral, "followup", call.files))
                    original_open = False
                else:
                    flags = body.get("flags") or 0
                    shown.append(Sent(body, bool(flags & EPHEMERAL), "followup", call.files))
            elif call.kind == "edit_original":
                shown.append(Sent(body, deferred_ephemeral, "edit", call.files))
            elif call.kind == "delete_original":
                original_open = False
            elif call.kind == "edit_followup":
                shown.append(Sent(body, None, "edit_followup", call.files))
        return shown

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sent())

    @property
    def last(self) -> Sent:
        sent = self.sent()
        assert sent, f"nothing was sent; calls: {self.calls}"
        return sent[-1]

    def message_payload(self) -> dict[str, Any]:
        """Return the message the answer's buttons live on, as Discord would store it."""
        for call in reversed(self.calls):
            if call.kind in ("followup", "edit_original") and isinstance(call.response, dict):
                return call.response
            if call.kind == "callback" and call.response and "resource" in call.response:
                message: dict[str, Any] = call.response["resource"]["message"]
                return message
        raise AssertionError(f"no message was sent; calls: {self.calls}")


class Harness:
    """A started bot with recorders, plus builders of gateway payloads."""

    def __init__(self, bot: ArticleBot, library: Library, settings: Settings) -> None:
        self.bot = bot
        self.library = library
        self.settings = settings
        self.messages = MessageFactory()
        self.adapter = RecordingAdapter(self.messages)
        self.http = HttpRecorder(bot, self.messages)

    @classmethod
    async def start(cls, library: Library, settings: Settings) -> Harness:
        bot = ArticleBot(library, settings)
        harness = cls(bot, library, settings)
        await bot._async_setup_hook()
        state = bot._connection
        state.application_id = APP_ID
        me: Any = user_payload(BOT_ID, "articlebot", bot=True)
        state.user = discord.ClientUser(state=state, data=me)
        bot.owner_id = OWNER_ID
        for guild_id in (GUILD_A, GUILD_B):
            state._add_guild_from_data(harness.guild_payload(guild_id))  # type: ignore[arg-type]
        await bot.setup_hook()
        await harness.settle()
        return harness

    async def close(self) -> None:
        await self.settle()
        await self.bot.close()

    # -- running ---------------------------------------------------------------------------------

    def dispatch(self, payload: dict[str, Any]) -> Run:
        """Deliver an INTERACTION_CREATE payload the way the gateway does."""
        async_context.set(self.adapter)
        self.adapter.channel_of_token[payload["token"]] = int(payload["channel"]["id"])
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        return Run(self.adapter, payload)

    async def run(self, payload: dict[str, Any]) -> Run:
        """Deliver an interaction and wait until the bot is done with it."""
        run = self.dispatch(payload)
        await self.settle()
        return run

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until every task the bot started has finished (idle view timers aside)."""
        current = asyncio.current_task()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            busy = [
                t for t in asyncio.all_tasks() if t is not current and not t.done() and not _idle(t)
            ]
            if not busy:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"the bot did not settle: {busy}")
            await asyncio.wait(busy, timeout=remaining)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        """Poll until a condition about what was sent holds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() > deadline:
                raise AssertionError("timed out waiting for the bot")
            await asyncio.sleep(0.01)

    # -- payloads --------------------------------------------------------------------------------

    def guild_payload(self, guild_id: int) -> dict[str, Any]:
        role = {
            "id": str(ADDERS_ROLE + guild_id % 10),
            "name": "adders",
            "permissions": "0",
            "position": 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        everyone = {**role, "id": str(guild_id), "name": "@everyone", "position": 0}
        return {
            "id": str(guild_id),
            "name": f"guild {guild_id % 10}",
            "icon": None,
            "owner_id": str(OWNER_ID),
            "roles": [everyone, role, self.bot_role_payload(guild_id)],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [self.channel_payload(guild_id)],
            "member_count": 4,
            "unavailable": False,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
        }

    def bot_role_payload(self, guild_id: int) -> dict[str, Any]:
        """The bot's managed role in a guild, which members can mention to ask it."""
        return {
            "id": str(BOT_ROLE + guild_id % 10),
            "name": "articlebot",
            "permissions": "0",
            "position": 2,
            "color": 0,
            "hoist": False,
            "managed": True,
            "mentionable": True,
            "flags": 0,
            "tags": {"bot_id": str(BOT_ID)},
        }

    def channel_payload(self, guild_id: int | None) -> dict[str, Any]:
        if guild_id is None:
            return {"id": str(DM_CHANNEL), "type": 1, "recipients": []}
        return {
            "id": str(CHANNEL[guild_id]),
            "type": 0,
            "guild_id": str(guild_id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        }

    def interaction(
        self,
        kind: int,
        data: dict[str, Any] | None,
        *,
        user: int = ALICE,
        guild: int | None = GUILD_A,
        permissions: int = PLAIN,
        roles: tuple[int, ...] = (),
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        interaction_id = snowflake()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{interaction_id}",
            "version": 1,
            "channel": self.channel_payload(guild),
            "channel_id": str(DM_CHANNEL if guild is None else CHANNEL[guild]),
            "locale": "en-US",
            "app_permissions": str(PLAIN),
            "attachment_size_limit": 25 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild or 0)},
            "context": 1 if guild is None else 0,
        }
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = message
        person = user_payload(user, USER_NAMES.get(user))
        if guild is None:
            payload["user"] = person
        else:
            payload["guild_id"] = str(guild)
            payload["guild_locale"] = "en-US"
            payload["member"] = {
                "user": person,
                "roles": [str(r) for r in roles],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
            }
        return payload

    def slash(
        self,
        *path: str,
        options: dict[str, Any] | None = None,
        resolved: dict[str, Any] | None = None,
        focused: str | None = None,
        **who: Any,
    ) -> dict[str, Any]:
        """Build a chat-input command (or, with `focused`, its autocomplete) interaction."""
        leaf: list[dict[str, Any]] = []
        for name, value in (options or {}).items():
            leaf.append(_option(name, value, focused=name == focused))
        options_tree = leaf
        if len(path) == 3:
            options_tree = [
                {
                    "type": 2,
                    "name": path[1],
                    "options": [{"type": 1, "name": path[2], "options": leaf}],
                }
            ]
        elif len(path) == 2:
            options_tree = [{"type": 1, "name": path[1], "options": leaf}]
        data: dict[str, Any] = {
            "id": str(snowflake()),
            "name": path[0],
            "type": 1,
            "options": options_tree,
        }
        if resolved:
            data["resolved"] = resolved
        return self.interaction(4 if focused else 2, data, **who)

    def upload(
        self, filename: str, data: bytes, *, size: int | None = None, **who: Any
    ) -> dict[str, Any]:
        """Build `/add file` for an attached file whose bytes the fake CDN serves.

        `size` is the size the attachment claims, `len(data)` unless given.
        """
        attachment_id = str(ATTACHMENT_ID)
        url = f"https://cdn.discordapp.com/attachments/1/2/{filename}"
        self.http.cdn[url] = data
        resolved = {
            "attachments": {
                attachment_id: {
                    "id": attachment_id,
                    "filename": filename,
                    "size": len(data) if size is None else size,
                    "url": url,
                    "proxy_url": url,
                    "content_type": "text/plain",
                }
            }
        }
        options = {"file": ("attachment", attachment_id)}
        return self.slash("add", "file", options=options, resolved=resolved, **who)

    def message_menu(self, name: str, target: dict[str, Any], **who: Any) -> dict[str, Any]:
        """Build a message context-menu interaction on a target message."""
        data = {
            "id": str(snowflake()),
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return self.interaction(2, data, **who)

    def user_message(
        self,
        content: str,
        *,
        author: int = BOB,
        guild: int | None = GUILD_A,
        mentions: tuple[int, ...] = (),
        role_mentions: tuple[int, ...] = (),
        reply_to: dict[str, Any] | None = None,
        channel: int | None = None,
    ) -> dict[str, Any]:
        """Build a message payload written by a member (for menus and MESSAGE_CREATE).

        `reply_to` makes it a reply to that message; a reply with ping lists the replied-to
        author in `mentions`, as Discord does, while the text itself mentions no one.
        `channel` puts it in another channel of the guild, such as a thread.
        """
        home = DM_CHANNEL if guild is None else CHANNEL[guild]
        message = {
            "id": str(snowflake()),
            "channel_id": str(channel or home),
            "type": 0,
            "content": content,
            "author": user_payload(author, USER_NAMES.get(author)),
            "embeds": [],
            "attachments": [],
            "mentions": [user_payload(m, USER_NAMES.get(m, "articlebot")) for m in mentions],
            "mention_roles": [str(r) for r in role_mentions],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "edited_timestamp": None,
            "flags": 0,
            "components": [],
        }
        if reply_to is not None:
            message["type"] = 19
            message["message_reference"] = {
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                **({"guild_id": str(guild)} if guild is not None else {}),
            }
            message["referenced_message"] = reply_to
        if guild is not None:
            message["guild_id"] = str(guild)
            message["member"] = {
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        return message

    def click(self, message: dict[str, Any], label: str, **who: Any) -> dict[str, Any]:
        """Build a button-press interaction on a message the bot sent."""
        ids = custom_ids(message)
        assert label in ids, f"no {label!r} button among {list(ids)}"
        data = {"custom_id": ids[label], "component_type": 2}
        guild = who.get("guild", GUILD_A)
        if guild is not None:
            message = {**message, "guild_id": str(guild)}
        return self.interaction(3, data, message=message, **who)

    def submit(self, modal: dict[str, Any], values: dict[str, str], **who: Any) -> dict[str, Any]:
        """Build a modal-submit interaction filling the modal's inputs by label."""
        rows = []
        for row in modal["components"]:
            for item in row["components"]:
                rows.append(
                    {
                        "type": 1,
                        "components": [
                            {
                                "type": 4,
                                "custom_id": item["custom_id"],
                                "value": values.get(item["label"], ""),
                            }
                        ],
                    }
                )
        data = {"custom_id": modal["custom_id"], "components": rows}
        return self.interaction(5, data, **who)

    # -- MESSAGE_CREATE --------------------------------------------------------------------------

    async def say(self, message: dict[str, Any]) -> None:
        """Deliver a MESSAGE_CREATE payload and wait for the bot to finish."""
        self.bot._connection.parse_message_create(message)  # type: ignore[arg-type]
        await self.settle()

    # -- shortcuts -------------------------------------------------------------------------------

    async def add_via_modal(self, title: str, body: str, *, link: str = "", **who: Any) -> Run:
        """Run `/add text` and submit its form."""
        opened = await self.run(self.slash("add", "text", **who))
        modal = opened.callback
        assert modal["type"] == RESPONSE_MODAL, modal
        values = {"Title": title, "Article text": body, "Link to the original (optional)": link}
        return await self.run(self.submit(modal["data"], values, **who))

    def seed(self, guild: int, text: str, *, title: str, added_by: int = ALICE) -> int:
        """Add an article straight through the library (set-up, not under test)."""
        result = self.library.add_text(
            guild_collection(guild), text, title=title, added_by=str(added_by)
        )
        self.bot.titles.set(guild_collection(guild), self.library.titles(guild_collection(guild)))
        return result.article.id


def thread_payload(
    thread_id: int, parent_id: int, guild_id: int, owner_id: int, name: str
) -> dict[str, Any]:
    """A public thread of a guild's text channel, as THREAD_CREATE carries it."""
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "locked": False,
        },
        "newly_created": True,
    }


class _FakeResponse:
    """The little of an aiohttp response that discord.HTTPException reads."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "Forbidden"


def _idle(task: asyncio.Task[Any]) -> bool:
    """Tell the timers of views and the feed poller's wait (which sleep) from real work."""
    name = getattr(task.get_coro(), "__qualname__", "")
    # The poller's loop only waits; each round of polls runs in a task of its own.
    return "timeout_task_impl" in name or name == "FeedPoller.run"


def _option(name: str, value: Any, *, focused: bool) -> dict[str, Any]:
    if isinstance(value, tuple) and value[0] == "attachment":
        return {"type": 11, "name": name, "value": str(value[1])}
    if focused:
        return {"type": 3, "name": name, "value": str(value), "focused": True}
    if isinstance(value, bool):
        return {"type": 5, "name": name, "value": value}
    if isinstance(value, int):
        return {"type": 4, "name": name, "value": value}
    return {"type": 3, "name": name, "value": value}


BotFactory = Callable[..., Awaitable[Harness]]
