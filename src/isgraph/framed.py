"""OUT/initiatives.jsonld: the initiatives as a framed JSON-LD tree, their actors, roles and territories embedded.

For a JavaScript developer: ``doc["@graph"]`` is the list of initiatives; ``initiative.porteur``,
``initiative.partenaire`` and ``initiative.financePar`` are actor objects (``label``, ``typeActeur``,
``territoireDe``...), ``initiative.role`` the participation nodes (``typeRole``, ``montant``, ``ligne``,
``mentionGenerique`` for a generic funder), ``initiative.territoire`` territory objects (``label``, ``codeInsee``).
It uses the published ``@context`` (short terms, see ``isgraph.jsonld_terms``). Every embedded object carries all
the graph's triples of its subject, so the document expands to the graph's triples about initiatives, their roles,
actors and territories (a subset of isgraph.nt; an actor embedded twice states the same triples twice).
"""

from __future__ import annotations

import json

from rdflib.namespace import RDF

from .namespaces import ISG
from .publish import CONTEXT_FILE

FRAMED_FILE = "initiatives.jsonld"
EMBEDDED = (ISG.porteur, ISG.partenaire, ISG.financePar, ISG.role, ISG.territoire)


def initiatives_document(pub, context_ref: str = CONTEXT_FILE) -> str:
    """The framed document's text (deterministic: initiatives and values in the graph's sorted order)."""
    curie = pub.jsonld_curie()
    order = pub.grouped()
    keys = pub.keys
    groups: dict[str, list[int]] = {}
    for pos in order:
        groups.setdefault(keys[pos][0], []).append(pos)
    by_curie = {}
    initiatives = []
    rdf_type, initiative = f"<{RDF.type}>", f"<{ISG.Initiative}>"
    for ks, positions in groups.items():
        s = pub.triples[positions[0]][0]
        by_curie[curie(s)] = ks
        if any(keys[p][1] == rdf_type and keys[p][2] == initiative for p in positions):
            initiatives.append(ks)
    pub.jsonld_context()
    names = [pub._terms[str(p)].name for p in EMBEDDED if str(p) in pub._terms]

    def embed(value):
        ref = value if isinstance(value, str) else value.get("@id") if isinstance(value, dict) else None
        ks = by_curie.get(ref) if ref is not None else None
        return pub.jsonld_node(groups[ks], curie) if ks is not None else value

    out = []
    for ks in initiatives:
        node = pub.jsonld_node(groups[ks], curie)
        for name in names:
            if name in node:
                v = node[name]
                node[name] = [embed(x) for x in v] if isinstance(v, list) else embed(v)
        out.append(node)
    doc = {"@context": context_ref, "@graph": out}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
