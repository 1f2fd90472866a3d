"""Stored SPARQL queries: discovery, parameters as bindings, execution on Oxigraph, rdflib or a remote endpoint.

A stored query is a `.rq` file of `queries/` whose first comment lines say what it answers:

    # fr: Quels financeurs soutiennent des initiatives de précarité énergétique ?
    # en: Which funders back energy-poverty initiatives?
    # param theme: theme concept IRI (default theme:precarite-energetique)

Parameters reach the query only as bindings (pyoxigraph substitutions, rdflib initBindings, or a VALUES block for
remote endpoints built from escaped RDF terms), never as text pasted into the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from isgraph import paths
from isgraph.errors import QueryError
from isgraph.namespaces import PREFIXES, all_prefixes

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class StoredQuery:
    name: str
    path: Path
    text: str
    question_fr: str = ""
    question_en: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> description

    @classmethod
    def load(cls, path: Path) -> "StoredQuery":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read query: {exc.strerror}", path=path) from None
        q = cls(path.stem, path, text)
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line.lstrip("#").strip()
            low = body.lower()
            if low.startswith("fr:"):
                q.question_fr = body[3:].strip()
            elif low.startswith("en:"):
                q.question_en = body[3:].strip()
            elif low.startswith("param "):
                name, _, desc = body[6:].partition(":")
                q.params[name.strip().lstrip("?$")] = desc.strip()
        return q

    @property
    def question(self) -> str:
        return self.question_fr or self.question_en


    @property
    def federated(self) -> bool:
        """True when the query calls another endpoint (SERVICE): it needs the network and the rdflib engine."""
        return re.search(r"^\s*SERVICE\b", self.text, re.IGNORECASE | re.MULTILINE) is not None


FEDERATED_DIR = "federees"  # queries/federees/: stored federated queries (SERVICE), kept apart from the local ones


def stored_queries() -> list[StoredQuery]:
    """The local stored queries (queries/*.rq): they run on every engine, offline."""
    return [StoredQuery.load(p) for p in paths.query_files()]


def federated_queries() -> list[StoredQuery]:
    """The stored federated queries (queries/federees/*.rq), which ask other endpoints (SERVICE)."""
    return [StoredQuery.load(p) for p in sorted((paths.QUERIES_DIR / FEDERATED_DIR).glob("*.rq"))]


def find_query(name_or_file: str) -> StoredQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return StoredQuery.load(path)
    for candidate in (paths.QUERIES_DIR / f"{name_or_file}.rq", paths.QUERIES_DIR / FEDERATED_DIR / f"{name_or_file}.rq"):
        if "/" not in name_or_file and candidate.exists():
            return StoredQuery.load(candidate)
    known = ", ".join(q.name for q in stored_queries() + federated_queries())
    raise QueryError(f"unknown query {name_or_file!r}; stored queries: {known}")


def parse_param(text: str) -> tuple[str, object]:
    """'key=value' -> (key, RDF term). Values: <iri>, prefix:local (known prefixes), integer, decimal, string."""
    key, sep, value = text.partition("=")
    key = key.strip().lstrip("?$")
    if not sep or not _VAR.match(key):
        raise QueryError(f"bad --param {text!r}: expected name=value with a SPARQL variable name")
    return key, to_term(value)


def to_term(value: str):
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri):
            raise QueryError(f"bad IRI in --param: {value!r}")
        return URIRef(iri)
    m = re.match(r"^([a-z][a-z0-9]*):([A-Za-z0-9_.\-/]+)$", value)
    known = all_prefixes()
    if m and m.group(1) in known:
        return URIRef(known[m.group(1)] + m.group(2))
    if re.fullmatch(r"[+-]?\d+", value):
        return Literal(int(value), datatype=XSD.integer)
    if re.fullmatch(r"[+-]?\d+\.\d+", value):
        try:
            return Literal(Decimal(value), datatype=XSD.decimal)
        except InvalidOperation:
            pass
    return Literal(value)


@dataclass
class Result:
    variables: list[str]
    rows: list[list[object]]  # rdflib terms or None

    def as_strings(self) -> list[list[str]]:
        return [["" if v is None else str(v) for v in row] for row in self.rows]


def _ox_to_rdflib(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))


def _rdflib_to_ox(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def check_params(query: StoredQuery, bindings: dict[str, object]) -> None:
    unknown = sorted(set(bindings) - set(query.params))
    if unknown and query.params:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; "
                         f"parameters: {', '.join(sorted(query.params))}")
    if unknown and not query.params:
        raise QueryError(f"query {query.name!r} takes no parameters (got {', '.join(unknown)})")


def oxigraph_solutions(store, query: StoredQuery, bindings: dict[str, object] | None = None):
    """The pyoxigraph solutions of `query` bound to `bindings` (rdflib terms), as bindings: substitutions, or a
    VALUES block of escaped terms for the variables Oxigraph does not substitute (not projected, SEP-0007)."""
    import pyoxigraph as ox

    bindings = bindings or {}
    subs = {ox.Variable(k): _rdflib_to_ox(v) for k, v in bindings.items()}
    try:
        try:
            solutions = store.query(query.text, substitutions=subs or None)
        except RuntimeError as exc:
            if "projection" not in str(exc):
                raise QueryError(f"query failed: {str(exc).splitlines()[0]}", path=query.path) from None
            solutions = store.query(with_values(query.text, bindings))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}", path=query.path) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("stored queries must be SELECT queries", path=query.path)
    return solutions


def run_oxigraph(store, query: StoredQuery, bindings: dict[str, object] | None = None) -> Result:
    bindings = bindings or {}
    check_params(query, bindings)
    solutions = oxigraph_solutions(store, query, bindings)
    variables = [v.value for v in solutions.variables]
    cache: dict = {}  # a term repeated in many rows (a label, a territory) is converted once; rdflib terms are immutable

    def conv(term):
        if term is None:
            return None
        out = cache.get(term)
        if out is None:
            out = cache[term] = _ox_to_rdflib(term)
        return out

    rows = [[conv(sol[v]) for v in variables] for sol in solutions]
    return Result(variables, rows)


def run_rdflib(graph, query: StoredQuery, bindings: dict[str, object] | None = None) -> Result:
    bindings = bindings or {}
    check_params(query, bindings)
    # a VALUES block of escaped terms rather than initBindings: rdflib applies initBindings after GROUP BY /
    # HAVING, so a bound ?min in `HAVING (COUNT(...) >= COALESCE(?min, 2))` was silently ignored
    import urllib.error

    try:
        res = graph.query(with_values(query.text, bindings))
        rows = [list(row) for row in res]  # rdflib evaluates lazily: SERVICE calls happen here
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"a SERVICE endpoint could not be reached ({reason}); a federated query needs the "
                         f"network", path=query.path) from None
    except Exception as exc:  # pyparsing errors etc.
        raise QueryError(f"SPARQL error: {str(exc).splitlines()[0]}", path=query.path) from None
    variables = [str(v) for v in res.vars]
    return Result(variables, rows)


def with_values(text: str, bindings: dict[str, object]) -> str:
    """Insert a VALUES block of escaped RDF terms at the start of the first WHERE group (for remote endpoints)."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") }"
    m = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if not m:
        raise QueryError("cannot bind parameters: the query has no WHERE { } group")
    return text[: m.end()] + "\n  " + block + "\n" + text[m.end():]


def run_remote(endpoint: str, query: StoredQuery, bindings: dict[str, object] | None = None,
               timeout: int = 60, user: str | None = None, password: str | None = None) -> Result:
    from SPARQLWrapper import JSON, SPARQLWrapper

    bindings = bindings or {}
    check_params(query, bindings)
    client = SPARQLWrapper(endpoint)
    client.setQuery(with_values(query.text, bindings))
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    if user:
        client.setCredentials(user, password or "")
    try:
        data = client.queryAndConvert()
    except Exception as exc:
        raise QueryError(f"remote query failed on {endpoint}: {str(exc).splitlines()[0]}") from None
    return result_from_json(data)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def result_from_json(data: dict, typed_strings: bool = False) -> Result:
    """A parsed SPARQL 1.1 Results JSON document as a Result of rdflib terms. `typed_strings`: a literal without
    language or datatype is an xsd:string (as run_oxigraph gives it), not a plain literal."""
    from rdflib import BNode

    variables = data["head"]["vars"]
    rows = []
    for b in data["results"]["bindings"]:
        row = []
        for v in variables:
            cell = b.get(v)
            if cell is None:
                row.append(None)
            elif cell["type"] == "uri":
                row.append(URIRef(cell["value"]))
            elif cell["type"] == "bnode":
                row.append(BNode(cell["value"]))
            else:
                lang = cell.get("xml:lang")
                datatype = cell.get("datatype") or (_XSD_STRING if typed_strings and not lang else None)
                row.append(Literal(cell["value"], lang=lang, datatype=URIRef(datatype) if datatype else None))
        rows.append(row)
    return Result(variables, rows)


def format_result(result: Result, fmt: str = "table") -> str:
    if fmt == "json":
        out = {"head": {"vars": result.variables}, "results": {"bindings": []}}
        for row in result.rows:
            b = {}
            for v, term in zip(result.variables, row):
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    b[v] = {"type": "uri", "value": str(term)}
                else:
                    cell = {"type": "literal", "value": str(term)}
                    if term.language:
                        cell["xml:lang"] = term.language
                    elif term.datatype:
                        cell["datatype"] = str(term.datatype)
                    b[v] = cell
            out["results"]["bindings"].append(b)
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    rows = result.as_strings()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.variables)
        w.writerows(rows)
        return buf.getvalue()
    # table: shorten IRIs with known prefixes for people
    short = [[_short(c) for c in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in short]) for i, v in enumerate(result.variables)]
    widths = [min(w, 70) for w in widths]
    line = lambda cells: " | ".join(str(c)[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()
    parts = [line(result.variables), "-+-".join("-" * w for w in widths)]
    parts += [line(r) for r in short]
    parts.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(parts) + "\n"


def _short(value: str) -> str:
    from isgraph.namespaces import all_prefixes

    for prefix, ns in sorted(all_prefixes().items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value
