"""Safe downloads: http(s) only, public addresses only (after DNS, on every hop), capped, timed."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver
from yarl import URL

from config import settings_for
from retrieval.errors import BlockedURL, ContentTooLarge, FetchError, UnsupportedContent
from retrieval.ingest.urls import (
    DEFAULT_ALLOWED_PORTS,
    PublicOrListed,
    is_public_address,
    validate_url,
)

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_CONTENT_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "application/pdf"}
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304
CHUNK_BYTES = 64 * 1024
_LEGACY_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+))*\.?$", re.I)
# The catch-all keeps picky servers from answering 406; what they send is still checked.
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,application/pdf;q=0.8,*/*;q=0.1"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and address rules for one download."""

    max_bytes: int = 10 * 1024 * 1024
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0
    total_timeout_s: float = 20.0
    max_redirects: int = 5
    user_agent: str = "articlebot/0.1"
    allowed_ports: frozenset[int] = DEFAULT_ALLOWED_PORTS
    address_allowed: Callable[[IPAddress], bool] = field(default=is_public_address)
    content_types: frozenset[str] = ALLOWED_CONTENT_TYPES
    accept: str = ACCEPT
    readable: str = "HTML, plain text and PDF"  # the types, as a refusal names them

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        """Build the policy from the fetch_* settings, opening the operator's listed networks."""
        values = settings_for(cls, settings, prefix="fetch_")
        # The setting lists ports beyond the web's own two; it never takes those away.
        values["allowed_ports"] = DEFAULT_ALLOWED_PORTS | frozenset(settings.fetch_allowed_ports)
        if settings.fetch_allowed_networks:
            values["address_allowed"] = PublicOrListed(tuple(settings.fetch_allowed_networks))
        return cls(**values)


@dataclass(frozen=True)
class FetchedDocument:
    """A downloaded body with what the server said about it."""

    requested_url: str
    final_url: str
    status: int
    content_type: str  # lower-case MIME type without parameters
    charset: str | None
    body: bytes
    etag: str | None = None  # validators for the next conditional request
    last_modified: str | None = None


class GuardedResolver(AbstractResolver):
    """Resolve through aiohttp's threaded resolver, refusing hosts with any disallowed address."""

    def __init__(
        self,
        address_allowed: Callable[[IPAddress], bool],
        inner: AbstractResolver | None = None,
    ) -> None:
        self._address_allowed = address_allowed
        self._inner = inner if inner is not None else ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Return the host's addresses, or raise BlockedURL if any of them is not allowed."""
        try:
            answers = await self._inner.resolve(host, port, family)
        except OSError as error:
            log.info("could not resolve %s: %s", host, error)
            raise FetchError(f"could not find the server {host}") from None
        if not answers:
            raise FetchError(f"could not find the server {host}")
        # Refuse the host outright if any answer is disallowed, rather than dialling only the
        # good ones: a name pointing partly inside the network is not one we want to talk to.
        for answer in answers:
            address = _parse_address(answer["host"])
            if address is None or not self._address_allowed(address):
                log.warning("refused %s: it resolves to %s", host, answer["host"])
                raise BlockedURL(_private_message(host))
        return answers

    async def close(self) -> None:
        """Release the wrapped resolver."""
        await self._inner.close()


async def fetch_url(
    url: str, policy: FetchPolicy, headers: Mapping[str, str] | None = None
) -> FetchedDocument:
    """Download a URL under the policy's rules, following redirects by hand.

    `headers` are sent on every hop; with If-None-Match or If-Modified-Since among them, a
    304 answer comes back as a document with that status and an empty body.
    """
    requested = url.strip()
    try:
        async with asyncio.timeout(policy.total_timeout_s):
            return await _fetch(requested, policy, dict(headers or {}))
    except TimeoutError:
        raise FetchError(
            f"timed out: the download took longer than {policy.total_timeout_s:g} seconds"
        ) from None


def fetch_url_sync(
    url: str, policy: FetchPolicy, headers: Mapping[str, str] | None = None
) -> FetchedDocument:
    """Download a URL from a worker thread, in an event loop of its own."""
    return asyncio.run(fetch_url(url, policy, headers))


async def _fetch(requested: str, policy: FetchPolicy, headers: dict[str, str]) -> FetchedDocument:
    """Run the redirect loop inside one session whose connector dials only checked addresses."""
    timeout = aiohttp.ClientTimeout(
        total=policy.total_timeout_s,
        sock_connect=policy.connect_timeout_s,
        sock_read=policy.read_timeout_s,
    )
    connector = aiohttp.TCPConnector(
        resolver=GuardedResolver(policy.address_allowed),
        use_dns_cache=False,  # every hop asks the guarded resolver afresh
        limit=4,
    )
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        trust_env=False,  # environment proxies would dial addresses we never checked
        auto_decompress=True,
        headers={"User-Agent": policy.user_agent, "Accept": policy.accept},
        max_field_size=32 * 1024,  # some news sites send very long CSP and cookie headers
    ) as session:
        current = requested
        for hop in range(policy.max_redirects + 1):
            try:
                target = _checked_target(current, policy)
                async with session.get(target, allow_redirects=False, headers=headers) as response:
                    if response.status in REDIRECT_STATUSES:
                        current = _next_location(current, response)
                        log.info("%s redirects to %s", target, current)
                        continue
                    return await _read_document(requested, str(response.url), response, policy)
            except aiohttp.ClientError as error:
                raise _client_error(error, target, policy) from None
            except BlockedURL as error:
                if hop == 0:
                    raise
                # Say it was a redirect, or the user is left puzzling over a link that looks fine.
                raise BlockedURL(
                    f"the page redirects to a link that is not allowed: {error}"
                ) from None
        raise FetchError(f"too many redirects (more than {policy.max_redirects})")


def _checked_target(url: str, policy: FetchPolicy) -> URL:
    """Validate one hop's URL and check a literal IP host, which skips the resolver."""
    validate_url(url, allowed_ports=policy.allowed_ports)
    try:
        target = URL(url)
    except (ValueError, TypeError) as error:
        raise BlockedURL(f"the URL is malformed ({error})") from None
    # Check what aiohttp itself will dial, in case its parser reads the URL differently.
    host = target.host
    if target.scheme not in ("http", "https") or not host:
        raise BlockedURL("only http and https links with a host name can be fetched")
    if target.user is not None or target.password is not None:
        raise BlockedURL("links with a user name or password in them are not allowed")
    if target.port not in policy.allowed_ports:
        raise BlockedURL(f"port {target.port} is not allowed")
    address = _parse_address(host)
    if address is None and _LEGACY_NUMERIC_HOST.match(host):
        # 127.1, 2130706433 and 0x7f.0.0.1 all mean 127.0.0.1 to some parsers and not others.
        raise BlockedURL(f"{host} is not written as a standard IP address")
    if address is not None and not policy.address_allowed(address):
        raise BlockedURL(_private_message(host))
    return target


def _next_location(current: str, response: aiohttp.ClientResponse) -> str:
    """Return the absolute URL a redirect points to."""
    location = response.headers.get("Location", "").strip()
    if not location:
        raise FetchError(f"the server answered {response.status} without saying where to go")
    return urljoin(current, location)


async def _read_document(
    requested: str, final_url: str, response: aiohttp.ClientResponse, policy: FetchPolicy
) -> FetchedDocument:
    """Check status, type and size from the headers, then stream the body under the cap."""
    if response.status == NOT_MODIFIED and _conditional(response.request_info.headers):
        return _document(requested, final_url, response, "", None, b"")
    if not 200 <= response.status < 300:
        raise FetchError(f"the server answered {_status_text(response.status)}")
    raw_type = response.headers.get("Content-Type", "")
    content_type = raw_type.split(";", 1)[0].strip().lower()
    if not content_type:
        raise UnsupportedContent("the server did not say what kind of document this is")
    if content_type not in policy.content_types:
        raise UnsupportedContent(
            f"{content_type} is not supported; articlebot reads {policy.readable}"
        )
    length = response.content_length
    if length is not None and length > policy.max_bytes:
        raise ContentTooLarge(
            f"the document is {_megabytes(length)}, over the {_megabytes(policy.max_bytes)} limit"
        )
    body = bytearray()
    # The stream is decoded already (gzip, deflate...): capping it here stops compression bombs.
    async for chunk in response.content.iter_chunked(CHUNK_BYTES):
        body += chunk
        if len(body) > policy.max_bytes:
            raise ContentTooLarge(
                f"the document is larger than the {_megabytes(policy.max_bytes)} limit"
            )
    charset = response.charset.lower() if response.charset else None
    return _document(requested, final_url, response, content_type, charset, bytes(body))


def _conditional(sent: Mapping[str, str]) -> bool:
    """Whether a request carried validators, so that a 304 answers it rather than fails it."""
    return "If-None-Match" in sent or "If-Modified-Since" in sent


def _document(
    requested: str,
    final_url: str,
    response: aiohttp.ClientResponse,
    content_type: str,
    charset: str | None,
    body: bytes,
) -> FetchedDocument:
    """Package what was read with the validators the server sent."""
    return FetchedDocument(
        requested_url=requested,
        final_url=final_url,
        status=response.status,
        content_type=content_type,
        charset=charset,
        body=body,
        etag=_header(response, "ETag"),
        last_modified=_header(response, "Last-Modified"),
    )


def _header(response: aiohttp.ClientResponse, name: str) -> str | None:
    """Return a short validator header, or None (an oversized one is not worth storing)."""
    value = response.headers.get(name, "").strip()
    return value if value and len(value) <= 256 else None


def _client_error(error: aiohttp.ClientError, target: URL, policy: FetchPolicy) -> FetchError:
    """Turn an aiohttp error into a short message for the user."""
    host = target.host or str(target)
    log.info("fetching %s failed: %r", target, error)
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return FetchError(
            f"timed out connecting to {host} (no answer in {policy.connect_timeout_s:g} seconds)"
        )
    if isinstance(error, aiohttp.SocketTimeoutError | aiohttp.ServerTimeoutError):
        return FetchError(f"timed out waiting for {host} ({policy.read_timeout_s:g} seconds)")
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        return FetchError(f"the TLS certificate of {host} is not valid")
    if isinstance(error, aiohttp.ClientSSLError):
        return FetchError(f"could not set up a secure connection to {host}")
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return FetchError(f"could not find the server {host}")
    if isinstance(error, aiohttp.ClientConnectorError):
        # The OS's own text names the dialled address; the errno's standard text does not.
        reason = os.strerror(error.errno).lower() if error.errno else "connection failed"
        return FetchError(f"could not connect to {host}: {reason}")
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return FetchError(f"{host} closed the connection without answering")
    if isinstance(error, aiohttp.ClientPayloadError):
        return FetchError(f"the download from {host} was cut off or badly encoded")
    if isinstance(error, aiohttp.InvalidURL):
        return BlockedURL(f"the URL is malformed ({error})")
    if isinstance(error, aiohttp.ClientResponseError):
        return FetchError(f"{host} sent an answer that is not valid HTTP")
    return FetchError(f"could not fetch the page from {host}")


def _parse_address(host: str) -> IPAddress | None:
    """Return the IP address a host string spells, or None for a host name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _private_message(host: str) -> str:
    """Say why a host is refused without revealing the address it resolved to."""
    return (
        f"{host} points to a private, local or reserved network address; "
        "only public addresses can be fetched"
    )


def _status_text(status: int) -> str:
    """Spell a status code with its standard phrase (never the server's own, untrusted text)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _megabytes(size: int) -> str:
    """Format a byte count for a message."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
