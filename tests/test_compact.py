"""`compact.CompactStore` (the build's working graph: spo + pos only) against rdflib's Memory store, the reference:
the same triples, the same answer to every triple pattern, removal, SPARQL, namespaces, and the same results from
the reasoner and the SHACL engine, which read its indexes directly."""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.stores.memory import Memory

from isgraph.rdf import reasoning
from isgraph.validate import shacl
from isgraph.rdf.compact import CompactStore, is_compact, working_graph
from isgraph.rdf.graphio import add_all

from conftest import SEEDS

EX = Namespace("https://example.org/")


def random_triples(n: int = 1500, seed: int = 7) -> list[tuple]:
    """Triples over few terms (so patterns have many answers), with literals of every kind and blank nodes;
    about a tenth are repeated."""
    rnd = random.Random(seed)
    nodes = [EX[f"n{i}"] for i in range(40)] + [BNode(f"b{i}") for i in range(10)]
    preds = [EX[f"p{i}"] for i in range(8)] + [RDF.type, RDFS.label]
    literals = ([Literal(f"mot {i}", lang=rnd.choice(["fr", "en", "fr-CA"])) for i in range(15)]
                + [Literal(i, datatype=XSD.integer) for i in range(10)]
                + [Literal(f"{i}.50", datatype=XSD.decimal) for i in range(5)]
                + [Literal(f"2024-0{i + 1}-01", datatype=XSD.date) for i in range(5)]
                + [Literal(f"texte {i}") for i in range(10)] + [Literal("1"), Literal("1", datatype=XSD.integer)])
    out = []
    for _ in range(n):
        s = rnd.choice(nodes)
        p = rnd.choice(preds)
        o = rnd.choice(nodes + [EX.C1, EX.C2]) if rnd.random() < 0.5 else rnd.choice(literals)
        out.append((s, p, o))
    return out + [rnd.choice(out) for _ in range(n // 10)]


def pair(triples) -> tuple[Graph, Graph]:
    """(rdflib Memory graph, working graph) holding the same triples, both filled by Graph.add."""
    mem, com = Graph(), working_graph()
    for t in triples:
        mem.add(t)
        com.add(t)
    return mem, com


def patterns(g: Graph) -> list[tuple]:
    """All 8 triple patterns, each with several bound terms, plus terms that are in no triple."""
    rnd = random.Random(3)
    items = sorted(g, key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))
    picks = [rnd.choice(items) for _ in range(25)] + [(EX.absent, EX.absent, Literal("absent"))]
    out = [(None, None, None)]
    for s, p, o in picks:
        out += [(s, None, None), (None, p, None), (None, None, o), (s, p, None), (s, None, o), (None, p, o),
                (s, p, o)]
    return out


def test_working_graph_is_a_compact_store_with_rdflib_default_namespaces():
    g = working_graph()
    assert type(g.store) is CompactStore and is_compact(g) and not g.context_aware
    assert list(g.namespaces()) == list(Graph().namespaces())
    assert not is_compact(Graph())


def test_same_triples_and_same_answer_to_every_pattern():
    triples = random_triples()
    mem, com = pair(triples)
    assert len(com) == len(mem) == len(set(triples))
    assert set(com) == set(mem)
    for pattern in patterns(mem):
        got, want = list(com.triples(pattern)), list(mem.triples(pattern))
        if pattern[0] is None and (pattern[1] is None or pattern[2] is None):
            # (?, ?, o): no osp index; (?, ?, ?): Memory gives its set of triples, in hash order
            assert sorted(got) == sorted(want) and len(got) == len(set(got)), pattern
        else:
            assert got == want, pattern  # read from the same indexes in the same insertion order: the same order
        assert (pattern in com) == (pattern in mem)
    for s, p, o in patterns(mem)[1:40]:
        assert set(com.subjects(p, o)) == set(mem.subjects(p, o))
        assert set(com.objects(s, p)) == set(mem.objects(s, p))
        assert set(com.predicates(s, o)) == set(mem.predicates(s, o))
        assert set(com.subject_predicates(o)) == set(mem.subject_predicates(o))
        assert com.value(s, p, any=True) == mem.value(s, p, any=True)
    assert set(com.subjects()) == set(mem.subjects()) and set(com.predicates()) == set(mem.predicates())
    assert not list(com.store.contexts()) and com.store.count == len(com)


def as_dicts(index: dict) -> dict:
    """A CompactStore index with its one-term tuples written as Memory's `{term: 1}` dicts (order kept)."""
    return {k: {k2: dict.fromkeys(terms, 1) for k2, terms in inner.items()} for k, inner in index.items()}


def ordered(index: dict) -> list:
    """Every level of an index as lists, in iteration order."""
    return [(k, [(k2, list(terms)) for k2, terms in inner.items()]) for k, inner in index.items()]


def test_store_indexes_equal_memory_own_indexes():
    triples = random_triples(400)
    mem, com = pair(triples)
    assert as_dicts(com.store.spo) == mem.store._Memory__spo
    assert as_dicts(com.store.pos) == mem.store._Memory__pos
    assert ordered(com.store.spo) == ordered(mem.store._Memory__spo)
    assert ordered(com.store.pos) == ordered(mem.store._Memory__pos)


def test_one_term_collections_are_tuples_and_grow_and_shrink():
    g = working_graph()
    s, p = EX.s, EX.p
    g.add((s, p, EX.a))
    assert g.store.spo[s][p] == (EX.a,) and g.store.pos[p][EX.a] == (s,)  # the 48-byte form
    g.add((s, p, EX.a))  # again: nothing changes
    assert g.store.spo[s][p] == (EX.a,) and len(g) == 1
    g.add((s, p, EX.b))
    assert g.store.spo[s][p] == {EX.a: 1, EX.b: 1}
    g.add((EX.t, p, EX.a))
    assert g.store.pos[p][EX.a] == {s: 1, EX.t: 1}
    g.remove((s, p, EX.a))
    assert g.store.spo[s][p] == (EX.b,) and g.store.pos[p][EX.a] == (EX.t,)
    assert set(g.objects(s, p)) == {EX.b} and set(g.subjects(p, EX.a)) == {EX.t}
    g.remove((s, p, EX.b))
    assert s not in g.store.spo and EX.b not in g.store.pos[p] and len(g) == 1


def _no_empty_dicts(store: CompactStore) -> bool:
    return (all(po and all(objs for objs in po.values()) for po in store.spo.values())
            and all(os_ and all(subs for subs in os_.values()) for os_ in store.pos.values()))


@pytest.mark.parametrize("kind", ["s", "p", "o", "sp", "po", "so", "spo", "all"])
def test_removal_with_wildcards(kind):
    mem, com = pair(random_triples(800))
    s, p, o = sorted(mem, key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))[57]
    pattern = (s if "s" in kind else None, p if "p" in kind else None, o if "o" in kind else None)
    if kind == "all":
        pattern = (None, None, None)
    before = len(mem)
    mem.remove(pattern)
    com.remove(pattern)
    assert len(com) == len(mem) < before
    assert set(com) == set(mem)
    assert not list(com.triples(pattern))
    assert _no_empty_dicts(com.store)
    if kind == "all":
        assert com.store.spo == {} and com.store.pos == {}
    com.remove((EX.absent, None, None))  # nothing to remove
    assert len(com) == len(mem)
    for t in [(s, p, o), (EX.new, EX.p1, Literal("x", lang="fr"))]:  # the store stays usable
        mem.add(t)
        com.add(t)
    assert set(com) == set(mem) and len(com) == len(mem)


def test_graph_operations_through_the_public_api():
    triples = random_triples(300)
    mem, com = pair(triples)
    extra = [(EX.z, EX.p1, Literal(i)) for i in range(5)]
    mem += extra  # Graph.__iadd__ -> store.addN
    com += extra
    assert set(com) == set(mem) and len(com) == len(mem)
    mem.set((EX.z, EX.p2, Literal("un")))
    com.set((EX.z, EX.p2, Literal("un")))
    assert set(com) == set(mem)
    assert set(com - mem) == set() and len(com + mem) == len(mem)


def test_namespaces_bind_override_and_replace_as_memory():
    def steps(g: Graph) -> list:
        out = []
        g.bind("ex", EX)
        g.bind("ex", Namespace("https://example.org/other/"))  # prefix taken: rdflib renames ("ex1")
        out.append(sorted(g.namespaces()))
        g.bind("ex", Namespace("https://example.org/third/"), replace=True)
        g.bind("autre", EX, override=False)  # namespace already bound: keeps its prefix
        g.bind("rdfs", Namespace("https://example.org/rdfs/"), override=True, replace=True)
        g.bind("neuf", Namespace("https://example.org/neuf/"), override=False)
        out.append(sorted(g.namespaces()))
        out.append((g.store.namespace("ex"), g.store.prefix(EX), g.store.namespace("nothing")))
        out.append(g.qname(EX.thing))
        return out

    assert steps(working_graph()) == steps(Graph())
    a, b = Graph(store=CompactStore()), Graph(store=Memory())
    for g in (a, b):
        for override in (True, False):
            g.store.bind("x", URIRef("urn:x:"), override=override)
            g.store.bind("y", URIRef("urn:x:"), override=override)
            g.store.bind("x", URIRef("urn:y:"), override=override)
    assert list(a.store.namespaces()) == list(b.store.namespaces())


QUERY = """
PREFIX ex: <https://example.org/>
SELECT ?s ?label (COUNT(?o) AS ?n) WHERE {
  ?s ex:p1 ?o .
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) = "fr") }
  FILTER NOT EXISTS { ?s ex:p2 ex:n3 }
} GROUP BY ?s ?label ORDER BY ?s ?label
"""


def test_sparql_query_and_update_give_the_same_rows():
    mem, com = pair(random_triples())
    rows = lambda g, q: [tuple(r) for r in g.query(q)]  # noqa: E731
    assert rows(com, QUERY) == rows(mem, QUERY)
    q2 = "SELECT ?s ?p WHERE { ?s ?p <https://example.org/n5> } ORDER BY ?s ?p"
    assert rows(com, q2) == rows(mem, q2) and rows(mem, q2)
    assert com.query("ASK { ?s a ?c }").askAnswer == mem.query("ASK { ?s a ?c }").askAnswer
    update = ("PREFIX ex: <https://example.org/> DELETE { ?s ex:p3 ?o } INSERT { ?s ex:q ?o } "
              "WHERE { ?s ex:p3 ?o FILTER(isLiteral(?o)) }")
    mem.update(update)
    com.update(update)
    assert set(com) == set(mem) and len(com) == len(mem)
    assert _no_empty_dicts(com.store)


def test_add_all_fast_path_equals_the_ordinary_add_path():
    triples = random_triples()
    slow = working_graph()
    for t in triples:
        slow.add(t)
    fast = working_graph()
    add_all(fast, triples)
    assert fast.store.count == slow.store.count == len(set(triples))
    assert fast.store.spo == slow.store.spo and fast.store.pos == slow.store.pos
    assert ordered(fast.store.spo) == ordered(slow.store.spo) and ordered(fast.store.pos) == ordered(slow.store.pos)
    add_all(fast, triples[:100])  # already there: nothing counted twice
    assert len(fast) == len(slow)
    memory = Graph()
    add_all(memory, triples)  # Memory's own fast path: the same two indexes
    assert memory.store._Memory__spo == as_dicts(fast.store.spo)
    assert memory.store._Memory__pos == as_dicts(fast.store.pos)


# ---------------------------------------------------------------- the reasoner and the SHACL engine on the seeds


@pytest.fixture(scope="module")
def seed_items():
    from isgraph.ingest.documents import list_documents
    from isgraph.pipeline import extract_all

    return [i for i in extract_all(list_documents(SEEDS), jobs=1) if i.family is not None and i.records]


def memory_copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for t in g:
        out.add(t)
    return out


def test_reasoner_same_entailments_on_compact_and_memory_graphs(seed_items):
    from isgraph.rdf.graph import build_graph
    from isgraph.resources import ontology_graph, scheme_graph

    asserted = build_graph(seed_items)
    assert is_compact(asserted)
    add_all(asserted, scheme_graph())
    assert reasoning._predicate_index(asserted) is asserted.store.pos  # read in place, not copied
    reference = memory_copy(asserted)
    onto = ontology_graph()
    inferred = reasoning.infer(asserted, onto)
    assert inferred and inferred == reasoning.infer(reference, onto)
    assert set(reasoning.reason(asserted, onto)) == set(reasoning.reason(reference, onto))


def test_shacl_same_report_on_compact_and_memory_graphs(seed_items):
    from isgraph.pipeline import assemble
    from isgraph.publication.publish import Publication
    from isgraph.resources import shapes_graph
    from isgraph.validate.validation import validate

    graph, _ = assemble(seed_items)
    assert is_compact(graph)
    spo, pos = shacl._indexes(graph)
    assert spo is graph.store.spo and pos is graph.store.pos
    reference = memory_copy(graph)
    assert validate(graph) == validate(reference)
    assert validate(graph).conforms
    # a violation seen the same way by both (one required triple removed)
    doc = sorted(graph.subjects(RDF.type, URIRef("https://w3id.org/isgraph/ontology#Document")))[0]
    t = next(graph.triples((doc, URIRef("https://w3id.org/isgraph/ontology#fichier"), None)))
    graph.remove(t)
    reference.remove(t)
    broken = shacl.validate(graph, shapes_graph())
    assert not broken.conforms and broken.results == shacl.validate(reference, shapes_graph()).results
    graph.add(t)
    reference.add(t)
    assert Publication(graph).turtle_bytes() == Publication(reference).turtle_bytes()
    assert graph.serialize(format="turtle") == reference.serialize(format="turtle")
