"""RDF namespaces of the contract (fixed) and of the alignments."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

ISG = Namespace("https://w3id.org/isgraph/ontology#")
THEME = Namespace("https://w3id.org/isgraph/theme/")
ROLE = Namespace("https://w3id.org/isgraph/role/")
FN = Namespace("https://w3id.org/isgraph/fonction/")
TYP = Namespace("https://w3id.org/isgraph/type-acteur/")
PRIX = Namespace("https://w3id.org/isgraph/prix/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")

DEFAULT_BASE = "https://w3id.org/isgraph/id/"

PREFIXES = {
    "isg": ISG, "theme": THEME, "role": ROLE, "fn": FN, "typ": TYP, "prix": PRIX,
    "prov": PROV, "skos": SKOS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "schema": SCHEMA, "org": ORG, "dcterms": DCTERMS, "dcat": DCAT, "foaf": FOAF, "void": VOID, "wd": WD,
}


INSTANCE_KINDS = {"doc": "document", "ini": "initiative", "act": "acteur", "ter": "territoire", "rol": "role"}


def instance_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """One prefix per instance kind (Turtle local names cannot contain '/' unescaped)."""
    return {prefix: f"{base}{kind}/" for prefix, kind in INSTANCE_KINDS.items()}


def all_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    out = {k: str(v) for k, v in PREFIXES.items()}
    out.update(instance_prefixes(base))
    return dict(sorted(out.items()))


def bind_prefixes(graph, base: str = DEFAULT_BASE) -> None:
    for prefix, ns in all_prefixes(base).items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)


class CachedNamespace:
    """A namespace whose terms are built once: rdflib's Namespace builds (and checks) a new URIRef on every
    attribute access, a visible cost in loops over hundreds of thousands of nodes."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = URIRef(str(self._ns) + name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name):
        return getattr(self, name)

    def __str__(self) -> str:
        return str(self._ns)

