"""Safe downloads against real HTTP servers on loopback: addresses, redirects, caps, timeouts."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import re
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from config import load_settings
from retrieval.errors import BlockedURL, ContentTooLarge, FetchError, UnsupportedContent
from retrieval.ingest.fetch import FetchPolicy, fetch_url, fetch_url_sync
from retrieval.ingest.urls import is_public_address

HTML = b"<html><head><title>Tram vote</title></head><body><p>The council voted.</p></body></html>"
LOOPBACK = ipaddress.ip_address("127.0.0.1")
MB = 1024 * 1024


def loopback_only(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Allow 127.0.0.1 and nothing else (not even the rest of 127.0.0.0/8)."""
    return ip == LOOPBACK


@dataclass
class Site:
    """A test web server and the paths it was asked for."""

    server: TestServer
    hits: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        assert self.server.port is not None
        return self.server.port

    def url(self, path: str = "/article", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def policy(self, **overrides: Any) -> FetchPolicy:
        """Return short-timeout limits that allow this server, and only it, by default."""
        settings: dict[str, Any] = {
            "connect_timeout_s": 1.0,
            "read_timeout_s": 2.0,
            "total_timeout_s": 5.0,
            "allowed_ports": frozenset({self.port}),
            "address_allowed": loopback_only,
        }
        settings.update(overrides)
        return FetchPolicy(**settings)


def build_app(hits: list[str]) -> web.Application:
    """Build the routes the tests fetch."""

    @web.middleware
    async def record(
        request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        hits.append(request.path_qs)
        response: web.StreamResponse = await handler(request)
        return response

    async def article(request: web.Request) -> web.Response:
        return web.Response(body=HTML, content_type="text/html", charset="UTF-8")

    async def plain(request: web.Request) -> web.Response:
        return web.Response(text="Plain words.", content_type="text/plain", charset="iso-8859-1")

    async def typed(request: web.Request) -> web.Response:
        return web.Response(
            body=b"%PDF-1.4 or whatever", headers={"Content-Type": request.query["t"]}
        )

    async def gzipped(request: web.Request) -> web.Response:
        headers = {"Content-Encoding": "gzip", "Content-Type": "text/html"}
        return web.Response(body=gzip.compress(HTML), headers=headers)

    async def bomb(request: web.Request) -> web.Response:
        # 16 MB of zeros compress to about 16 KB: small on the wire, huge once inflated.
        body = gzip.compress(b"\0" * (16 * MB), compresslevel=9)
        headers = {"Content-Encoding": "gzip", "Content-Type": "text/html"}
        return web.Response(body=body, headers=headers)

    async def big(request: web.Request) -> web.Response:
        return web.Response(body=b"a" * (2 * MB), content_type="text/plain")

    async def big_chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(64):
                await response.write(b"a" * (64 * 1024))
            await response.write_eof()
        except (ConnectionError, RuntimeError):
            pass  # the client hung up once it had enough, as it should
        return response

    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await response.prepare(request)
        try:
            for _ in range(40):
                await response.write(b"drip ")
                await asyncio.sleep(0.1)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def status(request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="nope")

    async def hops(request: web.Request) -> web.Response:
        left = int(request.match_info["left"])
        location = "/article" if left == 0 else str(left - 1)  # relative on purpose
        raise web.HTTPFound(location)

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def no_location(request: web.Request) -> web.Response:
        return web.Response(status=302)

    app = web.Application(middlewares=[record])
    app.router.add_get("/article", article)
    app.router.add_get("/plain", plain)
    app.router.add_get("/typed", typed)
    app.router.add_get("/gzipped", gzipped)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/big", big)
    app.router.add_get("/big-chunked", big_chunked)
    app.router.add_get("/trickle", trickle)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/hops/{left}", hops)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/no-location", no_location)
    return app


async def start_site(host: str) -> Site:
    """Start a test server on a loopback address and an ephemeral port."""
    hits: list[str] = []
    server = TestServer(build_app(hits), host=host)
    await server.start_server()
    return Site(server, hits)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    """Serve the test routes on 127.0.0.1."""
    started = await start_site("127.0.0.1")
    yield started
    await started.server.close()


@pytest.fixture
async def other_site() -> AsyncIterator[Site]:
    """Serve the same routes on 127.0.0.2, an address the test policies do not allow."""
    started = await start_site("127.0.0.2")
    yield started
    await started.server.close()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Make chosen host names resolve to chosen addresses; other names resolve as usual."""
    records: dict[str, list[str]] = {}
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in records:
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers: list[Any] = []
        for text in records[name]:
            if ipaddress.ip_address(text).version == 4:
                answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (text, int(port))))
            else:
                answers.append(
                    (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (text, int(port), 0, 0))
                )
        return answers

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return records


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Listen on 127.0.0.1 without ever accepting: connections open, nothing is answered."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def free_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# What gets through


async def test_html_page_is_fetched(site: Site) -> None:
    document = await fetch_url(site.url(), site.policy())
    assert document.status == 200
    assert document.body == HTML
    assert document.content_type == "text/html"
    assert document.charset == "utf-8"
    assert document.requested_url == document.final_url == site.url()


async def test_plain_text_page_is_fetched(site: Site) -> None:
    document = await fetch_url(site.url("/plain"), site.policy())
    assert document.body == b"Plain words."
    assert (document.content_type, document.charset) == ("text/plain", "iso-8859-1")


@pytest.mark.parametrize(
    ("header", "content_type"),
    [
        ("application/pdf", "application/pdf"),
        ("application/xhtml+xml; charset=utf-8", "application/xhtml+xml"),
        ("TEXT/HTML; charset=UTF-8", "text/html"),
    ],
)
async def test_allowed_content_types_are_normalised(
    site: Site, header: str, content_type: str
) -> None:
    document = await fetch_url(site.url(f"/typed?t={quote(header)}"), site.policy())
    assert document.content_type == content_type


async def test_compressed_page_is_decoded(site: Site) -> None:
    document = await fetch_url(site.url("/gzipped"), site.policy())
    assert document.body == HTML


async def test_host_name_is_dialled_at_the_address_it_resolves_to(
    site: Site, fake_dns: dict[str, list[str]]
) -> None:
    fake_dns["news.test"] = ["127.0.0.1"]
    document = await fetch_url(site.url(host="news.test"), site.policy())
    assert document.body == HTML


async def test_sync_fetch_runs_from_a_worker_thread(site: Site) -> None:
    document = await asyncio.to_thread(fetch_url_sync, site.url(), site.policy())
    assert document.body == HTML


async def test_environment_proxies_are_ignored(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    dead_proxy = f"http://127.0.0.1:{free_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    document = await fetch_url(site.url(), site.policy())
    assert document.body == HTML


def test_policy_comes_from_settings() -> None:
    settings = load_settings(
        fetch_max_bytes=4096,
        fetch_connect_timeout_s=1.5,
        fetch_read_timeout_s=2.5,
        fetch_total_timeout_s=7.0,
        fetch_max_redirects=2,
        fetch_user_agent="test-agent/1",
    )
    policy = FetchPolicy.from_settings(settings)
    assert policy == FetchPolicy(
        max_bytes=4096,
        connect_timeout_s=1.5,
        read_timeout_s=2.5,
        total_timeout_s=7.0,
        max_redirects=2,
        user_agent="test-agent/1",
    )
    assert policy.allowed_ports == frozenset({80, 443})
    assert policy.address_allowed is is_public_address


# Schemes, credentials, ports


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "not file:"),
        ("ftp://ftp.example.com/pub/", "not ftp:"),
        ("javascript:alert(document.cookie)", "not javascript:"),
        ("data:text/html;base64,PGgxPkhpPC9oMT4=", "not data:"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://example.com:8080/story", "port 8080 is not allowed"),
        ("https://example.com:22/", "port 22 is not allowed"),
    ],
)
async def test_bad_urls_are_refused_before_any_connection(url: str, message: str) -> None:
    with pytest.raises(BlockedURL) as raised:
        await fetch_url(url, FetchPolicy(connect_timeout_s=0.5, total_timeout_s=1.0))
    assert message in raised.value.message


async def test_test_server_port_is_refused_under_default_ports(site: Site) -> None:
    with pytest.raises(BlockedURL, match=f"port {site.port} is not allowed"):
        await fetch_url(site.url(), site.policy(allowed_ports=frozenset({80, 443})))
    assert site.hits == []


async def test_credentials_are_refused_even_for_an_allowed_server(site: Site) -> None:
    with pytest.raises(BlockedURL, match="user name or password"):
        await fetch_url(f"http://user:pw@127.0.0.1:{site.port}/article", site.policy())
    assert site.hits == []


# Addresses


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2002:7f00:0001::]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://[fec0::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[ff02::1]/",
    ],
)
async def test_literal_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedURL, match="only public addresses"):
        await fetch_url(url, FetchPolicy(connect_timeout_s=0.5, total_timeout_s=1.0))


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.0.0.1", "017700000001"])
async def test_legacy_numeric_hosts_are_refused(host: str) -> None:
    with pytest.raises(BlockedURL):
        await fetch_url(f"http://{host}/", FetchPolicy(connect_timeout_s=0.5, total_timeout_s=1.0))


async def test_localhost_is_refused_under_the_public_only_rule(site: Site) -> None:
    policy = site.policy(address_allowed=is_public_address)
    with pytest.raises(BlockedURL) as raised:
        await fetch_url(site.url(host="localhost"), policy)
    assert "localhost" in raised.value.message
    assert "127.0.0.1" not in raised.value.message  # the resolved address is not disclosed
    assert site.hits == []


async def test_literal_loopback_is_refused_under_the_public_only_rule(site: Site) -> None:
    with pytest.raises(BlockedURL):
        await fetch_url(site.url(), site.policy(address_allowed=is_public_address))
    assert site.hits == []


async def test_public_looking_name_resolving_inside_is_refused(
    site: Site, fake_dns: dict[str, list[str]]
) -> None:
    fake_dns["news.example.com"] = ["127.0.0.1"]
    policy = site.policy(address_allowed=is_public_address)
    with pytest.raises(BlockedURL, match=re.escape("news.example.com points to a private")):
        await fetch_url(site.url(host="news.example.com"), policy)
    assert site.hits == []


async def test_name_with_any_disallowed_answer_is_refused(
    site: Site, fake_dns: dict[str, list[str]]
) -> None:
    # The first answer is allowed; the second is not, so the whole name is refused.
    fake_dns["mixed.test"] = ["127.0.0.1", "10.0.0.1"]
    with pytest.raises(BlockedURL, match=re.escape("mixed.test")):
        await fetch_url(site.url(host="mixed.test"), site.policy())
    assert site.hits == []


async def test_unknown_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="could not find the server") as raised:
        await fetch_url("http://no-such-host.invalid/", FetchPolicy(total_timeout_s=5.0))
    assert not isinstance(raised.value, BlockedURL)


# Redirects


async def test_redirects_are_followed_to_the_final_url(site: Site) -> None:
    # /hops/2 -> /hops/1 -> /hops/0 -> /article: exactly three redirects.
    document = await fetch_url(site.url("/hops/2"), site.policy(max_redirects=3))
    assert document.body == HTML
    assert document.requested_url == site.url("/hops/2")
    assert document.final_url == site.url("/article")
    assert site.hits == ["/hops/2", "/hops/1", "/hops/0", "/article"]


async def test_too_many_redirects_are_refused(site: Site) -> None:
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        await fetch_url(site.url("/hops/10"), site.policy(max_redirects=3))
    assert len(site.hits) == 4


async def test_redirect_to_a_disallowed_loopback_address_is_refused(
    site: Site, other_site: Site
) -> None:
    policy = site.policy(allowed_ports=frozenset({site.port, other_site.port}))
    target = other_site.url(host="127.0.0.2")
    with pytest.raises(BlockedURL, match=re.escape("127.0.0.2")):
        await fetch_url(site.url(f"/redirect?to={target}"), policy)
    assert other_site.hits == []
    # The same server is reachable directly once its address is allowed.
    allow_both = replace(policy, address_allowed=lambda ip: ip.is_loopback)
    assert (await fetch_url(target, allow_both)).body == HTML


async def test_redirect_to_cloud_metadata_is_refused(site: Site) -> None:
    policy = site.policy(allowed_ports=frozenset({site.port, 80}))
    with pytest.raises(BlockedURL, match=re.escape("169.254.169.254")):
        await fetch_url(site.url("/redirect?to=http://169.254.169.254/latest/meta-data/"), policy)


async def test_redirect_to_a_name_resolving_inside_is_refused(
    site: Site, other_site: Site, fake_dns: dict[str, list[str]]
) -> None:
    fake_dns["internal.test"] = ["127.0.0.2"]
    policy = site.policy(allowed_ports=frozenset({site.port, other_site.port}))
    target = other_site.url(host="internal.test")
    with pytest.raises(BlockedURL, match=re.escape("internal.test")):
        await fetch_url(site.url(f"/redirect?to={target}"), policy)
    assert other_site.hits == []


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("file:///etc/passwd", "not file:"),
        ("http://127.0.0.1:8080/", "port 8080"),
        ("http://user:pw@127.0.0.1/", "user name or password"),
    ],
)
async def test_every_hop_is_checked_again(site: Site, location: str, message: str) -> None:
    with pytest.raises(BlockedURL, match=message) as raised:
        await fetch_url(site.url(f"/redirect?to={location}"), site.policy())
    assert raised.value.message.startswith("the page redirects to a link that is not allowed")


async def test_redirect_without_location_is_a_fetch_error(site: Site) -> None:
    with pytest.raises(FetchError, match="302 without saying where"):
        await fetch_url(site.url("/no-location"), site.policy())


# Size


async def test_oversize_body_with_length_is_refused(site: Site) -> None:
    with pytest.raises(ContentTooLarge, match=r"2\.0 MB, over the 1\.0 MB limit"):
        await fetch_url(site.url("/big"), site.policy(max_bytes=MB))


async def test_oversize_chunked_body_is_refused(site: Site) -> None:
    with pytest.raises(ContentTooLarge, match=r"larger than the 1\.0 MB limit"):
        await fetch_url(site.url("/big-chunked"), site.policy(max_bytes=MB))


async def test_gzip_bomb_is_refused(site: Site) -> None:
    with pytest.raises(ContentTooLarge):
        await fetch_url(site.url("/bomb"), site.policy(max_bytes=MB))


# Content types and statuses


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "video/mp4"])
async def test_unsupported_content_types_are_refused(site: Site, content_type: str) -> None:
    with pytest.raises(UnsupportedContent, match=f"{content_type} is not supported"):
        await fetch_url(site.url(f"/typed?t={content_type}"), site.policy())


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (404, "the server answered 404 Not Found"),
        (500, "the server answered 500 Internal Server Error"),
        (403, "the server answered 403 Forbidden"),
        (599, "the server answered 599"),
    ],
)
async def test_error_statuses_are_named(site: Site, code: int, message: str) -> None:
    with pytest.raises(FetchError) as raised:
        await fetch_url(site.url(f"/status/{code}"), site.policy())
    assert raised.value.message == message


# Connections and timeouts


async def test_silent_server_times_out(silent_port: int) -> None:
    policy = FetchPolicy(
        connect_timeout_s=0.5,
        read_timeout_s=0.3,
        total_timeout_s=3.0,
        allowed_ports=frozenset({silent_port}),
        address_allowed=loopback_only,
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(FetchError, match=re.escape("timed out waiting for 127.0.0.1")):
        await fetch_url(f"http://127.0.0.1:{silent_port}/", policy)
    assert loop.time() - started < 2.0


async def test_slow_download_hits_the_total_timeout(site: Site) -> None:
    policy = site.policy(read_timeout_s=1.0, total_timeout_s=0.8)
    with pytest.raises(FetchError, match=r"timed out: the download took longer than 0\.8 seconds"):
        await fetch_url(site.url("/trickle"), policy)


async def test_refused_connection_is_a_fetch_error() -> None:
    port = free_port()
    policy = FetchPolicy(allowed_ports=frozenset({port}), address_allowed=loopback_only)
    with pytest.raises(
        FetchError, match=re.escape("could not connect to 127.0.0.1: connection refused")
    ):
        await fetch_url(f"http://127.0.0.1:{port}/", policy)


# Networks and ports an operator opens (fetch_allowed_networks / fetch_allowed_ports)


def opened_policy(site: Site, networks: list[str], ports: list[int]) -> FetchPolicy:
    """The policy the settings build, with the test's short timeouts."""
    settings = load_settings(fetch_allowed_networks=networks, fetch_allowed_ports=ports)
    return replace(FetchPolicy.from_settings(settings), total_timeout_s=5.0)


def test_empty_lists_leave_the_public_rule_as_it_is() -> None:
    policy = FetchPolicy.from_settings(load_settings())
    assert policy.address_allowed is is_public_address
    assert policy.allowed_ports == frozenset({80, 443})


async def test_a_listed_network_and_port_are_fetched(site: Site) -> None:
    policy = opened_policy(site, ["127.0.0.1/32"], [site.port])
    assert policy.allowed_ports == frozenset({80, 443, site.port})
    assert (await fetch_url(site.url(), policy)).body == HTML
    # Public addresses stay allowed; the rest of the private ranges stay refused.
    assert policy.address_allowed(ipaddress.ip_address("93.184.216.34"))
    for other in ("127.0.0.2", "10.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1"):
        assert not policy.address_allowed(ipaddress.ip_address(other)), other


async def test_a_listed_network_opens_no_other_port(site: Site) -> None:
    with pytest.raises(BlockedURL, match=f"port {site.port} is not allowed"):
        await fetch_url(site.url(), opened_policy(site, ["127.0.0.1/32"], []))
    with pytest.raises(BlockedURL, match="private, local or reserved"):
        await fetch_url(site.url(), opened_policy(site, [], [site.port]))
    assert site.hits == []


async def test_names_resolving_inside_the_listed_network_only_are_fetched(
    site: Site, fake_dns: dict[str, list[str]]
) -> None:
    policy = opened_policy(site, ["127.0.0.1/32"], [site.port])
    fake_dns["intranet.test"] = ["127.0.0.1"]
    fake_dns["mixed.test"] = ["127.0.0.1", "127.0.0.2"]
    fake_dns["elsewhere.test"] = ["10.1.2.3"]
    assert (await fetch_url(site.url(host="intranet.test"), policy)).body == HTML
    for host in ("mixed.test", "elsewhere.test"):
        with pytest.raises(BlockedURL, match=re.escape(f"{host} points to a private")):
            await fetch_url(site.url(host=host), policy)
    assert site.hits == ["/article"]


async def test_redirects_out_of_the_listed_network_are_refused(
    site: Site, other_site: Site, fake_dns: dict[str, list[str]]
) -> None:
    policy = opened_policy(site, ["127.0.0.1/32"], [site.port, other_site.port])
    fake_dns["other.test"] = ["127.0.0.2"]
    for target in (other_site.url(host="127.0.0.2"), other_site.url(host="other.test")):
        with pytest.raises(BlockedURL, match="redirects to a link that is not allowed"):
            await fetch_url(site.url(f"/redirect?to={quote(target)}"), policy)
    assert other_site.hits == []
    # Inside the network, redirects are followed as usual.
    inside = site.url("/article")
    assert (await fetch_url(site.url(f"/redirect?to={quote(inside)}"), policy)).body == HTML


async def test_a_wider_listed_network_opens_all_of_it_and_no_more(
    site: Site, other_site: Site
) -> None:
    policy = opened_policy(site, ["127.0.0.0/30"], [site.port, other_site.port])
    assert (await fetch_url(other_site.url(host="127.0.0.2"), policy)).body == HTML
    assert not policy.address_allowed(ipaddress.ip_address("127.0.0.4"))


def test_a_network_with_host_bits_is_an_invalid_setting() -> None:
    with pytest.raises(ValueError, match="fetch_allowed_networks"):
        load_settings(fetch_allowed_networks=["10.1.0.1/16"])


def test_the_networks_setting_reads_json_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARTICLEBOT_FETCH_ALLOWED_NETWORKS", '["10.1.0.0/16"]')
    monkeypatch.setenv("ARTICLEBOT_FETCH_ALLOWED_PORTS", "[8080]")
    policy = FetchPolicy.from_settings(load_settings())
    assert policy.address_allowed(ipaddress.ip_address("10.1.200.3"))
    assert not policy.address_allowed(ipaddress.ip_address("10.2.0.1"))
    assert policy.allowed_ports == frozenset({80, 443, 8080})


async def test_conditional_request_answered_304_comes_back_empty(site: Site) -> None:
    document = await fetch_url(site.url("/status/304"), site.policy(), {"If-None-Match": '"x"'})
    assert document.status == 304 and document.body == b""
    with pytest.raises(FetchError, match="304 Not Modified"):
        await fetch_url(site.url("/status/304"), site.policy())
