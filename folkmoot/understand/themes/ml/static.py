"""The parts of a model2vec static embedding that prediction reads, loaded without model2vec.

`StaticModel.from_pretrained` imports huggingface_hub's model cards, deep-copies the tokenizer and takes the median
length of every token: 0.45 s for the two shipped models, paid again by every prediction worker that starts
(`folkmoot themes predict` and `bench themes` start one per core). Prediction needs only the tokenizer, its
unknown token, the vectors and the "normalize" setting, so for model2vec's own folder layout (config.json,
tokenizer.json and a model.safetensors holding "embeddings" alone) they are read here directly, as model2vec
reads them. Any other layout (sentence-transformers folders, quantised vocabularies with "weights" or
"mapping") is loaded by model2vec. `tests/ml/test_classifier.py` checks both give the same parts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(eq=False)  # compared and hashed by identity (word-piece caches are kept per model)
class Static:
    tokenizer: object  # a tokenizers.Tokenizer, padding off (as model2vec sets it)
    unk_token_id: int | None
    table: np.ndarray  # one row per token id, as stored (float16 for the shipped models)
    normalize: bool
    tokenizer_file: Path | None = None  # where it was read from (None when it came through model2vec)

    @property
    def dim(self) -> int:
        return self.table.shape[1]


def _own_layout(folder: Path) -> bool:
    if not all((folder / name).is_file() for name in ("config.json", "tokenizer.json", "model.safetensors")):
        return False
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="numpy") as tensors:
        return set(tensors.keys()) == {"embeddings"}


def read(folder: Path) -> Static:
    folder = Path(folder)
    if not _own_layout(folder):
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(str(folder))
        if model.token_mapping is not None or model.weights is not None:
            raise ValueError(f"{folder}: quantised static vocabularies are not supported")
        return Static(model.tokenizer, model.unk_token_id, model.embedding, model.normalize)
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    table = load_file(str(folder / "model.safetensors"))["embeddings"]
    if table.shape[0] != tokenizer.get_vocab_size():
        raise ValueError(f"{folder}: {table.shape[0]} vectors for {tokenizer.get_vocab_size()} tokens")
    config = json.loads((folder / "config.json").read_text())
    return Static(
        tokenizer=tokenizer,
        unk_token_id=_unk_token_id(tokenizer),
        table=table,
        normalize=bool(config.get("normalize", False)),
        tokenizer_file=folder / "tokenizer.json",
    )


def _unk_token_id(tokenizer) -> int | None:
    """As model2vec finds it: the model's unknown token (word-piece, BPE, word level), else a unigram's unk_id."""
    if hasattr(tokenizer.model, "unk_token"):
        token = tokenizer.model.unk_token
        return None if token is None else tokenizer.token_to_id(token)
    return json.loads(tokenizer.to_str())["model"].get("unk_id")


def same_tokenizer(models: list[Static]) -> bool:
    """Whether the models tokenise alike: their tokenizer files are the same bytes, or else serialise alike."""
    files = [m.tokenizer_file for m in models]
    if all(files):
        first = files[0].read_bytes()
        if all(f.read_bytes() == first for f in files[1:]):
            return True
    text = models[0].tokenizer.to_str()
    return all(m.tokenizer.to_str() == text for m in models[1:])
