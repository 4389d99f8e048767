"""The departures table: a collection removed for good takes nothing until its server returns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from retrieval.errors import CollectionRemoved
from retrieval.store.sqlite import Store
from retrieval.types import ArticleDraft

DRAFT = ArticleDraft(text="The ferry runs again on Sunday.", title="Ferry")


def test_a_collection_removed_for_good_refuses_new_articles_until_it_is_welcomed_back(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "articlebot.sqlite3")
    store.ensure_collection("guild-1")
    with store.transaction() as db:
        store.mark_removed(db, "guild-1")
        store.delete_collection_rows(db, "guild-1")

    with pytest.raises(CollectionRemoved):
        store.ensure_collection("guild-1")
    with pytest.raises(CollectionRemoved), store.transaction() as db:
        # An add that prepared before the removal commits after it: refused, not stored.
        store.insert_article(db, "guild-1", DRAFT, "hash", None)
    assert store.collection_names() == []

    store.clear_departure("guild-1")
    store.ensure_collection("guild-1")
    with store.transaction() as db:
        key = store.insert_article(db, "guild-1", DRAFT, "hash", None)
    assert store.article("guild-1", key).summary.id == 1
    store.close()


def test_the_first_time_a_collection_was_missed_is_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "articlebot.sqlite3")
    first = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    assert store.mark_missing("guild-2", first) == first
    assert store.mark_missing("guild-2", first + timedelta(days=2)) == first
    assert store.missing_since("guild-2") == first
    assert store.departures() == ["guild-2"]
    store.close()
