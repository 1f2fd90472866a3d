"""Precomputed answers (isgraph.query.answers, OUT/store/answers.sqlite): every answer the build stored is the live
query bound to that value (the live query on the store is the reference), every wide value is stored, a stale file
is never read, and `isgraph query` / `isgraph serve` read them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from isgraph.query import answers as ans
from isgraph.query import queries as q
from isgraph.query.store import open_for_graph

ISG = "https://w3id.org/isgraph/ontology#"


@pytest.fixture(scope="module")
def out(built) -> Path:
    result, out = built
    assert result.published
    return out


@pytest.fixture(scope="module")
def stored(out):
    db = sqlite3.connect(out / "store" / ans.ANSWERS_FILE)
    rows = list(db.execute("SELECT query, binding, rows FROM answers ORDER BY query, binding"))
    db.close()
    return rows


def _low(term) -> str:
    return "" if term is None else str(term).lower()


# the ORDER BY of each precomputed query, written from its text (ties may come in any order, as in SPARQL)
ORDER_KEYS = {
    "initiatives-par-territoire": lambda r, v: (_low(r[v.index("territoireLabel")]), _low(r[v.index("initiativeLabel")])),
    "acteurs-par-territoire": lambda r, v: (_low(r[v.index("territoireLabel")]), -int(r[v.index("initiatives")]),
                                            _low(r[v.index("acteurLabel")])),
    "initiatives-par-theme": lambda r, v: (str(r[v.index("theme")]), _low(r[v.index("initiativeLabel")])),
    "fonctions-ecosysteme": lambda r, v: (str(r[v.index("fonction")]), _low(r[v.index("initiativeLabel")])),
    "financeurs-par-theme-et-territoire": lambda r, v: (-int(r[v.index("initiatives")]), _low(r[v.index("financeurLabel")])),
    "acteurs-multi-initiatives": lambda r, v: (-int(r[v.index("initiatives")]), _low(r[v.index("acteurLabel")])),
}


def _bindings(key: str) -> dict:
    from rdflib import Literal

    out = {}
    for part in key.split("&"):
        name, _, term = part.partition("=")
        if term.startswith('"'):  # a threshold: "k"^^xsd:integer
            value, _, datatype = term[1:].partition('"^^')
            assert datatype == "<http://www.w3.org/2001/XMLSchema#integer>", term
            out[name] = Literal(int(value))
        else:
            assert term.startswith("<") and term.endswith(">")
            out[name] = URIRef(term[1:-1])
    return out


def test_the_precomputed_queries_are_the_wide_ones():
    plans = {sq.name: ans.plan_of(sq) for sq in q.stored_queries()}
    assert {n for n, p in plans.items() if p} == set(ORDER_KEYS)
    assert plans["initiatives-par-territoire"] == ans.Plan("split", (("territoire", ()),))
    assert plans["acteurs-multi-initiatives"] == ans.Plan("threshold", (("min", ("initiatives",)),))
    assert plans["financeurs-par-theme-et-territoire"] == ans.Plan(
        "each", (("territoire", ("Region", "Departement", "ParcNaturelRegional")), ("theme", ())))


def test_every_answer_is_the_live_bound_query(out, stored):
    store = open_for_graph(out / "isgraph.ttl")
    found = ans.open_answers(out / "isgraph.ttl")
    assert found is not None
    queries = {sq.name: sq for sq in q.stored_queries()}
    assert len(stored) > 500  # the seeds: every territory, theme and fonction some initiative reaches
    for name, key, n in stored:
        sq, bindings = queries[name], _bindings(key)
        pre, live = found.result(sq, bindings), q.run_oxigraph(store, sq, bindings)
        assert pre.variables == live.variables, (name, key)
        assert len(pre.rows) == n == len(live.rows), (name, key)
        assert sorted(map(repr, pre.rows)) == sorted(map(repr, live.rows)), (name, key)  # same terms, datatypes too
        order = ORDER_KEYS[name]
        assert [order(r, pre.variables) for r in pre.rows] == [order(r, live.variables) for r in live.rows], (name, key)


def test_every_wide_value_is_answered(out, stored):
    store = open_for_graph(out / "isgraph.ttl")
    keys = {(name, key) for name, key, _ in stored}

    def values(sparql: str) -> set[str]:
        return {f"<{row[0].value}>" for row in store.query(sparql)}

    territories = values(f"SELECT DISTINCT ?t WHERE {{ ?i <{ISG}territoire>/<{ISG}inclusDans>? ?t . "
                         f"?i a <{ISG}Initiative> }}")
    themes = values(f"SELECT DISTINCT ?t WHERE {{ ?i <{ISG}theme> ?t }}")
    wide = values(f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ <{ISG}Region> <{ISG}Departement> "
                  f"<{ISG}ParcNaturelRegional> }} ?t a ?c . ?i <{ISG}territoire>/<{ISG}inclusDans>? ?t }}")
    assert len(territories) > 100 and len(themes) > 10 and 10 < len(wide) < len(territories)
    for t in territories:  # a territory with a label: the query reads it (one without is no answer, live or not)
        if not bool(store.query(f"ASK {{ {t} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")):
            continue
        assert ("initiatives-par-territoire", f"territoire={t}") in keys, t
    for t in themes:
        assert ("initiatives-par-theme", f"theme={t}") in keys
        assert ("financeurs-par-theme-et-territoire", f"theme={t}") in keys
    for t in wide:
        assert ("financeurs-par-theme-et-territoire", f"territoire={t}") in keys
    thresholds = sorted(int(_bindings(key)["min"]) for name, key, _ in stored if name == "acteurs-multi-initiatives")
    top = max(int(row[0].value) for row in store.query(
        f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i <{ISG}role>/<{ISG}acteur> ?a }} GROUP BY ?a"))
    assert top > 3 and thresholds == list(range(1, top + 2))
    sizes = {int(_bindings(key)["min"]): n for name, key, n in stored if name == "acteurs-multi-initiatives"}
    assert sizes[top + 1] == 0 < sizes[top] and all(sizes[k] >= sizes[k + 1] for k in range(1, top + 1))
    communes = values(f"SELECT DISTINCT ?t WHERE {{ ?t a <{ISG}Commune> }}")
    assert not any(("financeurs-par-theme-et-territoire", f"territoire={t}") in keys for t in communes)


def test_a_stale_or_changed_answer_is_not_read(out, tmp_path):
    copy = tmp_path / "dist"
    shutil.copytree(out, copy)  # copytree keeps mtimes: the stamp still holds
    graph = copy / "isgraph.ttl"
    sq = q.find_query("initiatives-par-territoire")
    region = {"territoire": URIRef("https://w3id.org/isgraph/id/territoire/region-32")}
    found = ans.open_answers(graph)
    assert found is not None and found.get(sq, region) is not None
    assert found.get(sq, {}) is None  # the unbound call is not precomputed
    edited = q.StoredQuery(sq.name, sq.path, sq.text.replace("ORDER BY", "ORDER BY DESC(?lieuLabel)"), params=sq.params)
    assert found.get(edited, region) is None  # another text (an upgraded query): live
    found.close()
    st = graph.stat()
    os.utime(graph, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # the graph changed after the build
    assert ans.open_answers(graph) is None
    (copy / "store" / ans.ANSWERS_FILE).write_bytes(b"not a database")
    assert ans.open_answers(graph) is None


def _tampered(out: Path, tmp_path: Path) -> Path:
    """A copy of the build whose answer for région 32 says one made-up row (to see which path answered)."""
    copy = tmp_path / "dist"
    shutil.copytree(out, copy)
    db = sqlite3.connect(copy / "store" / ans.ANSWERS_FILE)
    doc = ans.document(["territoire", "territoireLabel", "initiative", "initiativeLabel", "lieuLabel"], [json.dumps({
        "territoire": {"type": "uri", "value": "https://w3id.org/isgraph/id/territoire/region-32"},
        "territoireLabel": {"type": "literal", "value": "Hauts-de-France", "xml:lang": "fr"},
        "initiative": {"type": "uri", "value": "https://example.org/initiative/precalculee"},
        "initiativeLabel": {"type": "literal", "value": "Réponse précalculée"},
        "lieuLabel": {"type": "literal", "value": "Nulle part"}})])
    db.execute("UPDATE answers SET json = ?, rows = 1 WHERE query = 'initiatives-par-territoire' AND binding = ?",
               (zlib.compress(doc), "territoire=<https://w3id.org/isgraph/id/territoire/region-32>"))
    db.commit()
    db.close()
    return copy


def test_isgraph_query_reads_the_answer_and_runs_live_when_stale(out, tmp_path):
    from isgraph.cli import main

    copy = _tampered(out, tmp_path)
    args = ["query", "initiatives-par-territoire", "-p", "territoire=Hauts-de-France", "--graph", str(copy),
            "--format", "csv"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "Réponse précalculée" in first.output and len(first.output.strip().splitlines()) == 2
    graph = copy / "isgraph.ttl"
    st = graph.stat()
    os.utime(graph, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "Réponse précalculée" not in second.output and len(second.output.strip().splitlines()) > 5


def test_plan_lines_are_checked():
    base = q.StoredQuery("x", Path("x.rq"), "", params={"territoire": "", "theme": "", "min": ""})
    for line in ("# precompute: everything", "# precompute: split", "# precompute: split territoire theme",
                 "# precompute: threshold min", "# precompute: threshold min=a,b",
                 "# precompute: split nowhere", "# precompute: each territoire", "# precompute: each min"):
        with pytest.raises(ValueError):
            ans.plan_of(q.StoredQuery("x", Path("x.rq"), line + "\nSELECT * WHERE {}", params=base.params))
    assert ans.plan_of(q.StoredQuery("x", Path("x.rq"), "SELECT * WHERE {}", params=base.params)) is None


def test_csv_of_an_answer():
    doc = ans.document(["a", "b"], ['{"a":{"type":"uri","value":"https://e.org/x"},"b":{"type":"literal","value":"y, z"}}',
                                    '{"a":{"type":"uri","value":"https://e.org/w"}}'])
    assert ans.json_to_csv(doc) == b'a,b\r\nhttps://e.org/x,"y, z"\r\nhttps://e.org/w,\r\n'


def test_serve_answers_stored_queries(out, tmp_path):
    from servers import start_isgraph_serve

    copy = _tampered(out, tmp_path)
    (tmp_path / "serve").mkdir()
    srv = start_isgraph_serve(copy / "isgraph.ttl", tmp_path / "serve", "--workers", "2")
    try:
        from test_serve import http

        status, ctype, body = http(srv.url("/queries/initiatives-par-territoire?territoire=ter:region-32"))
        assert status == 200 and ctype.startswith("application/sparql-results+json")
        assert [b["initiativeLabel"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Réponse précalculée"]
        status, ctype, body = http(srv.url("/queries/initiatives-par-territoire?territoire="
                                           "https://w3id.org/isgraph/id/territoire/region-32&format=csv"))
        assert status == 200 and ctype.startswith("text/csv") and "Réponse précalculée" in body.decode()
        # not precomputed (a text parameter): run live on the store, the same answer as the embedded store's
        status, _, body = http(srv.url("/queries/provenance-initiative?titre=friche"))
        sq = q.find_query("provenance-initiative")
        from rdflib import Literal
        live = q.run_oxigraph(open_for_graph(out / "isgraph.ttl"), sq, {"titre": Literal("friche")})
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(live.rows) > 0
        assert http(srv.url("/queries/nulle-part"))[0] == 404
        status, _, body = http(srv.url("/queries/initiatives-par-theme?theme=theme:alimentation"))
        assert status == 200 and len(body) > 2000
    finally:
        srv.stop()
    srv = start_isgraph_serve(copy / "isgraph.ttl", tmp_path / "serve", "--workers", "2", "--max-result-mb", "0.001")
    try:  # the result cap holds for a precomputed answer as for a live one
        status, _, body = http(srv.url("/queries/initiatives-par-theme?theme=theme:alimentation"))
        assert status == 500 and b"result too large" in body
        assert http(srv.url("/queries/initiatives-par-territoire?inconnu=1"))[0] == 400
        assert http(srv.url("/queries/initiatives-par-territoire?territoire=%3Cpas%20une%20iri%3E"))[0] == 400
    finally:
        srv.stop()


def _unlisted(row) -> str:
    """A row with its GROUP_CONCAT cells (' ; ' or ', ' lists, in the order the engine met them) sorted."""
    import re

    return repr([" ; ".join(sorted(re.split(r" ; |, ", str(c)))) if c is not None and re.search(r" ; |, ", str(c))
                 else c for c in row])


def test_answers_mode_of_the_build():
    assert ans.answers_decision("auto", ans.ANSWERS_AUTO_MAX_TRIPLES) is None
    assert "isgraph answers OUT" in ans.answers_decision("auto", ans.ANSWERS_AUTO_MAX_TRIPLES + 1)
    assert ans.answers_decision("always", 10 ** 9) is None
    assert "never" in ans.answers_decision("never", 10)
    with pytest.raises(ValueError):
        ans.answers_decision("sometimes", 10)


def test_isgraph_answers_recomputes_them_for_the_build(out, tmp_path):
    from isgraph.cli import main

    copy = tmp_path / "dist"
    shutil.copytree(out, copy)
    path = copy / "store" / ans.ANSWERS_FILE
    before = sqlite3.connect(path)
    expected = list(before.execute("SELECT query, binding, rows, json FROM answers ORDER BY query, binding"))
    before.close()
    path.unlink()
    assert ans.open_answers(copy / "isgraph.ttl") is None
    for extra in ([], ["--on-disk"]):
        res = CliRunner().invoke(main, ["answers", str(copy), *extra])
        assert res.exit_code == 0, res.output
        assert f"answers: {len(expected)} wide calls precomputed" in res.output
        db = sqlite3.connect(path)
        got = list(db.execute("SELECT query, binding, rows, json FROM answers ORDER BY query, binding"))
        db.close()
        assert [g[:3] for g in got] == [e[:3] for e in expected]
        for (name, key, _, doc), (_, _, _, want) in zip(got, expected):  # the same rows; ties may come in another
            a, b = ans.result_from_json(zlib.decompress(doc)), ans.result_from_json(zlib.decompress(want))  # order
            order = ORDER_KEYS[name]
            assert sorted(map(_unlisted, a.rows)) == sorted(map(_unlisted, b.rows)), (name, key)
            assert [order(r, a.variables) for r in a.rows] == [order(r, b.variables) for r in b.rows], (name, key)
    graph = copy / "isgraph.ttl"
    st = graph.stat()
    os.utime(graph, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # the store no longer matches the graph
    res = CliRunner().invoke(main, ["answers", str(copy)])
    assert res.exit_code == 2 and "run `isgraph build` again" in res.output
    res = CliRunner().invoke(main, ["answers", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "no isgraph.ttl" in res.output


def test_build_without_answers(tmp_path, seeds_dir):
    from isgraph.pipeline import build, summary_lines

    src = tmp_path / "in"
    src.mkdir()
    first = sorted(seeds_dir.iterdir())[0]
    shutil.copy(first, src / first.name)
    result = build(src, tmp_path / "out", jobs=1, cache=False, site="never", answers="never")
    assert result.published and result.answers == 0
    assert not (tmp_path / "out" / "store" / ans.ANSWERS_FILE).exists()
    assert "answers: not precomputed (--answers never): every call runs live" in summary_lines(result)
    result = build(src, tmp_path / "out", jobs=1, cache=False, site="never")
    assert result.answers > 0 and (tmp_path / "out" / "store" / ans.ANSWERS_FILE).is_file()
    assert any(line.startswith(f"answers: {result.answers} wide calls") for line in summary_lines(result))
