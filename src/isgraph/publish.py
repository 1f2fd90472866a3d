"""Publication: deterministic Turtle, N-Triples and JSON-LD (+ its @context file), written atomically.

Determinism: no blank nodes in the published graph; N-Triples lines sorted; JSON-LD nodes and keys sorted;
Turtle produced by rdflib from the same sorted input with fixed prefixes.
"""

from __future__ import annotations

import json
import re
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
        n3: dict = {}  # rdflib term -> N-Triples form
        items = list(graph)
        keyed = []
        for i, (s, p, o) in enumerate(items):
            ks = n3.get(s)
            if ks is None:
                ks = n3[s] = nt_term(s)
            kp = n3.get(p)
            if kp is None:
                kp = n3[p] = nt_term(p)
            ko = n3.get(o)
            if ko is None:
                ko = n3[o] = nt_term(o)
            keyed.append((ks, kp, ko, i))
        keyed.sort()  # plain strings: compared in C (rdflib terms compare and hash in Python code)
        self.n3 = n3
        self.triples: list[tuple] = [items[k[3]] for k in keyed]
        self.keys: list[tuple] = [k[:3] for k in keyed]  # the N-Triples forms of self.triples
        self._ox: dict = {}
        self._grouped: list[int] | None = None
        self._context: dict | None = None
        self._terms: dict = {}
        self._class_terms: dict = {}
        self._jsonld_prefixes: dict = {}

    def __len__(self) -> int:
        return len(self.triples)

    # ---- orders ---------------------------------------------------------------------------------------------
    def grouped(self) -> list[int]:
        """Positions of the sorted triples with, inside each subject, rdf:type first (Turtle / TriG / JSON-LD)."""
        if self._grouped is None:
            out: list[int] = []
            keys = self.keys
            i, n = 0, len(keys)
            rdf_type = f"<{RDF.type}>"
            while i < n:
                s = keys[i][0]
                j = i
                while j < n and keys[j][0] == s:
                    j += 1
                out.extend(k for k in range(i, j) if keys[k][1] == rdf_type)
                out.extend(k for k in range(i, j) if keys[k][1] != rdf_type)
                i = j
            self._grouped = out
        return self._grouped

    def document_groups(self, document_class, derived_from) -> dict:
        """graph name (N-Triples form of a document IRI, or None) -> positions in the grouped order.

        A triple goes to the graph of the document its subject was derived from (or that is the document itself),
        failing that, of its object; everything else to the default graph (None)."""
        keys = self.keys
        rdf_type, doc_class, derived = f"<{RDF.type}>", f"<{document_class}>", f"<{derived_from}>"
        docs = {k[0] for k in keys if k[2] == doc_class and k[1] == rdf_type}
        origin: dict = {d: {d} for d in docs}
        for ks, kp, ko in keys:
            if kp == derived and ko in docs:
                origin.setdefault(ks, set()).add(ko)
        out: dict = {}
        for i in self.grouped():
            ks, _, ko = keys[i]
            for g in origin.get(ks) or origin.get(ko) or (None,):
                out.setdefault(g, []).append(i)
        return out

    # ---- terms ----------------------------------------------------------------------------------------------
    def ox_term(self, t, key: str | None = None):
        """The Oxigraph term of `t` (cached on its N-Triples form `key` when given)."""
        import pyoxigraph as ox

        k = key if key is not None else nt_term(t)
        out = self._ox.get(k)
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
            self._ox[k] = out
        return out

    def ox_triple(self, i: int):
        import pyoxigraph as ox

        (s, p, o), (ks, kp, ko) = self.triples[i], self.keys[i]
        return ox.Triple(self.ox_term(s, ks), self.ox_term(p, kp), self.ox_term(o, ko))

    def ox_triples(self):
        for i in self.grouped():
            yield self.ox_triple(i)

    def term_texts(self) -> set[str]:
        """The lexical form of every distinct term (what a personal-data check of the serialisations must read)."""
        return {str(t) for t in self.n3}

    # ---- N-Triples ------------------------------------------------------------------------------------------
    def ntriples_lines(self):
        for ks, kp, ko in self.keys:
            yield f"{ks} {kp} {ko} .\n"

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
        """Prefixes and a short term per property and class, with its value coercion (see isgraph.jsonld_terms)."""
        if self._context is None:
            from .jsonld_terms import terms_for

            self._context, self._terms, self._class_terms, self._jsonld_prefixes = terms_for(
                self.keys, all_prefixes(self.base))
        return self._context

    def jsonld_node(self, positions, curie) -> dict:
        """The node object of one subject (its triples at these positions of self.triples), keys sorted."""
        self.jsonld_context()
        terms, class_terms = self._terms, self._class_terms
        xsd_string = XSD.string
        rdf_type = RDF.type
        node: dict = {}
        for pos in positions:
            s, p, o = self.triples[pos]
            if "@id" not in node:
                node["@id"] = curie(s)
            if p == rdf_type:
                node.setdefault("@type", []).append(class_terms.get(str(o)) or curie(o))
                continue
            term = terms[str(p)]
            c = term.coercion
            if isinstance(o, URIRef):
                value = curie(o) if c == ("id",) else {"@id": curie(o)}
            elif o.language:
                value = str(o) if c == ("lang", o.language) else {"@value": str(o), "@language": o.language}
            elif o.datatype and o.datatype != xsd_string:
                if c == ("type", str(o.datatype)):
                    value = _native(str(o), o.datatype)  # JSON numbers / booleans where the lexical form allows
                else:
                    value = {"@value": str(o), "@type": curie(o.datatype)}
            else:
                value = str(o) if c is None else {"@value": str(o)}
            node.setdefault(term.name, []).append(value)
        clean = {}
        for k in sorted(node, key=lambda k: (not k.startswith("@"), k)):
            v = node[k]
            clean[k] = v[0] if isinstance(v, list) and len(v) == 1 else v
        return clean

    def jsonld_curie(self):
        """IRI -> compact IRI with the JSON-LD context's prefixes (memoised)."""
        self.jsonld_context()
        prefixes = self._jsonld_prefixes
        memo: dict = {}

        def curie(iri) -> str:  # the same IRIs come back thousands of times (memo on the plain string)
            iri = str(iri)
            found = memo.get(iri)
            if found is None:
                found = memo[iri] = _curie(iri, prefixes)
            return found

        return curie

    def jsonld_chunks(self, context_ref: str = CONTEXT_FILE):
        """The JSON-LD document in pieces: one node object (`@graph` member) per subject, in subject order.

        Same text as `json.dumps({"@context": ..., "@graph": [...]}, indent=1, ensure_ascii=False)` would give:
        keys "@..." first then sorted, values in the triples' order, a single value written without a list."""
        curie = self.jsonld_curie()
        yield "{\n" + f' "@context": {json.dumps(context_ref, ensure_ascii=False)},\n "@graph": ['
        first = True
        order = self.grouped()
        keys = self.keys
        i, n = 0, len(order)
        while i < n:
            ks = keys[order[i]][0]
            j = i
            while j < n and keys[order[j]][0] == ks:
                j += 1
            clean = self.jsonld_node(order[i:j], curie)
            i = j
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


def _native(lexical: str, datatype):
    """A JSON number (xsd:integer) or boolean (xsd:boolean) when it expands back to this very lexical form, else
    the string (decimals stay strings: a JSON number with a fraction would expand to xsd:double)."""
    if datatype == XSD.integer and re.fullmatch(r"-?(?:0|[1-9][0-9]*)", lexical) and abs(int(lexical)) < 2 ** 53:
        return int(lexical)
    if datatype == XSD.boolean and lexical in ("true", "false"):
        return lexical == "true"
    return lexical


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
