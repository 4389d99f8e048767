"""Learned logistic scorers: fitting, probabilities, and the JSON files they ship as."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.query.scoring import LogisticModel, ModelMismatch, fit_logistic

NAMES = ("signal", "noise")


def _data(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=400)
    noise = rng.normal(size=400)
    labels = signal + 0.3 * rng.normal(size=400) > 0
    return np.stack([signal, noise], axis=1).astype(np.float32), labels


def test_a_fitted_model_weighs_the_feature_that_predicts_the_label() -> None:
    rows, labels = _data()
    model = fit_logistic(rows, labels, NAMES)
    assert abs(model.weights[0]) > 5 * abs(model.weights[1])
    probabilities = model.probability(rows)
    assert ((probabilities > 0.5) == labels).mean() > 0.85


def test_fitting_is_deterministic() -> None:
    rows, labels = _data()
    assert fit_logistic(rows, labels, NAMES) == fit_logistic(rows, labels, NAMES)


def test_a_saved_model_loads_back_with_the_same_probabilities(tmp_path: Path) -> None:
    rows, labels = _data()
    model = fit_logistic(rows, labels, NAMES)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = LogisticModel.load(path, NAMES)
    assert np.allclose(loaded.probability(rows), model.probability(rows), atol=1e-4)
    assert path.read_text().lstrip().startswith("{")  # plain JSON, nothing executable


def test_a_model_trained_on_other_features_is_refused(tmp_path: Path) -> None:
    rows, labels = _data()
    path = tmp_path / "model.json"
    fit_logistic(rows, labels, NAMES).save(path)
    with pytest.raises(ModelMismatch):
        LogisticModel.load(path, ("signal", "noise", "new"))


def test_rows_of_the_wrong_width_are_refused() -> None:
    rows, labels = _data()
    model = fit_logistic(rows, labels, NAMES)
    with pytest.raises(ModelMismatch):
        model.probability(rows[:, :1])
