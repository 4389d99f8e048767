"""Settings: environment over TOML file over defaults, and every knob documented."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from config import Settings, load_settings

EXAMPLE_NAME = "articlebot.example.toml"


def test_every_setting_is_documented_in_the_example_file(project_root: Path) -> None:
    example = (project_root / EXAMPLE_NAME).read_text()
    documented = set(re.findall(r"^#?\s*([a-z_0-9]+)\s*=", example, re.MULTILINE))
    fields = {name for name in Settings.model_fields if name != "discord_token"}
    assert fields - documented == set()
    assert documented - fields == set()


def test_the_example_file_is_valid_and_matches_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_root: Path
) -> None:
    # Uncomment every line of the example: the values shown must be the defaults.
    example = (project_root / EXAMPLE_NAME).read_text()
    lines = [re.sub(r"^#\s?(?=[a-z_0-9]+\s*=)", "", line) for line in example.splitlines()]
    config = tmp_path / "articlebot.toml"
    config.write_text("\n".join(lines))
    monkeypatch.setenv("ARTICLEBOT_CONFIG", str(config))
    from_file = load_settings()
    defaults = Settings.model_construct()
    for name in Settings.model_fields:
        if name in {"data_dir", "seeds_dir"} or Settings.model_fields[name].default is None:
            continue  # paths are relative to where they run; optional ones show an example
        assert getattr(from_file, name) == getattr(defaults, name), name


def test_environment_wins_over_the_file_and_the_file_over_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "articlebot.toml"
    config.write_text('default_collection = "from-file"\nmax_quotes = 7\n')
    monkeypatch.setenv("ARTICLEBOT_CONFIG", str(config))
    monkeypatch.setenv("ARTICLEBOT_MAX_QUOTES", "2")
    settings = load_settings()
    assert settings.default_collection == "from-file"
    assert settings.max_quotes == 2
    assert settings.dense_k == Settings.model_fields["dense_k"].default


def test_the_discord_token_comes_from_the_environment_or_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings().discord_token is None
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-dotenv\n")
    token = load_settings().discord_token
    assert token is not None and token.get_secret_value() == "from-dotenv"
    assert "from-dotenv" not in repr(load_settings())


def test_an_invalid_value_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_MAX_QUOTES", "0")
    with pytest.raises(ValueError, match="max_quotes"):
        load_settings()


def test_each_component_reads_its_own_settings(make_settings: Callable[..., Settings]) -> None:
    from retrieval.index.faiss_store import IndexParams
    from retrieval.ingest.chunking import ChunkingConfig
    from retrieval.ingest.fetch import FetchPolicy
    from retrieval.query.answer import AnswerConfig
    from retrieval.query.search import SearchConfig

    settings = make_settings(
        dense_k=7,
        date_weight=0.5,
        answer_passages=3,
        found_threshold=0.5,
        chunk_target_words=90,
        fetch_max_bytes=4096,
        fetch_user_agent="probe/1",
        index_flat_max=10,
        ivf_nprobe=9,
    )
    search = SearchConfig.from_settings(settings)
    answer = AnswerConfig.from_settings(settings)
    index = IndexParams.from_settings(settings)
    fetch = FetchPolicy.from_settings(settings)
    assert (search.dense_k, search.date_weight) == (7, 0.5)
    assert (answer.passages_considered, answer.found_threshold) == (3, 0.5)
    assert ChunkingConfig.from_settings(settings).target_words == 90
    assert (fetch.max_bytes, fetch.user_agent) == (4096, "probe/1")
    assert (index.flat_max, index.ivf_nprobe) == (10, 9)
    # Constants no setting names keep the component's own defaults.
    assert answer.quotes_per_article == AnswerConfig().quotes_per_article
    assert index.hnsw_ef_construction == IndexParams().hnsw_ef_construction
