"""Sources in, chunks out: safe fetching, URL rules, extraction, cleaning, chunking, sentences."""
