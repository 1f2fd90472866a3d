"""SHACL validation with pySHACL (its own inference off: reasoning is our step) and a report people can read.

Exit codes (also used by `isgraph validate`): 0 conforms, 1 violations, 2 error.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from .resources import shapes_graph

CONFORMS, VIOLATIONS, ERROR = 0, 1, 2


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    focus_label: str
    path: str
    message: str
    value: str

    def line(self) -> str:
        label = f" «{self.focus_label}»" if self.focus_label else ""
        path = f" {self.path}" if self.path else ""
        value = f" (valeur: {self.value})" if self.value else ""
        return f"[{self.severity}] <{self.focus}>{label}{path}: {self.message}{value}"


@dataclass
class Report:
    conforms: bool
    results: list[Result]

    @property
    def exit_code(self) -> int:
        return CONFORMS if self.conforms else VIOLATIONS

    def text(self) -> str:
        head = "SHACL: conforms (0 violations)" if self.conforms else f"SHACL: does not conform ({len(self.results)} results)"
        return "\n".join([head, *[r.line() for r in self.results]]) + "\n"


def _qname(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    return str(term)


def validate(data: Graph) -> Report:
    """Validate a reasoned graph. The SKOS schemes (themes, roles, fonctions...) are merged in when the graph
    does not carry them, so that scheme membership can be checked; the data graph itself is never modified."""
    import pyshacl

    from .namespaces import THEME
    from .resources import scheme_graph

    graph = data
    if (URIRef(str(THEME)), RDF.type, SKOS.ConceptScheme) not in data:
        graph = Graph()
        for prefix, ns in data.namespaces():
            graph.bind(prefix, ns, override=True, replace=True)
        for t in data:
            graph.add(t)
        for t in scheme_graph():
            graph.add(t)
    # inplace=True only skips pySHACL's defensive copy: with inference off nothing is written to the graph
    conforms, report_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    results = []
    shapes = shapes_graph()
    for r in report_graph.objects(None, SH.result):  # top-level results only (not sh:detail of sh:node)
        focus = report_graph.value(r, SH.focusNode)
        messages = list(report_graph.objects(r, SH.resultMessage))
        fr_msgs = [m for m in messages if getattr(m, "language", None) == "fr"]
        if not fr_msgs:  # SPARQL-constraint messages lose their language tag: use the shape's French text
            source = report_graph.value(r, SH.sourceConstraint) or report_graph.value(r, SH.sourceShape)
            shape_fr = [m for m in shapes.objects(source, SH.message) if getattr(m, "language", None) == "fr"]
            fr_msgs = [m for m in shape_fr if "{" not in str(m)]
        message = str((fr_msgs or messages or [""])[0])
        label = graph.value(focus, RDFS.label) if focus is not None else None
        severity = _qname(report_graph, report_graph.value(r, SH.resultSeverity)).replace("sh:", "")
        results.append(Result(severity, str(focus), str(label) if label else "",
                              _qname(graph, report_graph.value(r, SH.resultPath)), message,
                              _qname(graph, report_graph.value(r, SH.value))))
    results.sort(key=lambda r: (r.focus, r.path, r.message, r.value))
    return Report(bool(conforms), results)
