"""`isgraph push`: replace one named graph on a SPARQL 1.1 Graph Store Protocol server, atomically for readers.

1. upload the graph into a fresh staging graph (`PUT store?graph=<staging>`, N-Triples sent as `text/turtle`,
   which every GSP server accepts);
2. check the staging graph holds exactly the expected number of triples (else drop it: the target is untouched);
3. swap with ONE SPARQL update *operation*: `DELETE { target-only triples } INSERT { staging-only triples }`
   (a single DELETE/INSERT … WHERE with a UNION), then drop the staging graph. Readers see either the old graph or
   the new one, never a half-replaced graph. `MOVE GRAPH <staging> TO <target>` is the alternative (`swap="move"`),
   atomic on Oxigraph but NOT on Virtuoso 7.2, which commits MOVE / CLEAR / DROP piecewise (the integration test
   saw readers count intermediate states), whereas it runs one DELETE/INSERT operation as one transaction;
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
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib import error, parse, request

from rdflib import URIRef

from isgraph.errors import IsgraphError

DEFAULT_GRAPH = "https://w3id.org/isgraph/graph"


class PushError(IsgraphError):
    """The remote server refused or failed a step of the push."""


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
        req = request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.read()
        except error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {body[0][:300]}" if body else ""
            raise PushError(f"{method} {_safe(url)} failed with HTTP {exc.code}{detail}") from None
        except (error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"{method} {_safe(url)} failed: {reason}") from None
        except ValueError as exc:  # e.g. an authentication scheme urllib does not speak
            raise PushError(f"{method} {_safe(url)} failed: {exc}") from None

    def select_count(self, endpoint: str, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {URIRef(graph).n3()} {{ ?s ?p ?o }} }}"
        body = parse.urlencode({"query": query}).encode()
        data = self.call("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/sparql-results+json"})
        try:
            bindings = json.loads(data)["results"]["bindings"]
            return int(bindings[0]["n"]["value"]) if bindings else 0
        except (ValueError, KeyError, IndexError) as exc:
            raise PushError(f"unexpected answer to a COUNT query from {_safe(endpoint)}: {exc}") from None

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
    return PushResult(graph, got, staging, eps)
