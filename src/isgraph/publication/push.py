"""`isgraph push`: replace one named graph on a SPARQL 1.1 Graph Store Protocol server, atomically for readers.

1. upload the graph into a fresh staging graph (`PUT store?graph=<staging>`, N-Triples sent as `text/turtle`,
   which every GSP server accepts);
2. check the staging graph holds exactly the expected number of triples (else drop it: the target is untouched);
3. swap with ONE SPARQL update *operation*: `DELETE { target-only triples } INSERT { staging-only triples }`
   (a single DELETE/INSERT … WHERE with a UNION), then drop the staging graph. It is one transaction: readers see
   either the old graph or the new one, never a half-replaced graph, provided the server runs each reader's query
   on a consistent snapshot. Oxigraph does. Virtuoso does only at SERIALIZABLE isolation (`DefaultIsolation = 8`):
   at its default READ COMMITTED a reader query that spans the commit can count part of each graph (measured:
   4 of 9,262 concurrent counts over 60 swaps of the seed graph), so `push` reads the server's isolation back and
   warns. A transaction the server rolls back as deadlocked (SQLSTATE 40001, which SERIALIZABLE readers cause) is
   sent again. `MOVE GRAPH <staging> TO <target>` is the alternative (`swap="move"`), atomic on Oxigraph but not on
   Virtuoso 7.2, which commits MOVE / CLEAR / DROP piecewise;
4. check the target's triple count and that the staging graph is gone.

Endpoints: `--endpoint` is the SPARQL query endpoint. The update and graph-store URLs are derived from it for the
usual layouts (Oxigraph / Fuseki `…/query` → `…/update`, `…/store` (Fuseki: pass `--store …/data`);
Virtuoso `…/sparql` → `…/sparql-auth` and `…/sparql-graph-crud-auth` with credentials) or given explicitly.
Credentials (HTTP Basic or Digest, whichever the server asks for) come from `ISGRAPH_USER` / `ISGRAPH_PASSWORD`.
Only the standard library's urllib is used; nothing is sent anywhere but the URLs given.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib import error, parse, request

from rdflib import URIRef

from isgraph.errors import IsgraphError

DEFAULT_GRAPH = "https://w3id.org/isgraph/graph"


class PushError(IsgraphError):
    """The remote server refused or failed a step of the push."""


class _Deadlock(PushError):
    """The server rolled the request's transaction back as deadlocked; it can be sent again."""


DEADLOCK_RETRIES = 6
_DEADLOCK = re.compile(r"\b40001\b|deadlock", re.I)


@dataclass
class Endpoints:
    query: str
    update: str
    store: str

    @classmethod
    def derive(cls, endpoint: str, update: str | None = None, store: str | None = None,
               authenticated: bool = False) -> "Endpoints":
        base = endpoint.rstrip("/")
        if base.endswith("/query"):  # Oxigraph, Fuseki
            root = base[: -len("/query")]
            upd, gsp = root + "/update", root + "/store"
        elif base.endswith("/sparql"):  # Virtuoso (and servers with one endpoint for both)
            root = base[: -len("/sparql")]
            upd = base + ("-auth" if authenticated else "")
            gsp = root + ("/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud")
        else:
            upd, gsp = base, base
        return cls(endpoint, update or upd, store or gsp)


@dataclass
class PushResult:
    graph: str
    triples: int
    staging: str
    endpoints: Endpoints
    # did concurrent readers see the swap atomically? True / False when the server is known (Oxigraph; Virtuoso
    # with its DefaultIsolation read back), None for other servers
    atomic_for_readers: bool | None = None


class Client:
    def __init__(self, user: str | None = None, password: str | None = None, timeout: float = 120.0,
                 urls: tuple[str, ...] = ()):
        self.user, self.password = user, password or ""
        handlers = []
        self.digest = None
        if user:
            mgr = request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:  # credentials go only to the servers named on the command line
                p = parse.urlsplit(url)
                mgr.add_password(None, f"{p.scheme}://{p.netloc}/", user, self.password)
            self.digest = request.HTTPDigestAuthHandler(mgr)
            handlers += [self.digest, request.HTTPBasicAuthHandler(mgr)]
        # never follow a proxy from the environment for these calls: the URLs given are the only destinations
        handlers.append(request.ProxyHandler({}))
        self.opener = request.build_opener(*handlers)
        self.plain = request.build_opener(request.ProxyHandler({}))
        self.timeout = timeout
        self.server = ""  # the Server header of the last answer (names Virtuoso)

    def preauthorize(self, method: str, url: str) -> dict:
        """An Authorization header for `method url`, from the challenge of a body-less probe (GET).

        urllib answers a 401 challenge by re-sending the request; a server that closes the connection on 401
        (Virtuoso does) breaks the pipe while a large body is still being sent. So large uploads carry their
        credentials from the first byte."""
        if not self.user:
            return {}
        try:
            self.plain.open(request.Request(url, method="GET"), timeout=self.timeout).close()
            return {}
        except error.HTTPError as exc:
            if exc.code != 401:
                return {}
            challenges = exc.headers.get_all("WWW-Authenticate") or []
        except (error.URLError, OSError):
            return {}
        for header in challenges:
            scheme, _, rest = header.strip().partition(" ")
            if scheme.lower() == "digest" and self.digest is not None:
                chal = request.parse_keqv_list(filter(None, request.parse_http_list(rest)))
                auth = self.digest.get_authorization(request.Request(url, method=method), chal)
                if auth:
                    return {"Authorization": f"Digest {auth}"}
            if scheme.lower() == "basic":
                token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
                return {"Authorization": f"Basic {token}"}
        return {}

    def call(self, method: str, url: str, data: bytes | None = None, headers: dict | None = None) -> bytes:
        """One request; a transaction the server rolled back as deadlocked (SQLSTATE 40001, e.g. Virtuoso
        `SR172: Transaction deadlocked` under REPEATABLE READ / SERIALIZABLE isolation) is sent again, up to
        DEADLOCK_RETRIES times: every request of a push is idempotent or was rolled back whole."""
        for attempt in range(DEADLOCK_RETRIES + 1):
            try:
                return self._call_once(method, url, data, headers)
            except _Deadlock as exc:
                if attempt == DEADLOCK_RETRIES:
                    raise PushError(f"{exc} (still deadlocked after {DEADLOCK_RETRIES} retries)") from None
                time.sleep(0.2 * 2 ** attempt)
        raise AssertionError("unreachable")

    def _call_once(self, method: str, url: str, data: bytes | None, headers: dict | None) -> bytes:
        req = request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                self.server = resp.headers.get("Server", "") or self.server
                return resp.read()
        except error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {body[0][:300]}" if body else ""
            message = f"{method} {_safe(url)} failed with HTTP {exc.code}{detail}"
            if exc.code >= 500 and _DEADLOCK.search(detail):
                raise _Deadlock(message) from None
            raise PushError(message) from None
        except (error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"{method} {_safe(url)} failed: {reason}") from None
        except ValueError as exc:  # e.g. an authentication scheme urllib does not speak
            raise PushError(f"{method} {_safe(url)} failed: {exc}") from None

    def select_count(self, endpoint: str, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {URIRef(graph).n3()} {{ ?s ?p ?o }} }}"
        value = self.select_value(endpoint, query)
        try:
            return int(value) if value is not None else 0
        except ValueError:
            raise PushError(f"unexpected answer to a COUNT query from {_safe(endpoint)}: {value!r}") from None

    def select_value(self, endpoint: str, query: str) -> str | None:
        """The first value of the first solution of a SELECT, or None (no solution)."""
        body = parse.urlencode({"query": query}).encode()
        data = self.call("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/sparql-results+json"})
        try:
            bindings = json.loads(data)["results"]["bindings"]
            return next(iter(bindings[0].values()))["value"] if bindings and bindings[0] else None
        except (ValueError, KeyError, IndexError, StopIteration) as exc:
            raise PushError(f"unexpected answer to a SELECT query from {_safe(endpoint)}: {exc}") from None

    def update(self, endpoint: str, text: str) -> None:
        body = parse.urlencode({"update": text}).encode()
        self.call("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": "*/*"})

    def put_graph(self, store: str, graph: str, data: bytes, append: bool = False) -> None:
        """GSP PUT (replace the graph) or, with `append`, POST (add to it) of N-Triples sent as Turtle."""
        method = "POST" if append else "PUT"
        url = store + ("&" if "?" in store else "?") + parse.urlencode({"graph": graph})
        headers = {"Content-Type": "text/turtle; charset=utf-8", **self.preauthorize(method, url)}
        self.call(method, url, data, headers)


def _safe(url: str) -> str:
    """The URL without any user:password part (never printed)."""
    p = parse.urlsplit(url)
    netloc = p.hostname or ""
    if p.port:
        netloc += f":{p.port}"
    return parse.urlunsplit((p.scheme, netloc, p.path, p.query, ""))


def _check_iri(iri: str, what: str) -> str:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$", iri):
        raise PushError(f"bad {what} IRI {iri!r}")
    return iri


CHUNK_LINES = 50_000  # triples per upload request (~7 MB of N-Triples): memory stays bounded whatever the graph size

_BNODE = re.compile(r"(?:^|\s)_:")


@dataclass
class NTriplesSource:
    """A graph to push, as an N-Triples file read line by line (never held whole in memory)."""

    path: Path
    temporary: bool = False  # a conversion written by `ntriples_source`, removed after the push

    def close(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def ntriples_source(graph_path: Path) -> NTriplesSource:
    """The N-Triples file to stream: a `.nt` file as it is; any other graph format is parsed (rdflib) and written
    once, sorted, to a temporary `.nt` file next to nothing the user owns."""
    import os
    import tempfile

    from isgraph.rdf.graphio import load_graph
    from isgraph.publication.publish import sorted_ntriples

    graph_path = Path(graph_path)
    if graph_path.suffix == ".nt" and graph_path.is_file():
        return NTriplesSource(graph_path)
    g = load_graph(graph_path)
    fd, name = tempfile.mkstemp(prefix="isgraph-push-", suffix=".nt")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(sorted_ntriples(g))
    return NTriplesSource(Path(name), temporary=True)


def _triple_lines(path: Path):
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if line and not line.startswith("#"):
                yield line


def _is_sorted(path: Path) -> bool:
    prev = ""
    for line in _triple_lines(path):
        if line < prev:
            return False
        prev = line
    return True


def ntriples_chunks(path: Path, chunk_lines: int = CHUNK_LINES):
    """Yield (bytes of up to `chunk_lines` triples, number of triples in it) from an N-Triples file, each distinct
    triple once, without holding the graph: a sorted file (what `isgraph build` publishes) is de-duplicated on
    adjacent lines; an unsorted one (checked by a first read) through a set of 8-byte line digests (~60 bytes a
    triple).

    Triples with blank nodes are held back and sent together in the last chunk: a blank node label is scoped to
    one request, so splitting them across requests would make one node several."""
    import hashlib

    digests: set[bytes] | None = None if _is_sorted(path) else set()
    chunk: list[str] = []
    bnodes: list[str] = []
    prev = None
    for line in _triple_lines(path):
        if digests is None:
            if line == prev:
                continue
            prev = line
        else:
            key = hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()
            if key in digests:
                continue
            digests.add(key)
        (bnodes if _BNODE.search(line) else chunk).append(line)
        if len(chunk) >= chunk_lines:
            yield ("\n".join(chunk) + "\n").encode("utf-8"), len(chunk)
            chunk = []
    rest = chunk + bnodes
    if rest:
        yield ("\n".join(rest) + "\n").encode("utf-8"), len(rest)


def swap_update(staging: str, graph: str) -> str:
    """ONE update operation that makes `graph` equal to `staging`: delete what is only in the target, insert what
    is only in the staging graph (unchanged triples are not touched)."""
    s, g = URIRef(staging).n3(), URIRef(graph).n3()
    return (f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }}\n"
            f"INSERT {{ GRAPH {g} {{ ?s2 ?p2 ?o2 }} }}\n"
            f"WHERE {{\n"
            f"  {{ GRAPH {g} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH {s} {{ ?s ?p ?o }} }} }}\n"
            f"  UNION\n"
            f"  {{ GRAPH {s} {{ ?s2 ?p2 ?o2 }} FILTER NOT EXISTS {{ GRAPH {g} {{ ?s2 ?p2 ?o2 }} }} }}\n"
            f"}}")


SWAPS = ("modify", "move")

# Virtuoso's DefaultIsolation ([Parameters] of virtuoso.ini; unset = 2, READ COMMITTED), read through the SPARQL
# endpoint. At READ COMMITTED (and REPEATABLE READ) one reader query running across the instant the swap commits
# can count part of the old graph and part of the new one; at 8, SERIALIZABLE, no reader saw a mix (measured:
# BENCHMARKS.md, "Virtuoso: is the swap of `isgraph push` atomic for readers?").
VIRTUOSO_ISOLATION = ("SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'Parameters', 'DefaultIsolation') "
                      "AS ?isolation) WHERE {}")
ISOLATION_NAMES = {1: "READ UNCOMMITTED", 2: "READ COMMITTED", 4: "REPEATABLE READ", 8: "SERIALIZABLE"}


def virtuoso_isolation(client: Client, endpoint: str) -> int | None:
    """The server's DefaultIsolation (2 when unset), or None when it cannot be read."""
    try:
        value = client.select_value(endpoint, VIRTUOSO_ISOLATION)
    except PushError:
        return None
    value = (value or "").strip()
    if not value:
        return 2
    return int(value) if value.isdigit() else None


def reader_atomicity(client: Client, endpoint: str, swap: str) -> tuple[bool | None, str | None]:
    """(atomic for concurrent readers?, a warning to show) for the server that answered the last request."""
    server = client.server.lower()
    if "oxigraph" in server:
        return True, None
    if "virtuoso" not in server:
        return None, None
    if swap == "move":
        return False, ("warning: Virtuoso commits MOVE piecewise: readers can see a half-replaced graph during the "
                       "swap (use --swap modify with DefaultIsolation = 8)")
    level = virtuoso_isolation(client, endpoint)
    if level == 8:
        return True, None
    name = f"DefaultIsolation = {level} ({ISOLATION_NAMES.get(level, 'unknown')})" if level else \
        "an isolation level that could not be read"
    return False, (f"warning: this Virtuoso runs at {name}: a query running at the instant of the swap can see part "
                   f"of the old graph and part of the new one; set DefaultIsolation = 8 (SERIALIZABLE) in the "
                   f"[Parameters] of virtuoso.ini for a swap that is atomic for readers")


def push(graph_path: Path, endpoint: str, graph: str = DEFAULT_GRAPH, *, user: str | None = None,
         password: str | None = None, update_endpoint: str | None = None, store_endpoint: str | None = None,
         timeout: float = 120.0, swap: str = "modify", chunk_lines: int = CHUNK_LINES,
         log=lambda msg: None) -> PushResult:
    _check_iri(graph, "graph")
    if swap not in SWAPS:
        raise PushError(f"unknown swap {swap!r} (one of {', '.join(SWAPS)})")
    eps = Endpoints.derive(endpoint, update_endpoint, store_endpoint, authenticated=bool(user))
    source = ntriples_source(graph_path)
    client = Client(user, password, timeout, urls=(eps.query, eps.update, eps.store))
    staging = f"urn:isgraph:staging:{uuid.uuid4().hex}"
    s, g = URIRef(staging).n3(), URIRef(graph).n3()

    log(f"upload into staging graph {staging} ({_safe(eps.store)}), {chunk_lines} triples a request")
    expected = 0
    try:
        for data, n in ntriples_chunks(source.path, chunk_lines):
            client.put_graph(eps.store, staging, data, append=expected > 0)
            expected += n
        if expected == 0:
            client.put_graph(eps.store, staging, b"")
        log(f"uploaded {expected} triples")
        got = client.select_count(eps.query, staging)
        if got != expected:
            raise PushError(f"staging graph holds {got} triples, expected {expected}; target graph left untouched")
    except (PushError, UnicodeDecodeError) as exc:
        try:
            client.update(eps.update, f"DROP SILENT GRAPH {s}")
        except PushError:
            pass
        if isinstance(exc, UnicodeDecodeError):
            raise PushError(f"{graph_path}: not UTF-8 N-Triples ({exc.reason}); target graph left untouched") from None
        raise
    finally:
        source.close()
    atomic, warning = reader_atomicity(client, eps.query, swap)
    if warning:
        log(warning)
    try:
        if swap == "move":
            log(f"swap: MOVE GRAPH {s} TO GRAPH {g} ({_safe(eps.update)})")
            client.update(eps.update, f"MOVE GRAPH {s} TO GRAPH {g}")
        else:
            log(f"swap: one DELETE/INSERT operation from {s} into {g} ({_safe(eps.update)})")
            client.update(eps.update, swap_update(staging, graph))
    finally:
        try:
            client.update(eps.update, f"DROP SILENT GRAPH {s}")
        except PushError:
            pass
    got = client.select_count(eps.query, graph)
    left = client.select_count(eps.query, staging)
    if got != expected or left:
        raise PushError(f"after the swap the graph {graph} holds {got} triples (expected {expected})"
                        + (f" and the staging graph still holds {left}" if left else ""))
    log(f"verified: {graph} holds {got} triples")
    return PushResult(graph, got, staging, eps, atomic)
