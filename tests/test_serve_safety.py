"""`isgraph serve` never reaches out and cannot be taken over by one client (issue 12).

A listener on 127.0.0.1 stands for "any host a query names": a generated corpus of SERVICE attempts (keyword glued
to every kind of token, escapes, case, SILENT, sub-queries, GRAPH, VALUES, every request form) is sent to a real
endpoint and the listener must see no connection at all. Each layer is also checked alone: the parse-based refusal
(rdflib's SPARQL 1.1 parser), and the workers' network namespace (Oxigraph run without any check cannot connect),
against a control run showing that Oxigraph does connect when nothing stops it. Everything stays on loopback.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from isgraph.serve import server
from servers import free_port, start_isgraph_serve

TIMEOUT = 2.0


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts (and closes them at once)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stopped.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


GRAPH = """@prefix ex: <http://example.org/> .
ex:a ex:p ex:b ; ex:n 1 ; ex:label "a"@fr .
ex:b ex:p ex:c ; ex:n 2 .
"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve-safety")
    graph = work / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    srv = start_isgraph_serve(graph, work, "--timeout", str(TIMEOUT), "--workers", "2", "--client-queue", "1",
                              "--allow-host", "data.example.org")
    yield srv
    srv.stop()


def request(srv, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            source: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def send(srv, query: str, form: str, path: str = "/query", extra: dict | None = None) -> tuple[int, bytes]:
    """One query in one of the three request forms of the SPARQL 1.1 Protocol."""
    params = {"query": query, **(extra or {})}
    if form == "get":
        return request(srv, "GET", path + "?" + urllib.parse.urlencode(params))
    if form == "form":
        return request(srv, "POST", path, urllib.parse.urlencode(params).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    qs = "?" + urllib.parse.urlencode(extra) if extra else ""
    return request(srv, "POST", path + qs, query.encode(), {"Content-Type": "application/sparql-query"})


# ---- the corpus of SERVICE attempts ---------------------------------------------------------------------------

def spellings() -> list[str]:
    return ["SERVICE", "service", "Service", "sErViCe", "\\u0053ERVICE", "\\u0073ervice", "SERVIC\\u0045",
            "\\U00000053ERVICE", "".join(f"\\u{ord(c):04X}" for c in "SERVICE")]


def corpus(port: int) -> list[str]:
    """SERVICE clauses aimed at the listener, glued to or spaced from every kind of token, in every context."""
    iri = f"<http://127.0.0.1:{port}/sparql>"
    # (no IRI with a '#' in the prologue: rdflib then fails on any SERVICE query, which only refuses more)
    head = f"PREFIX ex: <http://example.org/> PREFIX h: <http://127.0.0.1:{port}/> "
    body = "{ ?a ?b ?c }"
    # the token before the keyword (a triple or clause that ends there), glued and spaced
    lefts = ["", "?s ?p ?o .", "?s ?p ?o", "?s ?p 1.", "?s ?p 1.5", "?s ?p 1e3 .", "?s ?p -7", "?s ?p <urn:x>",
             "?s ?p <urn:x>.", "?s ?p ex:a.", "?s ?p ex:a", "?s ?p ex:a\\#", "?s ?p ex:a\\'", '?s ?p "str".',
             "?s ?p 'str'", '?s ?p """long\nstring"""', "?s ?p '''l'''", '?s ?p "x"@fr', '?s ?p "1"^^ex:int',
             "?s ?p ?o # comment\n", "#c\n", "?s ?p ?o FILTER(?o < 3)", "?s ?p ?o FILTER(?o<3)",
             "?s ?p ?o FILTER(?o<?s)", "?s ?p ?o FILTER (?o < ?s && ?s > ?o)", "BIND(1 AS ?z)", "?s ?p _:b",
             "?s ?p [] .", "?s ?p () .", "?s ?p true", "OPTIONAL { ?s ?p ?o }", "{ ?s ?p ?o }",
             "?s ?p ?o ; ?q ?r .", "?s ?p ?o , ?r ."]
    # what follows the keyword
    rights = [f"{iri} {body}", f"{iri}{body}", f"SILENT {iri} {body}", f"SILENT{iri}{body}", f"h:sparql {body}",
              f"SILENT h:sparql{body}", f"#c\n{iri} {body}", f"?ep {body} VALUES ?ep {{ {iri} }}"]
    contexts = ["SELECT * WHERE {{ {x} }}", "SELECT * {{ {x} }}", "ASK {{ {x} }}", "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {x} }}",
                "DESCRIBE ?a WHERE {{ {x} }}", "SELECT * WHERE {{ OPTIONAL {{ {x} }} }}",
                "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {x} }} }}", "SELECT * WHERE {{ ?s ?p ?o MINUS {{ {x} }} }}",
                "SELECT * WHERE {{ GRAPH ?g {{ {x} }} }}", "SELECT * WHERE {{ GRAPH <urn:g> {{ {x} }} }}",
                "SELECT * WHERE {{ {{ SELECT * WHERE {{ {x} }} }} }}",
                "SELECT * WHERE {{ {{ SELECT ?a WHERE {{ {{ SELECT * WHERE {{ {x} }} LIMIT 1 }} }} }} }}",
                "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {x} }} }}",
                "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ {x} }} }}",
                "SELECT (EXISTS {{ {x} }} AS ?e) WHERE {{}}",
                "SELECT * WHERE {{ VALUES ?v {{ 1 2 }} {x} }}",
                "SELECT * WHERE {{ BIND({iri} AS ?ep) SERVICE ?ep {{ ?a ?b ?c }} {x} }}"]
    out = []
    for kw in spellings():
        for left in lefts:
            for glue in ("", " "):
                out.append(head + contexts[0].format(x=f"{left}{glue}{kw} {rights[0]}", iri=iri))
        for right in rights:
            for glue in ("", " "):
                if glue == "" and right[0].isalnum() and right[0] not in "S":
                    continue  # 'SERVICEh:sparql' is one name, not the keyword: not an attempt
                out.append(head + contexts[0].format(x=f"?s ?p ?o . {kw}{glue}{right}", iri=iri))
        for ctx in contexts[1:]:
            for right in rights:
                out.append(head + ctx.format(x=f"{kw} {right}", iri=iri))
    return sorted(set(out))


def test_the_parser_finds_service_in_every_attempt(listener):
    """The decision layer alone: rdflib's parse of each attempt has a SERVICE pattern, or it does not parse (and
    is refused as such); the endpoint's check refuses every attempt."""
    from rdflib.plugins.sparql.parser import parseQuery

    found = unparsable = 0
    for query in corpus(listener.port):
        with pytest.raises(server.Refused) as info:
            server.check_query(query)
        assert info.value.status in (400, 403)
        try:
            tree = parseQuery(query)
        except Exception:
            unparsable += 1
            continue
        assert server._parsed_has_service(tree), query
        found += 1
    assert found > unparsable > 0
    print(f"\n[SERVICE corpus] {found + unparsable} distinct queries: {found} parse with a SERVICE pattern, "
          f"{unparsable} are not SPARQL")


def test_no_connection_for_the_whole_corpus(endpoint, listener, capsys):
    queries = corpus(listener.port)
    forms = [(q, form, path) for i, q in enumerate(queries) for form, path in
             (("get", "/query"), ("form", "/sparql" if i % 2 else "/query"), ("body", "/query"))]

    def one(item):
        return send(endpoint, *item)[0]

    with ThreadPoolExecutor(2) as pool:  # within one client's limit (1 running + 1 queued): no 429
        statuses = list(pool.map(one, forms))
    assert set(statuses) <= {400, 403}, sorted(set(statuses))
    # also the form that names its endpoint through VALUES / BIND, spread over several queries of one client
    assert send(endpoint, "ASK { ?s ?p ?o }", "get")[0] == 200
    assert listener.connections == 0
    with capsys.disabled():
        print(f"\n[SERVICE corpus] {len(forms)} requests ({len(queries)} queries x 3 request forms): "
              f"{statuses.count(403)} x 403, {statuses.count(400)} x 400, listener connections: "
              f"{listener.connections}")


def _oxigraph_service_run(port: int, isolate: bool) -> subprocess.CompletedProcess:
    code = ("import sys, pyoxigraph as ox\n"
            "from isgraph.serve import server\n"
            f"ok = server.isolate_network() if {isolate!r} else None\n"
            f"q = 'SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}'\n"
            "try:\n    list(ox.Store().query(q))\nexcept Exception as exc:\n    print('error', exc)\n"
            "print('isolated', ok)\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_engine_layer_alone_cannot_connect():
    """Control: Oxigraph follows SERVICE when nothing stops it (the listener sees it); in a worker's network
    namespace the same query, with no check before it, cannot connect."""
    lst = Listener()
    try:
        control = _oxigraph_service_run(lst.port, isolate=False)
        assert control.returncode == 0, control.stderr
        assert lst.connections >= 1, "the control run should reach the listener: " + control.stdout
        before = lst.connections
        isolated = _oxigraph_service_run(lst.port, isolate=True)
        assert isolated.returncode == 0, isolated.stderr
        if "isolated True" not in isolated.stdout:
            pytest.skip("no network namespaces here (needs Linux with root or user namespaces)")
        assert lst.connections == before
    finally:
        lst.close()


def test_workers_report_network_isolation(endpoint):
    status, body = request(endpoint, "GET", "/status")
    assert status == 200
    if sys.platform.startswith("linux") and _can_unshare():
        assert json.loads(body)["pool"]["network_isolated"] is True


def _can_unshare() -> bool:
    res = subprocess.run([sys.executable, "-c", "from isgraph.serve import server; print(server.isolate_network())"],
                         capture_output=True, text=True, timeout=60)
    return res.stdout.strip() == "True"


def test_valid_queries_still_run(endpoint):
    ok = ["SELECT ?service WHERE { ?service ?p ?o }", "PREFIX service: <http://x/> ASK { ?s service:p ?o }",
          'SELECT * WHERE { ?s ?p ?o FILTER(?o != "SERVICE <http://127.0.0.1:1/> {}") }',
          "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { }",
          "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
          "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } VALUES ?x { 1 2 } }"]
    for query in ok:
        for form in ("get", "form", "body"):
            status, body = send(endpoint, query, form)
            assert status == 200, (query, form, body)


# ---- malformed requests are 400, never 500 or a crash ---------------------------------------------------------

@pytest.mark.parametrize("param,value", [("default-graph-uri", "not an iri"), ("default-graph-uri", "<urn:x>"),
                                         ("named-graph-uri", "relative/path"), ("named-graph-uri", ""),
                                         ("default-graph-uri", "http://exa mple.org/")])
def test_bad_dataset_iris_are_400(endpoint, param, value):
    for form in ("get", "form", "body"):
        status, body = send(endpoint, "ASK { ?s ?p ?o }", form, extra={param: value})
        assert status == 400 and param.encode() in body, (form, status, body)


@pytest.mark.parametrize("query", ["SELECT * WHERE " + "{" * 5000 + "}" * 5000,
                                   "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                                   "SELECT * WHERE { ?s ?p " + "(" * 5000 + ")" * 5000 + " }",
                                   "SELECT * WHERE " + "\\u007B" * 3000 + "\\u007D" * 3000,
                                   "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "]" * 3000 + " }"])
def test_deep_nesting_is_400(endpoint, query):
    for form in ("get", "form", "body"):
        status, body = send(endpoint, query, form)
        assert status == 400 and b"nested" in body, (form, status, body[:200])
    assert send(endpoint, "ASK { ?s ?p ?o }", "get")[0] == 200  # still serving


def test_nesting_below_the_cap_runs(endpoint):
    query = "SELECT * WHERE " + "{" * 40 + "?s ?p ?o" + "}" * 40
    assert send(endpoint, query, "form")[0] == 200
    query = "SELECT * WHERE { ?s ex:n ?n FILTER(" + "(" * 40 + "?n > 0" + ")" * 40 + ") }"
    assert send(endpoint, "PREFIX ex: <http://example.org/> " + query, "form")[0] == 200


def test_check_query_never_raises_recursion_error():
    for depth in (100, 1000, 5000):
        with pytest.raises(server.Refused) as info:
            server.check_query("ASK " + "{" * depth + "}" * depth)
        assert info.value.status == 400
        with pytest.raises(server.Refused):  # the cap lifted: the parser's own recursion is caught too
            server.check_query("ASK " + "{" * depth + "}" * depth, max_nesting=10**9)


# ---- one client cannot occupy every worker ------------------------------------------------------------------

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"


def test_one_client_cannot_occupy_every_worker(endpoint):
    """2 workers, 1 query at once per client and 1 waiting: a client firing 3 slow queries gets one 429, and a
    second client (another loopback address) is answered while they run."""
    results: list[int] = []
    got_429 = threading.Event()

    def slow():
        status = send(endpoint, CROSS_JOIN + f" # {threading.get_ident()}", "form")[0]
        results.append(status)
        if status == 429:
            got_429.set()

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for t in threads:
        t.start()
    assert got_429.wait(30), f"no 429 for a client over its limit: {results}"
    status, body = request(endpoint, "POST", "/query", urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"}, source="127.0.0.2")
    assert status == 200 and b"true" in body
    for t in threads:
        t.join(60)
    assert sorted(results) == [429, 503, 503], results  # the two admitted ones ran to the deadline


# ---- Host header allow-list (DNS rebinding) -------------------------------------------------------------------

@pytest.mark.parametrize("host,expected", [("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("localhost", 200),
                                           ("[::1]:{port}", 200), ("LOCALHOST:{port}", 200),
                                           ("data.example.org", 200), ("evil.example:{port}", 421),
                                           ("127.0.0.1.nip.io:{port}", 421), ("localhost.evil.example", 421),
                                           ("[::2]:{port}", 421), ("", 421)])
def test_host_allow_list(endpoint, host, expected):
    headers = {"Host": host.format(port=endpoint.port)}
    for path in ("/status", "/query?query=ASK%7B%7D", "/"):
        conn = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
        try:
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", headers["Host"])
            conn.endheaders()
            resp = conn.getresponse()
            assert resp.status == expected, (host, path, resp.read())
        finally:
            conn.close()


def test_host_name_parsing():
    assert server.host_name("[::1]:7878") == "[::1]"
    assert server.host_name("LocalHost.:80") == "localhost"
    assert server.host_name("127.0.0.1") == "127.0.0.1"
    assert "data.example.org" in server.allowed_hosts(["Data.Example.org."])
    assert "[fe80::1]" in server.allowed_hosts(["fe80::1"])
    assert "evil.example" not in server.allowed_hosts()


def test_serve_bad_port_is_one_line(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    for port in ("80000", "0", "-1"):
        res = subprocess.run([sys.executable, "-m", "isgraph.cli", "serve", "--graph", str(graph), "--port", port],
                             capture_output=True, text=True, timeout=60)
        assert res.returncode == 2, res.stderr
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and port in lines[0] and "Traceback" not in res.stderr, res.stderr


def test_serve_port_in_use_is_one_line(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        s.listen(1)
        res = subprocess.run([sys.executable, "-m", "isgraph.cli", "serve", "--graph", str(graph),
                              "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and str(port) in res.stderr, res.stderr


@pytest.mark.parametrize("query", [
    "PREFIX isg: <https://w3id.org/isgraph/ontology#> SELECT ?a WHERE { ?a isg:x/isg:y* ?b }",
    "SELECT * WHERE { VALUES (?a ?b) { (1 2) (UNDEF 3) } }",
    'SELECT (GROUP_CONCAT(?x; separator=", ") AS ?g) WHERE { ?s ?p ?x } GROUP BY ?s HAVING (COUNT(?x) > 1)',
    "SELECT * WHERE { ?s ?p ?o BIND(IF(isIRI(?o), 1, 0) AS ?k) FILTER(STRSTARTS(STR(?s), 'http')) }",
    "DESCRIBE <http://x/a>", "CONSTRUCT WHERE { ?s ?p ?o }", "ASK {}",
    "SELECT * FROM <urn:g> FROM NAMED <urn:h> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT (COALESCE(?x, NOW()) AS ?c) WHERE { ?s ?p 'abc'@fr-CA, 1.0e10, -2 . ?s a [] . ?s ?q (1 2 3) }",
    "BASE <http://x/> SELECT * WHERE { <foo> ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?t } MINUS { ?s ?q 1 } OPTIONAL { ?s ?r ?z } }",
    "SELECT * WHERE { ?s ^<urn:p>|!<urn:q> ?o }",
    "select distinct ?service where { ?service ?p ?o } limit 1",
])
def test_sparql_11_queries_pass_the_check(query):
    server.check_query(query)  # no Refused


def test_stored_queries_pass_the_check():
    from isgraph.query.queries import stored_queries

    for sq in stored_queries():
        server.check_query(sq.text)
