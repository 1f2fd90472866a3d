"""A compact in-memory rdflib store for the build's working graph: two indexes instead of Memory's six structures.

rdflib's `Memory` store keeps every triple in three nested-dict indexes (spo, pos, osp) plus per-context sets of
triple tuples and a triple -> contexts map: 755 bytes a triple (10x synthetic corpus, terms excluded, filled by
`graphio.add_all`).  The build's graph has one context and never asks "which triples have this object, whatever
the predicate" in a hot loop, so `CompactStore` keeps only

    spo  {subject: {predicate: {object: 1}}}
    pos  {predicate: {object: {subject: 1}}}

286 bytes a triple, in the very layout of Memory's own spo / pos (innermost dicts `{term: 1}`, insertion-ordered),
which is what the reasoner (`reasoning._predicate_index`) and the SHACL engine (`shacl._indexes`) read directly,
and what `graphio.add_all` fills directly.  A pattern with only the object bound, `(None, None, o)`, is answered
by probing `pos[p].get(o)` for each predicate (a few dozen in the build's graph).  The store is not context-aware:
a Graph over it is a plain set of triples (two Graph objects over one CompactStore see the same triples), and
pySHACL, which wraps its data graph in a Dataset, is given a Memory copy (`validation._validate_pyshacl`).

`working_graph()` is the Graph the build fills; everything else (user files, ontology, shapes) stays on Memory.
`tests/test_compact.py` checks it answers every triple pattern, removal, SPARQL query, the reasoner and the SHACL
engine exactly as a Memory graph holding the same triples does.
"""

from __future__ import annotations

from typing import Any, Iterator

from rdflib import Graph
from rdflib.store import Store
from rdflib.util import _coalesce

__all__ = ["CompactStore", "working_graph", "is_compact"]

_NO_CONTEXTS: tuple = ()  # what triples() gives as the contexts of each triple (none: not context-aware)


class CompactStore(Store):
    """rdflib Store holding the spo and pos indexes only (no osp, no contexts); see the module's docstring.

    Example:
        >>> from rdflib import Graph, URIRef
        >>> g = Graph(store=CompactStore())
        >>> g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))) is g
        True
        >>> len(g), list(g.subjects(None, URIRef("urn:b")))
        (1, [rdflib.term.URIRef('urn:a')])
    """

    context_aware = False
    formula_aware = False
    graph_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier=None):
        super().__init__(configuration)
        self.identifier = identifier
        self.spo: dict = {}
        self.pos: dict = {}
        self.count = 0
        self._namespace: dict = {}  # prefix -> namespace
        self._prefix: dict = {}  # namespace -> prefix

    # ---- triples ---------------------------------------------------------------------------------------------
    def add(self, triple, context=None, quoted: bool = False) -> None:
        """Add one triple (a triple already there is not counted twice). No events are dispatched."""
        if quoted:
            raise TypeError("CompactStore is not formula-aware: quoted triples are not supported")
        self.add_many((triple,))

    def add_many(self, triples) -> None:
        """Add many (s, p, o) triples: what `graphio.add_all` calls (no per-triple method call).

        An innermost collection of one term is the 1-tuple `(term,)` (48 bytes instead of a 184-byte dict); the
        second term turns it into a dict `{term: 1}` in the same order."""
        spo, pos = self.spo, self.pos
        n = 0
        for s, p, o in triples:
            po = spo.get(s)
            if po is None:
                po = spo[s] = {}
            objs = po.get(p)
            if objs is None:
                po[p] = (o,)
            elif objs.__class__ is tuple:
                if objs[0] == o:
                    continue
                po[p] = {objs[0]: 1, o: 1}
            elif o in objs:
                continue
            else:
                objs[o] = 1
            os_ = pos.get(p)
            if os_ is None:
                os_ = pos[p] = {}
            subs = os_.get(o)
            if subs is None:
                os_[o] = (s,)
            elif subs.__class__ is tuple:
                os_[o] = {subs[0]: 1, s: 1}
            else:
                subs[s] = 1
            n += 1
        self.count += n

    def addN(self, quads) -> None:  # noqa: N802 (rdflib's name)
        self.add_many((s, p, o) for s, p, o, _c in quads)

    def remove(self, triple_pattern, context=None) -> None:
        """Remove every triple matching the pattern (None: any term); empty inner collections are dropped."""
        spo, pos = self.spo, self.pos
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            po = spo[s]
            if _discard(po, p, o):
                del po[p]
                if not po:
                    del spo[s]
            os_ = pos[p]
            if _discard(os_, o, s):
                del os_[o]
                if not os_:
                    del pos[p]
            self.count -= 1

    def triples(self, triple_pattern, context=None) -> Iterator[tuple]:
        """((s, p, o), contexts) for every triple matching the pattern; contexts is always empty.

        Like Memory, each level is read from a snapshot of its keys, so the caller may add or remove triples while
        iterating (a triple removed meanwhile may still be given; one added meanwhile may not)."""
        s, p, o = triple_pattern
        none = _NO_CONTEXTS
        if s is not None:
            po = self.spo.get(s)
            if po is None:
                return
            if p is not None:
                objs = po.get(p)
                if objs is None:
                    return
                if o is not None:
                    if o in objs:
                        yield (s, p, o), none
                    return
                for o2 in list(objs):
                    yield (s, p, o2), none
                return
            for p2, objs in list(po.items()):
                if o is not None:
                    if o in objs:
                        yield (s, p2, o), none
                    continue
                for o2 in list(objs):
                    yield (s, p2, o2), none
            return
        if p is not None:
            os_ = self.pos.get(p)
            if os_ is None:
                return
            if o is not None:
                subs = os_.get(o)
                if subs is not None:
                    for s2 in list(subs):
                        yield (s2, p, o), none
                return
            for o2, subs in list(os_.items()):
                for s2 in list(subs):
                    yield (s2, p, o2), none
            return
        if o is not None:  # no osp index: probe each predicate's objects
            for p2, os_ in list(self.pos.items()):
                subs = os_.get(o)
                if subs is not None:
                    for s2 in list(subs):
                        yield (s2, p2, o), none
            return
        spo = self.spo
        for s2 in list(spo):
            po = spo.get(s2)
            if po is None:
                continue
            for p2, objs in list(po.items()):
                for o2 in list(objs):
                    yield (s2, p2, o2), none

    def __len__(self, context=None) -> int:
        return self.count

    def contexts(self, triple=None):
        """No contexts: the store is one plain set of triples."""
        return iter(())

    # ---- namespaces: the same semantics as rdflib's Memory / SimpleMemory (`override`; Graph.bind's `replace`
    # is decided by rdflib's NamespaceManager before it calls this) ---------------------------------------------
    def bind(self, prefix: str, namespace, override: bool = True) -> None:
        bound_namespace = self._namespace.get(prefix)
        bound_prefix = _coalesce(self._prefix.get(namespace), self._prefix.get(bound_namespace))
        if override:
            if bound_prefix is not None:
                del self._namespace[bound_prefix]
            if bound_namespace is not None:
                del self._prefix[bound_namespace]
            self._prefix[namespace] = prefix
            self._namespace[prefix] = namespace
        else:
            self._prefix[_coalesce(bound_namespace, namespace)] = _coalesce(bound_prefix, default=prefix)
            self._namespace[_coalesce(bound_prefix, prefix)] = _coalesce(bound_namespace, default=namespace)

    def namespace(self, prefix: str):
        return self._namespace.get(prefix, None)

    def prefix(self, namespace):
        return self._prefix.get(namespace, None)

    def namespaces(self) -> Iterator[tuple]:
        yield from list(self._namespace.items())

    # ---- SPARQL: rdflib's own processor over the Graph's triples (Graph catches NotImplementedError) -----------
    def query(self, query, initNs, initBindings, queryGraph, **kwargs: Any):  # noqa: N803
        return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    def update(self, update, initNs, initBindings, queryGraph, **kwargs: Any):  # noqa: N803
        return super().update(update, initNs, initBindings, queryGraph, **kwargs)


def _discard(index: dict, key, term) -> bool:
    """Remove `term` from the collection index[key] (a 1-tuple or a dict); True when it is then empty."""
    terms = index[key]
    if terms.__class__ is tuple:
        return True
    del terms[term]
    if len(terms) == 1:
        index[key] = (next(iter(terms)),)
    return not terms


def is_compact(graph: Graph) -> bool:
    """True for a plain Graph over a CompactStore (whose indexes are then exactly the graph's triples)."""
    return type(graph.store) is CompactStore and type(graph) is Graph


def working_graph() -> Graph:
    """An empty Graph over a CompactStore, with the namespace bindings of a fresh `Graph()` (rdflib's defaults)."""
    return Graph(store=CompactStore())
