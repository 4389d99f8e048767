"""A real feed server on loopback, in a thread: RSS 2.0, RSS 1.0 and Atom feeds, the article
pages their entries link to, conditional GET (ETag / Last-Modified) and failing routes.

It runs on its own thread so that synchronous library calls (which fetch in an event loop of
their own) and the bot's event loop can both reach it.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
LAST_MODIFIED = "Mon, 03 Jun 2024 08:00:00 GMT"
MB = 1024 * 1024

TITLES = {
    "coffee-drought": "Drought cuts Minas Altas coffee harvest by a third",
    "river-cleanup": "Volunteers pull two tonnes of plastic from the Serra river",
    "chip-plant": "Chip plant",
    "harbor-tram-vote": "Harbor tram vote",
}


def article_paragraphs(stem: str) -> list[str]:
    """The fixture article's paragraphs, front matter and headline left out."""
    [path] = FIXTURE_ARTICLES.glob(f"{stem}.*")
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return [p for p in paragraphs if p != TITLES.get(stem) and not p.startswith("#")]


def article_page(stem: str) -> bytes:
    """An article page as a news site serves it."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in article_paragraphs(stem))
    title = html.escape(TITLES[stem])
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    ).encode()


@dataclass
class Route:
    """What one path answers."""

    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0  # seconds to wait before answering (a slow page)


@dataclass
class Request:
    """One request the server saw."""

    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """The server's routes, and every request it answered."""

    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def conditional_hits(self, path: str) -> list[Request]:
        """Requests of a path that carried If-None-Match or If-Modified-Since."""
        return [
            r
            for r in self.hits(path)
            if "if-none-match" in r.headers or "if-modified-since" in r.headers
        ]


class _Handler(BaseHTTPRequestHandler):
    server_state: FeedServer

    def do_GET(self) -> None:
        state = self.server_state
        headers = {k.lower(): v for k, v in self.headers.items()}
        with state.lock:
            state.requests.append(Request(self.path, headers))
            route = state.routes.get(self.path)
        if route is None:
            self._answer(404, "text/plain", b"not found")
            return
        time.sleep(route.delay_s)
        if route.status == 200 and self._not_modified(route, headers):
            self.send_response(304)
            self._validators(route)
            self.end_headers()
            return
        self._answer(route.status, route.content_type, route.body, route)

    def _not_modified(self, route: Route, headers: dict[str, str]) -> bool:
        if route.etag is not None and headers.get("if-none-match") == route.etag:
            return True
        return route.last_modified is not None and (
            headers.get("if-modified-since") == route.last_modified
        )

    def _validators(self, route: Route) -> None:
        if route.etag is not None:
            self.send_header("ETag", route.etag)
        if route.last_modified is not None:
            self.send_header("Last-Modified", route.last_modified)

    def _answer(self, status: int, kind: str, body: bytes, route: Route | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if route is not None and status == 200:
            self._validators(route)
        self.end_headers()
        # The client may stop reading a body over its cap.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def rss2(items: list[tuple[str, str, str]], title: str = "Serra Daily") -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid><pubDate>Sun, 02 Jun 2024 10:00:00 GMT</pubDate>"
        f"<description>{html.escape(d)}</description></item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://serra.test/</link><description>news</description>{entries}"
        "</channel></rss>"
    ).encode()


def rss1(items: list[tuple[str, str, str]], title: str = "Harbour Notes") -> bytes:
    """An RSS 1.0 (RDF) feed of (title, link, description) items."""
    entries = "".join(
        f'<item rdf:about="{html.escape(link)}"><title>{html.escape(t)}</title>'
        f"<link>{html.escape(link)}</link><description>{html.escape(d)}</description>"
        "<dc:date>2024-06-01T09:00:00Z</dc:date></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="http://harbour.test/"><title>{title}</title>'
        "<link>http://harbour.test/</link><description>notes</description></channel>"
        f"{entries}</rdf:RDF>"
    ).encode()


def atom(entries: list[tuple[str, str, str]], title: str = "Chip Watch") -> bytes:
    """An Atom feed of (title, link, html content) entries."""
    body = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/>'
        f"<id>{html.escape(link)}</id><updated>2024-06-03T07:00:00Z</updated>"
        f'<content type="html">{html.escape(content)}</content></entry>'
        for t, link, content in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:chip-watch</id><updated>2024-06-03T07:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()


def many_entries(count: int) -> bytes:
    """An RSS 2.0 feed of `count` short items."""
    return rss2([(f"Item {i}", f"http://serra.test/{i}", "short") for i in range(count)])


def oversized_feed(size: int = 20 * MB) -> bytes:
    """A valid-looking RSS feed of about `size` bytes (one huge description)."""
    head = rss2([("Big", "http://serra.test/big", "")])
    filler = b"x" * size
    empty = b"<description></description>"
    return head.replace(empty, b"<description>" + filler + b"</description>")


def standard_routes(server: FeedServer) -> None:
    """The feeds and pages most tests use."""
    page = server.url
    for stem in TITLES:
        server.routes[f"/articles/{stem}"] = Route(article_page(stem), "text/html; charset=utf-8")
    server.routes["/broken/chip-plant"] = Route(b"oops", "text/plain", status=500)
    server.routes["/rss.xml"] = Route(
        rss2(
            [
                (TITLES["coffee-drought"], page("/articles/coffee-drought"), "Harvest down."),
                (TITLES["river-cleanup"], page("/articles/river-cleanup"), "Clean-up."),
            ]
        ),
        etag='"rss-v1"',
        last_modified=LAST_MODIFIED,
    )
    chip_html = "".join(f"<p>{html.escape(p)}</p>" for p in article_paragraphs("chip-plant"))
    server.routes["/atom.xml"] = Route(
        atom([("Chip plant opens", page("/broken/chip-plant"), chip_html)]),
        "application/atom+xml",
        last_modified=LAST_MODIFIED,
    )
    server.routes["/rdf.xml"] = Route(
        rss1([(TITLES["harbor-tram-vote"], page("/articles/harbor-tram-vote"), "Tram vote.")]),
        "application/rdf+xml",
        etag='"rdf-1"',
    )
    server.routes["/error.xml"] = Route(b"down", "text/plain", status=500)
    server.routes["/page.html"] = Route(article_page("coffee-drought"), "text/html")
    server.routes["/not-a-feed.xml"] = Route(b"<html><p>hello</p></html>", "application/xml")


def serve() -> Iterator[FeedServer]:
    """Start the server on 127.0.0.1 and an ephemeral port; stop it afterwards."""
    state = FeedServer()
    handler = type("Handler", (_Handler,), {"server_state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    standard_routes(state)
    thread = threading.Thread(target=httpd.serve_forever, name="feed-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
