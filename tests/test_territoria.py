"""TERRITORIA press kits: recognition, laureate blocks, collectivity names, prizes, fields vs the dev gold."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from isgraph.ingest.documents import SourceDocument, read_document
from isgraph.extract.diaporama import DiaporamaExtractor
from isgraph.extract.neoterra import NeoTerraExtractor
from isgraph.extract.ressource_web import RessourceWebExtractor
from isgraph.extract.territoria import (
    TerritoriaExtractor,
    find_budget,
    find_organisations,
    find_years,
    parse_palmares,
)
from isgraph.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "002_88f36d25790b1621.txt"
GOLD = json.loads((ROOT / "tests" / "data" / "gold" / "002_dev.json").read_text(encoding="utf-8"))
OTHERS = [TerritoriaExtractor, NeoTerraExtractor, RessourceWebExtractor, DiaporamaExtractor]


def mini(text: str, name: str = "900_mini.txt") -> SourceDocument:
    return SourceDocument(name=name, path=Path(name), text=text, sha256="0" * 64)


@pytest.fixture(scope="module")
def records():
    return TerritoriaExtractor().extract(read_document(SEED))


def by_start(records):
    return {r.start: r for r in records}


# ---- recognition ------------------------------------------------------------------------------------------------


def test_recognises_its_seed_best():
    doc = read_document(SEED)
    scores = {cls.family: cls.recognise(doc) for cls in OTHERS}
    assert scores["territoria"] >= 0.8
    assert all(v < 0.3 for k, v in scores.items() if k != "territoria"), scores


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("002_")))
def test_low_on_other_seeds(seed):
    assert TerritoriaExtractor.recognise(read_document(SEEDS / seed)) < 0.3


# ---- structure ----------------------------------------------------------------------------------------------------


def test_counts_fifty_laureates(records):
    assert len(records) == 50  # "50 collectivités ont été distinguées"


def test_line_spans_equal_gold(records):
    got = by_start(records)
    for g in GOLD:
        r = got.get(g["lines"][0])
        assert r is not None, g["title"]
        assert (r.start, r.end) == tuple(g["lines"]), g["title"]


def test_titles_porteurs_prizes_categories_equal_gold(records):
    got = by_start(records)
    for g in GOLD:
        r = got[g["lines"][0]]
        assert fold(r.title) == fold(g["title"])
        assert fold(r.porteurs[0].name) == fold(g["porteurs"][0]), (r.porteurs, g["porteurs"])
        assert r.prix == g["prix"], g["title"]
        assert fold(r.categorie) == fold(g["categorie"]), g["title"]
        assert fold(r.territoires[0].name) == fold(g["territoires"][0])


def test_budget_only_real_figures(records):
    got = by_start(records)
    for g in GOLD:
        r = got[g["lines"][0]]
        expected = None if g["budget_eur"] is None else Decimal(str(g["budget_eur"]))
        assert r.budget == expected, g["title"]
    biodiversite = next(r for r in records if r.title.startswith("Politique de soutien à la biodiversité"))
    assert biodiversite.budget == Decimal(500000) and biodiversite.budget_period == "annuel"
    # savings, prices, revenues are not budgets
    for title in ("Déchèterie de nouvelle génération", "Les clips", "Les Petites Unités de Vie", "La Maison des Internes"):
        assert next(r for r in records if r.title.startswith(title)).budget is None


def test_named_partners_and_funders(records):
    got = by_start(records)
    assert {m.name for m in got[216].partenaires} == {"APHP", "Sénat"}
    assert [f.funder for f in got[233].financements] == ["Région"]  # "avec un budget raisonnable et l'aide de la Région"
    assert [m.name for m in got[453].partenaires] == ["DINSIC"]
    assert not got[453].financements  # "financée par la région Grand Est" is the porteur itself
    brunoy = got[491]
    assert "Les Ailes du Moulin" in [m.name for m in brunoy.porteurs]  # "a remporté l'appel à projet"
    assert any("CAF de l'Essonne" == m.name for m in brunoy.partenaires)
    assert {"place de la Pyramide", "Brunoy"} <= {m.name for m in brunoy.territoires}


def test_contacts_are_not_actors(records):
    turbine = next(r for r in records if r.title.startswith("Ça turbine"))
    assert turbine.personnes == ["Denis Cheissoux"]
    for r in records:
        assert "Cheissoux" not in " ".join(m.name for m in r.partenaires + r.porteurs)


def test_header_rules(records):
    names = {m.name for r in records for m in r.porteurs}
    for expected in ("Communauté d'agglomération Le Grand Chalon", "Département de la Haute-Saône", "CCAS de Nancy",
                     "Ville de Châlons-en-Champagne", "Mairie du 5e arrondissement de Paris", "Ville d'Orly",
                     "Ville du Gosier", "Département des Hauts-de-Seine", "Communauté d'agglomération Lannion-Trégor",
                     "Région Bourgogne-Franche-Comté", "Département de la Drôme", "Ville de Romans"):
        assert expected in names


def test_palmares_counts_repeated_entries():
    entries = parse_palmares(read_document(SEED))
    paris_argent = [e for e in entries if e.name == "Paris" and e.prize == "argent"]
    assert paris_argent and paris_argent[0].count == 2
    # "21 TERRITORIA Or, 20 TERRITORIA Argent et 9 TERRITORIA Bronze" (one Argent laureate is "la Drôme et Romans")
    assert sum(e.count for e in entries if e.prize == "or") == 21
    assert sum(e.count for e in entries if e.prize == "bronze") == 9
    assert sum(e.count for e in entries if e.prize == "argent") == 21


# ---- helpers --------------------------------------------------------------------------------------------------------


def test_find_years_and_budget_helpers():
    assert find_years("De 2015 à 2019, l'école a travaillé") == [2015, 2016, 2017, 2018, 2019]
    assert find_years("Après l'incendie criminel, en 2017, du collège") == []
    assert find_budget("le coût du mégawatt/heure devrait passer de 100 à 65€ TTC") is None
    assert find_budget("(budget : 12 500€) la ville").value == Decimal(12500)


def test_find_organisations_generic_prose():
    text = ("En partenariat avec l'association « Les Jardins d'Orvalis » et la Fondation Lumière Verte, "
            "le Conseil des Anciens a mobilisé la CAF de la Sylvanie et des associations locales.")
    names = [o.name for o in find_organisations(text)]
    assert "Les Jardins d'Orvalis" in names
    assert "Fondation Lumière Verte" in names
    assert "CAF de la Sylvanie" in names
    assert not any("associations" in n for n in names)


# ---- genericity: an invented press kit --------------------------------------------------------------------------------

MINI = """ Prix TERRITORIA 2031

Le jury a distingué 6 collectivités.

TERRITORIA OR : à la région Vallée Bleue ; aux départements du Haut-Lorrain, de la Basse-Oyonne ;
aux villes de Montclar-sur-Ivre, Val-des-Prés (2 fois) ; au CCAS de Fontbrune.
TERRITORIA ARGENT : à la communauté d'agglomération du Grand Ormeau ; aux villes de Val-des-Prés,
Saint-Aubrac.
TERRITORIA BRONZE : aux villes de Montclar-sur-Ivre.

RESUME DES DOSSIERS LAUREATS

Lien social

MONTCLAR-SUR-IVRE (99)
La ressourcerie des voisins

En partenariat avec l'association « Les Amis du Pressoir » et la Fondation Lumière Verte, la ville a ouvert
une ressourcerie dans le quartier des Tilleuls. Le projet, réalisé avec l'aide de la Région, a un budget : 48 000 €.
Depuis 2027, 300 habitants y participent.

CA GRAND ORMEAU
Le bus des saisons

Un bus itinérant dessert les hameaux. Le coût du ticket est de 2 €, soit 30 000 € d'économies par an.

 Mobilité
CD BASSE-OYONNE
Le covoiturage des collégiens

Les familles s'inscrivent sur une plateforme gérée avec l'ADEOP (Agence départementale des mobilités).

CCAS FONTBRUNE
Une épicerie solidaire

Le CCAS a ouvert une épicerie avec les commerçants du marché et la Banque Solidaire de l'Oyonne.
Budget annuel de 20 000 €.

DEPARTEMENT DU HAUT-LORRAIN
Les cafés de l'autonomie pour les aidants
des communes rurales

Le Département réunit chaque mois les aidants avec l'association des familles rurales de Sarvignac.

SAINT-AUBRAC
Les rencontres du jeudi

Chaque jeudi, des habitants volontaires animent un café des parents.
"""


def test_invented_press_kit():
    doc = mini(MINI)
    assert TerritoriaExtractor.recognise(doc) >= 0.5
    recs = TerritoriaExtractor().extract(doc)
    assert [r.title for r in recs] == ["La ressourcerie des voisins", "Le bus des saisons", "Le covoiturage des collégiens",
                                      "Une épicerie solidaire",
                                      "Les cafés de l'autonomie pour les aidants des communes rurales",
                                      "Les rencontres du jeudi"]
    a, b, c, d, f, e = recs
    assert [m.name for m in f.porteurs] == ["Département du Haut-Lorrain"] and f.prix == "or"
    assert [m.name for m in f.partenaires] == ["association des familles rurales de Sarvignac"]
    assert f.categorie == "Mobilité"
    assert [m.name for m in a.porteurs] == ["Ville de Montclar-sur-Ivre"]
    assert a.prix is None  # OR and BRONZE: ambiguous
    assert a.categorie == "Lien social" and c.categorie == "Mobilité"
    assert {m.name for m in a.partenaires} == {"Les Amis du Pressoir", "Fondation Lumière Verte"}
    assert [f.funder for f in a.financements] == ["Région"]
    assert a.budget == Decimal(48000)
    assert 2027 in a.annee
    assert {"Montclar-sur-Ivre", "quartier des Tilleuls"} <= {m.name for m in a.territoires}
    assert [m.name for m in b.porteurs] == ["Communauté d'agglomération du Grand Ormeau"] and b.prix == "argent"
    assert b.budget is None  # a price and savings, not a budget
    assert [m.name for m in c.porteurs] == ["Département de la Basse-Oyonne"] and c.prix == "or"
    assert [m.name for m in c.partenaires] == ["ADEOP"]
    assert [m.name for m in d.porteurs] == ["CCAS de Fontbrune"] and d.prix == "or"
    assert [m.name for m in d.partenaires] == ["Banque Solidaire de l'Oyonne"]
    assert d.budget == Decimal(20000) and d.budget_period == "annuel"
    assert [m.name for m in e.porteurs] == ["Ville de Saint-Aubrac"] and e.prix == "argent"
    assert e.end == len(doc.lines)
