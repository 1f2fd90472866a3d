"""Publication: deterministic Turtle, N-Triples and JSON-LD (+ its @context file), written atomically.

Determinism: no blank nodes in the published graph; N-Triples lines sorted; JSON-LD nodes and keys sorted;
Turtle produced by rdflib from the same sorted input with fixed prefixes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .namespaces import DEFAULT_BASE, all_prefixes, bind_prefixes

CONTEXT_FILE = "isgraph.context.jsonld"


def sorted_ntriples(graph: Graph) -> str:
    lines = {f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in graph}
    return "".join(sorted(lines))


def canonical_graph(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """A fresh graph with the triples added in sorted order and fixed prefixes (stable Turtle output)."""
    out = Graph()
    bind_prefixes(out, base)
    for t in sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        out.add(t)
    return out


def to_oxigraph_triples(graph: Graph):
    """rdflib triples -> pyoxigraph triples, sorted (subject, predicate, object) for stable, grouped output."""
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            return ox.Literal(str(t))
        raise ValueError(f"blank nodes are not published: {t!r}")

    ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1] != RDF.type, t[1].n3(), t[2].n3()))
    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in ordered]


def turtle(graph: Graph, base: str = DEFAULT_BASE) -> str:
    """Turtle written by Oxigraph (fast) from sorted triples: subjects grouped, rdf:type first, fixed prefixes."""
    import pyoxigraph as ox

    prefixes = all_prefixes(base)
    text = ox.serialize(to_oxigraph_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("@prefix "):
        n += 1
    return "\n".join(sorted(lines[:n]) + lines[n:])  # prefix order does not depend on the serializer


# ---- JSON-LD -------------------------------------------------------------------------------------------------

def _curie(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(prefixes[best]):]
    return f"{best}:{local}"


def _term_name(iri: str, prefixes: dict[str, str]) -> str:
    return _curie(iri, prefixes)


def jsonld_context(graph: Graph, base: str = DEFAULT_BASE) -> dict:
    prefixes = all_prefixes(base)
    ctx: dict = dict(sorted(prefixes.items()))
    # properties whose values are IRIs get "@type": "@id" so values can be written as CURIE strings
    kinds: dict[str, set] = {}
    for _, p, o in graph:
        if p == RDF.type:
            continue
        kinds.setdefault(str(p), set()).add("iri" if isinstance(o, URIRef) else (o.datatype and str(o.datatype)) or ("lang" if o.language else "string"))
    for p, k in sorted(kinds.items()):
        name = _term_name(p, prefixes)
        if k == {"iri"}:
            ctx[name] = {"@id": name, "@type": "@id"}
    return {"@context": ctx}


def jsonld(graph: Graph, context_ref: str = CONTEXT_FILE, base: str = DEFAULT_BASE) -> str:
    prefixes = all_prefixes(base)
    ctx = jsonld_context(graph, base)["@context"]
    iri_props = {k for k, v in ctx.items() if isinstance(v, dict) and v.get("@type") == "@id"}
    memo: dict[str, str] = {}

    def curie(iri: str) -> str:  # memoised per call: the same IRIs come back thousands of times
        found = memo.get(iri)
        if found is None:
            found = memo[iri] = _curie(iri, prefixes)
        return found

    nodes: dict[str, dict] = {}
    for s, p, o in graph:
        node = nodes.setdefault(str(s), {"@id": curie(str(s))})
        if p == RDF.type:
            node.setdefault("@type", []).append(curie(str(o)))
            continue
        key = curie(str(p))
        if isinstance(o, URIRef):
            value = curie(str(o)) if key in iri_props else {"@id": curie(str(o))}
        elif o.language:
            value = {"@value": str(o), "@language": o.language}
        elif o.datatype and o.datatype != XSD.string:
            value = {"@value": str(o), "@type": curie(str(o.datatype))}
        else:
            value = str(o)
        node.setdefault(key, []).append(value)
    out = []
    for iri in sorted(nodes):
        node = nodes[iri]
        clean = {}
        for key in sorted(node, key=lambda k: (not k.startswith("@"), k)):
            v = node[key]
            if isinstance(v, list):
                v = sorted(v, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                v = v[0] if len(v) == 1 else v
            clean[key] = v
        out.append(clean)
    doc = {"@context": context_ref, "@graph": out}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# ---- atomic output directory -----------------------------------------------------------------------------------

@contextmanager
def staged_directory(out: Path):
    """Yield a temporary directory beside `out`; on success it replaces `out` (the old one is removed).

    If the body raises, `out` is left untouched and the temporary directory is removed.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    replace_directory(tmp, out)


def replace_directory(new: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.rename(out, old)
    os.rename(new, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
