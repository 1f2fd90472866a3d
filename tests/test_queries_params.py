"""Parameters reach SPARQL only as bindings or escaped terms, never pasted into the text."""

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from isgraph.query import queries as q
from isgraph.errors import QueryError

HOSTILE = ['" } ; DROP ALL ; #', "}", "# comment", "line\nbreak", "<script>alert(1)</script>", "x' . ?s ?p ?o"]


def test_parse_param_kinds():
    assert q.parse_param("theme=theme:alimentation") == ("theme", URIRef("https://w3id.org/isgraph/theme/alimentation"))
    assert q.parse_param("t=<https://example.org/x>") == ("t", URIRef("https://example.org/x"))
    assert q.parse_param("min=3") == ("min", Literal(3, datatype=XSD.integer))
    assert q.parse_param("titre=Café") == ("titre", Literal("Café"))


@pytest.mark.parametrize("bad", ["noequals", "1abc=x", "a b=c", "=x"])
def test_bad_param_is_a_clear_error(bad):
    with pytest.raises(QueryError, match="bad --param"):
        q.parse_param(bad)


def test_bad_iri_param():
    with pytest.raises(QueryError, match="bad IRI"):
        q.parse_param("t=<not an iri>")


def _query(tmp_path, text, name="t"):
    p = tmp_path / f"{name}.rq"
    p.write_text(text)
    return q.StoredQuery.load(p)


LABEL_QUERY = """# fr: test
# param titre: text
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s WHERE { ?s rdfs:label ?l . FILTER(CONTAINS(STR(?l), STR(?titre))) }
"""


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_data_not_query_text(tmp_path, value):
    sq = _query(tmp_path, LABEL_QUERY)
    g = Graph()
    g.add((URIRef("http://x/a"), RDFS.label, Literal("plain label")))
    g.add((URIRef("http://x/b"), RDFS.label, Literal(f"has {value} inside")))
    store = ox.Store()
    for s, p_, o in g:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p_), ox.Literal(str(o))))
    binding = {"titre": Literal(value)}
    for result in (q.run_oxigraph(store, sq, binding), q.run_rdflib(g, sq, binding)):
        assert [str(r[0]) for r in result.rows] == ["http://x/b"]
    # the text sent to a remote endpoint carries the value as one escaped literal in a VALUES block
    remote = q.with_values(sq.text, binding)
    parsed = Graph().query(remote)  # must still parse as one query
    assert parsed is not None
    assert sq.text.replace("WHERE {", "") in remote.replace("WHERE {", "").replace(
        "\n  VALUES (?titre) { (" + Literal(value).n3() + ") }\n", "")


def test_unknown_parameter_is_refused(tmp_path):
    sq = _query(tmp_path, LABEL_QUERY)
    with pytest.raises(QueryError, match="no parameter"):
        q.run_rdflib(Graph(), sq, {"other": Literal("x")})


def test_syntax_error_names_the_file(tmp_path):
    sq = _query(tmp_path, "# fr: broken\nSELECT ?s WHERE { ?s ", name="broken")
    with pytest.raises(QueryError) as exc:
        q.run_oxigraph(ox.Store(), sq)
    assert "broken.rq" in exc.value.one_line()


def test_unknown_query_name_lists_known_ones():
    with pytest.raises(QueryError, match="financeurs-precarite-energetique"):
        q.find_query("no-such-query")
