"""`isgraph serve`: a read-only SPARQL 1.1 Protocol endpoint over the embedded Oxigraph store, with a web editor.

Why not `oxigraph serve-read-only` alone: its `--timeout-s` does not stop a running query (a 5-way cross join kept
a core busy long after the client had given up), it has no result-size cap, and it follows `SERVICE` to any host.
So the endpoint is a small Starlette application (served by uvicorn) that

* runs every query in a worker *process* holding a read-only handle on the store; a query that passes its
  deadline gets its worker killed (and replaced), the client gets a clean 503 error — nothing keeps running;
* caps the serialised result (bytes) and the query length;
* accepts only queries: `update=` requests, `application/sparql-update` bodies and `/update` get 403 (the store
  is opened read-only anyway, and the query parser rejects INSERT / DELETE / LOAD / CLEAR);
* refuses `SERVICE` (federated queries would let anyone make the server call arbitrary hosts), decided on the
  query as parsed by a SPARQL 1.1 parser (rdflib's), not on its text; a query that parser cannot read is refused
  (400), and so is one nested deeper than `Limits.max_nesting`. The worker processes also run in a network
  namespace of their own where that is allowed (Linux, root or user namespaces): no socket they open reaches any
  host, so even a SERVICE clause no check saw cannot leave the machine;
* lets one client (IP address) run at most `max_per_client` queries at a time (fewer than the workers: one
  client cannot occupy them all), queues `client_queue` more, and answers 429 beyond;
* answers only requests whose `Host` header names an allowed host (localhost names by default, `--allow-host` to
  add), 421 otherwise: a web page whose own DNS name is rebound to 127.0.0.1 cannot read the endpoint;
* binds 127.0.0.1 unless told otherwise.

The query checks, the Host allow-list and the network isolation of the workers are in `isgraph.serve.guard`.

Routes: `/` the explorer site (site/serve.py: pages with content negotiation on node paths), `/sparql` the query
editor for browsers (self-contained page, no external resources), `/query` (and `/sparql` for SPARQL clients: GET,
POST form or POST `application/sparql-query`), `/queries.json` (the stored queries), `/queries/NAME?param=value` (a
stored query's answer: precomputed by the build for its wide calls, isgraph.query.answers), `/status` (workers, limits).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from isgraph.errors import InputError, IsgraphError
from isgraph.serve.guard import (  # noqa: F401  (what the endpoint refuses; re-exported for callers of isgraph.serve.server)
    LOCAL_HOSTS, HostGuard, Refused, _parsed_has_service, allowed_hosts, check_query, host_name, isolate_network,
    nesting_depth, strip_literals, uses_service, uses_service_text)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass
class Limits:
    timeout: float = 10.0  # seconds per query (execution + serialisation)
    max_result_bytes: int = 16 * 1024 * 1024
    max_query_chars: int = 64 * 1024
    workers: int = 4
    max_memory_mb: int = 4096  # address-space limit of each worker process (0: none)
    cors: bool = False  # Access-Control-Allow-Origin: * on query results (off: other sites' pages cannot read them)
    max_per_client: int = 0  # queries one client (IP address) may run at once (0: workers - 1, at least 1)
    client_queue: int = 16  # more queries of that client wait (16 threads of one address pass); beyond, 429
    max_nesting: int = 64  # brackets / braces / parentheses, deeper: 400
    allowed_hosts: tuple[str, ...] = ()  # Host header names accepted besides the localhost names

    def per_client(self) -> int:
        return self.max_per_client or max(1, self.workers - 1)


RESULT_FORMATS = {  # SELECT / ASK
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_FORMATS = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES", "application/rdf+xml": "RDF_XML", "application/xml": "RDF_XML",
    "application/ld+json": "JSON_LD", "application/json": "JSON_LD", "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}
FORMAT_PARAMS = {  # ?format= / ?output= short names (SPARQLWrapper sends them): (results, graph) media types
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "text/turtle"), "tsv": ("text/tab-separated-values", "text/turtle"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "n3": ("application/sparql-results+json", "text/turtle"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
    "rdf+xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "json-ld": ("application/sparql-results+json", "application/ld+json"),
}
CONTENT_TYPES = {
    "JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8", "TSV": "text/tab-separated-values; charset=utf-8",
    "TURTLE": "text/turtle; charset=utf-8", "N_TRIPLES": "application/n-triples", "RDF_XML": "application/rdf+xml",
    "JSON_LD": "application/ld+json", "N_QUADS": "application/n-quads", "TRIG": "application/trig",
}


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept among equals)."""
    items = []
    for n, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, n, media))
    return [m for _, _, m in sorted(items)]


def format_override(params: dict[str, list[str]]) -> list[str]:
    """Media types asked for with ?format= / ?output= / ?results= (they win over the Accept header)."""
    for key in ("format", "output", "results"):
        for value in params.get(key, []):
            value = value.strip().lower()
            if value in FORMAT_PARAMS:
                return list(FORMAT_PARAMS[value])
            if "/" in value:
                return [value]
    return []


def choose(accept: list[str], table: dict[str, str], default: str) -> str:
    for media in accept:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


# ---- worker processes ---------------------------------------------------------------------------------------

class _Capped:
    """A write-only binary sink that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int):
        self.buf = bytearray()
        self.limit = limit

    def write(self, data) -> int:
        if len(self.buf) + len(data) > self.limit:
            raise OverflowError(f"result larger than the cap of {self.limit} bytes")
        self.buf += data
        return len(data)

    def flush(self) -> None:
        pass


def _limit_self(max_memory_mb: int) -> None:
    try:  # die with the parent (Linux), so a runaway query never outlives the server
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if max_memory_mb:
        try:
            import resource

            limit = max_memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except Exception:
            pass


def execute(store, job: dict, max_bytes: int) -> tuple[int, str, bytes]:
    """Run one query on a pyoxigraph store: (HTTP status, content type, body)."""
    import pyoxigraph as ox

    try:
        _checked(job["query"], job.get("max_nesting", 64))
    except Refused as exc:
        return exc.status, "text/plain; charset=utf-8", f"{exc.message}\n".encode()
    kwargs = {}
    try:
        if job.get("default_graphs"):
            kwargs["default_graph"] = [_graph_name(ox, g, "default-graph-uri") for g in job["default_graphs"]]
        if job.get("named_graphs"):
            kwargs["named_graphs"] = [_graph_name(ox, g, "named-graph-uri") for g in job["named_graphs"]]
    except ValueError as exc:
        return 400, "text/plain; charset=utf-8", f"bad request: {exc}\n".encode()
    try:
        result = store.query(job["query"], **kwargs)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}\n".encode()
    except ValueError as exc:
        return 400, "text/plain; charset=utf-8", f"bad request: {exc}\n".encode()
    accept = job.get("accept") or []
    sink = _Capped(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            fmt = choose(accept, GRAPH_FORMATS, "TURTLE")
            result.serialize(sink, format=getattr(ox.RdfFormat, fmt))
        else:
            fmt = choose(accept, RESULT_FORMATS, "JSON")
            result.serialize(sink, format=getattr(ox.QueryResultsFormat, fmt))
    except OverflowError as exc:
        return 500, "text/plain; charset=utf-8", (f"result too large: {exc}; add a LIMIT or narrow the query\n").encode()
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain; charset=utf-8", f"query evaluation failed: {exc}\n".encode()
    return 200, CONTENT_TYPES[fmt], bytes(sink.buf)


_VERDICTS: dict[tuple[str, int], Refused | None] = {}  # check_query's answers in this worker (same query: same answer)


def _checked(query: str, max_nesting: int) -> None:
    key = (query, max_nesting)
    if key not in _VERDICTS:
        if len(_VERDICTS) >= 512:
            _VERDICTS.clear()
        try:
            check_query(query, max_nesting)
            _VERDICTS[key] = None
        except Refused as exc:
            _VERDICTS[key] = exc
    if _VERDICTS[key] is not None:
        raise _VERDICTS[key]


def _graph_name(ox, iri: str, param: str):
    """The NamedNode of a default-graph-uri / named-graph-uri value (absolute IRI), ValueError naming it otherwise."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri or ""):
        raise ValueError(f"{param} must be an absolute IRI, not {iri!r}")
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{param} is not a valid IRI: {iri!r} ({exc})") from None


def _worker_main(conn, location: str, max_bytes: int, max_memory_mb: int) -> None:
    import sys

    isolated = isolate_network()  # before anything could start a thread (user namespaces need one thread)
    _limit_self(max_memory_mb)
    sys.setrecursionlimit(20000)  # the SPARQL parser recurses on nesting (capped by Limits.max_nesting)
    import pyoxigraph as ox
    from rdflib.plugins.sparql.parser import parseQuery  # noqa: F401  (loaded now, not within a query's deadline)

    try:
        store = ox.Store.read_only(location)
    except Exception as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", os.getpid(), isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job, max_bytes)
        except Exception as exc:  # never let one query take the worker down silently
            answer = (500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}\n".encode())
        conn.send(answer)


class _Worker:
    def __init__(self, ctx, location: str, limits: Limits):
        self.location = location
        self.isolated = False
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, name="isgraph-sparql-worker",
                                args=(child, location, limits.max_result_bytes, limits.max_memory_mb), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self) -> None:
        if not self.conn.poll(60):
            self.kill()
            raise IsgraphError("SPARQL worker did not start within 60 s")
        try:
            msg = self.conn.recv()
        except EOFError:
            msg = ("error", "the worker exited")
        if msg[0] != "ready":
            self.kill()
            raise IsgraphError(f"SPARQL worker cannot open the store {self.location}: {msg[1]}")
        self.isolated = bool(msg[2]) if len(msg) > 2 else False

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


class WorkerPool:
    """A fixed number of query worker processes; a query past its deadline costs its worker (replaced).

    Workers are started by one long-lived thread: they are bound to it with PR_SET_PDEATHSIG (Linux), so if the
    server dies, a worker busy with a runaway query is killed too.
    """

    def __init__(self, location: str, limits: Limits):
        self.location = location
        self.limits = limits
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.stats = {"queries": 0, "timeouts": 0, "restarts": 0, "errors": 0, "busy": 0}
        self.closed = False
        self.network_isolated = False  # the workers run in a network namespace of their own
        self.requests: queue.Queue = queue.Queue()
        self.started = threading.Event()
        self.start_errors: list[str] = []
        self.spawner = threading.Thread(target=self._spawner, name="isgraph-worker-spawner", daemon=True)
        self.spawner.start()
        self.requests.put(max(1, limits.workers))
        self.started.wait()
        if self.start_errors:
            self.close()
            raise IsgraphError(self.start_errors[0])

    def _spawner(self) -> None:
        while True:
            n = self.requests.get()
            if n is None:
                return
            workers = []
            for _ in range(n):
                try:
                    workers.append(_Worker(self.ctx, self.location, self.limits))
                except Exception as exc:
                    self.start_errors.append(str(exc))
            for w in workers:
                try:
                    w.wait_ready()
                except Exception as exc:
                    self.start_errors.append(str(exc))
                    continue
                if self.closed:
                    w.stop()
                else:
                    self.network_isolated = w.isolated
                    self.idle.put(w)
            self.started.set()

    def _count(self, key: str) -> None:
        with self.lock:
            self.stats[key] += 1

    def run(self, job: dict) -> tuple[int, str, bytes]:
        deadline = time.monotonic() + self.limits.timeout
        try:
            worker = self.idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            self._count("busy")
            return 503, "text/plain; charset=utf-8", b"server busy: every query worker stayed occupied; retry later\n"
        self._count("queries")
        try:
            worker.conn.send(job)
            remaining = max(0.05, deadline - time.monotonic())
            if worker.conn.poll(remaining):
                answer = worker.conn.recv()
                if answer[0] >= 500:
                    self._count("errors")
                self.idle.put(worker)
                return answer
            self._count("timeouts")
            message = (f"query timed out after {self.limits.timeout:g} s and was stopped; "
                       "narrow it (LIMIT, more selective patterns)\n")
            status = 503
        except (EOFError, OSError, BrokenPipeError):
            self._count("errors")
            message, status = "query worker died (out of memory?); the query was stopped\n", 500
        worker.kill()
        self._count("restarts")
        self.requests.put(1)
        return status, "text/plain; charset=utf-8", message.encode()

    def status(self) -> dict:
        with self.lock:
            return dict(self.stats, idle=self.idle.qsize(), workers=self.limits.workers,
                        network_isolated=self.network_isolated)

    def close(self) -> None:
        self.closed = True
        self.requests.put(None)
        while True:
            try:
                w = self.idle.get_nowait()
            except queue.Empty:
                break
            w.stop()


# ---- the store the endpoint serves --------------------------------------------------------------------------

def prepare_store(graph: Path) -> tuple[str, str | None]:
    """(store directory, temporary directory to remove afterwards or None) for a published graph file.

    The store built by `isgraph build` next to the graph (OUT/store) is used when it is up to date; otherwise the
    graph is bulk-loaded into a temporary store.
    """
    import pyoxigraph as ox

    from isgraph.query.store import STORE_DIRNAME, _stamp

    graph = Path(graph)
    if graph.is_dir():
        graph = graph / "isgraph.ttl"
    if not graph.exists():
        raise InputError("no such graph file (run `isgraph build` first)", path=graph)
    directory = graph.parent / STORE_DIRNAME
    stamp = directory / "SOURCE"
    if directory.is_dir() and stamp.exists() and stamp.read_text().strip() == _stamp(graph):
        return str(directory), None
    tmp = tempfile.mkdtemp(prefix="isgraph-serve-")
    try:
        store = ox.Store(os.path.join(tmp, "store"))
        suffix = graph.suffix.lower()
        if suffix in (".ttl", ".nt", ".trig", ".nq"):
            fmt = ox.RdfFormat.from_extension(suffix.lstrip("."))
            store.bulk_load(path=str(graph), format=fmt)
        else:
            from isgraph.rdf.graphio import load_graph
            from isgraph.publication.publish import sorted_ntriples

            data = sorted_ntriples(load_graph(graph)).encode("utf-8")
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
    except (SyntaxError, ValueError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"cannot load the graph: {str(exc).splitlines()[0]}", path=graph) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return os.path.join(tmp, "store"), tmp


# ---- the web application ------------------------------------------------------------------------------------

def create_app(location: str, limits: Limits | None = None, pool: WorkerPool | None = None,
               site: Path | None = None, documents: Path | None = None, answers: Path | None = None):
    """The Starlette application. `answers`: the published graph file whose precomputed answers
    (OUT/store/answers.sqlite, isgraph.query.answers) `/queries/NAME` reads when they were computed for it."""
    from contextlib import asynccontextmanager
    from urllib.parse import parse_qs

    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    state: dict = {"pool": pool}
    clients: dict[str, dict] = {}  # client address -> queries running or waiting, and its semaphore

    @asynccontextmanager
    async def lifespan(app):
        if state["pool"] is None:
            state["pool"] = await run_in_threadpool(WorkerPool, location, limits)
        try:
            yield
        finally:
            await run_in_threadpool(state["pool"].close)

    security_headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }

    def text(status: int, message: str, headers: dict | None = None) -> Response:
        return PlainTextResponse(message if message.endswith("\n") else message + "\n", status_code=status,
                                 headers={**security_headers, **(headers or {})})

    async def read_body(request: Request) -> bytes | None:
        cap = limits.max_query_chars * 4 + 4096
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > cap:
            return None
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                return None
        return bytes(body)

    async def sparql(request: Request) -> Response:
        params = {k: v for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
        query = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await read_body(request)
            if body is None:
                return text(413, f"request too large (the query cap is {limits.max_query_chars} characters)")
            if ctype == "application/sparql-update":
                return text(403, "read-only endpoint: SPARQL UPDATE is refused")
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                return text(415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
        if "update" in params:
            return text(403, "read-only endpoint: SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR, ...) is refused")
        if query is None:
            queries = params.get("query", [])
            if len(queries) > 1:
                return text(400, "exactly one query parameter expected")
            query = queries[0] if queries else None
        if request.method == "GET" and request.url.path == "/sparql" and not format_override(params) \
                and parse_accept(request.headers.get("accept"))[:1] == ["text/html"]:
            return await editor(request)  # a browser on /sparql (optionally ?query=…&run): the editor page
        if query is None:
            accept = request.headers.get("accept", "")
            if "text/html" in accept:
                return RedirectResponse("/sparql", status_code=303)
            return Response(service_description(str(request.url.replace(query="", fragment=""))),
                            media_type="text/turtle", headers=security_headers)
        if len(query) > limits.max_query_chars:
            return text(413, f"query too long ({len(query)} characters; the cap is {limits.max_query_chars})")
        depth = nesting_depth(query)  # cheap refusals here; the worker parses the query (check_query) before running it
        if depth > limits.max_nesting:
            return text(400, f"query nested too deeply ({depth} levels of brackets; the cap is {limits.max_nesting})")
        if uses_service_text(query):
            return text(403, "SERVICE (federated query) is disabled on this endpoint")
        accept = format_override(params) + parse_accept(request.headers.get("accept"))
        job = {"query": query, "accept": accept, "max_nesting": limits.max_nesting,
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        return await run_job(request, job)

    async def run_job(request: Request, job: dict, extra: dict | None = None) -> Response:
        """A query job on the worker pool, at most `per_client` at once per client address."""
        client = request.client.host if request.client else "?"
        slot = clients.setdefault(client, {"queued": 0, "sem": asyncio.Semaphore(limits.per_client())})
        if slot["queued"] >= limits.per_client() + limits.client_queue:
            return text(429, f"too many queries from {client} at once (at most {limits.per_client()} running and "
                             f"{limits.client_queue} waiting); retry later", {"Retry-After": "1"})
        slot["queued"] += 1
        try:
            async with slot["sem"]:
                status, ctype, body = await run_in_threadpool(state["pool"].run, job)
        finally:
            slot["queued"] -= 1
            if not slot["queued"]:
                clients.pop(client, None)
        headers = dict(security_headers, **(extra or {}))
        if limits.cors:
            headers["Access-Control-Allow-Origin"] = "*"
        return Response(body, status_code=status, media_type=ctype.split(";")[0], headers=headers) if status == 200 \
            else text(status, body.decode("utf-8", "replace"))

    state["answers"] = None
    if answers is not None:
        from isgraph.query.answers import open_answers
        state["answers"] = open_answers(Path(answers))

    async def stored_answer(request: Request) -> Response:
        """GET /queries/NAME?param=value: a stored query's answer (SPARQL results, JSON by default; CSV with
        ?format=csv or Accept: text/csv). Values are IRIs (<…> or bare), prefixed names (ter:region-32), numbers or
        text, passed as bindings. Precomputed by the build when it holds the call (header X-Isgraph-Answer:
        precomputed), else run on the store like any query."""
        from isgraph.errors import QueryError
        from isgraph.query import answers as ans, queries as q

        name = request.path_params["name"]
        found = [sq for sq in q.stored_queries() if sq.name == name]
        if not found:
            return text(404, f"no stored query {name!r} (the list: /queries.json)")
        query = found[0]
        params = parse_qs(request.url.query, keep_blank_values=True)
        bindings = {}
        try:
            for key, values in params.items():
                if key in ("format", "output", "results"):
                    continue
                if len(values) != 1:
                    return text(400, f"parameter {key!r} given {len(values)} times")
                value = values[0].strip()
                if re.match(r"^[a-z][a-z0-9+.-]*://", value):
                    value = f"<{value}>"
                bindings[key] = q.to_term(value)
            q.check_params(query, bindings)
        except QueryError as exc:
            return text(400, exc.message)
        accept = format_override(params) + parse_accept(request.headers.get("accept"))
        fmt = choose(accept, RESULT_FORMATS, "JSON")
        doc = state["answers"].get(query, bindings) if state["answers"] is not None else None
        if doc is not None and fmt in ("JSON", "CSV"):
            if len(doc) > limits.max_result_bytes:  # the same cap as a live query's result
                return text(500, f"result too large: {len(doc)} bytes is more than the cap of "
                                 f"{limits.max_result_bytes} (isgraph serve --max-result-mb)")
            headers = dict(security_headers, **{"X-Isgraph-Answer": "precomputed"})
            if limits.cors:
                headers["Access-Control-Allow-Origin"] = "*"
            if fmt == "CSV":
                return Response(ans.json_to_csv(doc), media_type="text/csv", headers=headers)
            return Response(doc, media_type=CONTENT_TYPES["JSON"], headers=headers)
        job = {"query": q.with_values(query.text, bindings), "accept": accept, "max_nesting": limits.max_nesting}
        return await run_job(request, job, {"X-Isgraph-Answer": "live"})

    async def update(request: Request) -> Response:
        return text(403, "read-only endpoint: SPARQL UPDATE is refused")

    async def editor(request: Request) -> Response:
        return Response(EDITOR_HTML, media_type="text/html; charset=utf-8",
                        headers={**security_headers, "Content-Security-Policy": CSP})

    async def editor_js(request: Request) -> Response:
        return Response(EDITOR_JS, media_type="text/javascript; charset=utf-8", headers=security_headers)

    async def stored(request: Request) -> Response:
        from isgraph.query.queries import stored_queries

        items = [{"name": q.name, "question": q.question_fr or q.question_en, "question_en": q.question_en,
                  "params": q.params, "text": q.text} for q in stored_queries()]
        return JSONResponse(items, headers=security_headers)

    async def status(request: Request) -> Response:
        return JSONResponse({"pool": state["pool"].status(), "limits": asdict(limits)}, headers=security_headers)

    routes = [
        Route("/editor.js", editor_js, methods=["GET"]),
        Route("/queries.json", stored, methods=["GET"]),
        Route("/queries/{name}", stored_answer, methods=["GET"]),
        Route("/status", status, methods=["GET"]),
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/update", update, methods=["GET", "POST"]),
    ]
    if site is not None:  # the explorer site at / with content negotiation on node paths (site/serve.py)
        from starlette.routing import Mount

        from isgraph.site.serve import site_app
        routes.append(Mount("/", app=site_app(site, documents, security_headers)))
    else:
        routes.insert(0, Route("/", editor, methods=["GET"]))
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(HostGuard, allowed=allowed_hosts(limits.allowed_hosts))])


def service_description(endpoint: str) -> str:
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:RDF_XML, fmt:JSON-LD ;
    sd:feature sd:EmptyGraphs .
"""


def serve(graph: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, limits: Limits | None = None,
          log=print, site_mode: str = "auto") -> None:
    """Run the endpoint until interrupted (blocking); `site_mode`: see site.serve.site_for_serving."""
    import uvicorn

    import dataclasses
    import socket
    from isgraph.site.serve import site_for_serving

    limits = limits or Limits()
    if not 0 < port < 65536:
        raise InputError(f"invalid port {port}: expected 1-65535")
    if host not in ("0.0.0.0", "::", ""):  # the name it is bound to is one it answers for
        limits = dataclasses.replace(limits, allowed_hosts=(*limits.allowed_hosts, host))
    try:  # fail with one line before loading anything when the address is taken or not ours
        for family, _, _, _, addr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[:1]:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(addr)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    location, tmp = prepare_store(graph)
    site_tmp = None
    try:
        site, documents, site_tmp = site_for_serving(graph, log=log, mode=site_mode)
        graph_path = Path(graph) / "isgraph.ttl" if Path(graph).is_dir() else Path(graph)
        app = create_app(location, limits, site=site, documents=documents, answers=graph_path)
        log(f"isgraph: site http://{host}:{port}/, SPARQL endpoint http://{host}:{port}/query, "
            f"editor http://{host}:{port}/sparql "
            f"[read-only; timeout {limits.timeout:g} s; result cap {limits.max_result_bytes} bytes; "
            f"{limits.workers} workers, {limits.per_client()} at once per client]")
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                timeout_keep_alive=5, timeout_graceful_shutdown=5, server_header=False)
        uvicorn.Server(config).run()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        if site_tmp:
            shutil.rmtree(site_tmp, ignore_errors=True)


# ---- the editor page ----------------------------------------------------------------------------------------

CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
       "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

EDITOR_HTML = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>isgraph — éditeur SPARQL</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330}
header{background:#123c69;color:#fff;padding:.8rem 1.5rem}header h1{margin:0;font-size:1.3rem}
header p{margin:.2rem 0 0;font-size:.9rem;color:#cfe3ff}main{padding:1rem 1.5rem}
#stored{max-width:100%;margin-bottom:.5rem}#question{color:#50607a;margin:.3rem 0}
textarea{width:100%;min-height:16rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem;
border:1px solid #b8c2d3;border-radius:4px;padding:.5rem;box-sizing:border-box;tab-size:2}
.bar{display:flex;gap:.6rem;align-items:center;margin:.5rem 0;flex-wrap:wrap}
button{background:#123c69;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;font-size:.95rem;cursor:pointer}
button.secondary{background:#e7eef8;color:#123c69}#status{color:#50607a}#status.error{color:#b00020;white-space:pre-wrap}
table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}th,td{border:1px solid #d5dbe5;padding:.2rem .5rem;
text-align:left;vertical-align:top}th{background:#f1f4f9}td a{color:#0b5cad;word-break:break-all}
</style>
</head>
<body>
<header><h1>isgraph — éditeur SPARQL</h1>
<p>Point d'accès en lecture seule : <code id="endpoint">/query</code> (SPARQL 1.1 Protocol). Ctrl+Entrée exécute la requête.</p></header>
<main>
<label for="stored">Requêtes enregistrées :</label>
<select id="stored"><option value="">— choisir une question —</option></select>
<p id="question"></p>
<textarea id="query" spellcheck="false" aria-label="Requête SPARQL">PREFIX isg: <https://w3id.org/isgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?classe (COUNT(?s) AS ?nombre)
WHERE { ?s a ?classe . FILTER(STRSTARTS(STR(?classe), STR(isg:))) }
GROUP BY ?classe
ORDER BY DESC(?nombre)</textarea>
<div class="bar">
<button id="run" type="button">Exécuter</button>
<button id="csv" type="button" class="secondary">Télécharger CSV</button>
<button id="json" type="button" class="secondary">Télécharger JSON</button>
<span id="status" role="status"></span>
</div>
<div id="results"></div>
</main>
<script src="/editor.js"></script>
</body>
</html>
"""

EDITOR_JS = r"""'use strict';
(function () {
  var endpoint = '/query';
  var $ = function (id) { return document.getElementById(id); };
  var stored = [];

  function setStatus(text, isError) {
    var s = $('status'); s.textContent = text; s.className = isError ? 'error' : '';
  }

  function cell(term) {
    var td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      var a = document.createElement('a'); a.href = term.value; a.textContent = term.value;
      a.rel = 'noopener noreferrer'; td.appendChild(a);
    } else {
      td.textContent = term.value + (term['xml:lang'] ? ' @' + term['xml:lang'] : '');
    }
    return td;
  }

  function render(data) {
    var out = $('results'); out.textContent = '';
    if (typeof data.boolean === 'boolean') { out.textContent = data.boolean ? 'vrai (true)' : 'faux (false)'; return 1; }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = document.createElement('table'), head = document.createElement('tr');
    vars.forEach(function (v) { var th = document.createElement('th'); th.textContent = '?' + v; head.appendChild(th); });
    table.appendChild(head);
    rows.forEach(function (b) {
      var tr = document.createElement('tr');
      vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      table.appendChild(tr);
    });
    out.appendChild(table);
    return rows.length;
  }

  function run() {
    var q = $('query').value, t0 = performance.now();
    setStatus('exécution…', false);
    fetch(endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded',
                'Accept': 'application/sparql-results+json, text/turtle;q=0.5'},
      body: 'query=' + encodeURIComponent(q)
    }).then(function (resp) {
      var ct = resp.headers.get('Content-Type') || '';
      return resp.text().then(function (body) {
        var ms = Math.round(performance.now() - t0);
        if (!resp.ok) {
          $('results').textContent = ''; setStatus('Erreur ' + resp.status + ' : ' + body, true);
          document.body.setAttribute('data-error', String(resp.status)); return;
        }
        if (ct.indexOf('json') >= 0) {
          var n = render(JSON.parse(body));
          setStatus(n + ' résultat(s) en ' + ms + ' ms', false);
          document.body.setAttribute('data-rows', String(n));
        } else {
          var pre = document.createElement('pre'); pre.textContent = body;
          $('results').textContent = ''; $('results').appendChild(pre);
          setStatus('graphe reçu en ' + ms + ' ms', false);
        }
      });
    }).catch(function (err) { setStatus('Erreur réseau : ' + err, true); });
  }

  function download(format) {
    window.location.href = endpoint + '?format=' + format + '&query=' + encodeURIComponent($('query').value);
  }

  $('run').addEventListener('click', run);
  $('csv').addEventListener('click', function () { download('csv'); });
  $('json').addEventListener('click', function () { download('json'); });
  $('query').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  $('stored').addEventListener('change', function () {
    var q = stored[this.value];
    if (!q) return;
    $('query').value = q.text; $('question').textContent = q.question;
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get('query')) { $('query').value = params.get('query'); }
  if (params.has('run')) { run(); }
  fetch('/queries.json').then(function (r) { return r.json(); }).then(function (items) {
    stored = items;
    items.forEach(function (q, i) {
      var o = document.createElement('option'); o.value = i; o.textContent = q.name + ' — ' + q.question;
      $('stored').appendChild(o);
    });
    document.body.setAttribute('data-ready', 'true');
  }).catch(function () { document.body.setAttribute('data-ready', 'true'); });
})();
"""
