"""Bulk adds: batched embedding across articles, progress, and resuming after an interruption."""

from __future__ import annotations

import json

import pytest

from embeddings.hashing import HashingEmbedder
from retrieval.errors import InvalidInput
from retrieval.ingest.fetch import FetchedDocument, FetchPolicy
from retrieval.library import Library
from retrieval.types import ArticleDraft


class CountingEmbedder(HashingEmbedder):
    """Records how many texts each embed call received."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def embed(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.calls.append(len(texts))
        return super().embed(texts)


def _drafts(n: int) -> list[ArticleDraft]:
    return [
        ArticleDraft(
            text=f"Story {i} about the harbour tram number {i}. " * 30,
            title=f"Story {i}",
            url=f"https://news.example/story-{i}",
        )
        for i in range(n)
    ]


def test_bulk_add_embeds_across_articles_and_reports_progress(settings) -> None:  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder()
    seen: list[tuple[int, int]] = []
    with Library(settings, embedder=embedder) as library:
        result = library.add_drafts(
            "news", _drafts(30), progress=lambda d, t, _: seen.append((d, t)), batch_chunks=40
        )
        assert len(result.added) == 30 and result.skipped == 0 and not result.failed
        assert library.count("news") == 30
        # Far fewer embed calls than articles: batches span articles.
        assert len(embedder.calls) < 30 and max(embedder.calls) >= 40
        assert seen[-1] == (30, 30) and [d for d, _ in seen] == list(range(1, 31))
        answer = library.ask("news", "What is story 7 about?")
        assert answer.sources


def test_bulk_add_resumes_without_re_embedding_what_is_stored(settings) -> None:  # type: ignore[no-untyped-def]
    drafts = _drafts(20)

    def interrupted():  # type: ignore[no-untyped-def]
        for i, draft in enumerate(drafts):
            if i == 12:
                raise KeyboardInterrupt
            yield draft

    with Library(settings, embedder=HashingEmbedder()) as library:
        with pytest.raises(KeyboardInterrupt):
            library.add_drafts("news", interrupted(), batch_chunks=10)
        stored = library.count("news")
        stored_chunks = library.status("news").chunks
        assert 0 < stored <= 12

    embedder = CountingEmbedder()
    with Library(settings, embedder=embedder) as library:
        result = library.add_drafts("news", drafts, batch_chunks=10)
        assert result.skipped == stored
        assert len(result.added) == 20 - stored
        assert library.count("news") == 20
        chunks = library.status("news").chunks
        # Stored articles were not embedded again: only the new chunks and their sentences.
        new_ids = [a.id for a in result.added]
        rows = library.store.read().execute(
            f"SELECT article_id, sentences FROM chunks WHERE article_id IN "
            f"({','.join('?' * len(new_ids))})",
            new_ids,
        )
        sentences = {(article, tuple(span)) for article, raw in rows for span in json.loads(raw)}
        assert sum(embedder.calls) == chunks - stored_chunks + len(sentences)
        assert library.search("news", "story 3 harbour tram")
        assert library.status("news").index.vectors == chunks


def test_bulk_add_records_failures_and_skips_duplicates(settings) -> None:  # type: ignore[no-untyped-def]
    drafts = _drafts(3)
    items = [drafts[0], InvalidInput("bad page"), ArticleDraft(text="  ", title="Empty"), drafts[0]]
    with Library(settings, embedder=HashingEmbedder()) as library:
        result = library.add_drafts("news", items)
        assert len(result.added) == 1 and result.skipped == 1 and len(result.failed) == 2


def test_add_urls_overlaps_fetching_with_storing(settings) -> None:  # type: ignore[no-untyped-def]
    from retrieval.errors import FetchError

    drafts = {d.url: d for d in _drafts(6)}

    def fake_fetch(url: str, policy: FetchPolicy) -> FetchedDocument:
        if url.endswith("bad"):
            raise FetchError("refused")
        body = drafts[url].text.encode()
        return FetchedDocument(url, url, 200, "text/plain", "utf-8", body)

    with Library(settings, embedder=HashingEmbedder(), fetcher=fake_fetch) as library:
        result = library.add_urls("news", [*drafts, "https://news.example/bad"])
        assert len(result.added) == 6 and len(result.failed) == 1
        again = library.add_urls("news", list(drafts))
        assert again.skipped == 6 and not again.added


def test_a_folder_added_again_skips_stored_files_without_embedding(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir()
    for draft in _drafts(5):
        (folder / f"{draft.title}.txt").write_text(draft.text)
    embedder = CountingEmbedder()
    with Library(settings, embedder=embedder) as library:
        first = library.add_folder("news", folder)
        assert len(first.added) == 5 and not first.failed and first.skipped == 0
        embedded_first = sum(embedder.calls)
        # As if the first run had been interrupted after these five: one more file arrives.
        (folder / "late.txt").write_text("A late story about the ferry timetable. " * 30)
        embedder.calls.clear()
        seen: list[tuple[int, int]] = []
        again = library.add_folder("news", folder, progress=lambda d, t, _: seen.append((d, t)))
        assert [a.title for a in again.added] == ["Late"] and again.skipped == 5
        assert sum(embedder.calls) < embedded_first / 3  # only the new file was embedded
        assert seen[-1] == (6, 6)


def test_a_folder_add_leaves_current_index_files_behind(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir()
    for draft in _drafts(4):
        (folder / f"{draft.title}.txt").write_text(draft.text)
    library = Library(settings, embedder=HashingEmbedder())
    library.add_folder("news", folder)
    # Before any question and without close(): status reads the files the add wrote.
    status = library.status("news")
    assert status.index.healthy, status.index.detail
    assert status.index.vectors == status.chunks
    library.store.close()
    (index_file,) = (settings.data_dir / "indexes").glob("*.faiss")
    written = index_file.stat().st_mtime_ns
    with Library(settings, embedder=HashingEmbedder()) as reopened:
        assert reopened.search("news", "story 2 harbour tram")
        # The question loaded the file as it was: no rebuild from the database rewrote it.
        assert reopened.indexes.peek("news") is not None
        assert index_file.stat().st_mtime_ns == written
