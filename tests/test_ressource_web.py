"""Resource-centre web pages (Markdown): one experience per page, the Parc as porteur and territory."""

from __future__ import annotations

from pathlib import Path

import pytest

from isgraph.ingest.documents import SourceDocument, read_document
from isgraph.extract.diaporama import DiaporamaExtractor
from isgraph.extract.neoterra import NeoTerraExtractor
from isgraph.extract.ressource_web import RessourceWebExtractor
from isgraph.extract.territoria import TerritoriaExtractor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "001_3372ed18df074b49.txt"
OTHERS = [TerritoriaExtractor, NeoTerraExtractor, RessourceWebExtractor, DiaporamaExtractor]


def mini(text: str, name: str = "902_mini.txt") -> SourceDocument:
    return SourceDocument(name=name, path=Path(name), text=text, sha256="0" * 64)


@pytest.fixture(scope="module")
def record():
    recs = RessourceWebExtractor().extract(read_document(SEED))
    assert len(recs) == 1
    return recs[0]


def test_recognises_its_seed_best():
    doc = read_document(SEED)
    scores = {cls.family: cls.recognise(doc) for cls in OTHERS}
    assert scores["ressource-web"] >= 0.8
    assert all(v < 0.3 for k, v in scores.items() if k != "ressource-web"), scores


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("001_")))
def test_low_on_other_seeds(seed):
    assert RessourceWebExtractor.recognise(read_document(SEEDS / seed)) < 0.3


def test_span_title_porteur(record):
    assert (record.start, record.end) == (30, 44)  # the body paragraphs
    assert record.title == "Lien social et solidarités de proximité"
    assert [m.name for m in record.porteurs] == ["Parc naturel régional Scarpe-Escout"]
    assert [m.name for m in record.territoires] == ["Parc naturel régional Scarpe-Escout"]
    assert record.categorie == "Développement social"


def test_partners_as_written(record):
    names = [m.name for m in record.partenaires]
    for expected in ("Fédération des Parcs", "Mairie-Conseils", "Communauté d'Agglomération de Valenciennes Métropole",
                     "Région Nord-Pas de Calais", "Département du Nord", "CAF", "GEDAS"):
        assert expected in names
    # the fund the experience creates is not a partner, nor is the Parc's own syndicate
    assert not any("FIL" == n or "Fonds d'Initiatives" in n or "Syndicat" in n for n in names)
    assert line_of(record, "GEDAS") == 44
    assert not record.financements  # no money stated


def line_of(record, name):
    return next(m.line for m in record.partenaires if m.name == name)


def test_contributors_are_persons_not_actors(record):
    assert record.personnes == ["Vincent Chassagne"]
    assert not any("Chassagne" in m.name for m in record.partenaires)
    assert record.annee == [2010, 2011]


MINI = """
#### Télécharger :

 [Les jardins nourriciers. Retour sur cinq ans d'expérimentation](#) <sup>[1]</sup>

#### Parc:

Collines d'Ambre

#### Thème ressource:

[Alimentation](#) <sup>[2]</sup>

Depuis 2019, le Parc naturel régional des Collines d'Ambre accompagne des jardins partagés dans douze communes.

Le projet, financé par la Fondation Orvalis, est mené en partenariat avec la Banque Solidaire de l'Oyonne et l'association Terre Commune.

**Type de document** Guide

:

**Auteur(s) :**

Parc des Collines d'Ambre, Fédération des Jardins

**Contributeur(s) :**

Jeanne Martel (Parc des Collines d'Ambre)

**Source URL:** <https://example.org/centre-de-ressources/document/jardins-nourriciers>
"""


def test_invented_page():
    doc = mini(MINI)
    assert RessourceWebExtractor.recognise(doc) >= 0.5
    (r,) = RessourceWebExtractor().extract(doc)
    assert r.title == "Les jardins nourriciers"
    assert [m.name for m in r.porteurs] == ["Parc naturel régional des Collines d'Ambre"]
    assert r.territoires[0].name == "Parc naturel régional des Collines d'Ambre"
    assert [f.funder for f in r.financements] == ["Fondation Orvalis"]
    assert {m.name for m in r.partenaires} == {"Banque Solidaire de l'Oyonne", "association Terre Commune"}
    assert r.personnes == ["Jeanne Martel"]
    assert r.categorie == "Alimentation"
    assert 2019 in r.annee


MINI_FIELDS = """#### Parc:

Parc naturel régional du Val d'Orvalis

#### Thème ressource:

[Mobilité](#)

Le Parc a créé un service de transport solidaire pour les habitants isolés, animé par des bénévoles.

**Partenaires :**

Communauté de communes du Haut-Orvalis, associations locales, Mutualité Orvalienne

**Financeurs :**

Fondation Lumière Verte : 15 000 €, LEADER

**Contact :**

Paul DURAND, paul.durand@example.org, 01 02 03 04 05

**Source URL:** <https://example.org/centre-de-ressources/experience/transport-solidaire>
"""


def test_invented_page_with_fields():
    doc = mini(MINI_FIELDS, "904_mini.txt")
    assert RessourceWebExtractor.recognise(doc) >= 0.5
    (r,) = RessourceWebExtractor().extract(doc)
    assert [m.name for m in r.porteurs] == ["Parc naturel régional du Val d'Orvalis"]
    assert {m.name for m in r.partenaires} == {"Communauté de communes du Haut-Orvalis", "Mutualité Orvalienne"}
    assert "associations locales" in [m.name for m in r.partenaires_generiques]
    funds = {f.funder: f.amount for f in r.financements}
    assert funds == {"Fondation Lumière Verte": 15000, "LEADER": None}
    assert r.personnes == ["Paul DURAND"]
    assert all("DURAND" not in m.name and "@" not in m.name for m in r.partenaires + r.porteurs)


def test_page_without_parc_field_names_the_carrier():
    page = """#### Thème ressource:

[Culture](#)

#### Document(s) lié(s) :

[Rapport d'activité](#)

En 2022, l'association Terre Commune a lancé une fête des voisins itinérante avec la Mutualité Orvalienne.

**Auteur(s) :**

Fédération des Jardins

**Source URL:** <https://example.org/centre-de-ressources/experience/fete-des-voisins-itinerante>
"""
    (r,) = RessourceWebExtractor().extract(mini(page, "906_mini.txt"))
    assert [m.name for m in r.porteurs] == ["association Terre Commune"]
    assert [m.name for m in r.partenaires] == ["Mutualité Orvalienne"]
    assert r.title == "Fete des voisins itinerante"
    assert r.annee == [2022]
