"""Embedder on ONNX Runtime: the local model exported once to ONNX (optionally int8), run on CPU."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from embeddings.base import Vectors, normalise

log = logging.getLogger(__name__)

# Bump when the exported graph changes shape or meaning, so stale exports are redone.
EXPORT_VERSION = 2  # 2: token states are an output too, for pooling spans
INT8_SUFFIX = "+int8"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def quiet_threads() -> None:
    """Keep idle inference threads from spinning against the event loop (before ORT loads)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def onnx_name(name: str, quantized: bool) -> str:
    """Return the embedder name for a backend: int8 vectors differ enough to never mix."""
    return f"{name}{INT8_SUFFIX}" if quantized else name


def export_dir(data_dir: Path, name: str) -> Path:
    """Return where a model's ONNX exports live under the data directory."""
    safe = re.sub(r"[^A-Za-z0-9_.+-]", "_", name.strip("/").replace("/", "__")) or "model"
    return Path(data_dir) / "models" / safe


def _fingerprint(model_dir: Path) -> str:
    """Identify the source weights cheaply (config text, weight file names and sizes)."""
    digest = hashlib.sha256(f"export-v{EXPORT_VERSION}".encode())
    for path in sorted(model_dir.iterdir()):
        if path.is_file() and (path.suffix in {".json", ".safetensors", ".bin"}):
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
            if path.suffix == ".json" and path.stat().st_size < 1_000_000:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def max_seq_length(model_dir: Path) -> int:
    """Read the sentence-transformers max_seq_length (the model's real limit), default 256."""
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        value = json.loads(config.read_text()).get("max_seq_length")
        if isinstance(value, int) and value > 0:
            return value
    return 256


def _check_pooling(model_dir: Path) -> None:
    """Refuse models whose pooling is not the mean pooling the exported graph does."""
    config = model_dir / "1_Pooling" / "config.json"
    if not config.is_file():
        return
    pooling = json.loads(config.read_text())
    if not pooling.get("pooling_mode_mean_tokens", False) or any(
        pooling.get(key, False)
        for key in (
            "pooling_mode_cls_token",
            "pooling_mode_max_tokens",
            "pooling_mode_mean_sqrt_len_tokens",
        )
    ):
        raise ValueError(f"{model_dir}: only mean pooling is supported by the ONNX backend")


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock so racing processes export once (the rename keeps it safe anyway)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _export_fp32(model_dir: Path, target: Path) -> None:
    """Export the transformer with mean pooling and L2 normalisation inside the graph."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(model_dir), local_files_only=True, attn_implementation="eager"
    ).eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> tuple[torch.Tensor, torch.Tensor]:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1), hidden

    sample = (
        torch.ones(2, 16, dtype=torch.long),
        torch.ones(2, 16, dtype=torch.long),
        torch.zeros(2, 16, dtype=torch.long),
    )
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    axes["embedding"] = {0: "batch"}
    axes["token_embeddings"] = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing warns about shape checks that hold for every input BERT gets here.
        warnings.simplefilter("ignore")
        # The TorchScript exporter needs no extra packages and handles BERT's dynamic shapes.
        torch.onnx.export(
            Pooled(model),
            sample,
            str(target),
            input_names=list(_INPUTS),
            output_names=["embedding", "token_embeddings"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _quantise(source: Path, target: Path) -> None:
    """Quantise weights to int8 dynamically (activations quantised per batch at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel scales keep cosine to fp32 near 0.995; per-tensor scales fall to about 0.95.
    # The quantiser logs advice about pre-processing on the root logger; it does not apply here.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)


def ensure_export(model_dir: Path, target_dir: Path, *, quantized: bool) -> Path:
    """Return the ONNX file for a model, exporting it (atomically) on first use."""
    model_dir = Path(model_dir)
    fingerprint = _fingerprint(model_dir)
    fp32 = target_dir / f"model-{fingerprint}.onnx"
    int8 = target_dir / f"model-{fingerprint}-int8.onnx"
    wanted = int8 if quantized else fp32
    if wanted.is_file():
        return wanted
    with _file_lock(target_dir / ".export.lock"):
        if wanted.is_file():  # another process finished it while we waited
            return wanted
        _check_pooling(model_dir)
        scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=target_dir))
        try:
            if not fp32.is_file():
                log.info("exporting %s to ONNX in %s (once)", model_dir, target_dir)
                _export_fp32(model_dir, scratch / fp32.name)
                os.replace(scratch / fp32.name, fp32)
            if quantized:
                log.info("quantising %s to int8 (once)", fp32.name)
                _quantise(fp32, scratch / int8.name)
                os.replace(scratch / int8.name, int8)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return wanted


def token_batches(lengths: Sequence[int], token_budget: int, max_batch: int) -> list[list[int]]:
    """Group text positions by length so each padded batch stays under a token budget."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for position in order:
        # Sorted ascending, so this text's length is the batch's padded width.
        width = max(lengths[position], 1)
        if current and (len(current) >= max_batch or width * (len(current) + 1) > token_budget):
            batches.append(current)
            current = []
        current.append(position)
    if current:
        batches.append(current)
    return batches


def pool_spans(
    states: npt.NDArray[np.float32], encoding: Any, spans: Sequence[tuple[int, int]]
) -> Vectors:
    """Mean-pool the token states inside each character span; zeros where no token is inside.

    A token belongs to a span when its characters lie within it; special tokens ([CLS], [SEP])
    belong to none. Spans past the truncation point get no tokens and so a zero row, which
    tells the caller to embed that span on its own.
    """
    out = np.zeros((len(spans), states.shape[-1]), dtype=np.float32)
    if not spans:
        return out
    real = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
    starts = np.array([encoding.offsets[i][0] for i in real], dtype=np.int64)
    ends = np.array([encoding.offsets[i][1] for i in real], dtype=np.int64)
    rows = np.array(real, dtype=np.int64)
    for k, (start, end) in enumerate(spans):
        inside = rows[(starts >= start) & (ends <= end)]
        if len(inside):
            out[k] = states[inside].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    pooled: Vectors = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return pooled


class OnnxEmbedder:
    """Embed with ONNX Runtime on CPU; batches are bucketed by token count, not text count."""

    def __init__(
        self,
        model_dir: Path,
        name: str,
        data_dir: Path,
        *,
        quantized: bool = False,
        threads: int = 0,
        token_budget: int = 8192,
        max_batch: int = 128,
    ) -> None:
        quiet_threads()
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._model_dir = Path(model_dir)
        self._name = onnx_name(name, quantized)
        self._max_tokens = max_seq_length(self._model_dir)
        self._token_budget = max(token_budget, self._max_tokens)
        self._max_batch = max_batch
        self.path = ensure_export(self._model_dir, export_dir(data_dir, name), quantized=quantized)
        tokenizer_file = self._model_dir / "tokenizer.json"
        # The shipped tokenizer.json truncates at 128 and pads to 128; the model reads 256.
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self._max_tokens)
        self._counter = Tokenizer.from_file(str(tokenizer_file))
        self._counter.no_padding()
        self._counter.no_truncation()
        self._pad_id = int(self._tokenizer.token_to_id("[PAD]") or 0)

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # ORT's own pool spins between runs by default; a bot mostly waits, so let it sleep.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(self.path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._dim = int(self._session.get_outputs()[0].shape[-1])
        self._lock = threading.Lock()
        # Counting has its own tokenizer and lock so chunking can overlap embedding.
        self._count_lock = threading.Lock()
        log.info("loaded ONNX embedder %s from %s (dim %d)", self._name, self.path, self._dim)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def embed(self, texts: list[str]) -> Vectors:
        """Embed texts into unit vectors, returned in input order."""
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
            out = np.zeros((len(texts), self._dim), dtype=np.float32)
            for batch in self._batches(encodings):
                out[batch] = self._run([encodings[i] for i in batch], ["embedding"])[0]
        return normalise(out)

    def embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[Vectors]]:
        """Embed texts and mean-pool each text's character spans over the same token states."""
        span_vectors = [np.zeros((len(s), self._dim), dtype=np.float32) for s in spans]
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32), span_vectors
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
            out = np.zeros((len(texts), self._dim), dtype=np.float32)
            for batch in self._batches(encodings):
                pooled, states = self._run(
                    [encodings[i] for i in batch], ["embedding", "token_embeddings"]
                )
                out[batch] = pooled
                for row, position in enumerate(batch):
                    span_vectors[position] = pool_spans(
                        states[row], encodings[position], spans[position]
                    )
        return normalise(out), span_vectors

    def _batches(self, encodings: list[Any]) -> list[list[int]]:
        lengths = [len(e.ids) for e in encodings]
        return token_batches(lengths, self._token_budget, self._max_batch)

    def _run(self, encodings: list[Any], outputs: list[str]) -> list[npt.NDArray[np.float32]]:
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = 1
            types[row, :n] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        results = self._session.run(outputs, {k: feeds[k] for k in self._inputs})
        return [np.asarray(r, dtype=np.float32) for r in results]

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Count word pieces with the model's tokenizer, special tokens included, untruncated."""
        if not texts:
            return []
        with self._count_lock:
            return [len(e.ids) for e in self._counter.encode_batch(texts)]
