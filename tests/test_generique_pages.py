"""The generic reader on single-project pages whose money is told away from the project's fields or lead: a
crowdfunding page ('## Avec le soutien de' below the project), a European-funds operation sheet ('Montant UE',
'Autres cofinanceurs', a 'Résumé' under the table), an encyclopedia article about an association (its activities
in a list, their funding in a 'Financement' section), a press release and a news item whose funders are told as
subject-verb-amount sentences ('Le Département participera à hauteur de 210 000 €').

The documents are in tests/fixtures/generic/ (invented organisations, people and amounts, real places); the
expected values below were written by hand from reading them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from isgraph.extract import registry
from isgraph.extract.blocks import card_field, Line
from isgraph.extract.cues import assign_roles
from isgraph.extract.funding import _plan_parts
from isgraph.extract.mentions import _orgs
from isgraph.extract.titles import headline_name
from isgraph.ingest.documents import read_document

FIXTURES = Path(__file__).parent / "fixtures" / "generic"


def read(name: str):
    family, records = registry.extract(read_document(FIXTURES / name))
    assert family == "generique"
    return records


def funders(rec) -> dict[str, Decimal | None]:
    return {f.funder: f.amount for f in rec.financements}


def places(rec) -> set[str]:
    return {m.name for m in rec.territoires}


def test_crowdfunding_page_reads_its_supporters_below_the_project():
    (rec,) = read("page-collecte-projet.md")
    assert rec.title == "La Recyclerie des Coteaux"  # the page's heading, not the first words of 'Le projet'
    assert [m.name for m in rec.porteurs] == ["Association Les Coteaux Réemploi"]
    # '## Avec le soutien de' (line 32) lies past the card's fields: still the project's
    assert funders(rec) == {"Fondation Terres Solidaires du Sud": Decimal("12000"), "Région Occitanie": Decimal("25000")}
    # 'mise à disposition du bâtiment pour 1 € symbolique': a partner lending a building, no funder of 1 €
    assert [m.name for m in rec.partenaires] == ["Gaillac Graulhet Agglo"]
    assert rec.budget == Decimal("68000")
    assert {"Gaillac", "Rabastens", "Lisle-sur-Tarn"} <= places(rec)
    assert rec.start == 1 and rec.end >= 36


def test_european_operation_sheet():
    (rec,) = read("fiche-operation-fse.html")
    assert rec.title == "Atelier Tremplin Mécanique Solidaire"
    assert [m.name for m in rec.porteurs] == ["Association Garage des Deux Rives"]
    # 'Montant UE : 171 840,00 €' names its giver in the label; 'Autres cofinanceurs' lists the others
    assert funders(rec) == {"UE": Decimal("171840"), "Conseil départemental du Doubs": Decimal("48000"),
                            "Ville de Montbéliard": Decimal("15000")}
    assert rec.budget == Decimal("286400")
    # the summary under the table is the operation's: its partners and its second commune
    assert {m.name for m in rec.partenaires} == {"France Travail", "Mission locale du Pays de Montbéliard"}
    assert {"Montbéliard", "Audincourt", "Doubs"} <= places(rec)
    # 'Garage des Deux Rives' names no place of the operation (an EPCI of another département bears that name),
    # and 'quartiers prioritaires de Montbéliard et d'Audincourt' names no district 'Audincourt'
    assert not any("Deux Rives" in p or p.lower() == "quartier audincourt" for p in places(rec))


def test_encyclopedia_article_funds_each_activity_from_its_financing_section():
    recs = read("article-encyclopedie-association.md")
    by_title = {r.title: r for r in recs}
    assert set(by_title) == {"Seconde Maille", "Couture en partage"}
    for rec in recs:  # 'Les Ateliers du Fil Rouge est une association …': the page's subject carries them
        assert [m.name for m in rec.porteurs] == ["Les Ateliers du Fil Rouge"]
    # 'Le programme Seconde Maille a bénéficié d'une aide de 180 000 € de la Région … et de 95 000 € de l'ADEME'
    assert funders(by_title["Seconde Maille"]) == {"Région Hauts-de-France": Decimal("180000"),
                                                   "ADEME": Decimal("95000")}
    assert funders(by_title["Couture en partage"]) == {"Métropole européenne de Lille": Decimal("22000")}
    assert by_title["Seconde Maille"].financements[0].line == 28  # the line that states it, for provenance
    assert "Roubaix" in places(by_title["Seconde Maille"])  # where the association was founded
    assert not any(p.lower() == "quartier wattrelos" for p in places(by_title["Couture en partage"]))


def test_press_release_funders_told_as_subject_verb_amount():
    (rec,) = read("communique-territoire-zero-chomeur.txt")
    got = funders(rec)
    assert got["Département de l'Aveyron"] == Decimal("210000")  # 'participera à hauteur de 210 000 € par an'
    assert got["Région Occitanie"] == Decimal("75000")
    # 'Le Fonds d'expérimentation … (ETCLD) versera la contribution …, estimée à 1 150 000 €'
    assert got["ETCLD"] == Decimal("1150000")
    assert "Département de l'Aveyron" not in {m.name for m in rec.partenaires}
    # the list of the funders' shares is no list of laureates
    assert len(read("communique-territoire-zero-chomeur.txt")) == 1
    assert not any("Fabre" in m.name for m in rec.porteurs + rec.partenaires)


def test_news_item_quoted_name_before_colon_and_funders_via():
    (rec,) = read("actu-projet-alimentaire-territorial.html")
    assert rec.title == "Bien manger en Cœur de Savoie"
    assert [m.name for m in rec.porteurs] == ["Communauté de communes Cœur de Savoie"]
    # 'L'État, via la DRAAF … et le Programme national pour l'alimentation, apporte 70 000 €'; 'le Département de
    # la Savoie participe pour 12 000 €'
    assert funders(rec) == {"État": Decimal("70000"), "Région Auvergne-Rhône-Alpes": Decimal("45000"),
                            "Département de la Savoie": Decimal("12000")}
    assert rec.budget == Decimal("236000")


def test_headline_name_before_a_colon():
    assert headline_name("La Recyclerie des Coteaux : donnons une seconde vie aux objets") == "La Recyclerie des Coteaux"
    assert headline_name("« Bien manger ici » : notre projet labellisé") == "Bien manger ici"
    # a theme, a place, a body or a call before the colon: the headline stays whole
    for kept in ("Précarité énergétique : un nouveau dispositif à Lille",
                 "Saint-Affrique : le territoire zéro chômeur habilité",
                 "Région Bretagne : les projets retenus",
                 "Appel à projets Économie Sociale : les lauréats 2024"):
        assert headline_name(kept) == kept


def test_money_label_naming_its_giver():
    assert card_field(Line(1, "Montant UE : 171 840,00 €")) == ("financeurs", "UE : 171 840,00 €")
    assert card_field(Line(1, "Participation de la CAF de l'Aude : 3 000 €")) == \
        ("financeurs", "CAF de l'Aude : 3 000 €")
    # the body running the call ('Subvention Région'), an asked amount, a label with no amount: as before
    assert card_field(Line(1, "Subvention Région : 5 000 €"))[0] == "montant"
    assert card_field(Line(1, "Montant FEADER sollicité : 12 000 €"))[0] == "autre"
    assert card_field(Line(1, "Montant : 12 000 €")) == ("montant", "12 000 €")


def test_plan_parts_do_not_split_inside_brackets():
    seps = r"\s*[;,]\s+(?=[^\d\s])|\s+-\s+|\s+\+\s+|\.\s+(?=[A-ZÉ])"
    assert _plan_parts("Région Occitanie (dispositif « Économie circulaire - Investissement ») : 25 000 €; "
                       "Ville d'Albi : 3 000 €", seps) == \
        ["Région Occitanie (dispositif « Économie circulaire - Investissement ») : 25 000 €", "Ville d'Albi : 3 000 €"]
    assert _plan_parts("A : 5 000 € - B (x, y) : 4 000 €", seps) == ["A : 5 000 €", "B (x, y) : 4 000 €"]


def test_future_and_pour_funding_verbs():
    for sentence, name, amount in [
        ("Le Département de l'Yonne participera à hauteur de 20 000 € par an.", "Département de l'Yonne", "20000"),
        ("Le Département de la Savoie participe pour 12 000 € au volet solidarité.", "Département de la Savoie", "12000"),
    ]:
        found = [(r.role, r.org.name, r.amount) for r in assign_roles(sentence, _orgs(sentence))]
        assert found == [("financeur", name, Decimal(amount))]


def test_pdf_annex_table_wider_than_half_the_page_is_not_read_as_two_columns():
    """A deliberation's annex (LibreOffice PDF) whose six columns leave a gutter mid-page: the table's columns,
    not the page's (the amounts stay on their rows)."""
    from isgraph.ingest.pdf import find_gutter

    recs = read("deliberation-annexe-large.pdf")
    got = {r.title: (r.porteurs[0].name, funders(r), r.budget, places(r)) for r in recs}
    assert got == {
        "Épicerie solidaire et café des familles « Le Grenier »":
            ("Association Le Grenier d'Armagnac", {"Département du Gers": Decimal("24600")}, Decimal("82000"),
             {"Eauze"}),
        "Tiers-lieu nourricier « La Ferme Commune »":
            ("SCIC Lomagne en Commun", {"Département du Gers": Decimal("30000")}, Decimal("120000"), {"Lectoure"}),
        "Garage solidaire et atelier mobilité":
            ("Association Astarac Solidarités", {"Département du Gers": Decimal("22400")}, Decimal("64000"),
             {"Mirande"}),
        "Maison des initiatives citoyennes":
            ("Commune de Vic-Fezensac", {"Département du Gers": Decimal("19000")}, Decimal("95000"),
             {"Vic-Fezensac"}),
    }
    # two columns of prose are still split
    prose = [f"{'Le texte de la colonne de gauche continue ici':<48}   La colonne de droite suit son cours"] * 8
    assert find_gutter(prose) is not None
    table = [f"{'Association Le      Épicerie':<48}   82 000 €   30 %   24 600 €"] * 8
    assert find_gutter(table) is None


def test_social_network_post_one_project_per_pictogram_paragraph():
    recs = read("post-reseau-social-laureats.txt")
    got = {r.title: ([m.name for m in r.porteurs], funders(r), places(r)) for r in recs}
    assert set(got) == {"Panier Voyageur", "Voisins Veilleurs", "Légumerie solidaire"}  # not 'Publication · 3 j'
    cc = "Communauté de communes du Clunisois"  # the poster, 'la Communauté de communes apporte 8 000 €'
    assert got["Panier Voyageur"][0] == ["association Bourg en Vie"]
    # '… apporte 8 000 € et le Département de Saône-et-Loire 5 500 €': the second giver's verb left out
    assert got["Panier Voyageur"][1] == {cc: Decimal("8000"), "Département de Saône-et-Loire": Decimal("5500")}
    assert {"Cluny", "Salornay-sur-Guye", "Cormatin"} <= got["Panier Voyageur"][2]  # '…, dont Salornay-sur-Guye'
    assert got["Voisins Veilleurs"][0] == ["centre social Le Lien Gengoulphien"]
    assert got["Voisins Veilleurs"][1][cc] == Decimal("4200")
    assert got["Légumerie solidaire"][0] == ["SCIC Les Jardins de la Grosne"]  # 'la SCIC … crée une légumerie'
    assert got["Légumerie solidaire"][1] == {cc: Decimal("15000"), "État": Decimal("30000")}
    by_title = {r.title: r for r in recs}
    assert by_title["Légumerie solidaire"].budget == Decimal("92000")


def test_a_name_stops_before_its_amount():
    text = "La Communauté de communes apporte 8 000 € et le Département de Saône-et-Loire 5 500 € pour le camion."
    assert [o.name for o in _orgs(text)] == ["Département de Saône-et-Loire"]
    found = [(r.org.name, r.amount) for r in assign_roles(text, _orgs(text))]
    assert found == [("Département de Saône-et-Loire", Decimal("5500"))]
    # a list of givers, each after the first with its verb left out; a body that lends no money is no funder
    text = "La Région Bretagne apporte 8 000 €, la CAF du Finistère 2 000 € et la Ville de Brest prête un local."
    found = [(r.role, r.org.name, r.amount) for r in assign_roles(text, _orgs(text))]
    assert ("financeur", "CAF du Finistère", Decimal("2000")) in found
    assert not any(name == "Ville de Brest" and role == "financeur" for role, name, _ in found)


def test_guide_of_initiatives_pdf_one_card_per_numbered_heading():
    recs = read("guide-initiatives-pdf.pdf")
    got = {r.title: r for r in recs}
    # '1. Roule Ma Poule : un garage vélo solidaire' over 'Porteur : …': each card's title, its name alone (was: a
    # line of the introduction, and the next two cards titled by their porteur)
    assert list(got) == ["Roule Ma Poule", "La Cantine des Marais", "Toit Partagé"]
    assert [m.name for m in got["Roule Ma Poule"].porteurs] == ["Association Cyclo-Vilaine"]
    # 'Redon Agglomération' / '(12 000 €), Fondation … (8 000 €). Partenaire technique :' / 'Mission locale …'
    assert funders(got["Roule Ma Poule"]) == {"Région Bretagne": Decimal("20000"),
                                              "Redon Agglomération": Decimal("12000"),
                                              "Fondation Mobilités Douces de l'Ouest": Decimal("8000")}
    assert [m.name for m in got["Roule Ma Poule"].partenaires] == ["Mission locale du Pays de Redon"]
    # 'commune de Saint-Nicolas-' / 'de-Redon : mise à disposition des locaux': a partner, named in full
    assert [m.name for m in got["La Cantine des Marais"].partenaires] == ["commune de Saint-Nicolas-de-Redon"]
    assert funders(got["La Cantine des Marais"])["Département de Loire-Atlantique"] == Decimal("25000")
    # the guide's colophon ('Guide réalisé avec le soutien du Conseil de développement …') is no part of the
    # last card
    last = got["Toit Partagé"]
    assert places(last) == {"Guémené-Penfao", "Allaire"} and not last.partenaires
    assert last.end < 64
    for rec in recs:  # the contacts' names are persons to scrub, never actors
        names = " ".join(m.name for m in rec.porteurs + rec.partenaires) + " ".join(rec.financeurs)
        assert "Kervennic" not in names and "Goff" not in names and "Bréhier" not in names


def test_incubator_cohort_each_project_gets_the_bourse_of_the_intro():
    recs = read("incubateur-promotion.md")
    got = {r.title: r for r in recs}
    assert list(got) == ["Le Bocal Voyageur", "Mobil'Aînés", "La Cantine des Possibles", "Répar'Toit",
                         "Les Petites Mains Numériques"]
    # 'Répar'Toit, projet de la coopérative Habitat Partagé Bretagne, accompagne …' (was: no initiative)
    assert [m.name for m in got["Répar'Toit"].porteurs] == ["coopérative Habitat Partagé Bretagne"]
    assert {"Quimperlé", "Finistère"} <= places(got["Répar'Toit"])
    # 'Chaque projet reçoit une bourse d'amorçage de 8 000 € financée par la Région Bretagne.'
    for rec in recs:
        assert funders(rec).get("Région Bretagne") == Decimal("8000"), rec.title


def test_directory_of_structures_one_entry_each_placed_by_its_postcode():
    recs = read("annuaire-structures-ess.md")
    got = {r.title: r for r in recs}
    # was: one initiative titled by the directory, carried by its second entry
    assert list(got) == ["Épicerie solidaire Le Panier du Trégor", "Association Les Jardins de Penn ar Bed",
                         "Garage solidaire Roue Libre", "Ressourcerie Ti Recyclerie"]
    for title, rec in got.items():  # the structure the heading names carries what it does
        assert [m.name for m in rec.porteurs] == [title]
    # '4 rue de Brest, 29600 Morlaix': the commune of the postcode, never the street's Brest
    assert places(got["Épicerie solidaire Le Panier du Trégor"]) == {"Morlaix (Finistère)"}
    assert places(got["Association Les Jardins de Penn ar Bed"]) == {"Pleyber-Christ (Finistère)"}
    assert places(got["Ressourcerie Ti Recyclerie"]) == {"Saint-Martin-des-Champs (Finistère)"}
    # the contact persons are scrubbed (names, e-mails and phones never reach the records' roles)
    assert "Maëlle Quéré" in got["Épicerie solidaire Le Panier du Trégor"].personnes
    assert "Yannick Le Goff" in got["Garage solidaire Roue Libre"].personnes
    assert got["Garage solidaire Roue Libre"].end == 26 and got["Garage solidaire Roue Libre"].start == 22


SESSION_FIXTURES = ["page-collecte-projet.md", "fiche-operation-fse.html", "article-encyclopedie-association.md",
                    "communique-territoire-zero-chomeur.txt", "actu-projet-alimentaire-territorial.html",
                    "deliberation-annexe-large.pdf", "post-reseau-social-laureats.txt", "guide-initiatives-pdf.pdf",
                    "incubateur-promotion.md", "annuaire-structures-ess.md"]


def test_these_pages_build_together_and_publish_no_contact(tmp_path):
    """The documents above built in one folder with the CLI: every one gives initiatives, and no published file
    (graph, tables, documents' texts) holds the contacts they name."""
    import shutil

    from click.testing import CliRunner

    from isgraph.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for name in SESSION_FIXTURES:
        shutil.copy(FIXTURES / name, src / name)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--jobs", "1", "--site", "never",
                                    "--no-cache"])
    assert res.exit_code == 0, res.output
    import csv

    rows = list(csv.DictReader((out / "initiatives.csv").open(encoding="utf-8")))
    assert {r["fichier"] for r in rows} == set(SESSION_FIXTURES)
    assert len(rows) == 1 + 1 + 2 + 1 + 1 + 4 + 3 + 3 + 5 + 4
    contacts = ["Quéré", "Le Goff", "Kervennic", "Bréhier", "Morgane Le Gall", "Julien Fabre", "Sophie Marin",
                "02 98 11 22 33", "06 42 17 93 08", "@cyclovilaine", "j.fabre@", "pat@coeurdesavoie"]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".ttl", ".nt", ".jsonld", ".csv", ".txt", ".trig", ".json"):
            text = path.read_text(encoding="utf-8")
            assert not [c for c in contacts if c in text], path.name


def test_places_read_in_the_documents_departement():
    # '- Ludothèque La Toupie (Langon) : …' on the CAF de la Gironde's page: the Langon of Gironde (two communes
    # bear the name)
    recs = {r.title: r for r in read("resultats-caf-liste-axes.txt")}
    assert places(recs["Ludobus des Graves"]) == {"Langon (Gironde)"}
    assert places(recs["Fabrique à projets ados"]) == {"Bourg (Gironde)"}
    # a tiers-lieu called 'L'Escale' (a commune's name too) in a row whose commune column says Saint-Céré
    recs = {r.title: r for r in read("tiers-lieux-departement-tableau.html")}
    assert places(recs["L'Escale"]) == {"Saint-Céré"}
    # 'Ensemble du département' in the place column: the one département the document names
    recs = {r.title: r for r in read("conference-financeurs-actions.docx")}
    assert places(recs["Cycle de conférences « Bien manger, bien vieillir »"]) == {"Sarthe"}
    assert places(recs["Café des aidants fléchois"]) == {"La Flèche"}


def test_a_departmental_body_named_with_its_remit_keeps_its_departement():
    text = ("la Conférence des financeurs de la prévention de la perte d'autonomie des personnes âgées de la Sarthe, "
            "présidée par le Président du Conseil départemental")
    assert [o.name for o in _orgs(text)][0] == "Conférence des financeurs de la Sarthe"
    recs = read("conference-financeurs-actions.docx")
    assert {f.funder for r in recs for f in r.financements} == {"Conférence des financeurs de la Sarthe"}
    # with no département after its remit, the name as written
    assert [o.name for o in _orgs("la Conférence des financeurs pour les actions collectives")] == \
        ["Conférence des financeurs"]


def test_budget_annex_pdf_cells_wrapped_around_the_amount():
    """A budget's 'Liste des concours attribués à des tiers' (LibreOffice PDF): cells wrapped above and below the
    row's amount, no blank line between rows; each line belongs to the nearest amount's row (was: rows cut apart,
    'Fonctionnement de' carried by 'Épicerie solidaire La', 'Bords de Loire »' by '1901')."""
    recs = read("annexe-budget-concours-pdf.pdf")
    got = {r.title: ([m.name for m in r.porteurs], funders(r)) for r in recs}
    city = "Commune de Saint-Jean-de-Braye"
    assert got["Création d'un jardin partagé quartier du Pont-Bordeau"] == (
        ["Association Les Jardins de la Bionne"], {city: Decimal("4500")})
    assert got["Fonctionnement de l'épicerie sociale"] == (["Épicerie solidaire La Musette"], {city: Decimal("12000")})
    assert got["Ateliers de réparation itinérants dans les quartiers"] == (["Repair Café Abraysien"],
                                                                          {city: Decimal("2300")})
    assert got["Chantier d'insertion « Bords de Loire »"] == (["Ensemble pour l'Emploi Est Orléanais"],
                                                             {city: Decimal("9000")})
    assert got["Subvention d'équilibre"][1] == {city: Decimal("410000")}
    assert len(recs) == 14  # the fourteen rows, not the total
    assert not any(p in ("1901", "Musette", "Bionne") for names, _ in got.values() for p in names)


def test_an_interviewees_name_never_reaches_a_title_or_an_iri(tmp_path):
    """'« Une cantine qui roule pour les villages » : entretien avec Maud Lefranc': the person's name and the words
    introducing it leave the title, so neither the label nor the IRI holds it (was: the label scrubbed empty, the
    graph rejected by the shapes, the first name left in ~40 IRIs)."""
    import shutil

    from click.testing import CliRunner

    from isgraph.cli import main
    from isgraph.pipeline import title_without_persons

    assert title_without_persons("« Une cantine » : entretien avec Maud Lefranc", {"Maud Lefranc"}) == "« Une cantine »"
    assert title_without_persons("Le jardin de Mme Dupont", {"Dupont"}) == "Le jardin"
    assert title_without_persons("Association Jean Moulin", {"Paul Durand"}) == "Association Jean Moulin"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "presse-entretien-questions.html", src)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--jobs", "1", "--site", "never",
                                    "--no-cache"])
    assert res.exit_code == 0, res.output
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".ttl", ".nt", ".jsonld", ".csv", ".txt", ".trig", ".json"):
            text = path.read_text(encoding="utf-8").lower()
            assert "maud" not in text and "lefranc" not in text, path.name


def test_a_funding_schemes_faq_presents_no_initiative():
    # '# Fonds … – Foire aux questions': the scheme's questions and answers, no project (was: the scheme itself)
    assert read("faq-fonds-dispositif.md") == []


# the 40 rows of the two results-list PDFs below, as the list was written (structure, project, commune, amount)
_AAP_ROWS = [
    ("Association Le Potager des Coteaux", "Jardin d'insertion maraîcher", "Épernay", 18000),
    ("Épicerie sociale L'Escale", "Épicerie solidaire itinérante", "Sedan", 22500),
    ("SCIC Les Halles Paysannes", "Plateforme de distribution de produits locaux", "Chaumont", 30000),
    ("Centre social Le Trait d'Union", "Ateliers cuisine parents-enfants", "Troyes", 7500),
    ("Association Vergers Partagés Lorrains", "Plantation de vergers communaux", "Pont-à-Mousson", 12000),
    ("Banque alimentaire de la Meuse", "Camion frigorifique pour la collecte", "Verdun", 25000),
    ("Régie de quartier Borny Services", "Cantine solidaire de quartier", "Metz", 20000),
    ("Association Manger Bio en Alsace du Nord", "Approvisionnement bio des cantines", "Haguenau", 15000),
    ("Les Jardins de la Doller", "Paniers solidaires pour familles modestes", "Masevaux-Niederbruck", 9800),
    ("Association Vosges Terre Nourricière", "Légumerie d'insertion", "Épinal", 28000),
    ("Restos du Cœur – antenne de Vitry-le-François", "Jardin potager solidaire", "Vitry-le-François", 6000),
    ("Association Cuisine Commune Rémoise", "Tiers-lieu alimentaire", "Reims", 24000),
    ("Les Compagnons du Glaneur", "Glanage solidaire dans les exploitations", "Rethel", 5000),
    ("Ferme pédagogique Les Trois Sources", "Classes à la ferme pour écoles rurales", "Langres", 8000),
    ("Association Bar-sur-Aube Entraide", "Frigo solidaire", "Bar-sur-Aube", 3500),
    ("Conserverie coopérative du Saulnois", "Conserverie solidaire de fruits et légumes", "Château-Salins", 27000),
    ("Association AlimenTerre Nancy", "Cuisine mobile dans les quartiers", "Nancy", 19000),
    ("Épicerie Le Petit Grain", "Vrac solidaire et anti-gaspillage", "Commercy", 7000),
    ("Association Strasbourg Cultive", "Jardins partagés sur les toits", "Strasbourg", 16500),
    ("Centre socioculturel de Colmar Ouest", "Restaurant associatif à prix solidaires", "Colmar", 21000),
    ("Association Les Fourneaux Déodatiens", "Formation cuisine pour demandeurs d'emploi", "Saint-Dié-des-Vosges",
     14000),
    ("Terres de Champagne Solidaires", "Maraîchage pour les épiceries sociales", "Châlons-en-Champagne", 17500),
    ("Association Ardenne Circuits Courts", "Drive fermier solidaire", "Charleville-Mézières", 13000),
    ("Association Saint-Dizier Au Jardin", "Jardins familiaux pédagogiques", "Saint-Dizier", 6500),
    ("Le Chaudron des Possibles", "Cantine participative", "Romilly-sur-Seine", 11000),
    ("Coopérative Forbach Saveurs", "Boulangerie d'insertion", "Forbach", 29000),
    ("Association Lunéville Partage", "Épicerie solidaire étudiante", "Lunéville", 8500),
    ("Association Bar-le-Duc Solidaire", "Distribution de repas aux personnes isolées", "Bar-le-Duc", 9500),
    ("La Ruche Saverne", "Paniers de légumes suspendus", "Saverne", 4000),
    ("Association Mulhouse Mange Mieux", "Ateliers nutrition en quartiers prioritaires", "Mulhouse", 18500),
    ("Association Remiremont Terroir et Partage", "Marché paysan solidaire", "Remiremont", 7200),
    ("Association Sézanne Anti-Gaspi", "Collecte d'invendus auprès des commerces", "Sézanne", 4800),
    ("Atelier Chantier d'Insertion Les Pousses", "Pépinière maraîchère", "Givet", 15500),
    ("Association Nogent Cuisine Solidaire", "Repas partagés intergénérationnels", "Nogent", 5200),
    ("Association Sarreguemines Récolte", "Potager collectif en pied d'immeuble", "Sarreguemines", 6800),
    ("Association Toul Alimentation Durable", "Légumerie pour la restauration scolaire", "Toul", 26000),
    ("Association Sélestat Jardins du Ried", "Jardin de cocagne", "Sélestat", 23000),
    ("Association Gérardmer Montagne Solidaire", "Épicerie ambulante de montagne", "Gérardmer", 12500),
    ("Association Saint-Louis Ensemble", "Frigo et garde-manger solidaires", "Saint-Louis", 3200),
    ("Association Nogent-sur-Seine Partage", "Cuisine centrale associative", "Nogent-sur-Seine", 19800),
]


# a branch is published as the body it belongs to (data/actor_aliases.tsv: 'Restos du Cœur – antenne de …')
_AAP_PUBLISHED = {"Restos du Cœur – antenne de Vitry-le-François": "Restos du cœur"}


def _aap_results(name: str, tmp_path) -> dict[str, dict]:
    """The published rows of a one-document build: title -> porteurs, funders' amounts, places (CSV labels)."""
    import csv
    import shutil

    from click.testing import CliRunner

    from isgraph.cli import main

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / name, src / name)
    res = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out"), "--site", "never", "--quiet",
                                    "--no-cache", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    with open(tmp_path / "out" / "initiatives.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(tmp_path / "out" / "financements.csv", encoding="utf-8") as f:
        money = list(csv.DictReader(f))
    got = {}
    for r in rows:
        assert r["libelle"] not in got, r["libelle"]
        got[r["libelle"]] = {"porteurs": r["porteurs_libelles"].split(";"),
                             "places": set(r["territoires_libelles"].split(";")),
                             "funders": {m["financeur_libelle"]: m["montant"] for m in money
                                         if m["initiative"] == r["id"]},
                             "lines": (r["ligne_debut"], r["ligne_fin"])}
    text = (tmp_path / "out" / "documents" / (name.replace(".", "-") + ".txt")).read_text(encoding="utf-8")
    lines = text.split("\n")
    for rec in got.values():  # the text of the document's lines the row's span covers, as published
        rec["span"] = " ".join(lines[int(rec["lines"][0]) - 1:int(rec["lines"][1])])
    return got


def test_results_list_pdf_over_three_pages_rows_centred_on_their_amount(tmp_path):
    """A Région's results list saved as PDF by LibreOffice: 40 rows over three pages, the header repeated at the top
    of each page, no blank line between rows, each row's one-line cells (number, commune, amount) printed on its
    middle line with the wrapped cells above and below it, two rows cut by a page break. Was: 34 of 40 titles
    garbled, the repeated headers read as two rows, the Région's service name left a generic mention."""
    got = _aap_results("resultats-aap-pdf-lignes-serrees.pdf", tmp_path)
    assert sorted(got) == sorted(row[1] for row in _AAP_ROWS)  # forty titles, no header row, no total row
    wrong = []
    for porteur, title, commune, amount in _AAP_ROWS:
        rec = got[title]
        # the letterhead 'Région Grand Est – Direction de l'Agriculture et de la Ruralité' gives each amount; the
        # call's co-financer (FEADER) is named with none
        assert rec["funders"] == {"Région Grand Est": str(amount), "FEADER": ""}, title
        assert commune in rec["places"], title
        # the row's span: its three lines (wrapped cells above and below its middle one), not its neighbours'
        assert commune.split("-")[0] in rec["span"] and rec["span"].count("€") == 1, (title, rec["lines"])
        assert "".join(c for c in rec["span"] if c.isdigit()).endswith(str(amount)), title
        if rec["porteurs"] != [_AAP_PUBLISHED.get(porteur, porteur)]:
            wrong.append(title)
    # the one porteur the layout leaves ambiguous: a four-line cell whose last line sits as near the next row's
    # middle line ('Solidaire' over 'Association Saint-' belongs to the row above)
    assert wrong in ([], ["Épicerie ambulante de montagne", "Frigo et garde-manger solidaires"])
    # the row cut by the first page break, read whole after the repeated header
    assert got["Conserverie solidaire de fruits et légumes"]["porteurs"] == ["Conserverie coopérative du Saulnois"]
    assert not any("Marchetti" in p for rec in got.values() for p in rec["porteurs"])


def test_results_list_pdf_rows_between_blank_lines_and_a_row_cut_by_the_page(tmp_path):
    """The same list converted otherwise: a blank line between rows, each page's columns at their own places, the
    letterhead lost (the body is the 'Commission permanente du Conseil régional', the call being 'cofinancé par le
    FEADER'), one row's wrapped cells alone at the top of the next page."""
    got = _aap_results("resultats-aap-pdf-lignes-espacees.pdf", tmp_path)
    assert sorted(got) == sorted(row[1] for row in _AAP_ROWS)
    for porteur, title, commune, amount in _AAP_ROWS:
        rec = got[title]
        assert rec["porteurs"] == [_AAP_PUBLISHED.get(porteur, porteur)], title
        # the amounts are the Région's (the council that selected them, its région the rows' places), never the
        # co-financing fund's
        assert rec["funders"].get("Région Grand Est") == str(amount) and not rec["funders"].get("FEADER"), title
        assert commune in rec["places"], title
        assert commune.split("-")[0] in rec["span"] and rec["span"].count("€") == 1, (title, rec["lines"])


def test_a_public_bodys_service_after_a_dash_is_the_body():
    """'Région Grand Est – Direction de l'Agriculture', a sheet titled 'Département de l'Ardèche - Subventions': the
    body funds (was: a generic mention, its amounts missing from financements.csv); an association's name keeps
    its words."""
    from isgraph.resolve.actors import clean_actor_name

    assert clean_actor_name("Région Grand Est – Direction de l'Agriculture et de la Ruralité") == "Région Grand Est"
    assert clean_actor_name("Département de l'Ardèche - Subventions") == "Département de l'Ardèche"
    assert clean_actor_name("Préfecture de l'Aisne - Service politique de la ville") == "Préfecture de l'Aisne"
    assert clean_actor_name("Association Les Amis - Service d'aide à domicile") == \
        "Association Les Amis - Service d'aide à domicile"


def test_a_name_of_several_communes_is_none_of_them_without_context_not_the_epci_named_after_one():
    from isgraph.resolve import territories

    # Saint-Louis: Haut-Rhin, Moselle, La Réunion, Guadeloupe; 'CA Saint-Louis Agglomération' only in the Haut-Rhin
    assert territories.resolve("Saint-Louis", None, allow_lieu=False) is None
    ctx = territories.ResolveContext.from_territories([territories.get("departement-68")])
    assert territories.resolve("Saint-Louis", ctx).iri_slug == "commune-68297"
    assert territories.resolve("CA Saint-Louis Agglomération", None).kind == "epci"


def test_commission_pdf_cells_wrapping_down_from_the_amount_line_over_two_pages():
    """A Région's commission decision saved as PDF: each row's first line holds its amount, the 'Objet' cell wraps
    down over up to seven lines, three cells of a row sometimes wrap together (a line filling three columns is no
    new row), the header repeated on page 2. Was: row 1 read as three initiatives ('et d'un tiers-lieu de' carried
    by 'Les Ateliers du'), page 2's rows each taking the tail of the row above."""
    recs = read("commission-permanente-pdf-deux-pages.pdf")
    got = {(tuple(m.name for m in r.porteurs), tuple(sorted(funders(r).items()))) for r in recs}
    region = "Région Pays de la Loire"
    assert got == {(("Coopérative Les Ateliers du Lien",), ((region, Decimal("37000")),)),
                   (("Association Bocage Partage",), ((region, Decimal("19200")),)),
                   (("SCOP Vélocité Sarthoise",), ((region, Decimal("22500")),)),
                   (("Association Habitat Partagé Vendéen",), ((region, Decimal("18000")),)),
                   (("Association Les Jardins du Layon",), ((region, Decimal("15000")),))}
    by_porteur = {r.porteurs[0].name: r for r in recs}
    assert by_porteur["Association Bocage Partage"].title.startswith("Épicerie sociale itinérante desservant")
    assert by_porteur["Association Bocage Partage"].title.endswith("permanences d'accès aux droits")
    assert "Ernée" in places(by_porteur["Association Bocage Partage"])
    assert "Chalonnes-sur-Loire" in places(by_porteur["Association Les Jardins du Layon"])


def test_leader_review_fields_named_by_the_fund_and_a_cofinancer_with_its_amount_after_a_dash():
    """A GAL's review page: each project's fields 'FEADER : 48 000 €' (a field labelled by the fund alone) and
    'Cofinancement public national : Région Occitanie – 12 000 €' (the amount after a dash). Was: every funder
    without its amount, FEADER only from the page's programme-wide sentence."""
    got = {r.title: (funders(r), r.budget) for r in read("bilan-leader-projets-fiches.html")}
    assert got == {
        "La Grange Commune, tiers-lieu rural": ({"FEADER": Decimal("48000"), "Région Occitanie": Decimal("12000")},
                                                Decimal("118500")),
        "Roule Ensemble, garage solidaire mobile": ({"FEADER": Decimal("36480"),
                                                     "Département de l'Aveyron": Decimal("9120")}, Decimal("57000")),
        "Cantine partagée des écoles rurales": ({"FEADER": Decimal("22400"), "Région Occitanie": Decimal("5600")},
                                                Decimal("35000")),
        "Le Bus des Solidarités": ({"FEADER": Decimal("30000"), "Département de l'Aveyron": Decimal("7500")},
                                   Decimal("46875"))}


def test_a_list_items_text_wrapped_onto_an_indented_line_is_one_item():
    """A Préfecture's list of labelled Fabriques de territoire, one Markdown item each, its text wrapped onto an
    indented second line, where the amount (or the end of the porteur's name) falls. Was: 3 of 6 amounts and one
    porteur lost."""
    recs = read("labels-liste-puces-retour-ligne.md")
    got = {r.title: ([m.name for m in r.porteurs], funders(r)) for r in recs}
    # each item's span covers its wrapped line, where the amount is written (was: the item's first line only)
    assert {r.title: (r.start, r.end) for r in recs} == {
        "La Fabrique des Possibles": (22, 23), "Le Quai des Liens": (24, 25), "L'Atelier du Vimeu": (29, 30),
        "La Ruche des Trois Vallées": (31, 32), "Le Carreau": (36, 37), "La Manufacture Douce": (38, 39)}
    anct = "État (ANCT)"
    assert got == {
        "La Fabrique des Possibles": (["association Cité Bocage"], {anct: Decimal("150000")}),
        "Le Quai des Liens": (["SCIC Marne Commune"], {anct: Decimal("150000")}),
        "L'Atelier du Vimeu": (["association Vimeu Solidaire"], {anct: Decimal("120000")}),
        "La Ruche des Trois Vallées": (["centre social intercommunal Les Trois Vallées"], {anct: Decimal("150000")}),
        "Le Carreau": (["association Carreau Commun"], {anct: Decimal("150000")}),
        "La Manufacture Douce": (["Régie de quartier de l'Audomarois"], {anct: Decimal("100000")})}


def test_a_call_run_jointly_each_rows_amount_shared_equally():
    """A results list (OpenDocument) of a call run by a Département and France Travail: 'les montants … financée à
    parts égales par le Département des Landes et France Travail'. Was: France Travail missing, the whole amount
    given to the Département."""
    got = {r.title: funders(r) for r in read("laureats-parts-egales.odt")}
    dep, ft = "Département des Landes", "France Travail"
    assert got["Auto-école sociale itinérante"] == {dep: Decimal("21000"), ft: Decimal("21000")}
    assert got["Collecte et réemploi des encombrants"] == {dep: Decimal("12250"), ft: Decimal("12250")}
    assert len(got) == 6 and all(set(f) == {dep, ft} and f[dep] == f[ft] for f in got.values())


def test_a_participle_after_a_funding_cue_in_a_heading_is_no_funder():
    """'UN FINANCEMENT PARTAGÉ' (a section heading in capitals): 'Partagé' is no funder; a one-word name is."""
    from isgraph.extract.cues import assign_roles

    for text in ("UN FINANCEMENT PARTAGÉ", "Un Financement Partagé"):
        assert assign_roles(text, _orgs(text)) == []
    assert [(r.org.name, r.role) for r in assign_roles("financé par Emmaüs", _orgs("financé par Emmaüs"))] == [
        ("Emmaüs", "financeur")]


def test_a_results_table_with_a_column_per_funder_named_by_adjective():
    """A Région's page of AMI results: 'Aide régionale | Soutien de l'État (Fabrique de territoire – ANCT)'. Was:
    every Région amount given to 'État' (the calling body taken from 'également labellisés … par l'État'), the State's
    own amounts lost, and 'avec l'association X' of the porteur cell read as a second porteur."""
    recs = read("ami-tiers-lieux-colonnes-region-etat.html")
    got = {r.title: funders(r) for r in recs}
    assert got == {
        "La Filature": {"Région": Decimal("48000"), "État": Decimal("150000")},
        "Le Quai des Communs": {"Région": Decimal("60000")},
        "L'Établi Percheron": {"Région": Decimal("35200")},
        "La Gare aux Idées": {"Région": Decimal("50000"), "État": Decimal("150000")},
        "Les Grandes Tablées (tiers-lieu nourricier)": {"Région": Decimal("80000")},
        "Le Fournil Partagé": {"Région": Decimal("27500")}}
    gare = next(r for r in recs if r.title == "La Gare aux Idées")
    assert [m.name for m in gare.porteurs] == ["Commune du Blanc"]
    assert [m.name for m in gare.partenaires] == ["Association Brenne Numérique Solidaire"]


def test_a_column_named_by_adjective_alone_is_the_calling_bodys():
    """'Aide régionale' alone among the columns stays the amount of the body running the call (its letterhead's
    full name); beside another funder's column it names the Région."""
    from isgraph.extract.tables import column_adjective, column_funder

    assert column_funder("Aide régionale") is None and column_adjective("Aide régionale") == "Région"
    assert column_adjective("Participation départementale (€)") == "Département"
    assert column_adjective("Subvention régionale votée") == "Région"
    assert column_funder("Soutien de l'État (Fabrique de territoire – ANCT)") == "État"
    assert column_funder("Subvention LEADER (FEADER)") == "FEADER"
    assert column_adjective("Montant accordé") is None and column_funder("Montant accordé") is None


def test_a_fiche_actions_receipts_table_gives_each_funders_amount():
    """A CRTE action sheet: the funding plan's receipts laid out as a table ('Recettes   Montant   Taux' over
    'État – DSIL 2023   180 000 €   30 %'), or as a list under 'Recettes :'. Was: no funder at all (the table), or
    only 'État - DSIL 2023' (the list). Own funds and the total are no funder; the budget is the plan's total."""
    want = {"État": Decimal("180000"), "ADEME": Decimal("90000"), "Région Bourgogne-Franche-Comté": Decimal("120000"),
            "Département de Saône-et-Loire": Decimal("60000")}
    for name in ("crte-fiche-action-plan-aligne.txt", "crte-fiche-action-plan-liste.txt"):
        (rec,) = read(name)
        assert funders(rec) == want, name
        assert [m.name for m in rec.porteurs] == ["Communauté de communes du Clunisois"]
        assert rec.budget == Decimal("600000")
        assert {f.line for f in rec.financements} == {38, 39, 40, 41}, name


def test_a_data_files_name_gives_the_body_granting_its_rows(tmp_path):
    """A Département's open-data file of grants, no attributing column ('Année;Bénéficiaire;SIRET;Objet;Montant;
    Commune;…'): the file's name is its only title and names the body. Was: the ten amounts lost. The same file under
    a name naming no collectivity keeps no funder (an amount given by no one named is never a budget either)."""
    import shutil

    name = "subventions-associations-departement-du-gers-2023.csv"
    recs = read(name)
    assert len(recs) == 10
    assert all(set(funders(r)) == {"Département du Gers"} for r in recs)
    assert sorted(f.amount for r in recs for f in r.financements) == [Decimal(v) for v in (
        "800", "3000", "4500", "6300", "7200", "9500", "12000", "15000", "18000", "25000")]
    assert all(f.line == r.start for r in recs for f in r.financements)  # the row's line
    shutil.copy(FIXTURES / name, tmp_path / "subventions-2023.csv")
    family, anonymous = registry.extract(read_document(tmp_path / "subventions-2023.csv"))
    assert len(anonymous) == 10 and not any(r.financements or r.budget for r in anonymous)
    from isgraph.extract.generique.rows import _file_name_body

    assert _file_name_body("ville_de_quimper_subventions_2024.xlsx", 1).name == "Ville de Quimper"
    assert _file_name_body("departement-de-la-haute-garonne-aides.ods", 1).name == "Département de la Haute-Garonne"
    assert _file_name_body("region-2024.csv", 1) is None  # (no place after the kind)


def test_a_newsletter_laid_out_with_tables_gives_one_initiative_per_item():
    """A network's monthly e-mail ('La lettre mensuelle du …', each item a table cell with its '<h2>'): one initiative
    per news item with its own funders; the issue's title and its agenda item none. Was: one initiative titled by the
    call the second item names, with the four funders of both items."""
    got = {r.title: funders(r) for r in read("lettre-reseau-mise-en-page-tableau.html")}
    assert got == {
        "La Conserverie des Monts passe à la vitesse supérieure": {
            "Département de l'Ardèche": Decimal("28000"), "Fondation Macif": Decimal("15000")},
        "Roule Ma Poule : un garage solidaire ouvre à Aubenas": {
            "Communauté de communes du Bassin d'Aubenas": Decimal("22500"),
            "Région Auvergne-Rhône-Alpes": Decimal("10000")}}


def test_a_fund_reports_numbered_headings_name_each_project_and_its_place():
    """A fonds de dotation's activity report: '## 3.1 Le Jardin des Possibles – Eymoutiers (Haute-Vienne)' over
    'Structure bénéficiaire :', 'Montant accordé :', 'Objet : jardin maraîcher d'insertion'. Was: every title the
    'Objet' line, the heading's place lost, 'du Fonds' a second funder, the recap table a sixth initiative."""
    recs = read("rapport-fonds-dotation-fiches-numerotees.md")
    fund = "Fonds de dotation Solidarités Montagne Limousine"
    got = {r.title: (r.territoires[0].name, funders(r)) for r in recs}
    assert got == {
        "Le Jardin des Possibles": ("Eymoutiers (Haute-Vienne)", {fund: Decimal("12000")}),
        "La Navette des Bourgs": ("Peyrelevade (Corrèze)", {fund: Decimal("18500"),
                                                            "Haute-Corrèze Communauté": Decimal("5000")}),
        "Atelier Laine & Lien": ("Felletin (Creuse)", {fund: Decimal("7000")}),
        "Le Comptoir de Gentioux": ("Gentioux-Pigerolles (Creuse)", {fund: Decimal("15000"),
                                                                     "Département de la Creuse": Decimal("8000")}),
        "Bâti'Récup": ("Tulle (Corrèze)", {fund: Decimal("20000")})}


def test_a_cooperation_poles_page_is_one_initiative_not_its_members():
    """A PTCE's presentation page: 'Nos membres' lists its member bodies ('Recyclerie Les Trois Vallées – collecte
    et revente d'objets (Saint-Éloy-les-Mines)'), no initiatives; 'Le pôle est animé par l'association X' names its
    porteur. Was: three members read as initiatives, the pôle itself missed, 'pôle agit sur les Combrailles' an
    actor."""
    (rec,) = read("ptce-presentation-membres.html")
    assert rec.title.startswith("Le pôle territorial de coopération économique")
    assert [m.name for m in rec.porteurs] == ["association Combrailles en Coopération"]
    assert funders(rec).get("État") == Decimal("100000")
    from isgraph.extract.mentions import _orgs

    assert _orgs("Le pôle agit sur les Combrailles, de Riom à Pontaumur.") == []
    assert [o.name for o in _orgs("le pôle de santé des Combrailles")] == ["pôle de santé des Combrailles"]


def test_a_councils_minutes_give_the_points_granting_a_subsidy():
    """A communauté de communes' minutes, point by point in capitals ('4. VIE ASSOCIATIVE – SUBVENTION À
    L'ASSOCIATION LE GRENIER PARTAGÉ'): the two points granting a subsidy to an association are initiatives, with the
    council's body giving the amount on the decision's line and the co-funders the point names; the road works, the
    budget decision and the fonds de concours to a commune are none. Was: two 'Voirie' initiatives, no amount."""
    recs = read("compte-rendu-conseil-points-numerotes.txt")
    cc = "Communauté de communes Haut-Jura Saint-Claude"
    got = {r.title: ([m.name for m in r.porteurs], funders(r)) for r in recs}
    assert got == {
        "Le Panier des Hautes-Combes": (["association Le Grenier Partagé"], {cc: Decimal("7500")}),
        "Garage Solidaire du Haut-Jura": (["association Jura Mobil'Emploi"], {
            cc: Decimal("12000"), "Département du Jura": Decimal("8000"), "État": Decimal("10000")})}
    assert [f.line for f in recs[0].financements] == [42]


def test_a_prizes_press_release_in_prose_gives_one_initiative_per_laureate():
    """A corporate foundation's release, its five laureates told one a paragraph ('Le premier prix revient à
    l'association X …', 'À Roubaix, … l'association Y reçoit 12 000 € pour Le Grand Couvert, …', 'Un prix de 8 000 €
    est remis à …'): each an initiative with the foundation's amount. Was: one initiative, no amount, the foundation
    read as 'entreprise Groupe …'."""
    recs = read("communique-prix-laureats-en-prose.html")
    fondation = "Fondation d'entreprise Groupe Valmoré"
    got = {r.title: funders(r) for r in recs}
    assert got == {"Cyclo'Trégor": {fondation: Decimal("15000")}, "Le Grand Couvert": {fondation: Decimal("12000")},
                   "La Légumerie du Diois": {fondation: Decimal("10000")},
                   "Ressourcerie textile": {fondation: Decimal("8000")},
                   "Le Camion qui Répare": {fondation: Decimal("5000")}}
    assert [m.name for m in recs[1].porteurs] == ["association La Table de Quartier"]
    # a name whose words an apostrophe joins ('Répar'Tout'): whole (was 'association Répar')
    assert [m.name for m in recs[4].porteurs] == ["association Répar'Tout"]
    assert {m.name for m in recs[2].territoires} >= {"Die (Drôme)"}


def test_a_funding_agreement_gives_its_parties_roles_and_the_subsidy():
    """A Département's 'CONVENTION FINANCIÈRE' (Word) 'ENTRE : Le Département de la Dordogne … ET : L'association X':
    one initiative titled by the project it supports, the association its porteur, the Département's 18 500 €
    ('Article 3 – Montant de la subvention'), the plan's co-funders with their amounts. Was: titled by the
    letterhead's service, no amount, the co-funders partners, the court of the disputes clause a partner."""
    (rec,) = read("convention-financiere-departement-association.docx")
    assert rec.title == "Recyclerie itinérante du Ribéracois"
    assert [m.name for m in rec.porteurs] == ["association Les Ateliers du Bocage Vert"]
    assert funders(rec) == {"Département de la Dordogne": Decimal("18500"), "Région Nouvelle-Aquitaine": Decimal("15000"),
                            "Communauté de communes du Périgord Ripéracois": Decimal("6000")}
    assert not rec.partenaires
    assert "Ribérac" in {m.name for m in rec.territoires}


def test_a_directory_of_places_ends_at_its_rule_and_reads_a_parc_as_a_place():
    """A network's directory of tiers-lieux (one '## ' card each, 'Commune : Saulieu (Côte-d'Or), dans le Parc
    naturel régional du Morvan'), the network's own footer under a '---' rule. Was: the footer's funders and seat
    given to the last card, the Parc a place named 'dans le Parc …'."""
    recs = read("annuaire-tiers-lieux-fiches.md")
    assert len(recs) == 6 and not any(r.financements for r in recs)
    last = max(recs, key=lambda r: r.start)
    assert last.title == "Le Moulin de l'Armançon" and not last.partenaires
    assert {m.name for m in last.territoires} == {"Semur-en-Auxois (Côte-d'Or)"} or \
        {m.name for m in last.territoires} == {"Semur-en-Auxois"}
    grange = next(r for r in recs if r.title == "La Grange aux Possibles")
    assert "Parc naturel régional du Morvan" in {m.name for m in grange.territoires}


def test_a_bulletins_commune_and_a_programmes_amount_are_funders():
    """'VIC-FEZENSAC – BULLETIN MUNICIPAL D'INFORMATION' names the commune whose bulletin it is; 'une subvention
    exceptionnelle de 4 500 € votée par le conseil municipal' is then its money; '38 400 € au titre du programme
    européen LEADER' is LEADER's (was: the commune unknown, both amounts lost)."""
    from isgraph.extract.cues import assign_roles

    recs = read("bulletin-municipal-deux-colonnes.pdf")
    got = {k: v for r in recs for k, v in funders(r).items()}
    assert got.get("Commune de Vic-Fezensac") == Decimal("4500") and got.get("Région Occitanie") == Decimal("9600")
    # ('… au titre du programme européen' / 'LEADER (FEADER).': the programme's name on the next line of the column)
    assert [v for k, v in got.items() if "leader" in k.lower()] == [Decimal("38400")]
    text = "Le projet bénéficiera d'une aide de 38 400 € au titre du programme européen LEADER."
    assert [(r.org.name, r.role, r.amount) for r in assign_roles(text, _orgs(text))] == [
        ("LEADER", "financeur", Decimal("38400"))]


def test_a_parcs_call_results_as_titled_items_give_one_initiative_each():
    """A Parc's results of its call, each project a list item under its own title ('- Tiers-lieu de la
    Chapelle-en-Vercors. La SCIC X aménage … Le Parc apporte 15 000 € …'), the call run by 'le comité syndical du
    Parc naturel régional du Vercors'. Was: one initiative titled by the headline, a bare 'Parc' funder with one
    amount, 'comité syndical du Parc' an actor."""
    recs = read("pnr-appel-projets-items-titres.txt")
    parc = "Parc naturel régional du Vercors"
    got = {r.title: ([m.name for m in r.porteurs], funders(r)) for r in recs}
    assert got == {
        "Épicerie coopérative de Saint-Agnan-en-Vercors": (["association La Clé des Prés"], {
            parc: Decimal("12000"), "Région Auvergne-Rhône-Alpes": Decimal("8000")}),
        "Tiers-lieu de la Chapelle-en-Vercors": (["SCIC Le Grenier du Plateau"], {parc: Decimal("15000")}),
        "Mobilité solidaire à Villard-de-Lans": (["CCAS de Villard-de-Lans"], {parc: None}),
        "Café-librairie itinérant": (["association Livres en Chemin"], {parc: Decimal("10000")})}
    assert [o.name for o in _orgs("Le comité syndical du Parc naturel régional du Vercors a retenu")] == [parc]


def test_a_social_investors_committee_page_reads_investments_guarantees_and_lenders():
    """A solidarity financier's committee news: each section 'Name - Commune (dd)' (a dash typed as a hyphen) is
    one initiative placed in that commune; the investor 'entre à son capital à hauteur de', the co-funder 'aux
    côtés de la Région X qui apporte une subvention de', the guarantor ('une garantie France Active') and the
    lender ('un emprunt … auprès de la Banque Y') are funders; a valley's name is no commune; the total of the
    intro and the staff contact are nobody's."""
    recs = read("comite-engagement-investisseur-solidaire.html")
    assert [r.title for r in recs] == ["La Recyclerie du Val d'Erve", "Menuiserie Coopérative des Rives",
                                       "Le Café des Deux Ponts"]
    recyclerie, menuiserie, cafe = recs
    assert [m.name for m in recyclerie.porteurs] == ["association Trocs et Trouvailles"]
    assert funders(recyclerie) == {"France Active": Decimal("25000"), "Crédit Agricole Anjou Maine": Decimal("30000")}
    assert places(recyclerie) == {"Évron"}
    assert [m.name for m in menuiserie.porteurs] == ["Menuiserie Coopérative des Rives"]  # (no '- Sablé-sur-Sarthe')
    assert funders(menuiserie) == {"France Active Investissement": Decimal("40000"),
                                   "Région Pays de la Loire": Decimal("22000")}
    assert places(menuiserie) == {"Sablé-sur-Sarthe"}
    assert {"France Active", "Banque Populaire Grand Ouest"} <= set(funders(cafe))
    assert "Château-Gontier-sur-Mayenne" in places(cafe)
    assert not any(f.amount == Decimal("143000") for r in recs for f in r.financements)


def test_a_reports_table_rows_gain_what_their_presentation_paragraphs_tell():
    """A Région's report: a table of laureates (Bénéficiaire | Projet | Département | Coût total | Aide régionale),
    then one paragraph per project opening on its (shortened) title ('Chantiers d'isolation participative. La SCOP
    …'): the paragraph's communes, partners and co-funders are its row's ('La CAF … le cofinance à hauteur de',
    'L'ADEME apporte 40 000 € et la Fondation Abbé Pierre 25 000 €'); the context's opening words ('En
    Nouvelle-Aquitaine, près d'un foyer sur six consacre …') fund nothing."""
    recs = read("rapport-commission-tableau-et-presentations.docx")
    assert [r.title for r in recs] == ["Visites énergie du Cognaçais", "Fonds de petits travaux énergétiques de Guéret",
                                       "Chantiers d'isolation participative dans les Landes"]
    visites, fonds, chantiers = recs
    assert funders(visites) == {"Région Nouvelle-Aquitaine": Decimal("30000"), "CAF de la Charente": Decimal("12000")}
    assert [m.name for m in visites.partenaires] == ["CCAS de Cognac"]
    assert places(visites) == {"Charente", "Cognac", "Jarnac", "Châteaubernard"}
    assert [m.name for m in fonds.partenaires] == ["Espace conseil France Rénov' de la Creuse"]
    assert "Guéret" in places(fonds)
    assert funders(chantiers) == {"Région Nouvelle-Aquitaine": Decimal("45000"), "ADEME": Decimal("40000"),
                                  "Fondation Abbé Pierre": Decimal("25000")}
    assert {"Mont-de-Marsan", "Saint-Pierre-du-Mont"} <= places(chantiers)
    assert [r.budget for r in recs] == [Decimal("92000"), Decimal("48000"), Decimal("160000")]


def test_a_networks_report_of_accompanied_projects_keeps_support_apart_from_money():
    """An ESS network's activity report: bullet items per département ('**Name** (Commune) — porté par X,
    accompagné par Y, financé par Z (18 000 €)'): the body accompanying is a partner, not a funder; a funder named
    with its programme ('le FEADER au titre du programme LEADER de X (16 200 €) et la MSA …') does not end the list
    of funders; 'l'Agence nationale de la cohésion des territoires' is named in full; an item whose name is shaped
    like a body's ('Maison de services …') is a project since it says who carries it; the intro's funders of the
    network itself ('financé dans le cadre de la convention pluriannuelle avec la Région et l'État') fund no project;
    the contacts are no initiative."""
    recs = read("rapport-reseau-projets-accompagnes.md")
    assert [r.title for r in recs] == ["Légumerie solidaire du Pays Bigouden", "Épicerie mobile des Monts d'Arrée",
                                       "Maison de services Les Landes Ensemble",
                                       "Auto-école sociale Permis Vers l'Emploi"]
    legumerie, epicerie, maison, auto_ecole = recs
    assert funders(legumerie) == {"Région Bretagne": Decimal("18000"), "Banque des Territoires": Decimal("12000")}
    assert [m.name for m in legumerie.partenaires] == ["incubateur TAG29"]
    assert legumerie.budget == Decimal("84000")
    assert funders(epicerie) == {"FEADER": Decimal("16200"), "MSA d'Armorique": Decimal("3500")}
    assert [m.name for m in maison.porteurs] == ["association Questembert Entraide"]
    assert funders(auto_ecole) == {"État": Decimal("10000"),
                                   "Agence nationale de la cohésion des territoires": Decimal("7000")}
    assert not any(f.funder in ("Région", "État") and f.line < 10 for r in recs for f in r.financements)


def test_a_deliberations_recitals_tell_each_grants_project():
    """A municipal deliberation: 'CONSIDÉRANT que l'association X … porte un projet …', then 'CONSIDÉRANT que le
    coût total de ce projet est estimé à 52 000 € … soutien du Département … à hauteur de 11 000 € et de la CAF … à
    hauteur de 7 500 €' (wrapped over lines): the grant of its Article to X gains that budget and those co-funders;
    the second beneficiary's recital gives its partner and budget; the Département named by its kind ('les
    travailleurs sociaux du Département') is no partner beside its named funding."""
    recs = read("deliberation-considerants-projets.txt")
    assert [m.name for r in recs for m in r.porteurs] == ["association La Table de l'Oust",
                                                          "association Vélos du Pays de Brocéliande"]
    table, velos = recs
    assert funders(table) == {"Commune de Ploërmel": Decimal("9000"), "Département du Morbihan": Decimal("11000"),
                              "Caisse d'allocations familiales du Morbihan": Decimal("7500")}
    assert table.budget == Decimal("52000") and not table.partenaires
    assert funders(velos) == {"Commune de Ploërmel": Decimal("4500")}
    assert [m.name for m in velos.partenaires] == ["lycée La Mennais"] and velos.budget == Decimal("21000")


def test_a_funder_written_by_its_kind_is_the_body_of_that_kind_named_beside_it():
    """A plan's 'CAF 7 000 € – État 6 500 € – CCAS 5 000 €' under an action carried by the CCAS de Lure with the
    CAF de la Haute-Saône as partner: the CAF is that CAF (a funder, no longer a partner), the CCAS's 5 000 € are the
    porteur's own funds (left out), the État stays the État; 'Communauté de communes 2 900 €' under another action is
    the one communauté the document's initiatives name; the ADEME stays the ADEME beside 'ADEME Bretagne'."""
    from isgraph.extract.generique.shared import _funders_in_full
    from isgraph.extract.records import Funding, InitiativeRecord, Mention

    paniers = InitiativeRecord(doc="d", title="Paniers solidaires", start=1, end=6)
    paniers.porteurs = [Mention("CCAS de Lure", 2)]
    paniers.partenaires = [Mention("CAF de la Haute-Saône", 3), Mention("ADEME Bretagne", 3)]
    paniers.financements = [Funding("CAF", 6, Decimal("7000")), Funding("État", 6, Decimal("6500")),
                            Funding("CCAS", 6, Decimal("5000")), Funding("ADEME", 6, Decimal("900"))]
    defi = InitiativeRecord(doc="d", title="Défi familles", start=8, end=12)
    defi.porteurs = [Mention("Association Saveurs et Savoirs", 9)]
    defi.financements = [Funding("Communauté de communes", 12, Decimal("2900"))]
    restauration = InitiativeRecord(doc="d", title="Restauration scolaire", start=14, end=18)
    restauration.porteurs = [Mention("Communauté de communes du Pays de Lure", 15)]
    _funders_in_full([paniers, defi, restauration])
    assert funders(paniers) == {"CAF de la Haute-Saône": Decimal("7000"), "État": Decimal("6500"),
                                "ADEME": Decimal("900")}
    assert [m.name for m in paniers.partenaires] == ["ADEME Bretagne"]
    assert funders(defi) == {"Communauté de communes du Pays de Lure": Decimal("2900")}


def test_a_prize_table_with_merged_cells_keeps_each_row_in_its_columns():
    """An HTML palmarès whose category cell spans rows ('<td rowspan="3">Transition écologique</td>') and whose
    last laureate spans two columns ('<td colspan="2">'): every row's cells stay under their headers (was: the rows
    under a rowspan read one column to the left, their commune as title and no amount), the spanned laureate is one
    porteur (the description after its dash is no second one), the total row is nobody's."""
    from isgraph.ingest.html import html_lines

    markup = (FIXTURES / "palmares-tableau-cellules-fusionnees.html").read_text(encoding="utf-8")
    lines = html_lines(markup)
    assert "Transition écologique | SCIC Énergies du Pays d'Auge | Chaufferie collective au bois de haies | Lisieux | " \
           "5 000 €" in lines
    assert "Total des dotations |  |  |  | 31 000 €" in lines
    recs = read("palmares-tableau-cellules-fusionnees.html")
    assert len(recs) == 7
    assert [r.title for r in recs][1:3] == ["Chaufferie collective au bois de haies",
                                            "Vélobus scolaire et ateliers d'autoréparation"]
    assert [next(iter(funders(r).values())) for r in recs] == [Decimal(x) for x in
                                                              ("6000", "5000", "3000", "6000", "4000", "4000", "3000")]
    assert all(set(funders(r)) == {"Région Normandie"} for r in recs)
    assert [m.name for m in recs[-1].porteurs] == ["Tiers-lieu nourricier Le Grenier de Granville"]
    assert [sorted(places(r)) for r in recs][4] == ["Alençon"]


def test_an_associations_blog_post_thanking_its_partners_is_one_initiative():
    """An association's blog post about its tiers-lieu's first year, ending with 'Merci à nos partenaires' ('– à la
    Région Occitanie pour son soutien de 25 000 € …', '– au Département …, qui a accompagné l'investissement à hauteur
    de 38 000 €') and 'Nous contacter': one initiative carried by the association (was: one initiative per thanked
    body, each its own porteur); a thanked body with an amount is a funder of that amount, one without a partner;
    the contact block gives no place and no one."""
    (rec,) = read("blog-association-merci-partenaires.md")
    assert [m.name for m in rec.porteurs] == ["association Bois & Liens"]
    assert funders(rec) == {"Région Occitanie": Decimal("25000"), "Département de l'Ariège": Decimal("38000"),
                            "CAF de l'Ariège": Decimal("11000")}
    assert {m.name for m in rec.partenaires} == {"Fondation de France", "commune de Saint-Girons"}
    assert "Saint-Girons" in places(rec) and not any("Bois" in p for p in places(rec))
    assert rec.budget == Decimal("142000")


def test_a_prefects_programming_of_grants_reads_beneficiary_project_cost_and_grant():
    """A préfet's communiqué programming the State's grants to communes ('Commune de X – Réfection de … – 164 000 €
    HT – 41 000 € (DETR)'): one initiative per line, carried by the collectivity (its name ends at the dash: was
    'Commune de X – Réfection'), its cost the budget and not part of its title, the grant the préfet's (the head's
    letterhead; its programme in brackets is no second funder of the same money: was DETR on every line); the recap
    lines 'DETR : 114 000 €' are no initiative."""
    recs = read("communique-prefecture-programmation-dotations.txt")
    assert [r.title for r in recs][:2] == ["Réfection de la voirie communale, route du Barrage",
                                           "Création d'une épicerie solidaire dans l'ancienne gendarmerie, en lien "
                                           "avec l'association Le Panier de la Châtaigneraie"]
    assert len(recs) == 6
    assert [m.name for m in recs[3].porteurs] == ["Communauté de communes du Pays de Salers"]
    assert [funders(r) for r in recs][2] == {"Préfet du Cantal": Decimal("142400")}
    assert [r.budget for r in recs] == [Decimal(x) for x in ("164000", "128000", "356000", "104000", "540000", "76000")]
    assert all(set(funders(r)) == {"Préfet du Cantal"} for r in recs)


def test_a_communes_grants_table_reads_the_latest_year_and_its_projects_told_below():
    """A commune's page of grants 'Association | Objet | Montant 2024 | Montant 2025': the row's amount is the latest
    year's (was the previous year's, the first amount column); a headed section below telling one row's project
    ('Le Potager solidaire du Cerey' over 'l'association Les Jardins du Bédat cultive …') gives that row its
    partners, co-funder, budget and district, not the row it names as a partner ('livrés à l'épicerie solidaire Le
    Grenier')."""
    from isgraph.extract.blocks import clean_lines
    from isgraph.extract.tables import find_table

    doc = read_document(FIXTURES / "page-commune-subventions-annees.html")
    rows = find_table(clean_lines(doc))
    assert [r.cells.get("montant") for r in rows] == ["12 500 €", "4 000 €", "7 000 €"]
    recs = read("page-commune-subventions-annees.html")
    jardins, grenier = recs[1], recs[2]
    assert [m.name for m in jardins.partenaires] == ["bailleur social Auvergne Habitat", "CCAS de Riom"]
    assert funders(jardins) == {"Département du Puy-de-Dôme": Decimal("5000")}
    assert jardins.budget == Decimal("31000") and "quartier du Cerey" in places(jardins)
    assert not grenier.partenaires and not grenier.financements


def test_a_plain_text_email_newsletter_reads_its_ruled_items():
    """A plain-text e-mail newsletter, lines wrapped at 72 characters, items under capital headings between '====='
    rules ('1. NOUVEAU LIEU : LA FORGE COMMUNE OUVRE À CARHAIX'): one initiative an item (was: the wrapped lines read
    as headings, a partner's sentence fragment as the only initiative); 'soutenu à hauteur de 18 000 € par la Région
    X …, de 11 000 € par le Département Y et de 6 000 € par la Fondation Z' gives each giver its amount; the
    summary and the job offer are no initiative; the contact is nobody's."""
    recs = read("lettre-reseau-courriel-texte.txt")
    assert len(recs) == 2
    forge, legumerie = recs
    assert [m.name for m in forge.porteurs] == ["SCIC La Forge Commune"]
    assert funders(forge) == {"Région Bretagne": Decimal("18000"), "Département du Finistère": Decimal("11000"),
                              "Fondation de France": Decimal("6000")}
    assert places(forge) == {"Carhaix-Plouguer", "Finistère"} and forge.budget == Decimal("88000")
    assert [m.name for m in legumerie.porteurs] == ["association Les Paniers du Trégor"]
    assert "Lannion" in places(legumerie)
    assert {m.name for m in legumerie.partenaires} == {"Chambre d'agriculture des Côtes-d'Armor",
                                                       "lycée agricole de Pommerit"}


def test_an_agencys_results_list_reads_title_dash_body_items_and_skips_subtotals():
    """An ARS results notice: items '• Title — Body (Commune) : description. Montant attribué : 14 500 €' under
    département headings: the body after the dash carries each (was: no porteur, or 'Pas - CCAS de X' glued from
    the title), even a body the type vocabulary does not know ('Mutualité Française …', 'EHPAD public du Pays de
    Craon'); the agency named on the first line grants them (was the first département heading); the heading of the
    next département is no part of the item above it; '• Sarthe : 3 projets, 40 500 €' is a subtotal."""
    recs = read("ars-projets-retenus-puces.txt")
    assert [r.title for r in recs] == ["Gym douce au village", "Le Café des aidants du Perche", "Santé bucco seniors",
                                       "Jardin sensoriel partagé", "Mobil'Aînés"]
    assert [[m.name for m in r.porteurs] for r in recs] == [
        ["CCAS de Sablé-sur-Sarthe"], ["Centre social Les Glycines"], ["Mutualité Française Pays de la Loire"],
        ["EHPAD public du Pays de Craon"], ["Association Les Relais du Bocage"]]
    ars = "Agence régionale de santé Pays de la Loire"
    assert [funders(r) for r in recs] == [{ars: Decimal(x)} for x in ("14500", "9000", "17000", "8200", "12500")]
    assert (recs[2].start, recs[2].end) == (10, 10) and not recs[2].partenaires


def test_a_two_column_operation_sheet_reads_its_labels_before_a_wide_gap():
    """A European-funds operation sheet laid out in two columns ('Bénéficiaire        Association X', 'Coût total
    éligible        64 000 €', co-funders centred around their label): one initiative (was: one per amount line,
    each its own porteur), its title from 'Intitulé de l'opération' (not the wrapped 'Fiche action du plan de' /
    'développement'), the EU's amount, the national co-funders with theirs ('Région Occitanie : 9 000 €' above the
    label is a funder, no place), the budget; own funds and rates are no funder."""
    (rec,) = read("fiche-operation-leader-deux-colonnes.txt")
    assert rec.title == "Création d'une conserverie solidaire à Millau"
    assert [m.name for m in rec.porteurs] == ["Association Le Relais des Causses"]
    assert funders(rec) == {"UE": Decimal("28800"), "Région Occitanie": Decimal("9000"),
                            "Département de l'Aveyron": Decimal("6000"),
                            "Communauté de communes Millau Grands Causses": Decimal("3000")}
    assert rec.budget == Decimal("64000") and places(rec) == {"Millau", "Aveyron"}


def test_a_funders_list_opened_by_a_body_named_by_its_kind_goes_on():
    """'financé par la Ville (4 500 €), le Département de la Loire (6 000 €) et l'Agence de l'eau Loire-Bretagne
    (3 500 €)': the commune named by its kind alone opens the list, the others follow it with their amounts (was: the
    Ville alone, the others partners)."""
    text = ("D'un budget de 38 000 €, il est financé par la Ville (4 500 €), le Département de la Loire (6 000 €) et "
            "l'Agence de l'eau Loire-Bretagne (3 500 €) pour l'installation d'un système d'irrigation.")
    got = {rf.org.name: rf.amount for rf in assign_roles(text, _orgs(text, keep_generic=True)) if rf.role == "financeur"}
    assert got == {"Ville": Decimal("4500"), "Département de la Loire": Decimal("6000"),
                   "Agence de l'eau Loire-Bretagne": Decimal("3500")}


def test_a_foundations_laureates_told_one_paragraph_each():
    """A foundation's press release, a laureate a paragraph ('**Les Ateliers du Fil Vert** (Blois, Loir-et-Cher) –
    Projet : une recyclerie textile … – 9 000 €'): one initiative each, carried by the structure named first, placed
    where its brackets say, the project its title, its amount the calling foundation's (was: one initiative for the
    whole release, the laureates its partners and no amount); the jury and the boilerplate are nobody's."""
    recs = read("communique-fondation-laureats-paragraphes.html")
    assert [m.name for r in recs for m in r.porteurs] == [
        "Garage Solidaire du Berry", "Les Ateliers du Fil Vert", "Association Indre Covoit'", "Le Bocal Commun",
        "Collectif Aidants Nièvre"]
    assert recs[1].title == "Recyclerie textile en chantier d'insertion"
    assert [funders(r) for r in recs] == [{"Fondation Terres d'Entraide": Decimal(x)}
                                          for x in ("10000", "9000", "8000", "7500", "10000")]
    assert places(recs[3]) == {"Dole", "Jura"} and [m.name for m in recs[1].partenaires] == ["CCAS de Blois"]


def test_an_intercommunal_table_of_grants_to_communes_names_each_commune_its_porteur():
    """An intercommunality's deliberation granting 'fonds de concours': 'Commune | Projet | Coût HT | Fonds de
    concours' over 'Le Blanc | … | 612 000 € | 60 000 €': each commune is its row's porteur (was: no porteur, no
    initiative), the cost its budget, the amount the deliberating body's."""
    from isgraph.extract.blocks import Line
    from isgraph.extract.tables import commune_body, find_table

    assert [commune_body(x) for x in ("Gramat", "Le Blanc", "Les Rousses", "Albi", "La Souterraine")] == [
        "Commune de Gramat", "Commune du Blanc", "Commune des Rousses", "Commune d'Albi", "Commune de La Souterraine"]
    rows = find_table([Line(1, "Commune | Projet | Coût HT | Fonds de concours"),
                       Line(2, "Le Blanc | Extension de la maison de santé | 612 000 € | 60 000 €"),
                       Line(3, "Albi | Épicerie sociale et solidaire | 148 500 € | 25 000 €")])
    assert [(r.cells["porteur"], r.cells["titre"], r.cells["montant"], r.cells.get("budget")) for r in rows] == [
        ("Commune du Blanc", "Extension de la maison de santé", "60 000 €", "612 000 €"),
        ("Commune d'Albi", "Épicerie sociale et solidaire", "25 000 €", "148 500 €")]


def test_a_notion_export_reads_each_projects_table_of_properties():
    """A Notion database page exported as Markdown: under each heading (its pictogram left out), a two-column table
    of properties ('| Porteur | Association X |', '| Financeurs | Morlaix Communauté (10 000 €), … |', '| Montant |
    40 000 € |'): one initiative each with its porteur, commune, funders with amounts and budget (was: a properties
    line or the contact toggle taken as titles, the funders shared between projects); the contact toggle
    ('<details><summary>📇 Contact</summary>') is no initiative and no one in it is published."""
    recs = read("export-notion-projets.md")
    assert [r.title for r in recs] == ["Atelier vélo solidaire du Dossen", "Légumerie partagée du Trégor finistérien"]
    velo, legumerie = recs
    assert [m.name for m in velo.porteurs] == ["Association Dérailleurs du Léon"]
    assert funders(velo) == {"Morlaix Communauté": Decimal("10000"), "ADEME Bretagne": Decimal("14000")}
    assert velo.budget == Decimal("40000") and places(velo) == {"Morlaix"}
    assert funders(legumerie) == {"Région Bretagne": Decimal("30000"), "Fondation de France": Decimal("8000")}
    assert not any("Kerjean" in m.name for r in recs for m in r.porteurs + r.partenaires)


def test_a_programming_tables_pillar_headings_and_subtotals_are_no_rows():
    """A contrat de ville's programming sheet: 'Pilier cohésion sociale' between the header and the rows, '– | – |
    Sous-total Pilier …' after them, another pillar, a grand total: every action row is read (was: the table ended at
    the first pillar heading, the whole sheet one initiative), the subtotals and the total are no rows; a pillar
    heading over a second table with its own header still ends the first table."""
    from isgraph.extract.blocks import Line
    from isgraph.extract.tables import find_table

    head = "N° action | Porteur | Intitulé de l'action | Quartier(s) | Coût total | État (BOP 147) | Ville | CAF"
    lines = [Line(1, head), Line(2, "Pilier cohésion sociale"),
             Line(3, "2024-01 | Association Cultiv'Ensemble | Jardins partagés | Petite Hollande | 18500 | 6000 | 4000 | 3000"),
             Line(4, "2024-02 | Centre social Le Phare | Accompagnement à la scolarité | Les Buis | 24000 | 5000 | 3500 | –"),
             Line(5, "– | – | Sous-total Pilier cohésion sociale | – | 42500 | 11000 | 7500 | 3000"),
             Line(6, "Pilier emploi"),
             Line(7, "2024-07 | Association Tremplin Horizon | Permanences emploi | Les Buis | 42000 | 15000 | 8000 | –"),
             Line(8, "– | – | TOTAL GÉNÉRAL | – | 84500 | 26000 | 15500 | 3000")]
    rows = find_table(lines)
    assert [r.cells["porteur"] for r in rows] == ["Association Cultiv'Ensemble", "Centre social Le Phare",
                                                 "Association Tremplin Horizon"]
    assert [r.line.n for r in rows] == [3, 4, 7]


def test_support_obtained_from_bodies_with_amounts_is_funding():
    """'L'association a obtenu le soutien de la CARSAT X (30 000 €) et de la Fondation Abbé Pierre (10 000 €)': both
    fund it, each with its amount (was: no role at all)."""
    text = ("L'association a obtenu le soutien de la CARSAT Languedoc-Roussillon (30 000 €) et de la Fondation Abbé "
            "Pierre (10 000 €).")
    got = {rf.org.name: rf.amount for rf in assign_roles(text, _orgs(text, keep_generic=True)) if rf.role == "financeur"}
    assert got == {"CARSAT Languedoc-Roussillon": Decimal("30000"), "Fondation Abbé Pierre": Decimal("10000")}


def test_a_fiche_action_number_under_a_dossier_is_no_title():
    """'Fiche-action : n° 3 – Maintenir les services à la population' under a programming committee's dossier: the
    measure it falls under, no title (was the initiative's title 'n° 3'); 'FICHE ACTION N° 2.1 : Lutter contre
    l'isolement' still titles an action sheet."""
    assert card_field(Line(1, "Fiche-action : n° 3 – Maintenir les services à la population"))[0] == "autre"
    assert card_field(Line(1, "FICHE ACTION N° 2.1 : Lutter contre l'isolement des aînés")) == (
        "titre", "Lutter contre l'isolement des aînés")


def test_a_programming_committees_postponed_dossier_is_granted_nothing():
    """A LEADER committee's minutes: 'Dossier n° 2025-03 – Title' over 'Fiche-action : n° 3 – …' and 'Maître
    d'ouvrage : X': one initiative a dossier, titled by its heading (the measure's number is no title, yet the
    heading still opens the dossier); a dossier whose 'Avis du comité : ajourné' says it was postponed gets none of
    the co-funding it listed (was published with CAF and MSA amounts); a heading wrapped at its hyphen ('… du pays de
    Saint-' / 'Fargeau') titles its dossier whole (was 'Fargeau', its first line the dossier above's text)."""
    recs = read("comite-programmation-dossiers.txt")
    assert [r.title for r in recs] == ["Épicerie itinérante solidaire du Val de Loing",
                                       "Plateforme de mobilité solidaire du pays de Saint-Fargeau"]
    favorable, ajourne = recs
    assert funders(favorable) == {"Région Bourgogne-Franche-Comté": Decimal("9000"),
                                  "Département de l'Yonne": Decimal("7000")}
    assert [m.name for m in ajourne.porteurs] == ["SCIC Roule en Gâtinais"] and not ajourne.financements
    assert ajourne.budget == Decimal("54000")


def test_a_works_or_operations_estimate_is_its_budget():
    """'Le chantier, estimé à 140 000 €, bénéficie d'une aide de 35 000 €', 'L'opération est estimée à 64 000 €':
    the estimate is the budget (was none), not the aid."""
    from isgraph.extract.prose import find_budget

    assert find_budget("Le chantier, estimé à 140 000 €, bénéficie d'une aide de 35 000 € du programme LEADER.").value \
        == Decimal("140000")
    assert find_budget("L'opération est estimée à 64 000 € TTC.").value == Decimal("64000")
