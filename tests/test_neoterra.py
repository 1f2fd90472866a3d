"""Néo Terra-style sheets: one initiative per table row, functions, partners, document-level funding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from isgraph.ingest.documents import SourceDocument, read_document
from isgraph.extract.diaporama import DiaporamaExtractor
from isgraph.extract.neoterra import NeoTerraExtractor, classify_partner
from isgraph.extract.ressource_web import RessourceWebExtractor
from isgraph.extract.territoria import TerritoriaExtractor
from isgraph.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "003_d2f6919879ef3aac.txt"
GOLD = json.loads((ROOT / "tests" / "data" / "gold" / "003.json").read_text(encoding="utf-8"))
OTHERS = [TerritoriaExtractor, NeoTerraExtractor, RessourceWebExtractor, DiaporamaExtractor]


def mini(text: str, name: str = "901_mini.txt") -> SourceDocument:
    return SourceDocument(name=name, path=Path(name), text=text, sha256="0" * 64)


def same(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 85


def f1(gold: list[str], pred: list[str]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                used.add(j)
                tp += 1
                break
    return tp, len(pred), len(gold)


@pytest.fixture(scope="module")
def records():
    return NeoTerraExtractor().extract(read_document(SEED))


def test_recognises_its_seed_best():
    doc = read_document(SEED)
    scores = {cls.family: cls.recognise(doc) for cls in OTHERS}
    assert scores["neoterra"] >= 0.8
    assert all(v < 0.3 for k, v in scores.items() if k != "neoterra"), scores


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("003_")))
def test_low_on_other_seeds(seed):
    assert NeoTerraExtractor.recognise(read_document(SEEDS / seed)) < 0.3


def test_one_record_per_row(records):
    assert [(r.start, r.end) for r in records] == [tuple(g["lines"]) for g in GOLD]


def test_porteurs_titles_functions_equal_gold(records):
    for r, g in zip(records, GOLD):
        assert len(r.porteurs) == len(g["porteurs"]) and all(
            same(m.name, p) for m, p in zip(r.porteurs, g["porteurs"])), (r.porteurs, g["porteurs"])
        assert same(r.title, g["title"]), (r.title, g["title"])
        assert r.fonctions == g["fonctions_ecosysteme"]  # order of statement, "inspireur" = inspirateur


def test_partners_and_territories_close_to_gold(records):
    tp = np_ = ng = 0
    ttp = tnp = tng = 0
    for r, g in zip(records, GOLD):
        a, b, c = f1(g["partenaires"], [m.name for m in r.partenaires])
        tp, np_, ng = tp + a, np_ + b, ng + c
        a, b, c = f1(g["territoires"], [m.name for m in r.territoires])
        ttp, tnp, tng = ttp + a, tnp + b, tng + c
    assert tp / np_ >= 0.9 and tp / ng >= 0.9
    assert ttp / tnp >= 0.9 and ttp / tng >= 0.9
    ludosens = records[1]
    assert {"Ville de Bègles", "ATIS", "Fondation Groupe EDF", "Bordeaux Métropole"} <= {m.name for m in ludosens.partenaires}
    assert [m.name for m in ludosens.partenaires_generiques] == ["Ecoles"]
    assert "Bègles" not in {m.name for m in ludosens.territoires}  # a partner's name is not a place of the project


def test_structure_named_like_a_person_is_typed(records):
    marie = next(r for r in records if "Curry" in r.title)
    assert [m.name for m in marie.porteurs] == ["association Marie Curry"]  # "L'association vise également ..."


def test_document_level_funding(records):
    for r in records:
        assert len(r.financements) == 1
        f = r.financements[0]
        assert f.document_level and f.line == 26
        assert fold(f.funder) == fold("Région Nouvelle-Aquitaine")


def test_categories_are_enjeux(records):
    assert records[0].categorie == "Enjeu 1 Inclure les publics en difficultés"
    assert records[3].categorie == "Enjeu 2 Donner la parole aux plus jeunes"
    assert records[-1].categorie.startswith("Enjeu 4")


def test_classify_partner():
    assert classify_partner("réseau ALISO")
    assert classify_partner("Planning familial")
    assert not classify_partner("milieu carcéral")
    assert not classify_partner("CCAS")
    assert not classify_partner("organismes « Jeunesse »")
    assert not classify_partner("Centre de formation professionnels")


MINI = """# Fiche Ambition n°5

Depuis 2015, l'appel à projets Solidarités permet à la Région Bocage-Maritime de soutenir les initiatives locales.
Les 60 lauréats ont bénéficié de l'aide financière de la Région.

## Enjeu 1 Nourrir les quartiers

Projet\tActeurs mobilisés\tContribution
<p><b>Les Paniers d'Ormeau</b> livre des légumes aux habitants du quartier des Tilleuls.</p>\t<p>Fondation Lumière Verte, associations de quartier, la CAF, producteurs.</p>\t<p>Le projet agit comme <b>aiguillon</b> et comme <b>connecteur</b>.</p>
--\t--\t--

Enjeu 2

Bouger ensemble

Projet\tActeurs mobilisés\tContribution
A Montclar-sur-Ivre, l'association Roue Libre porte le projet <b>"Vélos pour tous"</b>.\tCommunes du territoire, Mairie de Montclar-sur-Ivre et ADEOP\tRoue Libre joue un rôle <b>d'inspireur</b>.
"""


def test_invented_sheet():
    doc = mini(MINI)
    assert NeoTerraExtractor.recognise(doc) >= 0.5
    recs = NeoTerraExtractor().extract(doc)
    assert len(recs) == 2
    a, b = recs
    assert a.title == "Les Paniers d'Ormeau" and [m.name for m in a.porteurs] == ["Les Paniers d'Ormeau"]
    assert a.categorie == "Enjeu 1 Nourrir les quartiers"
    assert {m.name for m in a.partenaires} == {"Fondation Lumière Verte", "CAF"}
    assert {m.name for m in a.partenaires_generiques} == {"associations de quartier", "producteurs"}
    assert a.fonctions == ["aiguillon", "connecteur"]
    assert "quartier des Tilleuls" in {m.name for m in a.territoires}
    assert b.title == "Vélos pour tous" and [m.name for m in b.porteurs] == ["Roue Libre"]
    assert b.categorie == "Enjeu 2 Bouger ensemble"
    assert {m.name for m in b.partenaires} == {"Mairie de Montclar-sur-Ivre", "ADEOP"}
    assert b.fonctions == ["inspirateur"]
    for r in recs:
        assert [(f.funder, f.document_level, f.line) for f in r.financements] == [("Région Bocage-Maritime", True, 4)]
