"""Precomputed answers of the stored queries' wide bindings: OUT/store/answers.sqlite, written by `isgraph build`
(graphs up to ANSWERS_AUTO_MAX_TRIPLES with --answers auto) or `isgraph answers OUT`.

A stored query bound to a région, a theme or a fonction returns thousands of rows on a national graph (1000x the
seeds: 7,000-26,000), and the embedded store spends 100-250 µs a row on them (RocksDB seeks): seconds a call, where
a commune or an initiative takes a few milliseconds. So the build answers those calls once, after publication, and
keeps each answer as the SPARQL 1.1 Results JSON document a live call returns (zlib-compressed); `isgraph query`
and `isgraph serve` (`/queries/NAME?param=value`) read an answer from there when the file is stamped for the graph
being queried and the query's text is the one the answer was computed with, and run the query live otherwise.

Which calls are precomputed is said by the query itself, on a header line (tests/test_answers.py checks every claim
against the live query bound to every value, on the seeds' build):

    # precompute: split territoire
        the query run once unbound, its rows split on the value of ?territoire: each part is the answer bound to
        that value. True when the parameter is projected and no aggregate of the query spans several of its values
        (a DISTINCT or a GROUP BY that keeps the parameter); every value the graph answers for is stored.
    # precompute: each territoire=Region,Departement,ParcNaturelRegional theme
        the query run bound to each value of these kinds (territories of these classes, every theme concept) that
        some initiative reaches, one parameter at a time, the others unbound.
    # precompute: threshold min=initiatives
        the query run once bound to 1, for a parameter that keeps the rows whose ?initiatives is at least its
        value: the answer bound to k is those rows, in their order (k = 1 up to the largest value + 1).

What is not precomputed (a financeurs-par-theme-et-territoire bound to a commune, an EPCI or to two values at once;
a threshold above the largest value + 1 or not an integer) runs live: those calls are narrow.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ANSWERS_FILE = "answers.sqlite"  # in the embedded store's directory (OUT/store/): derived from it, stamped like it
FORMAT_VERSION = "1"
ISG = "https://w3id.org/isgraph/ontology#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SCHEMES = {"theme": "https://w3id.org/isgraph/theme/", "fonction": "https://w3id.org/isgraph/fonction/"}
# the parameters a `precompute: each` line may name, and how their values are listed (those some initiative reaches)
_VALUES = {
    "territoire": "SELECT DISTINCT ?v WHERE {{ ?v a <" + ISG + "{cls}> . ?i <" + ISG + "territoire>/<" + ISG
                  + "inclusDans>? ?v }}",
    "theme": "SELECT DISTINCT ?v WHERE { ?i <" + ISG + "theme> ?v }",
    "fonction": "SELECT DISTINCT ?v WHERE { ?i <" + ISG + "fonction> ?v }",
}


@dataclass(frozen=True)
class Plan:
    """What one `# precompute:` line asks: `split` on one parameter, or `each` value of some parameters."""
    mode: str  # "split" | "each"
    params: tuple[tuple[str, tuple[str, ...]], ...]  # (parameter, classes of its values: territoire only)


def plan_of(query) -> Plan | None:
    """The precomputation a stored query's header asks for (None: none); ValueError for a malformed line."""
    for line in query.text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if not body.lower().startswith("precompute:"):
            continue
        words = body.split(":", 1)[1].split()
        if not words or words[0] not in ("split", "each", "threshold"):
            raise ValueError(f"{query.name}: `# precompute:` takes `split PARAM`, `each PARAM[=Class,...] ...` or "
                             f"`threshold PARAM=COLUMN`")
        params = []
        for word in words[1:]:
            name, _, classes = word.partition("=")
            if name not in query.params:
                raise ValueError(f"{query.name}: `# precompute:` names {name!r}, not a parameter of the query")
            if words[0] == "each" and name not in _VALUES:
                raise ValueError(f"{query.name}: `# precompute: each` lists values of {', '.join(_VALUES)} only")
            if name == "territoire" and words[0] == "each" and not classes:
                raise ValueError(f"{query.name}: `each territoire` needs its classes (territoire=Region,...)")
            params.append((name, tuple(c for c in classes.split(",") if c)))
        if not params or (words[0] == "split" and len(params) != 1):
            raise ValueError(f"{query.name}: `# precompute: split` takes exactly one parameter")
        if words[0] == "threshold" and (len(params) != 1 or len(params[0][1]) != 1):
            raise ValueError(f"{query.name}: `# precompute: threshold` takes one PARAM=COLUMN")
        return Plan(words[0], tuple(params))
    return None


def binding_key(bindings: dict[str, str]) -> str:
    """The stored key of a call: 'name=<iri>' pairs (N-Triples terms) sorted by name, joined by '&'."""
    return "&".join(f"{k}={bindings[k]}" for k in sorted(bindings))


def text_hash(query) -> str:
    return hashlib.sha256(query.text.encode("utf-8")).hexdigest()[:16]


def stamp_of(graph_path: Path) -> str:
    from isgraph.query.store import _stamp

    return _stamp(Path(graph_path))


# ---- SPARQL 1.1 Results JSON from pyoxigraph terms ------------------------------------------------------------

def _cell(term) -> dict | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        cell["datatype"] = term.datatype.value
    return cell


def _row_json(solution, variables: list) -> str:
    cells = {}
    for v in variables:
        c = _cell(solution[v])
        if c is not None:
            cells[v.value] = c
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def document(variables: list[str], rows: list[str]) -> bytes:
    """A SPARQL 1.1 Results JSON document from its variables and its rows already as JSON objects."""
    head = json.dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":"))
    return ('{"head":' + head + ',"results":{"bindings":[' + ",".join(rows) + "]}}").encode("utf-8")


# ---- computing --------------------------------------------------------------------------------------------------

def _solutions(store, query, bindings: dict[str, str] | None):
    """queries.oxigraph_solutions for bindings given as IRIs in N-Triples form ('<…>')."""
    from rdflib import URIRef

    from isgraph.query.queries import oxigraph_solutions

    return oxigraph_solutions(store, query, {k: URIRef(v[1:-1]) for k, v in (bindings or {}).items()})


def _values(store, param: str, classes: tuple[str, ...]) -> list[str]:
    if param == "territoire":
        found: set[str] = set()
        for cls in classes:
            found |= {str(row[0]) for row in store.query(_VALUES[param].format(cls=cls))}
        return sorted(found)
    return sorted(str(row[0]) for row in store.query(_VALUES[param]))


def _split_task(store, query, param: str) -> list[tuple[str, str, int, bytes]]:
    solutions = _solutions(store, query, None)
    variables = list(solutions.variables)
    names = [v.value for v in variables]
    if param not in names:
        raise ValueError(f"{query.name}: `precompute: split {param}` but ?{param} is not projected")
    parts: dict[str, list[str]] = {}
    for sol in solutions:
        value = sol[param]
        if value is not None:
            parts.setdefault(str(value), []).append(_row_json(sol, variables))
    return [(query.name, binding_key({param: value}), len(rows), zlib.compress(document(names, rows), 6))
            for value, rows in parts.items()]


def _each_task(store, query, param: str, value: str) -> list[tuple[str, str, int, bytes]]:
    solutions = _solutions(store, query, {param: value})
    variables = list(solutions.variables)
    rows = [_row_json(sol, variables) for sol in solutions]
    doc = document([v.value for v in variables], rows)
    return [(query.name, binding_key({param: value}), len(rows), zlib.compress(doc, 6))]


def _threshold_task(store, query, param: str, column: str) -> list[tuple[str, str, int, bytes]]:
    """The query bound to 1 once; the answer bound to k is its rows whose `column` is at least k, in their order
    (k = 1 up to the largest value + 1, whose answer is empty)."""
    from rdflib import Literal

    from isgraph.query.queries import oxigraph_solutions

    solutions = oxigraph_solutions(store, query, {param: Literal(1)})
    variables = list(solutions.variables)
    names = [v.value for v in variables]
    if column not in names:
        raise ValueError(f"{query.name}: `precompute: threshold {param}={column}` but ?{column} is not projected")
    rows: list[tuple[int, str]] = []
    for sol in solutions:
        value = sol[column]
        rows.append((int(value.value) if value is not None else 0, _row_json(sol, variables)))
    top = max((n for n, _ in rows), default=0)
    out = []
    for k in range(1, top + 2):
        kept = [row for n, row in rows if n >= k]
        key = binding_key({param: f'"{k}"^^<{_XSD_INTEGER}>'})
        out.append((query.name, key, len(kept), zlib.compress(document(names, kept), 6)))
    return out


def compute(store, queries, emit: Callable[[str, str, int, bytes], None], echo=None, threads: int = 1) -> int:
    """Answer every precomputed call of `queries` on `store`; emit(query name, binding key, rows, JSON document
    compressed with zlib) in a fixed order (query name, then binding key). Returns the number of answers.

    `threads`: calls run at once (pyoxigraph evaluates a query without holding Python's lock: two threads on
    two cores answered the 1000x graph's two slowest queries in 68 s instead of 120)."""
    from concurrent.futures import ThreadPoolExecutor

    tasks = []
    for query in sorted(queries, key=lambda q: q.name):
        plan = plan_of(query)
        if plan is None or query.federated:
            continue
        if plan.mode == "split":
            (param, _classes), = plan.params
            tasks.append((_split_task, query, param))
        elif plan.mode == "threshold":
            (param, (column,)), = plan.params
            tasks.append((_threshold_task, query, param, column))
        else:
            for param, classes in plan.params:
                tasks += [(_each_task, query, param, value) for value in _values(store, param, classes)]
    found: list[tuple[str, str, int, bytes]] = []
    if threads > 1 and len(tasks) > 1:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="isgraph-answers") as pool:
            for part in pool.map(lambda t: t[0](store, *t[1:]), tasks):
                found += part
    else:
        for task in tasks:
            found += task[0](store, *task[1:])
    found.sort(key=lambda a: (a[0], a[1]))
    counts: dict[str, int] = {}
    for name, key, rows, blob in found:
        emit(name, key, rows, blob)
        counts[name] = counts.get(name, 0) + 1
    if echo:
        for name in sorted(counts):
            echo(f"{name}: {counts[name]} answers")
    return len(found)


def write(store, queries, path: Path, graph_path: Path, echo=None, threads: int = 1) -> int:
    """Write the answers file `path` (replaced atomically), stamped for `graph_path`. Returns the answers' count."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE queries (name TEXT PRIMARY KEY, text_sha256 TEXT NOT NULL)")
        db.execute("CREATE TABLE answers (query TEXT NOT NULL, binding TEXT NOT NULL, rows INTEGER NOT NULL, "
                   "json BLOB NOT NULL, PRIMARY KEY (query, binding)) WITHOUT ROWID")
        kept = [q for q in queries if plan_of(q) is not None and not q.federated]
        db.executemany("INSERT INTO queries VALUES (?, ?)", sorted((q.name, text_hash(q)) for q in kept))

        def emit(name: str, key: str, rows: int, blob: bytes) -> None:
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?)", (name, key, rows, blob))

        count = compute(store, kept, emit, echo=echo, threads=threads)
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("format", FORMAT_VERSION), ("source", stamp_of(graph_path))])
        db.commit()
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    tmp.replace(path)
    return count


ANSWERS_MODES = ("auto", "always", "never")
ANSWERS_AUTO_MAX_TRIPLES = 500_000  # `isgraph build --answers auto`: computed with the build up to this size


def answers_decision(mode: str, triples: int) -> str | None:
    """None when the build computes the answers for a graph of `triples` triples, else why it does not."""
    if mode not in ANSWERS_MODES:
        raise ValueError(f"answers mode {mode!r}: expected one of {', '.join(ANSWERS_MODES)}")
    if mode == "never":
        return "not precomputed (--answers never): every call runs live"
    if mode == "auto" and triples > ANSWERS_AUTO_MAX_TRIPLES:
        return (f"not precomputed: {triples:,} triples is more than the {ANSWERS_AUTO_MAX_TRIPLES:,} of --answers "
                f"auto; before serving, run `isgraph answers OUT` (minutes for a national graph) or build with "
                f"--answers always")
    return None


def _working_store(store_dir: Path, ntriples: Path, in_memory: bool):
    """The store the answers are computed on: the on-disk store read-only, or an in-memory copy loaded from the
    N-Triples file (about 11x faster on wide answers, at ~390 bytes a triple: 2.7 GB for 7.2 M triples)."""
    import pyoxigraph as ox

    if not in_memory:
        return ox.Store.read_only(str(store_dir))
    store = ox.Store()
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    return store


def write_for_build(store_dir: Path, graph_path: Path, answers_path: Path, echo=None, in_memory: bool = False,
                    threads: int | None = None) -> int:
    """The answers of a build: the stored queries on the store it has loaded (`in_memory`: on a copy in memory
    loaded from the build's isgraph.nt)."""
    from isgraph.query.queries import stored_queries

    store = _working_store(store_dir, Path(graph_path).parent / "isgraph.nt", in_memory)
    try:
        return write(store, stored_queries(), answers_path, graph_path, echo=echo,
                     threads=threads if threads is not None else (os.cpu_count() or 1))
    finally:
        del store


def precompute_output(out: Path, in_memory: bool = True, echo=None, threads: int | None = None) -> tuple[int, Path]:
    """`isgraph answers OUT`: (re)compute OUT/store/answers.sqlite for the build in OUT, whose store must be up to
    date (InputError otherwise). Returns (answers, path)."""
    from isgraph.errors import InputError
    from isgraph.query.store import STORE_DIRNAME, _stamp

    out = Path(out)
    graph = out / "isgraph.ttl"
    store_dir = out / STORE_DIRNAME
    stamp = store_dir / "SOURCE"
    if not graph.is_file():
        raise InputError("no isgraph.ttl here: give the OUT directory of `isgraph build`", path=out)
    if not (out / "isgraph.nt").is_file():
        in_memory = False
    if not stamp.is_file() or stamp.read_text().strip() != _stamp(graph):
        raise InputError("the embedded store is missing or older than isgraph.ttl: run `isgraph build` again",
                         path=store_dir)
    path = store_dir / ANSWERS_FILE
    return write_for_build(store_dir, graph, path, echo=echo, in_memory=in_memory, threads=threads), path


# ---- reading ------------------------------------------------------------------------------------------------------

class Answers:
    """The answers file of a published graph, opened read-only; `get` gives None for a call it does not hold."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._hashes = dict(self._db.execute("SELECT name, text_sha256 FROM queries"))

    def close(self) -> None:
        self._db.close()

    def holds(self, query) -> bool:
        return self._hashes.get(query.name) == text_hash(query)

    def get(self, query, bindings: dict) -> bytes | None:
        """The JSON document of `query` bound to `bindings` (name -> rdflib term or N-Triples text), or None."""
        if not bindings or not self.holds(query):
            return None
        key = binding_key({k: (v.n3() if hasattr(v, "n3") else str(v)) for k, v in bindings.items()})
        row = self._db.execute("SELECT json FROM answers WHERE query = ? AND binding = ?", (query.name, key)).fetchone()
        return zlib.decompress(row[0]) if row else None

    def result(self, query, bindings: dict):
        """`get` as a queries.Result (rdflib terms), or None."""
        doc = self.get(query, bindings)
        return None if doc is None else result_from_json(doc)


def open_answers(graph_path: Path) -> Answers | None:
    """The answers beside a published graph file when they were computed for it (stamp and format), else None."""
    from isgraph.query.store import STORE_DIRNAME

    graph_path = Path(graph_path)
    path = graph_path.parent / STORE_DIRNAME / ANSWERS_FILE
    if not path.is_file() or not graph_path.is_file():
        return None
    try:
        found = Answers(path)
        meta = dict(found._db.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        return None
    if meta.get("format") != FORMAT_VERSION or meta.get("source") != stamp_of(graph_path):
        found.close()
        return None
    return found


def result_from_json(doc: bytes):
    """An answer's JSON document as a queries.Result, its terms as queries.run_oxigraph gives them."""
    from isgraph.query.queries import result_from_json as from_json

    return from_json(json.loads(doc), typed_strings=True)



def json_to_csv(doc: bytes) -> bytes:
    """A SPARQL 1.1 Results JSON document as SPARQL 1.1 Results CSV (values only, CRLF line ends)."""
    import csv
    import io

    data = json.loads(doc)
    variables = data["head"]["vars"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    for b in data["results"]["bindings"]:
        w.writerow([b[v]["value"] if v in b else "" for v in variables])
    return buf.getvalue().encode("utf-8")
