"""Make article and user text inert in Discord and short enough: escaping, cutting, links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import discord

from bot.render.limits import FIELD_NAME_LIMIT
from retrieval.types import SourceRef

URL_CHARS = 512  # a longer link is dropped rather than cut

# `<@1>`, `<@&1>`, `<#1>`, `<:e:1>`, `<a:e:1>`, `</cmd:1>`, `<t:0:R>`, `<id:home>` all render as
# something other than the article's text; a zero-width space after `<` keeps them literal.
_ANGLE_MARKUP = re.compile(r"<(?=[@#:/]|a:|t:|id:)")
# escape_markdown takes a masked link `[text](url)` as one piece and escapes only its `[`,
# leaving a `*` or a backslash inside it raw; a zero-width space after each `]` before `(`
# leaves no masked link to find, so everything inside is escaped like any other text.
_MASKED_LINK = re.compile(r"\](?=\()")
# escape_markdown escapes only the first `[` of a line's masked links (its pattern is greedy).
_BARE_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)\[")
# escape_markdown puts its backslash before the indentation of "  - item", where it shows.
_MISPLACED_DASH_ESCAPE = re.compile(r"^\\(\s+)-", re.MULTILINE)
# Quotes, headings, subtext and lists start a line, indented or not; escape_markdown only
# catches some of them, and never an ordered list.
_LINE_MARKER = re.compile(r"^([ \t]*)([>#-])", re.MULTILINE)
_ORDERED_LIST = re.compile(r"^([ \t]*\d+)\.(?=\s)", re.MULTILINE)
# escape_markdown leaves anything shaped like `<scheme:/path>` alone as a link, even `<*t:/a>`,
# whose markers Discord still acts on; a zero-width space between `:` and `/` makes it plain
# text first. Real web links (`<https://…>`) are left as they are.
_LINK_LOOKALIKE = re.compile(r"(<(?!https?://)[^: >]+:)(?=/[^ >]+>)")
# Characters that would end a link early or turn it into markup; percent-encoded instead.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>()\[\]`|\"{}\\^\s]")


def escape_untrusted(text: str) -> str:
    """Make article or user text inert: no markdown, no mentions, no masked links."""
    text = _LINK_LOOKALIKE.sub("\\1\u200b", text)
    text = _MASKED_LINK.sub("]\u200b", text)
    text = discord.utils.escape_markdown(text)
    text = _MISPLACED_DASH_ESCAPE.sub(r"\1\\-", text)
    text = _BARE_BRACKET.sub(r"\1\\[", text)
    text = _LINE_MARKER.sub(r"\1\\\2", text)
    text = _ORDERED_LIST.sub(r"\1\\.", text)
    text = _ANGLE_MARKUP.sub("<\u200b", text)
    return discord.utils.escape_mentions(text)


def truncate(text: str, limit: int) -> str:
    """Cut text to at most limit characters, at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[: max(limit, 0)]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # A trailing backslash would escape the ellipsis, or leave half of an escape pair.
    return cut.rstrip().rstrip("\\").rstrip() + "…"


def one_line(text: str) -> str:
    """Collapse all whitespace, newlines included, to single spaces."""
    return " ".join(text.split())


def safe_url(url: str | None) -> str | None:
    """Return an http(s) URL that renders as one plain link, or None when there is none."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if _URL_UNSAFE.search(parts.netloc):
        return None  # a host that needs encoding (or an IPv6 literal) is no news site's
    cleaned = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)
    return cleaned if len(cleaned) <= URL_CHARS else None


def describe(title: str, outlet: str | None, published: str | None) -> str:
    """Return "Title — Outlet, date" with the missing parts left out, unescaped."""
    detail = ", ".join(one_line(p) for p in (outlet, published) if p and p.strip())
    title = one_line(title) or "Untitled"
    return f"{title} — {detail}" if detail else title


def cite(source: SourceRef, limit: int = FIELD_NAME_LIMIT) -> str:
    """Return "Title — Outlet, date" for a source, escaped and cut to the limit."""
    return truncate(
        escape_untrusted(describe(source.title, source.outlet, source.published)), limit
    )
