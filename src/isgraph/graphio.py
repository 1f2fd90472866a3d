"""Loading user graph files safely (format from the suffix, no remote fetches) and simple statistics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import InputError
from .namespaces import PREFIXES

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig",
           ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


def load_graph(path: Path) -> Graph:
    path = Path(path)
    if not path.exists():
        raise InputError("no such graph file", path=path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF format {path.suffix!r} (use one of {', '.join(sorted(FORMATS))})", path=path)
    if fmt == "xml":
        raise InputError("RDF/XML input is not accepted (external entities); convert to Turtle", path=path)
    graph = Graph()
    try:
        if fmt == "json-ld":
            _load_jsonld_local(graph, path)
        else:
            graph.parse(path, format=fmt)
    except InputError:
        raise
    except Exception as exc:
        from .resources import syntax_error_location

        line, why = syntax_error_location(exc)
        raise InputError(f"malformed RDF ({fmt}): {why}", path=path, line=line) from None
    return graph


def _load_jsonld_local(graph: Graph, path: Path) -> None:
    """JSON-LD whose @context is a local file next to it (never fetched from the network)."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    ctx = data.get("@context") if isinstance(data, dict) else None
    if isinstance(ctx, str):
        if "://" in ctx:
            raise InputError(f"remote @context {ctx!r} is not fetched; use a local context file", path=path)
        ctx_path = (path.parent / ctx).resolve()
        if not ctx_path.exists():
            raise InputError(f"@context file {ctx!r} not found next to the document", path=path)
        data["@context"] = json.loads(ctx_path.read_text(encoding="utf-8"))["@context"]
    graph.parse(data=json.dumps(data), format="json-ld")


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def statistics(graph: Graph) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    classes = Counter(_short(str(o)) for o in graph.objects(None, RDF.type))
    props = Counter(_short(str(p)) for p in graph.predicates())
    order = lambda c: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    return order(classes), order(props), len(graph)
