"""Text files' bytes: code pages and Unicode decode, binary data is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import UnsupportedContent
from retrieval.ingest.extract import decode_text, extract_file

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
