"""Near-duplicate detection: MinHash signatures of word shingles and their LSH band keys.

A wire story reprinted by another outlet keeps most of its sentences word for word while the
headline, byline or a paragraph change. Word 5-shingles capture that: two copies share most of
them, two stories on the same topic share almost none. A MinHash signature estimates the
shared share (Jaccard) from 128 numbers, and cutting it into bands gives keys that copies
share in at least one band with high probability, so finding candidates is an index lookup,
never a scan of stored texts.

Two signatures per text: its lead (the first words, where copies agree most and which a
trimmed copy keeps) finds candidates and must match; the whole text must mostly be held by
the other copy too. The lead test is what keeps apart two different stories that end in the
same long photo gallery or newsletter footer, which by whole-text Jaccard look like copies.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from config import settings_for

if TYPE_CHECKING:
    from config import Settings

SHINGLE_WORDS = 5
PERMUTATIONS = 128
# Bands of PERMUTATIONS // BANDS rows: leads at Jaccard 0.5 share a band 87% of the time, 0.6 99%.
BANDS = 32
_ROWS = PERMUTATIONS // BANDS
# A prime far below a*x: the products wrap around it many times, so each (a*x + b) mod p
# orders the shingles at random rather than by their own size.
_PRIME = np.uint64((1 << 31) - 1)
# Fixed seed: signatures are stored, so every process must draw the same permutations.
_rng = np.random.default_rng(20260514)
_A = _rng.integers(1, int(_PRIME), size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, int(_PRIME), size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")
# Below this many shingles a text is too short to tell a copy from a shared formula.
MIN_SHINGLES = 20
LEAD_WORDS = 200


@dataclass(frozen=True)
class Signature:
    """A text's MinHash signature and how many distinct shingles it was made of."""

    values: npt.NDArray[np.uint32]  # PERMUTATIONS minima
    shingles: int

    def to_bytes(self) -> bytes:
        """Return the signature as stored: the minima, little-endian."""
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        """Read a stored signature back."""
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), shingles)


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection keeps of a text: its lead's and its whole signature."""

    lead: Signature
    whole: Signature


@dataclass(frozen=True)
class CopyThresholds:
    """When two texts count as copies of one story (chosen on rtqa-train, see docs)."""

    lead_jaccard: float = 0.5  # share of the leads' shingles in common
    containment: float = 0.6  # share of the shorter text's shingles the other holds

    @classmethod
    def from_settings(cls, settings: Settings) -> CopyThresholds:
        """Read the syndication_* settings."""
        return cls(**settings_for(cls, settings, prefix="syndication_"))


def fingerprint(text: str) -> Fingerprint | None:
    """Return the text's lead and whole signatures; None when it is too short to compare."""
    words = _WORD.findall(text.casefold())
    lead = _signature(_shingles(words[:LEAD_WORDS]))
    whole = _signature(_shingles(words))
    return Fingerprint(lead, whole) if lead and whole else None


def same_story(a: Fingerprint, b: Fingerprint, thresholds: CopyThresholds) -> float | None:
    """Return how alike two copies are (their lead Jaccard) if they are one story, else None."""
    lead = jaccard(a.lead, b.lead)
    if lead < thresholds.lead_jaccard or containment(a.whole, b.whole) < thresholds.containment:
        return None
    return lead


def shingles(text: str) -> set[int]:
    """Return the 32-bit hashes of the text's word 5-shingles (case and punctuation folded)."""
    return _shingles(_WORD.findall(text.casefold()))


def _shingles(words: list[str]) -> set[int]:
    if len(words) < SHINGLE_WORDS:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> Signature | None:
    """Return the text's MinHash signature; None when it is too short to compare."""
    return _signature(shingles(text))


def _signature(hashed: set[int]) -> Signature | None:
    if len(hashed) < MIN_SHINGLES:
        return None
    x = np.fromiter(hashed, dtype=np.uint64, count=len(hashed))
    # a*x + b stays below 2**64: a and b are below 2**31 and x below 2**32.
    permuted = (np.outer(_A, x) + _B[:, None]) % _PRIME
    return Signature(permuted.min(axis=1).astype(np.uint32), len(hashed))


def band_keys(sig: Signature) -> list[int]:
    """Return one signed 64-bit key per band: copies share at least one with high probability."""
    keys = []
    for band in range(BANDS):
        rows = sig.values[band * _ROWS : (band + 1) * _ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def jaccard(a: Signature, b: Signature) -> float:
    """Estimate the share of shingles two texts have in common (of all either holds)."""
    return float(np.mean(a.values == b.values))


def containment(a: Signature, b: Signature) -> float:
    """Estimate the share of the smaller text's shingles that the other holds.

    A copy trimmed to its first paragraphs shares few shingles with the whole story by
    Jaccard, yet almost all of its own: from J and the sizes, |A∩B| = J(|A|+|B|)/(1+J).
    """
    j = jaccard(a, b)
    shared = j * (a.shingles + b.shingles) / (1 + j)
    return min(1.0, shared / max(1, min(a.shingles, b.shingles)))
