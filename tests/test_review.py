"""`isgraph review` (issue 14): the weakest extractions with file:line, generic checks on titles and names."""

from __future__ import annotations

from click.testing import CliRunner

from isgraph import review as rv
from isgraph.cli import main


def test_title_checks():
    assert "titre-inacheve" in rv.title_problems("Le PNR des Caps et Marais d'Opale a réalisé un « sillon des artistes")
    assert "titre-phrase" in rv.title_problems("Le PNR des Caps et Marais d'Opale a réalisé un « sillon des artistes")
    assert "titre-inacheve" in rv.title_problems("Des inventaires citoyens de la")
    assert "titre-phrase" in rv.title_problems("Le Parc et ENRx ont accompagné")
    assert "titre-long" in rv.title_problems("Un " + "très " * 20 + "long titre")
    for ok in ("Enerterre", "ISOLE TOIT, mais pas tout seul", "Le ZEF, café associatif", "Voyage en 2050",
               "Les archives valorisées dans un dôme numérique à 360°", "Le bistrot « Chez nous »"):
        assert rv.title_problems(ok) == [], ok


def test_name_checks():
    assert rv.name_problems("promotion écoconstruction") == ["pas-un-organisme"]
    assert rv.name_problems("espace info énergie") == ["pas-un-organisme"]
    assert "nom-coupe" in rv.name_problems("s Unités Territoriales d'Actions Sociales de la Creuse")
    assert rv.name_problems("CAF") == ["organisme-non-localise"]
    for ok in ("ADEME", "CAF de l'Indre", "association Marie Curry", "Fondation de France", "réseau ALISO"):
        assert rv.name_problems(ok) == [], ok


def test_review_command_on_the_seeds(built):
    _, out = built
    res = CliRunner().invoke(main, ["review", str(out)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].endswith("points à vérifier :")
    body = [line for line in lines if ".txt:" in line]
    kinds = {line.split()[1] for line in body}
    assert {"mention-generique", "titre-phrase", "financeur-sans-montant"} <= kinds
    # every finding names a file and a line of a seed document
    for line in body:
        where = line.split()[0]
        name, _, number = where.rpartition(":")
        assert name.endswith(".txt") and int(number) >= 1
    # the most worth checking first
    weights = [rv.KINDS[line.split()[1]][0] for line in body]
    assert weights == sorted(weights)
    only = CliRunner().invoke(main, ["review", str(out / "isgraph.ttl"), "-k", "mention-generique", "-f", "csv"])
    rows = only.stdout.splitlines()
    assert rows[0] == "fichier,ligne,probleme,initiative,detail"
    assert rows[1:] and all(",mention-generique," in r for r in rows[1:])
    bad = CliRunner().invoke(main, ["review", str(out), "-k", "nope"])
    assert bad.exit_code == 2


def test_data_files_are_canonical():
    from isgraph.resolve.actors import canonical_table_text, canonical_word_list_text, read_table
    from isgraph.query.tables import COLUMNS_FILE, COLUMNS_HEADER

    assert rv.FUNCTION_WORDS_FILE.read_text(encoding="utf-8") == canonical_word_list_text(rv.FUNCTION_WORDS_FILE)
    table = read_table(COLUMNS_FILE, COLUMNS_HEADER)
    assert COLUMNS_FILE.read_text(encoding="utf-8") == canonical_table_text(table)
