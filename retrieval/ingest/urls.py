"""URL rules: canonical forms for duplicate detection, syntax checks and the public-address test."""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from retrieval.errors import BlockedURL

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}
DEFAULT_ALLOWED_PORTS = frozenset({80, 443})
MAX_URL_CHARS = 2048

# Query parameters that only say how a reader arrived, never which article it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "smid",
        "smtyp",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "rb_clickid",
        "s_cid",
        "ncid",
        "sr_share",
        "ito",
        "spm",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "itm_")

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_HOST_AND_PORT = re.compile(r"^[^:/?#]+:\d+(?:[/?#]|$)")

# Special-purpose IPv4 blocks (IANA registry) that are not reachable public hosts. Listed
# explicitly so the answer does not depend on how one Python release's is_global reads them.
_BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
# Only 2000::/3 holds public unicast today; everything else (::/8, fc00::/7, fe80::/10,
# fec0::/10, ff00::/8 ...) is local, reserved or multicast.
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_BLOCKED_V6 = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001:db8::/32",  # documentation
        "2001:10::/28",  # ORCHID
        "2001:20::/28",  # ORCHIDv2
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 SIDs
    )
)
_IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_TEREDO = ipaddress.IPv6Network("2001::/32")
_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Return True only for a globally reachable unicast address, unwrapping IPv4 inside IPv6."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip.is_global and not any(ip in net for net in _BLOCKED_V4)
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        # A tunnelled or translated address reaches whatever IPv4 host it carries.
        return bool(embedded) and all(is_public_address(v4) for v4 in embedded)
    if ip.is_multicast or ip.is_site_local or ip not in _GLOBAL_UNICAST_V6:
        return False
    return ip.is_global and not any(ip in net for net in _BLOCKED_V6)


@dataclass(frozen=True)
class PublicOrListed:
    """The address rule with an operator's own networks opened: public, or in one listed.

    An address is compared as it is written: an IPv6 form of a listed IPv4 network (mapped,
    6to4…) is not in that network, so the list opens exactly the ranges it names.
    """

    networks: tuple[IPNetwork, ...]

    def __call__(self, ip: IPAddress) -> bool:
        return is_public_address(ip) or any(ip in network for network in self.networks)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...] | None:
    """Return the IPv4 addresses an IPv6 address leads to, or None when it carries none."""
    if ip in _IPV4_MAPPED:
        return (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF),)
    if ip in _NAT64_WELL_KNOWN:
        return (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF),)
    if ip in _SIX_TO_FOUR and ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip in _TEREDO and ip.teredo is not None:
        server, client = ip.teredo
        return (server, client)
    # Local-use NAT64 prefixes, SIIT-translated and deprecated IPv4-compatible forms lead to
    # networks of the operator's choosing: nothing public is ever reached through them.
    if ip in _NAT64_LOCAL or ip in _IPV4_TRANSLATED or ip in _IPV4_COMPATIBLE:
        return ()
    return None


def validate_url(
    url: str, *, allowed_ports: frozenset[int] | None = DEFAULT_ALLOWED_PORTS
) -> SplitResult:
    """Check a URL's shape (scheme, host, credentials, port, length) and return its parts.

    `allowed_ports=None` takes any port: for a link that is stored but never fetched.
    """
    url = url.strip()
    if not url:
        raise BlockedURL("the URL is empty")
    if len(url) > MAX_URL_CHARS:
        raise BlockedURL(f"the URL is longer than {MAX_URL_CHARS} characters")
    if "\n" in url or "\r" in url:
        raise BlockedURL("the URL has a line break in it; give one link per line")
    if _CONTROL_OR_SPACE.search(url):
        raise BlockedURL("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise BlockedURL(f"the URL is malformed ({error})") from None
    scheme = parts.scheme.lower()
    if not scheme or _HOST_AND_PORT.match(url):
        # "example.com:8080/x" parses as scheme "example.com": the user left the scheme out.
        raise BlockedURL("the URL must start with http:// or https://")
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedURL(f"only http and https links can be fetched, not {scheme}:")
    if "@" in parts.netloc:
        raise BlockedURL("links with a user name or password in them are not allowed")
    if "\\" in parts.netloc:
        # Browsers read a backslash as a slash here, other parsers as part of the host.
        raise BlockedURL("the URL's host contains a backslash")
    host = parts.hostname
    if not host:
        raise BlockedURL("the URL has no host name")
    _check_host_name(host)
    try:
        port = parts.port
    except ValueError:
        raise BlockedURL("the URL's port is not a valid number") from None
    if port is not None and allowed_ports is not None and port not in allowed_ports:
        allowed = " or ".join(str(p) for p in sorted(allowed_ports))
        raise BlockedURL(f"port {port} is not allowed; links may only use port {allowed}")
    return parts


def _check_host_name(host: str) -> None:
    """Refuse a host no resolver could look up: escapes, or labels IDNA cannot read back."""
    if host.startswith("[") or ":" in host:
        return  # an IPv6 literal, checked against the address rules when it is fetched
    if "%" in host:
        raise BlockedURL("the URL's host name is not valid (it contains %)")
    try:
        # The fetcher decodes punycode ("xn--...") labels; one that does not decode is no host.
        host.encode("idna").decode("idna")
    except UnicodeError:
        raise BlockedURL(f"{host} is not a valid host name") from None


def canonicalize_url(url: str) -> str:
    """Return the form of a URL used to spot duplicates: tracking, fragment and noise removed."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        # Not something we can normalise; comparing it verbatim is the best we can do.
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not scheme or not host:
        return url
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = _normalise_escapes(parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _canonical_query(parts.query), ""))


def _canonical_query(query: str) -> str:
    """Drop tracking parameters and empty pieces, then sort what is left."""
    kept: list[tuple[str, str]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        piece = _normalise_escapes(piece)
        name = _unescape_all(piece.partition("=")[0]).lower()
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        kept.append((name, piece))
    kept.sort()
    return "&".join(piece for _, piece in kept)


def _normalise_escapes(text: str) -> str:
    """Decode escaped unreserved characters and upper-case the hex digits of the rest."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _PERCENT_ESCAPE.sub(fix, text)


def _unescape_all(text: str) -> str:
    """Decode every %XX escape of a query key (for comparing names only)."""
    return _PERCENT_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text.replace("+", " "))
