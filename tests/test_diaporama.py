"""Slide decks: initiative sections after a general talk, budget, funders, partner lists."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from isgraph.ingest.documents import SourceDocument, read_document
from isgraph.extract.diaporama import DiaporamaExtractor, split_slides
from isgraph.extract.neoterra import NeoTerraExtractor
from isgraph.extract.ressource_web import RessourceWebExtractor
from isgraph.extract.territoria import TerritoriaExtractor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "004_af2e051b204023d3.txt"
OTHERS = [TerritoriaExtractor, NeoTerraExtractor, RessourceWebExtractor, DiaporamaExtractor]


def mini(text: str, name: str = "903_mini.txt") -> SourceDocument:
    return SourceDocument(name=name, path=Path(name), text=text, sha256="0" * 64)


@pytest.fixture(scope="module")
def records():
    return DiaporamaExtractor().extract(read_document(SEED))


def test_recognises_its_seed_best():
    doc = read_document(SEED)
    scores = {cls.family: cls.recognise(doc) for cls in OTHERS}
    assert scores["diaporama"] >= 0.8
    assert all(v < 0.3 for k, v in scores.items() if k != "diaporama"), scores


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("004_")))
def test_low_on_other_seeds(seed):
    assert DiaporamaExtractor.recognise(read_document(SEEDS / seed)) < 0.3


def test_sections(records):
    # the general talk (lines 1-271) is no initiative; Épicéa, then its project "La semaine du goût"
    assert [(r.title, r.start, r.end) for r in records] == [("Épicéa", 272, 490), ("La semaine du goût", 494, 663)]
    for r in records:
        assert [m.name for m in r.porteurs] == ["CCAS"]  # "une épicerie sociale gérée par un CCAS"


def test_budget_and_funders(records):
    epicea = records[0]
    assert epicea.budget == Decimal(125500)
    assert "DÉPENSES" in epicea.budget_text and "RECETTES" in epicea.budget_text
    funders = {f.funder: f for f in epicea.financements}
    assert set(funders) == {"Conseil Départemental", "ARS", "ANDES", "CRP", "fonds Européens"}
    assert funders["ARS"].line == 348 and "55 000 €" in funders["ARS"].text
    assert all(f.amount is None for f in funders.values())  # 55 000 € is shared by three funders
    assert not epicea.partenaires and records[1].budget is None


def test_partner_lists(records):
    gout = records[1]
    names = {m.name for m in gout.partenaires}
    assert {"CMS", "CAF", "C2S Services", "CADA de Vierzon", "Musée de Vierzon", "Harmony Mutuelle", "AJCV",
            "Banque Alimentaire", "conseil départemental"} <= names
    generic = {m.name for m in gout.partenaires_generiques}
    assert {"associations de quartier", "Crèche", "médiathèque"} <= generic
    # the services of the CCAS itself "(accueil de jour, Ehpad, ...)" are not partners
    assert not ({"accueil de jour", "Ehpad"} & (names | generic))
    # a partner's name revealing the town is not a territory
    assert not gout.territoires and not records[0].territoires
    assert gout.annee == [2015]


def test_slides_split_on_blank_runs():
    slides = split_slides(read_document(SEED))
    assert slides[0].start == 1
    assert any(s.start == 272 for s in slides)  # after "Et place aux débats": a new deck


MINI = """Bienvenue




Le Jardin des Tilleuls,

un jardin partagé

porté par l'association Terre Commune




HISTORIQUE
• 2019 : premières parcelles

• Mars 2020 : ouverture au public




• BUDGET TOTAL : 30 000 €

• Subventions (Fondation Orvalis) 12 000 €

• Cotisations 3 000 €

LE BUDGET




• Partenaires : Mairie de Montclar-sur-Ivre, l'association Les Semeurs, la CAF, les écoles du quartier

LES PARTENAIRES




Merci de votre attention
"""


def test_invented_deck():
    doc = mini(MINI)
    assert DiaporamaExtractor.recognise(doc) >= 0.3
    (r,) = DiaporamaExtractor().extract(doc)
    assert r.title == "Le Jardin des Tilleuls"
    assert [m.name for m in r.porteurs] == ["association Terre Commune"]
    assert r.budget == Decimal(30000)
    assert [(f.funder, f.amount) for f in r.financements] == [("Fondation Orvalis", Decimal(12000))]
    assert {m.name for m in r.partenaires} == {"Mairie de Montclar-sur-Ivre", "association Les Semeurs", "CAF"}
    assert [m.name for m in r.partenaires_generiques] == ["écoles du quartier"]
    assert 2020 in r.annee
    assert r.end < len(doc.lines) - 1  # the closing slide is not part of the initiative


MINI_NO_CARRIER = """Le Relais des Aidants

un service du CCAS de Montclar-sur-Ivre




HISTORIQUE
• Création en septembre 2021

• Accueil des aidants le mardi




• Partenaires : France Alzheimer Orvalis, la MSA, les infirmiers libéraux

FONCTIONNEMENT




• financement CNSA et Conseil Départemental

LE BUDGET




Merci pour votre attention
"""


def test_invented_deck_service_of():
    doc = mini(MINI_NO_CARRIER, "905_mini.txt")
    (r,) = DiaporamaExtractor().extract(doc)
    assert r.title == "Le Relais des Aidants" and r.start == 1
    assert [m.name for m in r.porteurs] == ["CCAS de Montclar-sur-Ivre"]
    assert {f.funder for f in r.financements} == {"CNSA", "Conseil Départemental"}
    assert {m.name for m in r.partenaires} == {"France Alzheimer Orvalis", "MSA"}
    assert 2021 in r.annee


def test_closing_candidates_hold_every_closing_line():
    from isgraph.ingest.documents import read_document
    from isgraph.extract.diaporama import _CLOSING, _closing_candidates

    for path in sorted(SEEDS.glob("*.txt")):
        doc = read_document(path)
        candidates = _closing_candidates(doc)
        if candidates is not None:
            assert {i for i, line in enumerate(doc.lines) if _CLOSING.search(line)} <= candidates
