"""Learned scorers: logistic models over named features, shipped as plain JSON.

A model file holds the feature names it was trained on, the standardisation, the weights and
what it was trained from. JSON rather than pickle: loading it runs no code, and a reviewer can
read every weight.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODELS = Path(__file__).with_name("models")
SENTENCE_MODEL = MODELS / "sentence_scorer.json"
CONFIDENCE_MODEL = MODELS / "answer_confidence.json"
PASSAGE_MODEL = MODELS / "passage_scorer.json"


class ModelMismatch(ValueError):
    """A model file that does not fit the features this version computes."""


@dataclass(frozen=True)
class LogisticModel:
    """P(label) = sigmoid(s), s = bias + weights · (x - mean) / scale."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    # Anything worth keeping beside the weights: thresholds chosen, data, seed, figures.
    info: dict[str, Any] = field(default_factory=dict)

    def score(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Return the linear score of each row."""
        if rows.shape[1:] != (len(self.features),):
            raise ModelMismatch(f"expected {len(self.features)} features, got {rows.shape[1:]}")
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(z @ np.asarray(self.weights) + self.bias, dtype=np.float64)

    def probability(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Return each row's probability under the model's link."""
        scores = self.score(rows)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30))), dtype=np.float32)

    def save(self, path: Path) -> None:
        """Write the model as JSON, rounded enough to read and to diff."""
        record = asdict(self)
        for key in ("mean", "scale", "weights"):
            record[key] = [round(float(v), 6) for v in record[key]]
        record["bias"] = round(float(record["bias"]), 6)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, features: tuple[str, ...]) -> LogisticModel:
        """Read a model file, refusing one trained on other features than `features`."""
        record = json.loads(path.read_text(encoding="utf-8"))
        model = cls(
            features=tuple(record["features"]),
            mean=tuple(record["mean"]),
            scale=tuple(record["scale"]),
            weights=tuple(record["weights"]),
            bias=float(record["bias"]),
            info=dict(record.get("info", {})),
        )
        if model.features != features:
            raise ModelMismatch(f"{path.name} was trained on other features; retrain it")
        return model


def fit_logistic(
    rows: npt.NDArray[np.float32],
    labels: npt.NDArray[np.bool_],
    features: tuple[str, ...],
    l2: float = 1.0,
    sample_weight: npt.NDArray[np.float64] | None = None,
    iterations: int = 50,
) -> LogisticModel:
    """Fit an L2-regularised logistic regression by Newton's method (deterministic)."""
    x = rows.astype(np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature carries no information
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    y = labels.astype(np.float64)
    w = np.ones(len(x)) if sample_weight is None else sample_weight.astype(np.float64)
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (w * (p - y)) + penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(
        features=features,
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        weights=tuple(beta[:-1].tolist()),
        bias=float(beta[-1]),
    )
