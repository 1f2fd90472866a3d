"""Per-kind floors of the generic reader on the held-out corpus (tests/data/corpus, hand-written gold).

The floors sit a little under what was measured when they were set (2026-12-01, `scripts/score_corpus.py`):
a change that loses initiatives, porteurs, financeurs or territoires on one kind of document fails here. Every
document is annotated in full, so an initiative read from a page that states none counts against precision.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from isgraph import evaluation, pipeline
from isgraph.ingest.documents import list_documents

CORPUS = Path(__file__).parent / "data" / "corpus"

# kind: (initiatives F1, porteurs F1, financeurs F1, territoires F1), measured - about 0.05
FLOORS = {
    "ccas": (0.95, 0.95, 0.95, 0.88),
    "deliberation": (0.95, 0.90, 0.87, 0.87),
    "fiche": (0.95, 0.95, 0.90, 0.80),
    "laureats": (0.95, 0.95, 0.95, 0.93),
    "palmares": (0.95, 0.89, 0.87, 0.86),
    "pnr": (0.95, 0.87, 0.84, 0.72),
    "presse": (0.95, 0.75, 0.86, 0.61),
    "reseau": (0.95, 0.86, 0.80, 0.87),
}


@lru_cache(maxsize=1)
def scores() -> dict[str, evaluation.Evaluation]:
    items = pipeline.extract_all(list_documents(CORPUS / "docs"), jobs=1)
    kinds = defaultdict(list)
    for item in items:
        kinds[item.document.stem.rsplit("-", 1)[0]].append(item)
    out = {}
    for kind, its in kinds.items():
        gold = [g for it in its for g in json.loads((CORPUS / "gold" / f"{it.document.stem}.json")
                                                    .read_text(encoding="utf-8"))]
        graph, _ = pipeline.assemble([i for i in its if i.records])
        out[kind] = evaluation.evaluate(graph, gold, documents=[i.document.name for i in its])
    return out


def test_every_kind_has_floors():
    assert set(scores()) == set(FLOORS)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_kind_floors(kind):
    ev = scores()[kind]
    init, porteurs, financeurs, territoires = FLOORS[kind]
    got = (ev.initiatives.f1, ev.fields["porteurs"].f1, ev.fields["financeurs"].f1, ev.fields["territoires"].f1)
    assert all(g >= f for g, f in zip(got, FLOORS[kind])), (kind, [round(g, 3) for g in got], FLOORS[kind])
    assert ev.initiatives.precision >= 0.85 and ev.initiatives.recall >= 0.85
