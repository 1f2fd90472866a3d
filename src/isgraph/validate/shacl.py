"""A native SHACL validator: interprets a shapes graph generically, reading the data graph's indexes in bulk.

pySHACL (the reference engine, kept in `validation.py`) asks rdflib for the value nodes of every focus node and
every constraint one call at a time, and runs SPARQL constraints with rdflib's SPARQL engine once per focus node.
This module compiles the shapes graph once (cached per shapes graph), then evaluates each shape over all its
focus nodes at once against plain dicts: the `compact.CompactStore`'s or rdflib Memory store's own `spo`/`pos`
indexes (read directly, no copy) or, for any other store, indexes built by iterating the triples once.  SHACL-AF
SPARQL targets and SPARQL-based constraints run on pyoxigraph: a constraint's SELECT is run ONCE for all focus
nodes ($this left free and projected, solutions grouped by ?this) instead of once per focus node with $this
pre-bound.

Semantics follow pySHACL 0.40 as called by `validation.validate` (inference none, advanced=True,
allow_warnings=True), including its choices where the SHACL spec leaves room: sh:datatype rejects ill-typed
literals and checks the Python value type of xsd:string/integer/decimal/boolean/float/date/time/dateTime,
sh:pattern uses Python regular expressions (flags i and m), sh:languageIn compares the primary subtag,
value-range comparisons follow pySHACL's literal comparison, sh:node fails when the nested shape has any result
(even a warning), conformance ignores results of severity sh:Warning / sh:Info.

SPARQL runs on Oxigraph, pySHACL's on rdflib, and the two differ where rdflib departs from the SPARQL standard:
rdflib joins laterally (a UNION branch or group sees the bindings of the patterns before it) and knows the data
graph's prefixes without PREFIX declarations.  Queries are rewritten so that Oxigraph gives rdflib's answers
(`distribute_unions`: the project's RoleDirectTripleShape target relies on the lateral join) and plans them well
(`rewrite_not_exists`: Oxigraph evaluates a NOT EXISTS again for every solution); the store is filled only with
the triples of the predicates the queries can match (`sparql_predicates`), or built by the caller.

Supported: targets (sh:targetClass with rdfs:subClassOf* in the data graph, implicit class targets, sh:targetNode,
sh:targetSubjectsOf, sh:targetObjectsOf, sh:target of type sh:SPARQLTarget); node and property shapes; paths
(predicate, sh:inversePath, sequence, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath,
sh:zeroOrOnePath); sh:class, sh:datatype, sh:nodeKind, sh:minCount, sh:maxCount, sh:hasValue, sh:in,
sh:languageIn, sh:uniqueLang, sh:pattern (+ sh:flags), sh:minLength, sh:maxLength, sh:minInclusive,
sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals,
sh:node, sh:property, sh:sparql (SELECT, sh:prefixes/sh:declare, $this, $PATH, $currentShape, sh:deactivated,
messages with {?var}/{$var}); sh:severity, sh:deactivated, sh:message in every language.
Anything else a shape uses (sh:or, sh:and, sh:not, sh:xone, sh:closed, sh:qualifiedValueShape, custom constraint
components, SHACL rules, JavaScript...) raises `UnsupportedShapeError`: a shape is never silently ignored.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.plugins.stores.memory import Memory

from isgraph.errors import IsgraphError

ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})  # allow_warnings=True: these do not break conformance
_EMPTY: dict = {}
_CHUNK = 20000  # focus nodes evaluated together

# constraint parameters -> component (several parameters may belong to one component)
_COMPONENT_OF = {
    SH["class"]: "class", SH.datatype: "datatype", SH.nodeKind: "nodeKind", SH.minCount: "minCount",
    SH.maxCount: "maxCount", SH.hasValue: "hasValue", SH["in"]: "in", SH.languageIn: "languageIn",
    SH.uniqueLang: "uniqueLang", SH.pattern: "pattern", SH.minLength: "minLength", SH.maxLength: "maxLength",
    SH.minInclusive: "minInclusive", SH.maxInclusive: "maxInclusive", SH.minExclusive: "minExclusive",
    SH.maxExclusive: "maxExclusive", SH.equals: "equals", SH.disjoint: "disjoint", SH.lessThan: "lessThan",
    SH.lessThanOrEquals: "lessThanOrEquals", SH.node: "node", SH.property: "property", SH.sparql: "sparql",
}
_COMPONENT_IRI = {
    "class": SH.ClassConstraintComponent, "datatype": SH.DatatypeConstraintComponent,
    "nodeKind": SH.NodeKindConstraintComponent, "minCount": SH.MinCountConstraintComponent,
    "maxCount": SH.MaxCountConstraintComponent, "hasValue": SH.HasValueConstraintComponent,
    "in": SH.InConstraintComponent, "languageIn": SH.LanguageInConstraintComponent,
    "uniqueLang": SH.UniqueLangConstraintComponent, "pattern": SH.PatternConstraintComponent,
    "minLength": SH.MinLengthConstraintComponent, "maxLength": SH.MaxLengthConstraintComponent,
    "minInclusive": SH.MinInclusiveConstraintComponent, "maxInclusive": SH.MaxInclusiveConstraintComponent,
    "minExclusive": SH.MinExclusiveConstraintComponent, "maxExclusive": SH.MaxExclusiveConstraintComponent,
    "equals": SH.EqualsConstraintComponent, "disjoint": SH.DisjointConstraintComponent,
    "lessThan": SH.LessThanConstraintComponent, "lessThanOrEquals": SH.LessThanOrEqualsConstraintComponent,
    "node": SH.NodeConstraintComponent, "property": SH.PropertyConstraintComponent,
    "sparql": SH.SPARQLConstraintComponent,
}
# sh: predicates a shape may carry that are not constraint parameters (or are read with one: sh:flags)
_NON_CONSTRAINT = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path, SH.message,
    SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.flags,
}
_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_PATH_KEYS = {SH.inversePath: "inv", SH.alternativePath: "alt", SH.zeroOrMorePath: "zom",
              SH.oneOrMorePath: "oom", SH.zeroOrOnePath: "zoo"}
# things elsewhere in a shapes graph that pySHACL (advanced mode) would act on and this engine does not
_UNSUPPORTED_TYPES = {
    SH.ConstraintComponent: "custom constraint components", SH.SPARQLRule: "SHACL rules",
    SH.TripleRule: "SHACL rules", SH.JSRule: "SHACL rules", SH.SPARQLFunction: "SHACL functions",
    SH.JSFunction: "SHACL functions", SH.SPARQLTargetType: "custom target types", SH.JSTarget: "JavaScript targets",
    SH.JSConstraint: "JavaScript constraints",
}
_UNSUPPORTED_PREDICATES = {SH.rule: "SHACL rules", SH.js: "JavaScript constraints",
                           SH.expression: "node expressions", SH.parameter: "custom constraint components"}

_BIND_THIS = re.compile(r"([\s{}()])[\$\?]this", flags=re.M)
_BIND_PATH = re.compile(r"([\s{}()])[\$\?]PATH", flags=re.M)
_BIND_SG = re.compile(r"([\s{}()])[\$\?]shapesGraph", flags=re.M)
_BIND_CS = re.compile(r"([\s{}()])[\$\?]currentShape", flags=re.M)
# SPARQL features under which evaluating a query once for all focus nodes may differ from pre-binding $this
_NOT_GROUPABLE = re.compile(r"\b(GROUP\s+BY|HAVING|LIMIT|OFFSET|VALUES|MINUS|SERVICE|COUNT|SUM|MIN|MAX|AVG|"
                            r"SAMPLE|GROUP_CONCAT)\b", flags=re.I)
_SELECT = re.compile(r"\bSELECT\b", flags=re.I)
_PROJECTION = re.compile(r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?(.*?)(?=\bWHERE\b|\{)", flags=re.I | re.S)


class ShapesError(IsgraphError):
    """The shapes graph is malformed or uses something the native engine does not implement."""


class UnsupportedShapeError(ShapesError):
    """A shape uses a SHACL feature the native engine does not implement (use engine="pyshacl")."""


@dataclass(frozen=True)
class RawResult:
    """One validation result, as terms (validation.py turns it into a readable `Result`)."""
    severity: URIRef
    focus: object
    path: object  # None, an IRI, or a path node of the shapes graph (or whatever a SPARQL ?path was bound to)
    value: object
    message: str
    shape: object
    component: URIRef
    source_constraint: object = None


@dataclass
class Outcome:
    conforms: bool
    results: list[RawResult]


# ------------------------------------------------------------------------------------------------ messages

def _lang_rank(message) -> int:
    lang = getattr(message, "language", None)
    if lang is None:
        return 1
    lang = lang.lower()
    return 0 if lang == "fr" or lang.startswith("fr-") else 2


def pick_message(messages) -> str:
    """The message shown for a result: French first, then untagged, then any other language (ties by text)."""
    if not messages:
        return ""
    return str(min(messages, key=lambda m: (_lang_rank(m), str(m))))


def _template_regex(template: str) -> re.Pattern:
    parts = re.split(r"\{[\$\?][^{}]*\}", template)
    return re.compile("(?:.*?)".join(re.escape(p) for p in parts), flags=re.S)


def pick_sparql_message(messages, constraint_messages, shape_messages) -> str:
    """The message of a SPARQL-constraint result. pySHACL substitutes {?var} in every message (the constraint's
    and the shape's) and drops their language tags: each substituted message is traced back to its template
    to prefer the French one (the constraint's before the shape's), then untagged, then other languages."""
    if not messages:
        return ""
    templates = [(_lang_rank(t), 0, _template_regex(str(t))) for t in constraint_messages]
    templates += [(_lang_rank(t), 1, _template_regex(str(t))) for t in shape_messages]
    templates.sort(key=lambda t: (t[0], t[1]))

    def key(m):
        text = str(m)
        for rank, source, regex in templates:
            if regex.fullmatch(text):
                return (rank, source, text)
        return (9, 9, text)

    return str(min(messages, key=key))


def substitute(message: str, bound: dict) -> str:
    """{?var} / {$var} substitution exactly as pySHACL does it (re.sub with str(value))."""
    for var, val in bound.items():
        message = re.sub("{{[?$]{}}}".format(var), str(val), message)
    return message


# ------------------------------------------------------------------------------------------------ paths

def _rdf_list(graph: Graph, node) -> list:
    items = []
    seen = set()
    while node is not None and node != RDF.nil:
        if node in seen:
            raise ShapesError(f"cyclic RDF list in the shapes graph at {node}")
        seen.add(node)
        first = graph.value(node, RDF.first)
        if first is None:
            raise ShapesError(f"malformed RDF list in the shapes graph at {node}")
        items.append(first)
        node = graph.value(node, RDF.rest)
    return items


def compile_path(graph: Graph, node, depth: int = 0):
    """A SHACL path node -> ("pred", iri) | ("inv", p) | ("seq", [p...]) | ("alt", [p...]) | ("zom"|"oom"|"zoo", p)."""
    if depth > 20:
        raise ShapesError(f"SHACL path too deep at {node}")
    if isinstance(node, URIRef):
        return ("pred", node)
    if isinstance(node, Literal):
        raise ShapesError(f"a SHACL path cannot be a literal: {node!r}")
    if graph.value(node, RDF.first) is not None:
        items = _rdf_list(graph, node)
        if len(items) < 2:
            raise ShapesError("a SHACL sequence path needs at least two members")
        return ("seq", [compile_path(graph, i, depth + 1) for i in items])
    for pred, key in _PATH_KEYS.items():
        target = graph.value(node, pred)
        if target is not None:
            if key == "alt":
                items = _rdf_list(graph, target)
                if len(items) < 2:
                    raise ShapesError("a SHACL alternative path needs at least two members")
                return ("alt", [compile_path(graph, i, depth + 1) for i in items])
            return (key, compile_path(graph, target, depth + 1))
    raise UnsupportedShapeError(f"unsupported SHACL path {node}: {sorted(str(p) for p in graph.predicates(node))}")


def path_text(graph: Graph, node, qname) -> str:
    """Readable SPARQL-like text of a path node found in `graph` (e.g. ^isg:role, a/b); `qname` renders IRIs."""
    def walk(n, depth):
        if isinstance(n, URIRef) or depth > 20:
            return qname(n)
        if isinstance(n, Literal):
            return str(n)
        if graph.value(n, RDF.first) is not None:
            try:
                return "(" + "/".join(walk(i, depth + 1) for i in _rdf_list(graph, n)) + ")"
            except ShapesError:
                return str(n)
        for pred, key in _PATH_KEYS.items():
            target = graph.value(n, pred)
            if target is None:
                continue
            if key == "alt":
                try:
                    return "(" + "|".join(walk(i, depth + 1) for i in _rdf_list(graph, target)) + ")"
                except ShapesError:
                    return str(n)
            inner = walk(target, depth + 1)
            return {"inv": "^" + inner, "zom": inner + "*", "oom": inner + "+", "zoo": inner + "?"}[key]
        return str(n)

    text = walk(node, 0)
    return text[1:-1] if text.startswith("(") and text.endswith(")") and isinstance(node, BNode) and \
        graph.value(node, RDF.first) is not None else text


def _sparql_path(p) -> str:
    kind, arg = p
    if kind == "pred":
        return f"<{arg}>"
    if kind == "inv":
        return f"^({_sparql_path(arg)})"
    if kind == "seq":
        return "(" + "/".join(_sparql_path(a) for a in arg) + ")"
    if kind == "alt":
        return "(" + "|".join(_sparql_path(a) for a in arg) + ")"
    return f"({_sparql_path(arg)}){ {'zom': '*', 'oom': '+', 'zoo': '?'}[kind] }"


# ------------------------------------------------------------------------------------------------ shapes model

@dataclass
class _Sparql:
    node: object
    select: str       # with PREFIX declarations
    messages: list
    deactivated: bool


@dataclass
class _Shape:
    node: object
    is_property: bool
    path: object          # compiled path (property shapes)
    path_node: object     # the sh:path node (shown in results)
    deactivated: bool
    severity: URIRef
    messages: list
    message: str          # preferred message, "" when the shape has none (generic messages then)
    components: list      # [(name, params dict)]
    targets: dict         # {"class": [...], "node": [...], "subjectsOf": [...], "objectsOf": [...], "sparql": [...]}

    @property
    def has_targets(self) -> bool:
        return any(self.targets.values())


class ShapesModel:
    """The shapes graph compiled once: every shape with its targets, path and constraint components."""

    def __init__(self, sg: Graph):
        self.sg = sg
        self.shapes: dict = {}
        self._check_graph()
        self._collect_prefixes_globals()
        for node in self._shape_nodes():
            self.shapes[node] = self._compile(node)
        for shape in self.shapes.values():  # every shape reference resolves
            for name, params in shape.components:
                for ref in params.get("shapes", ()):
                    if ref not in self.shapes:
                        raise ShapesError(f"shape {shape.node} refers to {ref} through sh:{name}, not a shape")
                    if name == "property" and not self.shapes[ref].is_property:
                        raise ShapesError(f"sh:property of {shape.node} is not a property shape: {ref}")
                    if name == "node" and self.shapes[ref].is_property:
                        raise ShapesError(f"sh:node of {shape.node} is not a node shape: {ref}")
        self.targeted = [s for s in self.shapes.values() if s.has_targets]

    # -- structure

    def _check_graph(self) -> None:
        sg = self.sg
        for t, what in _UNSUPPORTED_TYPES.items():
            for s in sg.subjects(RDF.type, t):
                raise UnsupportedShapeError(f"the shapes graph uses {what} ({t} on {s}): not supported by the "
                                            f"native SHACL engine (use engine='pyshacl')")
        for p, what in _UNSUPPORTED_PREDICATES.items():
            for s in sg.subjects(p, None):
                raise UnsupportedShapeError(f"the shapes graph uses {what} ({p} on {s}): not supported by the "
                                            f"native SHACL engine (use engine='pyshacl')")

    def _shape_nodes(self) -> list:
        sg = self.sg
        nodes = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
        for p in _TARGET_PREDICATES:
            nodes |= set(sg.subjects(p, None))
        for p in (SH.property, SH.node):
            nodes |= {o for o in sg.objects(None, p) if not isinstance(o, Literal)}
        for p in (SH.qualifiedValueShape, SH["not"]):  # shape-expecting parameters we do not implement:
            nodes |= {o for o in sg.objects(None, p) if not isinstance(o, Literal)}  # reported by _compile
        for p in _COMPONENT_OF:
            nodes |= set(sg.subjects(p, None))
        nodes |= set(sg.subjects(SH.path, None))
        return sorted(nodes, key=str)

    def _compile(self, node) -> _Shape:
        sg = self.sg
        types = set(sg.objects(node, RDF.type))
        paths = list(sg.objects(node, SH.path))
        if SH.NodeShape in types and paths:
            raise ShapesError(f"node shape {node} has a sh:path")
        if len(paths) > 1:
            raise ShapesError(f"property shape {node} has several sh:path")
        if SH.PropertyShape in types and not paths:
            raise ShapesError(f"property shape {node} has no sh:path")
        is_property = bool(paths)
        deact = list(sg.objects(node, SH.deactivated))
        if len(deact) > 1:
            raise ShapesError(f"shape {node} has several sh:deactivated")
        deactivated = bool(deact and isinstance(deact[0], Literal) and deact[0].value)
        severities = sorted(sg.objects(node, SH.severity), key=str)
        messages = sorted(set(sg.objects(node, SH.message)), key=lambda m: (str(m), str(getattr(m, "language", ""))))
        # constraint components, and anything sh: we would silently ignore
        by_component: dict = {}
        for p, o in sg.predicate_objects(node):
            if p in _COMPONENT_OF:
                by_component.setdefault(_COMPONENT_OF[p], {}).setdefault(p, []).append(o)
            elif str(p).startswith(str(SH)) and p not in _NON_CONSTRAINT:
                raise UnsupportedShapeError(
                    f"shape {node} uses {sg.namespace_manager.normalizeUri(p)}, a SHACL feature the native engine "
                    f"does not implement (use engine='pyshacl')")
        if SH.flags in set(sg.predicates(node)) and SH.pattern not in set(sg.predicates(node)):
            raise ShapesError(f"shape {node} has sh:flags without sh:pattern")
        components = []
        for name in sorted(by_component):
            components.append((name, self._params(node, name, by_component[name], is_property)))
        targets = {
            "class": list(sg.objects(node, SH.targetClass)),
            "node": list(sg.objects(node, SH.targetNode)),
            "subjectsOf": list(sg.objects(node, SH.targetSubjectsOf)),
            "objectsOf": list(sg.objects(node, SH.targetObjectsOf)),
            "sparql": [self._sparql_target(node, t) for t in sg.objects(node, SH.target)],
        }
        subclasses_of_class = set(sg.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
        if types & subclasses_of_class:  # implicit class target
            targets["class"].append(node)
        path = compile_path(sg, paths[0]) if is_property else None
        return _Shape(node, is_property, path, paths[0] if is_property else None, deactivated,
                      severities[0] if severities else SH.Violation, messages, pick_message(messages),
                      components, targets)

    def _params(self, node, name, values: dict, is_property: bool) -> dict:
        sg = self.sg

        def single(p):
            vals = values.get(p, [])
            if len(vals) != 1:
                raise ShapesError(f"shape {node}: {p} must have exactly one value, found {len(vals)}")
            return vals[0]

        if name in ("minCount", "maxCount"):
            if not is_property:
                raise ShapesError(f"sh:{name} on node shape {node}")
            v = single(SH[name])
            if not (isinstance(v, Literal) and v.datatype == XSD.integer and int(v.value) >= 0):
                raise ShapesError(f"shape {node}: sh:{name} must be a non-negative xsd:integer")
            return {"value": v}
        if name in ("minLength", "maxLength"):
            v = single(SH[name])
            if not isinstance(v, Literal) or getattr(v, "ill_typed", False) or not isinstance(v.value, int) \
                    or isinstance(v.value, bool) or v.value < 0:
                raise ShapesError(f"shape {node}: sh:{name} must be a non-negative integer")
            return {"value": v}
        if name in ("datatype", "nodeKind", "in", "languageIn", "uniqueLang"):
            v = single(SH[name])
            if name == "in":
                return {"value": v, "items": set(_rdf_list(sg, v))}
            if name == "languageIn":
                langs = set()
                for item in _rdf_list(sg, v):
                    if not isinstance(item, Literal) or not isinstance(item.value, str):
                        raise ShapesError(f"shape {node}: sh:languageIn members must be strings")
                    langs.add(str(item.value).lower())
                return {"value": v, "langs": langs}
            if name == "uniqueLang":
                if not is_property or not isinstance(v, Literal) or not isinstance(v.value, bool):
                    raise ShapesError(f"shape {node}: sh:uniqueLang must be a boolean on a property shape")
            return {"value": v}
        if name == "pattern":
            patterns = values[SH.pattern]
            flags_vals = list(sg.objects(node, SH.flags))
            re_flags = 0
            if flags_vals:
                f = str(sorted(flags_vals, key=str)[0]).lower()
                if "i" in f:
                    re_flags |= re.I
                if "m" in f:
                    re_flags |= re.M
            compiled = []
            for p in patterns:
                if not isinstance(p, Literal):
                    raise ShapesError(f"shape {node}: sh:pattern must be a literal")
                text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
                compiled.append((p, re.compile(text, re_flags)))
            return {"values": patterns, "compiled": compiled}
        if name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            props = values[SH[name]]
            for p in props:
                if not isinstance(p, URIRef):
                    raise ShapesError(f"shape {node}: sh:{name} must be an IRI")
            return {"values": props}
        if name in ("node", "property"):
            return {"shapes": values[SH[name]]}
        if name == "sparql":
            constraints = []
            for c in values[SH.sparql]:
                constraints.append(self._sparql_constraint(node, c))
            return {"constraints": constraints}
        return {"values": values[SH[name]]}  # class, hasValue, min/max inclusive/exclusive

    # -- SPARQL

    def _collect_prefixes_globals(self) -> None:
        sg = self.sg
        self._ng_declares = set(sg.objects(sg.identifier, SH.declare)) if sg.identifier else set()
        self._onts = set(sg.subjects(RDF.type, OWL.Ontology))
        self._ont_declares = set()
        for o in self._onts:
            self._ont_declares |= set(sg.objects(o, SH.declare))

    def _prefixes(self, node) -> str:
        """PREFIX lines of a SPARQL-based node (sh:prefixes -> sh:declare), resolved as pySHACL does."""
        sg = self.sg
        prefixes: dict = {}
        global_declares = self._ng_declares | self._ont_declares
        for pv in sg.objects(node, SH.prefixes):
            pfx = set(sg.objects(pv, SH.declare))
            declares = pfx | self._ng_declares if pfx and pv in self._onts else global_declares | pfx
            for dec in sorted(declares, key=str):
                prefix = list(sg.objects(dec, SH.prefix))
                namespace = list(sg.objects(dec, SH.namespace))
                if len(prefix) != 1 or len(namespace) != 1:
                    raise ShapesError(f"sh:declare {dec} needs exactly one sh:prefix and one sh:namespace")
                prefixes[str(prefix[0])] = str(namespace[0])
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())

    def _sparql_constraint(self, shape_node, c) -> _Sparql:
        sg = self.sg
        for p in sg.predicates(c):
            if str(p).startswith(str(SH)) and p not in (SH.select, SH.message, SH.prefixes, SH.deactivated,
                                                        SH.name, SH.description):
                raise UnsupportedShapeError(f"SPARQL constraint {c} of {shape_node} uses {p}: not supported")
        selects = list(sg.objects(c, SH.select))
        if len(selects) != 1 or not isinstance(selects[0], Literal):
            raise ShapesError(f"SPARQL constraint {c} of {shape_node} needs exactly one sh:select")
        deact = list(sg.objects(c, SH.deactivated))
        select = str(selects[0])
        if _BIND_SG.search(select):
            raise UnsupportedShapeError(f"SPARQL constraint {c} uses $shapesGraph: not supported")
        return _Sparql(c, self._prefixes(c) + "\n" + select, sorted(set(sg.objects(c, SH.message)), key=str),
                       bool(deact and isinstance(deact[0], Literal) and deact[0].value))

    def _sparql_target(self, shape_node, t) -> str:
        sg = self.sg
        types = set(sg.objects(t, RDF.type))
        selects = list(sg.objects(t, SH.select))
        if not selects:
            raise UnsupportedShapeError(f"sh:target {t} of {shape_node} is not a SPARQL target "
                                        f"(types {sorted(map(str, types))}): not supported")
        for p in sg.predicates(t):
            if str(p).startswith(str(SH)) and p not in (SH.select, SH.prefixes):
                raise UnsupportedShapeError(f"sh:target {t} of {shape_node} uses {p}: not supported")
        return self._prefixes(t) + "\n" + str(selects[0])


_MODELS: dict = {}


def compile_shapes(sg: Graph) -> ShapesModel:
    """The compiled model of a shapes graph, cached while the graph is unchanged (same object, same size)."""
    key = id(sg)
    hit = _MODELS.get(key)
    if hit is not None and hit[0] is sg and hit[1] == len(sg):
        return hit[2]
    model = ShapesModel(sg)
    if len(_MODELS) > 8:
        _MODELS.clear()
    _MODELS[key] = (sg, len(sg), model)
    return model


# ------------------------------------------------------------------------------------------------ data indexes

def _indexes(graph: Graph) -> tuple[dict, dict]:
    """(spo, pos) nested dicts of a graph: a CompactStore's indexes, or the Memory store's own indexes when the
    graph is alone in it."""
    from isgraph.rdf.compact import is_compact

    store = graph.store
    if is_compact(graph):  # the build's working graph: its own two indexes
        return store.spo, store.pos
    if type(store) is Memory and not graph.context_aware:
        spo = getattr(store, "_Memory__spo", None)
        pos = getattr(store, "_Memory__pos", None)
        try:
            alone = len(store) == len(graph)
        except Exception:  # noqa: BLE001
            alone = False
        if isinstance(spo, dict) and isinstance(pos, dict) and alone:
            return spo, pos
    spo: dict = {}
    pos: dict = {}
    for s, p, o in graph:
        spo.setdefault(s, {}).setdefault(p, {})[o] = 1
        pos.setdefault(p, {}).setdefault(o, {})[s] = 1
    return spo, pos


def _overlay(spo: dict, pos: dict, triples) -> tuple[dict, dict]:
    """spo/pos of the union of a graph and a few extra triples, copying only the touched entries."""
    spo2 = dict(spo)
    pos2 = dict(pos)
    copied_s: set = set()
    copied_p: set = set()
    copied_po: set = set()
    for s, p, o in triples:
        if s not in copied_s:
            spo2[s] = {k: dict.fromkeys(v, 1) for k, v in spo2.get(s, _EMPTY).items()}
            copied_s.add(s)
        spo2[s].setdefault(p, {})[o] = 1
        if p not in copied_p:
            pos2[p] = dict(pos2.get(p, _EMPTY))
            copied_p.add(p)
        if (p, o) not in copied_po:
            pos2[p][o] = dict.fromkeys(pos2[p].get(o, _EMPTY), 1)
            copied_po.add((p, o))
        pos2[p][o][s] = 1
    return spo2, pos2


# ------------------------------------------------------------------------------------------------ comparisons

_FORCE_COMPARE_LITERAL_VALUE = (datetime.datetime, datetime.time)


def _compare_literal(l1: Literal, l2: Literal) -> int:
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in _FORCE_COMPARE_LITERAL_VALUE:
        if l1.value == l2.value:
            return 0
        elif l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


_NUMBERS = (int, Decimal, float)


def _range_ok(v, bound: Literal, accept) -> bool:
    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return False
    a, b = v.value, bound.value
    if type(a) in _NUMBERS and type(b) in _NUMBERS:  # what rdflib's eq / > do for two numbers, without them
        return accept((a > b) - (a < b))
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return accept(_compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False


_RANGE_TESTS = {
    "minInclusive": (lambda c: c >= 0, "Value is not >= {}", "Value is not >= in ({})"),
    "minExclusive": (lambda c: c > 0, "Value is not > {}", "Value is not > in ({})"),
    "maxInclusive": (lambda c: c <= 0, "Value is not <= {}", "Value is not <= in ({})"),
    "maxExclusive": (lambda c: c < 0, "Value is not < {}", "Value is not < in ({})"),
}


_XSD_STRING, _RDF_LANGSTRING = XSD.string, RDF.langString
# the Python value types pySHACL checks for the datatypes it knows (others: any well-typed literal)
_PY_TYPES = {
    str(XSD.string): (str, bytes), str(RDF.langString): (str, bytes), str(XSD.integer): (int,),
    str(XSD.float): (float,), str(XSD.decimal): (Decimal,), str(XSD.boolean): (bool,),
    str(XSD.date): (datetime.date,), str(XSD.time): (datetime.time,), str(XSD.dateTime): (datetime.datetime,),
}
_str_eq = str.__eq__  # IRI comparison without rdflib's Python-level __eq__ (both sides are IRIs here)


def _datatype_checker(dtype):
    """pySHACL's sh:datatype test for one datatype: same IRI, not ill-typed, and the Python value type of the
    datatypes it knows; rdfs:Literal, rdfs:Datatype, plain strings for xsd:string, language strings."""
    py_types = _PY_TYPES.get(str(dtype))
    is_literal = dtype == RDFS.Literal
    is_datatype = dtype == RDFS.Datatype
    is_string = dtype == XSD.string
    is_langstring = dtype == RDF.langString

    def actual(v) -> bool:
        return py_types is None or isinstance(v.value, py_types)

    def check(v) -> bool:
        if not isinstance(v, Literal):
            return False
        datatype = v.datatype
        if datatype is not None and _str_eq(datatype, dtype):
            if getattr(v, "ill_typed", None) is True:
                return False
            return actual(v)
        if is_literal:
            return True
        if is_datatype and datatype:
            return True
        if datatype is None and is_string and v.language is None:
            return actual(v)
        if is_langstring and v.language:
            return actual(v)
        return False
    return check


def _datatype_ok(v, dtype) -> bool:
    return _datatype_checker(dtype)(v)


def _string_of(v) -> str:
    if isinstance(v, Literal):
        if v.value is not None and (v.datatype is None or v.datatype == _RDF_LANGSTRING or v.datatype == _XSD_STRING):
            return str(v.value)
        return str(v)
    return str(v)


def _comparable(node):
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


_NODE_KINDS = {
    BNode: {SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI},
    Literal: {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
    URIRef: {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI},
}


# ------------------------------------------------------------------------------------------------ the run

class _Run:
    def __init__(self, model: ShapesModel, data: Graph, extra: Graph | None, store, sparql_mode: str,
                 rewrite: bool = True, spill_dir=None):
        self.spill_dir = spill_dir  # where an on-disk store of the SPARQL predicates goes (None: in memory)
        self._spill_path = None
        self.model = model
        self.sg = model.sg
        self.data = data
        spo, pos = _indexes(data)
        if extra is not None and len(extra):
            spo, pos = _overlay(spo, pos, iter(extra))
        self.spo, self.pos = spo, pos
        self._canon = {str(p): p for p in pos}  # the data's own predicate objects: identity hits in dict lookups
        self.rdf_type = self.canon(RDF.type)
        self._loaded: set | None = None  # predicates already in the store we built (None: all, or the caller's)
        self.store = store
        self.sparql_mode = sparql_mode
        # like rdflib, whose queries know the data graph's prefixes without PREFIX declarations
        self.prefixes = {p: str(ns) for p, ns in data.namespaces() if p}
        self.rewrite = rewrite  # rewrite queries for Oxigraph (distribute_unions, rewrite_not_exists)
        self._ox = None  # (to_ox, from_ox) term converters
        self._subclasses: dict = {}
        self._path_fns: dict = {}
        self._node_conforms: dict = {}
        self._in_progress: set = set()
        self._sparql_groups: dict = {}
        self._last_variables: list = []
        self._rewritten: dict = {}
        self._bnode_labels: dict = {}
        self._bnodes_by_label: dict = {}
        self._instances: dict = {}
        self._nodes = None
        self.per_focus_fallbacks = 0  # SPARQL constraints that could not be run once for all focus nodes
        self._no_bnodes: bool | None = None  # see _bnode_free

    # -- data access

    def objects(self, s, p):
        po = self.spo.get(s)
        if po is None:
            return _EMPTY
        return po.get(p, _EMPTY)

    def subjects(self, p, o):
        os_ = self.pos.get(p)
        if os_ is None:
            return _EMPTY
        return os_.get(o, _EMPTY)

    def canon(self, p):
        """The data graph's own object for predicate p (dict lookups by identity instead of rdflib's __eq__)."""
        return self._canon.get(str(p), p)

    def subclasses(self, c) -> set:
        """c and every class D with D rdfs:subClassOf* c in the data graph."""
        hit = self._subclasses.get(c)
        if hit is None:
            hit = {c}
            todo = [c]
            by_super = self.pos.get(self.canon(RDFS.subClassOf), _EMPTY)
            while todo:
                for d in by_super.get(todo.pop(), _EMPTY):
                    if d not in hit:
                        hit.add(d)
                        todo.append(d)
            self._subclasses[c] = hit
        return hit

    def instances(self, c) -> set:
        """Every SHACL instance of class c in the data graph (rdf:type of c or of a subclass)."""
        hit = self._instances.get(c)
        if hit is None:
            type_index = self.pos.get(self.rdf_type, _EMPTY)
            hit = set()
            for d in self.subclasses(c):
                hit.update(type_index.get(d, _EMPTY))
            self._instances[c] = hit
        return hit

    def _literal_instances(self, c) -> bool:
        key = ("literal", c)
        hit = self._instances.get(key)
        if hit is None:
            hit = self._instances[key] = any(isinstance(x, Literal) for x in self.instances(c))
        return hit

    def is_instance(self, v, c) -> bool:
        return not isinstance(v, Literal) and v in self.instances(c)

    def node(self, n):
        """The data graph's own object for node n (dict lookups by identity instead of rdflib's __eq__)."""
        if self._nodes is None:
            self._nodes = dict(zip(self.spo, self.spo))
        return self._nodes.get(n, n)

    def path_fn(self, path):
        key = repr(path)
        fn = self._path_fns.get(key)
        if fn is None:
            fn = self._path_fns[key] = self._make_path_fn(path)
        return fn

    def _make_path_fn(self, path):
        kind, arg = path
        if kind == "pred":
            spo_get = self.spo.get
            arg = self.canon(arg)

            def forward(f, _p=arg, _get=spo_get, _empty=_EMPTY):
                po = _get(f)
                return _empty if po is None else po.get(_p, _empty)
            return forward
        if kind == "inv" and arg[0] == "pred":
            by_o = self.pos.get(self.canon(arg[1]), _EMPTY)

            def inverse(f, _by_o=by_o, _empty=_EMPTY):
                return _by_o.get(f, _empty)
            return inverse
        return lambda f: self._path_values(path, f)

    def _step(self, path, nodes, inverse=False) -> set:
        out: set = set()
        kind, arg = path
        if kind == "pred":
            for n in nodes:
                out.update(self.subjects(arg, n) if inverse else self.objects(n, arg))
        elif kind == "inv":
            out = self._step(arg, nodes, not inverse)
        elif kind == "seq":
            current = set(nodes)
            for member in (reversed(arg) if inverse else arg):
                current = self._step(member, current, inverse)
            out = current
        elif kind == "alt":
            for member in arg:
                out |= self._step(member, nodes, inverse)
        else:  # zom, oom, zoo
            if kind == "zoo":
                out = set(nodes) | self._step(arg, nodes, inverse)
            else:
                seen: set = set()
                frontier = self._step(arg, nodes, inverse)
                while frontier:
                    seen |= frontier
                    frontier = self._step(arg, frontier, inverse) - seen
                out = seen | (set(nodes) if kind == "zom" else set())
        return out

    def _path_values(self, path, f) -> set:
        return self._step(path, (f,))

    # -- targets

    def focus_nodes(self, shape: _Shape) -> list:
        found: set = set()
        t = shape.targets
        found.update(t["node"])
        type_index = self.pos.get(self.rdf_type, _EMPTY)
        for c in t["class"]:
            for d in self.subclasses(c):
                found.update(type_index.get(d, _EMPTY))
        for p in t["subjectsOf"]:
            for os_ in self.pos.get(p, _EMPTY).values():
                found.update(os_)
        for p in t["objectsOf"]:
            found.update(o for o, subjects in self.pos.get(p, _EMPTY).items() if subjects)
        for select in t["sparql"]:
            rows = self._query(select)
            if "this" not in self._last_variables:
                raise ShapesError(f"the SPARQL target of {shape.node} does not select ?this")
            i = self._last_variables.index("this")
            found.update(r[i] for r in rows if r[i] is not None)
        node = self.node
        return sorted({node(n) for n in found}, key=lambda n: (type(n).__name__, str(n)))

    # -- results

    def _result(self, shape: _Shape, focus, component: str, value=None, path=None, generic=None,
                message=None, source_constraint=None) -> RawResult:
        if path is None and shape.is_property:
            path = shape.path_node
        if message is None:
            message = shape.message or (generic() if generic is not None else "")
        return RawResult(shape.severity, focus, path, value, message, shape.node, _COMPONENT_IRI[component],
                         source_constraint)

    def _stringify(self, graph, node) -> str:
        from pyshacl.rdfutil import stringify_node  # generic messages only: same text as pySHACL
        return stringify_node(graph, node)

    # -- evaluation

    def validate(self) -> Outcome:
        results: list = []
        conforms = True
        for shape in self.model.targeted:
            if shape.deactivated:
                continue
            foci = self.focus_nodes(shape)
            for start in range(0, len(foci), _CHUNK):  # bounded memory for the per-focus tables below
                ok, rs = self.eval_shape(shape, foci[start:start + _CHUNK])
                conforms = conforms and ok
                results.extend(rs)
        return Outcome(conforms, results)

    def eval_shape(self, shape: _Shape, foci: list, by_name=None) -> tuple[bool, list]:
        """(conforms, results) of `shape` on `foci`.  by_name: for each focus node, its {predicate string:
        objects} (see _c_property)."""
        if shape.deactivated or not foci:
            return True, []
        if shape.is_property:
            kind, arg = shape.path
            if kind == "pred" and by_name is not None:
                name, empty = str(arg), _EMPTY
                fv = [(f, d.get(name, empty)) for f, d in zip(foci, by_name)]
            elif kind == "pred":  # inlined: most paths are one predicate
                p, get, empty = self.canon(arg), self.spo.get, _EMPTY
                fv = [(f, po.get(p, empty) if (po := get(f)) is not None else empty) for f in foci]
            else:
                fn = self.path_fn(shape.path)
                fv = [(f, fn(f)) for f in foci]
        else:
            fv = [(f, (f,)) for f in foci]
        non_conformant = False
        allow = shape.severity in ALLOWED_SEVERITIES
        results: list = []
        for name, params in shape.components:
            ok, rs = getattr(self, "_c_" + name)(shape, params, fv)
            if not ok and not allow and any(r.severity not in ALLOWED_SEVERITIES for r in rs):
                non_conformant = True
            results.extend(rs)
        return not non_conformant, results

    def conforms_to(self, shape: _Shape, v) -> bool:
        """Whether value node v conforms to (node) shape: no result at all (pySHACL's sh:node test)."""
        cache = self._node_conforms.get(shape.node)
        if cache is None:
            cache = self._node_conforms[shape.node] = {}
        hit = cache.get(v)
        if hit is not None:
            return hit
        key = (shape.node, v)
        if key in self._in_progress:  # recursive shapes: pySHACL stops and treats the loop as conforming
            return True
        self._in_progress.add(key)
        try:
            ok, rs = self.eval_shape(shape, [v])
            hit = ok and not rs
        finally:
            self._in_progress.discard(key)
        cache[v] = hit
        return hit

    # -- constraint components: each takes (shape, params, [(focus, value nodes)]) -> (conforms, results)

    def _c_class(self, shape, params, fv):
        classes = params["values"]
        results = []

        def generic():
            if len(classes) < 2:
                return "Value does not have class {}".format(self._stringify(self.sg, classes[0]))
            return "Value class is not in classes ({})".format(", ".join(self._stringify(self.sg, c) for c in classes))
        for c in classes:
            instances = self.instances(c)
            if self._literal_instances(c):  # a literal is never an instance, even when it is typed
                bad = [(f, v) for f, values in fv for v in values if v not in instances or isinstance(v, Literal)]
            else:  # (rdflib terms of different kinds are never equal: a literal cannot be found in the set)
                bad = [(f, v) for f, values in fv for v in values if v not in instances]
            results.extend(self._result(shape, f, "class", v, generic=generic) for f, v in bad)
        return not results, results

    def _c_datatype(self, shape, params, fv):
        dtype = params["value"]
        check = _datatype_checker(dtype)
        bad = [(f, v) for f, values in fv for v in values if not check(v)]
        results = [self._result(shape, f, "datatype", v, generic=lambda: (
            "Value is not Literal with datatype {}".format(self._stringify(self.sg, dtype)))) for f, v in bad]
        return not results, results

    def _c_nodeKind(self, shape, params, fv):
        kind = params["value"]
        allowed = tuple(t for t, kinds in _NODE_KINDS.items() if kind in kinds)
        bad = [(f, v) for f, values in fv for v in values if not isinstance(v, allowed)]
        results = [self._result(shape, f, "nodeKind", v, generic=lambda: (
            "Value is not of Node Kind {}".format(self._stringify(self.sg, kind)))) for f, v in bad]
        return not results, results

    def _c_minCount(self, shape, params, fv):
        n = int(params["value"].value)
        if n == 0:
            return True, []
        results = [self._result(shape, f, "minCount", generic=lambda f=f: "Less than {} values on {}->{}".format(
            str(params["value"].value), self._stringify(self.data, f), self._stringify(self.sg, shape.path_node)))
            for f, values in fv if len(values) < n]
        return not results, results

    def _c_maxCount(self, shape, params, fv):
        n = int(params["value"].value)
        results = [self._result(shape, f, "maxCount", generic=lambda f=f: "More than {} values on {}->{}".format(
            str(params["value"].value), self._stringify(self.data, f), self._stringify(self.sg, shape.path_node)))
            for f, values in fv if len(values) > n]
        return not results, results

    def _c_hasValue(self, shape, params, fv):
        results = []

        def generic(f):
            the_set = [self._stringify(self.sg, s) for s in params["values"]]
            if shape.is_property:
                return "Node {}->{} does not contain a value in the set: {}".format(
                    self._stringify(self.data, f), self._stringify(self.sg, shape.path_node), the_set)
            return "Node {} value is not a in the set of values: {}".format(self._stringify(self.data, f), the_set)
        for hv in params["values"]:
            for f, values in fv:
                if hv not in values:
                    results.append(self._result(shape, f, "hasValue", generic=lambda f=f: generic(f)))
        return not results, results

    def _c_in(self, shape, params, fv):
        items = params["items"]
        results = []
        for f, values in fv:
            for v in values:
                if v not in items:
                    results.append(self._result(shape, f, "in", v, generic=lambda v=v: "Value {} not in list {}".format(
                        self._stringify(self.data, v), [self._stringify(self.sg, i) for i in items])))
        return not results, results

    def _c_languageIn(self, shape, params, fv):
        langs = params["langs"]
        wildcard = "*" in langs
        results = []
        for f, values in fv:
            for v in values:
                ok = False
                lang = v.language if isinstance(v, Literal) else None
                if lang:
                    low = str(lang).lower()
                    ok = wildcard or low in langs or low.split("-")[0] in langs
                if not ok:
                    results.append(self._result(shape, f, "languageIn", v, generic=lambda: (
                        "String language is not in {}".format(self._stringify(self.sg, params["value"])))))
        return not results, results

    def _c_uniqueLang(self, shape, params, fv):
        if not params["value"].value:
            return True, []
        results = []
        for f, values in fv:
            seen: set = set()
            dups: set = set()
            for v in values:
                lang = v.language if isinstance(v, Literal) else None
                if lang:
                    (dups if lang.lower() in seen else seen).add(lang.lower())
            for _ in dups:
                results.append(self._result(shape, f, "uniqueLang",
                                            generic=lambda: "More than one String shares the same Language"))
        return not results, results

    def _c_pattern(self, shape, params, fv):
        compiled = params["compiled"]
        results = []

        def generic():
            if len(compiled) < 2:
                return "Value does not match pattern '{}'".format(str(compiled[0][0].value))
            return "Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p, _ in compiled))
        for _, regex in compiled:
            search = regex.search
            for f, values in fv:
                for v in values:
                    if isinstance(v, BNode) or not search(_string_of(v)):
                        results.append(self._result(shape, f, "pattern", v, generic=generic))
        return not results, results

    def _length(self, shape, params, fv, name, accept, text):
        n = params["value"].value
        results = []
        for f, values in fv:
            for v in values:
                if name == "minLength" and n == 0:
                    continue
                if isinstance(v, BNode) or not accept(len(_string_of(v)), n):
                    results.append(self._result(shape, f, name, v, generic=lambda: text.format(
                        self._stringify(self.data, params["value"]))))
        return not results, results

    def _c_minLength(self, shape, params, fv):
        return self._length(shape, params, fv, "minLength", lambda a, b: a >= b, "String length not >= {}")

    def _c_maxLength(self, shape, params, fv):
        return self._length(shape, params, fv, "maxLength", lambda a, b: a <= b, "String length not <= {}")

    def _range(self, name, shape, params, fv):
        accept, one, several = _RANGE_TESTS[name]
        bounds = params["values"]
        results = []

        def generic():
            if len(bounds) < 2:
                return one.format(self._stringify(self.sg, bounds[0]))
            return several.format(", ".join(self._stringify(self.sg, b) for b in bounds))
        for bound in bounds:
            bad = [(f, v) for f, values in fv for v in values if not _range_ok(v, bound, accept)]
            results.extend(self._result(shape, f, name, v, generic=generic) for f, v in bad)
        return not results, results

    def _c_minInclusive(self, shape, params, fv):
        return self._range("minInclusive", shape, params, fv)

    def _c_minExclusive(self, shape, params, fv):
        return self._range("minExclusive", shape, params, fv)

    def _c_maxInclusive(self, shape, params, fv):
        return self._range("maxInclusive", shape, params, fv)

    def _c_maxExclusive(self, shape, params, fv):
        return self._range("maxExclusive", shape, params, fv)

    def _pair_generic(self, shape, params, f, v, op):
        props = params["values"]
        rule = (self._stringify(self.sg, props[0]) if len(props) < 2
                else ", ".join(self._stringify(self.sg, p) for p in props))
        return "Value of {}->{} {} {}".format(self._stringify(self.data, f), rule, op, self._stringify(self.data, v))

    def _c_equals(self, shape, params, fv):
        results = []
        for p in params["values"]:
            for f, values in fv:
                values = set(values)
                others = set(self.objects(f, p))
                for v in list(values - others) + list(others - values):
                    results.append(self._result(shape, f, "equals", v, generic=lambda f=f, v=v: self._pair_generic(
                        shape, params, f, v, "!=")))
        return not results, results

    def _c_disjoint(self, shape, params, fv):
        results = []
        for p in params["values"]:
            for f, values in fv:
                for v in set(values) & set(self.objects(f, p)):
                    results.append(self._result(shape, f, "disjoint", v, generic=lambda f=f, v=v: self._pair_generic(
                        shape, params, f, v, "==")))
        return not results, results

    def _less(self, name, shape, params, fv, strict):
        results = []
        for p in params["values"]:
            for f, values in fv:
                others = self.objects(f, p)
                if not others:
                    continue
                for value in set(values):
                    if isinstance(value, BNode):
                        raise ShapesError(f"sh:{name} cannot compare a blank node ({shape.node})")
                    a, a_str = _comparable(value)
                    for other in others:
                        if isinstance(other, BNode):
                            raise ShapesError(f"sh:{name} cannot compare a blank node ({shape.node})")
                        b, b_str = _comparable(other)
                        if a_str == b_str and (a < b if strict else a <= b):
                            continue
                        results.append(self._result(shape, f, name, value, generic=lambda f=f, v=value: (
                            self._pair_generic(shape, params, f, v, "<=" if strict else "<"))))
        return not results, results

    def _c_lessThan(self, shape, params, fv):
        return self._less("lessThan", shape, params, fv, True)

    def _c_lessThanOrEquals(self, shape, params, fv):
        return self._less("lessThanOrEquals", shape, params, fv, False)

    def _c_node(self, shape, params, fv):
        results = []
        refs = params["shapes"]
        for ref in refs:
            target = self.model.shapes[ref]

            def generic(ref=ref):
                if len(refs) < 2:
                    m = "Value does not conform to Shape {}.".format(self._stringify(self.sg, refs[0]))
                else:
                    m = "Value must conform to every Shape in ('{}').".format(
                        "', '".join(self._stringify(self.sg, c) for c in refs))
                return m + " See details for more information."
            for f, values in fv:
                for v in values:
                    if not self.conforms_to(target, v):
                        results.append(self._result(shape, f, "node", v, generic=generic))
        return not results, results

    def _c_property(self, shape, params, fv):
        foci = [v for _, values in fv for v in values]
        if not foci:
            return True, []
        ok = True
        results = []
        by_name = None
        simple = sum(1 for ref in params["shapes"] if self.model.shapes[ref].path[0] == "pred")
        if simple > 1:
            # rdflib compares IRIs in Python (URIRef.__eq__): looking a predicate up in a subject's dict costs
            # ~1 us when the key is another object than ours.  Keyed by plain strings, the lookups of the
            # several property shapes are C comparisons.
            get, empty = self.spo.get, _EMPTY
            by_name = [dict(zip(map(str, po), po.values())) if (po := get(f)) else empty for f in foci]
        for ref in params["shapes"]:
            c_ok, rs = self.eval_shape(self.model.shapes[ref], foci, by_name)
            ok = ok and c_ok
            results.extend(rs)
        return ok, results

    def _c_sparql(self, shape, params, fv):
        results = []
        for c in params["constraints"]:
            if c.deactivated:
                continue
            results.extend(self._sparql_constraint(shape, c, [f for f, _ in fv]))
        return not results, results

    # -- SPARQL on pyoxigraph

    def _bnode_label(self, b) -> str:
        label = self._bnode_labels.get(b)
        if label is None:
            label = str(b) if re.fullmatch(r"[A-Za-z0-9_]+", str(b)) else f"x{len(self._bnode_labels)}"
            while label in self._bnodes_by_label:
                label += "_"
            self._bnode_labels[b] = label
            self._bnodes_by_label[label] = b
        return label

    def _converters(self):
        if self._ox is None:
            import pyoxigraph as ox

            to_cache: dict = {}

            def to_ox(t):
                hit = to_cache.get(t)
                if hit is not None:
                    return hit
                if isinstance(t, URIRef):
                    o = ox.NamedNode(str(t))
                elif isinstance(t, Literal):
                    if t.language:
                        o = ox.Literal(str(t), language=t.language)
                    elif t.datatype is not None:
                        o = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
                    else:
                        o = ox.Literal(str(t))
                elif isinstance(t, BNode):
                    o = ox.BlankNode(self._bnode_label(t))
                else:
                    raise ShapesError(f"cannot convert {t!r} for SPARQL")
                to_cache[t] = o
                return o

            def from_ox(o):
                if o is None:
                    return None
                if isinstance(o, ox.NamedNode):
                    return URIRef(o.value)
                if isinstance(o, ox.BlankNode):
                    return self._bnodes_by_label.get(o.value) or BNode(o.value)
                if isinstance(o, ox.Literal):
                    if o.language:
                        return Literal(o.value, lang=o.language)
                    if o.datatype.value == str(XSD.string):
                        return Literal(o.value)
                    return Literal(o.value, datatype=URIRef(o.datatype.value))
                return o

            self._ox = (to_ox, from_ox)
        return self._ox

    def _bnode_free(self) -> bool:
        """Whether no subject or object of the data is a blank node (computed once)."""
        if self._no_bnodes is None:
            self._no_bnodes = (not any(type(s) is BNode for s in self.spo)
                               and not any(type(o) is BNode for os_ in self.pos.values() for o in os_))
        return self._no_bnodes

    def _ntriples_chunks(self, predicates, size: int = 1 << 23):
        """N-Triples of the triples of `predicates` (parsed by Oxigraph in Rust: faster than building Quads), in
        pieces of about `size` characters, whole lines each."""
        lines: list = []
        append, extend = lines.append, lines.extend
        label = self._bnode_label
        iri_type = {URIRef}

        def term(t) -> str:
            if type(t) is URIRef:
                return "<%s>" % t
            if isinstance(t, BNode):
                return "_:" + label(t)
            if isinstance(t, Literal):
                return t.n3()
            return "<%s>" % t

        pending = 0
        for p in predicates:
            tail_p = " %s " % term(p)
            for o, subjects in self.pos[p].items():
                if not subjects:
                    continue
                tail = "%s%s .\n" % (tail_p, "<%s>" % o if type(o) is URIRef else term(o))
                iris = set(map(type, subjects)) == iri_type  # IRIs only: one C-level join
                subjects = list(subjects)
                step = max(1, size // (len(tail) + 64))
                for k in range(0, len(subjects), step):
                    part = subjects[k:k + step]
                    if iris:
                        text = "<" + (">" + tail + "<").join(part) + ">" + tail
                        append(text)
                        pending += len(text)
                    else:
                        more = ["<%s>%s" % (s_, tail) if type(s_) is URIRef else term(s_) + tail for s_ in part]
                        extend(more)
                        pending += sum(map(len, more))
                    if pending >= size:
                        yield "".join(lines).encode("utf-8")
                        lines.clear()
                        pending = 0
        if lines:
            yield "".join(lines).encode("utf-8")

    def _get_store(self, predicates):
        """The pyoxigraph store, holding at least the triples of `predicates` (None: every triple).

        A store given by the caller holds everything.  Otherwise the store is filled lazily with the triples of
        the predicates the queries can match (see `sparql_predicates`): on a conforming graph only the SPARQL
        targets run, and they read a few predicates."""
        import pyoxigraph as ox

        if self.store is not None and self._loaded is None:
            return self.store
        if self.store is None:
            if self.spill_dir is not None:  # on disk (RocksDB): its memory stays bounded (see `validate`)
                import tempfile

                self._spill_path = tempfile.mkdtemp(prefix=".isgraph-shacl-", dir=self.spill_dir)
                self.store = ox.Store(self._spill_path)
            else:
                self.store = ox.Store()
            self._loaded = set()
        if predicates is None:
            wanted = [p for p in self.pos if p not in self._loaded]
        else:
            wanted = [self.canon(URIRef(p)) for p in predicates]
            wanted = [p for p in wanted if p not in self._loaded and p in self.pos]
        if wanted:
            loaded = False
            if self._bnode_free():  # N-Triples parsed by Oxigraph, in pieces (a national graph's role triples are
                try:  # gigabytes of text)
                    load = self.store.bulk_load if self._spill_path else self.store.load
                    for chunk in self._ntriples_chunks(wanted):
                        load(chunk, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                    loaded = True
                except SyntaxError:  # an IRI or literal N-Triples refuses: term by term (slower, same triples)
                    pass
            if not loaded:  # term by term; also with blank nodes, which a parse would rename (each label would
                to_ox = self._converters()[0]  # no longer name the data's node)
                default = ox.DefaultGraph()
                quads = []
                for p in wanted:
                    pox = to_ox(p)
                    for o, subjects in self.pos[p].items():
                        if subjects:
                            oox = to_ox(o)
                            quads.extend([ox.Quad(to_ox(s_), pox, oox, default) for s_ in subjects])
                (self.store.bulk_extend if self._spill_path else self.store.extend)(quads)
            self._loaded.update(wanted)
        if predicates is None:
            self._loaded = None  # everything is in
        return self.store

    def _query(self, text: str, substitutions=None):
        """Solutions of a SELECT as lists of rdflib terms (None when unbound), variables in projection order."""
        from_ox = self._converters()[1]
        attempts = self._rewritten.get(text)
        if attempts is None:
            rewritten = rewrite_not_exists(distribute_unions(text)) if self.rewrite else text
            attempts = [(q, sparql_predicates(q, self.prefixes))
                        for q in ((rewritten, text) if rewritten != text else (text,))]
            self._rewritten[text] = attempts
        solutions = None
        for attempt, predicates in attempts:
            store = self._get_store(predicates)
            try:
                solutions = store.query(attempt, prefixes=self.prefixes, substitutions=substitutions or None)
                break
            except SyntaxError as exc:  # a rewrite the parser refuses (e.g. BIND of a copied variable): original
                if attempt is text:
                    raise ShapesError(f"SPARQL syntax error in the shapes graph: {exc}") from None
        self._last_variables = [v.value for v in solutions.variables]
        n = len(self._last_variables)
        return [[from_ox(sol[i]) for i in range(n)] for sol in solutions]

    def _prepare(self, shape: _Shape, c: _Sparql) -> str:
        text = c.select
        if shape.is_property:
            text = _BIND_PATH.sub(r"\g<1>" + _sparql_path(shape.path).replace("\\", "\\\\"), text)
        elif _BIND_PATH.search(text):
            raise ShapesError(f"SPARQL constraint {c.node} uses $PATH on node shape {shape.node}")
        return text

    def _sparql_constraint(self, shape: _Shape, c: _Sparql, foci: list) -> list:
        import pyoxigraph as ox

        text = self._prepare(shape, c)
        has_this = bool(_BIND_THIS.search(text))
        subs_extra = {}
        if _BIND_CS.search(text):
            if isinstance(shape.node, BNode):
                raise UnsupportedShapeError(f"$currentShape on a blank-node shape ({c.node})")
            subs_extra[ox.Variable("currentShape")] = ox.NamedNode(str(shape.node))
        projected_this = self._projects_this(text)
        rows_by_focus = None
        if has_this and self.sparql_mode == "grouped":
            rows_by_focus = self._grouped_rows(shape, c, text, subs_extra)
        results = []
        to_ox = self._converters()[0]
        for f in foci:
            if rows_by_focus is not None:
                rows = rows_by_focus.get(f, ())
                variables = self._sparql_groups[(shape.node, c.node)][1]
            else:
                subs = dict(subs_extra)
                if has_this:
                    subs[ox.Variable("this")] = to_ox(f)
                rows = self._query(text, subs or None)
                variables = self._last_variables
                if has_this and "this" in variables:
                    i = variables.index("this")
                    rows = [r[:i] + [f] + r[i + 1:] for r in rows]  # pre-bound: ?this is the focus node
            results.extend(self._sparql_results(shape, c, f, rows, variables, projected_this))
        return results

    @staticmethod
    def _projects_this(text: str) -> bool:
        m = _PROJECTION.search(_mask(text))
        if m is None:
            return False
        projection = m.group(2)
        return projection.strip() == "*" or bool(re.search(r"[\$\?]this\b", projection))

    def _grouped_rows(self, shape, c, text, subs_extra):
        """All solutions of the query with $this left free, grouped by ?this (computed once per run)."""
        key = (shape.node, c.node)
        hit = self._sparql_groups.get(key)
        if hit is not None:
            return hit[0]
        grouped = None
        masked = _mask(text)
        if len(_SELECT.findall(masked)) == 1 and not _NOT_GROUPABLE.search(masked):
            m = _PROJECTION.search(masked)
            if m is not None:
                query = text
                if not self._projects_this(text):
                    start = m.start(2)
                    query = text[:start] + "?this " + text[start:]
                rows = self._query(query, subs_extra or None)
                variables = self._last_variables
                i = variables.index("this") if "this" in variables else None
                if i is not None and all(r[i] is not None for r in rows):
                    grouped = {}
                    for r in rows:
                        grouped.setdefault(r[i], []).append(r)
                    self._sparql_groups[key] = (grouped, variables)
        if grouped is None:
            self.per_focus_fallbacks += 1
            self._sparql_groups[key] = (None, None)
        return grouped

    def _sparql_results(self, shape, c, f, rows, variables, projected_this) -> list:
        results = []
        seen: set = set()
        failure_done = False
        result_val = None if shape.is_property else f
        for row in rows:
            bound = {}
            for name, term in zip(variables, row):
                if term is not None:
                    bound[name] = term
            if not projected_this:
                bound.pop("this", None)
            if bound.pop("failure", None) is not None:
                if failure_done:
                    continue
                failure_done = True
                results.append(self._sparql_result(shape, c, f, result_val, None, bound))
                continue
            p = bound.pop("path", None)
            v = bound.pop("value", None)
            t = bound.pop("this", None)
            if p is None and v is None and t is None:
                continue
            key = (t, p, v, frozenset(bound.items()))
            if key in seen:
                continue
            seen.add(key)
            fdict = dict(bound)
            if t is not None:
                fdict["this"] = t
            if p is not None:
                fdict["path"] = p
            value = v if v is not None else result_val
            if value is not None:
                fdict["value"] = value
            results.append(self._sparql_result(shape, c, t or f, value, p, fdict))
        return results

    def _sparql_result(self, shape, c, focus, value, path, fdict) -> RawResult:
        messages = set()
        for m in c.messages:
            if m in shape.messages:
                continue
            messages.add(substitute(str(m.value) if isinstance(m, Literal) else str(m), fdict))
        for m in shape.messages:
            messages.add(substitute(str(m.value) if isinstance(m, Literal) else str(m), fdict))
        message = pick_sparql_message(sorted(messages), c.messages, shape.messages)
        return self._result(shape, focus, "sparql", value, path=path, message=message, source_constraint=c.node)


_MASK = re.compile(r'"""[\s\S]*?"""|' + r"'''[\s\S]*?'''|" + r'"(?:[^"\\\n]|\\.)*"|' + r"'(?:[^'\\\n]|\\.)*'|"
                   + r'<[^<>\s{}"]*>|#[^\n]*')


def _mask(text: str) -> str:
    """Same-length text where string literals, IRIs and comments are blanked (delimiters of strings and IRIs
    kept), so that keywords, braces and variables can be found by position."""
    def blank(m):
        t = m.group(0)
        if t.startswith("#"):
            return " " * len(t)
        if t.startswith('"""') or t.startswith("'''"):
            return t[:3] + " " * (len(t) - 6) + t[-3:]
        return t[0] + " " * (len(t) - 2) + t[-1]
    return _MASK.sub(blank, text)


def _closing(masked: str, open_idx: int):
    depth = 0
    for i in range(open_idx, len(masked)):
        ch = masked[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _enclosing_close(masked: str, idx: int):
    depth = 0
    for i in range(idx, len(masked)):
        ch = masked[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
    return None


_NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*\{", flags=re.I)
_NOT_BGP = re.compile(r"[{}()]|\b(FILTER|BIND|OPTIONAL|UNION|MINUS|VALUES|SERVICE|GRAPH|SELECT|EXISTS)\b", flags=re.I)


def rewrite_not_exists(text: str) -> str:
    """`FILTER NOT EXISTS { basic graph pattern }` -> `OPTIONAL { bgp BIND(true AS ?m) } FILTER(!BOUND(?m))` at the
    end of the same group: the same solutions (the filter's scope is its whole group, and a basic graph pattern
    joined on the group's bindings matches exactly when the pattern with those bindings substituted does), but
    Oxigraph plans the optional as a join on the bound variables, where it evaluates a NOT EXISTS pattern planned
    without them again for every solution (quadratic: 17 s instead of 0.05 s for a SPARQL target at x10).
    Patterns that are not plain triples (nested groups, filters, binds...) are left as they are."""
    done = 0
    start = 0
    while True:
        masked = _mask(text)
        m = _NOT_EXISTS.search(masked, start)
        if m is None:
            return text
        open_idx = m.end() - 1
        close_idx = _closing(masked, open_idx)
        enclosing = _enclosing_close(masked, close_idx + 1) if close_idx is not None else None
        if close_idx is None or enclosing is None or _NOT_BGP.search(masked[open_idx + 1:close_idx]):
            start = m.end()
            continue
        var = f"?_notExists{done}"
        while var in text:
            var += "_"
        inner = text[open_idx + 1:close_idx]
        text = (text[:m.start()] + "FILTER(true)" + text[close_idx + 1:enclosing]
                + f" OPTIONAL {{ {inner} BIND(true AS {var}) }} FILTER(!BOUND({var})) " + text[enclosing:])
        done += 1
        start = m.start() + len("FILTER(true)")


_LATERAL = re.compile(r"\b(FILTER|BIND|EXISTS|OPTIONAL|MINUS)\b", flags=re.I)
_UNION_NEXT = re.compile(r"\s*UNION\s*\{", flags=re.I)


def distribute_unions(text: str) -> str:
    """`{ triples {B1} UNION {B2} ... }` -> `{ {triples B1} UNION {triples B2} ... }` when a branch has a FILTER,
    BIND, OPTIONAL...: rdflib (pySHACL's SPARQL engine, the reference) evaluates a join laterally, a branch seeing
    the bindings of the triples before it, where standard SPARQL (Oxigraph) evaluates each branch on its own, so
    that e.g. `?i isg:role ?this . { ... FILTER NOT EXISTS { ?i isg:porteur ?v } } UNION { ... }` only works on
    rdflib.  Copying the triples into each branch gives rdflib's answers on a standard engine (and the same
    standard answers when no branch refers to them)."""
    for _ in range(50):
        masked = _mask(text)
        changed = False
        for o in [i for i, ch in enumerate(masked) if ch == "{"]:
            close = _closing(masked, o)
            if close is None:
                continue
            j = masked.find("{", o + 1, close)
            if j < 0:
                continue
            prefix = masked[o + 1:j]
            if not prefix.strip() or _NOT_BGP.search(prefix):
                continue
            branches = []
            k = j
            while True:
                kc = _closing(masked, k)
                if kc is None or kc > close:
                    branches = []
                    break
                branches.append((k, kc))
                m = _UNION_NEXT.match(masked, kc + 1)
                if m is None:
                    break
                k = m.end() - 1
            if len(branches) < 2 or not any(_LATERAL.search(masked[a + 1:b]) for a, b in branches):
                continue
            shared = text[o + 1:j].rstrip()
            if not shared.endswith("."):
                shared += " ."
            union = " UNION ".join("{ " + shared + " " + text[a + 1:b] + " }" for a, b in branches)
            text = text[:o + 1] + " " + union + text[branches[-1][1] + 1:]
            changed = True
            break
        if not changed:
            return text
    return text


_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", flags=re.I)
_PNAME = re.compile(r"(?<![\w?$:<])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:((?:[\w-]|\.(?=[\w-]))*)")
_A = re.compile(r"(?<![\w?$:])a(?![\w:-])")


_TOKEN = re.compile(r'\s+|(?P<iri><[^<>]*>)|(?P<str>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"[^"]*"|\'[^\']*\')'
                    r"|(?P<var>[?$]\w+)|(?P<pname>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w-]|\.(?=[\w-]))*)"
                    r"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<word>[A-Za-z_]\w*)"
                    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|(?P<dt>\^\^)|(?P<punct>\S)")
_TERM_KINDS = {"iri", "str", "var", "pname", "num"}


def _has_variable_predicate(body: str) -> bool | None:
    """Whether a triple pattern of the (masked) query body may have any predicate: a variable or a negated
    property set in predicate position.  None when the body uses something this scanner does not follow
    (VALUES, subqueries, blank-node property lists, collections): callers then assume any predicate."""
    tokens = [(m.lastgroup, m.group(0)) for m in _TOKEN.finditer(body) if m.lastgroup]
    i, n = 0, len(tokens)
    state = "subject"

    def skip_parens(k):  # tokens[k] is "(": index after the matching ")"
        depth = 0
        while k < n:
            if tokens[k] == ("punct", "("):
                depth += 1
            elif tokens[k] == ("punct", ")"):
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
        return k

    while i < n:
        kind, text = tokens[i]
        upper = text.upper()
        if kind == "punct" and text in "{}.":
            state = "subject"
            i += 1
        elif kind == "punct" and text == ";":
            state = "verb"
            i += 1
        elif kind == "punct" and text == ",":
            state = "object"
            i += 1
        elif kind == "word" and upper in ("VALUES", "SELECT"):
            return None
        elif kind == "word" and upper in ("FILTER", "BIND") or (kind == "word" and upper == "HAVING"):
            i += 1
            if i < n and tokens[i][0] == "word" and tokens[i][1].upper() in ("NOT", "EXISTS"):
                while i < n and tokens[i][0] == "word" and tokens[i][1].upper() in ("NOT", "EXISTS"):
                    i += 1
                continue  # the group that follows is scanned as a group
            if i < n and tokens[i][0] in ("word", "pname", "iri"):
                i += 1  # a function call: FILTER regex(...)
            if i < n and tokens[i] == ("punct", "("):
                i = skip_parens(i)
            state = "subject"
        elif kind == "word" and upper in ("OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "SILENT", "LATERAL"):
            i += 1
        elif kind == "word" and upper in ("GROUP", "ORDER", "LIMIT", "OFFSET", "BY", "ASC", "DESC"):
            return None
        elif state == "verb":
            if kind == "var":
                return True
            if kind == "punct" and text == "!":
                return True
            while i < n:  # a predicate path: IRIs, "a", operators, parentheses
                k, t = tokens[i]
                if k == "punct" and t == "!":
                    return True
                if k in ("iri", "pname") or (k == "word" and t == "a") or (k == "punct" and t in "^/|*+?()"):
                    i += 1
                    continue
                break
            state = "object"
        elif kind == "punct" and text in "[(":
            return None
        elif kind in _TERM_KINDS or kind == "word":
            i += 1
            while i < n and tokens[i][0] in ("lang", "dt"):  # "x"@fr, "1"^^xsd:integer
                i += 2 if tokens[i][0] == "dt" else 1
            state = "verb" if state in ("subject", "done") else "done"
        else:
            i += 1
    return False


def sparql_predicates(text: str, default_prefixes: dict | None = None):
    """The IRIs a SELECT can match as predicates (every IRI it mentions), or None when it may match any
    predicate (a variable or negated property set in predicate position, BASE, or a construct the scanner does
    not follow): conservative, so loading only the triples of these predicates gives the same solutions."""
    masked = _mask(text)
    if re.search(r"\bBASE\b", masked, flags=re.I):
        return None
    body_start = masked.find("{")
    if body_start < 0:
        return None
    body = masked[body_start:]
    if _has_variable_predicate(body) is not False:
        return None
    prefixes = dict(default_prefixes or {})
    prefixes.update({(m.group(1) or ""): m.group(2) for m in _PREFIX_DECL.finditer(text)})
    iris = {m.group(0)[1:-1] for m in re.finditer(r"<[^<>\s]*>", text[body_start:])}
    for m in _PNAME.finditer(body):
        prefix = m.group(1) or ""
        if prefix not in prefixes:
            return None
        iris.add(prefixes[prefix] + text[body_start + m.start(2):body_start + m.end(2)])
    if _A.search(body):
        iris.add(str(RDF.type))
    return iris



def validate(data: Graph, shapes: Graph, *, extra: Graph | None = None, store=None,
             sparql_mode: str = "grouped", rewrite: bool = True, spill_dir=None) -> Outcome:
    """Validate `data` (plus the triples of `extra`, e.g. SKOS schemes, without copying `data`) against `shapes`.

    `store`: an optional pyoxigraph.Store holding the same triples, used for SPARQL targets and constraints; when
    None, an in-memory store is built from the data (only if the shapes use SPARQL).  `sparql_mode`: "grouped"
    runs each SPARQL constraint once for all focus nodes (falling back to one query per focus node when the query
    does not bind ?this in every solution or uses aggregates, subqueries, VALUES...), "per-focus" always pre-binds
    $this, one query per focus node (the reference behaviour, for tests).  `rewrite`: run the queries as
    `distribute_unions` and `rewrite_not_exists` rewrite them (False only to compare, in tests).
    `spill_dir`: build that store on disk, in a fresh directory under `spill_dir` removed at the end, instead of
    in memory. For graphs larger than national: at 1000x the seeds the in-memory store of the SPARQL predicates'
    triples was most of the 1.3 GB the validation stage added to the build's memory, 191 MB on disk, for 96 s of
    validation instead of 65 (BENCHMARKS.md, "Giving memory back"). Same results (tests/test_shacl_native.py).
    """
    if sparql_mode not in ("grouped", "per-focus"):
        raise ValueError(f"sparql_mode must be 'grouped' or 'per-focus', not {sparql_mode!r}")
    model = compile_shapes(shapes)
    run = _Run(model, data, extra, store, sparql_mode, rewrite, spill_dir)
    try:
        return run.validate()
    finally:
        if run._spill_path is not None:
            import shutil

            run.store = None  # the only reference: the RocksDB store closes here, before its files go
            shutil.rmtree(run._spill_path, ignore_errors=True)
