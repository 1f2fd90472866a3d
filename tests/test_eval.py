"""Extraction quality on the dev gold (a ratchet: raise the floors as quality rises, never lower them)."""

import json

import pytest
from click.testing import CliRunner

from isgraph.cli import main
from isgraph.evaluation import evaluate, load_gold, match_names, similar

from conftest import GOLD

# issue targets, then raised to what the extraction reaches (rounded down); never lower these
# themes 0.805 (0.812 before the keywords for unseen text, BENCHMARKS.md, Themes)
FLOORS_F1 = {"porteurs": 0.98, "financeurs": 0.98, "partenaires": 0.97, "territoires": 0.90, "themes": 0.80}
INITIATIVES_RECALL, INITIATIVES_PRECISION = 0.99, 0.99
BUDGET_EXACT = 0.95


@pytest.fixture(scope="module")
def scores(seed_graph):
    return evaluate(seed_graph, load_gold(GOLD))


def test_initiatives_found(scores):
    assert scores.initiatives.recall >= INITIATIVES_RECALL
    assert scores.initiatives.precision >= INITIATIVES_PRECISION


@pytest.mark.parametrize("field", sorted(FLOORS_F1))
def test_field_f1_floor(scores, field):
    assert scores.fields[field].f1 >= FLOORS_F1[field], scores.table()


def test_budget_exact(scores):
    assert scores.budget_accuracy >= BUDGET_EXACT, scores.table()


def test_fuzzy_name_matching_handles_french_abbreviations():
    assert similar("PNR du Vexin français", "Parc naturel régional du Vexin français") >= 85
    assert similar("CD HAUTE-SAONE", "Conseil départemental de la Haute-Saône") >= 85
    assert similar("CC Mad et Moselle", "Communauté de communes Mad et Moselle") >= 85
    assert similar("Région Nouvelle Aquitaine", "Région Nouvelle-Aquitaine") == 100
    assert similar("CAF de l'Indre", "CAF de l'Isère") < 85
    assert similar("Ville de Paris", "Ville de Pau") < 85


def test_match_names_is_one_to_one():
    tp, missed, false = match_names(["ADEME", "ADEME"], [["ADEME"]])
    assert (tp, missed, false) == (1, ["ADEME"], [])


def test_eval_command_prints_table_and_details(built):
    _, out = built
    res = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--graph", str(out / "isgraph.ttl"), "--details"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].split()[:4] == ["field", "precision", "recall", "F1"]
    js = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--graph", str(out / "isgraph.ttl"), "--json"])
    assert set(json.loads(js.output)) >= {"initiatives", "porteurs", "financeurs", "themes", "budget"}
