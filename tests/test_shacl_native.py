"""The native SHACL engine (isgraph.validate.shacl) against pySHACL, the reference: the same Report everywhere.

Fixtures of tests/fixtures/shapes/, the seed graph, mutated copies of it (one violation each), a synthetic
corpus, and a shapes graph of our own that uses the constraint components the project's shapes do not.
Timings are printed (`pytest -s`), never asserted.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, XSD

from isgraph.validate import shacl
from isgraph.namespaces import FN, ISG, ROLE
from isgraph.resources import ontology_graph, shapes_graph
from isgraph.validate.validation import Report, validate

from conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
ALL_FIXTURES = sorted(FIXTURES.glob("*.ttl"))


def both(graph: Graph, **kwargs) -> tuple[Report, Report]:
    """(pySHACL report, native report), printing their times."""
    t0 = time.perf_counter()
    reference = validate(graph, engine="pyshacl", **kwargs)
    t1 = time.perf_counter()
    native = validate(graph, engine="native", **kwargs)
    t2 = time.perf_counter()
    print(f"\n{len(graph)} triples: pySHACL {t1 - t0:.3f} s, native {t2 - t1:.3f} s")
    return reference, native


def assert_same(reference: Report, native: Report) -> None:
    only_ref = [r for r in reference.results if r not in native.results]
    only_native = [r for r in native.results if r not in reference.results]
    assert not only_ref and not only_native, f"pySHACL only: {only_ref}\nnative only: {only_native}"
    assert native == reference


def fixture_graph(path: Path) -> Graph:
    g = Graph()
    g += ontology_graph()
    g.parse(path, format="turtle")
    return g


# ---------------------------------------------------------------- fixtures of the shapes


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=[f.name for f in ALL_FIXTURES])
def test_fixture_same_report(fixture: Path):
    reference, native = both(fixture_graph(fixture))
    assert_same(reference, native)
    assert native.conforms == ("-valid" in fixture.name or not any(r.severity == "Violation" for r in native.results))


@pytest.mark.parametrize("fixture", [f for f in ALL_FIXTURES if "roles" in f.name or "direct-triple" in f.name],
                         ids=lambda f: f.name)
def test_sparql_once_for_all_focus_nodes_equals_one_query_per_focus_node(fixture: Path):
    g = fixture_graph(fixture)
    grouped = shacl.validate(g, shapes_graph(), sparql_mode="grouped")
    per_focus = shacl.validate(g, shapes_graph(), sparql_mode="per-focus")
    plain = shacl.validate(g, shapes_graph(), sparql_mode="per-focus", rewrite=False)
    key = lambda r: (str(r.focus), str(r.path), r.message, str(r.value))  # noqa: E731
    assert sorted(grouped.results, key=key) == sorted(per_focus.results, key=key) == sorted(plain.results, key=key)
    assert grouped.conforms == per_focus.conforms


def test_the_data_graph_is_not_modified_nor_copied():
    g = fixture_graph(FIXTURES / "initiative-valid.ttl")
    before = set(g)
    store = g.store
    assert validate(g).conforms
    assert set(g) == before and g.store is store


# ---------------------------------------------------------------- the seed graph and mutated copies


@pytest.fixture(scope="module")
def seed_graph_assembled() -> Graph:
    from isgraph.ingest.documents import list_documents
    from isgraph.pipeline import assemble, extract_all

    items = [i for i in extract_all(list_documents(SEEDS), jobs=1) if i.family is not None and i.records]
    graph, _ = assemble(items)
    return graph


def test_seed_graph_same_report_and_conforms(seed_graph_assembled):
    reference, native = both(seed_graph_assembled)
    assert_same(reference, native)
    assert native.conforms, native.text()[:2000]


def first(iterable):
    return sorted(iterable, key=str)[0]


def mutate_remove_required(g):
    doc = first(g.subjects(RDF.type, ISG.Document))
    return [], list(g.triples((doc, ISG.fichier, None))), (doc, "isg:fichier")


def mutate_second_value(g):
    actor = first(g.subjects(RDF.type, ISG.Acteur))
    return [(actor, RDFS.label, Literal("Un autre nom", lang="fr"))], [], (actor, "rdfs:label")


def mutate_wrong_datatype(g):
    ini = first(s for s in g.subjects(RDF.type, ISG.Initiative) if (s, ISG.budget, None) not in g)
    return [(ini, ISG.budget, Literal("1000"))], [], (ini, "isg:budget")


def mutate_ill_typed(g):
    ter = first(g.subjects(RDF.type, ISG.Territoire))
    old = list(g.triples((ter, ISG.population, None)))
    return [(ter, ISG.population, Literal("abc", datatype=XSD.integer))], old, (ter, "isg:population")


def mutate_wrong_class(g):
    ini = first(g.subjects(RDF.type, ISG.Initiative))
    actor = first(g.subjects(RDF.type, ISG.Acteur))
    return [(ini, ISG.territoire, actor)], [], (ini, "isg:territoire")


def mutate_role_without_direct_triple(g):
    role = first(r for r in g.subjects(ISG.typeRole, ROLE.partenaire))
    ini, actor = g.value(None, ISG.role, role), g.value(role, ISG.acteur)
    return [], [(ini, ISG.partenaire, actor)], (role, "isg:partenaire")


def mutate_direct_triple_without_role(g):
    ini = first(g.subjects(RDF.type, ISG.Initiative))
    linked = set(g.objects(ini, ISG.porteur)) | set(g.objects(ini, ISG.partenaire))
    actor = first(a for a in g.subjects(RDF.type, ISG.Acteur) if a not in linked)
    return [(ini, ISG.partenaire, actor)], [], (ini, "isg:partenaire")


def mutate_pattern(g):
    commune = first(g.subjects(RDF.type, ISG.Commune))
    old = list(g.triples((commune, ISG.codeInsee, None)))
    return [(commune, ISG.codeInsee, Literal("ABCDE"))], old, (commune, "isg:codeInsee")


def mutate_language(g):
    ini = first(g.subjects(RDF.type, ISG.Initiative))
    old = list(g.triples((ini, RDFS.label, None)))
    return [(ini, RDFS.label, Literal(str(old[0][2]), lang="en"))], old, (ini, "rdfs:label")


def mutate_nested_shape(g):
    ini = first(g.subjects(RDF.type, ISG.Initiative))
    return [(ini, ISG.theme, FN.aiguillon)], [], (ini, "isg:theme")


def mutate_line_order(g):
    ini = first(g.subjects(RDF.type, ISG.Initiative))
    end = int(g.value(ini, ISG.ligneFin))
    old = list(g.triples((ini, ISG.ligneDebut, None)))
    return [(ini, ISG.ligneDebut, Literal(end + 1))], old, (ini, "isg:ligneDebut")


def mutate_unattached_role(g):
    role = first(g.subjects(RDF.type, ISG.Role))
    return [], list(g.triples((None, ISG.role, role))), (role, "^isg:role")


@contextmanager
def mutated(g: Graph, mutation):
    """The graph with one mutation applied (yields its (focus, path)), restored afterwards: the graph is shared by
    the tests of this module."""
    added, removed, target = mutation(g)
    added = [t for t in added if t not in g]
    for t in removed:
        g.remove(t)
    for t in added:
        g.add(t)
    try:
        yield target
    finally:
        for t in added:
            g.remove(t)
        for t in removed:
            g.add(t)


MUTATIONS = [mutate_remove_required, mutate_second_value, mutate_wrong_datatype, mutate_ill_typed,
             mutate_wrong_class, mutate_role_without_direct_triple, mutate_direct_triple_without_role, mutate_pattern,
             mutate_language, mutate_nested_shape, mutate_line_order, mutate_unattached_role]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__[len("mutate_"):])
def test_mutated_seed_graph_same_report(seed_graph_assembled, mutation):
    g = seed_graph_assembled
    with mutated(g, mutation) as (focus, path):
        reference, native = both(g)
    assert_same(reference, native)
    assert not native.conforms
    found = [r for r in native.results if r.focus == str(focus) and r.path == path and r.severity == "Violation"]
    assert found, native.text()[:3000]
    assert all(r.message and "{" not in r.message for r in native.results)


def test_seed_graph_sparql_modes_agree(seed_graph_assembled):
    """Once-for-all-focus-nodes and per-focus-node SPARQL give the same results, with or without the rewrites,
    on a graph where both SPARQL constraints report (the rewrites only change the plan, on standard SPARQL...)."""
    g = seed_graph_assembled
    added, removed, _ = mutate_direct_triple_without_role(g)
    for t in added:
        g.add(t)
    try:
        key = lambda r: (str(r.focus), str(r.path), r.message, str(r.value))  # noqa: E731
        runs = [sorted(shacl.validate(g, shapes_graph(), sparql_mode=mode, rewrite=rw).results, key=key)
                for mode in ("grouped", "per-focus") for rw in (True, False)]
    finally:
        for t in added:
            g.remove(t)
    assert runs[0] and all(run == runs[0] for run in runs)


def test_project_shapes_need_no_rdflib_lateral_joins(seed_graph_assembled):
    """The project's SPARQL targets are standard SPARQL (RoleDirectTripleShape once filtered inside UNION branches
    on variables bound before the UNION, which only rdflib's lateral joins see): the violation is found with and
    without the `distribute_unions` rewrite, i.e. on any SPARQL engine."""
    g = seed_graph_assembled
    added, removed, (focus, _) = mutate_role_without_direct_triple(g)
    for t in removed:
        g.remove(t)
    try:
        with_rewrite = shacl.validate(g, shapes_graph())
        without = shacl.validate(g, shapes_graph(), rewrite=False)
    finally:
        for t in removed:
            g.add(t)
    assert any(r.focus == focus for r in with_rewrite.results)
    assert any(r.focus == focus for r in without.results)
    assert with_rewrite == without


# ---------------------------------------------------------------- a synthetic corpus


def test_synthetic_2x_corpus_same_report(tmp_path):
    from isgraph import synth
    from isgraph.ingest.documents import list_documents
    from isgraph.pipeline import assemble, extract_all

    synth.generate(2, tmp_path, seed=0)
    items = [i for i in extract_all(list_documents(tmp_path), jobs=1) if i.family is not None and i.records]
    graph, _ = assemble(items)
    reference, native = both(graph)
    assert_same(reference, native)
    assert native.conforms, native.text()[:2000]


# ---------------------------------------------------------------- components the project's shapes do not use

OWN_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<http://example.org/shapes> a owl:Ontology ;
  sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 4 ; sh:pattern "^[a-z]+$" ; sh:flags "i" ] ,
    [ sh:path ex:size ; sh:minExclusive 0 ; sh:maxInclusive 10 ; sh:maxExclusive 11.5 ; sh:datatype xsd:integer ] ,
    [ sh:path ex:color ; sh:in ( ex:Red ex:Green "blue" ) ] ,
    [ sh:path ex:name ; sh:uniqueLang true ; sh:languageIn ( "fr" "en" ) ] ,
    [ sh:path ex:start ; sh:lessThan ex:end ; sh:equals ex:start2 ] ,
    [ sh:path ex:alias ; sh:disjoint ex:name ] ,
    [ sh:path ( ex:parent ex:code ) ; sh:maxCount 1 ; sh:message "Un seul code parent."@fr , "One code."@en ] ,
    [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 1 ] ,
    [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:nodeKind sh:IRI ] ,
    [ sh:path [ sh:inversePath ex:child ] ; sh:class ex:Thing ; sh:severity sh:Info ] ,
    [ sh:path ex:when ; sh:datatype xsd:date ] ,
    [ sh:path ex:flag ; sh:datatype xsd:boolean ; sh:hasValue true ] ,
    [ sh:path ex:dead ; sh:minCount 5 ; sh:deactivated true ] ,
    [ sh:path ex:link ; sh:node ex:LinkedShape ; sh:nodeKind sh:BlankNodeOrIRI ] .
ex:LinkedShape a sh:NodeShape ; sh:property [ sh:path ex:code ; sh:minCount 1 ] .
ex:NodeLevel a sh:NodeShape ; sh:targetNode ex:t1 , ex:missing ; sh:hasValue ex:t1 ; sh:in ( ex:t1 ex:t2 ) ;
  sh:nodeKind sh:IRI .
ex:SubjectsOf a sh:NodeShape ; sh:targetSubjectsOf ex:link ; sh:class ex:Thing ; sh:message "Une chose."@fr .
ex:ObjectsOf a sh:NodeShape ; sh:targetObjectsOf ex:link ; sh:class ex:Linked ; sh:severity sh:Warning .
ex:Sparql a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:sparql [ sh:prefixes <http://example.org/shapes> ;
    sh:message "{$this} a {?n} parents."@fr , "{$this} has {?n} parents."@en ;
    sh:select "SELECT $this ?n WHERE { $this ex:parent ?p . BIND(1 AS ?n) FILTER NOT EXISTS { ?p a ex:Thing } }" ] .
ex:PathSparql a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ;
  sh:sparql [ sh:prefixes <http://example.org/shapes> ;
    sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER(datatype(?value) = xsd:decimal) }" ] .
ex:Thing2 a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:code ; sh:minCount 1 ] .
"""

OWN_DATA = """
@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:t1 a ex:Thing ; ex:code "ab" , "toolong" , "a1" ; ex:size 5 , 0 , 12 , "7" , "x"^^xsd:integer , 3.5 ;
  ex:color ex:Red , ex:Blue , "blue" , "blue"@en ; ex:name "a"@fr , "b"@fr , "c"@de , "d" ;
  ex:start 3 , 9 ; ex:end 5 ; ex:start2 3 ; ex:alias "a"@fr , "z" ;
  ex:parent ex:t2 , ex:t3 ; ex:a 1 ; ex:when "2020-01-01"^^xsd:date , "2020-13-01"^^xsd:date ;
  ex:flag false ; ex:link ex:t2 , [ ex:code "q" ] , "lit" .
ex:t2 a ex:Sub ; ex:code "xy" ; ex:b 2 ; ex:parent _:bn ; ex:flag true ; ex:size 6 ; ex:link ex:t3 .
ex:t3 ex:code "AB" ; ex:child ex:t1 .
_:bn ex:code "cd" .
ex:t4 a ex:Thing2 .
ex:t5 a ex:Thing , ex:Thing2 ; ex:code "ok" ; ex:a 1 ; ex:flag true ; ex:child ex:t4 .
"""


def test_other_components_same_report():
    shapes = Graph().parse(data=OWN_SHAPES, format="turtle")
    data = Graph().parse(data=OWN_DATA, format="turtle")
    reference, native = both(data, shapes=shapes)
    assert_same(reference, native)
    components = {r.message.split(" ")[0] for r in native.results}
    assert len(native.results) >= 30 and len(components) >= 8
    assert {"Violation", "Warning", "Info"} == {r.severity for r in native.results}
    assert {"^ex:child", "ex:parent/ex:code", "ex:parent*"} <= {r.path for r in native.results}


@pytest.mark.parametrize("feature", [
    "sh:or ( [ sh:datatype xsd:string ] [ sh:datatype xsd:integer ] )",
    "sh:not [ sh:class ex:Thing ]",
    "sh:closed true",
    "sh:qualifiedValueShape [ sh:class ex:Thing ] ; sh:qualifiedMinCount 1",
    "sh:unknownComponent 3",
])
def test_an_unsupported_component_raises(feature):
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; {feature} ] .
        """, format="turtle")
    data = Graph().parse(data=OWN_DATA, format="turtle")
    with pytest.raises(shacl.UnsupportedShapeError):
        validate(data, shapes=shapes)


def test_rules_and_custom_components_raise():
    for extra in ("ex:S sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object 1 ] .",
                  "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:myParam ] ."):
        shapes = Graph().parse(data=f"""
            @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
            ex:S a sh:NodeShape ; sh:targetClass ex:Thing . {extra}""", format="turtle")
        with pytest.raises(shacl.UnsupportedShapeError):
            shacl.validate(Graph(), shapes)


def test_every_component_of_the_project_shapes_is_supported():
    model = shacl.compile_shapes(shapes_graph())
    used = {name for s in model.shapes.values() for name, _ in s.components}
    assert {"class", "datatype", "sparql", "node", "property", "lessThanOrEquals"} <= used
    assert len(model.targeted) >= 10


# ---------------------------------------------------------------- query rewrites (Oxigraph)


def test_rewrites_keep_the_solutions_of_standard_queries():
    import pyoxigraph as ox

    data = Graph().parse(data=OWN_DATA, format="turtle")
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    queries = [
        "SELECT ?s WHERE { ?s a <http://example.org/Thing> FILTER NOT EXISTS { ?s <http://example.org/b> ?x } }",
        "SELECT ?s ?p WHERE { ?s <http://example.org/parent> ?p . "
        "FILTER NOT EXISTS { ?p a <http://example.org/Thing> . ?p <http://example.org/code> ?c } }",
        "SELECT ?s WHERE { { ?s <http://example.org/a> ?v } UNION { ?s <http://example.org/b> ?v } "
        "FILTER NOT EXISTS { ?s <http://example.org/flag> true } }",
        "SELECT ?s WHERE { ?s <http://example.org/code> ?c . FILTER NOT EXISTS { ?s <http://example.org/x> ?c . "
        "FILTER(?c = 'q') } }",
    ]
    def name(t) -> str:  # blank nodes have other labels in each engine
        return "_" if isinstance(t, (BNode, ox.BlankNode)) else getattr(t, "value", str(t))

    def oxigraph(text):
        return sorted(tuple(name(t) for t in sol) for sol in store.query(text))

    for q in queries:
        rewritten = shacl.rewrite_not_exists(q)
        assert rewritten != q or "FILTER(?c" in q
        assert oxigraph(rewritten) == oxigraph(q), q
        assert oxigraph(q) == sorted(tuple(name(t) for t in row) for row in data.query(q)), q


def test_predicates_of_a_query():
    p = shacl.sparql_predicates
    assert p("SELECT * WHERE { ?s ?p ?o }") is None
    assert p("SELECT * WHERE { ?s <a:b> ?o ; ?q ?x }") is None
    assert p("SELECT * WHERE { ?s <a:b>/!<c:d> ?o }") is None
    assert p("PREFIX x: <http://x/> SELECT * WHERE { ?s x:p ?o FILTER NOT EXISTS { ?o x:q ?z } }") == \
        {"http://x/p", "http://x/q"}
    assert str(RDF.type) in p("SELECT * WHERE { ?s a <a:C> }")


# ---------------------------------------------------------------- the command line


def test_cli_engines_print_the_same_report(tmp_path):
    from click.testing import CliRunner

    from isgraph.cli import main

    path = tmp_path / "g.ttl"
    fixture_graph(FIXTURES / "initiative-roles-invalid.ttl").serialize(path, format="turtle")
    runner = CliRunner()
    native = runner.invoke(main, ["validate", str(path)])
    reference = runner.invoke(main, ["validate", "--engine", "pyshacl", str(path)])
    assert native.exit_code == reference.exit_code == 1
    assert native.output == reference.output and "Violation" in native.output


@pytest.mark.parametrize("mutation", [mutate_role_without_direct_triple, mutate_direct_triple_without_role,
                                      mutate_unattached_role], ids=lambda m: m.__name__[len("mutate_"):])
def test_sparql_store_loaded_in_small_pieces_same_report(seed_graph_assembled, mutation, monkeypatch):
    """The SPARQL store is filled with N-Triples pieces (a national graph's are gigabytes of text): pieces of
    ~2,000 characters give the same report as one piece, on graphs whose SPARQL shapes find violations."""
    g = seed_graph_assembled
    with mutated(g, mutation):
        whole = validate(g, engine="native")
        pieces: list[int] = []
        chunks = shacl._Run._ntriples_chunks

        def small(self, predicates, size=1 << 23):
            for chunk in chunks(self, predicates, 2000):
                pieces.append(len(chunk))
                yield chunk
        monkeypatch.setattr(shacl._Run, "_ntriples_chunks", small)
        piecewise = validate(g, engine="native")
    assert len(pieces) > 50 and max(pieces) < 6000  # really in pieces
    assert not whole.conforms
    assert_same(whole, piecewise)


@pytest.mark.parametrize("mutation", [mutate_role_without_direct_triple, mutate_direct_triple_without_role,
                                      mutate_unattached_role], ids=lambda m: m.__name__[len("mutate_"):])
def test_sparql_store_on_disk_same_report_and_removed(seed_graph_assembled, mutation, tmp_path, monkeypatch):
    """With spill_dir (the build, above SPILL_MIN_TRIPLES) the SPARQL store is on disk: same report as in memory,
    on graphs whose SPARQL shapes find violations; the store really is on disk while the queries run, and its
    directory is gone after."""
    g = seed_graph_assembled
    seen: list[list[str]] = []
    query = shacl._Run._query

    def spying(self, text, substitutions=None):
        rows = query(self, text, substitutions)
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        return rows
    with mutated(g, mutation):
        memory = validate(g, engine="native")
        monkeypatch.setattr(shacl._Run, "_query", spying)
        disk = validate(g, engine="native", spill_dir=tmp_path)
    assert not memory.conforms
    assert_same(memory, disk)
    assert seen and all(len(names) == 1 and names[0].startswith(".isgraph-shacl-") for names in seen)
    assert list(tmp_path.iterdir()) == []


def test_blank_nodes_keep_their_identity_in_the_sparql_store():
    """With blank nodes in the data the store is filled term by term (an N-Triples parse renames blank nodes): a
    SPARQL target selecting blank nodes gives the focus nodes pySHACL gives."""
    data = Graph().parse(data="""
        @prefix ex: <http://ex.org/> .
        ex:a ex:p _:b1 . _:b1 ex:q "x" . _:b1 a ex:C .
        ex:c ex:p _:b2 . _:b2 a ex:C .
    """, format="turtle")
    shapes = Graph().parse(data="""
        @prefix ex: <http://ex.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ;
            sh:select "SELECT ?this WHERE { ?this a <http://ex.org/C> ; ^<http://ex.org/p> ?x }" ] ;
          sh:property [ sh:path ex:q ; sh:minCount 1 ] .
    """, format="turtle")
    import pyshacl

    ref_conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    out = shacl.validate(data, shapes)
    assert out.conforms is ref_conforms is False
    assert len(out.results) == 1


def test_a_build_whose_graph_is_large_validates_on_disk_with_the_same_output(built, seeds_dir, tmp_path, monkeypatch):
    """Above pipeline.SPILL_MIN_TRIPLES the build's SPARQL store is on disk beside the output: lowered to 0, a
    build of the seeds publishes the same report and graph, and leaves nothing beside its output."""
    from isgraph import pipeline

    result, out = built
    validated: list = []
    real = pipeline.validate

    def spy(graph, **kw):
        validated.append(kw.get("spill_dir"))
        return real(graph, **kw)
    monkeypatch.setattr(pipeline, "SPILL_MIN_TRIPLES", 0)
    monkeypatch.setattr(pipeline, "validate", spy)
    target = tmp_path / "dist"
    pipeline.build(seeds_dir, target, jobs=1, site="never", answers="never", store=False, cache=False)
    assert validated == [tmp_path.resolve()]
    assert (target / "report.txt").read_bytes() == (out / "report.txt").read_bytes()
    assert (target / "isgraph.nt").read_bytes() == (out / "isgraph.nt").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
