"""The "cartes postales" extractor: recognition, card boundaries, fields as the text states them, genericity."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from isgraph.ingest.documents import read_document
from isgraph.extract.cartes_postales import CartesPostalesExtractor
from isgraph.extract.common import EMAIL_RE, PHONE_RE
from isgraph.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CARDS = SEEDS / "000_e5f077a7c2903689.txt"
GOLD = ROOT / "tests" / "data" / "gold" / "000_dev.json"


@pytest.fixture(scope="module")
def doc():
    return read_document(CARDS)


@pytest.fixture(scope="module")
def records(doc):
    return CartesPostalesExtractor().extract(doc)


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def by_start(records, start):
    return next(r for r in records if r.start == start)


def same(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 85


def covers(predicted: list[str], expected: list[str]) -> bool:
    """Every expected name has its own predicted match (one to one)."""
    left = list(predicted)
    for e in expected:
        hit = next((p for p in left if same(p, e)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


# ---- recognition --------------------------------------------------------------------------------------------------
def test_recognises_the_cards(doc):
    assert CartesPostalesExtractor.recognise(doc) >= 0.8


@pytest.mark.parametrize("path", sorted(p for p in SEEDS.glob("*.txt") if p != CARDS), ids=lambda p: p.name[:3])
def test_does_not_claim_other_families(path):
    assert CartesPostalesExtractor.recognise(read_document(path)) < 0.3


# ---- cards -------------------------------------------------------------------------------------------------------
def test_cards_are_the_plus_separated_pages(doc, records):
    assert len(records) == 60
    starts = [r.start for r in records]
    assert starts == sorted(starts)
    for r in records:
        assert doc.line(r.start).lstrip().startswith("+")
        assert r.start <= r.end
    # consecutive cards touch (empty pages between them are dropped, never merged into a card)
    for a, b in zip(records, records[1:]):
        assert a.end < b.start
        assert all(not doc.line(n).strip().lstrip("+").strip() for n in range(a.end + 1, b.start))


def test_boundaries_match_the_gold(records, gold):
    spans = {(r.start, r.end) for r in records}
    for card in gold:
        assert tuple(card["lines"]) in spans, card["title"]


def test_a_plus_inside_a_card_is_not_a_separator(records):
    # '+ Dispositifs repris par le Conseil départemental du Val d'Oise' continues the budget box of its card
    card = by_start(records, 64)
    assert card.end == 136
    assert any("Val d" in m.name for m in card.partenaires)


# ---- fields as the text states them (expected values read from the dev gold) --------------------------------------------
@pytest.mark.parametrize("start", [2, 64, 196, 309, 414, 1046, 1152, 1356])
def test_fields_match_the_gold(records, gold, start):
    g = next(c for c in gold if c["lines"][0] == start)
    r = by_start(records, start)
    assert covers([m.name for m in r.porteurs], g["porteurs"])
    assert covers([f.funder for f in r.financements], g["financeurs"])
    assert len(r.financements) == len(g["financeurs"])
    assert covers([m.name for m in r.partenaires], g["partenaires"])
    assert covers([m.name for m in r.partenaires_generiques], g["partenaires_generiques"])
    expected_budget = None if g["budget_eur"] is None else Decimal(str(g["budget_eur"]))
    assert r.budget == expected_budget
    assert covers(r.missions, g["missions_texte"])
    assert covers(r.personnes, g["personnes"])


def test_budget_details(records):
    assert by_start(records, 64).budget_period == "annuel"  # 'Budget PNR : 5000 à 7000€ par an': lower bound
    assert by_start(records, 1356).budget == Decimal(20000)  # '20k€/an'
    assert by_start(records, 365).budget == Decimal(0)  # 'O €' typed with a letter O
    assert by_start(records, 1046).budget == Decimal(63100)  # 'Aménagement : 36 100 €' + 'Ingénierie : 27 000 €'
    assert by_start(records, 1293).budget == Decimal(45000)  # '45 000 € Dont 12 500 €': the part is not added
    assert by_start(records, 1809).budget == Decimal(250000)  # 'Budget 2015-2018 250 000 €'
    assert by_start(records, 1809).budget_period == "2015-2018"
    assert by_start(records, 781).budget is None


def test_funding_amounts(records):
    ter = by_start(records, 414)
    assert [(f.funder, f.amount) for f in ter.financements] == [("Région Nord-Pas de Calais", Decimal(1500000))]
    mobility = by_start(records, 2957)
    assert {(f.funder, f.amount) for f in mobility.financements} == {
        ("Pays du Chinonais", Decimal(41672)), ("Pays Loire Nature", Decimal(9400))}


def test_porteurs_from_the_text(records):
    # 'Le centre social « Les Amis des Bauges » organise ...': the Parc that supports it is a partner
    vria = by_start(records, 309)
    assert [m.name for m in vria.porteurs] == ["Les Amis des Bauges"]
    assert any("Bauges" in m.name for m in vria.partenaires)
    # a card with no structure name takes the one of the card sharing its e-mail address
    assert [m.name for m in by_start(records, 922).porteurs] == ["Parc des Pyrénées Catalanes"]
    # 'CCAS et Ville d'Amiens' names two structures
    assert {m.name for m in by_start(records, 2403).porteurs} == {"CCAS d'Amiens", "Ville d'Amiens"}


def test_territories(records):
    assert covers([m.name for m in by_start(records, 64).territoires], ["PNR du Vexin français", "Val d'Oise"])
    assert covers([m.name for m in by_start(records, 196).territoires], ["Les Essarts"])
    assert covers([m.name for m in by_start(records, 467).territoires], ["quartier d'Orgeval", "Germaine"])
    assert covers([m.name for m in by_start(records, 1152).territoires], ["vallée du Largue", "Parc du Luberon"])


def test_titles(records):
    assert by_start(records, 414).title == "TER vert"
    assert by_start(records, 1356).title == "Le LUDOBUS"
    assert by_start(records, 2403).title == "FoodTruck"
    assert by_start(records, 3901).title == "Pistyles"


# ---- privacy and consistency ----------------------------------------------------------------------------------------
def test_persons_never_become_actors(records):
    for r in records:
        names = [m.name for m in r.porteurs + r.partenaires + r.partenaires_generiques] + r.financeurs
        for name in names:
            assert not EMAIL_RE.search(name) and not PHONE_RE.search(name), (r.start, name)
            assert not any(fold(p) in fold(name) for p in r.personnes if len(p) > 5), (r.start, name)
        for p in r.personnes:
            assert fold(p) not in fold(r.text), (r.start, p)
        assert not EMAIL_RE.search(r.text) and not PHONE_RE.search(r.text)


def test_mentions_lie_in_their_card(records):
    for r in records:
        lines = [m.line for m in r.porteurs + r.partenaires + r.partenaires_generiques + r.territoires]
        lines += [f.line for f in r.financements]
        assert all(r.start <= n <= r.end for n in lines), r.start
        assert r.title and r.doc == CARDS.name


def test_deterministic(doc, records):
    again = CartesPostalesExtractor().extract(doc)
    assert [(r.title, r.start, r.porteurs, r.financements, r.territoires) for r in again] == \
        [(r.title, r.start, r.porteurs, r.financements, r.territoires) for r in records]


# ---- a new document of the same kind, with invented organisations -------------------------------------------------------
SYNTHETIC = """
+

Carte Postale pour le  séminaire sur 
l’innovation sociale territoriale

Parc naturel régional des Collines Bleues

C’est quoi? Le plus « social » Missions concernées

Partenaires Budget

Le Jardin Partagé des Tilleuls
Un jardin collectif ouvert aux habitants du quartier des Tilleuls à 
Montbrison, animé avec les familles et les écoles du secteur.
Les récoltes sont partagées entre les jardiniers bénévoles.

- Rompre l’isolement des 
personnes âgées

- Créer du lien entre 
générations

Agriculture
Education

Contact
Jeanne DUPONTEL, chargée de mission
03 11 22 33 44
j.dupontel@parc-collines.fr

Association Les Racines Vives, 
Centre social de Montbrison, 
écoles primaires, associations 
locales, etc.

Le défi à relever

Faire vivre le jardin toute l’année.

Budget
12 000 € par an

Financements :
Fondation Terre Solidaire, 
Conseil départemental de la Loire,
LEADER



+

Carte Postale pour le  séminaire sur 
l’innovation sociale territoriale

CCAS de Villebrune

C’est quoi? Le plus « social »
Des repas partagés chaque semaine.

Missions concernées
Alimentation, lien social.

Partenaires

Restos du cœur, Banque alimentaire, 
Épicerie Solidaire Le Panier Fleuri, bénévoles.

Budget

La Table Ouverte
Chaque jeudi, le CCAS ouvre une salle communale pour un repas 
partagé entre habitants isolés et bénévoles du quartier voisin.
Les convives participent à la préparation du repas.
+ Une nappe est fournie par la mairie.

Contact
Paul MARTINEAU, Directeur
04 12 34 56 78

Le défi à relever

Toucher les personnes les plus isolées.

Budget

8 500 €/an financé par la CAF et la Mutualité Rurale.



+
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("cards") / "cartes.txt"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return read_document(path)


def test_synthetic_cards(synthetic):
    assert CartesPostalesExtractor.recognise(synthetic) >= 0.5
    garden, meals = CartesPostalesExtractor().extract(synthetic)
    assert (garden.start, garden.end) == (2, 50)
    assert garden.title == "Le Jardin Partagé des Tilleuls"
    assert [m.name for m in garden.porteurs] == ["Parc naturel régional des Collines Bleues"]
    assert [m.name for m in garden.partenaires] == ["Association Les Racines Vives", "Centre social de Montbrison"]
    assert [m.name for m in garden.partenaires_generiques] == ["écoles primaires", "associations locales"]
    assert garden.financeurs == ["Fondation Terre Solidaire", "Conseil départemental de la Loire", "LEADER"]
    assert garden.budget == Decimal(12000) and garden.budget_period == "annuel"
    assert garden.missions == ["Agriculture", "Education"]
    assert garden.personnes == ["Jeanne DUPONTEL"]
    assert {"Montbrison", "quartier des Tilleuls"} <= {m.name for m in garden.territoires}
    assert "DUPONTEL" not in garden.text and "03 11" not in garden.text

    assert meals.title == "La Table Ouverte"
    assert [m.name for m in meals.porteurs] == ["CCAS de Villebrune"]
    assert [m.name for m in meals.partenaires] == ["Restos du cœur", "Banque alimentaire",
                                                    "Épicerie Solidaire Le Panier Fleuri"]
    assert [m.name for m in meals.partenaires_generiques] == ["bénévoles"]
    assert meals.financeurs == ["CAF", "Mutualité Rurale"]
    assert meals.budget == Decimal(8500) and meals.budget_period == "annuel"
    assert meals.missions == ["Alimentation", "lien social"]
    assert meals.personnes == ["Paul MARTINEAU"]
    assert [m.name for m in meals.territoires] == ["Villebrune"]
    # a '+' line inside a card (no page break before it) does not open a card
    assert meals.end == len(synthetic.lines) - 1 or meals.end >= meals.start + 30


def test_documents_of_other_shapes(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("Un rapport.\n\nLe Parc naturel régional a mené une étude en 2015.\n", encoding="utf-8")
    d = read_document(prose)
    assert CartesPostalesExtractor.recognise(d) < 0.3
    assert all(r.title for r in CartesPostalesExtractor().extract(d))
    # cards without '+' separators: pages are cut at page breaks / three blank lines
    no_plus = tmp_path / "no_plus.txt"
    no_plus.write_text(re.sub(r"(?m)^\+.*$", "", SYNTHETIC), encoding="utf-8")
    titles = [r.title for r in CartesPostalesExtractor().extract(read_document(no_plus))]
    assert titles == ["Le Jardin Partagé des Tilleuls", "La Table Ouverte"]


def test_funding_cue_words_are_in_every_match():
    """_funding_cue_matches skips a cue whose words are absent: each word list must be in every match."""
    from isgraph.extract.cartes_postales import _FUNDING_CUE_WORDS, _FUNDING_CUES

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.exists() else []
    texts.append("Soutien financier de la Région ; financé par l'ADEME ; pris en charge par la CAF ; subventionné par "
                 "le Département ; subventions de l'Etat ; avec le concours financier du FSE ; MÉCÈNES : Fondation X ; "
                 "mécénat de la Fondation Y ; prêts de la BPI ; contrat de développement de la Région Z")
    found = 0
    for text in texts:
        for pattern, words in zip(_FUNDING_CUES, _FUNDING_CUE_WORDS):
            for m in pattern.finditer(text):
                found += 1
                assert any(w in m.group(0).lower() for w in words), (pattern.pattern, m.group(0))
    assert found >= 10
