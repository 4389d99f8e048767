"""Shared fixtures: project paths, isolated settings, the hashing test embedder and the real model.

Every test that loads the real default model carries the `model` marker, applied here from its
fixtures (see `MODEL_FIXTURES`), so `pytest -m "not model"` is the fast loop.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from feed_server import FeedServer, serve

from config import Settings, load_settings
from embeddings import Embedder, create_embedder
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_ARTICLES = PROJECT_ROOT / "tests" / "fixtures" / "articles"
SEED_ARTICLE = PROJECT_ROOT / "seeds" / "blinken-israel-visit.txt"
SHARED_DIR = PROJECT_ROOT.parent / "shared"

# Fixtures that load the real default model; a test that loads it some other way (a library
# built without an embedder, a command line run) carries an explicit `@pytest.mark.model`.
# The three backend fixtures live in tests/embeddings/test_onnx_backend.py.
MODEL_FIXTURES = frozenset({"real_embedder", "torch_embedder", "onnx_embedder", "int8_embedder"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test whose fixtures load the real model, so `-m "not model"` skips it."""
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (the folder holding pyproject.toml)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def fixture_articles() -> Path:
    """The folder of small fixture articles the retrieval and bot tests add."""
    return FIXTURE_ARTICLES


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """The bundled demo article the quickstart builds its library from."""
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only folder beside the checkout holding evaluation sets and design notes."""
    return SHARED_DIR


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's ARTICLEBOT_* variables, .env or TOML file out of every test."""
    for name in list(os.environ):
        if name.startswith("ARTICLEBOT_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build settings whose data directory lives in the test's temporary folder."""

    def build(**overrides: Any) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "data")
        return load_settings(**overrides)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def hashing_library(settings: Settings) -> Iterator[Library]:
    """A library with the fast deterministic embedder, for unit tests."""
    library = Library(settings, embedder=HashingEmbedder())
    yield library
    library.close()


@pytest.fixture(scope="session")
def real_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The bundled all-MiniLM-L6-v2 model, loaded once per test session."""
    # The ONNX backend exports the model into the data directory once per session.
    return create_embedder(Settings(data_dir=tmp_path_factory.mktemp("models")))


@pytest.fixture
def real_library(settings: Settings, real_embedder: Embedder) -> Iterator[Library]:
    """A library with the real default model and real SQLite and FAISS files."""
    library = Library(settings, embedder=real_embedder)
    yield library
    library.close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A feed server on loopback (tests/feed_server.py) with its standard feeds and pages."""
    yield from serve()


@pytest.fixture
def feed_settings(
    make_settings: Callable[..., Settings], feed_server: FeedServer
) -> Callable[..., Settings]:
    """Settings that open 127.0.0.1 and the feed server's port, as an operator would."""

    def build(**overrides: Any) -> Settings:
        overrides.setdefault("fetch_allowed_networks", ["127.0.0.1/32"])
        overrides.setdefault("fetch_allowed_ports", [feed_server.port])
        return make_settings(**overrides)

    return build
