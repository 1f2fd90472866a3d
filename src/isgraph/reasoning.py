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

from .namespaces import ISG


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


def infer(data: Graph, ontology: Graph, schema: Schema | None = None) -> set[tuple]:
    """The triples entailed by `data` + `ontology` about the data's nodes, not already in `data`."""
    schema = schema or Schema(ontology)
    triples = set(data)
    types: dict = defaultdict(set)
    by_pred: dict = defaultdict(set)
    for s, p, o in triples:
        if p == RDF.type:
            types[s].add(o)
        else:
            by_pred[p].add((s, o))

    changed = True
    while changed:
        changed = False
        # property hierarchy, inverses, symmetry
        for p in list(by_pred):
            pairs = by_pred[p]
            targets = [(q, False) for q in schema.superproperties.get(p, ())]
            targets += [(q, True) for q in schema.inverses.get(p, ())]
            if p in schema.symmetric:
                targets.append((p, True))
            for q, flip in targets:
                dest = by_pred[q]
                before = len(dest)
                if flip:
                    dest.update((o, s) for s, o in pairs if not isinstance(o, Literal))
                else:
                    dest.update(pairs)
                changed |= len(dest) != before
        # transitivity
        for p in schema.transitive:
            pairs = by_pred.get(p)
            if not pairs:
                continue
            succ = defaultdict(set)
            for s, o in pairs:
                succ[s].add(o)
            closed = {(s, o) for s, os in _closure(succ).items() for o in os}
            if not closed <= pairs:
                pairs |= closed
                changed = True
    # domain / range typing
    for p, pairs in by_pred.items():
        doms, rngs = schema.domains.get(p), schema.ranges.get(p)
        if doms:
            for s, _ in pairs:
                types[s].update(doms)
        if rngs:
            for _, o in pairs:
                if not isinstance(o, Literal):
                    types[o].update(rngs)
    # class hierarchy
    for node, classes in types.items():
        extra = set()
        for c in classes:
            extra |= schema.superclasses.get(c, set())
        classes |= extra

    closure = {(s, RDF.type, c) for s, cs in types.items() for c in cs}
    closure |= {(s, p, o) for p, pairs in by_pred.items() for s, o in pairs}
    return closure - triples


def reason(data: Graph, ontology: Graph) -> Graph:
    """A new graph: data + the entailments of the fast path."""
    out = Graph()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for t in data:
        out.add(t)
    for t in infer(data, ontology):
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
