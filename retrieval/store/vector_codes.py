"""Vectors stored as int8 codes with one float32 scale per row: a quarter of float32's size."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def encode_int8(vectors: npt.NDArray[np.float32]) -> bytes:
    """Return the rows' int8 codes, then each row's scale (its largest magnitude over 127)."""
    rows = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    scales = np.abs(rows).max(axis=1) / 127.0
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    codes = np.clip(np.rint(rows / safe), -127, 127).astype(np.int8)
    return bytes(codes.tobytes() + scales.astype(np.float32).tobytes())


def decode_int8(blob: bytes, dim: int) -> npt.NDArray[np.float32]:
    """Return the float32 rows that `encode_int8` wrote for vectors of this dimension."""
    count = len(blob) // (dim + 4)
    codes = np.frombuffer(blob, dtype=np.int8, count=count * dim).reshape(count, dim)
    scales = np.frombuffer(blob, dtype=np.float32, offset=count * dim, count=count)
    return codes.astype(np.float32) * scales[:, None]
