"""Scoring documents annotated in full, including documents that state no initiative (gold `[]`)."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from isgraph.evaluation import evaluate
from isgraph.namespaces import ISG

BASE = "https://example.org/id/"


def _graph(*initiatives: tuple[str, str, int, int]) -> Graph:
    """A hand-made graph: (file, title, first line, last line) per initiative, no actor."""
    g = Graph()
    for n, (fichier, title, start, end) in enumerate(initiatives):
        doc = URIRef(f"{BASE}document/{fichier}")
        g.add((doc, ISG.fichier, Literal(fichier)))
        i = URIRef(f"{BASE}initiative/{n}")
        g.add((i, RDF.type, ISG.Initiative))
        g.add((i, RDFS.label, Literal(title, lang="fr")))
        g.add((i, PROV.wasDerivedFrom, doc))
        g.add((i, ISG.ligneDebut, Literal(start)))
        g.add((i, ISG.ligneFin, Literal(end)))
    return g


GOLD = [{"doc": "a.txt", "lines": [5, 8], "title": "Atelier vélo", "porteurs": [], "themes": []}]


def test_initiative_from_a_document_without_any_is_a_false_positive_when_the_document_is_annotated_in_full():
    g = _graph(("agenda.txt", "Marché de Noël", 3, 4), ("a.txt", "Atelier vélo", 5, 8))
    full = evaluate(g, GOLD, documents=["a.txt", "agenda.txt"])
    assert (full.initiatives.tp, full.initiatives.fp, full.initiatives.fn) == (1, 1, 0)
    assert any(d.startswith("EXTRA initiative agenda.txt:3-4") for d in full.details)
    partial = evaluate(g, GOLD)  # without the list, only annotated lines are in scope (dev splits)
    assert (partial.initiatives.tp, partial.initiatives.fp, partial.initiatives.fn) == (1, 0, 0)


def test_extra_initiative_outside_the_annotated_lines_counts_only_for_documents_annotated_in_full():
    g = _graph(("a.txt", "Atelier vélo", 5, 8), ("a.txt", "Mentions légales", 30, 34))
    assert evaluate(g, GOLD, documents=["a.txt"]).initiatives.fp == 1
    assert evaluate(g, GOLD).initiatives.fp == 0


def test_document_annotated_empty_and_read_empty_scores_nothing():
    e = evaluate(_graph(("a.txt", "Atelier vélo", 5, 8)), GOLD, documents=["a.txt", "agenda.txt"])
    assert (e.initiatives.tp, e.initiatives.fp, e.initiatives.fn) == (1, 0, 0)
    assert e.initiatives.precision == 1.0 and e.initiatives.recall == 1.0
