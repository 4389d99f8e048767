"""The server_settings table: the values a server chose, one row per setting, JSON-encoded."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from retrieval.store.connection import Database


class ServerSettingsTable(Database):
    """Per-collection setting values; a setting without a row takes the process-wide default."""

    def server_setting_values(self, collection: str) -> dict[str, Any]:
        """Return the values this collection chose, by setting name."""
        rows = self.read().execute(
            "SELECT name, value FROM server_settings WHERE collection = ?", (collection,)
        )
        return {str(name): json.loads(value) for name, value in rows}

    def change_server_settings(
        self, collection: str, values: Mapping[str, Any], reset: Collection[str] = ()
    ) -> None:
        """Store some values and drop others (back to their defaults) in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM server_settings WHERE collection = ? AND name = ?",
                [(collection, name) for name in reset],
            )
            db.executemany(
                "INSERT OR REPLACE INTO server_settings (collection, name, value) VALUES (?, ?, ?)",
                [(collection, name, json.dumps(value)) for name, value in values.items()],
            )
