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


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(t) -> str:
    """A term in canonical N-Triples form (rdflib's n3() writes multi-line literals as Turtle long strings)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        text = '"' + str(t).translate(_NT_ESCAPES) + '"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{t.datatype}>"
        return text
    raise ValueError(f"blank nodes are not published: {t!r}")


class Publication:
    """The graph's triples sorted once, each distinct term converted once: every serialisation reads from here.

    Order: subject, then predicate, then object, compared on their N-Triples forms (so `isgraph.nt` is sorted and
    diffable); Turtle, TriG and JSON-LD take the same order with each subject's rdf:type triples moved first.
    The N3 form and the Oxigraph term of a node are computed once per distinct term (a graph of millions of triples
    has a few hundred thousand terms), which is what keeps serialisation linear with a small constant.
    """

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE):
        self.graph = graph
        self.base = base
        n3: dict = {}

        def key(t):
            s, p, o = t
            ks = n3.get(s)
            if ks is None:
                ks = n3[s] = nt_term(s)
            kp = n3.get(p)
            if kp is None:
                kp = n3[p] = nt_term(p)
            ko = n3.get(o)
            if ko is None:
                ko = n3[o] = nt_term(o)
            return ks, kp, ko

        self.n3 = n3
        self.triples: list[tuple] = sorted(graph, key=key)
        self._ox: dict = {}
        self._grouped: list[tuple] | None = None
        self._context: dict | None = None

    def __len__(self) -> int:
        return len(self.triples)

    # ---- orders ---------------------------------------------------------------------------------------------
    def grouped(self) -> list[tuple]:
        """The sorted triples with, inside each subject, rdf:type first (the Turtle / TriG / JSON-LD order)."""
        if self._grouped is None:
            out: list[tuple] = []
            triples = self.triples
            n3 = self.n3
            i, n = 0, len(triples)
            rdf_type = RDF.type
            while i < n:
                s = n3[triples[i][0]]  # compared as plain strings (rdflib's term equality is Python code)
                j = i
                while j < n and n3[triples[j][0]] == s:
                    j += 1
                block = triples[i:j]
                out.extend(t for t in block if t[1] == rdf_type)
                out.extend(t for t in block if t[1] != rdf_type)
                i = j
            self._grouped = out
        return self._grouped

    # ---- terms ----------------------------------------------------------------------------------------------
    def ox_term(self, t):
        import pyoxigraph as ox

        out = self._ox.get(t)
        if out is None:
            if isinstance(t, URIRef):
                out = ox.NamedNode(str(t))
            elif not isinstance(t, Literal):
                raise ValueError(f"blank nodes are not published: {t!r}")
            elif t.language:
                out = ox.Literal(str(t), language=t.language)
            elif t.datatype is not None:
                out = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            else:
                out = ox.Literal(str(t))
            self._ox[t] = out
        return out

    def ox_triples(self):
        import pyoxigraph as ox

        term = self.ox_term
        for s, p, o in self.grouped():
            yield ox.Triple(term(s), term(p), term(o))

    def term_texts(self) -> set[str]:
        """The lexical form of every distinct term (what a personal-data check of the serialisations must read)."""
        return {str(t) for t in self.n3}

    # ---- N-Triples ------------------------------------------------------------------------------------------
    def ntriples_lines(self):
        n3 = self.n3
        for s, p, o in self.triples:
            yield f"{n3[s]} {n3[p]} {n3[o]} .\n"

    def ntriples(self) -> str:
        return "".join(self.ntriples_lines())

    def write_ntriples(self, path: Path, chunk: int = 100_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            buf = []
            for line in self.ntriples_lines():
                buf.append(line)
                if len(buf) >= chunk:
                    f.write("".join(buf))
                    buf.clear()
            f.write("".join(buf))

    # ---- Turtle ---------------------------------------------------------------------------------------------
    def turtle_bytes(self) -> bytes:
        """Turtle written by Oxigraph: subjects grouped, rdf:type first, fixed prefixes in sorted order."""
        import pyoxigraph as ox

        data = ox.serialize(self.ox_triples(), format=ox.RdfFormat.TURTLE, prefixes=all_prefixes(self.base))
        return _sort_prefix_header(data)

    def turtle(self) -> str:
        return self.turtle_bytes().decode("utf-8")

    # ---- JSON-LD --------------------------------------------------------------------------------------------
    def jsonld_context(self) -> dict:
        """Prefixes, and "@type": "@id" for every property whose values are all IRIs (written as CURIE strings)."""
        if self._context is not None:
            return self._context
        prefixes = all_prefixes(self.base)
        ctx: dict = dict(sorted(prefixes.items()))
        iri_only: dict = {}
        rdf_type = RDF.type
        for _, p, o in self.triples:
            if p == rdf_type:
                continue
            if iri_only.get(p, True):
                iri_only[p] = isinstance(o, URIRef)
        for p in sorted(iri_only, key=str):
            if iri_only[p]:
                name = _curie(str(p), prefixes)
                ctx[name] = {"@id": name, "@type": "@id"}
        self._context = {"@context": ctx}
        return self._context

    def jsonld_chunks(self, context_ref: str = CONTEXT_FILE):
        """The JSON-LD document in pieces: one node object (`@graph` member) per subject, in subject order.

        Same text as `json.dumps({"@context": ..., "@graph": [...]}, indent=1, ensure_ascii=False)` would give:
        keys "@..." first then sorted, values in the triples' order, a single value written without a list."""
        prefixes = all_prefixes(self.base)
        ctx = self.jsonld_context()["@context"]
        iri_props = {k for k, v in ctx.items() if isinstance(v, dict) and v.get("@type") == "@id"}
        memo: dict = {}

        def curie(iri) -> str:  # the same IRIs come back thousands of times
            found = memo.get(iri)
            if found is None:
                found = memo[iri] = _curie(str(iri), prefixes)
            return found

        xsd_string = XSD.string
        rdf_type = RDF.type
        yield "{\n" + f' "@context": {json.dumps(context_ref, ensure_ascii=False)},\n "@graph": ['
        first = True
        triples = self.grouped()
        i, n = 0, len(triples)
        n3 = self.n3
        while i < n:
            s = triples[i][0]
            ks = n3[s]
            node: dict = {"@id": curie(s)}
            while i < n and n3[triples[i][0]] == ks:
                _, p, o = triples[i]
                i += 1
                if p == rdf_type:
                    node.setdefault("@type", []).append(curie(o))
                    continue
                key = curie(p)
                if isinstance(o, URIRef):
                    value = curie(o) if key in iri_props else {"@id": curie(o)}
                elif o.language:
                    value = {"@value": str(o), "@language": o.language}
                elif o.datatype and o.datatype != xsd_string:
                    value = {"@value": str(o), "@type": curie(o.datatype)}
                else:
                    value = str(o)
                node.setdefault(key, []).append(value)
            clean = {}
            for k in sorted(node, key=lambda k: (not k.startswith("@"), k)):
                v = node[k]
                clean[k] = v[0] if isinstance(v, list) and len(v) == 1 else v
            text = json.dumps(clean, ensure_ascii=False, indent=1).replace("\n", "\n  ")
            yield ("\n  " if first else ",\n  ") + text
            first = False
        yield ("\n ]\n}\n" if not first else "]\n}\n")

    def jsonld(self, context_ref: str = CONTEXT_FILE) -> str:
        return "".join(self.jsonld_chunks(context_ref))

    def write_jsonld(self, path: Path, context_ref: str = CONTEXT_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for piece in self.jsonld_chunks(context_ref):
                f.write(piece)


def _sort_prefix_header(data: bytes) -> bytes:
    """Prefix lines in sorted order whatever order the serializer wrote them in."""
    lines = []
    pos = 0
    while data.startswith(b"@prefix ", pos):
        end = data.index(b"\n", pos) + 1
        lines.append(data[pos:end])
        pos = end
    return b"".join(sorted(lines)) + data[pos:]


def sorted_ntriples(graph: Graph) -> str:
    return Publication(graph).ntriples()


def canonical_graph(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """A fresh graph with the triples added in sorted order and fixed prefixes (stable Turtle output)."""
    out = Graph()
    bind_prefixes(out, base)
    for t in sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        out.add(t)
    return out


def to_oxigraph_triples(graph: Graph):
    """rdflib triples -> pyoxigraph triples, sorted (subject, rdf:type first, predicate, object)."""
    return list(Publication(graph).ox_triples())


def turtle(graph: Graph, base: str = DEFAULT_BASE) -> str:
    """Turtle written by Oxigraph (fast) from sorted triples: subjects grouped, rdf:type first, fixed prefixes."""
    return Publication(graph, base).turtle()


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


def jsonld_context(graph: Graph, base: str = DEFAULT_BASE) -> dict:
    return Publication(graph, base).jsonld_context()


def jsonld(graph: Graph, context_ref: str = CONTEXT_FILE, base: str = DEFAULT_BASE) -> str:
    return Publication(graph, base).jsonld(context_ref)


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


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
