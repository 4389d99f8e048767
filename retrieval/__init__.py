"""Articles in, attributed answers out: ingestion, storage, indexes, search and answers."""
