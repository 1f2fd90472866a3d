"""One test per stored query on the seed graph: each answers with rows, and the rows are checked against the graph
(read with plain rdflib triple patterns, an independent path) or against the gold standard."""

import json
from decimal import Decimal

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS

from isgraph.query import queries as q
from isgraph.evaluation import similar
from isgraph.namespaces import FN, ISG, ROLE, THEME
from isgraph.query.store import open_for_graph

from conftest import GOLD, ROOT

ID = "https://w3id.org/isgraph/id/"
ALL = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(built):
    _, out = built
    return open_for_graph(out / "isgraph.ttl")


def run(store, name, **params):
    sq = q.find_query(name)
    return q.run_oxigraph(store, sq, {k: q.to_term(v) for k, v in params.items()})


def col(result, var):
    i = result.variables.index(var)
    return [row[i] for row in result.rows]


@pytest.mark.parametrize("name", ALL)
def test_query_is_documented_and_agrees_with_rdflib(name, store, seed_graph):
    sq = q.find_query(name)
    first = sq.text.splitlines()[0]
    assert first.startswith("# fr:") and sq.question_en, "each query opens with its question (fr, en)"
    ox_rows = run(store, name)
    assert ox_rows.rows, f"{name} returns no row on the seeds"
    rd_rows = q.run_rdflib(seed_graph, sq)
    assert _norm(ox_rows) == _norm(rd_rows), "Oxigraph and rdflib disagree"


def _cell(v) -> str:
    if v is None:
        return ""
    if getattr(v, "datatype", None) is not None and str(v.datatype).endswith(("decimal", "integer")):
        return str(Decimal(str(v)).normalize())
    text = str(v)
    for sep in (" ; ", ", "):  # GROUP_CONCAT order is not defined by SPARQL: compare the parts as sets
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


def _norm(result):
    return sorted(tuple(_cell(v) for v in row) for row in result.rows)


def test_financeurs_precarite_energetique(store, seed_graph):
    res = run(store, "financeurs-precarite-energetique")
    labels = {str(x) for x in col(res, "financeurLabel")}
    assert any("ADEME" in lab for lab in labels), labels
    assert any("Fondation de France" in lab for lab in labels), labels
    for i in col(res, "initiative"):
        assert (i, ISG.theme, THEME["precarite-energetique"]) in seed_graph


def test_financeurs_par_theme_et_territoire_matches_the_theme_query(store):
    by_theme = {str(x) for x in col(run(store, "financeurs-precarite-energetique"), "financeur")}
    res = run(store, "financeurs-par-theme-et-territoire", theme="theme:precarite-energetique")
    assert by_theme and {str(x) for x in col(res, "financeur")} <= by_theme


def _territory_members(g, territory):
    return {t for t in g.subjects(ISG.inclusDans, territory)} | {territory}


def test_initiatives_par_territoire_includes_sub_territories(store, seed_graph):
    region = URIRef(ID + "territoire/region-32")  # Hauts-de-France
    res = run(store, "initiatives-par-territoire", territoire=f"<{region}>")
    got = set(col(res, "initiative"))
    members = _territory_members(seed_graph, region)
    expected = {i for i, t in seed_graph.subject_objects(ISG.territoire) if t in members}
    assert got == expected and got
    # the first card of the cartes postales (Parc Scarpe-Escaut, in Hauts-de-France) is among them
    starts = {int(seed_graph.value(i, ISG.ligneDebut)) for i in got
              if str(seed_graph.value(seed_graph.value(i, PROV.wasDerivedFrom), ISG.fichier)).startswith("000")}
    assert 2 in starts


def test_initiatives_par_theme(store, seed_graph):
    res = run(store, "initiatives-par-theme", theme="theme:handicap-accessibilite")
    got = set(col(res, "initiative"))
    assert got == set(seed_graph.subjects(ISG.theme, THEME["handicap-accessibilite"])) and got


def test_financeurs_classement_counts(store, seed_graph):
    res = run(store, "financeurs-classement")
    counts = dict(zip(col(res, "financeur"), (int(x) for x in col(res, "initiatives"))))
    for funder, n in counts.items():
        assert n == len(set(seed_graph.subjects(ISG.financePar, funder)))
    values = list(counts.values())
    assert values == sorted(values, reverse=True)


def test_acteurs_multi_initiatives(store, seed_graph):
    for minimum in (2, 3):
        res = run(store, "acteurs-multi-initiatives", min=str(minimum))
        for actor, n in zip(col(res, "acteur"), col(res, "initiatives")):
            inits = {i for i, r in seed_graph.subject_objects(ISG.role) if seed_graph.value(r, ISG.acteur) == actor}
            assert int(n) == len(inits) >= minimum


def test_co_partenariats_pairs_share_an_initiative(store, seed_graph):
    res = run(store, "co-partenariats")
    g = seed_graph
    for a, b, n in list(zip(col(res, "acteur1"), col(res, "acteur2"), col(res, "initiatives")))[:50]:
        ia = {i for i, r in g.subject_objects(ISG.role) if g.value(r, ISG.acteur) == a}
        ib = {i for i, r in g.subject_objects(ISG.role) if g.value(r, ISG.acteur) == b}
        assert len(ia & ib) == int(n) >= 1


def test_initiatives_sans_financeur(store, seed_graph):
    got = set(col(run(store, "initiatives-sans-financeur"), "initiative"))
    expected = {i for i in seed_graph.subjects(RDF.type, ISG.Initiative) if seed_graph.value(i, ISG.financePar) is None}
    assert got == expected


def test_fonctions_ecosysteme_match_the_gold(store, seed_graph):
    gold = json.loads((GOLD / "003.json").read_text(encoding="utf-8"))
    res = run(store, "fonctions-ecosysteme")
    pairs = {(str(lab), str(f).rsplit("/", 1)[-1]) for lab, f in zip(col(res, "initiativeLabel"), col(res, "fonction"))}
    gold_pairs = {(g["title"], f) for g in gold for f in g["fonctions_ecosysteme"]}
    hit = sum(1 for t, f in gold_pairs if any(f == f2 and similar(t, t2) >= 80 for t2, f2 in pairs))
    assert hit / len(gold_pairs) >= 0.8
    only = run(store, "fonctions-ecosysteme", fonction="fn:connecteur")
    assert set(col(only, "fonction")) == {FN.connecteur}


def test_provenance_initiative_by_title(store):
    gold = json.loads((GOLD / "003.json").read_text(encoding="utf-8"))[0]
    word = gold["title"].split()[1]  # a word of the title
    res = run(store, "provenance-initiative", titre=word)
    rows = list(zip(col(res, "fichier"), col(res, "debut"), col(res, "fin")))
    assert (gold["doc"], gold["lines"][0]) in {(str(f), int(d)) for f, d, _ in rows}
    assert all(int(d) <= int(f) for _, d, f in rows)


def test_acteurs_par_territoire(store, seed_graph):
    res = run(store, "acteurs-par-territoire")
    for t, a in list(zip(col(res, "territoire"), col(res, "acteur")))[:50]:
        members = _territory_members(seed_graph, t)
        inits = {i for i, x in seed_graph.subject_objects(ISG.territoire) if x in members}
        assert any(seed_graph.value(r, ISG.acteur) == a for i in inits for r in seed_graph.objects(i, ISG.role))


SAMPLE_BINDINGS = {
    "acteurs-multi-initiatives": {"min": "3"},
    "acteurs-par-territoire": {"territoire": "ter:region-32"},
    "financeurs-par-theme-et-territoire": {"theme": "theme:precarite-energetique", "territoire": "ter:region-75"},
    "fonctions-ecosysteme": {"fonction": "fn:aiguillon"},
    "initiatives-par-territoire": {"territoire": "ter:region-75"},
    "initiatives-par-theme": {"theme": "theme:alimentation"},
    "provenance-initiative": {"titre": "café"},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_BINDINGS))
def test_bound_parameters_give_the_same_rows_on_both_engines(name, store, seed_graph):
    sq = q.find_query(name)
    assert set(SAMPLE_BINDINGS[name]) <= set(sq.params)
    bindings = {k: q.to_term(v) for k, v in SAMPLE_BINDINGS[name].items()}
    ox_rows = q.run_oxigraph(store, sq, bindings)
    assert ox_rows.rows, name
    assert _norm(ox_rows) == _norm(q.run_rdflib(seed_graph, sq, bindings))
    assert len(ox_rows.rows) <= len(q.run_oxigraph(store, sq).rows)  # a parameter only narrows


def test_every_parameterised_query_has_a_sample_binding():
    assert {s.name for s in q.stored_queries() if s.params} == set(SAMPLE_BINDINGS)
