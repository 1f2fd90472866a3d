"""The fast reasoner gives exactly owlrl's instance entailments on a synthetic corpus of 10 times the seeds (issue 6),
and its index-reading path agrees with the generic path.

Cost: owlrl needs about 50 s on the asserted graph of the 10x corpus (72k triples) on a quiet 2-core machine (up to
100 s under load, see BENCHMARKS.md); extraction of the 50 documents about 15 s. `make bench` repeats the
comparison at the seeds, 1x and 10x.
"""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from isgraph import synth
from isgraph.rdf import reasoning
from isgraph.resources import ontology_graph, scheme_graph

SCALE = 10


@pytest.fixture(scope="module")
def asserted(tmp_path_factory) -> Graph:
    from isgraph.ingest.documents import list_documents
    from isgraph.rdf.graph import build_graph
    from isgraph.pipeline import extract_document

    corpus = tmp_path_factory.mktemp(f"synth{SCALE}")
    synth.generate(SCALE, corpus, seed=0)
    items = [extract_document(p) for p in list_documents(corpus)]
    data = build_graph([i for i in items if i.records])
    for t in scheme_graph():
        data.add(t)
    return data


def test_same_closure_as_owlrl_on_a_synthetic_corpus(asserted):
    """Same comparison as tests/test_reasoning.py, on a graph a few times the seeds' size."""
    onto = ontology_graph()
    fast = reasoning.infer(asserted, onto)
    ref = reasoning.reason_owlrl(asserted, onto)
    missing, extra = ref - fast, fast - ref
    assert not missing, sorted(missing)[:10]
    assert not extra, sorted(extra)[:10]
    assert len(fast) > 5000  # the corpus exercises every rule kind at volume


def test_index_path_equals_generic_path(asserted):
    """infer() reads the in-memory store's predicate index when the graph is alone in its store; a graph sharing
    its store takes the generic path; both give the same triples."""
    onto = ontology_graph()
    fast = reasoning.infer(asserted, onto)
    from rdflib.plugins.stores.memory import Memory

    shared = Memory()
    other = Graph(store=shared, identifier=URIRef("urn:x:other"))
    other.add((URIRef("urn:x:a"), RDF.type, URIRef("urn:x:C")))
    g = Graph(store=shared, identifier=URIRef("urn:x:data"))
    for t in asserted:
        g.add(t)
    assert reasoning._predicate_index(g) is not shared._Memory__pos  # generic path
    assert reasoning.infer(g, onto) == fast


def test_reason_in_place_equals_reason_copy(asserted):
    onto = ontology_graph()
    copy = reasoning.reason(asserted, onto)
    data = Graph()
    for t in asserted:
        data.add(t)
    same = reasoning.reason(data, onto, inplace=True)
    assert same is data
    assert set(same) == set(copy)
    assert len(copy) == len(asserted) + len(reasoning.infer(asserted, onto))


def test_symmetric_and_subproperty_rules():
    """Rule kinds the isgraph ontology does not use today still follow owlrl (symmetric, sub-property chains,
    equivalent classes)."""
    ex = "urn:x:"
    onto = Graph()
    onto.parse(data=f"""
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{ex}voisin> a owl:ObjectProperty, owl:SymmetricProperty ; rdfs:domain <{ex}Lieu> .
        <{ex}p1> a owl:ObjectProperty ; rdfs:subPropertyOf <{ex}p2> . <{ex}p2> rdfs:subPropertyOf <{ex}p3> .
        <{ex}p3> a owl:ObjectProperty ; rdfs:range <{ex}B> .
        <{ex}A> owl:equivalentClass <{ex}A2> . <{ex}A2> rdfs:subClassOf <{ex}Top> .
        <{ex}nom> a owl:DatatypeProperty ; rdfs:domain <{ex}A> .
    """, format="turtle")
    data = Graph()
    a, b, c = URIRef(ex + "a"), URIRef(ex + "b"), URIRef(ex + "c")
    data.add((a, URIRef(ex + "voisin"), b))
    data.add((b, URIRef(ex + "p1"), c))
    data.add((c, URIRef(ex + "nom"), Literal("c")))
    fast = reasoning.infer(data, onto)
    ref = reasoning.reason_owlrl(data, onto)
    assert fast == ref
    assert (b, URIRef(ex + "voisin"), a) in fast and (b, URIRef(ex + "p3"), c) in fast
    assert (c, RDF.type, URIRef(ex + "Top")) in fast
