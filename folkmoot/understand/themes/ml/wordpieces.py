"""A BERT word-piece tokenizer's ids for many texts, faster, from a cache of each word's pieces.

The static embeddings are read through MiniLM's BERT tokenizer. After `encode_batch_fast`, turning each
comment's Encoding into a Python list cost as much as the tokenising, and the two were the largest part of the
prediction time. A BERT tokenizer lowercases, cuts the text at spaces and punctuation and word-pieces each part
on its own, so for printable ASCII text (most comments) the parts are found with one regular expression and each
part's pieces are the tokenizer's own, cached by part. Any other text (accents, other scripts, control
characters, or a character that could begin one of the tokenizer's added tokens such as "[UNK]") goes to the
tokenizer whole. `tests/ml/test_fastchars.py` checks the ids against the tokenizer's.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import chain

import numpy as np

# A lowercased printable ASCII text's parts, as BertPreTokenizer cuts it: runs of letters and digits, and
# every other character but the space on its own (all ASCII punctuation counts as punctuation there).
PART = re.compile(r"[a-z0-9]+|[^a-z0-9 ]")
CACHE_LIMIT = 500_000  # parts kept; the cache starts again past this


class WordPieces:
    def __init__(self, model):
        self.tokenizer = model.tokenizer
        self.unk = model.unk_token_id
        config = json.loads(self.tokenizer.to_str())
        normalizer, pre = config.get("normalizer") or {}, config.get("pre_tokenizer") or {}
        # Only a lowercasing BERT normaliser and pre-tokeniser cut text as PART does; anything else is read whole.
        self.cuts = (
            normalizer.get("type") == "BertNormalizer"
            and normalizer.get("lowercase")
            and pre.get("type") == "BertPreTokenizer"
        )
        self.marks = {token["content"][0] for token in config.get("added_tokens", []) if token["content"]}
        self.max_length = (self.tokenizer.truncation or {}).get("max_length")
        self.known: dict[str, tuple[int, ...]] = {}

    def _plain(self, text: str) -> bool:
        return self.cuts and text.isascii() and text.isprintable() and not any(m in text for m in self.marks)

    def _encode(self, texts: list[str]) -> list[tuple[int, ...]]:
        return [tuple(e.ids) for e in self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)]

    def ids(self, texts) -> tuple[np.ndarray, np.ndarray]:
        """The ids of every text laid end to end and each text's count, as `encode_batch_fast(texts,
        add_special_tokens=False)` gives them, truncated as it truncates, with the unknown token dropped."""
        texts = list(texts)
        units: list[str] = []  # per text: its parts (plain text) or the text itself (read whole)
        per_text = np.ones(len(texts), dtype=np.int64)
        whole, whole_at = [], []
        for i, text in enumerate(texts):
            if self._plain(text):
                parts = PART.findall(text.lower())
                units.extend(parts)
                per_text[i] = len(parts)
            else:
                whole_at.append(len(units))
                units.append(text)
                whole.append(text)
        if len(self.known) > CACHE_LIMIT:
            self.known = {}
        known = self.known
        new = list({unit for unit in units if unit not in known}.difference(whole))
        if new:
            known.update(zip(new, self._encode(new), strict=True))
        pieces = list(map(known.get, units))
        if whole:
            for at, ids in zip(whole_at, self._encode(whole), strict=True):
                pieces[at] = ids
        sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        flat = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(sizes.sum()))
        text_of_unit = np.repeat(np.arange(len(texts)), per_text)
        text_of_id = np.repeat(text_of_unit, sizes)
        lengths = np.bincount(text_of_id, minlength=len(texts))
        keep = np.ones(len(flat), dtype=bool)
        if self.max_length:
            starts = np.r_[0, np.cumsum(lengths)[:-1]]
            keep &= np.arange(len(flat)) - starts[text_of_id] < self.max_length
        if self.unk is not None:
            keep &= flat != self.unk
        if not keep.all():
            flat = flat[keep]
            lengths = np.bincount(text_of_id[keep], minlength=len(texts))
        return flat, lengths


@lru_cache(maxsize=8)
def word_pieces(model) -> WordPieces:
    """One cache per static embedding model (the models themselves are cached in features.py)."""
    return WordPieces(model)
