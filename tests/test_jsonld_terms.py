"""JSON-LD for JavaScript developers (issue 14): short terms in the context, and OUT/initiatives.jsonld with the
actors embedded; both expand (pyld, offline) to the graph's own triples."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from isgraph.namespaces import ISG

BASE = "https://isgraph.invalid/dist/"
TITLE = "Accompagnement des acteurs vers une meilleure acccessibilité physique"


@pytest.fixture(scope="module")
def out(built):
    return built[1]


def _expand_to_graph(out, name: str) -> Graph:
    from pyld import jsonld

    context = json.loads((out / "isgraph.context.jsonld").read_text(encoding="utf-8"))

    def loader(url, options=None):  # the local context file only; no network
        if url == BASE + "isgraph.context.jsonld":
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise jsonld.JsonLdError(f"refusing to fetch {url}", "loading document failed")

    doc = json.loads((out / name).read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc, {"base": BASE + name, "documentLoader": loader})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": loader})
    return Graph().parse(data=nquads, format="nt")


def test_context_has_short_terms_with_coercions(out):
    ctx = json.loads((out / "isgraph.context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert ctx["porteur"] == {"@id": "isg:porteur", "@type": "@id"}
    assert ctx["financePar"] == {"@id": "isg:financePar", "@type": "@id"}
    assert ctx["label"] == {"@id": "rdfs:label", "@language": "fr"}
    assert ctx["budget"] == {"@id": "isg:budget", "@type": "xsd:decimal"}
    assert ctx["Initiative"] == "isg:Initiative" and ctx["Acteur"] == "isg:Acteur"
    # a prefix named like a term would be read through the term by JSON-LD 1.0 processors: left out
    assert "role" in ctx and isinstance(ctx["role"], dict) and "theme" in ctx and isinstance(ctx["theme"], dict)


def test_main_document_reads_with_terms_and_keeps_the_triples(out):
    doc = json.loads((out / "isgraph.jsonld").read_text(encoding="utf-8"))
    ini = next(n for n in doc["@graph"] if n.get("label") == TITLE)
    assert "Initiative" in ini["@type"]
    assert ini["porteur"] == "act:parc-naturel-regional-scarpe-escaut"
    assert ini["ligneDebut"] == 2 and isinstance(ini["ligneFin"], int)
    nt = Graph().parse(out / "isgraph.nt", format="nt")
    assert isomorphic(_expand_to_graph(out, "isgraph.jsonld"), nt)


def test_framed_initiatives_embed_their_actors(out):
    doc = json.loads((out / "initiatives.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == "isgraph.context.jsonld"
    nt = Graph().parse(out / "isgraph.nt", format="nt")
    assert len(doc["@graph"]) == len(set(nt.subjects(predicate=None, object=ISG.Initiative)))
    ini = next(n for n in doc["@graph"] if n["label"] == TITLE)
    assert ini["porteur"]["label"] == "Parc naturel régional Scarpe-Escaut"
    assert sorted(f["label"] for f in ini["financePar"]) == ["ENRx", "Jeunesse et sports", "Syndicat Mixte de "
                                                             "gestion du Parc", "ligue de voile"]
    generic = [r for r in ini["role"] if "mentionGenerique" in r]
    assert [r["mentionGenerique"] for r in generic] == ["Europe"] and "acteur" not in generic[0]
    assert ini["territoire"]["label"] == "Parc naturel régional Scarpe-Escaut"
    # same facts as the graph: a subset of its triples, with every triple of every initiative
    framed = _expand_to_graph(out, "initiatives.jsonld")
    assert set(framed) <= set(nt)
    for s in nt.subjects(predicate=None, object=ISG.Initiative):
        assert set(nt.triples((s, None, None))) <= set(framed)


def test_framed_embedded_actors_leave_out_their_links_to_initiatives(out):
    """An embedded actor or territory does not list the initiatives it is linked to (the inverse triples): a funder
    of N initiatives embedded in each of them would make the file grow with N squared."""
    doc = json.loads((out / "initiatives.jsonld").read_text(encoding="utf-8"))
    ids = {n["@id"] for n in doc["@graph"]}
    nt = Graph().parse(out / "isgraph.nt", format="nt")
    assert next(nt.triples((None, ISG.finance, None)), None) is not None  # the graph does hold funder -> initiative triples
    seen = 0
    for ini in doc["@graph"]:
        for key in ("porteur", "partenaire", "financePar", "territoire"):
            value = ini.get(key, [])
            for obj in value if isinstance(value, list) else [value]:
                if isinstance(obj, dict):
                    seen += 1
                    for k, v in obj.items():
                        if k != "@id":
                            assert not ({v} if isinstance(v, str) else {x for x in v if isinstance(x, str)}
                                        if isinstance(v, list) else set()) & ids, (obj["@id"], k)
    assert seen > 100
    text = (out / "initiatives.jsonld").read_text(encoding="utf-8")
    # each initiative's IRI appears a bounded number of times: its own @id and its roles' links back
    worst = max(text.count(f'"{i}"') for i in ids)
    assert worst <= 40, worst
