"""OUT/initiatives.jsonld: the initiatives as a framed JSON-LD tree, their actors, roles and territories embedded.

For a JavaScript developer: ``doc["@graph"]`` is the list of initiatives; ``initiative.porteur``,
``initiative.partenaire`` and ``initiative.financePar`` are actor objects (``label``, ``typeActeur``,
``territoireDe``...), ``initiative.role`` the participation nodes (``typeRole``, ``montant``, ``ligne``,
``mentionGenerique`` for a generic funder), ``initiative.territoire`` territory objects (``label``, ``codeInsee``).
It uses the published ``@context`` (short terms, see ``isgraph.publication.jsonld_terms``). Every initiative and role carries
all the graph's triples of its subject; an embedded actor or territory carries all of its own except its links to
initiatives (the inverse triples such as ``finance``: the initiatives are the document's list already, and an actor
funding a thousand initiatives, embedded in each, would make the document grow with the square of the graph). So
the document expands to a subset of isgraph.nt holding every triple of every initiative and role (an actor
embedded twice states the same triples twice).
"""

from __future__ import annotations

import json

from rdflib.namespace import RDF

from isgraph.publication.jsontext import dumps_indented
from isgraph.namespaces import ISG
from isgraph.publication.publish import CONTEXT_FILE

FRAMED_FILE = "initiatives.jsonld"
EMBEDDED = (ISG.porteur, ISG.partenaire, ISG.financePar, ISG.role, ISG.territoire)


def initiatives_document(pub, context_ref: str = CONTEXT_FILE) -> str:
    """The framed document's text (deterministic: initiatives and values in the graph's sorted order)."""
    return "".join(initiatives_chunks(pub, context_ref))


def write_initiatives(pub, path, context_ref: str = CONTEXT_FILE) -> None:
    """The framed document written piece by piece (one initiative at a time: bounded memory)."""
    from pathlib import Path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for piece in initiatives_chunks(pub, context_ref):
            f.write(piece)


def initiatives_chunks(pub, context_ref: str = CONTEXT_FILE):
    """The framed document in pieces, one initiative each: the text of
    `json.dumps({"@context": ..., "@graph": [...]}, ensure_ascii=False, indent=1) + "\n"`."""
    curie = pub.jsonld_curie()
    order = pub.grouped()
    keys = pub.keys
    groups: dict = {}  # subject's N-Triples form -> its positions in `order`
    for i, j in pub.subject_runs(order):
        positions = order[i:j]
        groups[keys[positions[0]][0]] = positions
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

    initiative_ids = {curie(pub.triples[groups[ks][0]][0]) for ks in initiatives}
    role_name = pub._terms[str(ISG.role)].name if str(ISG.role) in pub._terms else None
    embedded: dict = {}  # (ks, keep links to initiatives) -> node: an actor funding many initiatives is built once

    def strip(node: dict) -> dict:
        """The node without its values naming an initiative (links back to the document's list)."""
        out = {}
        for key, v in node.items():
            if key == "@id":
                out[key] = v
                continue
            values = v if isinstance(v, list) else [v]
            kept = [x for x in values if not (isinstance(x, str) and x in initiative_ids)
                    and not (isinstance(x, dict) and len(x) == 1 and x.get("@id") in initiative_ids)]
            if kept:
                out[key] = kept if isinstance(v, list) else kept[0]
        return out

    def embed(value, keep_links: bool):
        ref = value if isinstance(value, str) else value.get("@id") if isinstance(value, dict) else None
        ks = by_curie.get(ref) if ref is not None else None
        if ks is None:
            return value
        node = embedded.get((ks, keep_links))
        if node is None:
            node = pub.jsonld_node(groups[ks], curie)
            embedded[(ks, keep_links)] = node = node if keep_links else strip(node)
        return node

    yield "{\n" + f' "@context": {json.dumps(context_ref, ensure_ascii=False)},\n "@graph": ['
    first = True
    for ks in initiatives:
        node = pub.jsonld_node(groups[ks], curie)
        for name in names:
            if name in node:
                v = node[name]
                keep = name == role_name  # a role belongs to one initiative: it keeps every triple
                node[name] = [embed(x, keep) for x in v] if isinstance(v, list) else embed(v, keep)
        # JSON escapes the newlines of strings: every raw newline is structure, indented two more for the list
        yield ("\n  " if first else ",\n  ") + dumps_indented(node, "  ")
        first = False
    yield "\n ]\n}\n" if not first else "]\n}\n"
