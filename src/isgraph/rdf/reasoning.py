"""Reasoning: the entailments the ontology needs, computed with plain sets (linear in the data), and owlrl as the
reference implementation.

The fast path implements the OWL 2 RL / RDFS rules that the isgraph ontology uses:
  - rdfs:subClassOf / owl:equivalentClass closure on rdf:type          (cax-sco, cax-eqc)
  - rdfs:subPropertyOf / owl:equivalentProperty closure on triples      (prp-spo1, prp-eqp)
  - rdfs:domain / rdfs:range typing                                     (prp-dom, prp-rng)
  - owl:inverseOf, owl:SymmetricProperty                                (prp-inv, prp-symp)
  - owl:TransitiveProperty closure                                      (prp-trp)
It only adds triples about the data (instances); the schema's own closure is not published.
`tests/test_reasoning.py` checks that it gives the same instance entailments as owlrl.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.plugins.stores.memory import Memory

from isgraph.namespaces import ISG


def _closure(pairs: dict) -> dict:
    """Reflexive-free transitive closure of a relation given as {x: {y,...}}."""
    out = {}
    for start in pairs:
        seen: set = set()
        stack = list(pairs[start])
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            stack.extend(pairs.get(n, ()))
        out[start] = seen
    return out


class Schema:
    """What the reasoner needs from the ontology, precomputed once."""

    def __init__(self, ontology: Graph):
        sub = defaultdict(set)
        for c, d in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(d, URIRef):
                sub[c].add(d)
        for c, d in ontology.subject_objects(OWL.equivalentClass):
            if isinstance(c, URIRef) and isinstance(d, URIRef):
                sub[c].add(d)
                sub[d].add(c)
        self.superclasses = {c: {d for d in ds if d != c} for c, ds in _closure(sub).items()}
        subp = defaultdict(set)
        for p, q in ontology.subject_objects(RDFS.subPropertyOf):
            subp[p].add(q)
        for p, q in ontology.subject_objects(OWL.equivalentProperty):
            subp[p].add(q)
            subp[q].add(p)
        self.superproperties = {p: {q for q in qs if q != p} for p, qs in _closure(subp).items()}
        self.domains = defaultdict(set)
        for p, c in ontology.subject_objects(RDFS.domain):
            if isinstance(c, URIRef):
                self.domains[p].add(c)
        self.ranges = defaultdict(set)
        for p, c in ontology.subject_objects(RDFS.range):
            if isinstance(c, URIRef):
                self.ranges[p].add(c)
        self.inverses = defaultdict(set)
        for p, q in ontology.subject_objects(OWL.inverseOf):
            self.inverses[p].add(q)
            self.inverses[q].add(p)
        self.symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
        self.transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
        datatype_props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
        # ranges of datatype properties are datatypes, never classes of the objects
        for p in datatype_props:
            self.ranges.pop(p, None)


def _predicate_index(data: Graph) -> dict:
    """{predicate: {object: iterable of subjects}} of the data.

    A plain rdflib Graph on a CompactStore (the build's working graph) or on its own in-memory store already keeps
    exactly this index (`pos`): it is read directly (no copy, no per-triple Python call), which is what makes the
    reasoner linear with a small constant. Any other graph (other store, shared store, dataset) is indexed here by
    iterating its triples once.
    """
    from isgraph.rdf.compact import is_compact

    store = data.store
    if is_compact(data):  # the build's working graph: its pos index is exactly the graph's triples
        return store.pos
    if type(store) is Memory and not data.context_aware:
        pos = getattr(store, "_Memory__pos", None)
        try:
            alone = len(store) == len(data)  # the store holds no other graph's triples
        except Exception:  # noqa: BLE001
            alone = False
        if isinstance(pos, dict) and alone:
            return pos
    index: dict = {}
    for s, p, o in data:
        index.setdefault(p, {}).setdefault(o, set()).add(s)
    return index


def _pairs(by_object: dict) -> set:
    return {(s, o) for o, subjects in by_object.items() for s in subjects}


def infer(data: Graph, ontology: Graph, schema: Schema | None = None) -> set[tuple]:
    """The triples entailed by `data` + `ontology` about the data's nodes, not already in `data`.

    Set-based and linear in the data: relation rules (sub/equivalent properties, inverses, symmetry, transitivity)
    run to a fixpoint on the pairs of the few predicates they concern; typing (domain, range, class hierarchy) is
    computed on sets of subjects / objects per predicate and per class, read from the predicate index.
    """
    schema = schema or Schema(ontology)
    pos = _predicate_index(data)
    rdf_type = RDF.type

    # ---- relations: property hierarchy, inverses, symmetry, transitivity (fixpoint) -----------------------------
    def targets(p) -> list:
        out = [(q, False) for q in schema.superproperties.get(p, ())]
        out += [(q, True) for q in schema.inverses.get(p, ())]
        if p in schema.symmetric:
            out.append((p, True))
        return out

    rel_preds = {p for p in pos if p != rdf_type and (targets(p) or p in schema.transitive)}
    pairs: dict = {}  # predicate -> every (s, o) pair, asserted and derived, of the relation predicates
    asserted: dict = {}
    for p in rel_preds:
        asserted[p] = _pairs(pos[p])
        pairs[p] = set(asserted[p])
    changed = True
    while changed:
        changed = False
        for p in list(pairs):
            src = pairs[p]
            for q, flip in targets(p):
                if q not in pairs:
                    asserted[q] = _pairs(pos[q]) if q in pos else set()
                    pairs[q] = set(asserted[q])
                dest = pairs[q]
                before = len(dest)
                items = list(src) if dest is src else src  # a symmetric property feeds itself
                if flip:
                    dest.update((o, s) for s, o in items if not isinstance(o, Literal))
                else:
                    dest.update(items)
                changed |= len(dest) != before
        for p in schema.transitive:
            src = pairs.get(p)
            if not src:
                continue
            succ: dict = defaultdict(set)
            for s, o in src:
                succ[s].add(o)
            closed = {(s, o) for s, os in _closure(succ).items() for o in os}
            if not closed <= src:
                src |= closed
                changed = True
    derived = {p: ps - asserted[p] for p, ps in pairs.items()}

    # ---- typing: domain / range, then the class hierarchy ------------------------------------------------------
    explicit = pos.get(rdf_type, {})  # class -> subjects typed with it in the data
    typed: dict = defaultdict(set)  # class -> nodes that get it by domain / range
    for p in set(pos) | set(derived):
        if p == rdf_type:
            continue
        doms, rngs = schema.domains.get(p), schema.ranges.get(p)
        if not doms and not rngs:
            continue
        by_object = pos.get(p, {})
        extra = derived.get(p, ())
        if doms:
            subjects = set().union(*by_object.values()) if by_object else set()
            subjects.update(s for s, _ in extra)
            for c in doms:
                typed[c] |= subjects
        if rngs:
            objects = {o for o in by_object if not isinstance(o, Literal)}
            objects.update(o for _, o in extra if not isinstance(o, Literal))
            for c in rngs:
                typed[c] |= objects
    members: dict = defaultdict(set)  # class -> nodes of the closure
    for c, nodes in typed.items():
        members[c] |= nodes
    for c in set(explicit) | set(typed):
        sup = schema.superclasses.get(c)
        if not sup:
            continue
        base = set(explicit.get(c, ())) | typed.get(c, set())
        for d in sup:
            members[d] |= base

    out = {(s, rdf_type, c) for c, nodes in members.items()
           for s in (nodes.difference(explicit[c]) if c in explicit else nodes)}
    out.update((s, p, o) for p, ps in derived.items() for s, o in ps)
    return out


def reason(data: Graph, ontology: Graph, *, inplace: bool = False) -> Graph:
    """data + the entailments of the fast path: a new graph, or `data` itself with inplace=True (no copy: half the
    memory and much less time when the caller no longer needs the asserted graph on its own)."""
    inferred = infer(data, ontology)
    if inplace:
        out = data
    else:
        out = Graph()
        for prefix, ns in data.namespaces():
            out.bind(prefix, ns, override=True, replace=True)
        for t in data:
            out.add(t)
    for t in inferred:
        out.add(t)
    return out


def reason_owlrl(data: Graph, ontology: Graph) -> set[tuple]:
    """Reference: owlrl's full OWL 2 RL closure, restricted to triples whose subject is a data node."""
    import owlrl

    g = Graph()
    for t in ontology:
        g.add(t)
    for t in data:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    data_nodes = set(data.subjects()) | {o for o in data.objects() if isinstance(o, (URIRef, BNode))}
    schema_terms = set(ontology.subjects())
    return {
        (s, p, o) for s, p, o in g
        if s in data_nodes and s not in schema_terms and (s, p, o) not in data
        and p not in (OWL.sameAs,) and not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))
    }


def financeur_count(graph: Graph) -> int:
    return len(set(graph.subjects(RDF.type, ISG.Financeur)))
