"""Persistence: the SQLite source of truth and crash-safe file writes."""
