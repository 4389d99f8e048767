"""Files, uploads and fetched documents: types, size limits, sidecars and dispatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_samples import CANONICAL, NEWS_PAGE, TRAM_LINES, make_pdf, story

from retrieval.errors import ContentTooLarge, InvalidInput, UnsupportedContent
from retrieval.ingest.cleaning import clean_article_text
from retrieval.ingest.extract import extract_bytes, extract_document, extract_file


def test_seed_article_loses_its_photo_caption_and_credit(seed_article: Path) -> None:
    draft = extract_file(seed_article, 1_000_000)
    assert draft.text.startswith("US Secretary of State Antony Blinken on Monday took off")
    assert "REUTERS/Remo Casilli" not in draft.text
    assert "Antony Blinken" not in draft.text.split("\n")
    assert draft.title == "Blinken Israel Visit"
    assert draft.source == "file"
    assert "Resolution 1701" in draft.text
    assert draft.text == clean_article_text(draft.text)


def test_unsupported_suffix_is_refused_naming_the_supported_types(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(UnsupportedContent, match=r"photo\.png.*\.pdf"):
        extract_file(path, 1000)
    with pytest.raises(UnsupportedContent, match=r"report\.docx.*\.txt"):
        extract_bytes(b"PK", "report.docx", 1000)


def test_oversize_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: big on paper, nothing to read

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ContentTooLarge, match=r"huge\.txt is 5\.0 MB, over the 1\.0 MB limit"):
        extract_file(path, 1024 * 1024)
    with pytest.raises(ContentTooLarge):
        extract_bytes(b"x" * 2048, "upload.txt", 1024)


def test_sidecar_json_overrides_the_metadata(tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text("Council approves the budget\n\n" + story(), encoding="utf-8")
    sidecar = {
        "title": "Budget passes after all-night debate",
        "url": "https://gazette.example.com/budget",
        "outlet": "The Gazette",
        "published": "March 5, 2024",
        "author": "Sam Lee",
    }
    Path(f"{path}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    draft = extract_file(path, 100_000)
    assert draft.title == "Budget passes after all-night debate"
    assert draft.url == draft.canonical_url == "https://gazette.example.com/budget"
    assert (draft.outlet, draft.author, draft.published) == ("The Gazette", "Sam Lee", "2024-03-05")
    assert draft.text == story()


def test_malformed_sidecar_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "budget.md"
    path.write_text(story(), encoding="utf-8")
    path.with_suffix(".json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"budget\.json is not valid JSON"):
        extract_file(path, 100_000)


def test_html_and_pdf_files_and_uploads_are_read(tmp_path: Path) -> None:
    page = tmp_path / "tram.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    draft = extract_file(page, 1_000_000)
    assert draft.canonical_url == CANONICAL and draft.source == "file"
    upload = extract_bytes(make_pdf(TRAM_LINES), "C:\\Users\\me\\tram.pdf", 1_000_000)
    assert upload.title == "Harbor City approves waterfront tram" and upload.source == "file"


# -- fetched documents ----------------------------------------------------------------------------


def test_fetched_plain_text_and_pdf_are_dispatched_by_content_type() -> None:
    url = "https://files.example.com/stories/council-budget.txt"
    text = extract_document(story().encode("utf-8"), "text/plain", "utf-8", url, 5)
    assert (text.url, text.canonical_url, text.source) == (url, url, "url")
    assert text.title == "Council Budget"
    pdf = extract_document(make_pdf(TRAM_LINES), "application/pdf", None, url + ".pdf", 5)
    assert "410 million dollars" in pdf.text and pdf.source == "url"
    with pytest.raises(UnsupportedContent, match="image/png"):
        extract_document(b"\x89PNG", "image/png", None, url, 5)
