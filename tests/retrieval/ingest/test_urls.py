"""URL canonical forms, URL shape checks and the public-address rule."""

from __future__ import annotations

import ipaddress

import pytest

from retrieval.errors import BlockedURL
from retrieval.ingest.urls import canonicalize_url, is_public_address, validate_url

# canonicalize_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://News.Example.COM:443/a/story/?utm_source=x&b=2&a=1#section",
            "https://news.example.com/a/story?a=1&b=2",
        ),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("https://example.com/A/B", "https://example.com/A/B"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("https://example.com/a?utm_medium=social&fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?UTM_Source=x&ID=7", "https://example.com/a?ID=7"),
        ("https://example.com/a?&&p=2&", "https://example.com/a?p=2"),
        ("https://example.com/a?flag", "https://example.com/a?flag"),
        ("https://example.com/%7euser/a%2fb", "https://example.com/~user/a%2Fb"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonical_form(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


@pytest.mark.parametrize(
    "param",
    [
        "utm_source",
        "utm_campaign",
        "utm_content",
        "fbclid",
        "gclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "cmpid",
        "smid",
        "_ga",
        "msclkid",
        "at_medium",
    ],
)
def test_tracking_parameters_are_dropped(param: str) -> None:
    url = f"https://example.com/news/story?id=42&{param}=tracking-value"
    assert canonicalize_url(url) == "https://example.com/news/story?id=42"


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example.com/2024/05/story",
        "https://www.example.com/2024/05/story/",
        "https://WWW.EXAMPLE.COM/2024/05/story#comments",
        "https://www.example.com:443/2024/05/story?utm_source=newsletter",
        "https://www.example.com/2024/05/story?fbclid=IwAR0&utm_medium=social#top",
        "https://www.example.com/2024/05/%73tory",
    ],
)
def test_equivalent_urls_share_one_canonical_form(variant: str) -> None:
    assert canonicalize_url(variant) == "https://www.example.com/2024/05/story"


def test_parameter_order_does_not_matter() -> None:
    assert canonicalize_url("https://example.com/a?b=1&a=2") == canonicalize_url(
        "https://example.com/a?a=2&b=1"
    )


def test_different_articles_keep_different_forms() -> None:
    base = canonicalize_url("https://example.com/article?id=1")
    assert base != canonicalize_url("https://example.com/article?id=2")
    assert base != canonicalize_url("https://example.com/Article?id=1")
    assert base != canonicalize_url("https://example.org/article?id=1")


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://News.Example.COM:443/a/story/?utm_source=x&b=2&a=1#section",
        "https://example.com",
        "https://example.com/%7euser/a%2fb?q=a%20b",
    ],
)
def test_canonical_form_is_stable(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@pytest.mark.parametrize("url", ["http://[::1/x", "not a url", "http://example.com:99999/"])
def test_unparseable_urls_are_returned_as_given(url: str) -> None:
    assert canonicalize_url(f" {url} ") == url


# validate_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/story?id=1",
        "http://example.com:80/a",
        "https://example.com:443/a",
        "http://example.com:443/a",
        "HTTPS://Example.com/a",
        "http://[2606:4700:4700::1111]/",
        "https://bücher.example/",
        "https://xn--bcher-kva.example/",
        "https://news.example./a",
    ],
)
def test_valid_urls_pass(url: str) -> None:
    parts = validate_url(url)
    assert parts.scheme.lower() in {"http", "https"}
    assert parts.hostname


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "not file:"),
        ("ftp://example.com/file.txt", "not ftp:"),
        ("javascript:alert(1)", "not javascript:"),
        ("data:text/html,<p>hi</p>", "not data:"),
        ("gopher://example.com/", "not gopher:"),
        ("example.com/story", "must start with http:// or https://"),
        ("example.com:8080/story", "must start with http:// or https://"),
        ("", "empty"),
        ("http://", "no host name"),
        ("http:///path", "no host name"),
        ("http://user:pass@example.com/", "user name or password"),
        ("http://user@example.com/", "user name or password"),
        ("http://@example.com/", "user name or password"),
        ("http://example.com:8080/", "port 8080 is not allowed"),
        ("https://example.com:22/", "port 22 is not allowed"),
        ("http://example.com:99999/", "not a valid number"),
        ("http://example.com:http/", "not a valid number"),
        ("http://[::1/", "malformed"),
        ("http://exa mple.com/", "spaces or control characters"),
        ("http://example.com/a\nb", "line break"),
        ("http://example.com:1\r\n/story", "line break"),
        ("http://exa\r\nmple.com:1/", "line break"),
        ("http://example.com%0D%0A:1/", "host name is not valid"),
        ("http://xn--localhost-/", "xn--localhost- is not a valid host name"),
        ("http://a..b/", "not a valid host name"),
        ("http://example.com\\@10.0.0.1/", "user name or password"),
        ("https://example.com/" + "a" * 2100, "longer than 2048"),
    ],
)
def test_bad_urls_are_blocked_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(BlockedURL) as raised:
        validate_url(url)
    assert message in raised.value.message


def test_any_port_is_taken_for_a_link_that_is_only_stored() -> None:
    assert validate_url("https://news.example:8443/a", allowed_ports=None).port == 8443
    with pytest.raises(BlockedURL, match="not javascript:"):
        validate_url("javascript:alert(1)", allowed_ports=None)


def test_allowed_ports_can_be_widened() -> None:
    assert validate_url("http://127.0.0.1:8080/", allowed_ports=frozenset({8080})).port == 8080
    with pytest.raises(BlockedURL, match="port 80 is not allowed"):
        validate_url("http://example.com:80/", allowed_ports=frozenset({8080}))


# is_public_address


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "93.184.216.34",
        "100.63.255.255",  # just below the shared (CGNAT) block
        "100.128.0.0",  # just above it
        "172.32.0.1",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",  # IPv4-mapped public address
        "2002:808:808::1",  # 6to4 around 8.8.8.8
        "64:ff9b::808:808",  # NAT64 well-known prefix around 8.8.8.8
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo: server 65.54.227.120, client 8.8.8.8
    ],
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # CGNAT
        "100.127.255.254",
        "0.0.0.0",
        "0.1.2.3",
        "192.0.0.1",
        "192.0.0.9",
        "192.0.2.1",
        "198.18.0.1",
        "198.51.100.1",
        "203.0.113.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",  # deprecated site-local
        "ff02::1",
        "ff0e::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:0:7f00:1",  # SIIT-translated 127.0.0.1
        "::7f00:1",  # deprecated IPv4-compatible 127.0.0.1
        "::808:808",  # IPv4-compatible, even around a public address
        "2002:7f00:0001::",  # 6to4 around 127.0.0.1
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 around 127.0.0.1
        "64:ff9b:1::808:808",  # local-use NAT64 prefix
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "2001:0:a00:1:8000:63bf:f7f7:f7f7",  # Teredo, server 10.0.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, client 192.0.2.45
        "4000::1",  # outside the global unicast block
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


def test_teredo_examples_embed_what_they_claim() -> None:
    teredo = ipaddress.IPv6Address("2001:0:4136:e378:8000:63bf:80ff:fffe").teredo
    assert teredo == (ipaddress.IPv4Address("65.54.227.120"), ipaddress.IPv4Address("127.0.0.1"))
