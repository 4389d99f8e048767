"""PDFs: paragraphs rebuilt from the text layer, titles, and damaged or locked files."""

from __future__ import annotations

import io

import pytest
from extract_samples import TRAM_LINES, make_pdf
from pypdf import PdfReader, PdfWriter

from retrieval.errors import ExtractionError
from retrieval.ingest.extract import extract_pdf


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
