"""'Asked before?': hybrid search over earlier engagements, plans and imported reports, offline on CPU.

Lexical: TF-IDF (word 1-2 grams, sublinear tf) cosine. Semantic: a static model2vec embedding if one
is committed under understand/themes/models_store/ (no torch at run time); otherwise lexical only.
Score = 0.6 lexical + 0.4 semantic. Documents are chunked (about 120 words) so a long report matches
on its relevant part; the best chunk per source is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

CHUNK_WORDS = 120
LEXICAL_WEIGHT = 0.6
MODELS = Path(__file__).resolve().parent.parent / "understand" / "themes" / "models_store"


@dataclass
class Doc:
    key: str  # e.g. "engagement:<id>", "report:<id>"
    kind: str  # engagement | plan | report
    title: str
    text: str
    date: str = ""
    findings: str = ""
    url: str = ""


def chunk(text: str, words: int = CHUNK_WORDS) -> list[str]:
    tokens = text.split()
    if not tokens:
        return []
    step = max(words - 20, 1)  # overlap so a finding is not cut in half
    return [" ".join(tokens[i : i + words]) for i in range(0, max(len(tokens) - 20, 1), step)]


@cache
def embedder():
    """The static model2vec model if one is committed, else None (search stays lexical)."""
    if not MODELS.exists():
        return None
    for config in sorted(MODELS.rglob("config.json")):
        try:
            from model2vec import StaticModel

            return StaticModel.from_pretrained(str(config.parent))
        except Exception:  # a broken or partial model folder must not break planning
            continue
    return None


class Index:
    def __init__(self, docs: list[Doc], *, use_embeddings: bool = True) -> None:
        self.docs = docs
        self.chunk_doc: list[int] = []
        texts: list[str] = []
        for i, doc in enumerate(docs):
            for part in chunk(f"{doc.title}. {doc.text}") or [doc.title]:
                texts.append(part)
                self.chunk_doc.append(i)
        self.chunk_doc_arr = np.array(self.chunk_doc)
        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        model = embedder() if use_embeddings else None
        self.model = model
        self.vectors = None
        if model is not None and texts:
            vectors = np.asarray(model.encode(texts), dtype=np.float32)
            self.vectors = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)

    def search(self, query: str, *, limit: int = 5, min_score: float = 0.05) -> list[dict]:
        query = re.sub(r"\s+", " ", query or "").strip()
        if not query or self.matrix is None:
            return []
        scores = (self.matrix @ self.vectorizer.transform([query]).T).toarray().ravel()
        if self.vectors is not None:
            q = np.asarray(self.model.encode([query]), dtype=np.float32)[0]
            q = q / (np.linalg.norm(q) + 1e-9)
            scores = LEXICAL_WEIGHT * scores + (1 - LEXICAL_WEIGHT) * (self.vectors @ q)
        top = min(len(scores), limit * 8)
        candidates = np.argpartition(-scores, top - 1)[:top]
        best: dict[int, tuple[float, int]] = {}
        for c in candidates[np.argsort(-scores[candidates])]:
            d = int(self.chunk_doc_arr[c])
            if d not in best and scores[c] >= min_score:
                best[d] = (float(scores[c]), int(c))
        results = []
        for d, (score, _) in sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]:
            doc = self.docs[d]
            results.append(
                {
                    "key": doc.key,
                    "kind": doc.kind,
                    "title": doc.title,
                    "date": doc.date,
                    "findings": doc.findings,
                    "url": doc.url,
                    "score": round(score, 3),
                    "snippet": doc.text[:300],
                }
            )
        return results
