"""Questions in, passages and quotes out: fusion, hybrid search, reranking, answer composition."""
