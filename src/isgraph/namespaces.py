"""RDF namespaces of the contract (fixed) and of the alignments."""

from __future__ import annotations

from rdflib import Namespace
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


def bind_prefixes(graph, base: str = DEFAULT_BASE) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
