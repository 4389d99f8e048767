"""HTML pages: the article and its metadata, without the page furniture."""

from __future__ import annotations

import time

import pytest
from extract_samples import CANONICAL, NEWS_PAGE, PAGE_URL

import retrieval.ingest.extract.html as html_extraction
from retrieval.errors import ExtractionError
from retrieval.ingest.cleaning import clean_article_text
from retrieval.ingest.extract import extract_document, extract_html


def test_news_page_keeps_the_article_and_its_metadata_and_drops_the_furniture() -> None:
    draft = extract_html(NEWS_PAGE, PAGE_URL)

    assert draft.title == "Harbor City council approves waterfront tram after marathon session"
    assert draft.outlet == "The Harbor Ledger"
    assert draft.author == "Dana Whitfield"
    assert draft.published == "2024-03-14"
    assert draft.canonical_url == CANONICAL
    assert draft.url == PAGE_URL
    assert draft.source == "url"
    assert draft.text.startswith("Harbor City's council voted 7 to 4")
    assert "410 million dollars" in draft.text
    assert "A Reuters analysis of similar projects" in draft.text
    for furniture in (
        "Advertisement",
        "Sign up",
        "Share this",
        "Ferry fares",
        "Related stories",
        "Privacy",
        "All rights reserved",
        "REUTERS/Jane Smith",
        "Home",
        "By Dana",
    ):
        assert furniture not in draft.text, furniture
    assert "\n\n" in draft.text and "\n\n\n" not in draft.text
    assert draft.text == clean_article_text(draft.text)


def test_page_without_article_text_is_refused() -> None:
    nav_only = (
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/news'>News</a></nav><p>Welcome!</p><footer>© 2024 Ledger</footer></body></html>"
    )
    with pytest.raises(ExtractionError, match="no article text found on that page"):
        extract_html(nav_only, "https://ledger.example.com/")
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html("", "https://ledger.example.com/")


def test_page_that_takes_too_long_is_abandoned(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(html: str | bytes, url: str | None) -> None:
        time.sleep(1)

    monkeypatch.setattr(html_extraction, "_bare_extraction", stuck)
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="took too long"):
        extract_html(NEWS_PAGE, PAGE_URL, timeout_s=0.05)
    assert time.monotonic() - started < 0.5


def test_fetched_html_uses_the_declared_charset_and_keeps_the_fetched_url() -> None:
    page = NEWS_PAGE.replace('<meta charset="utf-8">', "").replace("Harbor Avenue", "Hárbor Ávenue")
    draft = extract_document(page.encode("latin-1"), "text/html", "iso-8859-1", PAGE_URL, 10)
    assert "Hárbor Ávenue" in draft.text
    assert draft.url == PAGE_URL and draft.canonical_url == CANONICAL and draft.source == "url"
