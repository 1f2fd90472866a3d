"""`graphio.add_all` (direct fill of rdflib's in-memory store) gives exactly what rdflib's own `add` gives."""

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

from isgraph.rdf.graphio import add_all

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


TURTLE = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "Épicerie"@FR , "plain" , "typed"^^xsd:string , "01"^^xsd:integer , "1.50"^^xsd:decimal ,
    "2024-01-05"^^xsd:date , "true"^^xsd:boolean , "x"^^ex:custom ;
  ex:list ( 1 "two" ex:three ) ;
  ex:anon [ ex:p ex:q ; ex:r [ ex:s "deep" ] ] ;
  ex:labelled _:n1 .
_:n1 ex:back ex:a .
ex:b ex:text "line\\nbreak \\"quoted\\" \\u00e9" .
"""


def test_fast_loader_reads_what_rdflib_reads(tmp_path):
    """Turtle and N-Triples are parsed by pyoxigraph into rdflib terms: the same graph as rdflib's own parser
    (compared as graphs, blank nodes included), and the file's prefixes bound."""
    from rdflib.compare import isomorphic

    from isgraph.rdf.graphio import load_graph

    ttl = tmp_path / "g.ttl"
    ttl.write_text(TURTLE, encoding="utf-8")
    fast, parsed = load_graph(ttl), Graph().parse(ttl, format="turtle")
    ref = Graph()  # "x"^^xsd:string is the plain literal "x" in RDF 1.1 and language tags are read in lower case
    for s, p, o in parsed:  # (case does not matter in them): rdflib alone keeps those apart
        if isinstance(o, Literal) and o.datatype == XSD_STRING:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        ref.add((s, p, o))
    assert len(fast) == len(ref) == 22 and isomorphic(fast, ref)
    assert {t for t in fast if not any(isinstance(x, BNode) for x in t)} == \
        {t for t in ref if not any(isinstance(x, BNode) for x in t)}
    assert dict(fast.namespaces())["ex"] == URIRef("http://example.org/")
    nt = tmp_path / "g.nt"
    nt.write_text(ref.serialize(format="nt"), encoding="utf-8")
    assert isomorphic(load_graph(nt), ref)


@pytest.mark.parametrize("name,text,line", [
    ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b "x" .\nex:a ex:b "open .\n', 3),
    ("bad.nt", '<http://a> <http://b> "x" .\n<http://a> <http://b> <bad iri> .\n', 2),
])
def test_fast_loader_errors_name_file_and_line(tmp_path, name, text, line):
    from isgraph.errors import InputError
    from isgraph.rdf.graphio import load_graph

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_graph(path)
    assert exc.value.one_line().startswith(f"{path}:{line}: malformed RDF")
