"""BM25 keyword index over a collection's chunks, in segments that grow without a rebuild.

Postings keep raw term counts and are scored when a question comes in (BM25 as Lucene scores
it, k1 = 1.5, b = 0.75), so adding articles appends a small segment and removing them marks
tombstones while the statistics stay collection-wide. Terms are 64-bit hashes in sorted arrays:
a million-chunk vocabulary costs megabytes, where a dict of strings would cost hundreds of them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import zipfile
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from retrieval.store.atomic import atomic_write

log = logging.getLogger(__name__)

K1 = 1.5
B = 0.75
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_STOP = frozenset(STOPWORDS_EN)
_BATCH = 4096  # documents tokenised per step: bounds the Python objects alive at once
SEGMENT_DOCS = 1 << 18  # documents per built segment: bounds a build's memory, not the index's
MAX_SMALL_SEGMENTS = 8  # more small ones than this and they merge: a search touches few arrays
MAX_DEAD_SHARE = 0.2  # a segment with more tombstones than this is compacted

FILE_FORMAT = 1  # bump when the tokenizer or the arrays change: old files are then rebuilt
_ARRAYS = ("ids", "lengths", "terms", "starts", "docs", "counts", "alive")

Int64s = npt.NDArray[np.int64]


class LexicalFileError(Exception):
    """The BM25 file is missing, damaged, or was written for other settings."""


class Tokenizer:
    """Lower-cased words of two or more characters, English stop words out, Snowball-stemmed."""

    def __init__(self, stemming: bool = True) -> None:
        self.stemming = stemming
        self._stemmer = Stemmer.Stemmer("english") if stemming else None

    def terms(self, text: str, skip: frozenset[str] = frozenset()) -> list[str]:
        """Return the index terms of a text, in order, repeats kept; `skip` drops more words."""
        words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOP and w not in skip]
        return self._stemmer.stemWords(words) if self._stemmer else words


def term_hashes(terms: Sequence[str]) -> npt.NDArray[np.uint64]:
    """Return stable 64-bit hashes of terms (Python's own hash changes between processes)."""
    digests = b"".join(hashlib.blake2b(t.encode(), digest_size=8).digest() for t in terms)
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


@dataclass(frozen=True)
class LexicalHits:
    """BM25 results for one query: chunk ids and scores, best first."""

    ids: Int64s
    scores: npt.NDArray[np.float32]


@dataclass
class _Segment:
    """An immutable run of documents and their postings, plus a tombstone mask."""

    ids: Int64s  # chunk id of each document position
    lengths: npt.NDArray[np.float32]  # index terms per document
    terms: npt.NDArray[np.uint64]  # sorted term hashes
    starts: Int64s  # postings of terms[i] are docs[starts[i]:starts[i + 1]]
    docs: npt.NDArray[np.int32]
    counts: npt.NDArray[np.uint16]
    alive: npt.NDArray[np.bool_] = field(init=False)
    dead: Int64s = field(init=False)  # positions of tombstoned documents
    live_count: int = field(init=False)
    live_length: float = field(init=False)  # index terms in live documents
    _norm: tuple[float, npt.NDArray[np.float32]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.alive = np.ones(len(self.ids), dtype=bool)
        self.dead = np.zeros(0, dtype=np.int64)
        self.live_count = len(self.ids)
        self.live_length = float(self.lengths.sum())

    def kill(self, chunk_ids: Int64s) -> None:
        """Tombstone the documents of these chunk ids, keeping the live statistics current."""
        self.set_alive(self.alive & ~np.isin(self.ids, chunk_ids))

    def set_alive(self, alive: npt.NDArray[np.bool_]) -> None:
        """Take a tombstone mask, keeping the live statistics current."""
        self.alive = alive
        self.dead = np.flatnonzero(~self.alive)
        self.live_count = len(self.ids) - len(self.dead)
        self.live_length = float(self.lengths[self.alive].sum())

    @property
    def dead_share(self) -> float:
        return len(self.dead) / len(self.ids) if len(self.ids) else 0.0

    def postings(self, term: np.uint64) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]]:
        at = int(np.searchsorted(self.terms, term))
        if at == len(self.terms) or self.terms[at] != term:
            return self.docs[:0], self.counts[:0]
        start, end = int(self.starts[at]), int(self.starts[at + 1])
        return self.docs[start:end], self.counts[start:end]

    def norm(self, average_length: float) -> npt.NDArray[np.float32]:
        """Return BM25's length normalisation per document, cached for this average length."""
        if self._norm is None or self._norm[0] != average_length:
            values = K1 * (1 - B + B * self.lengths / average_length)
            self._norm = (average_length, values.astype(np.float32))
        return self._norm[1]


# About a hundred articles' passages: below it, word counts say little about rarity.
RARITY_FLOOR = 1000


def _idf(documents: int, frequency: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.float64]:
    """BM25's inverse document frequency (the Lucene form, never negative)."""
    return np.log1p((documents - frequency + 0.5) / (frequency + 0.5))


def _segment(
    ids: Int64s,
    lengths: npt.NDArray[np.float32],
    hashes: npt.NDArray[np.uint64],
    docs: npt.NDArray[np.int32],
    counts: npt.NDArray[np.uint16],
) -> _Segment:
    """Sort postings by term (stable, so each term's documents stay in order) into a segment."""
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    terms, first = np.unique(hashes, return_index=True)
    starts = np.append(first, len(hashes)).astype(np.int64)
    return _Segment(ids, lengths, terms, starts, docs[order], counts[order])


def _build_segment(rows: Iterable[tuple[int, str]], tokenizer: Tokenizer) -> _Segment | None:
    """Tokenise (chunk id, text) rows batch by batch into one segment."""
    ids: list[int] = []
    lengths: list[npt.NDArray[np.float32]] = []
    parts: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32], npt.NDArray[np.uint16]]] = []
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, _BATCH)):
        local: dict[str, int] = {}
        per_doc = [
            [local.setdefault(t, len(local)) for t in tokenizer.terms(text)] for _, text in batch
        ]
        sizes = np.fromiter((len(d) for d in per_doc), dtype=np.int64, count=len(per_doc))
        term_ids = np.fromiter(itertools.chain.from_iterable(per_doc), dtype=np.int64)
        doc_ids = np.repeat(np.arange(len(batch), dtype=np.int64), sizes)
        pairs, counts = np.unique(term_ids * len(batch) + doc_ids, return_counts=True)
        hashes = term_hashes(list(local))[pairs // len(batch)]
        docs = (pairs % len(batch) + len(ids)).astype(np.int32)
        parts.append((hashes, docs, np.minimum(counts, 65535).astype(np.uint16)))
        lengths.append(sizes.astype(np.float32))
        ids.extend(chunk_id for chunk_id, _ in batch)
    if not ids:
        return None
    return _segment(
        np.asarray(ids, dtype=np.int64),
        np.concatenate(lengths),
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def _merge(segments: Sequence[_Segment]) -> _Segment:
    """Join segments into one, dropping tombstoned documents."""
    ids, lengths, hashes, docs, counts = [], [], [], [], []
    offset = 0
    for segment in segments:
        # New position of each surviving document; postings of dead ones are dropped.
        position = np.cumsum(segment.alive, dtype=np.int64) - 1 + offset
        keep = segment.alive[segment.docs]
        term_of_posting = np.repeat(segment.terms, np.diff(segment.starts))
        ids.append(segment.ids[segment.alive])
        lengths.append(segment.lengths[segment.alive])
        hashes.append(term_of_posting[keep])
        docs.append(position[segment.docs[keep]].astype(np.int32))
        counts.append(segment.counts[keep])
        offset += segment.live_count
    return _segment(
        np.concatenate(ids),
        np.concatenate(lengths),
        np.concatenate(hashes),
        np.concatenate(docs),
        np.concatenate(counts),
    )


def weighted_share(weights: Mapping[str, float], present: Container[str]) -> float:
    """Return the share of the weighted terms that are present (0 when there are none)."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


class LexicalIndex:
    """BM25 over chunk texts; grows by segments, forgets by tombstones, merges as it goes."""

    def __init__(self, rows: Iterable[tuple[int, str]] = (), *, stemming: bool = True) -> None:
        self._tokenizer = Tokenizer(stemming)
        self._segments: list[_Segment] = []
        self.add(rows)

    def __len__(self) -> int:
        return sum(s.live_count for s in self._segments)

    @property
    def segment_count(self) -> int:
        """How many segments a search reads (merging keeps this small)."""
        return len(self._segments)

    def add(self, rows: Iterable[tuple[int, str]]) -> None:
        """Index more (chunk id, text) rows as new segments of at most SEGMENT_DOCS each."""
        iterator = iter(rows)
        while segment := _build_segment(itertools.islice(iterator, SEGMENT_DOCS), self._tokenizer):
            self._segments.append(segment)
        small = sorted(
            (s for s in self._segments if len(s.ids) < SEGMENT_DOCS // 2), key=lambda s: len(s.ids)
        )
        if len(small) <= MAX_SMALL_SEGMENTS:
            return
        # Fold the smallest together, up to about one full segment: merging costs what it
        # moves, so the big segments are only rewritten when tombstones demand it.
        batch: list[_Segment] = []
        for segment in small:
            if len(batch) >= 2 and sum(len(b.ids) for b in batch) + len(segment.ids) > SEGMENT_DOCS:
                break
            batch.append(segment)
        merged = _merge(batch)
        self._segments = [s for s in self._segments if all(s is not b for b in batch)] + [merged]

    def remove(self, chunk_ids: Iterable[int]) -> None:
        """Forget these chunks: tombstones now, dropped for good when their segment compacts."""
        gone = np.fromiter(chunk_ids, dtype=np.int64)
        if not len(gone):
            return
        kept: list[_Segment] = []
        for segment in self._segments:
            segment.kill(gone)
            if segment.live_count == 0:
                continue
            kept.append(_merge([segment]) if segment.dead_share > MAX_DEAD_SHARE else segment)
        self._segments = kept

    def save(self, path: Path, manifest: dict[str, Any]) -> None:
        """Write every segment and a manifest into one file, atomically."""
        fields = manifest | {
            "format": FILE_FORMAT,
            "stemming": self._tokenizer.stemming,
            "segments": len(self._segments),
        }
        arrays: dict[str, Any] = {"manifest": np.frombuffer(json.dumps(fields).encode(), np.uint8)}
        for number, segment in enumerate(self._segments):
            arrays |= {f"{number}.{name}": getattr(segment, name) for name in _ARRAYS}
        atomic_write(path, lambda handle: np.savez(handle, **arrays))

    @classmethod
    def load(cls, path: Path, *, stemming: bool = True) -> tuple[LexicalIndex, dict[str, Any]]:
        """Read a file written by save; raise LexicalFileError when it cannot be used."""
        try:
            with np.load(path) as data:
                fields = json.loads(bytes(data["manifest"]).decode())
                if fields.get("format") != FILE_FORMAT or fields.get("stemming") != stemming:
                    raise LexicalFileError(f"{path} was written for other settings")
                index = cls(stemming=stemming)
                for number in range(int(fields["segments"])):
                    part = {name: data[f"{number}.{name}"] for name in _ARRAYS}
                    alive = part.pop("alive")
                    segment = _Segment(**part)
                    segment.set_alive(alive)
                    index._segments.append(segment)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise LexicalFileError(f"{path} is missing or damaged: {error}") from error
        return index, fields

    def coverage(self, query: str, text: str, skip: frozenset[str] = frozenset()) -> float:
        """Return the share of the query's terms, weighted by rarity, that the text contains.

        A passage that misses the question's rare words (a name, a place) is about something
        else, however close its meaning: the strongest sign that the articles hold no answer.
        `skip` leaves out words that carry no topic (what, did, say), rare as they may be.
        """
        return weighted_share(self.term_weights(query, skip), self.text_terms(text))

    def term_weights(self, query: str, skip: frozenset[str] = frozenset()) -> dict[str, float]:
        """Return each of the query's terms (as indexed) with its rarity, its BM25 idf."""
        asked = list(dict.fromkeys(self._tokenizer.terms(query, skip)))
        if not asked:
            return {}
        hashes = term_hashes(asked)
        frequency = np.zeros(len(asked))
        for segment in self._segments:
            frequency += [len(segment.postings(h)[0]) for h in hashes]
        # Rarity is read as if the index held at least RARITY_FLOOR passages: in a library of a
        # few articles every word it holds looks common and every word it lacks ("rise" where
        # it writes "rose") as rare as an unknown name, which would tell answers apart by
        # wording alone.
        idf = _idf(max(len(self), RARITY_FLOOR), frequency)
        return dict(zip(asked, idf.tolist(), strict=True))

    def text_terms(self, text: str) -> set[str]:
        """Return the terms of a text as the index sees them (stemmed, stop words out)."""
        return set(self._tokenizer.terms(text))

    def search(self, query: str, k: int) -> LexicalHits:
        """Return up to k chunk ids that best match the query's terms, best first."""
        empty = LexicalHits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        documents = len(self)
        if not documents or k <= 0:
            return empty
        terms = np.unique(term_hashes(list(dict.fromkeys(self._tokenizer.terms(query)))))
        if not len(terms):
            return empty
        total_length = sum(s.live_length for s in self._segments)
        average_length = max(total_length / documents, 1.0)
        postings = [[s.postings(t) for t in terms] for s in self._segments]
        frequency = np.array([sum(len(p[i][0]) for p in postings) for i in range(len(terms))])
        idf = _idf(documents, frequency).astype(np.float32)
        ids: list[Int64s] = []
        scores: list[npt.NDArray[np.float32]] = []
        for segment, lists in zip(self._segments, postings, strict=True):
            best_ids, best_scores = self._search_segment(segment, lists, idf, average_length, k)
            ids.append(best_ids)
            scores.append(best_scores)
        all_ids, all_scores = np.concatenate(ids), np.concatenate(scores)
        order = np.argsort(-all_scores, kind="stable")[:k]
        return LexicalHits(all_ids[order], all_scores[order])

    @staticmethod
    def _search_segment(
        segment: _Segment,
        lists: list[tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]]],
        idf: npt.NDArray[np.float32],
        average_length: float,
        k: int,
    ) -> tuple[Int64s, npt.NDArray[np.float32]]:
        norm = segment.norm(average_length)
        docs = [d for d, _ in lists if len(d)]
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        weights = []
        for (term_docs, counts), term_idf in zip(lists, idf, strict=True):
            if len(term_docs):
                tf = counts.astype(np.float32)
                weights.append(term_idf * tf / (tf + norm[term_docs]))
        # One pass over all postings: bincount sums the terms per document in C.
        totals = np.bincount(
            np.concatenate(docs), weights=np.concatenate(weights), minlength=len(segment.ids)
        )
        totals[segment.dead] = 0.0
        candidates = np.flatnonzero(totals)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-totals[candidates], k - 1)[:k]]
        return segment.ids[candidates], totals[candidates].astype(np.float32)
