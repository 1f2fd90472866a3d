"""Stored queries rewritten for speed at national scale answer exactly as their former formulations, kept here.

The former text of a rewritten query is the reference: on the seed graph, unbound and with several bindings
(including one with no answer), both give the same rows as multisets, in the same ORDER BY order (rows tied on
every ORDER BY key may come in another order)."""

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from isgraph.query import queries as q
from isgraph.namespaces import ISG
from isgraph.query.store import open_for_graph

ID = "https://w3id.org/isgraph/id/territoire/"

# acteurs-par-territoire before the rewrite: grouped by territory label and role code, read per role
ACTEURS_PAR_TERRITOIRE_BEFORE = """
PREFIX isg: <https://w3id.org/isgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?territoire ?territoireLabel ?acteur ?acteurLabel ?roleCode ?initiatives
WHERE {
  {
    SELECT ?territoire ?territoireLabel ?acteur ?roleCode (COUNT(DISTINCT ?initiative) AS ?initiatives)
    WHERE {
      ?territoire rdfs:label ?territoireLabel .
      ?lieu isg:inclusDans? ?territoire .
      ?initiative isg:territoire ?lieu ; isg:role ?r .
      ?r isg:acteur ?acteur ; isg:typeRole/skos:notation ?roleCode .
    }
    GROUP BY ?territoire ?territoireLabel ?acteur ?roleCode
    HAVING (COUNT(DISTINCT ?initiative) >= 1)
  }
  OPTIONAL { ?acteur rdfs:label ?acteurLabel }
  FILTER(BOUND(?acteurLabel))
}
ORDER BY LCASE(STR(?territoireLabel)) DESC(?initiatives) LCASE(STR(?acteurLabel))
"""


@pytest.fixture(scope="module")
def store(built):
    _, out = built
    return open_for_graph(out / "isgraph.ttl")


def _reference(name: str, text: str) -> q.StoredQuery:
    current = q.find_query(name)
    return q.StoredQuery(name, Path(f"{name}-before.rq"), text, params=dict(current.params))


def _order_key(res: q.Result, row) -> tuple:
    v = dict(zip(res.variables, row))
    return (str(v["territoireLabel"]).lower(), -int(v["initiatives"]), str(v["acteurLabel"]).lower())


def _territories(seed_graph) -> list:
    regions = sorted(seed_graph.subjects(RDF.type, ISG.Region))
    parents = sorted(set(seed_graph.objects(None, ISG.inclusDans)))
    places = sorted(set(seed_graph.objects(None, ISG.territoire)))
    return regions[:3] + parents[:: max(1, len(parents) // 4)] + places[:: max(1, len(places) // 4)]


def test_acteurs_par_territoire_answers_as_before(store, seed_graph):
    new = q.find_query("acteurs-par-territoire")
    old = _reference("acteurs-par-territoire", ACTEURS_PAR_TERRITOIRE_BEFORE)
    bindings = [{}] + [{"territoire": t} for t in _territories(seed_graph)] + [{"territoire": URIRef(ID + "nulle-part")}]
    answered = 0
    for b in bindings:
        before, after = q.run_oxigraph(store, old, b), q.run_oxigraph(store, new, b)
        assert after.variables == before.variables
        assert Counter(map(tuple, after.rows)) == Counter(map(tuple, before.rows)), b
        assert [_order_key(after, r) for r in after.rows] == [_order_key(before, r) for r in before.rows], b
        answered += bool(before.rows)
    assert answered >= len(bindings) - 2  # most bindings answer: the comparison is not between empty results
    assert not q.run_oxigraph(store, new, bindings[-1]).rows
