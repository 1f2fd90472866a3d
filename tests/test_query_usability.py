"""`isgraph query` for people (issue 14): parameter values by label / code / IRI, suggestions, tables."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from isgraph.query import tables
from isgraph.cli import main
from isgraph.query.params import Candidate, resolve_value
from isgraph.errors import QueryError
from isgraph.query.queries import Result


@pytest.fixture(scope="module")
def out(built):
    return built[1]


def q(out, *args, env=None):
    return CliRunner().invoke(main, ["query", *args, "--graph", str(out)], env=env or {"COLUMNS": "200"})


def _initiatives(res) -> set[str]:
    assert res.exit_code == 0, res.output
    return {row.split(",")[2] for row in res.stdout.splitlines()[1:]}


def test_territory_by_label_code_and_iri_gives_the_same_rows(out):
    by_iri = _initiatives(q(out, "initiatives-par-territoire", "-p", "territoire=ter:region-32", "-f", "csv"))
    assert by_iri
    assert _initiatives(q(out, "initiatives-par-territoire", "-p", "territoire=Hauts-de-France", "-f", "csv")) == by_iri
    assert _initiatives(q(out, "initiatives-par-territoire", "-p", "territoire=hauts de france", "-f", "csv")) == by_iri
    assert _initiatives(q(out, "initiatives-par-territoire", "-p", "territoire=32", "-f", "csv")) == by_iri


def test_theme_by_label_or_code(out):
    by_label = q(out, "initiatives-par-theme", "-p", "theme=précarité énergétique", "-f", "csv")
    by_code = q(out, "initiatives-par-theme", "-p", "theme=precarite-energetique", "-f", "csv")
    assert by_label.exit_code == 0 and by_label.stdout == by_code.stdout
    assert len(by_label.stdout.splitlines()) > 1


def test_unknown_value_is_an_error_with_suggestions(out):
    res = q(out, "initiatives-par-territoire", "-p", "territoire=Hauts-de-Franse")
    assert res.exit_code == 2
    assert "did you mean" in res.output and "Hauts-de-France" in res.output and "Traceback" not in res.output
    res = q(out, "initiatives-par-territoire", "-p", "territoire=ter:region-99")
    assert res.exit_code == 2 and "unknown territoire" in res.output


def test_ambiguous_value_lists_the_candidates():
    found = [Candidate(URIRef("https://w3id.org/isgraph/id/territoire/departement-32"), {"Gers"}, {"32"}),
             Candidate(URIRef("https://w3id.org/isgraph/id/territoire/region-32"), {"Hauts-de-France"}, {"32"})]
    with pytest.raises(QueryError) as exc:
        resolve_value("territoire", "32", found)
    assert "ambiguous" in str(exc.value) and "Gers" in str(exc.value) and "Hauts-de-France" in str(exc.value)
    assert resolve_value("territoire", "Gers", found) == found[0].iri


def test_unknown_query_name_suggests_the_closest(out):
    res = q(out, "financeurs-classemnt")
    assert res.exit_code == 2 and "did you mean: financeurs-classement" in res.output


def test_graph_directory_and_default_graph_named_on_stderr(out, monkeypatch):
    res = CliRunner().invoke(main, ["query", "financeurs-classement", "-f", "csv", "--graph", str(out)])
    assert res.exit_code == 0 and res.stdout.startswith("financeur,")
    monkeypatch.chdir(out.parent)  # out is .../dist: the default graph
    res = CliRunner().invoke(main, ["query", "financeurs-classement", "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert "dist/isgraph.ttl" in res.stderr and res.stdout.startswith("financeur,")


def test_table_shows_labels_french_headings_and_dashes(out):
    res = q(out, "financeurs-classement")
    lines = res.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "financeur"
    assert "montant connu (€)" in lines[0] and "act:" not in res.stdout
    ademe = next(line for line in lines if line.startswith("ADEME "))
    assert ademe.split("|")[2].strip() == "–"  # no amount declared: not 0
    assert "1\u202f500\u202f000" in res.stdout
    iris = q(out, "financeurs-classement", "--iris")
    assert "act:ademe" in iris.stdout


def test_table_fits_the_terminal(out):
    res = q(out, "financeurs-precarite-energetique", env={"COLUMNS": "60"})
    assert res.exit_code == 0
    assert all(len(line) <= 60 for line in res.stdout.splitlines())
    assert "…" in res.stdout


def test_markdown_format(out):
    res = q(out, "financeurs-classement", "-f", "markdown")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("| financeur |") and lines[1].startswith("|---|")


def test_for_people_hand_made_result():
    r = Result(["financeur", "financeurLabel", "montantConnu", "montantsDeclares"],
               [[URIRef("https://w3id.org/isgraph/id/acteur/x"), Literal("X", lang="fr"), Literal(0), Literal(0)],
                [URIRef("https://w3id.org/isgraph/id/acteur/y"), Literal("Y", lang="fr"), Literal(2500), Literal(1)]])
    t = tables.for_people(r)
    assert t.headers == ["financeur", "montant connu (€)", "montants déclarés"]
    assert t.rows == [["X", "–", "0"], ["Y", "2\u202f500", "1"]]
    assert tables.fit([50, 10, 5], 40) == [19, 10, 5]


def test_federated_query_offline_is_one_line(out, monkeypatch):
    import socket

    def refuse(*_a, **_k):
        raise OSError("network disabled in the test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    listed = CliRunner().invoke(main, ["queries"])
    assert "population-communes" in listed.stdout and "federated" in listed.stdout
    res = q(out, "population-communes")
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("isgraph: error:")]
    assert len(errors) == 1 and "network" in errors[0]
