"""`isgraph serve`: a read-only SPARQL endpoint over the seed graph, checked with SPARQLWrapper (an independent
client), plain HTTP, headless Chromium and a bounded load test. Everything runs on 127.0.0.1."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

from isgraph.query import queries as q
from isgraph.serve import server
from isgraph.namespaces import ISG
from servers import chromium_binary, chromium_command, normalise, start_isgraph_serve

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def out(built) -> Path:
    result, out = built
    return out if (out / "isgraph.ttl").exists() else Path(f"{out}.rejected")


@pytest.fixture(scope="module")
def endpoint(out, tmp_path_factory):
    srv = start_isgraph_serve(out / "isgraph.ttl", tmp_path_factory.mktemp("serve"), "--timeout", str(TIMEOUT),
                              "--workers", "4")
    yield srv
    srv.stop()
    assert srv.proc.returncode is not None


def http(url: str, data: dict | bytes | None = None, headers: dict | None = None, timeout: float = 30):
    """(status, content type, body) without raising on HTTP errors and without any proxy."""
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


# ---- the protocol, with SPARQLWrapper as the client ---------------------------------------------------------

def test_select_with_sparqlwrapper(endpoint, out):
    g = Graph()
    g.parse(out / "isgraph.nt", format="nt")
    client = SPARQLWrapper(endpoint.url("/query"))
    client.setQuery("PREFIX isg: <https://w3id.org/isgraph/ontology#> "
                    "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a isg:Initiative }")
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == len(set(g.subjects(RDF.type, ISG.Initiative)))
    # same answer on /sparql, over POST, as CSV
    client = SPARQLWrapper(endpoint.url("/sparql"))
    client.setMethod(POST)
    client.setQuery("SELECT ?d WHERE { ?d a <https://w3id.org/isgraph/ontology#Document> } ORDER BY ?d")
    client.setReturnFormat(CSV)
    lines = client.queryAndConvert().decode().splitlines()
    assert lines[0] == "d" and len(lines) - 1 == len(set(g.subjects(RDF.type, ISG.Document)))
    # ASK and CONSTRUCT
    client.setQuery("ASK { ?s a <https://w3id.org/isgraph/ontology#Financeur> }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?d a <https://w3id.org/isgraph/ontology#Document> } "
                    "WHERE { ?d a <https://w3id.org/isgraph/ontology#Document> }")
    client.setReturnFormat(TURTLE)
    built = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(built) == len(set(g.subjects(RDF.type, ISG.Document)))


@pytest.mark.parametrize("name", [sq.name for sq in q.stored_queries()])
def test_stored_queries_over_http_match_the_embedded_store(endpoint, out, name):
    from isgraph.query.store import open_for_graph

    sq = q.find_query(name)
    remote = q.run_remote(endpoint.url("/query"), sq)
    local = q.run_oxigraph(open_for_graph(out / "isgraph.ttl"), sq)
    assert remote.variables == local.variables
    assert normalise(remote.rows) == normalise(local.rows)


def test_update_load_and_service_are_refused(endpoint):
    url = endpoint.url("/query")
    before = http(url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                  {"Accept": "application/sparql-results+json"})[2]
    client = SPARQLWrapper(url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")  # SPARQLWrapper sends it as update=
    with pytest.raises(Exception) as info:
        client.query()
    assert "403" in str(info.value) or "Forbidden" in str(info.value)
    status, _, body = http(url, b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    for path in ("/update", "/sparql"):
        status, _, _ = http(endpoint.url(path), {"update": "CLEAR ALL"})
        assert status == 403, path
    status, _, body = http(url, {"query": "LOAD <http://example.org/data.ttl>"})
    assert status == 400, body  # not a query: the query parser rejects it
    status, _, body = http(url, {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert status == 403 and b"SERVICE" in body
    after = http(url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                 {"Accept": "application/sparql-results+json"})[2]
    assert before == after


def test_service_detection_is_exact():
    """SERVICE is decided on the parsed query (see test_serve_safety.py for the corpus of attempts)."""
    assert server.uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert server.uses_service("select * { service silent ?ep { ?s ?p ?o } }")
    assert server.uses_service("SELECT * {\n  # comment\n  Service<http://x/>{?s ?p ?o}}")
    assert server.uses_service('SELECT * { ?s ?p "x" . SERVICE <http://x/> {} }')
    assert not server.uses_service('SELECT * { ?s ?p "SERVICE <http://x/>" }')
    assert not server.uses_service("SELECT * { ?s ?p ?o } # SERVICE <http://x/> { }")
    assert not server.uses_service("SELECT ?service { ?service a <http://x/SERVICE> }")
    assert not server.uses_service("PREFIX service: <http://x/> SELECT * { ?s service:p ?o . ?s <http://x/service> ?x }")
    assert not server.uses_service("SELECT * { ?s ?p 'it\\'s a SERVICE' . ?s ?q '''SERVICE\n{}''' }")
    assert server.uses_service("SELECT * { ?s ?p 'it''s a SERVICE' }")  # two strings in a row: not SPARQL, refused
    # attempts to hide a real SERVICE clause from a lexical scan (each one parses in Oxigraph)
    assert server.uses_service("SELECT * { ?s ?p ?o . SERVICESILENT <http://x/> { ?a ?b ?c } }")
    assert server.uses_service("SELECT * { ?s ?p 1.5SERVICE <http://x/> { ?a ?b ?c } }")
    assert server.uses_service("SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?a ?b ?c } }")
    assert server.uses_service("PREFIX ex: <urn:ex:> SELECT * { ?s <urn:p> ex:a\\' . "
                               "SERVICE <http://x/> { ?a ?b ?c } ?s <urn:p> <urn:x'> }")
    assert server.uses_service("PREFIX ex: <urn:ex:> SELECT * { ?s <urn:p> ex:a\\# SERVICE <http://x/> { ?a ?b ?c } }")
    assert server.uses_service("SELECT * { \\u0053ERVICE <http://x/> { ?a ?b ?c } }")
    assert server.uses_service("SELECT * { ?s ?p ?o } ; SERVICE")  # not a query, refused anyway


def test_pathological_query_times_out_cleanly(endpoint):
    t0 = time.monotonic()
    status, ctype, body = http(endpoint.url("/query"), {"query": CROSS_JOIN})
    elapsed = time.monotonic() - t0
    assert status == 503 and b"timed out" in body, body
    assert elapsed < TIMEOUT + 3
    # the worker that ran it was killed and replaced; the endpoint keeps answering
    status, _, body = http(endpoint.url("/query"), {"query": "ASK { ?s ?p ?o }"},
                           {"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True
    stats = json.loads(http(endpoint.url("/status"))[2])["pool"]
    assert stats["timeouts"] >= 1 and stats["restarts"] >= 1
    deadline = time.monotonic() + 10
    while json.loads(http(endpoint.url("/status"))[2])["pool"]["idle"] < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert json.loads(http(endpoint.url("/status"))[2])["pool"]["idle"] == 4


def test_result_size_and_query_length_are_capped(endpoint):
    import pyoxigraph as ox

    store = ox.Store()
    for i in range(2000):
        store.add(ox.Quad(ox.NamedNode(f"urn:s:{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i))))
    status, _, body = server.execute(store, {"query": "SELECT * WHERE { ?s ?p ?o }"}, max_bytes=10_000)
    assert status == 500 and b"result too large" in body
    status, _, body = server.execute(store, {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}, max_bytes=10_000)
    assert status == 200
    status, _, body = http(endpoint.url("/query"), {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000})
    assert status == 413


def test_default_bind_is_loopback():
    from isgraph.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1" and server.DEFAULT_HOST == "127.0.0.1"


def test_service_description_and_editor_resources(endpoint):
    status, ctype, body = http(endpoint.url("/query"), headers={"Accept": "text/turtle"})
    assert status == 200 and "sparql-service-description" in body.decode()
    status, ctype, body = http(endpoint.url("/sparql"), headers={"Accept": "text/html"})  # the editor moved to /sparql
    assert status == 200 and ctype.startswith("text/html") and b"/editor.js" in body
    assert not re.search(rb"(src|href)=\"https?://", body), "the editor must not load external resources"
    status, _, body = http(endpoint.url("/queries.json"))
    assert {item["name"] for item in json.loads(body)} == {sq.name for sq in q.stored_queries()}


def test_editor_runs_a_query_in_headless_chromium(endpoint, tmp_path):
    if chromium_binary() is None:
        pytest.skip("chromium not installed (Debian chromium; scripts/install-servers.sh)")
    query = ("PREFIX isg: <https://w3id.org/isgraph/ontology#> "
             "SELECT ?d WHERE { ?d a isg:Document } ORDER BY ?d")
    url = endpoint.url("/sparql?" + urllib.parse.urlencode({"query": query, "run": "1"}))
    res = subprocess.run(chromium_command(url, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom"),
                         capture_output=True, text=True, timeout=90)
    dom = res.stdout
    assert res.returncode == 0 and "isgraph" in dom, res.stderr[-2000:]
    m = re.search(r'<body[^>]*data-rows="(\d+)"', dom)
    assert m, "the page did not run the query:\n" + dom[-3000:]
    assert int(m.group(1)) >= 1 and "document/000-" in dom


# ---- performance ----------------------------------------------------------------------------------------------

def _load(url: str, bodies: list[dict], total: int, clients: int) -> dict:
    def one(i: int) -> tuple[int, float]:
        t0 = time.perf_counter()
        status, _, _ = http(url, bodies[i % len(bodies)], {"Accept": "application/sparql-results+json"})
        return status, time.perf_counter() - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(total)))
    wall = time.perf_counter() - t0
    latencies = sorted(d for _, d in results)
    return {"n": total, "clients": clients, "wall": wall, "rps": total / wall,
            "p50": statistics.median(latencies),
            "p99": latencies[min(total - 1, max(0, int(round(0.99 * total)) - 1))], "max": latencies[-1],
            "errors": sum(s != 200 for s, _ in results)}


def test_bounded_load_test(endpoint, capsys):
    """Fixed request counts from a thread pool on 127.0.0.1: no errors; throughput and p99 reported.

    Two mixes: a light lookup (the endpoint's own overhead: HTTP, dispatch to a worker process, serialisation)
    and every stored query in turn (the real workload)."""
    url = endpoint.url("/query")
    light = [{"query": "PREFIX isg: <https://w3id.org/isgraph/ontology#> "
                       f"SELECT ?l WHERE {{ ?d a isg:Document ; isg:fichier ?l }} LIMIT {n}"} for n in (1, 2, 3)]
    stored = [{"query": sq.text} for sq in q.stored_queries()]
    reports = {"light query": _load(url, light, 400, 8), "stored queries": _load(url, stored, 4 * len(stored), 4)}
    with capsys.disabled():
        for name, r in reports.items():
            print(f"\n[load test] {name}: {r['n']} requests, {r['clients']} clients, {r['wall']:.2f} s: "
                  f"{r['rps']:.0f} req/s, p50 {r['p50'] * 1000:.1f} ms, p99 {r['p99'] * 1000:.1f} ms, "
                  f"max {r['max'] * 1000:.1f} ms, errors {r['errors']}")
    for r in reports.values():
        assert r["errors"] == 0  # times are reported, not asserted (make bench measures performance)


def test_embedded_store_vs_rdflib_speed(out, capsys):
    """Each stored query on the embedded Oxigraph store and on rdflib, same run, same graph: equal answers; the
    times (Oxigraph best of 5, rdflib one run) and their ratio are reported."""
    from isgraph.query.store import open_for_graph

    store = open_for_graph(out / "isgraph.ttl")
    seed_graph = Graph()
    seed_graph.parse(out / "isgraph.nt", format="nt")
    lines, total_ox, total_rd = [], 0.0, 0.0
    for sq in q.stored_queries():
        ox_times, rd_times = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            ox_res = q.run_oxigraph(store, sq)
            ox_times.append(time.perf_counter() - t0)
        for _ in range(1):
            t0 = time.perf_counter()
            rd_res = q.run_rdflib(seed_graph, sq)
            rd_times.append(time.perf_counter() - t0)
        assert normalise(ox_res.rows) == normalise(rd_res.rows), sq.name
        ox_t, rd_t = min(ox_times), min(rd_times)
        total_ox += ox_t
        total_rd += rd_t
        lines.append(f"  {sq.name:38s} oxigraph {ox_t * 1000:8.2f} ms  rdflib {rd_t * 1000:9.1f} ms  "
                     f"x{rd_t / ox_t:7.1f}")
    with capsys.disabled():
        print("\n[query speed] embedded store vs rdflib on the seed graph (best of 5 / one run):")
        print("\n".join(lines))
        print(f"  {'total':38s} oxigraph {total_ox * 1000:8.2f} ms  rdflib {total_rd * 1000:9.1f} ms  "
              f"x{total_rd / total_ox:7.1f}")


def test_new_commands_have_help_with_examples():
    from click.testing import CliRunner

    from isgraph.cli import main

    for cmd in ("serve", "push", "publish"):
        res = CliRunner().invoke(main, [cmd, "--help"])
        assert res.exit_code == 0 and "Example" in res.output, cmd
