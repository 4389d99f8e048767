"""Extraction of HTML, PDF, text and Markdown into clean, attributed article drafts."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

import retrieval.ingest.extract as extract
from retrieval.errors import (
    ContentTooLarge,
    ExtractionError,
    InvalidInput,
    UnsupportedContent,
)
from retrieval.ingest.cleaning import clean_article_text
from retrieval.ingest.extract import (
    decode_text,
    extract_bytes,
    extract_document,
    extract_file,
    extract_html,
    extract_pdf,
    extract_plain_text,
    normalise_date,
    title_from_name,
    title_from_text,
)

SEED = Path(__file__).resolve().parents[3] / "seeds" / "blinken-israel-visit.txt"
PAGE_URL = "https://ledger.example.com/news/harbor-tram-vote?utm_source=feed"
CANONICAL = "https://ledger.example.com/news/2024/03/14/harbor-tram-vote"

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbor City approves waterfront tram | The Harbor Ledger</title>
<link rel="canonical" href="{CANONICAL}">
<meta property="og:title"
  content="Harbor City council approves waterfront tram after marathon session">
<meta property="og:site_name" content="The Harbor Ledger">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2024-03-14T21:05:00-05:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sports">Sports</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<div class="ad">Advertisement</div></header>
<main><article>
<h1>Harbor City council approves waterfront tram after marathon session</h1>
<p class="byline">By Dana Whitfield</p>
<figure><img src="/img/tram.jpg" alt="A tram on the waterfront">
<figcaption>A test tram runs along the waterfront. REUTERS/Jane Smith</figcaption></figure>
<p>Harbor City's council voted 7 to 4 early on Thursday to build a waterfront tram line,
ending a session that ran past midnight and drew more than 200 speakers.</p>
<p>The line will cost 410 million dollars and link the ferry terminal with the convention
centre and the university, according to the city's transport department.</p>
<div class="ad-slot"><p>Advertisement</p></div>
<p>Supporters said the tram would cut traffic on Harbor Avenue, while opponents warned that
construction would hurt small businesses along the route for at least two years.</p>
<p>A Reuters analysis of similar projects found that most came in over budget, a point
council member Ruth Okafor raised before the vote.</p>
<p>Construction is due to start next spring, and the first trams should carry passengers
in 2027.</p>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Ferry fares to rise in June</a></li>
<li><a href="/b">Convention centre expansion delayed</a></li></ul></aside>
<p>Sign up for our newsletter</p>
<div class="share">Share this article</div>
</article></main>
<footer><p>© 2024 The Harbor Ledger. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""

TRAM_LINES = [
    "Harbor City approves waterfront tram",
    "",
    "Harbor City's council voted 7 to 4 early on Thursday to build a water-",
    "front tram line, ending a session that ran past midnight and drew more",
    "than 200 speakers from across the city and the harbour districts.",
    "",
    "The line will cost 410 million dollars and link the ferry terminal with",
    "the convention centre and the university.",
    "2",
]


# -- helpers --------------------------------------------------------------------------------------


def make_pdf(*pages: list[str], title: str | None = None) -> bytes:
    """Write a PDF drawing each page's lines in Helvetica ("" leaves a line's space empty)."""

    def literal(text: str) -> bytes:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("cp1252") + b")"

    def content(lines: list[str]) -> bytes:
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 740 Td"]
        ops += [literal(line) + b" Tj T*" if line else b"T*" for line in lines]
        stream = b"\n".join([*ops, b"ET"])
        return b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"

    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for n, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * n)
        )
        objects.append(content(lines))
    if title is not None:
        objects.append(b"<< /Title " + literal(title) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if title is not None:
        trailer += b" /Info %d 0 R" % len(objects)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def story(sentences: int = 6) -> str:
    """Return a few sentences of plausible article prose."""
    base = (
        "The regional council approved the new budget on Tuesday after a long debate. "
        "Officials said the plan would fund two new schools and repair the old bridge. "
    )
    return (base * sentences).strip()


# -- HTML -----------------------------------------------------------------------------------------


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

    monkeypatch.setattr(extract, "_bare_extraction", stuck)
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="took too long"):
        extract_html(NEWS_PAGE, PAGE_URL, timeout_s=0.05)
    assert time.monotonic() - started < 0.5


def test_fetched_html_uses_the_declared_charset_and_keeps_the_fetched_url() -> None:
    page = NEWS_PAGE.replace('<meta charset="utf-8">', "").replace("Harbor Avenue", "Hárbor Ávenue")
    draft = extract_document(page.encode("latin-1"), "text/html", "iso-8859-1", PAGE_URL, 10)
    assert "Hárbor Ávenue" in draft.text
    assert draft.url == PAGE_URL and draft.canonical_url == CANONICAL and draft.source == "url"


# -- PDF ------------------------------------------------------------------------------------------


def test_pdf_text_is_joined_into_paragraphs_and_titled_from_metadata() -> None:
    draft = extract_pdf(make_pdf(TRAM_LINES, title="Tram vote: the details"), "tram.pdf")

    assert draft.title == "Tram vote: the details"
    assert draft.text.split("\n\n") == [
        "Harbor City approves waterfront tram",
        "Harbor City's council voted 7 to 4 early on Thursday to build a waterfront tram line, "
        "ending a session that ran past midnight and drew more than 200 speakers from across "
        "the city and the harbour districts.",
        "The line will cost 410 million dollars and link the ferry terminal with "
        "the convention centre and the university.",
    ]


def test_pdf_without_useful_metadata_is_titled_from_its_first_heading() -> None:
    draft = extract_pdf(make_pdf(TRAM_LINES, title="Microsoft Word - draft3.docx"), "x.pdf")
    assert draft.title == "Harbor City approves waterfront tram"
    assert draft.text.startswith("Harbor City's council voted")


def test_pdf_without_heading_is_titled_from_its_file_name() -> None:
    draft = extract_pdf(make_pdf(TRAM_LINES[2:]), "harbor_tram-vote.pdf")
    assert draft.title == "Harbor Tram Vote"


def test_pdf_sentence_running_onto_the_next_page_stays_whole() -> None:
    first = [
        "The council also approved a new timetable for the harbour ferries, which",
        "will run every fifteen minutes during the morning and evening rush from",
        "1",
    ]
    second = [
        "April onwards, the transport department said in a statement on Friday.",
        "",
        "Fares will not change this year.",
        "2",
    ]
    draft = extract_pdf(make_pdf(first, second), "ferries.pdf")
    assert draft.text.split("\n\n") == [
        " ".join(first[:2]) + " " + second[0],
        "Fares will not change this year.",
    ]


def test_pdf_without_text_layer_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match=r"no text layer \(is it a scan\?\)"):
        extract_pdf(buffer.getvalue())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_pdf(TRAM_LINES)[:300], "damaged"),
        (b"%PDF-1.4 not really", "damaged"),
        (b"<html>not a pdf</html>", "not a PDF"),
    ],
)
def test_corrupt_pdf_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract_pdf(data)


def test_password_protected_pdf_is_refused_but_an_empty_password_is_opened() -> None:
    def encrypted(password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(TRAM_LINES))))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    with pytest.raises(ExtractionError, match="encrypted"):
        extract_pdf(encrypted("secret"))
    assert "410 million dollars" in extract_pdf(encrypted("")).text


# -- decoding -------------------------------------------------------------------------------------

CURLY = (
    "The mayor called the plan “unworkable” and said it wouldn’t pass — not this year, "
    "café owners agreed."
)


def test_cp1252_text_with_curly_quotes_decodes(tmp_path: Path) -> None:
    path = tmp_path / "mayor.txt"
    path.write_bytes(CURLY.encode("cp1252"))
    assert decode_text(CURLY.encode("cp1252")) == CURLY
    assert extract_file(path, 10_000).text == CURLY


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_text_decodes(encoding: str) -> None:
    assert decode_text(CURLY.encode(encoding)) == CURLY


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 8, b"PK\x03\x04\x14"],
)
def test_binary_data_is_refused(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedContent, match="not text"):
        decode_text(data)
    path = tmp_path / "binary.txt"
    path.write_bytes(data)
    with pytest.raises(UnsupportedContent):
        extract_file(path, 1_000_000)


# -- plain text and Markdown ----------------------------------------------------------------------


def test_front_matter_gives_the_metadata() -> None:
    text = (
        "---\n"
        'title: "Ferry fares rise in June"\n'
        "url: https://ledger.example.com/ferry-fares\n"
        "outlet: The Harbor Ledger\n"
        "date: 2024-05-02\n"
        "author: Dana Whitfield\n"
        "tags: [ferry, fares]\n"
        "---\n\n" + story()
    )
    draft = extract_plain_text(text, "ferry.txt")
    assert draft.title == "Ferry fares rise in June"
    assert draft.url == draft.canonical_url == "https://ledger.example.com/ferry-fares"
    assert draft.outlet == "The Harbor Ledger"
    assert draft.published == "2024-05-02"
    assert draft.author == "Dana Whitfield"
    assert draft.text == story()


def test_markdown_heading_is_the_title_and_formatting_is_stripped() -> None:
    text = (
        "# Council *approves* the budget\n\n"
        "![The council chamber](/img/chamber.jpg)\n\n"
        "The **regional council** approved the [new budget](https://example.com/b) on Tuesday "
        "after a _long_ debate that ran into the night.\n\n"
        "## What it pays for\n"
        "Officials said the plan would fund `two` new schools.\n"
    )
    draft = extract_plain_text(text, "budget.md", markdown=True)
    assert draft.title == "Council approves the budget"
    assert draft.text == (
        "The regional council approved the new budget on Tuesday after a long debate that ran "
        "into the night.\n\nWhat it pays for\n\nOfficials said the plan would fund two new schools."
    )


def test_markdown_heading_repeating_the_front_matter_title_is_not_kept_as_text() -> None:
    text = "---\ntitle: Council approves the budget\n---\n\n# Council approves the budget\n\n"
    draft = extract_plain_text(text + story(), "budget.md", markdown=True)
    assert (draft.title, draft.text) == ("Council approves the budget", story())


def test_plain_text_headline_is_the_title_and_leaves_the_text() -> None:
    draft = extract_plain_text("Council approves the budget\n\n" + story())
    assert draft.title == "Council approves the budget"
    assert draft.text == story()


def test_title_falls_back_to_the_file_name_then_the_first_sentence() -> None:
    body = "The council met. " + story()
    assert extract_plain_text(body, "2024-03-01_council-meeting.txt").title == "Council Meeting"
    assert extract_plain_text(body).title == "The council met"
    assert title_from_name("blinken-israel-visit.txt") == "Blinken Israel Visit"
    long_sentence = (
        "The regional council approved the new budget on Tuesday after a long debate that ran "
        "past midnight. It passed."
    )
    long_title = title_from_text(long_sentence)
    assert long_title == long_sentence[:75] + "…"
    assert len(long_title) <= 80


def test_a_single_short_sentence_is_kept_as_the_text() -> None:
    draft = extract_plain_text("The ferry timetable changes on Sunday for the winter.")
    assert draft.text == "The ferry timetable changes on Sunday for the winter."
    assert draft.title == "The ferry timetable changes on Sunday for the winter"


def test_hard_wrapped_plain_text_is_unwrapped() -> None:
    wrapped = (
        "The regional council approved the new budget on Tuesday after\n"
        "a long debate. Officials said the plan would fund two new\n"
        "schools and repair the old bridge over the river.\n\n"
        "Opposition members said the spending was too high and asked\n"
        "for a review of the bridge contract before any work begins.\n"
    )
    assert extract_plain_text(wrapped).text.split("\n\n") == [
        "The regional council approved the new budget on Tuesday after a long debate. Officials "
        "said the plan would fund two new schools and repair the old bridge over the river.",
        "Opposition members said the spending was too high and asked for a review of the bridge "
        "contract before any work begins.",
    ]


def test_empty_or_all_boilerplate_text_is_refused() -> None:
    with pytest.raises(ExtractionError):
        extract_plain_text("   \n\n ")
    with pytest.raises(ExtractionError, match="nothing is left"):
        extract_plain_text("Advertisement\n\nShare this article\n")


# -- files ----------------------------------------------------------------------------------------


def test_seed_article_loses_its_photo_caption_and_credit() -> None:
    draft = extract_file(SEED, 1_000_000)
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


# -- cleaning -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Antony BlinkenREUTERS/Remo Casilli",
        "(Photo: AP)",
        "Photo by John Doe/Getty Images",
        "Credit: Jane Doe",
        "Image: Reuters",
        "FILE PHOTO: Antony Blinken speaks in Washington, May 15, 2024. REUTERS/Ken Cedeno",
        "Protesters gather in Tel Aviv on Saturday. Amir Cohen/Reuters",
        "(AP Photo/Evan Vucci)",
        "Advertisement",
        "Sign up for our newsletter",
        "Read more: Ferry fares to rise in June",
        "Share this article",
        "Click here to subscribe",
        "© 2024 The Harbor Ledger",
        "All rights reserved",
        "This story has been updated with comment from the ministry.",
        "Reporting by Humeyra Pamuk; Editing by Ros Russell",
        "* * *",
    ],
)
def test_captions_credits_and_boilerplate_are_dropped(line: str) -> None:
    assert clean_article_text(f"{story(2)}\n\n{line}\n\n{story(1)}") == f"{story(2)}\n\n{story(1)}"


@pytest.mark.parametrize(
    "sentence",
    [
        "A Reuters analysis of similar projects found that most came in over budget.",
        "Blinken told Reuters on Monday that the talks would go on.",
        "The Reuters/Ipsos poll was taken online over three days.",
        "Photographs by the agency show the damage, officials said.",
        "Register now to vote, officials urged residents on Monday.",
        "Share prices fell 4 percent.",
        "The photograph was licensed from Getty Images.",
        "Email the council before Friday to comment on the plan.",
        "More than 300 volunteers removed about two tonnes of plastic.",
    ],
)
def test_real_sentences_are_kept(sentence: str) -> None:
    text = f"{story(2)}\n\n{sentence}"
    assert clean_article_text(text) == text


def test_a_caption_inside_the_text_goes_with_its_credit() -> None:
    text = f"{story(2)}\n\nThe tram depot\nThe tram depot at dawn. REUTERS/Jane Smith\n\n{story(1)}"
    assert clean_article_text(text) == f"{story(2)}\n\n{story(1)}"


def test_a_byline_above_the_text_is_dropped_but_a_headline_starting_with_by_is_not() -> None:
    assert clean_article_text(f"By Dana Whitfield, Staff Writer\n\n{story()}") == story()
    headline = "By the numbers: how the tram will be paid for"
    draft = extract_plain_text(f"{headline}\n\n{story()}")
    assert (draft.title, draft.text) == (headline, story())


def test_cleaning_twice_changes_nothing() -> None:
    raw = SEED.read_text(encoding="utf-8") + "\n\nAdvertisement\n\n" + story()
    once = clean_article_text(raw)
    assert clean_article_text(once) == once


def test_whitespace_and_unicode_are_normalised() -> None:
    raw = "  Cafe\u0301 owners\u00a0said\t\tprices rose.  \r\n\r\n\r\n\u00adMore\u200b text here.\r"
    assert clean_article_text(raw) == "Café owners said prices rose.\n\nMore text here."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-03-14T21:05:00-05:00", "2024-03-14"),
        ("2024/3/4", "2024-03-04"),
        ("14 March 2024", "2024-03-14"),
        ("March 14, 2024", "2024-03-14"),
        ("Thursday, March 14th, 2024", "2024-03-14"),
        ("yesterday", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_dates_are_normalised(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected
