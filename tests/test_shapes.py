"""SHACL shapes: every targeted node shape has a valid and an invalid fixture, and each behaves as intended.

Fixtures live in tests/fixtures/shapes/ as ``{shape}-valid.ttl`` and ``{shape}-invalid[-variant].ttl`` where
``{shape}`` is the shape's local name without the ``Shape`` suffix, in kebab case (``InitiativeRolesShape`` →
``initiative-roles``, ``EPCIShape`` → ``epci``).  Each invalid fixture states what it must trigger in header
comments::

    # expect-focus: https://w3id.org/isgraph/id/initiative/...
    # expect-shape: https://w3id.org/isgraph/shapes#InitiativeShape-porteur
    # expect-path: https://w3id.org/isgraph/ontology#porteur        (optional)

The report must contain at least one result, and every result must have that focus node and source shape
(so an invalid fixture fails for the intended reason only).  Validation mirrors the pipeline: the data graph is
merged with ontology/*.ttl, pySHACL runs with inference="none" and advanced=True.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from isgraph import paths

SH = Namespace("http://www.w3.org/ns/shacl#")
ISGSH = Namespace("https://w3id.org/isgraph/shapes#")
FIXTURES = Path(__file__).parent / "fixtures" / "shapes"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for path in paths.shape_files():
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    g = Graph()
    for path in paths.ontology_files():
        g.parse(path, format="turtle")
    return g


def run(fixture: Path) -> tuple[bool, Graph]:
    data = Graph()
    data += ontology_graph()
    data.parse(fixture, format="turtle")
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        abort_on_first=False,
        allow_warnings=False,
    )
    return conforms, report


def kebab(shape: URIRef) -> str:
    local = str(shape).rsplit("#", 1)[-1]
    assert local.endswith("Shape"), local
    local = local[: -len("Shape")]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower()


def targeted_node_shapes() -> list[URIRef]:
    g = shapes_graph()
    return sorted(
        s
        for s in g.subjects(RDF.type, SH.NodeShape)
        if any(g.value(s, p) is not None for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target))
    )


VALID = sorted(FIXTURES.glob("*-valid.ttl"))
INVALID = sorted(FIXTURES.glob("*-invalid*.ttl"))


def expectations(fixture: Path) -> dict[str, set[str]]:
    exp: dict[str, set[str]] = {}
    for line in fixture.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect-(focus|shape|path):\s*(\S+)", line)
        if m:
            exp.setdefault(m.group(1), set()).add(m.group(2))
    return exp


# ---------------------------------------------------------------- structure of the shapes file


def test_shapes_parse_and_exist():
    assert paths.shape_files(), f"no shapes in {paths.SHAPES_DIR}"
    assert len(targeted_node_shapes()) >= 6


def test_every_class_has_a_shape():
    g = shapes_graph()
    targets = set(g.objects(None, SH.targetClass))
    isg = Namespace("https://w3id.org/isgraph/ontology#")
    for cls in ("Initiative", "Acteur", "Financeur", "Territoire", "Role", "Document"):
        assert isg[cls] in targets, cls


def test_every_targeted_node_shape_has_a_fixture_pair():
    names = {f.name for f in FIXTURES.glob("*.ttl")}
    missing = []
    for shape in targeted_node_shapes():
        stem = kebab(shape)
        if f"{stem}-valid.ttl" not in names or f"{stem}-invalid.ttl" not in names:
            missing.append(stem)
    assert not missing, f"shapes without a valid/invalid fixture pair: {missing}"


def test_every_fixture_belongs_to_a_shape():
    stems = {kebab(s) for s in targeted_node_shapes()}
    for f in VALID + INVALID:
        stem = re.sub(r"-(valid|invalid(-[a-z0-9-]+)?)\.ttl$", "", f.name)
        assert stem in stems, f"{f.name}: no node shape {stem!r}"


def test_every_shape_has_bilingual_messages():
    g = shapes_graph()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(g.objects(None, SH.property)) | set(g.objects(None, SH.sparql))
    missing = []
    for s in shapes:
        langs = {m.language for m in g.objects(s, SH.message) if isinstance(m, Literal)}
        if not {"fr", "en"} <= langs:
            missing.append(str(s))
    assert not missing, f"shapes without sh:message @fr and @en: {missing}"


def test_sparql_prefixes_declared():
    g = shapes_graph()
    declared = {str(p) for p in g.objects(None, SH.prefix)}
    assert {"isg", "role", "prov"} <= declared


# ---------------------------------------------------------------- fixtures


@pytest.mark.parametrize("fixture", VALID, ids=[f.name for f in VALID])
def test_valid_fixture_conforms(fixture: Path):
    conforms, report = run(fixture)
    if not conforms:
        msgs = sorted(
            f"{report.value(r, SH.focusNode)} {report.value(r, SH.sourceShape)} {report.value(r, SH.resultPath)}"
            for r in report.objects(None, SH.result)
        )
        pytest.fail(f"{fixture.name} should conform:\n" + "\n".join(msgs))


@pytest.mark.parametrize("fixture", INVALID, ids=[f.name for f in INVALID])
def test_invalid_fixture_fails_for_the_intended_reason(fixture: Path):
    exp = expectations(fixture)
    assert exp.get("focus") and exp.get("shape"), f"{fixture.name}: missing '# expect-focus:' / '# expect-shape:'"
    conforms, report = run(fixture)
    assert not conforms, f"{fixture.name} should not conform"
    # top-level results only (pySHACL also types the nested sh:detail results of sh:node as ValidationResult)
    results = list(report.objects(None, SH.result))
    assert results
    for r in results:
        focus = str(report.value(r, SH.focusNode))
        shape = str(report.value(r, SH.sourceShape))
        path = report.value(r, SH.resultPath)
        assert focus in exp["focus"], f"{fixture.name}: unexpected focus node {focus} (shape {shape})"
        assert shape in exp["shape"], f"{fixture.name}: unexpected source shape {shape} (focus {focus})"
        if "path" in exp:
            assert str(path) in exp["path"], f"{fixture.name}: unexpected path {path}"
        # the report is readable by a person, in both languages.  pySHACL drops the language tag of
        # SPARQL-constraint messages when it substitutes {?var}, so only count them there.
        messages = list(report.objects(r, SH.resultMessage))
        if report.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            assert len(messages) >= 2, f"{fixture.name}: result messages {messages}"
        else:
            langs = {m.language for m in messages if isinstance(m, Literal)}
            assert {"fr", "en"} <= langs, f"{fixture.name}: result messages {messages}"


def test_valid_fixtures_exist_for_each_invalid():
    valid_stems = {f.name[: -len("-valid.ttl")] for f in VALID}
    for f in INVALID:
        stem = re.sub(r"-invalid(-[a-z0-9-]+)?\.ttl$", "", f.name)
        assert stem in valid_stems, f.name


def test_kebab():
    assert kebab(ISGSH.InitiativeRolesShape) == "initiative-roles"
    assert kebab(ISGSH.EPCIShape) == "epci"
    assert kebab(ISGSH.ParcNaturelRegionalShape) == "parc-naturel-regional"


def test_owlrl_reasoned_graph_conforms():
    """End to end: asserted facts only (no isg:Financeur, no isg:finance) + ontology, closed by owlrl, conform."""
    import owlrl

    isg = Namespace("https://w3id.org/isgraph/ontology#")
    asserted = Graph()
    asserted.parse(FIXTURES / "initiative-valid.ttl", format="turtle")
    asserted.remove((None, RDF.type, isg.Financeur))
    asserted.remove((None, isg.finance, None))
    data = Graph()
    data += ontology_graph()
    data += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
    assert (URIRef("https://w3id.org/isgraph/id/acteur/region-ile-de-france"), RDF.type, isg.Financeur) in data
    conforms, _report, text = validate(data, shacl_graph=shapes_graph(), inference="none", advanced=True)
    assert conforms, text
