"""Loading user graph files safely (format from the suffix, no remote fetches) and simple statistics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from isgraph.errors import InputError
from isgraph.namespaces import PREFIXES

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
        elif fmt in FAST_FORMATS:
            _load_fast(graph, path, fmt)
        else:
            graph.parse(path, format=fmt)
    except InputError:
        raise
    except SyntaxError as exc:
        line, why = oxigraph_syntax_error(exc, path)
        raise InputError(f"malformed RDF ({fmt}): {why}", path=path, line=line) from None
    except Exception as exc:
        from isgraph.resources import syntax_error_location

        line, why = syntax_error_location(exc)
        raise InputError(f"malformed RDF ({fmt}): {why}", path=path, line=line) from None
    return graph


FAST_FORMATS = {"turtle", "nt"}


def oxigraph_syntax_error(exc: SyntaxError, path: Path) -> tuple[int | None, str]:
    """(1-based line, reason) of a pyoxigraph parser error ("Parser error at line L column C: why"). An error at
    the end of the file is put on its last line (pyoxigraph counts the empty line after the final newline)."""
    msg = str(exc.msg)
    why = msg.split(": ", 1)[-1] if ": " in msg else msg
    line = exc.lineno
    if line is not None:
        try:
            with open(path, "rb") as f:
                lines = sum(1 for _ in f)
        except OSError:
            return line, why
        line = max(1, min(line, lines))
    return line, why


def _load_fast(graph: Graph, path: Path, fmt: str) -> None:
    """Turtle / N-Triples parsed by pyoxigraph (Rust) into rdflib terms: rdflib's own parsers take 40-60 µs a
    triple (a national graph of 10 M triples: about ten minutes), this about a tenth. Blank nodes keep their labels
    (anonymous ones get fresh labels, as with rdflib); literals are built by rdflib's own constructor, as its
    parsers do, and every distinct term once ("x"^^xsd:string is read as the plain literal "x", the same RDF 1.1
    term, which rdflib alone keeps apart; language tags in lower case: "x"@FR is "x"@fr). Prefixes of a Turtle file are bound on the graph as rdflib would."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    iris: dict = {}
    literals: dict = {}
    bnodes: dict = {}

    def term(t):
        kind = type(t)
        if kind is ox.NamedNode:
            v = t.value
            found = iris.get(v)
            if found is None:
                found = iris[v] = URIRef(v)
            return found
        if kind is ox.Literal:
            found = literals.get(t)
            if found is None:
                if t.language:
                    found = Literal(t.value, lang=t.language)
                else:
                    dt = t.datatype.value
                    found = Literal(t.value) if dt == XSD_STRING else Literal(t.value, datatype=term(t.datatype))
                literals[t] = found
            return found
        if kind is ox.BlankNode:
            found = bnodes.get(t.value)
            if found is None:
                found = bnodes[t.value] = BNode(t.value)
            return found
        raise InputError(f"RDF-star triple terms are not supported ({t})", path=path)

    oxfmt = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    parser = ox.parse(path=str(path), format=oxfmt)
    add_all(graph, ((term(q.subject), term(q.predicate), term(q.object)) for q in parser))
    if fmt == "turtle":
        for prefix, ns in getattr(parser, "prefixes", {}).items():
            graph.bind(prefix, ns, override=True, replace=True)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


def add_all(graph: Graph, triples) -> None:
    """Add many triples to `graph` at once.

    On a plain Graph over a `compact.CompactStore` (the build's working graph) or over rdflib's own in-memory store
    the store's indexes are filled directly: rdflib's per-triple `add` goes through events, context bookkeeping and
    several dict probes (about 25 µs a triple, most of the graph-building time at scale); this path keeps the very
    same structures for 3-5x less. Any other graph or store, or an rdflib whose Memory store is laid out
    differently, takes the ordinary path. `tests/test_graphio.py` and `tests/test_compact.py` check both give the
    same store."""
    from rdflib.plugins.stores.memory import Memory

    from isgraph.rdf.compact import is_compact

    store = graph.store
    if is_compact(graph):  # the build's working graph: its two indexes, filled in one loop
        store.add_many(triples)
        return
    fields = ("_Memory__spo", "_Memory__pos", "_Memory__osp", "_Memory__contextTriples", "_Memory__tripleContexts",
              "_Memory__context_obj_map", "_Memory__all_contexts", "_Memory__defaultContexts")
    if type(store) is not Memory or type(graph) is not Graph or not all(hasattr(store, f) for f in fields):
        for t in triples:
            graph.add(t)
        return
    ctx = f"{graph.identifier.__class__.__name__}:{graph.identifier}"
    default = {ctx: False, None: False}
    if store._Memory__defaultContexts is None:
        store._Memory__defaultContexts = default
    if store._Memory__defaultContexts != default or store._Memory__tripleContexts:
        for t in triples:  # triples in other contexts already: let rdflib keep their bookkeeping
            graph.add(t)
        return
    store._Memory__context_obj_map[ctx] = graph
    store._Memory__all_contexts.add(graph)
    spo, pos, osp = store._Memory__spo, store._Memory__pos, store._Memory__osp
    all_triples = store._Memory__contextTriples[None]
    ctx_triples = store._Memory__contextTriples.setdefault(ctx, set())
    for t in triples:
        s, p, o = t
        po = spo.get(s)
        if po is None:
            po = spo[s] = {}
        objs = po.get(p)
        if objs is None:
            objs = po[p] = {}
        if o in objs:
            continue
        objs[o] = 1
        os_ = pos.get(p)
        if os_ is None:
            os_ = pos[p] = {}
        subs = os_.get(o)
        if subs is None:
            subs = os_[o] = {}
        subs[s] = 1
        sp = osp.get(o)
        if sp is None:
            sp = osp[o] = {}
        preds = sp.get(s)
        if preds is None:
            preds = sp[s] = {}
        preds[p] = 1
        t = (s, p, o)
        all_triples.add(t)
        ctx_triples.add(t)
