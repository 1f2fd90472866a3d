"""The generic reader (family `generique`): documents no seed family recognises.

Dev documents are in tests/fixtures/generic/ (invented organisations and amounts, real places); the expected
extractions below are written by hand from reading them.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from isgraph import paths
from isgraph.ingest.documents import read_document
from isgraph.extract import registry
from isgraph.extract.blocks import clean_lines, find_cards, find_laureates, is_chrome, parse_item
from isgraph.extract.common import read_tsv
from isgraph.extract.cues import assign_roles, cues, find_grants
from isgraph.extract.generique import GeneriqueExtractor
from isgraph.extract.orgfinder import find_all_organisations, title_case

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def read(name: str):
    doc = read_document(FIXTURES / name)
    family, records = registry.extract(doc)
    assert family == "generique"
    return records


def names(mentions) -> list[str]:
    return [m.name for m in mentions]


def funders(rec) -> list[tuple[str, Decimal | None]]:
    return [(f.funder, f.amount) for f in rec.financements]


# ---------------------------------------------------------------------------------------------------- registry
def test_seeds_keep_their_family():
    for path in sorted(SEEDS.glob("*.txt")):
        cls = registry.recognise(read_document(path))
        assert cls is not None and cls.family != "generique", path.name


def test_unknown_document_goes_to_the_generic_reader():
    doc = read_document(FIXTURES / "presse-atelier-velo.txt")
    assert registry.recognise(doc) is None
    assert registry.fallback() is GeneriqueExtractor
    assert GeneriqueExtractor.recognise(doc) == 0.0


# ---------------------------------------------------------------------------------------------------- kinds
def test_press_article():
    (rec,) = read("presse-atelier-velo.txt")
    assert rec.title == "À Saint-Brieuc, un atelier de réparation de vélos ouvre ses portes au quartier Ginglin"
    assert (rec.start, rec.end) == (4, 9)  # chrome above, comments below are not the article
    assert names(rec.porteurs) == ["association Roue Libre Briochine"]
    assert funders(rec) == [("Saint-Brieuc Armor Agglomération", Decimal(8000)),
                            ("Fondation Vélo Solidaire", Decimal(3500))]
    assert "centre social du Plateau" in names(rec.partenaires)
    assert "Saint-Brieuc" in names(rec.territoires)
    assert "Martine Le Goff" in rec.personnes
    assert all("Martine" not in n for n in names(rec.porteurs + rec.partenaires))
    assert rec.description.startswith("L'association Roue Libre Briochine a ouvert la semaine dernière")
    assert "@" not in rec.description and "02 96" not in rec.description


def test_palmares_lines():
    recs = read("palmares-trophees.txt")
    got = [(r.title, names(r.porteurs), r.prix, r.categorie) for r in recs]
    assert got == [
        ("Le bail solidaire des Kerguelen", ["Ville de Lorient"], "or", "Habitat et cadre de vie"),
        ("Rénov'Toit, la rénovation accompagnée", ["Communauté de communes du Pays de Landivisiau"], "argent",
         "Habitat et cadre de vie"),
        ("Les mardis du clic", ["CCAS de Guingamp"], None, "Inclusion numérique"),
        ("Le bus des démarches", ["Conseil départemental du Morbihan"], "bronze", "Inclusion numérique"),
    ]
    assert all(not r.financements for r in recs)  # a prize is no funding
    assert "Lorient" in names(recs[0].territoires)
    assert all(r.description is None for r in recs)  # the press contact is not a summary


def test_laureates_of_a_call_with_amounts():
    recs = read("laureats-fondation.txt")
    assert [r.title for r in recs] == ["L'épicerie ambulante des hameaux", "Cuisinons ensemble", "La cantine partagée"]
    assert [names(r.porteurs) for r in recs] == [["Association Les Paniers du Vercors"],
                                                 ["Centre social La Passerelle"], ["SCIC Graines Communes"]]
    assert [funders(r) for r in recs] == [[("Fondation Terres d'Entraide", Decimal(12000))],
                                          [("Fondation Terres d'Entraide", Decimal(8000))],
                                          [("Fondation Terres d'Entraide", Decimal(7000))]]
    assert all(r.financements[0].document_level for r in recs)
    assert names(recs[0].territoires) == ["Villard-de-Lans", "Isère"]
    assert "Banque alimentaire de l'Isère" in names(recs[0].partenaires)
    assert recs[0].description.startswith("Un camion-épicerie dessert")
    assert recs[2].description is None


def test_deliberation_grants():
    recs = read("deliberation-subventions.txt")
    assert [(r.title, names(r.porteurs), funders(r), r.start) for r in recs] == [
        ("Atelier d'autoréparation de vélos", ["association Vélo Laïta"],
         [("Commune de Quimperlé", Decimal(2500))], 11),
        ("Visites de convivialité aux personnes âgées isolées", ["association Le Fil des Voisins"],
         [("Commune de Quimperlé", Decimal(4000))], 12),
    ]
    assert all(names(r.territoires) == ["Quimperlé"] for r in recs)


def test_ccas_page():
    (rec,) = read("ccas-epicerie.md")
    assert rec.title == "L'épicerie solidaire « La Corbeille »"
    assert names(rec.porteurs) == ["CCAS de Vitré"]
    assert funders(rec) == [("Caisse d'allocations familiales d'Ille-et-Vilaine", Decimal(6000))]
    # not the Ille-et-Vilaine of the funder's or the food bank's name; with its département: a Vitré of the Deux-Sèvres
    # exists, and the graph reads the name again alone
    assert names(rec.territoires) == ["Vitré (Ille-et-Vilaine)"]


def test_parc_project_page():
    (rec,) = read("pnr-projet.txt")
    assert rec.title == "La légumerie des Landes"  # not the Parc's letterhead
    assert names(rec.porteurs) == ["Parc naturel régional des Landes de Gascogne"]
    assert ("Région Nouvelle-Aquitaine", Decimal(45000)) in funders(rec)
    assert set(names(rec.partenaires)) >= {"Chambre d'agriculture des Landes", "association Maraîchers du Marensin"}
    assert set(names(rec.territoires)) >= {"Parc naturel régional des Landes de Gascogne", "Sabres (Landes)"}
    assert rec.annee == [2024]


def test_network_page_with_projects():
    recs = read("reseau-mobilite.txt")
    assert [r.title for r in recs] == ["Le garage associatif de Champagnole", "Des scooters pour l'emploi"]
    assert names(recs[0].porteurs) == ["association Roulons Ensemble"]
    assert funders(recs[0]) == [("Département du Jura", Decimal(15000))]
    assert names(recs[1].porteurs) == ["Communauté de communes Champagnole Nozeroy Jura"]
    assert names(recs[1].partenaires) == ["Mission locale du Jura"]
    # the network that accompanies every project of its page is no actor of them
    assert all("Mobilités Solidaires" not in n for r in recs for n in names(r.porteurs + r.partenaires))


def test_hand_written_card():
    (rec,) = read("fiche-main.txt")
    assert rec.title == "Le Café des Familles"
    assert names(rec.porteurs) == ["Association Parents Ensemble"]
    assert names(rec.partenaires) == ["Ville de Tourcoing", "centre social Belencontre"]
    assert names(rec.partenaires_generiques) == ["associations locales"]
    assert funders(rec) == [("Région Hauts-de-France", Decimal(5000)),
                            ("Caisse d'allocations familiales du Nord", Decimal(3000))]
    assert names(rec.territoires) == ["Tourcoing", "quartier Belencontre"]
    assert rec.budget == Decimal(18000)
    assert rec.description.endswith("sur l'éducation de leurs enfants.")
    assert rec.personnes == ["Julie Vandamme"]


def test_page_without_initiative():
    assert read("mentions-legales.txt") == []


# ---------------------------------------------------------------------------------------------------- pieces
@pytest.mark.parametrize("line", ["Partager", "Accueil > Actualités > Vie locale", "Mentions légales",
                                  "Ce site utilise des cookies pour mesurer son audience.", "© Ville de Brest 2025",
                                  "Publié le 14/03/2025 à 08h12", "Place du Château, 35500 Vitré"])
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["Le Café des Familles", "L'association a ouvert un atelier à Brest.",
                                  "Or : Ville de Lorient, « Le bail solidaire »"])
def test_content_lines(line):
    assert not is_chrome(line)


def test_roles_from_cues():
    text = ("Le projet, porté par l'association Les Amis du Rail, est mené en partenariat avec la Ville de Rodez et "
            "le centre social Saint-Éloi. Il est financé par la Région Occitanie (12 000 €) et le Département de "
            "l'Aveyron (4 000 €). La Fondation Rails Solidaires apporte 2 500 €.")
    got = [(r.role, r.org.name, r.amount) for r in assign_roles(text, find_all_organisations(text))]
    assert got == [
        ("porteur", "association Les Amis du Rail", None),
        ("partenaire", "Ville de Rodez", None),
        ("partenaire", "centre social Saint-Éloi", None),
        ("financeur", "Région Occitanie", Decimal(12000)),
        ("financeur", "Département de l'Aveyron", Decimal(4000)),
        ("financeur", "Fondation Rails Solidaires", Decimal(2500)),
    ]


def test_support_with_money_is_funding():
    text = "L'atelier est soutenu par le Département du Cher (22 000 € par an) et par la Fondation Trajets."
    got = [(r.role, r.org.name) for r in assign_roles(text, find_all_organisations(text))]
    assert got == [("financeur", "Département du Cher"), ("financeur", "Fondation Trajets")]


def test_grants():
    text = ("DÉCIDE : d'attribuer une subvention de 12 500 € à l'association Roue Libre Morlaisienne pour son "
            "atelier de réparation de vélos ; ATTRIBUE au Centre social Ty Ar Vro une participation de 3 000 € "
            "pour l'achat d'un minibus.")
    got = [(g.amount, g.beneficiary.name, g.purpose) for g in find_grants(text, find_all_organisations(text))]
    assert got == [(Decimal(12500), "association Roue Libre Morlaisienne", "Atelier de réparation de vélos"),
                   (Decimal(3000), "Centre social Ty Ar Vro", "Achat d'un minibus")]


def test_organisations_from_type_markers():
    text = ("DÉPARTEMENT DE SAÔNE-ET-LOIRE. Avec la Caisse d'allocations familiales de la Manche, l'État et le "
            "Centre communal d'action sociale (CCAS) de Coutances.")
    assert [o.name for o in find_all_organisations(text)] == [
        "Département de Saône-et-Loire", "Caisse d'allocations familiales de la Manche", "État",
        "Centre communal d'action sociale (CCAS) de Coutances"]
    assert title_case("COMMUNE DE PLOËRMEL") == "Commune de Ploërmel"


@pytest.mark.parametrize("item, expected", [
    ("Ville de Dinan, « Le café des aidants »", ("Ville de Dinan", "Le café des aidants", None)),
    ("Conseil départemental de l'Ain pour “Mon bus” ;", ("Conseil départemental de l'Ain", "Mon bus", None)),
    ("Association Les Potes d'Abord – Jardin partagé – 4 500 €", ("Association Les Potes d'Abord", "Jardin partagé",
                                                                  Decimal(4500))),
])
def test_laureate_items(item, expected):
    assert parse_item(item) == expected


def test_cards_need_a_porteur_or_three_fields():
    from isgraph.extract.blocks import Line

    two = [Line(1, "Partenaires financiers : Région Bretagne"), Line(2, "Coût du projet : 5 000 €")]
    assert find_cards(two) == []
    card = [Line(1, "Porteur : Association Voisins Vigilants"), Line(2, "Territoire : Brest")]
    assert len(find_cards(card)) == 1


def test_two_laureate_lines_make_a_list_one_does_not():
    from isgraph.extract.blocks import Line

    assert find_laureates([Line(1, "Or : Ville de Dinan, « Le café des aidants »")]) == []
    assert len(find_laureates([Line(1, "Or : Ville de Dinan, « Le café »"),
                               Line(2, "Argent : CCAS de Lannion, « Les mardis »")])) == 2


def test_clean_lines_cut_comments():
    lines = clean_lines(read_document(FIXTURES / "presse-atelier-velo.txt"))
    assert lines[-1].n == 9 and all("Commentaires" not in ln.text for ln in lines)


# ---------------------------------------------------------------------------------------------------- data files
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@pytest.mark.parametrize("path", [paths.CUES_FILE, paths.PAGE_CHROME_FILE, paths.CARD_LABELS_FILE,
                                  paths.PRIZE_LABELS_FILE])
def test_data_files_are_canonical(path):
    raw = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert raw == sorted(set(raw)), f"{path.name}: lines sorted, no duplicates"
    assert all(all(cell.strip() == cell and cell for cell in ln.split("\t")) for ln in raw)
    assert path.read_text(encoding="utf-8").endswith("\n")


@pytest.mark.parametrize("name", ["NON_ACTORS_FILE", "DOCUMENT_WORDS_FILE"])
def test_word_lists_are_canonical(name):
    from isgraph.extract.common import read_word_list

    words = read_word_list(getattr(paths, name))
    assert words == sorted(set(words), key=_fold) and all(w == w.lower() for w in words)


def test_cue_file_columns():
    rows = read_tsv(paths.CUES_FILE)
    assert all(len(r) == 4 and r[0] in ("porteur", "financeur", "partenaire") and r[1] in ("avant", "apres")
               and r[2] in (("fort", "faible") if r[0] == "porteur" else ("-",)) for r in rows)
    assert len(cues()) == len(rows)


def test_card_and_prize_labels_columns():
    fields = {"annee", "budget", "contact", "description", "financeurs", "montant", "numero", "partenaires",
              "porteur", "quartier", "siret", "siret_attribuant", "territoire", "theme", "titre"}
    assert {r[0] for r in read_tsv(paths.CARD_LABELS_FILE)} <= fields
    assert all(len(r) == 2 or (len(r) == 3 and r[2] == "tableau") for r in read_tsv(paths.CARD_LABELS_FILE))
    assert {r[0] for r in read_tsv(paths.PRIZE_LABELS_FILE)} <= {"or", "argent", "bronze", "-"}
    assert {r[0] for r in read_tsv(paths.PAGE_CHROME_FILE)} <= {"ligne", "debut", "contient", "fin", "page", "vide", "total", "section"}


# ---------------------------------------------------------------------------------------------------- descriptions
def test_description_published_as_dcterms_description_and_scrubbed():
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    from isgraph.ingest.documents import SourceDocument
    from isgraph.rdf.graph import BuildInput
    from isgraph.pipeline import assemble
    from isgraph.extract.records import InitiativeRecord, Mention

    text = "x\n" * 20
    doc = SourceDocument(name="fiche.txt", path=Path("fiche.txt"), text=text, sha256="0" * 64)
    kept = InitiativeRecord(doc="fiche.txt", title="Le Café des Familles", start=1, end=3,
                            porteurs=[Mention("Association Parents Ensemble", 2)],
                            description="Un lieu d'accueil où les parents se retrouvent autour d'un café.")
    leaky = InitiativeRecord(doc="fiche.txt", title="Le Jardin", start=5, end=8,
                             porteurs=[Mention("Association Parents Ensemble", 6)],
                             description="Un jardin partagé. Écrire à Julie Vandamme, julie@exemple.fr.",
                             personnes=["Julie Vandamme"])
    graph, scrubbed = assemble([BuildInput(doc, "generique", [kept, leaky])])
    descriptions = list(graph.objects(None, DCTERMS.description))
    assert Literal("Un lieu d'accueil où les parents se retrouvent autour d'un café.", lang="fr") in descriptions
    assert not any("Vandamme" in str(d) or "@" in str(d) for d in descriptions)
    assert scrubbed >= 1


def test_family_extractors_give_descriptions():
    doc = read_document(SEEDS / "002_88f36d25790b1621.txt")  # TERRITORIA: the laureate's summary paragraph
    family, recs = registry.extract(doc)
    assert family == "territoria" and all(r.description for r in recs)
    first = next(r for r in recs if r.title == "Réinventez la maison sur sous-sol")
    assert first.description.startswith("Comment optimiser les atouts des maisons avec sous-sol d'avant 1990 qui "
                                        "vieillissent et se vendent mal ? Cinq architectes partenaires")


def test_pages_without_initiative_by_structure():
    from isgraph.ingest.documents import SourceDocument

    agenda = ("Le Petit Écho\nAgenda > Cette semaine\n\nJeudi 4 décembre, 20 h 30 – Salle des fêtes de Vire : concert "
              "de la chorale Les Voix du Bocage, entrée libre pour tous.\nVendredi 5 décembre, 18 h – Médiathèque : "
              "rencontre avec un auteur autour de son dernier roman policier.\nSamedi 6 décembre, 9 h – Place du "
              "marché : marché de Noël organisé par le comité des fêtes de la ville.\n")
    doc = SourceDocument(name="agenda.txt", path=Path("agenda.txt"), text=agenda, sha256="0" * 64)
    assert GeneriqueExtractor().extract(doc) == []


def test_placeholder_card_is_dropped():
    from isgraph.ingest.documents import SourceDocument

    text = ("Fiche 1 – Le Jardin des Possibles\nPorteur : Association Terre Commune\nTerritoire : Redon\n\n"
            "Fiche 2 – (en cours de rédaction)\nPorteur : à définir\nTerritoire : à préciser\n")
    doc = SourceDocument(name="fiches.txt", path=Path("fiches.txt"), text=text, sha256="0" * 64)
    recs = GeneriqueExtractor().extract(doc)
    assert [(r.title, [m.name for m in r.porteurs]) for r in recs] == [
        ("Le Jardin des Possibles", ["Association Terre Commune"])]  # (the numbering dropped)


def test_deliberation_table_of_beneficiaries():
    recs = read("deliberation-tableau.txt")
    assert [(r.title, names(r.porteurs), funders(r), r.start, r.budget) for r in recs] == [
        ("Épicerie solidaire de Thiers", ["Association Le Panier Thiernois"],
         [("Département du Puy-de-Dôme", Decimal(6000))], 8, None),
        ("Épicerie itinérante du Pays d'Issoire", ["Association Entraide Issoirienne"],
         [("Département du Puy-de-Dôme", Decimal(4500))], 9, None),
        ("Ateliers cuisine et budget", ["Centre social Les Volcans"],
         [("Département du Puy-de-Dôme", Decimal(2000))], 10, None),
    ]
    assert "Thiers" in names(recs[0].territoires)


def test_press_article_with_patronage():
    (rec,) = read("presse-mecenat.txt")
    assert rec.title == "Dunkerque : une navette gratuite pour rompre l'isolement des aînés"  # not the masthead
    assert names(rec.porteurs) == ["association Les Ailes du Port"]
    assert funders(rec) == [("Fondation Mer et Solidarité", Decimal(25000))]
    assert names(rec.partenaires) == ["CCAS de Dunkerque"]
    assert "Dunkerque" in names(rec.territoires)
    assert rec.personnes == ["Paul Vermeersch"]
    assert rec.end == 8  # "Réagir à cet article" ends it


def test_markdown_cards():
    recs = read("fiche-markdown.md")
    assert [r.title for r in recs] == ["Le Repair Café de Millau", "Le Potager des Causses"]
    first, second = recs
    assert names(first.porteurs) == ["association Millau en Transition"]
    assert names(first.partenaires) == ["Médiathèque de Millau", "Communauté de communes de Millau Grands Causses"]
    assert funders(first) == [("Région Occitanie", Decimal(3000)), ("Fondation Réparer Demain", Decimal(1500))]
    assert first.description == ("Une fois par mois, des bénévoles aident les habitants à réparer leurs objets "
                                 "plutôt que de les jeter.")
    assert names(second.porteurs) == ["SCIC Terres de Causses"]
    assert names(second.territoires) == ["Millau", "Creissels"]
    assert second.budget == Decimal(40000)


def test_parc_call_for_projects_page():
    (rec,) = read("pnr-appel.txt")
    assert rec.title == "Appel à projets « Mobilités douces en Morvan » 2026"
    assert names(rec.porteurs) == ["Parc naturel régional du Morvan"]
    assert funders(rec) == [("Région Bourgogne-Franche-Comté", None)]
    assert names(rec.territoires) == ["Parc naturel régional du Morvan"]
    assert "@" not in (rec.description or "")


def test_ccas_service_page():
    (rec,) = read("ccas-transport.txt")
    assert rec.title == "Le transport solidaire"
    assert names(rec.porteurs) == ["CCAS d'Auch"]
    assert funders(rec) == [("Conférence des financeurs du Gers", None), ("Ville d'Auch", None)]
    assert rec.annee == [2024]
    assert "05 62" not in rec.text


@pytest.mark.parametrize("text", ["0:Þ", "Þ\n«\n(", "Porteur :\nPartenaires :\nFinanceurs :", "| | |\n| | |", "→ 5 € –"])
def test_odd_texts_do_not_crash(text):
    from isgraph.ingest.documents import SourceDocument

    doc = SourceDocument(name="odd.txt", path=Path("odd.txt"), text=text, sha256="0" * 64)
    for rec in GeneriqueExtractor().extract(doc):
        assert 1 <= rec.start <= rec.end <= len(doc.lines) and rec.title


def test_a_prize_laureate_written_as_its_place_is_the_collectivity():
    """'Or : Quimperlé, « … »': a laureate line names the collectivity by its place alone (commune, département,
    ancienne région, EPCI); the actor resolution turns it into the Ville / Département / Région."""
    from isgraph.resolve.actors import ActorResolver

    assert parse_item("Quimperlé, « La ludothèque itinérante »", place_is_body=True)[0] == "Quimperlé"
    assert parse_item("Haute-Vienne « Un toit pour tous »", place_is_body=True)[0] == "Haute-Vienne"
    assert parse_item("Picardie, « Les cafés de l'emploi »", place_is_body=True)[0] == "Picardie"
    assert parse_item("Quimperlé, « La ludothèque itinérante »")[0] is None  # outside a prize line: a place
    assert parse_item("Les Ateliers du Lundi, « Réparer ensemble »", place_is_body=True)[0] is None
    resolver = ActorResolver()
    assert resolver.resolve("Quimperlé").label == "Ville de Quimperlé"
    assert resolver.resolve("Haute-Vienne").label == "Département de la Haute-Vienne"
    from isgraph.ingest.documents import SourceDocument

    text = ("Palmarès du prix des solidarités 2024\n\nSolidarités\n    Or : Quimperlé, « La ludothèque itinérante »\n\n"
            "    Argent : Haute-Vienne, « Un toit pour tous »\n")
    doc = SourceDocument(name="palmares.txt", path=Path("palmares.txt"), text=text, sha256="0" * 64)
    items = find_laureates(clean_lines(doc))
    assert [(it.porteur, it.title, it.prix) for it in items] == [
        ("Quimperlé", "La ludothèque itinérante", "or"), ("Haute-Vienne", "Un toit pour tous", "argent")]


def test_every_bullet_of_a_laureate_list_with_amounts_is_a_laureate():
    """A list of laureates is one list: items whose name does not look like an organisation ('Brindilles', 'Projet
    Castor') are laureates too when their siblings are and they state an amount."""
    from isgraph.ingest.documents import SourceDocument

    text = ("La Fondation Horizon Partagé dévoile ses lauréats 2025\n\nLes lauréats :\n"
            "- Brindilles, pour l'enfance et 40 000 euros ;\n"
            "- L'association Les Jardins du Causse (Rodez), pour l'alimentation et 25 000 euros ;\n"
            "- Atelier Vélo Solidaire (Albi) pour la mobilité et 30 000 euros\n"
            "- Projet Castor pour l'habitat (Tarn) et 20 000 euros\n"
            "- Réseau Passe-Muraille pour l'accès aux droits (Toulouse) et 15 000 euros\n")
    doc = SourceDocument(name="laureats.txt", path=Path("laureats.txt"), text=text, sha256="0" * 64)
    items = find_laureates(clean_lines(doc))
    assert [(it.porteur, it.amount) for it in items] == [
        ("Brindilles", Decimal(40000)), ("L'association Les Jardins du Causse", Decimal(25000)),
        ("Atelier Vélo Solidaire", Decimal(30000)), ("Projet Castor", Decimal(20000)),
        ("Réseau Passe-Muraille", Decimal(15000))]


def test_grant_list_of_a_press_release_names_the_body_in_full():
    """'Conseil régional : … votés en commission permanente' heads the release, 'Communiqué de la Région X' names
    the body, 'la Région attribue … dont :' opens a list of '- 18 000 € à l'association Y – objet - Commune (71)':
    each grant is funded by Région X (not by an unnamed 'Conseil régional' / 'Région'), with its amount."""
    from isgraph.resolve.actors import clean_actor_name

    recs = read("commission-permanente-region.txt")
    assert [r.title for r in recs] == [
        "Atelier de réparation solidaire et recyclerie",
        "Épicerie itinérante en circuit court pour les villages sans commerce",
        "Location solidaire de vélos électriques pour les demandeurs d'emploi",
        "Création d'un tiers-lieu intergénérationnel"]
    assert [funders(r) for r in recs] == [[("Région Bourgogne-Franche-Comté", Decimal(n))]
                                          for n in (18000, 15000, 12500, 20000)]
    assert [[clean_actor_name(m.name) for m in r.porteurs] for r in recs] == [
        ["association Les Bricoleurs du Morvan"], ["SCIC Panier Paysan"], ["association Roue Libre 39"],
        ["CCAS de Vesoul"]]
    assert [names(r.territoires)[:1] for r in recs] == [["Autun"], ["Clamecy"], ["Lons-le-Saunier"], ["Vesoul"]]


@pytest.mark.parametrize("text, name", [
    ("Communiqué de la Région Bourgogne-Franche-Comté", "Région Bourgogne-Franche-Comté"),
    ("Lettre d'information du Parc naturel régional du Morvan", "Parc naturel régional du Morvan"),
    ("Dossier de presse de la Fondation des Petits Pas", "Fondation des Petits Pas"),
])
def test_a_document_noun_is_not_part_of_the_body_name(text, name):
    assert [o.name for o in find_all_organisations(text)] == [name]


@pytest.mark.parametrize("text, name", [
    ("CCAS de Trégastel – Nos actions et nos partenaires", "CCAS de Trégastel"),
    ("Ville de Montbrison - Accueil", "Ville de Montbrison"),
    ("Association Les Semeurs d'Oc – Bienvenue sur notre site", "Association Les Semeurs d'Oc"),
    ("la Communauté d'agglomération de Lens - Liévin finance", "Communauté d'agglomération de Lens - Liévin"),
])
def test_a_page_title_after_a_dash_is_not_part_of_the_name(text, name):
    """'X – Nos actions', 'X - Accueil': a page's title names its body before the dash; a place after a dash is
    part of the name."""
    assert [o.name for o in find_all_organisations(text)] == [name]


@pytest.mark.parametrize("written, name", [
    ("à l'association Les Bricoleurs du Morvan", "association Les Bricoleurs du Morvan"),
    ("à la SCIC Panier Paysan", "SCIC Panier Paysan"),
    ("au CCAS de Vesoul", "CCAS de Vesoul"),
    ("À l’association Roue Libre", "association Roue Libre"),
    ("À vélo sans âge", "À vélo sans âge"),  # a capital 'À' alone opens a proper name
])
def test_the_preposition_of_a_grant_is_not_part_of_the_actor_name(written, name):
    from isgraph.resolve.actors import clean_actor_name

    assert clean_actor_name(written) == name


def test_grant_bullets_with_soit_clauses():
    """'• Association X : objet, soit un accompagnement de 14 000 € ;': the title stops before ', soit …' (the
    amount's clause); a bullet whose name is no organisation type ('Épicerie sociale Le Grenier Partagé : …') keeps
    the text after its name as title; the Région named at the end funds every grant, with its amount."""
    recs = read("commission-permanente-liste.txt")
    assert [r.title for r in recs] == [
        "Création de jardins partagés au pied des immeubles de Lorient",
        "Permanences d'aide aux démarches en ligne",
        "Épicerie solidaire et ateliers budget à Quimper",
        "Garage solidaire et prêt de scooters aux jeunes en insertion à Carhaix-Plouguer"]
    # the opening line says 'la Région soutient', the last one names it: the graph resolves the one to the other
    assert [funders(r) for r in recs] == [[("Région", Decimal(n))] for n in (14000, 22000, 15000, 10000)]
    assert names(recs[2].porteurs) == ["Épicerie sociale Le Grenier Partagé"]


def test_grant_bullets_funded_by_the_region_the_document_names(tmp_path):
    import csv

    from isgraph.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cp.txt").write_bytes((FIXTURES / "commission-permanente-liste.txt").read_bytes())
    build(tmp_path / "in", tmp_path / "out", jobs=1, site="never", store=False)
    with open(tmp_path / "out" / "financements.csv", encoding="utf-8") as f:
        rows = sorted((r["financeur_libelle"], r["montant"]) for r in csv.DictReader(f))
    assert rows == [("Région Bretagne", n) for n in ("10000", "14000", "15000", "22000")]


def test_prize_list_of_a_web_page_by_departement():
    """An HTML page: <h2> headings ('Dans la Drôme, 2 projets …') are headings for the reader (no item runs into
    the next heading), '· X (Commune) pour son projet « Titre ». …' / '… pour son projet de restaurant solidaire,
    tenu par …' give porteur and title; '… reçoivent chacune une dotation de 3 000 €' gives each laureate's
    amount from the foundation that runs the prize."""
    doc = read_document(FIXTURES / "prix-departementaux.html")
    assert "Dans l'Isère, 2 projets dans le domaine du logement" in doc.headings
    family, recs = registry.extract(doc)
    assert family == "generique"
    assert [(r.title, names(r.porteurs), r.start, r.end) for r in recs] == [
        ("Cantine des Cimes", ["Les Paniers du Vercors"], 7, 7),
        ("Restaurant solidaire à prix libre", ["L'association Fourchette Vagabonde"], 8, 8),
        ("Taxi des Collines", ["Roulons Ensemble 07"], 12, 12),
        ("Habitat intergénérationnel partagé entre étudiants et retraités", ["Le collectif Toit Commun"], 16, 16),
        ("Premier Pas", ["L'association Clés de Sol"], 17, 17)]
    assert all(funders(r) == [("Fondation Horizon Partage", Decimal(3000))] for r in recs)
    assert recs[2].categorie == "En Ardèche, un projet dans le domaine de la mobilité"
    # '(Vienne)' under 'Dans l'Isère, …': the commune of Isère, not the département Vienne
    assert names(recs[4].territoires) == ["Vienne (Isère)"]
    from isgraph.resolve import territories

    assert territories.resolve("Vienne (Isère)").iri_slug == "commune-38544"
    assert territories.resolve("Vienne").iri_slug == "departement-86"  # alone, as before


def test_prize_money_of_the_head_is_not_given_to_a_mention_without_dotation():
    """Prizes with their own dotation and a 'Mention spéciale du jury' without: the organiser funds the prizes
    only (tests/data/corpus/docs/palmares-05.txt)."""
    doc = read_document(Path(__file__).parent / "data" / "corpus" / "docs" / "palmares-05.txt")
    _, recs = registry.extract(doc)
    assert [len(r.financements) for r in recs] == [1, 1, 1, 0]


@pytest.mark.parametrize("text, found", [
    ("du soutien financier de l'Europe (programme LEADER), de la Région Occitanie et du Département de l'Aveyron.",
     ["Europe", "LEADER", "Région Occitanie", "Département de l'Aveyron"]),
    ("avec la Caisse des dépôts et de la Fondation des Petits Pas", ["Caisse des dépôts", "Fondation des Petits Pas"]),
    ("avec la Maison des Jeunes et de la Culture de Rodez", ["Maison des Jeunes et de la Culture de Rodez"]),
])
def test_an_enumeration_of_funders_is_split_at_et_du(text, found):
    assert [o.name for o in find_all_organisations(text)] == found


@pytest.mark.parametrize("text, name", [
    ("avec l'association France Alzheimer Côte-d'Or et la Ville", "association France Alzheimer Côte-d'Or"),
    ("la Banque alimentaire de la Côte-d'Or", "Banque alimentaire de la Côte-d'Or"),
    ("le Conseil départemental du Val-d'Oise", "Conseil départemental du Val-d'Oise"),
])
def test_a_place_with_an_elision_inside_ends_no_name(text, name):
    assert name in [o.name for o in find_all_organisations(text)]


def test_cofinanced_up_to_a_share_by_two_bodies_and_a_lower_case_epci():
    text = ("Le projet, d'un coût de 90 000 euros sur deux ans, est cofinancé à hauteur de 40 % par la CAF de la "
            "Somme et par la Mutualité sociale agricole (MSA) Picardie. La communauté d'agglomération de la Baie de "
            "Somme met à disposition un agent.")
    orgs = find_all_organisations(text)
    assert [o.name for o in orgs] == ["CAF de la Somme", "Mutualité sociale agricole (MSA) Picardie",
                                      "communauté d'agglomération de la Baie de Somme"]
    assert [(r.org.name, r.role) for r in assign_roles(text, orgs) if r.role == "financeur"] == [
        ("CAF de la Somme", "financeur"), ("Mutualité sociale agricole (MSA) Picardie", "financeur")]
    assert [o.name for o in find_all_organisations("avec la communauté de communes du territoire")] == []


@pytest.mark.parametrize("text, value", [
    ("Le projet, d'un coût de 120 000 euros sur trois ans, est cofinancé par la CAF.", Decimal(120000)),
    ("Une action d'un coût d'environ 45 000 € portée par l'association.", Decimal(45000)),
    ("Le coût de la vie augmente de 200 euros par mois.", None),
    ("Un repas a un coût de 5 euros par personne.", None),
])
def test_budget_stated_as_the_cost_of_the_project(text, value):
    from isgraph.extract.prose import find_budget

    found = find_budget(text)
    assert (found.value if found else None) == value


def test_press_article_names_its_initiative_and_its_funders():
    """A local press article: the initiative 'baptisée « … »' takes that name as title (not the headline); the
    CAF and the MSA co-finance it 'à hauteur de 40 %', the budget is 'd'un coût de 120 000 euros', the director
    quoted is no actor."""
    (rec,) = read("presse-halte-garderie.txt")
    assert rec.title == "P'tits Loups sur roues"
    assert names(rec.porteurs) == ["association Familles en Chemin"]
    assert [f for f, _ in funders(rec)] == ["CAF de la Somme", "Mutualité sociale agricole (MSA) Picardie"]
    assert rec.budget == Decimal(120000)
    assert "Roussel" not in " ".join(names(rec.porteurs) + names(rec.partenaires) + [f for f, _ in funders(rec)])


def test_activity_report_cards_with_maitre_d_ouvrage():
    """A Parc's activity report (as its PDF reads): cards headed by their title, 'Maître d'ouvrage :' for the
    porteur, 'Partenaires financiers :' with amounts continued on the next line; the section that follows after a
    blank line ('AXE 3 – LE PARC EN ACTION', a job offer) is no part of the last card."""
    recs = read("rapport-activite-parc.txt")
    assert [(r.title, r.start, r.end) for r in recs] == [("Tiers-lieu nourricier de Septmoncel", 6, 12),
                                                         ("Covoiturage solidaire des hauts plateaux", 14, 17)]
    assert names(recs[0].porteurs) == ["Commune de Septmoncel-les-Molunes"]
    assert ("Parc naturel régional du Haut-Jura", Decimal(8000)) in funders(recs[0])
    assert funders(recs[1]) == [("Département du Jura", Decimal(12000)), ("MSA Franche-Comté", Decimal(4500))]


def test_markdown_table_of_laureates():
    """A Markdown table ('| Projet | Structure porteuse | Commune | Soutien |', its '|---|' line): the rows are the
    laureates, without the table's pipes in their titles, each funded by the foundation of the call with the
    'Soutien' column's amount."""
    recs = read("laureats-tableau.md")
    assert [r.title for r in recs] == ["Repair café itinérant", "Cantine solidaire des Chais", "Garage solidaire rural",
                                       "Ludothèque nomade"]
    assert [names(r.porteurs) for r in recs][0] == ["Association L'Établi Mobile"]
    assert [funders(r) for r in recs] == [[("Fondation Sol et Partage", Decimal(n))]
                                          for n in (12000, 20000, 15000, 11000)]
    assert [names(r.territoires)[:1] for r in recs] == [["Bressuire"], ["Cognac"], ["Guéret"], ["Tulle"]]


def test_card_amount_fields_that_name_the_funder(tmp_path):
    """'Subvention : Région Bretagne (5 000 €)' and 'Soutien : Fondation X' on a card: funders (with the amount),
    not amounts without a giver nor a funder named 'Soutien : …'."""
    path = tmp_path / "fiche.txt"
    path.write_text("Atelier numérique des aînés\nPorteur : Association Clic Seniors\nLieu : Vannes\n"
                    "Subvention : Région Bretagne (5 000 €)\nSoutien : Fondation des Petits Pas\n", encoding="utf-8")
    _, (rec,) = registry.extract(read_document(path))
    assert funders(rec) == [("Région Bretagne", Decimal(5000)), ("Fondation des Petits Pas", None)]
    assert names(rec.porteurs) == ["Association Clic Seniors"]


def test_a_well_known_body_written_in_lower_case_letters_and_an_estimated_project():
    from isgraph.extract.prose import find_budget

    text = "Le projet, estimé à 1,2 M€ sur cinq ans, avance. L'Ademe participe à hauteur de 150 000 euros HT."
    orgs = find_all_organisations(text)
    assert [o.name for o in orgs] == ["Ademe"]
    assert [(r.org.name, r.role, r.amount) for r in assign_roles(text, orgs)] == [
        ("Ademe", "financeur", Decimal(150000))]
    assert find_budget(text).value == Decimal(1200000)
    assert find_budget("Le nombre de repas est estimé à 300 par jour. La perte est estimée à 5 000 €.") is None
    assert [o.name for o in find_all_organisations("la Ville finance")] == []  # a head word alone: no one


def test_budget_participatif_of_one_departement(tmp_path):
    """Numbered laureates '1. Projet, à Commune – porté par l'association X – 15 000 €' on a page about one
    département: 'à Valence' is the Valence of Tarn-et-Garonne (not the most populous Valence, whose département
    would then have become the funder), and the porteurs' names carry no amount ('association X – 12 000')."""
    import csv

    from isgraph.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bp.txt").write_bytes((FIXTURES / "budget-participatif.txt").read_bytes())
    build(tmp_path / "in", tmp_path / "out", jobs=1, site="never", store=False)
    with open(tmp_path / "out" / "roles.csv", encoding="utf-8") as f:
        roles = [(r["acteur_libelle"], r["type_role"]) for r in csv.DictReader(f)]
    assert {a for a, t in roles if t == "financeur"} == {"Département du Tarn-et-Garonne"}
    assert "association Cycl'Avenir" in {a for a, t in roles if t == "porteur"}
    assert not any(ch.isdigit() for a, t in roles if t == "porteur" for ch in a)
    with open(tmp_path / "out" / "initiatives.csv", encoding="utf-8") as f:
        places = {r["libelle"]: r["territoires"] for r in csv.DictReader(f)}
    assert places["Atelier de réparation de vélos pour les jeunes"].endswith("commune-82186")
    # the item's amount at the end of its line, from the Département; the title without its ', à Commune'
    with open(tmp_path / "out" / "financements.csv", encoding="utf-8") as f:
        amounts = {r["initiative_libelle"]: r["montant"] for r in csv.DictReader(f)}
    assert amounts == {"Jardin partagé des Lilas": "15000", "Boîte à livres et café-lecture itinérant": "8000",
                       "Aire de jeux inclusive du parc municipal": "25000",
                       "Atelier de réparation de vélos pour les jeunes": "12000",
                       "Navette solidaire vers le marché de Caussade": "11000"}


def test_grant_lines_of_a_vote_without_bullets():
    """'La Région X a voté … les aides suivantes :' then one line per grant, 'Association Y (Commune) : 10 000 €
    pour une cantine …': one initiative per line, titled by its purpose, carried by Y (its place apart; a name with
    a lower-case word inside, 'Les Pieds dans le Plat', kept whole), funded by the Région with the line's amount."""
    recs = read("aides-regionales-lignes.txt")
    assert [(r.title, names(r.porteurs)) for r in recs] == [
        ("Cantine participative ouverte aux habitants du quartier de Fives", ["Association Les Pieds dans le Plat"]),
        ("Visites de convivialité auprès des personnes âgées isolées", ["Association Lien d'Aisne"]),
        ("Prêt de deux-roues aux demandeurs d'emploi", ["Association Mob'Emploi Sambre"])]
    assert [funders(r) for r in recs] == [[("Région Hauts-de-France", Decimal(n))] for n in (10000, 6500, 8000)]


def test_html_table_of_laureates_with_a_ville_column():
    recs = read("laureats-tableau.html")
    assert [(r.title, names(r.porteurs), names(r.territoires)) for r in recs] == [
        ("Voile adaptée pour les jeunes en situation de handicap", ["Association Vent Debout"], ["La Rochelle (Charente-Maritime)"]),
        ("Chantier d'insertion d'entretien des plages", ["Régie de quartier Les Dunes"], ["Lacanau"]),
        ("Épicerie solidaire saisonnière", ["Association Marée Haute"], ["Royan"])]
    assert [funders(r) for r in recs] == [[("Fondation Rivages Solidaires", Decimal(n))] for n in (9000, 14000, 7500)]


def test_laureates_enumerated_in_one_sentence():
    """'Les trois lauréats sont l'association A (Brest) pour son jardin …, le centre social B (Quimper) pour sa
    cuisine mobile et la SCIC C (Morlaix) pour sa recyclerie.': one initiative per laureate, its place apart."""
    recs = read("presse-laureats-phrase.txt")
    assert [(r.title, names(r.porteurs), names(r.territoires), r.start) for r in recs] == [
        ("Jardin partagé au pied des tours", ["association Graines de Quartier"], ["Brest"], 3),
        ("Cuisine mobile", ["centre social Ty Kreiz"], ["Quimper"], 3),
        ("Recyclerie", ["SCIC Récup'Armor"], ["Morlaix"], 3)]


# ---------------------------------------------------------------------------------------- tables, prose amounts
def test_results_table_with_number_column_and_association_heading():
    """'N° | Association | Commune | Intitulé du projet | Montant accordé' (a State fund's results): one initiative
    per row, titled by the project column (not the row number), the association as porteur, the amount given by
    the deciding body of the letterhead; the total row and the Republic's motto are no initiative."""
    recs = read("resultats-fdva-tableau.txt")
    assert [r.title for r in recs] == ["Verger conservatoire et chantiers participatifs de taille",
                                       "Permanences d'aide aux démarches en ligne pour les retraités",
                                       "Café des parents et ludothèque itinérante"]
    assert [names(r.porteurs) for r in recs] == [["Les Jardiniers du Boischaut"], ["Vierzon Numérique Solidaire"],
                                                 ["Foyer Rural de Sancerre"]]
    assert [funders(r) for r in recs] == [[("Préfet du Cher", Decimal("3500"))], [("Préfet du Cher", Decimal("5000"))],
                                          [("Préfet du Cher", Decimal("2500"))]]
    # Lignières: four communes of that name; the document's places all lie in the Cher
    assert names(recs[0].territoires) == ["Lignières (Cher)"]
    assert all(r.budget is None for r in recs)


def test_number_cells_never_title_a_row():
    from isgraph.extract.blocks import Line
    from isgraph.extract.tables import find_table

    lines = [Line(1, "N° dossier | Bénéficiaire | Commune | Montant"), Line(2, "24011532 | SCIC Les Communs | Figeac | 8 000 €"),
             Line(3, "TOTAL des aides | | | 8 000 €")]
    rows = find_table(lines)
    assert [r.cells for r in rows] == [{"porteur": "SCIC Les Communs", "territoire": "Figeac", "montant": "8 000 €"}]


def test_funders_amounts_in_press_prose():
    """A press article's funders, each with its own amount: 'soutient le projet à hauteur de', 'a voté une
    subvention de', 'financé par l'État (50 000 € au titre de la DETR), la Région (…) et le Département (…)'."""
    (rec,) = read("presse-financeurs-montants.txt")
    assert names(rec.porteurs) == ["association La Vélorution des Causses"]
    assert funders(rec) == [("Fondation Rayons Solidaires", Decimal("12000")), ("Région Occitanie", Decimal("38000")),
                            ("État", Decimal("50000")), ("Département du Lot", Decimal("25000"))]
    assert rec.budget == Decimal("140000")
    assert "Maëlle Fabre-Castagné" in rec.personnes
    assert "Delmas" not in rec.description and "©" not in rec.description


def test_amount_written_before_each_funder():
    (rec,) = read("presse-montants-avant.txt")
    assert funders(rec) == [("Région Bretagne", Decimal("42000")), ("Département des Côtes-d'Armor", Decimal("27000")),
                            ("CAF des Côtes-d'Armor", Decimal("15000"))]


def test_object_pronoun_before_a_funding_verb():
    from isgraph.extract.mentions import _orgs

    text = "La Communauté de communes du Pays de Lunel lui attribue 9 000 € pour le local."
    (rf,) = assign_roles(text, _orgs(text))
    assert (rf.role, rf.org.name, rf.amount) == ("financeur", "Communauté de communes du Pays de Lunel", Decimal("9000"))


def test_prize_heading_names_the_project_after_its_dash():
    recs = read("palmares-titres-tirets.md")
    assert [r.title for r in recs] == ["La Roulotte des Familles", "Le Fournil Partagé"]
    assert names(recs[0].porteurs) == ["association Parents en Chemin"]


def test_labelled_amount_of_a_block_is_the_deciding_body_s():
    """'Montant proposé : 18 000 € en investissement' under each laureate of a Département's call: the
    Département's amount; 'Coût du projet' is the budget."""
    recs = read("laureats-blocs-montant-propose.md")
    assert [(funders(r), r.budget) for r in recs] == [
        ([("Département des Landes", Decimal("18000"))], Decimal("64000")),
        ([("Département des Landes", Decimal("9000"))], Decimal("31500"))]


def test_the_body_running_a_call_is_no_porteur():
    from isgraph.extract.mentions import _orgs

    text = ("L'association Toits Solidaires fait partie des lauréats de l'appel à projets « Chaleur pour tous » lancé "
            "par la Fondation Horizon Habitat, qui lui verse 40 000 euros.")
    roles = {rf.org.name: (rf.role, rf.amount) for rf in assign_roles(text, _orgs(text))}
    assert roles["Fondation Horizon Habitat"] == ("financeur", Decimal("40000"))
    text = "Le tiers-lieu, lancé par la Ville de Brioude en 2021, accueille un fablab."
    assert [(rf.role, rf.org.name) for rf in assign_roles(text, _orgs(text))] == [("porteur", "Ville de Brioude")]


def test_press_article_with_sub_headings_is_one_initiative():
    """A press story whose lead already tells one association's story: its sub-headings ('Le Département et
    l'agglomération en soutien', 'Bientôt une permanence à Espalion') are parts of it, not initiatives; the
    'À lire aussi' links name other pages (Millau is no place of it); the photo credit is no actor."""
    (rec,) = read("presse-article-intertitres.html")
    assert names(rec.porteurs) == ["association L'Escale des Aidants"]
    assert funders(rec) == [("Fondation Soutien et Présence", Decimal("25000")),
                            ("Département de l'Aveyron", Decimal("14000"))]
    assert "Rodez Agglomération" in names(rec.partenaires)
    assert "Millau" not in names(rec.territoires) and "Espalion" in names(rec.territoires)
    assert not any("JDR" in m.name or "Photo" in m.name for m in rec.porteurs + rec.partenaires)
    assert "Bernard Vaissière-Lacombe" in rec.personnes
    # the photo's caption and its credit are no text of the article: not read at all
    doc = read_document(FIXTURES / "presse-article-intertitres.html")
    assert "Élodie" not in doc.text and "salle d'accueil" not in doc.text


def test_a_list_announced_in_its_lead_keeps_its_sections():
    from isgraph.extract.blocks import Line
    from isgraph.extract.generique.shared import _story_lead

    story = ("L'association Les Jardins du Lévézou, qui anime depuis 2018 des jardins partagés dans les villages du "
             "plateau, vient de recevoir une aide de la Région pour ouvrir une conserverie solidaire. ") * 4
    assert _story_lead([Line(1, "Titre"), Line(2, story), Line(9, "Intertitre")], 9)
    listing = "Le Département a désigné les quatre lauréats de son appel à projets. " + story
    assert not _story_lead([Line(1, "Titre"), Line(2, listing), Line(9, "Premier projet")], 9)


def test_card_sections_and_prose_sections_of_one_page():
    """A Département's laureates, some written as cards ('Porteur :', 'Aide départementale :'), others as prose under
    their heading: all are initiatives; the money of a prose section stays its own (no header co-funder)."""
    recs = read("laureats-fiches-et-recits.md")
    assert [r.title for r in recs] == ["Le Fournil des Combrailles, boulangerie coopérative à Auzances",
                                       "Répit à domicile en Pays de Boussac", "Le Tiers-lieu de la Gare"]  # (its place
    # after a comma, 'Le Tiers-lieu de la Gare, à La Souterraine', is no part of its name)
    assert [names(r.porteurs) for r in recs] == [["SCIC Le Fournil des Combrailles"],
                                                 ["association Entraide Aidants du Boussaquin"],
                                                 ["association Quai des Possibles"]]
    assert funders(recs[0]) == [("Département de la Creuse", Decimal("14000")),
                                ("France Active Nouvelle-Aquitaine", Decimal("25000"))]
    assert funders(recs[1]) == [("Département de la Creuse", Decimal("9000"))]
    # a name spelled out to its acronym is one organisation, by its whole name
    assert funders(recs[2])[0] == ("Agence nationale de la cohésion des territoires", Decimal("50000"))


@pytest.mark.parametrize("text, expected", [
    ("avec la Caisse nationale de solidarité pour l'autonomie (CNSA) et l'État",
     ["Caisse nationale de solidarité pour l'autonomie", "État"]),
    ("la SCOP Les Lentilles du Nord transforme des légumes", ["SCOP Les Lentilles du Nord"]),
    ("une SCIC. La commune de Brioude finance", ["SCIC", "commune de Brioude"]),
    # a name never runs over an amount (a PDF table's cells read as one line)
    ("Association Le Épicerie 4 500 € 6 000 €", ["Association Le Épicerie"]),
    # initials that do not spell the acronym: the name is not extended
    ("la Maison départementale des solidarités (CCAS)", ["Maison départementale"]),
])
def test_organisation_names_spelled_out_and_legal_forms(text, expected):
    from isgraph.extract.mentions import _orgs

    assert [o.name for o in _orgs(text)] == expected


def test_laureates_list_with_each_funder_s_amount():
    """A call run by two bodies, each laureate naming who gives what ('20 k€ (X) + 10 k€ (Y)', '30 000 € du Y',
    '(25 000 € X, 15 000 € Y)'): each funder with its own amount, the other body not credited with the item's
    money; a bold name followed by a lower-case account of what the place does is the title."""
    recs = read("communique-laureats-cofinanceurs.md")
    assert [r.title for r in recs] == ["La Maison des Sources", "L'Atelier du Thaurion", "Le Comptoir des Monts",
                                       "Bar'Ouf"]
    crc, ftv = "Crédit Rural du Centre-Ouest", "Fondation Terres Vivantes"
    assert [sorted(funders(r)) for r in recs] == [
        [(crc, Decimal("30000"))],
        [(crc, Decimal("20000")), (ftv, Decimal("10000"))],
        [(crc, Decimal("25000")), (ftv, Decimal("15000"))],
        [(ftv, Decimal("18000"))]]
    assert names(recs[3].porteurs) == ["association Les Voix du Plateau"]


@pytest.mark.parametrize("text, value", [
    ("Les travaux ont coûté 1,35 million d'euros HT.", Decimal("1350000")),
    ("Les travaux, d'un montant de 420 000 €, ont été financés par la Région.", Decimal("420000")),
    ("Le projet a coûté 85 000 €.", Decimal("85000")),
    ("Le projet coûte 5 € par personne et par séance.", None),  # a price
])
def test_budget_phrasings(text, value):
    from isgraph.extract.prose import find_budget

    found = find_budget(text)
    assert (found.value if found else None) == value


def test_a_committee_s_foundation_funds_its_cards():
    """'Le comité Bretagne de la Fondation X a retenu …': X grants each card's 'Montant accordé' (no budget); the
    budget is the one the card's text states; 'Vitré (Ille-et-Vilaine)', 'Condom (Gers)' keep their département
    (both names are also words)."""
    recs = read("fondation-comite-fiches.html")
    assert [funders(r) for r in recs] == [[("Fondation Horizons Solidaires", Decimal(n))] for n in (12000, 9000, 10000)]
    assert [r.budget for r in recs] == [Decimal("58000"), None, None]
    assert names(recs[0].territoires)[0] == "Vitré (Ille-et-Vilaine)"
    assert names(recs[1].territoires)[0] == "Lannion"
    assert names(recs[2].territoires)[0] == "Condom (Gers)"


def test_funding_plan_under_a_card_and_numbered_fiches():
    """'Plan de financement :' and its bullets ('- Région … : 32 000 €', '- FSE+ : 12 000 €'): the funders with their
    amounts, the plan's own lines ('Autofinancement') no funder; 'Fiche 4.1 – …': the numbering is no title."""
    recs = read("programme-actions-plan-financement.md")
    assert [r.title for r in recs] == ["Épicerie mobile du Haut-Livradois", "Atelier vélo d'Ambert"]
    assert funders(recs[0]) == [("Région Auvergne-Rhône-Alpes", Decimal("32000")),
                                ("Département du Puy-de-Dôme", Decimal("22000")), ("FSE+", Decimal("12000"))]
    assert names(recs[0].partenaires) == ["CCAS d'Ambert", "Secours populaire du Puy-de-Dôme"]
    assert recs[0].budget == Decimal("84000")


def test_numbered_sections_with_funding_plan_lines():
    """'1. « … » : …' over its paragraph is a section heading; '- FEADER : 16 k€', '- Département de l'Ardèche :
    4 000 €' are funders with their amounts ('Dépenses éligibles', 'Autofinancement' are not); 'Aide LEADER (FEADER)
    : 21 600 €' is the programme's money, not the Parc's; a contact line is no heading."""
    recs = read("leader-projets-numerotes.txt")
    assert [r.title for r in recs] == ["La Laine des Boutières", "L'Épicerie des Crêtes, épicerie itinérante",
                                       "Le Café du Col"]
    assert ("LEADER", Decimal("21600")) in funders(recs[0])
    assert not any(f == "Parc naturel régional des Monts du Vivarais" and a for f, a in funders(recs[0]))
    assert [(f, a) for f, a in funders(recs[1]) if a] == [("FEADER", Decimal("16000")),
                                                         ("Département de l'Ardèche", Decimal("4000"))]
    assert not any("Vernet" in r.title for r in recs)


def test_activity_report_docx_numbered_projects(tmp_path):
    """An association's activity report in Word: numbered project headings (Heading 2), some with labelled fields
    ('Partenaires :', 'Budget 2023 :'), one in prose only; the association above 'Rapport d'activité' carries them."""
    import docx

    d = docx.Document()
    d.add_paragraph("LES ATELIERS DU MORVAN SOLIDAIRE")
    d.add_paragraph("Rapport d'activité 2024")
    d.add_heading("Nos projets en 2024", level=1)
    d.add_heading("1. La ressourcerie de Château-Chinon", level=2)
    d.add_paragraph("Ouverte en mai, la ressourcerie collecte et revend meubles et vêtements, avec quatre salariés en "
                    "insertion. Le projet est soutenu par la Région Bourgogne-Franche-Comté (15 000 €) et la Fondation "
                    "Bois et Bocage (4 000 €).")
    d.add_paragraph("Partenaires : Emmaüs Nièvre, Mission locale du Morvan.")
    d.add_paragraph("Budget 2024 : 48 000 €")
    d.add_heading("2. L'atelier vélo « Roue du Morvan »", level=2)
    d.add_paragraph("Installé à Moulins-Engilbert, l'atelier accueille chaque semaine des jeunes suivis par la mission "
                    "locale. Avec le soutien de la CAF de la Nièvre (2 500 €). Coût total de l'action : 9 800 €.")
    d.add_heading("3. Le repair café itinérant", level=2)
    d.add_paragraph("Une fois par mois, bénévoles et habitants réparent ensemble petit électroménager et vêtements.")
    d.add_paragraph("Financement : Département de la Nièvre, 1 500 €.")
    d.add_paragraph("Budget : 3 900 €")
    path = tmp_path / "rapport.docx"
    d.save(path)
    family, recs = registry.extract(read_document(path))
    assert family == "generique"
    assert [r.title for r in recs] == ["La ressourcerie de Château-Chinon", "Roue du Morvan", "Le repair café itinérant"]
    assert all(names(r.porteurs) == ["Les Ateliers du Morvan Solidaire"] for r in recs)
    assert funders(recs[1]) == [("CAF de la Nièvre", Decimal("2500"))]
    assert [r.budget for r in recs] == [Decimal("48000"), Decimal("9800"), Decimal("3900")]


def test_programming_committee_funding_plans():
    """A LEADER committee's files: a plan as a table ('FEADER (LEADER) | 28 000,00 € | 56 %'; its header, own funds
    and total are no funder, 'Coût total éligible' the budget), a plan in one line ('FEADER 9 600 € ; … ;
    autofinancement 600 €. Coût total : 12 600 €.'), and an amount asked for ('Montant FEADER sollicité'), not
    granted."""
    recs = read("gal-comite-plans-financement.md")
    assert [r.title for r in recs] == ["Halte-répit itinérante « La Parenthèse »",
                                       "Transport solidaire du Mont-Saint-Vincent", "Étude d'une légumerie collective"]
    assert funders(recs[0]) == [("FEADER (LEADER)", Decimal("28000")),
                                ("Région Bourgogne-Franche-Comté", Decimal("6000"))]
    assert funders(recs[1]) == [("FEADER", Decimal("9600")), ("Communauté urbaine Creusot Montceau", Decimal("2400"))]
    assert funders(recs[2]) == []
    assert [r.budget for r in recs] == [Decimal("50000"), Decimal("12600"), Decimal("10000")]


def test_field_lines_cut_by_a_pdf_column_are_rejoined():
    from isgraph.extract.generique.cards import _rejoined

    assert _rejoined([(1, "Communauté de"), (2, "communes des Collines du Perche"), (3, "CCAS de Lunel"),
                      (4, "commune de Vic"), (5, "Département de la Manche (48"), (6, "000 € sur trois ans).")]) == [
        (1, "Communauté de communes des Collines du Perche"), (3, "CCAS de Lunel"), (4, "commune de Vic"),
        (5, "Département de la Manche (48 000 € sur trois ans).")]


@pytest.mark.parametrize("title, bare", [
    ("Recyclerie Les Mains Vertes – Amiens (Somme)", "Recyclerie Les Mains Vertes"),
    ("Fiche 2 - Bus des aînés - Redon (Ille-et-Vilaine)", "Bus des aînés"),
    ("Le Jardin – Un projet partagé", "Le Jardin – Un projet partagé"),
    ("Action jeunesse", "Action jeunesse"),
])
def test_titles_lose_numbering_and_place(title, bare):
    from isgraph.extract.titles import bare_title

    assert bare_title(title) == bare


def test_a_grant_decided_in_prose_after_the_table():
    recs = read("commission-tableau-et-article.txt")
    assert [names(r.porteurs) for r in recs] == [["SCIC Le Moulin des Possibles"], ["Association Les Ateliers du Larzac"],
                                                 ["association Mobilités Solidaires du Vigan"]]
    assert recs[2].title == ("Expérimentation d'un transport solidaire à la demande avec des conducteurs "
                             "bénévoles")
    assert [funders(r) for r in recs] == [[("Région Occitanie", Decimal(n))] for n in (42000, 31500, 16000)]


def test_a_story_then_its_briefs():
    """'EN BREF' under a press story: the story, then one initiative per brief ('Lagnieu. Les Potagers …' titled
    without its place); a State fund ('au titre de la DETR') never carries the story."""
    recs = read("presse-article-en-bref.txt")
    assert [r.title for r in recs][1:] == ["Les Potagers de la Côtière recrutent", "Un bus numérique chaque jeudi"]
    assert [names(r.porteurs) for r in recs] == [["association Bugey Réemploi"], ["association Côtière Insertion"],
                                                 ["association Ain Numérique Solidaire"]]
    assert ("État", Decimal("250000")) in funders(recs[0])
    assert funders(recs[1]) == [("Département de l'Ain", Decimal("30000"))]
    assert "Lagnieu" in names(recs[1].territoires) and "Meximieux" in names(recs[2].territoires)


def test_funders_without_their_instrument_and_partners_who_fund():
    """'garantie bancaire de X', 'prêt de la Banque des Territoires (180 000 €)', 'Ville de Beauvais (aide à
    l'ingénierie de 20 000 €)': the funder, not the instrument; a partner listed again with money funds too;
    the place after the heading's dash is no part of the title."""
    recs = read("reseau-fiches-financements.md")
    assert [r.title for r in recs] == ["Recyclerie Les Bras Ouverts", "Habitat partagé Les Tilleuls"]
    assert funders(recs[0]) == [("Région Hauts-de-France", Decimal("28000")), ("France Active Picardie", None),
                                ("Communauté d'agglomération de la Baie de Somme", Decimal("9000"))]
    assert names(recs[0].partenaires) == ["Communauté d'agglomération de la Baie de Somme", "Emmaüs Abbeville"]
    assert funders(recs[1]) == [("Banque des Territoires", Decimal("180000")), ("Ville de Beauvais", Decimal("20000"))]


def test_a_labelled_funding_line_in_a_section_s_text():
    from isgraph.extract.blocks import Line
    from isgraph.extract.funding import _plan_fundings
    from isgraph.extract.records import InitiativeRecord

    rec = InitiativeRecord(doc="x.txt", title="Atelier", start=1, end=3)
    _plan_fundings(rec, [Line(1, "L'atelier ouvrira en juin à Castres."),
                         Line(2, "Cofinancement : Région Occitanie, 5 850 € ; CAF du Tarn (3 150 €)"),
                         Line(3, "- FEADER : 12 k€"), Line(4, "- Autofinancement : 2 000 €")])
    assert [(f.funder, f.amount) for f in rec.financements] == [
        ("Région Occitanie", Decimal("5850")), ("CAF du Tarn", Decimal("3150")), ("FEADER", Decimal("12000"))]


def test_a_running_header_is_the_letterhead():
    """'RÉGION BRETAGNE | Direction de l'économie sociale et solidaire' on every page of a press kit (two cells of a
    running header): the Région decides, 'Montant de l'aide régionale' is its amount."""
    recs = read("dossier-presse-entete.txt")
    assert [r.title for r in recs] == ["Le Garage solidaire de l'Argoat", "La Conserverie du Léon"]
    assert [funders(r) for r in recs] == [[("Région Bretagne", Decimal("30000"))], [("Région Bretagne", Decimal("20000"))]]
    assert [r.budget for r in recs] == [Decimal("96000"), Decimal("54000")]


def test_a_commune_s_letterhead_under_its_departement():
    """'DÉPARTEMENT DE LA CREUSE' over 'COMMUNE DE BOURGANEUF' (the address of a council's act): the commune votes."""
    from isgraph.extract.blocks import Line
    from isgraph.extract.funding import _calling_body

    lines = [Line(1, "Département de la Creuse", caps=True), Line(3, "Commune de Bourganeuf", caps=True),
             Line(5, "Procès-verbal de la séance du conseil municipal du 12 mars 2025"),
             Line(7, "Le conseil municipal attribue les subventions suivantes aux associations.")]
    body = _calling_body(lines, None)
    assert (body.name, body.type_code) == ("Commune de Bourganeuf", "commune")
    lone = _calling_body([Line(1, "Département de la Creuse", caps=True), Line(3, "Commission permanente")], None)
    assert lone.name == "Département de la Creuse"


def test_running_headers_do_not_stretch_an_initiative_into_the_next_page():
    """A press kit's page header and its repeated page title ('LES LAURÉATS 2025') are read once: each laureate's
    lines stop at its own page, not at the next page's header."""
    from isgraph.ingest.documents import SourceDocument

    page = ("DÉPARTEMENT DU JURA | Direction des solidarités\n\nLES LAURÉATS 2025\n\n{title}\n\n"
            "Porteur de projet : {porteur}\nCommune : {commune}\nMontant de l'aide départementale : {amount} €\n\n"
            "{text}\n\n\n")
    text = "".join(page.format(**p) for p in [
        dict(title="Le Bus des Savoirs", porteur="Association Lire au Village", commune="Morez", amount="12 000",
             text="Un bus-bibliothèque passe chaque semaine dans les villages du Haut-Jura."),
        dict(title="La Cantine du Lac", porteur="Association Les Tables du Lac", commune="Clairvaux-les-Lacs",
             amount="9 000", text="Une cantine solidaire ouverte trois midis par semaine aux habitants."),
        dict(title="Répit des Aidants", porteur="Association Souffle Jura", commune="Dole", amount="7 500",
             text="Des après-midi de répit pour les proches aidants, avec une psychologue.")])
    doc = SourceDocument(name="kit.txt", path=Path("kit.txt"), text=text, sha256="0" * 64)
    recs = GeneriqueExtractor().extract(doc)
    lines = text.split("\n")
    assert [r.title for r in recs] == ["Le Bus des Savoirs", "La Cantine du Lac", "Répit des Aidants"]
    for r in recs[:-1]:  # no page header or repeated page title inside an initiative's span
        assert not any(lines[n - 1].startswith(("DÉPARTEMENT DU JURA", "LES LAURÉATS")) for n in range(r.start + 1, r.end + 1))
    assert [funders(r) for r in recs] == [[("Département du Jura", Decimal(n))] for n in ("12000", "9000", "7500")]


def test_town_news_page_funders_in_prose_and_its_byline():
    """A commune's news page: 'a reçu le soutien de la Ville de X (6 500 €) et de la CAF du Y (3 200 €)' (two
    funders, each its amount: 'et de la CAF' opens a new name), 'financé par X à hauteur de …, par Y (4 000 €) et
    par Z, qui apporte 2 500 €'; the byline's body is no sentence of the description, the photo caption and its ©
    neither; 'rue de Pont-Aven' is a street, '(RLQ)' the association's acronym."""
    (rec,) = read("actu-ville-soutiens.html")
    assert names(rec.porteurs) == ["association Roue Libre Quimperloise"]
    assert funders(rec) == [("Ville de Quimperlé", Decimal("6500")), ("CAF du Finistère", Decimal("3200")),
                            ("Quimperlé Communauté", Decimal("4000")), ("Fondation Rayons d'Armor", Decimal("2500"))]
    assert "Pont-Aven" not in names(rec.territoires)
    assert rec.description.startswith("Depuis janvier, les habitants")


def test_residents_quoted_by_their_first_name_stay_out_of_descriptions_and_documents():
    from isgraph.ingest.published import published_text
    from isgraph.pipeline import extract_document

    item = extract_document(FIXTURES / "actu-ville-soutiens.html")
    (rec,) = item.records
    # the description stops before the sentences naming them (it would have taken them: < 420 characters)
    assert not any(n in (rec.description or "") for n in ("Gwenola", "Yannick", "Soazig"))
    text, masked = published_text(item.document.text.split("\n"), set())
    assert not any(n in text for n in ("Gwenola", "Yannick", "Soazig"))
    assert "témoigne [nom], bénévole" in text and masked >= 1
    assert "Roue Libre Quimperloise" in text  # the rest of the line stays


@pytest.mark.parametrize("text, names_", [
    ("« C'est simple », témoigne Sandrine, bénévole depuis le début.", {"Sandrine"}),
    ("L'idée est née de la rencontre entre Amina et Lucas, deux habitants.", {"Amina", "Lucas"}),
    ("Karim, 34 ans, a retrouvé un emploi.", {"Karim"}),
    ("Florence, habitante du quartier, anime l'atelier.", {"Florence"}),
    ("« On revit », sourit Jean-Claude.", {"Jean-Claude"}),
    ("explique Marie Dupont, présidente", set()),  # a full name: common.marked_persons finds it
    ("les élèves de l'école Jean et Marie", set()),
    ("au 4 rue Victor Hugo", set()),
    ("la recyclerie de Lens et Liévin", set()),
])
def test_first_names_marked_as_persons(text, names_):
    from isgraph.extract.first_names import marked_first_names

    assert marked_first_names(text) == names_


@pytest.mark.parametrize("text", ["Le projet est mené avec l'aide de la Fondation Terre Commune.",
                                  "Le projet est mené avec l’aide de la Fondation Terre Commune."])
def test_cue_phrases_read_either_apostrophe(text):
    """The cue file writes its apostrophes straight; the text's may be typographic (and the reverse)."""
    from isgraph.extract.mentions import _orgs

    (rf,) = assign_roles(text, _orgs(text))
    assert (rf.role, rf.org.name) == ("partenaire", "Fondation Terre Commune")


def test_cue_file_writes_straight_apostrophes():
    assert not any("’" in r[3] for r in read_tsv(paths.CUES_FILE)), "cues.tsv: write ' (both match)"


def test_a_number_after_a_connector_is_no_part_of_a_name():
    from isgraph.extract.mentions import _orgs

    text = "L'association bénéficie aussi d'un soutien de la Région Nouvelle-Aquitaine de 30 000 €."
    (rf,) = assign_roles(text, _orgs(text))
    assert (rf.role, rf.org.name, rf.amount) == ("financeur", "Région Nouvelle-Aquitaine", Decimal("30000"))


def test_results_table_with_one_column_per_funder():
    """'Aide ADEME | Aide Région': each column the amount of the funder its header names; 'Région' is the one
    région the text above the table names in full; a placeholder cell ('–') funds nothing; a Communauté de
    communes named after two places is one porteur."""
    recs = read("resultats-aides-colonnes.md")
    assert [r.title for r in recs] == ["Atelier partagé de réparation et de couture",
                                       "Tiers-lieu itinérant dans un bus aménagé", "Épicerie et café associatif"]
    assert funders(recs[0]) == [("ADEME", Decimal("21000")), ("Région Normandie", Decimal("12800"))]
    assert names(recs[1].porteurs) == ["Communauté de communes Cœur de Nacre et Vallée de l'Orne"]
    assert funders(recs[2]) == [("ADEME", Decimal("26250"))]
    assert [r.budget for r in recs] == [Decimal("64000"), Decimal("118000"), Decimal("87500")]


def test_a_column_naming_a_programme_and_its_payer():
    """'Aide PAT (DRAAF)': the body in brackets pays the column, and it is the DRAAF the text names in full; the
    page's title 'Parc … – Projet alimentaire territorial' names the Parc, not a 'Parc … - Projet'."""
    recs = read("ami-colonnes-programme.md")
    assert [names(r.porteurs) for r in recs] == [["Association Le Chaudron de Morez"],
                                                 ["SCIC Les Greniers du Grandvaux"], ["Foyer rural des Rousses"]]
    assert funders(recs[0]) == [("DRAAF Bourgogne-Franche-Comté", Decimal("11000")),
                                ("Département du Jura", Decimal("6000"))]
    assert funders(recs[1]) == [("DRAAF Bourgogne-Franche-Comté", Decimal("14500"))]
    assert not any("Projet" in name for r in recs for name, _ in funders(r))


@pytest.mark.parametrize("header, funder", [("Aide ADEME", "ADEME"), ("Aide Région", "Région"),
                                            ("Subvention du Département", "Département"), ("Part FEADER", "FEADER"),
                                            ("Aide ADEME (€)", "ADEME"), ("Montant accordé", None),
                                            ("Aide régionale", None), ("Montant (€)", None), ("Coût total", None),
                                            ("Aide PAT (DRAAF)", "DRAAF"), ("Aide LEADER (FEADER)", "FEADER"),
                                            ("Montant accordé (2025)", None)])
def test_column_funder(header, funder):
    from isgraph.extract.tables import column_funder

    assert column_funder(header) == funder


def test_press_release_listing_grants_amount_first():
    """'• 31 000 € à l'association X pour …': one initiative per item, X its porteur, the amount the calling
    body's (the Caf of the title); a co-funder with its own amount keeps it; each item ends where the next begins."""
    recs = read("communique-liste-subventions.txt")
    assert [names(r.porteurs) for r in recs] == [["association Les Petits Pas Vitréens"],
                                                 ["Espace de vie sociale Le Trait d'Union"],
                                                 ["Maison de quartier Les Longs Champs"],
                                                 ["association Familles Rurales de Bain-de-Bretagne"]]
    assert [r.title for r in recs][1:] == ["Lieu d'accueil parents-enfants itinérant",
                                           "Atelier numérique destiné aux parents", "Accueil de loisirs inclusif"]
    def amounts(rec):  # (the Caf spelled out in the intro, without an amount, is the same actor in the graph)
        return {(f.funder, f.amount) for f in rec.financements if f.amount is not None}

    assert amounts(recs[0]) == {("Caf d'Ille-et-Vilaine", Decimal("31000")), ("Vitré Communauté", Decimal("9000"))}
    assert amounts(recs[3]) == {("Caf d'Ille-et-Vilaine", Decimal("12500")),
                                ("Mutualité sociale agricole des Portes de Bretagne", Decimal("4000"))}
    assert [(r.start, r.end) for r in recs] == [(6, 6), (7, 7), (8, 8), (9, 9)]
    assert [names(r.territoires) for r in recs][1:] == [["Redon"], ["Rennes"], ["Bain-de-Bretagne"]]


@pytest.mark.parametrize("text, name", [
    ("avec la Maison de quartier Les Longs Champs à Rennes", "Maison de quartier Les Longs Champs"),
    ("avec l'Espace de vie sociale Le Trait d'Union, à Redon", "Espace de vie sociale Le Trait d'Union"),
    ("la Communauté de communes Médoc Cœur de Presqu'île apporte 15 000 €",
     "Communauté de communes Médoc Cœur de Presqu'île"),
])
def test_names_of_a_kind_of_body_then_its_own_name(text, name):
    from isgraph.extract.mentions import _orgs

    assert [o.name for o in _orgs(text)] == [name]


def test_section_listing_sites_each_carried_by_its_own_body():
    """A préfecture's press release: the Marianne block and the dateline are page furniture; a numbered section
    whose list items each name their porteur ('- France Services d'Aigurande, portée par X') gives one initiative
    per item, each funded as its introduction says ('Chacune reçoit … de l'État de 30 000 €'); 's'est engagé à
    verser 90 000 €' funds; 'soutient l'investissement à hauteur de' is a share, the budget is the 'coût total';
    a heading with a quoted label is the title whole."""
    recs = read("communique-prefecture-sites.txt")
    assert [r.title for r in recs] == ["France Services d'Aigurande", "France Services mobile du Boischaut",
                                       "Valençay, territoire habilité « zéro chômeur de longue durée »"]
    assert [names(r.porteurs) for r in recs] == [["Communauté de communes Marche Berrichonne"],
                                                 ["association Berry Mobilité Solidaire"],
                                                 ["association Valençay Emploi Solidaire"]]
    assert funders(recs[0]) == [("État", Decimal("30000"))]
    assert funders(recs[1]) == [("Département de l'Indre", Decimal("62000")), ("État", Decimal("30000"))]
    assert funders(recs[2]) == [("Département de l'Indre", Decimal("90000")),
                                ("Région Centre-Val de Loire", Decimal("35000"))]
    assert recs[2].budget == Decimal("540000")


@pytest.mark.parametrize("line", ["Limoges, le 5 décembre 2023", "Paris, le 1er mars 2024.", "Liberté", "Fraternité",
                                  "COMMUNIQUÉ DE PRESSE"])
def test_press_release_furniture_is_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["Le jardin, le 5 mai 2024, a ouvert ses portes", "Égalité des chances à l'école"])
def test_sentences_are_no_chrome(line):
    assert not is_chrome(line)


def test_table_laid_out_with_spaces_as_a_pdf_gives_it():
    """A PDF's table as its text comes out (columns of spaces, cells wrapped over several lines, the one-line
    cells on the row's middle line): one initiative per row, each cell read whole."""
    recs = read("commission-tableau-pdf-aligne.txt")
    assert [names(r.porteurs) for r in recs] == [["Le Panier Ruthénois"], ["Entraide du Haut-Ségala"],
                                                 ["Les Jardins de la Serre"], ["Vélo Pour Tous 12"]]
    assert recs[0].title == ("Ateliers de cuisine « anti-gaspi » et distribution de paniers solidaires aux "
                             "familles")
    assert [names(r.territoires) for r in recs] == [["Rodez"], ["Naucelle"], ["Millau"], ["Villefranche-de-Rouergue"]]
    assert [[f.amount for f in r.financements if f.amount] for r in recs] == [
        [Decimal("14000")], [Decimal("9500")], [Decimal("8900")], [Decimal("6000")]]


def test_aligned_table_rows_keep_the_line_count():
    from isgraph.extract.aligned import aligned_tables

    lines = (FIXTURES / "commission-tableau-pdf-aligne.txt").read_text(encoding="utf-8").split("\n")
    got = aligned_tables(lines)
    assert got[9] == "Association | Projet | Commune | Montant"
    assert got[11].startswith("Le Panier Ruthénois | Ateliers de cuisine") and got[12] == got[13] == ""
    assert 10 not in got  # (the blank line between the header and the first row)
    assert all(0 <= k < len(lines) for k in got)
    assert 24 not in got  # the prose after the table is left alone


def test_project_cards_titled_by_their_heading_above_the_place_line():
    """'<h3>Une recyclerie …</h3>' then 'Decazeville (12) – Association X': the heading titles the project, the
    short line under it gives its place and porteur (it is no title); 'la CAF du Lot et la MSA Midi-Pyrénées
    Nord cofinancent l'action': two funders (a plural verb, an MSA named by its territory)."""
    recs = read("fondation-cartes-lieu.html")
    assert [r.title for r in recs] == ["Une recyclerie pour équiper les jeunes ménages",
                                       "Des visites de convivialité pour les aînés", "Un atelier vélo itinérant"]
    assert [[n.lower() for n in names(r.porteurs)] for r in recs] == [
        ["association le grenier du bassin"], ["association voisins d'ici"], ["association roue de secours"]]
    assert [names(r.territoires)[:1] for r in recs] == [["Decazeville"], ["Figeac"], ["Aurillac"]]
    assert {name for name, _ in funders(recs[1])} == {"Fondation Terres Partagées",
                                                      "Caisse d'allocations familiales du Lot",
                                                      "MSA Midi-Pyrénées Nord"}
    assert funders(recs[0]) == [("Fondation Terres Partagées", Decimal("14000"))]


def test_programming_committee_minutes_letterhead_is_no_initiative():
    """'GAL …' / 'Structure porteuse : PETR …' above the dossiers, each with its 'Intitulé :': the letterhead is
    no initiative; 'Avis du comité : FAVORABLE' after a list of partners stated on its line is no partner."""
    recs = read("gal-compte-rendu-dossiers.txt")
    assert [r.title for r in recs] == ["Épicerie associative itinérante des plateaux",
                                       "Légumerie collective pour la restauration scolaire"]
    assert sorted(n.lower() for n in names(recs[0].partenaires)) == ["banque alimentaire du doubs",
                                                                     "centre social de maîche"]
    assert funders(recs[0]) == [("FEADER (LEADER)", Decimal("28000")), ("Département du Doubs", Decimal("9000"))]


def test_commission_articles_and_annexed_aligned_table():
    """A deliberation decides two grants in its articles and annexes a table laid out with spaces, whose header
    is wrapped upwards ('Dépense' / 'retenue', 'Montant' / 'attribué'): one initiative per article and per row;
    an article's co-funder ('Le projet est cofinancé par l'État …') does not take its grant; the budget of an
    article is its 'dépense subventionnable', not the 'subvention d'investissement'; a row's budget is its
    'Dépense retenue'."""
    recs = read("commission-articles-et-annexe.txt")
    assert [names(r.porteurs) for r in recs] == [["SCIC Menuiserie du Boischaut"],
                                                 ["association Le Relais des Quatre Vents"],
                                                 ["Association Ressourcerie du Val de Cisse"],
                                                 ["Coopérative d'activités Élan Touraine"]]
    assert recs[0].title.startswith("Création d'un atelier de menuiserie")
    assert funders(recs[0]) == [("Région Centre-Val de Loire", Decimal("45000")), ("État", None)]
    assert [r.budget for r in recs] == [Decimal("180000"), Decimal("96000"), Decimal("52000"), Decimal("35000")]
    assert [funders(r)[0][1] for r in recs[2:]] == [Decimal("13000"), Decimal("10500")]


def test_a_town_magazine_gives_one_initiative_per_story():
    """A magazine municipal in a PDF's text: rubrics in capitals ('SOLIDARITÉ', 'MOBILITÉ'), a headline over each
    story, one of them wrapped over two lines; 'Depuis le 6 octobre, l'association X sert …' is the story's
    porteur (a partner 'assure' the supplies); the 'État civil' is no initiative."""
    recs = read("bulletin-municipal-rubriques.txt")
    assert [r.title for r in recs] == [
        "La Bonne Assiette ouvre son restaurant solidaire",
        "Vélo Forez : un atelier pour réparer son vélo sans se ruiner et aller au travail"]
    assert [names(r.porteurs) for r in recs] == [["association La Bonne Assiette"], ["association Vélo Forez"]]
    assert funders(recs[0]) == [("CCAS de Montbrison", Decimal("5000")), ("Département de la Loire", Decimal("3000"))]
    assert recs[1].budget == Decimal("24000")


def test_a_council_news_page_with_other_decisions_below_the_story():
    """'Également au conseil communautaire' under the story: the story is one initiative, each decision below it
    naming its porteur and its funder one more ('leur soutien au Point d'accueil jeunes itinérant, géré par
    l'association X … La Communauté de communes y consacre 12 000 €'); a decision without a porteur is none."""
    recs = read("actu-cc-egalement-au-conseil.html")
    assert [names(r.porteurs) for r in recs] == [["association Le Bon Réemploi"], ["association Jeunesse en Mormal"]]
    assert recs[1].title == "Point d'accueil jeunes itinérant"
    assert funders(recs[0]) == [("Communauté de communes du Pays de Mormal", Decimal("18000"))]
    assert funders(recs[1]) == [("Communauté de communes du Pays de Mormal", Decimal("12000"))]


def test_a_paragraph_below_a_table_completes_its_row():
    """'Focus sur deux projets' under a table of laureates: a paragraph opening on a row's name in bold adds its
    partners and funders to that row (not a new initiative)."""
    recs = read("resultats-tableau-et-focus.md")
    assert len(recs) == 3
    assert funders(recs[2]) == [("ADEME", Decimal("14600")), ("Département de la Haute-Marne", Decimal("8000"))]
    assert "CCAS de Langres" in names(recs[2].partenaires)
    assert "Mission locale Nord Ardennes" in names(recs[1].partenaires)
    assert not recs[0].partenaires


def test_a_grant_item_two_bodies_carry():
    """'35 000 € au centre social X (Bordeaux) et à l'association Y, qui co-portent un fab-lab …': the title is
    what they carry."""
    from isgraph.extract.blocks import parse_item

    porteur, title, amount = parse_item("22 000 € au centre social Les Glycines (Pessac) et à l'association Robots "
                                        "du Bourgailh, qui co-portent un atelier de robotique pour les 10-15 ans. "
                                        "« Un lieu pour essayer », explique la directrice.")
    assert (porteur, title, amount) == ("centre social Les Glycines", "Atelier de robotique pour les 10-15 ans",
                                        Decimal("22000"))


@pytest.mark.parametrize("text, funder, amount", [
    ("La fondation d'entreprise Chemins Sûrs nous a offert un pont élévateur d'une valeur de 9 000 €.",
     "fondation d'entreprise Chemins Sûrs", Decimal("9000")),
    ("La Région Bretagne nous a accordé 12 000 € pour le camion.", "Région Bretagne", Decimal("12000")),
    ("Le Département lui a attribué une subvention de 4 000 €.", "Département", Decimal("4000")),
])
def test_a_funding_verb_with_a_pronoun_before_it(text, funder, amount):
    """An interview: 'X nous a offert …', 'X nous a accordé …' (the speaker's association is given it)."""
    from isgraph.extract.cues import assign_roles
    from isgraph.extract.mentions import _orgs

    (rf,) = assign_roles(text, _orgs(text, keep_generic=True))
    assert (rf.role, rf.org.name, rf.amount) == ("financeur", funder, amount)


def test_a_newspaper_masthead_is_no_title_and_the_initiative_is_no_partner():
    """'L'Écho des X – Édition de Y' and 'Puy-de-Dôme | Société | Solidarité' above the headline: the headline is
    the title; 'la ressourcerie Bric et Broc', the initiative itself, is none of its partners."""
    (rec,) = read("presse-bandeau-journal.txt")
    assert rec.title == "Ressourcerie Bric et Broc"  # (the headline's 'Pionsat : la ressourcerie Bric et Broc
    # redonne vie …' names it)
    assert names(rec.porteurs) == ["association d'insertion Les Ateliers du Sioulet"]
    assert not any("Bric et Broc" in n for n in names(rec.partenaires))
    assert funders(rec) == [("Département du Puy-de-Dôme", Decimal("60000")),
                            ("Région Auvergne-Rhône-Alpes", Decimal("45000"))]


@pytest.mark.parametrize("text, role, name, amount", [
    ("Café associatif dans une grange rénovée. Soutien : Fondation Les Mains Liées (6 000 €).", "financeur",
     "Fondation Les Mains Liées", Decimal("6000")),
    ("Un atelier vélo. Subvention : Région Bretagne (5 000 €).", "financeur", "Région Bretagne", Decimal("5000")),
    ("Cofinancement : Département du Cher (3 000 €).", "financeur", "Département du Cher", Decimal("3000")),
])
def test_a_funding_label_inside_a_paragraph(text, role, name, amount):
    """'… Soutien : Fondation X (6 000 €).' in an item's text: a label naming the funder, not only at a card's
    line start."""
    from isgraph.extract.cues import assign_roles
    from isgraph.extract.mentions import _orgs

    found = [(rf.role, rf.org.name, rf.amount) for rf in assign_roles(text, _orgs(text, keep_generic=True))]
    assert (role, name, amount) in found


@pytest.mark.parametrize("text, expected", [
    ("Mécènes : Fondation Les Sillons et Crédit Agricole Centre Loire.", ["Fondation Les Sillons",
                                                                         "Crédit Agricole Centre Loire"]),
    ("soutenu par la Fondation Marelle et Caisse des Dépôts", ["Fondation Marelle", "Caisse des Dépôts"]),
    ("la Fondation Entreprendre et Réussir", ["Fondation Entreprendre et Réussir"]),
    ("l'association Culture et Patrimoine Creusois", ["association Culture et Patrimoine Creusois"]),
])
def test_a_kind_of_body_after_et_opens_the_next_name(text, expected):
    assert [o.name for o in find_all_organisations(text)] == expected


def test_a_prefects_decree_granting_a_subsidy():
    """'ARRÊTE : Article 1er : Une subvention d'un montant de N € est attribuée à l'association X, située à Y,
    pour …': titled by its purpose, X its porteur, the amount the State's."""
    (rec,) = read("arrete-prefectoral-subvention.txt")
    assert rec.title.startswith("Création d'un atelier de transformation de légumes")
    assert names(rec.porteurs) == ["association Les Jardins du Velay"]
    assert [a for _, a in funders(rec)] == [Decimal("42500")]
    assert "Brives-Charensac" in names(rec.territoires)
    assert rec.partenaires == []  # the letterhead's issuing service ('Direction départementale de …') is none


def test_an_activity_report_gives_one_initiative_per_action():
    """A CIAS's 'Rapport d'activité': one initiative per action it tells, not the president's word nor the
    budget; 'en lien avec France Services et la CAF X, qui finance le poste': the CAF funds."""
    recs = read("rapport-activite-cias.md")
    assert [r.title for r in recs] == ["Le portage de repas à domicile", "Un point d'accès aux droits itinérant"]
    assert funders(recs[0]) == [("Conférence des financeurs de la Haute-Saône", Decimal("14000"))]
    assert ("CAF de la Haute-Saône", None) in funders(recs[1])
    assert "France Services" in names(recs[1].partenaires)


def test_a_council_record_item_by_item():
    """A community council's record: each 'Délibération n° … : objet' item is one grant, titled by the project
    its heading names ('Soutien au chantier d'insertion « … »') or by the purpose said where the same amount is
    proposed ('Il propose … 6 000 € pour l'achat d'un véhicule'), not 'Année 2025' ('… pour l'année 2025');
    'La Région X et l'État participent également au financement': both fund; the accounts item is none."""
    recs = read("conseil-communautaire-deliberations.txt")
    assert [r.title for r in recs] == ["Achat d'un véhicule frigorifique",
                                       "Chantier d'insertion « Les Jardins de la Siagnole »"]
    assert names(recs[0].porteurs) == ["association Le Panier Solidaire du Var"]
    assert [(f.casefold(), a) for f, a in funders(recs[0])] == [("communauté de communes du pays de fayence",
                                                                  Decimal("6000"))]
    assert set(names(recs[0].territoires)) >= {"Fayence", "Montauroux"}
    assert [f.casefold() for f, _ in funders(recs[1])] == ["communauté de communes du pays de fayence",
                                                           "région provence-alpes-côte d'azur", "état"]
    assert "Callian" in names(recs[1].territoires)


def test_a_vote_count_is_no_funder():
    """'Plus de 9 000 habitants ont voté pour …': a count of voters, no organisation funding the laureates."""
    recs = read("budget-participatif-laureats.html")
    assert len(recs) == 4
    for r in recs:
        assert [f for f, _ in funders(r)] == ["Département du Gers"]


def test_a_portrait_titled_without_its_rubric():
    """'Portrait : X, un garage solidaire' titles X's article without the rubric; 'La communauté de communes X
    met le local à disposition': a partner (an object between the verb and 'à disposition')."""
    (rec,) = read("portrait-reseau-garage-solidaire.html")
    assert rec.title == "Le Relais des Possibles, un garage solidaire dans le Lot"
    assert names(rec.porteurs) == ["association Le Relais des Possibles"]
    assert "communauté de communes causses et vallée de la dordogne" in [n.casefold() for n in names(rec.partenaires)]
    assert ("Région Occitanie", Decimal("25000")) in funders(rec)
    assert not any("Ferreira" in n for n in names(rec.porteurs) + names(rec.partenaires))


@pytest.mark.parametrize("title,expected", [
    ("Zoom sur la recyclerie de Luzy", "La recyclerie de Luzy"),
    ("Initiative du mois – Le bus des droits", "Le bus des droits"),
    ("Initiatives solidaires en Lozère", "Initiatives solidaires en Lozère"),
])
def test_rubrics_before_a_title(title, expected):
    from isgraph.extract.generique.news import _RUBRIC

    m = _RUBRIC.match(title)
    got = title[m.end():] if m else title
    assert got[:1].upper() + got[1:] == expected


def test_a_press_release_listing_the_projects_it_funds():
    """'**X** (Die) : …, porté par Y – 18 000 €': a commune alone in brackets after the project's name is its
    place, even one whose name is a word ('Die', written with its département so that the graph reads the same
    commune); '… à prix solidaire, portés par le CCAS de Crest': 'à prix' is no prize, the CCAS carries it."""
    recs = read("communique-departement-projets.md")
    assert [r.title for r in recs][:2] == ["Le Camion des Savoirs", "Tiers-lieu La Fabrique Commune"]
    assert names(recs[1].territoires) == ["Die (Drôme)"]
    paniers = next(r for r in recs if r.title == "Les Paniers de la Vallée")
    assert names(paniers.porteurs) == ["CCAS de Crest"]
    assert [f for f, _ in funders(paniers)] == ["Département de la Drôme"]


def test_a_table_over_two_pages():
    """A table's rows go on after a page's foot ('Page 1/2', 'Envoyé en préfecture le …') and its header
    repeated on the next page; the total row is none."""
    recs = read("commission-annexe-deux-pages.txt")
    assert [r.title for r in recs] == ["Épicerie itinérante dans les communes rurales", "Ateliers cuisine pour les familles",
                                       "Laverie solidaire", "Atelier de réparation de vélos", "Menuiserie d'insertion"]
    assert [a for r in recs for _, a in funders(r)] == [Decimal(x) for x in ("12000", "4500", "18000", "6000", "25000")]


def test_laureates_enumerated_with_their_amounts():
    """'Parmi les projets retenus, on trouve l'association A (Lodève), qui recevra 10 000 € pour son verger…, la
    coopérative B (Millau) pour une filière … (9 000 €) et le foyer rural C (…), soutenu à hauteur de 8 000 € pour
    …' and 'Sont aussi soutenus : la ressourcerie D (Florac-Trois-Rivières, 7 000 €) et …': one initiative per
    laureate with its place and its amount from the calling body; a sentence whose parentheses hold no place nor
    amount gives none."""
    recs = read("presse-laureats-montants.txt")
    assert [(r.title, names(r.porteurs), names(r.territoires)) for r in recs] == [
        ("Verger partagé", ["association Les Mains Vertes"], ["Lodève"]),
        ("Filière de laine locale", ["coopérative Laine & Causse"], ["Millau"]),
        ("Ateliers numériques", ["foyer rural de Sauveterre"], ["Sauveterre-de-Rouergue"]),
        ("Ressourcerie Le Grenier Cévenol", ["ressourcerie Le Grenier Cévenol"], ["Florac-Trois-Rivières"]),
        ("Minibus solidaire", ["association Bouge ta Vallée"], ["Saint-Affrique"])]
    assert [funders(r) for r in recs] == [[("Fondation Terres d'Avenir", Decimal(n))]
                                          for n in (10000, 9000, 8000, 7000, 6000)]
    assert [r.start for r in recs] == [7, 7, 7, 9, 9]
    assert all("Serre" not in " ".join(names(r.porteurs)) for r in recs)


def test_grant_list_titles_lose_their_for():
    """'Association X (Place) : 16 000 € pour la création d'un service …': the title is what the grant is for,
    without its 'pour la'."""
    recs = read("cp-subventions-pour.txt")
    assert [(r.title, names(r.porteurs)) for r in recs] == [
        ("Création d'un service de transport à la demande", ["Association La Navette des Crêtes"]),
        ("Développement d'une cuisine centrale bio", ["SCOP Les Fourneaux Lorrains"]),
        ("Atelier de couture solidaire", ["Régie de quartier du Neuhof"])]
    assert [funders(r) for r in recs] == [[("Région Grand Est", Decimal(n))] for n in (16000, 22500, 9000)]


def test_a_funding_plans_and_inside_a_bodys_name():
    """'Communauté de communes Pouilly-Bligny et Ouche : 6 000 €' is one body (its right side names no
    organisation); 'Région … et Département … : 5 000 €' two."""
    (rec,) = read("fiche-plan-epci-et.html")
    assert sorted(f.funder for f in rec.financements) == [
        "Communauté de communes Pouilly-Bligny et Ouche", "Département de la Côte-d'Or", "FEADER (LEADER)",
        "Région Bourgogne-Franche-Comté"]
    assert ("Communauté de communes Pouilly-Bligny et Ouche", Decimal("6000")) in funders(rec)


def test_a_grant_applications_sections_are_one_initiative():
    """'1. Présentation de la structure' (its name, SIRET, legal representative), '2. Présentation de l'action' (its
    title, place, partners), '3. Budget prévisionnel': one initiative, the action, carried by the association; the
    amounts asked for fund nothing yet; the contacts are no actors."""
    (rec,) = read("demande-subvention-sections.txt")
    assert (rec.title, names(rec.porteurs)) == ("Four à pain collectif du village", ["Le Fournil des Coteaux"])
    assert names(rec.territoires) == ["Saint-Émilion"] and rec.budget == Decimal("14200")
    assert (rec.start, rec.end) == (3, 18)
    assert not rec.financements
    assert all(any(name in p for p in rec.personnes) for name in ("Bastien Leroux", "Inès Carpentier"))


def test_pdf_table_rows_with_cells_wrapped_downwards():
    """A deliberation's table as a PDF's text lays it out: no blank line between the rows, each row's cells
    wrapping down from its first line ('Association La | Saint-Claude | Conciergerie | 7 500 €' over 'Navette
    Jurassienne | | rurale'), a word the narrow column cut ('pédagogiqu' / 'e'), the TOTAL row, then prose: one
    initiative per row, funded by the council with the row's amount."""
    recs = read("conseil-tableau-pdf-cellules.txt")
    assert [(r.title, names(r.porteurs), r.start) for r in recs] == [
        ("Conciergerie rurale", ["Association La Navette Jurassienne"], 10),
        ("Atelier de réparation de skis d'occasion", ["Collectif Montagnes Vivantes"], 12),
        ("Potager pédagogique", ["Association Terre de Lien"], 15)]
    assert [funders(r) for r in recs] == [[("Communauté de communes du Haut-Jura Saint-Claude", Decimal(n))]
                                          for n in (7500, 2000, 3200)]
    assert [names(r.territoires) for r in recs] == [["Saint-Claude"], ["Septmoncel"], ["Morez"]]


def test_a_newsletters_story_under_its_masthead():
    """A Parc's newsletter (a layout table, the publication's title as <h1>, then one story, an 'Agenda' and 'Le
    Parc recrute'): the story is the initiative, titled by its own headline; the agenda's places and the job are
    none of it; 'X soutient l'équipement de la cuisine (18 000 €)' is funding with its amount; the unsubscribe line
    is page chrome."""
    (rec,) = read("lettre-parc-agenda.html")
    assert rec.title == "Une cantine partagée pour les écoles du causse de Gramat"
    assert names(rec.porteurs) == ["association Assiettes Causse Nord"]
    assert funders(rec) == [("Région Occitanie", Decimal("18000")), ("Département du Lot", Decimal("6000"))]
    places = names(rec.territoires)
    assert "Gramat" in places and "Labastide-Murat" not in places and "Cajarc" not in places


def test_an_open_call_for_projects_is_no_initiative():
    """'Appel à projets … 2026' with 'Qui peut candidater ?', 'Dépôt des candidatures avant …': the rules of a call
    still open present no initiative (not the call, not the bank that backs it); a call's results page is read."""
    assert read("appel-a-projets-ouvert.html") == []
    from isgraph.extract.blocks import Line, _open_call

    results = [Line(1, "Appel à projets « Villages solidaires » 2025 : les lauréats", heading=True),
               Line(2, "Les candidatures déposées avant le 31 mars ont été examinées ; date limite passée, "
                       "qui peut candidater en 2026 sera précisé.")]
    assert not _open_call(results)


def test_a_proper_name_after_its_type_runs_over_de_la():
    """'l'association Les Paniers de la Flora cultive …': the name runs over 'de la' to its capitalised word (it
    stopped at 'Les Paniers')."""
    from isgraph.extract.mentions import _orgs

    text = "L'association Les Paniers de la Flora cultive un potager, avec le centre social Les Rives de l'Oust."
    names_found = [o.name for o in _orgs(text)]
    assert "association Les Paniers de la Flora" in names_found
    assert any(n.endswith("Les Rives de l'Oust") for n in names_found)


def test_an_activity_reports_actions_are_its_authors():
    """'RAPPORT D'ACTIVITÉ 2023' over the association's name, then 'NOS ACTIONS' told in prose: one initiative per
    action, each carried by the association (not by the food bank that supplies it, nor missing when the action
    names no body); a body named by its acronym and place ('le CCAS de Vire Normandie') takes part; the report's
    other sections (the president's word, the finances, the team, the plans for next year) are no initiative."""
    recs = read("rapport-activite-actions.txt")
    assert [(r.title, names(r.porteurs)) for r in recs] == [
        ("L'épicerie sociale Le Cabas", ["Association Vivre Ensemble en Bocage"]),
        ("Le transport solidaire", ["Association Vivre Ensemble en Bocage"]),
        ("Les ateliers numériques", ["Association Vivre Ensemble en Bocage"])]
    epicerie, transport, ateliers = recs
    assert {"CCAS de Vire Normandie", "Banque alimentaire du Calvados"} <= set(names(epicerie.partenaires))
    # ('la Conférence des financeurs de la prévention de la perte d'autonomie du Calvados': the Calvados' one)
    assert [f.funder for f in transport.financements if not f.document_level] == [
        "Conférence des financeurs du Calvados", "MSA Côtes Normandes"]
    # the report's 'NOS PARTENAIRES FINANCIERS' fund each action, at the document's level
    for rec in recs:
        assert {f.funder for f in rec.financements if f.document_level} == {
            "État DDETS du Calvados", "Région Normandie", "Département du Calvados",
            "Communauté de communes Intercom de la Vire au Noireau", "Ville de Vire Normandie", "CAF du Calvados",
            "Fondation de France"}
    assert sorted(names(ateliers.territoires)) == ["Condé-en-Normandie", "Valdallière", "Vire (Calvados)"]


def test_a_table_with_one_column_per_funder():
    """A programme's table of co-financings ('Porteur | Action | Quartier | État (BOP 147) | Ville de Montluçon |
    Montluçon Communauté | Coût total'): the 'Action' column titles each row; each funder's column gives that
    funder's amount, an empty cell none (the cells after it stay in their columns); the row's place is the most
    local co-funding collectivity's (the quartier names no commune)."""
    recs = read("contrat-de-ville-programmation.md")
    assert [(r.title, names(r.porteurs)) for r in recs] == [
        ("Ateliers scientifiques au pied des immeubles", ["Association Les Petits Débrouillards Auvergne"]),
        ("Accompagnement à la scolarité", ["Centre social des Marais"]),
        ("Médiation sociale et interprétariat", ["Association Femmes Relais 03"]),
        ("Chantier d'insertion propreté urbaine", ["Régie de quartier Montluçon Solidarités"]),
        ("Permanences emploi des jeunes", ["Mission locale de l'arrondissement de Montluçon"])]
    assert [sorted(funders(r)) for r in recs] == [
        [("Ville de Montluçon", Decimal(3000)), ("État", Decimal(6000))],
        [("Montluçon Communauté", Decimal(2000)), ("Ville de Montluçon", Decimal(5000)), ("État", Decimal(8500))],
        [("Montluçon Communauté", Decimal(4000)), ("État", Decimal(12000))],
        [("Montluçon Communauté", Decimal(10000)), ("Ville de Montluçon", Decimal(10000)),
         ("État", Decimal(15000))],
        [("Montluçon Communauté", Decimal(3500)), ("État", Decimal(7000))]]
    assert [r.budget for r in recs] == [Decimal(n) for n in (14500, 31000, 26800, 98000, 18200)]
    # and the district of its 'Quartier' column, in that commune (or the one commune the document names);
    # 'Tous quartiers' none
    assert [names(r.territoires) for r in recs] == [
        ["Montluçon", "Quartier Fontbouillant (Montluçon)"], ["Montluçon", "Quartier Les Marais (Montluçon)"],
        ["CA Montluçon Communauté", "Quartier Bien-Assis (Montluçon)"],
        ["Montluçon", "Quartier Fontbouillant (Montluçon)"], ["CA Montluçon Communauté"]]


def test_an_empty_cell_keeps_the_next_cells_in_their_columns():
    from isgraph.extract.blocks import _cells

    assert _cells("A | B | | 3 000") == ["A", "B", "", "3 000"]  # (what the line's clean-up leaves of '|  |')
    assert _cells("A | B |  | 3 000") == ["A", "B", "", "3 000"]
    assert _cells("| B | C") == ["", "B", "C"]
    assert _cells("A | B |") == ["A", "B", ""]
    assert _cells("x|y | z") == ["x|y", "z"] and _cells("a|b") == []


def test_a_column_named_by_a_place_kind_over_places_stays_a_place():
    """'Commune' over place names is the rows' place, 'Région' over amounts a funder's column."""
    from isgraph.extract.blocks import Line
    from isgraph.extract.tables import find_table, header_body

    assert header_body("État (BOP 147)") == "État" and header_body("Montluçon Communauté") == "Montluçon Communauté"
    assert header_body("Quartier") is None and header_body("Coût total") is None
    lines = [Line(1, "Porteur | Projet | Commune | Région"),
             Line(2, "Association Les Jardins du Lac | Jardin partagé | Annecy | 4 000"),
             Line(3, "Association Rouages | Atelier vélo | Cluses | –")]
    rows = find_table(lines)
    assert [r.cells for r in rows] == [
        {"porteur": "Association Les Jardins du Lac", "titre": "Jardin partagé", "territoire": "Annecy",
         "financeurs": "Région : 4 000 €"},
        {"porteur": "Association Rouages", "titre": "Atelier vélo", "territoire": "Cluses"}]


def test_a_municipal_bulletins_stories_happen_in_its_commune():
    """'Bulletin municipal de Moulins-Engilbert': the stories of initiatives that name no place are in that
    commune; the road works, the opening hours, the agenda and the register are no initiative."""
    recs = read("bulletin-municipal.txt")
    assert sorted((r.title, names(r.porteurs), names(r.territoires)) for r in recs) == [
        ("Le Repair Café fête ses deux ans", ["association Les Doigts Agiles"], ["Moulins-Engilbert"]),
        ("Une épicerie solidaire au cœur du bourg", ["association Le Panier Moulinois"], ["Moulins-Engilbert"])]
    # 'La commune met le local à disposition et a versé une subvention de 2 500 €': the bulletin's commune
    epicerie = next(r for r in recs if r.title.startswith("Une épicerie"))
    assert funders(epicerie) == [("Commune de Moulins-Engilbert", Decimal(2500))]


def test_a_municipal_home_is_read_only_from_a_communes_own_publication():
    from isgraph.extract.blocks import Line
    from isgraph.extract.places import municipal_home

    assert municipal_home([Line(1, "Le Petit Moulinois"),
                           Line(2, "Bulletin municipal de Moulins-Engilbert - n° 42 - Printemps 2025")]) == \
        ("Moulins-Engilbert", 2)
    assert municipal_home([Line(1, "Le journal de la ville de Vierzon")]) == ("Vierzon", 1)
    # a newspaper, a Département's magazine: no home commune
    assert municipal_home([Line(1, "Le Journal du Centre – édition de la Nièvre")]) is None
    assert municipal_home([Line(1, "Le magazine du Département de la Nièvre")]) is None


def test_a_table_rows_place_from_its_porteurs_name_or_branch():
    """A commune's list of grants with no place column: the branch written after a body's name ('Les Restos du
    Cœur - antenne de Guéret') is where it acts, not a second porteur; a name ending on a commune ('Familles
    Rurales de Bourganeuf') places the row; a name holding no place the gazetteer reads in one way gives none."""
    recs = read("subventions-associations.csv")
    assert [(r.title, names(r.porteurs), names(r.territoires)) for r in recs] == [
        ("Aide alimentaire", ["Les Restos du Cœur"], ["Guéret"]),
        ("Accueil de loisirs", ["Association Familles Rurales de Bourganeuf"], ["Bourganeuf"]),
        ("Transport solidaire pour les personnes âgées", ["Creuse Mobilité Solidaire"], [])]


def test_a_place_ends_a_name_only_when_the_gazetteer_reads_it_one_way():
    from isgraph.extract.generique.rows import _place_in_name

    assert _place_in_name("Banque alimentaire du Calvados") == "Calvados"
    assert _place_in_name("Mission locale de l'arrondissement de Montluçon") == "Montluçon"
    for name in ("Repair Café de la Vallée", "Les Restos du Cœur", "Fédération des Centres sociaux de France",
                 "Comité des fêtes de Saint-Martin", "Centre social des Marais"):
        assert _place_in_name(name) is None, name


def test_numbered_action_sheets_are_one_initiative_each():
    """A contrat local de santé's 'FICHE ACTION N° 2.1 : <title>' sheets: each its own initiative, titled by what
    follows its number; 'Pilote de l'action' carries it, a 'Co-pilote' takes part, 'Financements mobilisables'
    fund it; the referent's name is a person's."""
    recs = read("contrat-local-sante-fiches.txt")
    assert [(r.title, names(r.porteurs)) for r in recs] == [
        ("Lutter contre l'isolement des personnes âgées à domicile", ["CCAS de Fougères"]),
        ("Prévenir les chutes par l'activité physique adaptée", ["Fougères Agglomération"])]
    first, second = recs
    assert "Association Bien Vieillir en Marches de Bretagne" in names(first.partenaires)
    assert funders(first) == [("ARS Bretagne", Decimal(8000)), ("Conférence des financeurs d'Ille-et-Vilaine",
                                                                 Decimal(6500))]
    assert funders(second) == [("Conférence des financeurs d'Ille-et-Vilaine", Decimal(12000))]
    assert names(second.partenaires) == ["Siel Bleu", "Maison sport santé de Fougères"]
    assert "Claire Lemonnier" in first.personnes and "Yannick Perrin" in second.personnes


@pytest.mark.parametrize("line, title", [("FICHE ACTION N° 2.1 : Lutter contre l'isolement", "Lutter contre l'isolement"),
                                         ("Action 3 : Un jardin partagé", "Un jardin partagé"),
                                         ("Projet n°12 : La recyclerie", "La recyclerie"),
                                         ("Fiche n° 4 b : Le bus santé", "Le bus santé")])
def test_a_numbered_items_label_gives_its_title(line, title):
    from isgraph.extract.blocks import Line, card_field

    assert card_field(Line(1, line)) == ("titre", title)


def test_a_label_with_a_number_but_no_item_is_no_title():
    from isgraph.extract.blocks import Line, card_field

    assert card_field(Line(1, "Axe 2 : Favoriser le bien vieillir"))[0] != "titre"
    assert card_field(Line(1, "Article 3 : le montant est versé en une fois"))[0] != "titre"


def test_a_cards_district_is_a_territory_in_its_commune():
    """'Fiche projet : <title>' titles the card; 'Quartier : Les Provinces' beside 'Commune : Cherbourg-en-Cotentin'
    is that commune's district (a QPV, a territory the annotators write)."""
    recs = read("fiche-projet-quartier.txt")
    assert [(r.title, names(r.porteurs), names(r.territoires)) for r in recs] == [
        ("Le jardin des voisins", ["Association Graines de Quartier"],
         ["Cherbourg-en-Cotentin", "Quartier Les Provinces (Cherbourg-en-Cotentin)"])]


def test_project_cards_under_headings_with_a_place_line():
    """A foundation's page of cards: '<h3>title</h3>', a short place line ('Saint-Affrique (Aveyron)'), the text,
    'Soutien : 12 000 €'. The heading titles each card (the place line is the card's first line, no heading), the
    last card keeps its amount above the press contact, and 'la régie de quartier Bastide Emploi' names no
    district."""
    recs = read("fondation-projets-cartes.html")
    assert [(r.title, names(r.territoires)) for r in recs] == [
        ("L'Épicerie Vagabonde", ["Saint-Affrique", "Aveyron"]),
        ("Répar'Café des Coteaux", ["Moissac", "Tarn-et-Garonne"]),
        ("Numérique pour tous à Bagatelle", ["Toulouse", "Haute-Garonne"]),
        ("Jardins partagés de la Bastide", ["Villefranche-de-Rouergue", "Aveyron"])]
    assert [funders(r) for r in recs] == [[("Fondation Lumière des Territoires", Decimal(n))]
                                          for n in (12000, 7500, 15000, 9000)]


def test_a_grants_export_whose_title_names_the_giver():
    """'Subventions attribuées aux associations – Grenoble-Alpes Métropole – exercice 2024' over a CSV export with
    no funder column: the intercommunality named before its kind gives every row's amount."""
    recs = read("subventions-titre-metropole.csv")
    assert len(recs) == 5
    assert {f.funder for r in recs for f in r.financements} == {"Grenoble-Alpes Métropole"}
    assert [int(r.financements[0].amount) for r in recs] == [12500, 8000, 6200, 4500, 9800]


@pytest.mark.parametrize("name, code", [("Grenoble-Alpes Métropole", "epci"), ("Vichy Communauté", "epci"),
                                        ("Dinan Agglomération", "epci"), ("Cette Communauté", None),
                                        ("Lumière Communauté", None)])
def test_an_intercommunality_named_before_its_kind(name, code):
    from isgraph.extract.common import organisation_type

    assert organisation_type(name) == code


@pytest.mark.parametrize("text, expected", [
    ("Le projet a été financé avec le soutien de la Région Bretagne, à hauteur de 45 000 €, et de la CAF des "
     "Côtes-d'Armor, qui a apporté 20 000 €.",
     [("Région Bretagne", "financeur", 45000), ("CAF des Côtes-d'Armor", "financeur", 20000)]),
    ("La Fondation Rayons Solidaires a également participé pour 10 000 €.",
     [("Fondation Rayons Solidaires", "financeur", 10000)]),
    ("Le Département de la Manche a participé au financement.", [("Département de la Manche", "financeur", None)]),
    ("Le projet bénéficie d'un financement LEADER de 35 000 € ainsi que d'une aide de la Région "
     "Auvergne-Rhône-Alpes de 20 000 €.",
     [("LEADER", "financeur", 35000), ("Région Auvergne-Rhône-Alpes", "financeur", 20000)]),
    ("Il a obtenu un financement participatif de 3 000 € auprès de ses adhérents.", []),
    ("La Fondation du Crédit Mutuel de Bretagne a également participé, pour 10 000 €.",
     [("Fondation du Crédit Mutuel de Bretagne", "financeur", 10000)]),
    ("La Région Bretagne participe, à hauteur de 5 000 €, au projet.", [("Région Bretagne", "financeur", 5000)]),
    ("Son espace de vente a été financé à hauteur de 60 000 € par la Communauté urbaine du Grand Reims.",
     [("Communauté urbaine du Grand Reims", "financeur", 60000)]),
    ("Le projet, d'un coût de 80 000 €, est financé par la Région Grand Est.", [("Région Grand Est", "financeur", None)]),
])
def test_funding_amounts_in_prose(text, expected):
    """An amount set off by a comma after its funder ('X, à hauteur de 45 000 €'), 'X a participé pour …', 'un
    financement LEADER de 35 000 €': the funder's amount."""
    got = [(r.org.name, r.role, int(r.amount) if r.amount is not None else None)
           for r in assign_roles(text, find_all_organisations(text))]
    assert got == expected


@pytest.mark.parametrize("text, names_found", [
    ("les familles accompagnées par le Secours populaire.", ["Secours populaire"]),
    ("avec les Restos du Coeur et la Ligue de l'enseignement", ["Restos du Coeur", "Ligue de l'enseignement"]),
    ("à Saint-Jean-en-Royans, la coopérative Les Bocaux du Royans (SCIC) a ouvert une conserverie",
     ["coopérative Les Bocaux du Royans"]),
    ("le centre social Ti an Oll anime des ateliers", ["centre social Ti an Oll"]),
    ("la recyclerie Trégor Récup et la ressourcerie de Lannion", ["recyclerie Trégor Récup", "ressourcerie de Lannion"]),
    ("Cévennes Partage (Alès) – Association d'aide alimentaire qui distribue des colis.", ["Cévennes Partage"]),
    ("un secours populaire et des restos", []),
    ("Ville de Rennes – Publié le 3 mars 2025", ["Ville de Rennes"]),
    ("complété par 10 000 € du Fonds national d'aménagement et de développement du territoire.",
     ["Fonds national d'aménagement et de développement du territoire"]),
    ("Fondation Terre Solidaire – Les projets soutenus en 2024", ["Fondation Terre Solidaire"]),
    ("Centre social - Maison des Familles", ["Centre social - Maison des Familles"]),
])
def test_organisation_names_read_whole(text, names_found):
    """A well-known body's name of lower-case words (data/actor_aliases.tsv), a head and an article before a name
    with brackets after it, Breton words inside a name, a name then its kind as a description: the name as
    written, whole, and nothing more."""
    assert [o.name for o in find_all_organisations(text)] == names_found


def test_an_info_footer_is_no_part_of_the_last_story():
    """'Pour en savoir plus : Parc …, maison du Parc, Lans-en-Vercors – 04 …': the publisher's contact line, no
    partner, no place of the story above it."""
    from isgraph.extract.blocks import is_chrome

    assert is_chrome("Pour en savoir plus : Parc naturel régional du Vercors, maison du Parc, Lans-en-Vercors")
    assert is_chrome("Plus d'informations : www.example.org")
    assert not is_chrome("Pour en savoir plus sur le jardin, les habitants se retrouvent chaque samedi à la salle.")


@pytest.mark.parametrize("headline, name", [
    ("Lannion. La Grange à Idées, un tiers-lieu qui veut rassembler tout le quartier", "La Grange à Idées"),
    ("Quimper. Le frigo solidaire de Kerfeunteun fête ses un an", "Le frigo solidaire de Kerfeunteun fête ses un an"),
    ("Mécanique du Cœur, garage solidaire", "Mécanique du Cœur, garage solidaire"),
    ("À Guingamp, une conciergerie rurale qui rend service", "À Guingamp, une conciergerie rurale qui rend service"),
    ("Bonne nouvelle. Rien ne change", "Bonne nouvelle. Rien ne change"),
])
def test_a_headline_as_the_initiatives_name(headline, name):
    """A press headline's dateline ('Lannion. ') is no part of the name, nor a clause in apposition after it."""
    from isgraph.extract.titles import headline_name

    assert headline_name(headline) == name


def test_a_councils_grants_list_ends_before_the_next_deliberation():
    """'- 5 000 € à l'association X pour le projet « Y », …': one initiative per grant, titled by the project's
    name (not 'Projet « Y »'); the last one ends on its own line, before the act's closing words and the next
    deliberation's heading in capitals (the road works are no part of it); the councillors are persons."""
    recs = read("compte-rendu-conseil-subventions.txt")
    assert [(r.title, names(r.porteurs), r.start, r.end) for r in recs] == [
        ("Cartables en marche", ["association Le Pédibus Aiglon"], 20, 20),
        ("Café des aidants", ["association Les Amis de la Risle"], 21, 21),
        ("Chantier d'insertion bois-énergie", ["association Emploi Solidaire Ornais"], 22, 22)]
    assert [int(r.financements[0].amount) for r in recs] == [5000, 3500, 7000]
    from isgraph.extract.themes import classify_record

    assert "insertion-emploi" in classify_record(recs[2]) and "amenagement-urbanisme" not in classify_record(recs[2])


@pytest.mark.parametrize("title, bare", [("Cévennes Partage (Alès)", "Cévennes Partage"),
                                         ("Les Ateliers du Lez (Montpellier)", "Les Ateliers du Lez"),
                                         ("Recyclerie (SCIC)", "Recyclerie (SCIC)"), ("Plan vélo (2024)", "Plan vélo (2024)")])
def test_a_titles_place_in_brackets_is_no_part_of_it(title, bare):
    from isgraph.extract.titles import bare_title

    assert bare_title(title) == bare


def test_the_laureates_of_a_years_call_are_of_that_year():
    """'les 5 lauréats de l'appel à projets « Initiatives solidaires 2025 »' (one year in the text above the list):
    each laureate's year, its funder the Département with the laureate's amount."""
    recs = read("communique-laureats-appel-annee.md")
    assert len(recs) == 5 and all(r.annee == [2025] for r in recs)
    assert {f.funder for r in recs for f in r.financements} == {"Département du Gers"}


def test_each_district_of_a_list_of_districts():
    from isgraph.extract.places import block_places

    text = "Le minibus se rend chaque semaine dans les quartiers des Mesnils Pasteur et de la Bedugue, à Dole."
    assert [name for name, _ in block_places(text, [])] == ["quartiers des Mesnils Pasteur", "quartier Bedugue", "Dole"]


def test_a_cards_own_funders_list_stays_its_own(tmp_path):
    """'Partenaires financiers : …' inside a card is that card's; only a list apart from every initiative is the
    whole document's."""
    path = tmp_path / "fiches.txt"
    path.write_text("Fiche projet : La Cantine des Quais\nPorteur : Association Les Quais Solidaires\n"
                    "Commune : Vannes\nPartenaires financiers : Région Bretagne, Fondation Rayons Solidaires\n"
                    "Description : une cantine solidaire ouverte aux habitants du quartier.\n\n"
                    "Fiche projet : Le Garage des Possibles\nPorteur : Association Roues Libres\nCommune : Lorient\n"
                    "Partenaires financiers : CAF du Morbihan\n"
                    "Description : un garage solidaire pour les personnes en insertion.\n", encoding="utf-8")
    _, recs = registry.extract(read_document(path))
    assert [(r.title, sorted(f.funder for f in r.financements)) for r in recs] == [
        ("La Cantine des Quais", ["Fondation Rayons Solidaires", "Région Bretagne"]),
        ("Le Garage des Possibles", ["CAF du Morbihan"])]


def test_a_foundations_report_tells_each_project_in_a_paragraph():
    """'Fondation X – Rapport d'activité 2023', a section per programme, each paragraph a project opening on its
    place ('À Roubaix (Nord), l'association … a ouvert une épicerie participative …'): one initiative per
    paragraph, carried by the body it names, funded by the foundation with the paragraph's one free amount ('La
    Fondation lui a accordé 18 000 €', 'Une aide de 9 000 €…'); the foundation carries none of them."""
    recs = read("rapport-fondation-programmes.md")
    assert sorted((r.title, names(r.porteurs)[0], int(r.financements[0].amount)) for r in recs) == [
        ("Bus numérique du Perche", "centre social Familles Rurales de Mortagne-au-Perche", 20000),
        ("Chaleur partagée", "Agence locale de l'énergie Corrèze Énergie Solidaire", 15000),
        ("Chantiers d'auto-réhabilitation accompagnée", "association Compagnons du Logis", 25000),
        ("Ferme urbaine Terre d'Étouvie", "association Cultures Croisées", 12500),
        ("coopérative Numéri'Cap", "coopérative Numéri'Cap", 9000),
        ("Épicerie participative", "association Les Paniers du Pile", 18000)]
    assert all(r.financements[0].funder == "Fondation Terres d'Avenir" for r in recs)
    assert not any("Terres d'Avenir" in m.name for r in recs for m in r.porteurs)


def test_a_communes_bracketed_departement_is_the_departement():
    """'à Tulle (Corrèze)' in a text naming the Corrèze: Tulle, and the département (not the commune Corrèze)."""
    from isgraph.extract.places import block_places

    assert block_places("Enfin, à Tulle (Corrèze), le projet", [], ("Corrèze",)) == [("Tulle", 9), ("Corrèze", 16)]
    assert block_places("L'association X (Vienne) anime", [], ("Isère",)) == [("Vienne (Isère)", 17)]


def test_a_newsletter_presenting_three_members():
    """'La Lettre du réseau n°14 – Trois ressourceries à découvrir': one initiative per section, titled without its
    place ('La Ressourcerie du Vieux-Reims, à Reims'); 'financé à hauteur de 60 000 € par X' and 'X a soutenu son
    ouverture avec 18 000 €' are X's funding with the amount."""
    recs = read("lettre-reseau-trois-membres.html")
    assert [(r.title, [(f.funder, int(f.amount)) for f in r.financements if f.amount]) for r in recs] == [
        ("La Ressourcerie du Vieux-Reims", [("Communauté urbaine du Grand Reims", 60000)]),
        ("Récup'Vosges", [("ADEME Grand Est", 25000)]),
        ("Le Grenier d'Emmaüs Sélestat", [("Collectivité européenne d'Alsace", 18000)])]
    assert names(recs[1].porteurs) == ["association Emploi Vosges Avenir"]


def test_a_total_under_the_last_columns_is_its_own_row():
    """A deliberation's table laid out with spaces, its 'TOTAL   111 700 €' under the commune and amount columns:
    the total is no part of the last row ('Pont-à-Mousson TOTAL' was its place), and no initiative; the
    signatory under it is masked (test_privacy)."""
    recs = read("deliberation-tableau-total-decale.txt")
    assert [(r.title, names(r.territoires), int(r.financements[0].amount)) for r in recs] == [
        ("Chantier d'insertion espaces verts", ["Lunéville"], 48000),
        ("Réparation d'électroménager", ["Vandœuvre-lès-Nancy"], 36500),
        ("Chantier d'insertion bûcheronnage", ["Pont-à-Mousson"], 27200)]


@pytest.mark.parametrize("headline, lead, name", [
    ("À Vierzon, le garage solidaire remet les précaires sur la route",
     "Ouvert depuis un an, le garage solidaire Roule Ma Poule répare à petit prix", "Garage solidaire Roule Ma Poule"),
    ("La recyclerie fête ses dix ans", "La recyclerie Deuxième Vie a collecté 40 tonnes.", "Recyclerie Deuxième Vie"),
    ("Une épicerie solidaire ouvre à Dole", "L'épicerie solidaire a ouvert lundi. La Région finance.",
     "Une épicerie solidaire ouvre à Dole"),
])
def test_a_headlines_common_noun_named_by_the_lead(headline, lead, name):
    from isgraph.extract.titles import named_in_lead

    assert named_in_lead(headline, lead) == name


def test_a_participatory_budgets_projects_with_their_cost():
    """A city's participatory budget: each numbered project an initiative, also when nothing but its 'Coût :' line
    says it is one (no role cue: 'Réalisation : direction des Espaces publics'); the cost is its budget; 'animé par
    le Cercle Paul Bert Cleunay' carries it; the residents who proposed them are persons."""
    recs = read("budget-participatif-laureats.md")
    assert sorted((r.title, int(r.budget)) for r in recs) == [
        ("Des bancs et des fontaines à Villejean", 155000), ("Des vélos cargos en libre-service au centre-ville", 150000),
        ("Un jardin nourricier au Blosne", 180000), ("Un local pour les jeunes de Cleunay", 300000),
        ("Une ressourcerie de quartier à Maurepas", 250000)]
    local = next(r for r in recs if r.title.startswith("Un local"))
    assert names(local.porteurs) == ["Cercle Paul Bert Cleunay"]
    assert {"Mamadou Diallo", "Lucas Perrin"} <= set(local.personnes)


def test_a_short_storys_publication_footer_is_no_legal_notice(tmp_path):
    """'Directeur de la publication : X, maire de Y.' under a short story: the story stays an initiative (the line
    is a sentence, not a legal notice's title); a job offer's page ('Le CCAS de X recrute un(e) travailleur social
    (H/F)') presents none."""
    story = tmp_path / "m.txt"
    story.write_text("L'association Solid'Ardèche Nord lance « L'Épicerie Roulante », une épicerie solidaire mobile à "
                     "Lamastre. Le Département de l'Ardèche finance le projet à hauteur de 95 000 €.\n\nDirecteur de la "
                     "publication : Monsieur Bernard Lafargue, Maire de Saint-Affrique.\n", encoding="utf-8")
    assert [r.title for r in registry.extract(read_document(story))[1]] == ["L'Épicerie Roulante"]
    job = tmp_path / "offre.md"
    job.write_text("# Le CCAS de Vierzon recrute un(e) travailleur social (H/F)\n\n**Date limite de candidature :** 15 mars"
                   " 2025\n\n## Le contexte\n\nLe CCAS de Vierzon gère une épicerie sociale et accompagne les "
                   "bénéficiaires du RSA avec le soutien du Département du Cher.\n", encoding="utf-8")
    assert registry.extract(read_document(job))[1] == []


def test_a_press_releases_about_paragraph_and_contact_are_no_part_of_it():
    """'À propos du Département de l'Ardèche' and 'Contact presse' end the story: the bodies the boilerplate names
    (État, Région, ARS, Union européenne…) are no partners; 'L'Épicerie Roulante apporte l'aide alimentaire …' gives
    no money (the initiative is no funder of itself)."""
    (rec,) = read("communique-a-propos-du-departement.txt")
    assert rec.title == "L'Épicerie Roulante" and rec.end == 10
    assert set(names(rec.partenaires)) == {"Banque alimentaire Drôme-Ardèche", "Communauté de communes du Pays de Lamastre"}
    assert [f.funder for f in rec.financements] == ["Caisse d'allocations familiales de l'Ardèche"]


def test_a_grants_table_with_english_headers():
    """'Name;Project;City;Amount;Funder': each row's porteur, title, place, and the funder's amount."""
    recs = read("grants-english-headers.csv")
    assert [(r.title, names(r.porteurs), names(r.territoires), funders(r)) for r in recs][:2] == [
        ("Garage solidaire et auto-école sociale", ["Association Les Petites Roues"], ["Guéret"],
         [("Département de la Creuse", Decimal(15000))]),
        ("Conciergerie solidaire de quartier", ["Régie de quartier Pierre-Levée"], ["Poitiers"],
         [("Ville de Poitiers", Decimal(22500))])]
    assert len(recs) == 4


def test_an_associations_own_actions_page():
    """'Nos actions' over 'L'association Garrigue Solidaire agit depuis 2012 …' and three cards: each card an
    initiative carried by that association (no card names its carrier)."""
    recs = read("nos-actions-association.html")
    assert sorted((r.title, names(r.porteurs)[0]) for r in recs) == [
        ("Café des aidants d'Anduze", "association Garrigue Solidaire"),
        ("Le Jardin des Possibles", "association Garrigue Solidaire"),
        ("Mobil'Emploi Cévennes", "association Garrigue Solidaire")]


def test_a_news_page_gives_its_social_news_only():
    """'Actualités' of an intercommunality, five news items: the two about initiatives (a solidarity taxi, a
    recyclerie) each with their porteur and funder; the waste centre's closing, the road works ('sur la RD 562') and
    an election give none."""
    recs = read("actualites-intercommunalite.html")
    assert [(names(r.porteurs), funders(r)) for r in recs] == [
        (["association Entraide Pays de Fayence"], [("Département du Var", Decimal(12000))]),
        (["association Réemploi Var Est"], [("Région Provence-Alpes-Côte d'Azur", Decimal(25000))])]


def test_a_councils_administrative_minutes_present_no_initiative():
    """A council's minutes whose items are all the commune's administration (the budget, road works and their
    contractor, staff, a street-lighting agreement): no initiative (the contractor carried the road works)."""
    doc = read_document(FIXTURES / "proces-verbal-sans-initiative.txt")
    assert registry.extract(doc)[1] == []


def test_an_aligned_row_whose_three_cells_wrap_stays_one_row():
    """A PDF's table laid out with spaces, a row's cells each wrapping onto the next line ('Groupement d'achat   
    Association Terroirs en   Bourgogne-Franche-   20 000 €' over 'paysan solidaire   Commun   Comté'): one row,
    its cells joined (was two rows: the second line, with three cells but no amount, read as a row of its own)."""
    from isgraph.extract.aligned import aligned_tables

    lines = ["Projet                       Porteur                         Région                        Montant     Durée",
             "",
             "Jardins nourriciers de       Régie de quartier Les Trois     Hauts-de-France               25 000 €    2 ans",
             "quartier                     Ponts",
             "",
             "Groupement d'achat           Association Terroirs en         Bourgogne-Franche-            20 000 €    2 ans",
             "paysan solidaire             Commun                          Comté",
             ""]
    got = aligned_tables(lines)
    assert got[5] == "Groupement d'achat paysan solidaire | Association Terroirs en Commun | Bourgogne-Franche-Comté | " \
                     "20 000 € | 2 ans"
    assert got[6] == ""
