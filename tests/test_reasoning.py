"""The fast reasoner gives the same instance entailments as owlrl (the reference OWL 2 RL implementation)."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from isgraph.rdf import reasoning
from isgraph.namespaces import ISG
from isgraph.resources import ontology_graph

ID = "https://w3id.org/isgraph/id/"


def small_data() -> Graph:
    g = Graph()
    i, a, b = URIRef(ID + "initiative/x--y"), URIRef(ID + "acteur/a"), URIRef(ID + "acteur/b")
    c, d, r = URIRef(ID + "territoire/commune-1"), URIRef(ID + "territoire/departement-1"), URIRef(ID + "territoire/region-1")
    g.add((i, RDF.type, ISG.Initiative))
    g.add((i, RDFS.label, Literal("x", lang="fr")))
    g.add((i, ISG.financePar, a))
    g.add((i, ISG.porteur, b))
    g.add((i, ISG.territoire, c))
    g.add((c, ISG.inclusDans, d))
    g.add((d, ISG.inclusDans, r))
    return g


def test_financeur_and_inverse_are_inferred():
    g = reasoning.reason(small_data(), ontology_graph())
    a, i = URIRef(ID + "acteur/a"), URIRef(ID + "initiative/x--y")
    assert (a, RDF.type, ISG.Financeur) in g
    assert (a, RDF.type, ISG.Acteur) in g
    assert (a, ISG.finance, i) in g
    assert (URIRef(ID + "acteur/b"), RDF.type, ISG.Financeur) not in g
    assert (URIRef(ID + "territoire/commune-1"), ISG.inclusDans, URIRef(ID + "territoire/region-1")) in g


def _compare(data: Graph):
    onto = ontology_graph()
    fast = reasoning.infer(data, onto)
    ref = reasoning.reason_owlrl(data, onto)
    return fast, ref


def test_same_closure_as_owlrl_on_small_graph():
    fast, ref = _compare(small_data())
    assert fast == ref


def test_same_closure_as_owlrl_on_seed_graph(built):
    """On the asserted graph of the seeds (before reasoning), both reasoners entail the same triples."""
    from isgraph.rdf.graph import build_graph
    from isgraph.pipeline import extract_document
    from isgraph.ingest.documents import list_documents
    from isgraph.resources import scheme_graph
    from conftest import SEEDS

    items = [extract_document(p) for p in list_documents(SEEDS)]
    data = build_graph([i for i in items if i.records])
    for t in scheme_graph():
        data.add(t)
    fast, ref = _compare(data)
    missing, extra = ref - fast, fast - ref
    assert not missing, sorted(missing)[:10]
    assert not extra, sorted(extra)[:10]
