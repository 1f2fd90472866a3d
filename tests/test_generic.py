"""Generic mentions (issue 14): categories of bodies are recorded on Role nodes, never as isg:Acteur / isg:Financeur."""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner
from rdflib.namespace import RDF

from isgraph.resolve import generic
from isgraph.cli import main
from isgraph.ingest.documents import read_document
from isgraph.rdf.graph import BuildInput, build_graph
from isgraph.namespaces import ISG, ROLE, TYP
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.resolve.territories import ResolveContext


def test_data_file_is_canonical_and_types_exist():
    assert generic.check_data_file() == []


def test_generic_words_are_categories_with_their_type():
    cases = {"Associations": "association", "Banques": "entreprise", "Communes du Parc": "commune",
             "mairies": "commune", "Etat": "etat", "Europe": "europe", "fonds Européens": "europe",
             "Région": "region", "Conseil Départemental": "departement", "Communautés de communes": "epci"}
    for name, code in cases.items():
        found = generic.classify(name)
        assert found is not None, name
        assert found.type_code == code, name


def test_named_bodies_are_not_generic():
    for name in ("ADEME", "Fondation de France", "Région Limousin", "CAF de l'Indre", "Département du Nord",
                 "Association Les Amis du Parc"):
        assert generic.classify(name) is None, name


def test_region_alone_is_resolved_when_the_places_name_one_region():
    # région 75 (Nouvelle-Aquitaine) was merged in 2016: ambiguous; région 11 (Île-de-France) was not
    assert generic.classify("Région", ResolveContext(regions=("75",))) is not None
    assert generic.classify("Région", ResolveContext(regions=("11",))) is None
    assert generic.classify("Région", ResolveContext(regions=("11", "32"))) is not None


def test_body_acronym_alone_is_merged_only_when_the_context_says_so():
    from isgraph.resolve.actors import resolve_name

    assert resolve_name("CAF", ResolveContext(departements=("36",))).canonical == "CAF de l'Indre"
    assert resolve_name("CAF", ResolveContext(departements=("36", "37"))).canonical != "CAF de l'Indre"
    assert resolve_name("CAF", None).key != resolve_name("CAF de l'Indre", None).key


def test_generic_funder_is_a_role_without_actor(tmp_path):
    path = tmp_path / "900_cartes.txt"
    path.write_text("Le projet\nFinanceurs : Communes, ADEME\n", encoding="utf-8")
    doc = read_document(path)
    rec = InitiativeRecord(doc=path.name, title="Le projet", start=1, end=2,
                           financements=[Funding("Communes", 2, Decimal("1000")), Funding("ADEME", 2)])
    g = build_graph([BuildInput(doc, None, [rec])])
    actors = {str(a).rsplit("/", 1)[-1] for a in g.subjects(RDF.type, ISG.Acteur)}
    assert actors == {"ademe"}
    roles = [r for r in g.subjects(ISG.mentionGenerique, None)]
    assert len(roles) == 1
    (r,) = roles
    assert g.value(r, ISG.acteur) is None
    assert g.value(r, ISG.typeRole) == ROLE.financeur
    assert g.value(r, ISG.categorieActeur) == TYP.commune
    assert str(g.value(r, ISG.montant)) == "1000"
    assert int(g.value(r, ISG.ligne)) == 2
    assert len(list(g.objects(None, ISG.financePar))) == 1


def test_ranking_on_the_seeds_has_no_generic_funder(built):
    _, out = built
    res = CliRunner().invoke(main, ["query", "financeurs-classement", "--graph", str(out / "isgraph.ttl"),
                                    "--format", "csv"])
    assert res.exit_code == 0, res.output
    labels = {line.split(",")[1].strip('"') for line in res.output.splitlines()[1:] if line}
    for word in ("Associations", "Banques", "Communes", "Communes du Parc", "Région", "département", "mairies",
                 "Etat", "Europe", "fonds Européens", "Conseil Régional", "Communautés de communes"):
        assert word not in labels
    assert "ADEME" in labels


def test_generic_funders_query_counts_the_role_nodes(built, seed_graph):
    from isgraph.query import queries as q
    from isgraph.query.store import open_for_graph

    _, out = built
    res = q.run_oxigraph(open_for_graph(out / "isgraph.ttl"), q.find_query("financeurs-generiques"))
    counts = {str(row[0]): int(row[2]) for row in res.rows}
    # independent path: walk the role nodes with rdflib
    expected: dict[str, set] = {}
    for r in seed_graph.subjects(ISG.mentionGenerique, None):
        if seed_graph.value(r, ISG.typeRole) == ROLE.financeur:
            cat = seed_graph.value(r, ISG.categorieActeur)
            expected.setdefault(str(cat), set()).update(seed_graph.subjects(ISG.role, r))
    assert counts == {k: len(v) for k, v in expected.items()}
    assert counts[str(TYP.commune)] >= 2 and counts[str(TYP.region)] >= 1
    # none of them is an isg:Financeur
    assert not any((r, ISG.acteur, None) in seed_graph for r in seed_graph.subjects(ISG.mentionGenerique, None))
