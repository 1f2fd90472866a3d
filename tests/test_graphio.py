"""`graphio.add_all` (direct fill of rdflib's in-memory store) gives exactly what rdflib's own `add` gives."""

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from isgraph.graphio import add_all

EX = Namespace("https://example.org/")


def triples():
    out = []
    for i in range(50):
        s = EX[f"s{i % 7}"]
        out.append((s, RDF.type, EX[f"C{i % 3}"]))
        out.append((s, RDFS.label, Literal(f"nom {i % 11}", lang="fr")))
        out.append((s, EX.p, EX[f"s{(i * 3) % 7}"]))
        out.append((s, EX.n, Literal(i % 5)))
    return out + out[:20]  # duplicates are ignored


def state(g: Graph):
    return {
        "len": len(g),
        "all": sorted(g, key=str),
        "by_p": sorted(g.subject_objects(EX.p), key=str),
        "by_o": sorted(g.subject_predicates(EX.s1), key=str),
        "by_s": sorted(g.predicate_objects(EX.s2), key=str),
        "contexts": sorted(c.identifier == g.identifier for t in g for c in g.store.contexts(t)),
    }


def test_bulk_add_equals_rdflib_add():
    a, b = Graph(), Graph()
    for t in triples():
        a.add(t)
    add_all(b, triples())
    assert state(a) == state(b)
    # later ordinary operations see a consistent store
    for g in (a, b):
        g.remove((EX.s1, None, None))
        g.add((EX.x, RDF.type, EX.C0))
    assert state(a) == state(b)
    assert (EX.x, RDF.type, EX.C0) in b and (EX.s1, EX.p, None) not in b


def test_bulk_add_after_ordinary_adds_and_on_other_graphs():
    a, b = Graph(), Graph()
    a.add((EX.a, EX.p, EX.b))
    b.add((EX.a, EX.p, EX.b))
    for t in triples():
        a.add(t)
    add_all(b, triples())
    assert state(a) == state(b)
    from rdflib import Dataset
    ds = Dataset()
    g = ds.graph(URIRef("https://example.org/g"))
    add_all(g, triples())  # not a plain Graph: the ordinary path
    assert len(g) == len(a) - 1
