"""The description of one node, as published beside its page and answered by content negotiation.

A node's description is: every triple whose subject or object is the node, plus the `rdfs:label` and
`skos:prefLabel` of each neighbour (each IRI at the other end of one of those triples), so that a client reading
one node's Turtle can name what it links to. Serialised in N-Triples (sorted lines), Turtle (prefixed names where
the local part is plain) and JSON-LD (a flat `@graph` with an inline prefix `@context`, nothing fetched).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from isgraph.publication.publish import nt_term as _nt_term

_NT: dict = {}  # N-Triples form of each term met during one site build (terms repeat across descriptions)


def nt_term(t) -> str:
    found = _NT.get(t)
    if found is None:
        found = _NT[t] = _nt_term(t)
    return found


def clear_cache() -> None:
    _NT.clear()

LABELS = (URIRef(str(RDFS.label)), URIRef(str(SKOS.prefLabel)))
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$|^$")


def description(index, node: URIRef) -> list[tuple]:
    """Sorted, duplicate-free triples describing `node` (see the module docstring)."""
    triples = set()
    neighbours = set()
    for p, objects in index.out.get(node, {}).items():
        for o in objects:
            triples.add((node, p, o))
            if isinstance(o, URIRef):
                neighbours.add(o)
    for p, subjects in index.inc.get(node, {}).items():
        for s in subjects:
            triples.add((s, p, node))
            neighbours.add(s)
    neighbours.discard(node)
    for n in neighbours:
        out = index.out.get(n)
        if not out:
            continue
        for lp in LABELS:
            for label in out.get(lp, ()):
                triples.add((n, lp, label))
    return sorted(triples, key=lambda t: (nt_term(t[0]), nt_term(t[1]), nt_term(t[2])))


def ntriples(triples) -> str:
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)


class Prefixes:
    """Prefixed names for Turtle / JSON-LD (longest namespace wins; only plain local parts are abbreviated)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = dict(sorted(prefixes.items()))
        self.by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.memo: dict[str, str | None] = {}

    def curie(self, iri: str) -> str | None:
        if iri in self.memo:
            return self.memo[iri]
        found = None
        for prefix, ns in self.by_length:
            if iri.startswith(ns):
                local = iri[len(ns):]
                if _PLAIN_LOCAL.match(local):
                    found = f"{prefix}:{local}"
                break
        self.memo[iri] = found
        return found

    def used(self, curies) -> dict[str, str]:
        names = {c.split(":", 1)[0] for c in curies if c}
        return {p: ns for p, ns in self.prefixes.items() if p in names}


def _ttl_term(t, pf: Prefixes, used: set) -> str:
    if isinstance(t, URIRef):
        c = pf.curie(str(t))
        if c:
            used.add(c)
            return c
        return f"<{t}>"
    if isinstance(t, Literal) and t.datatype is not None and str(t.datatype) != XSD_STRING and not t.language:
        text = '"' + nt_term(Literal(str(t)))[1:-1] + '"'
        c = pf.curie(str(t.datatype))
        if c:
            used.add(c)
            return f"{text}^^{c}"
        return f"{text}^^<{t.datatype}>"
    return nt_term(t)


def turtle(triples, pf: Prefixes) -> str:
    """Turtle of sorted triples: one block per subject, rdf:type first, predicates grouped."""
    used: set = set()
    blocks = []
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    order = []
    for s, p, o in triples:
        if s not in by_subject:
            order.append(s)
        by_subject[s][p].append(o)
    for s in order:
        preds = by_subject[s]
        keys = sorted(preds, key=lambda p: (str(p) != RDF_TYPE, str(p)))
        lines = []
        for p in keys:
            pt = "a" if str(p) == RDF_TYPE else _ttl_term(p, pf, used)
            objs = ", ".join(_ttl_term(o, pf, used) for o in preds[p])
            lines.append(f"    {pt} {objs}")
        blocks.append(_ttl_term(s, pf, used) + "\n" + " ;\n".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in pf.used(used).items())
    return head + "\n" + "\n".join(blocks)


def jsonld(triples, pf: Prefixes) -> str:
    """Flat JSON-LD: `@context` of the prefixes used, one object per subject, values as explicit objects."""
    used: set = set()

    def key(iri: str) -> str:
        c = pf.curie(iri)
        if c:
            used.add(c)
            return c
        return iri

    nodes: dict = {}
    order = []
    for s, p, o in triples:
        sid = key(str(s))
        if sid not in nodes:
            nodes[sid] = {"@id": sid}
            order.append(sid)
        node = nodes[sid]
        if str(p) == RDF_TYPE:
            node.setdefault("@type", []).append(key(str(o)))
            continue
        if isinstance(o, URIRef):
            value = {"@id": key(str(o))}
        elif o.language:
            value = {"@value": str(o), "@language": o.language}
        elif o.datatype is not None and str(o.datatype) != XSD_STRING:
            value = {"@value": str(o), "@type": key(str(o.datatype))}
        else:
            value = {"@value": str(o)}
        node.setdefault(key(str(p)), []).append(value)
    doc = {"@context": pf.used(used), "@graph": [nodes[i] for i in order]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
