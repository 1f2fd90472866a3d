"""SHACL validation and a report people can read.

Two engines give the same `Report`: "native" (default, `isgraph.validate.shacl`: the shapes interpreted over the graph's
indexes, SPARQL parts on pyoxigraph, ~50x faster) and "pyshacl" (the reference: pySHACL, its own inference off —
reasoning is our step — advanced=True for the SHACL-AF SPARQL targets, warnings allowed).

Exit codes (also used by `isgraph validate`): 0 conforms, 1 violations, 2 error.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from isgraph.resources import shapes_graph

CONFORMS, VIOLATIONS, ERROR = 0, 1, 2
ENGINES = ("native", "pyshacl")
BLANK = "[]"  # how a blank node is shown (pySHACL copies them into its report under new identifiers)


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


def _severity(graph: Graph, severity) -> str:
    if isinstance(severity, URIRef) and str(severity).startswith(str(SH)):
        return str(severity)[len(str(SH)):]
    return _qname(graph, severity)


def _term(graph: Graph, term) -> str:
    return BLANK if isinstance(term, BNode) else _qname(graph, term)


def _focus(term) -> str:
    return BLANK if isinstance(term, BNode) else str(term) if term is not None else ""


def _path(structure: Graph, graph: Graph, path) -> str:
    """A result path: an IRI as a qname, a complex path (blank node of `structure`) as SPARQL-like text."""
    from isgraph.validate.shacl import path_text

    if isinstance(path, BNode):
        return path_text(structure, path, lambda n: _qname(graph, n))
    return _qname(graph, path)


def _label(data: Graph, extra: Graph | None, focus) -> str:
    if focus is None or isinstance(focus, (BNode, Literal)):
        return ""
    label = data.value(focus, RDFS.label)
    if label is None and extra is not None:
        label = extra.value(focus, RDFS.label)
    return str(label) if label is not None else ""


def _report(conforms: bool, results: list[Result]) -> Report:
    results.sort(key=lambda r: (r.focus, r.path, r.message, r.value, r.severity, r.focus_label))
    return Report(bool(conforms), results)


def _schemes(data: Graph) -> Graph | None:
    """The SKOS schemes (themes, roles, fonctions...) when the graph does not carry them, else None."""
    from isgraph.namespaces import THEME
    from isgraph.resources import scheme_graph

    if (URIRef(str(THEME)), RDF.type, SKOS.ConceptScheme) in data:
        return None
    return scheme_graph()


def validate(data: Graph, *, engine: str = "native", store=None, shapes: Graph | None = None,
             spill_dir=None) -> Report:
    """Validate a reasoned graph. The SKOS schemes are added when the graph does not carry them, so that scheme
    membership can be checked; the data graph itself is never modified.

    engine: "native" (default) or "pyshacl" (the reference; same Report).  store: an optional pyoxigraph.Store
    holding the same triples, used by the native engine for the SPARQL targets and constraints (else built in
    memory when needed).  shapes: another shapes graph than the project's (tests).  spill_dir: the native
    engine builds that store on disk under this directory (the build: graphs above
    pipeline.SPILL_MIN_TRIPLES; see shacl.validate)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (expected one of {', '.join(ENGINES)})")
    extra = _schemes(data)
    shapes = shapes if shapes is not None else shapes_graph()
    if engine == "pyshacl":
        return _validate_pyshacl(data, extra, shapes)
    from isgraph.validate import shacl

    if extra is not None:
        store = None  # the given store lacks the schemes added here: the engine builds its own
    outcome = shacl.validate(data, shapes, extra=extra, store=store, spill_dir=spill_dir)
    results = [Result(_severity(data, r.severity), _focus(r.focus), _label(data, extra, r.focus),
                      _path(shapes, data, r.path), r.message, _term(data, r.value))
               for r in outcome.results]
    return _report(outcome.conforms, results)


def _validate_pyshacl(data: Graph, extra: Graph | None, shapes: Graph) -> Report:
    import pyshacl

    from isgraph.rdf.graphio import add_all
    from isgraph.validate.shacl import pick_message, pick_sparql_message

    graph = data
    # pySHACL validates one graph, over a context-aware store (it wraps it in a Dataset): a merged copy when the
    # schemes are added, or when the data is the build's working graph (compact.CompactStore has no contexts)
    if extra is not None or not data.store.context_aware:
        graph = Graph()
        for prefix, ns in data.namespaces():
            graph.bind(prefix, ns, override=True, replace=True)
        add_all(graph, data)
        if extra is not None:
            add_all(graph, extra)
    # inplace=True only skips pySHACL's defensive copy: with inference off nothing is written to the graph
    conforms, report_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )

    def messages_of(node) -> list:
        if node is None:
            return []
        return list(set(shapes.objects(node, SH.message)) | set(report_graph.objects(node, SH.message)))

    results = []
    for r in report_graph.objects(None, SH.result):  # top-level results only (not sh:detail of sh:node)
        focus = report_graph.value(r, SH.focusNode)
        messages = list(report_graph.objects(r, SH.resultMessage))
        if report_graph.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            # pySHACL substitutes {?var} in the constraint's and the shape's messages and drops their language
            message = pick_sparql_message(messages, messages_of(report_graph.value(r, SH.sourceConstraint)),
                                          messages_of(report_graph.value(r, SH.sourceShape)))
        else:
            message = pick_message(messages)
        results.append(Result(_severity(report_graph, report_graph.value(r, SH.resultSeverity)),
                              _focus(focus), _label(data, extra, focus),
                              _path(report_graph, data, report_graph.value(r, SH.resultPath)), message,
                              _term(data, report_graph.value(r, SH.value))))
    return _report(conforms, results)
