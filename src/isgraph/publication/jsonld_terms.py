"""Short JSON-LD terms: a JavaScript developer reads ``initiative.porteur``, not ``initiative["isg:porteur"]``.

The published ``@context`` (``isgraph.context.jsonld``) defines, for every property and class of the graph, a term
named by its local name (``porteur``, ``financePar``, ``label``, ``budget``, ``Initiative``), with the value
coercion most of its values share: ``"@type": "@id"`` (IRIs), ``"@type": "xsd:decimal"`` (typed literals, e.g.
``budget``), ``"@language": "fr"`` (``label``). Values that differ from the coercion are written as explicit
value objects, so the document expands to exactly the graph's triples (JSON-LD 1.0 and 1.1).

Local names shared by two IRIs give the term to the isgraph ontology's one (then the first IRI in sorted order);
the others keep their compact IRI (``prefix:local``) as key. A prefix whose name is also a term (``theme``,
``role``, ``prix``: the properties isg:theme, isg:role, isg:prix) is left out of the context and the IRIs of its
namespace are written in full: a JSON-LD 1.0 processor would otherwise read ``role:porteur`` through the term.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ISG_NS = "https://w3id.org/isgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Term:
    name: str  # the key written in node objects
    coercion: tuple | None  # ("id",) | ("type", datatype IRI) | ("lang", language) | None


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _category(ko: str):
    """Value category of an N-Triples object: ("id",), ("lang", l), ("type", dt), ("plain",)."""
    if ko.startswith("<"):
        return ("id",)
    if ko.startswith("_:"):
        return ("id",)
    m = re.search(r'"(@[A-Za-z0-9-]+|\^\^<[^>]+>)$', ko)
    if m is None:
        return ("plain",)
    tail = m.group(1)
    if tail.startswith("@"):
        return ("lang", tail[1:])
    dt = tail[3:-1]
    return ("plain",) if dt == XSD_STRING else ("type", dt)


def _assign(iris: list[str], taken: set[str]) -> dict[str, str]:
    """IRI -> term name, isgraph ontology IRIs first, then sorted; a name already taken leaves the IRI without."""
    out: dict[str, str] = {}
    for iri in sorted(iris, key=lambda i: (not i.startswith(ISG_NS), i)):
        name = local_name(iri)
        if not _NAME.match(name) or name in taken:
            continue
        taken.add(name)
        out[iri] = name
    return out


def terms_for(keys, prefixes: dict[str, str]) -> tuple[dict, dict[str, Term], dict[str, str], dict[str, str]]:
    """(context, property IRI -> Term, class IRI -> term name, prefixes kept) of a graph's sorted N-Triples keys."""
    categories: dict[str, Counter] = {}
    classes: set[str] = set()
    rdf_type = f"<{RDF_TYPE}>"
    for _, kp, ko in keys:
        if kp == rdf_type:
            if ko.startswith("<"):
                classes.add(ko[1:-1])
            continue
        categories.setdefault(kp[1:-1], Counter())[_category(ko)] += 1
    taken: set[str] = set()
    prop_names = _assign(list(categories), taken)
    class_names = _assign(sorted(classes), taken)
    kept = {p: ns for p, ns in prefixes.items() if p not in taken}

    def compact(iri: str) -> str:
        best = None
        for p, ns in kept.items():
            if iri.startswith(ns) and (best is None or len(ns) > len(kept[best])):
                best = p
        return f"{best}:{iri[len(kept[best]):]}" if best else iri

    ctx: dict = dict(sorted(kept.items()))
    props: dict[str, Term] = {}
    for iri in sorted(categories, key=lambda i: (prop_names.get(i) is None, prop_names.get(i) or i)):
        counts = categories[iri]
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] != ("lang", "fr"), kv[0]))[0][0]
        coercion = None if top == ("plain",) else top
        name = prop_names.get(iri)
        key = name or compact(iri)
        props[iri] = Term(key, coercion)
        if name is None and coercion is None:
            continue
        definition: dict = {"@id": compact(iri)}
        if coercion == ("id",):
            definition["@type"] = "@id"
        elif coercion is not None and coercion[0] == "type":
            definition["@type"] = compact(coercion[1])
        elif coercion is not None and coercion[0] == "lang":
            definition["@language"] = coercion[1]
        ctx[key] = definition
    for iri, name in sorted(class_names.items(), key=lambda kv: kv[1]):
        ctx[name] = compact(iri)
    return {"@context": ctx}, props, class_names, kept
