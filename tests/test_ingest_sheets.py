"""Tables as files (.csv, .tsv, .xlsx, .ods): one line per row, cells joined by " | ", read by the table reader.

The files are written by the tests (invented organisations and amounts, real places); the expected lines and
initiatives are written by hand."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest

from isgraph.errors import InputError
from isgraph.extract import registry
from isgraph.extract.blocks import label_field
from isgraph.extract.tables import uncapitalised
from isgraph.ingest.documents import list_documents, read_document

SCDL_HEADER = ("nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;objet;"
               "montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention")
SCDL_ROWS = [
    "VILLE DE PLOUMAGOAR;21220225300010;2024-03-12;DCM 2024-18;ÉPICERIE SOLIDAIRE LE PANIER DU TRIEUX;"
    "81234567600017;AIDE AU FONCTIONNEMENT 2024;12000;aide en numéraire;unique;2024-04-15;;non;1",
    "VILLE DE PLOUMAGOAR;21220225300010;2024-03-12;DCM 2024-18;ASSOCIATION REPAR'TOUT;82345678500018;"
    "\"Création d'un atelier de réparation de vélos ; ouvert aux jeunes\";4500;aide en numéraire;unique;"
    "2024-05-02;;non;0,45",
    "VILLE DE PLOUMAGOAR;21220225300010;2024-06-20;DCM 2024-41;CCAS DE PLOUMAGOAR;26220225200017;"
    "Lutte contre la précarité énergétique : diagnostics à domicile;8000,50;aide en numéraire;échelonné;"
    "2024-07-01_2024-12-31;;non;0,6",
]


def funders(rec):
    return [(f.funder, f.amount) for f in rec.financements]


def _built(tmp_path, name: str, text: str, site: str = "never"):
    """`isgraph build` (in-process) of a folder holding one document `name`; the output folder."""
    from click.testing import CliRunner

    from isgraph.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "--site", site, "--jobs", "1"])
    assert res.exit_code == 0, res.output
    return out


def _published_texts(out):
    """(file, text) of every published text file of a build (the cache left out: it is never published)."""
    for f in sorted(out.rglob("*")):
        if f.is_file() and ".cache" not in f.parts and f.suffix in (".nt", ".ttl", ".jsonld", ".csv", ".txt", ".trig"):
            yield f, f.read_text(encoding="utf-8", errors="ignore")


def test_scdl_grants_file_in_cp1252(tmp_path):
    """The 'données essentielles des conventions de subvention' (SCDL) as a French spreadsheet exports them
    (';', decimal commas, cp1252): one initiative per row, the attributing body funding it with the row's amount,
    the beneficiary carrying it, the 'objet' its title; names in capitals written as words."""
    path = tmp_path / "subventions-2024.csv"
    path.write_bytes(("\r\n".join([SCDL_HEADER] + SCDL_ROWS) + "\r\n").encode("cp1252"))
    doc = read_document(path)
    assert doc.media_type == "text/csv" and doc.encoding == "cp1252"
    assert doc.lines[0].startswith("nomAttribuant | idAttribuant | dateConvention | ")
    assert doc.lines[1].split(" | ")[11] == "–"  # an empty cell keeps its column
    assert "Création d'un atelier de réparation de vélos ; ouvert aux jeunes" in doc.lines[2]
    family, recs = registry.extract(doc)
    assert family == "generique"
    assert [r.title for r in recs] == ["Aide au fonctionnement 2024",
                                       "Création d'un atelier de réparation de vélos ; ouvert aux jeunes",
                                       "Lutte contre la précarité énergétique : diagnostics à domicile"]
    assert [[m.name for m in r.porteurs] for r in recs] == [["Épicerie Solidaire le Panier du Trieux"],
                                                            ["Association Repar'Tout"], ["CCAS de Ploumagoar"]]
    assert [funders(r) for r in recs] == [[("Ville de Ploumagoar", Decimal("12000"))],
                                          [("Ville de Ploumagoar", Decimal("4500"))],
                                          [("Ville de Ploumagoar", Decimal("8000.5"))]]
    assert [(r.start, r.end) for r in recs] == [(2, 2), (3, 3), (4, 4)]  # the row of each
    # no place in the row: the attributing commune's territory
    assert [[m.name for m in r.territoires] for r in recs] == [["Ploumagoar"], ["Ploumagoar"], ["Ploumagoar"]]
    # the SIRET columns: each actor's SIREN (its first nine digits, check digits verified)
    assert recs[0].sirens == {"Épicerie Solidaire le Panier du Trieux": "812345676",
                              "Ville de Ploumagoar": "212202253"}


def test_a_siren_is_published_once_per_actor_and_only_when_valid(tmp_path):
    """isg:siren from a table's SIRET column: on the actor, once; a number whose check digit fails, none; two
    SIRENs for one name, none (the shape allows at most one)."""
    from rdflib import Graph, Literal, URIRef

    out = _built(tmp_path, "subventions.csv",
        "nomAttribuant;idAttribuant;nomBeneficiaire;idBeneficiaire;objet;montant\n"
        "Ville de Ploumagoar;21220225300010;Association Repar'Tout;82345678500018;Atelier vélo;4500\n"
        "Ville de Ploumagoar;21220225300010;Association Repar'Tout;82345678500018;Vélo-école;1500\n"
        "Ville de Ploumagoar;21220225300010;Régie de quartier Nord;82345678500019;Laverie solidaire;5000\n"
        "Ville de Ploumagoar;21220225300010;Épicerie Le Panier du Trieux;81234567600017;Épicerie;12000\n"
        "Ville de Ploumagoar;21220225300010;Épicerie Le Panier du Trieux;26220225200017;Livraisons;800\n",
        site="always")
    g = Graph().parse(out / "isgraph.nt")
    siren = URIRef("https://w3id.org/isgraph/ontology#siren")
    by_label = {str(g.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))): str(o)
                for s, o in g.subject_objects(siren) if "/acteur/" in str(s)}
    assert by_label == {"Ville de Ploumagoar": "212202253", "Association Repar'Tout": "823456785"}
    assert Literal("823456785") in set(g.objects(None, siren))
    page = out / "site" / "id" / "acteur" / "association-repar-tout"
    assert '<a href="https://annuaire-entreprises.data.gouv.fr/entreprise/823456785"' in \
        (page / "index.html").read_text(encoding="utf-8")
    assert '"siren":"823456785"' in (page / "index.json").read_text(encoding="utf-8")
    assert "lus dans 1 document." in (out / "site" / "index.html").read_text(encoding="utf-8")  # (not '1 documents')


def test_a_cofunder_column_does_not_take_the_rows_amount(tmp_path):
    """'Aide régionale | Cofinanceurs sollicités': the amount is the Région's aid, not the co-funder's."""
    path = tmp_path / "cp.csv"
    path.write_text("Bénéficiaire;Intitulé du projet;Aide régionale;Cofinanceurs sollicités\n"
                    "Association Les Ateliers du Gave;Une ressourcerie de matériaux;50925;Département des Landes\n",
                    encoding="utf-8")
    (rec,) = registry.extract(read_document(path))[1]
    assert ("Département des Landes", Decimal("50925")) not in funders(rec)
    assert "Département des Landes" in [f for f, _ in funders(rec)]


def test_excel_unicode_text_export(tmp_path):
    """Excel's « Texte Unicode » export: UTF-16 with its BOM, tab-separated."""
    path = tmp_path / "laureats.tsv"
    path.write_bytes("Lauréat\tProjet\tCommune\tAide régionale\r\nSCIC Terre Commune\tUne légumerie\tSurgères\t24500\r\n"
                     .encode("utf-16"))
    doc = read_document(path)
    assert doc.encoding == "utf-16" and doc.lines[1] == "SCIC Terre Commune | Une légumerie | Surgères | 24500"


def test_two_column_list_of_grants(tmp_path):
    """'Association | Subvention 2025', one name and one amount a row (the total row left out)."""
    path = tmp_path / "subventions-associations.csv"
    path.write_text("Subventions aux associations 2025\n\nAssociation;Subvention 2025\nAmicale laïque de Plérin;1 200\n"
                    "Club des aînés de Saint-Laurent;350\nTotal;1 550\n", encoding="utf-8")
    _, recs = registry.extract(read_document(path))
    assert [[m.name for m in r.porteurs] for r in recs] == [["Amicale laïque de Plérin"],
                                                            ["Club des aînés de Saint-Laurent"]]
    assert [r.annee for r in recs] == [[2025], [2025]]


def test_comma_csv_with_a_quoted_cell_over_two_lines(tmp_path):
    path = tmp_path / "laureats.csv"
    path.write_text('Lauréat,Projet,Commune,Aide régionale\n'
                    '"Association Les Vélos du Marais","Un atelier, puis\nune vélo-école",Marans,"18 000 €"\n'
                    'SCIC Terre Commune,Une légumerie solidaire,Surgères,24500\n', encoding="utf-8")
    doc = read_document(path)
    assert doc.lines[:3] == ["Lauréat | Projet | Commune | Aide régionale",
                             "Association Les Vélos du Marais | Un atelier, puis une vélo-école | Marans | 18 000 €",
                             "SCIC Terre Commune | Une légumerie solidaire | Surgères | 24500"]
    _, recs = registry.extract(doc)
    assert [r.title for r in recs] == ["Un atelier, puis une vélo-école", "Une légumerie solidaire"]
    assert [m.name for m in recs[1].territoires] == ["Surgères"]


def test_xlsx_sheets_title_row_numbers_dates(tmp_path):
    """A workbook: a title row above the header (its text alone on its line), numbers without '.0', dates as ISO
    dates, the visible sheets one after the other under their names, a hidden sheet left out."""
    import xlsxwriter

    path = tmp_path / "aap-2025.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Lauréats")
    ws.write_row(0, 0, ["Appel à projets Mobilités solidaires 2025 : projets retenus"])
    ws.write_row(2, 0, ["Structure porteuse", "Intitulé du projet", "Commune", "Montant attribué", "Date du comité"])
    ws.write_row(3, 0, ["Association Roue Libre en Bocage", "Garage solidaire itinérant", "Bressuire", 15000.0])
    ws.write_datetime(3, 4, dt.datetime(2025, 3, 14), date)
    ws.write_row(4, 0, ["CIAS du Thouarsais", "Transport à la demande pour les aînés", "Thouars", 9250.5])
    ws.write_datetime(4, 4, dt.datetime(2025, 3, 14), date)
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, "Budget de l'appel : 200 000 €")
    hidden = wb.add_worksheet("Calculs")
    hidden.write(0, 0, "ne pas publier")
    hidden.hide()
    wb.close()
    doc = read_document(path)
    assert doc.lines == ["## Lauréats", "Appel à projets Mobilités solidaires 2025 : projets retenus", "",
                         "Structure porteuse | Intitulé du projet | Commune | Montant attribué | Date du comité",
                         "Association Roue Libre en Bocage | Garage solidaire itinérant | Bressuire | 15000 | 2025-03-14",
                         "CIAS du Thouarsais | Transport à la demande pour les aînés | Thouars | 9250.5 | 2025-03-14",
                         "", "## Notes", "Budget de l'appel : 200 000 €"]
    _, recs = registry.extract(doc)
    assert [r.title for r in recs] == ["Garage solidaire itinérant", "Transport à la demande pour les aînés"]
    assert [[m.name for m in r.porteurs] for r in recs] == [["Association Roue Libre en Bocage"],
                                                            ["CIAS du Thouarsais"]]


def test_xlsx_two_row_header_with_the_funders_under_a_merged_cell(tmp_path):
    """'Financements' merged over two columns, 'Région' and 'Département' under it: each column the amounts of
    its funder (an empty first cell of that second row is no list bullet)."""
    import xlsxwriter

    path = tmp_path / "programmation.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Programmation")
    ws.write_row(0, 0, ["Porteur", "Projet", "Commune", "Coût total"])
    ws.merge_range(0, 4, 0, 5, "Financements")
    ws.write_row(1, 0, ["", "", "", "", "Région", "Département"])
    ws.write_row(2, 0, ["Association Les Roues de l'Avenir", "Auto-école sociale", "Guéret", 48000, 15000, 9000])
    ws.write_row(3, 0, ["SCIC Bois Creusois", "Atelier de menuiserie d'insertion", "Aubusson", 120000, 40000])
    wb.close()
    _, recs = registry.extract(read_document(path))
    assert [r.title for r in recs] == ["Auto-école sociale", "Atelier de menuiserie d'insertion"]
    assert [funders(r) for r in recs] == [[("Région", Decimal("15000")), ("Département", Decimal("9000"))],
                                          [("Région", Decimal("40000"))]]
    assert [r.budget for r in recs] == [Decimal("48000"), Decimal("120000")]


def test_a_tables_caption_year_names_the_region_of_today(tmp_path):
    """'Programme … 2025' above the rows: their year; 'Région' in a 2025 table about the Creuse is Nouvelle-Aquitaine
    (before 2016 it would have been the Limousin, so a row with no year leaves it unnamed)."""
    out = _built(tmp_path, "programmation.csv",
                 "Programme Territoires solidaires 2025 : projets programmés\n\n"
                 "Porteur;Projet;Commune;Aide Région\n"
                 "Association Les Roues de l'Avenir;Auto-école sociale;Guéret;15000\n")
    _, (rec,) = registry.extract(read_document(tmp_path / "docs" / "programmation.csv"))
    assert rec.annee == [2025]
    assert "Région Nouvelle-Aquitaine" in (out / "financements.csv").read_text(encoding="utf-8")


def _ods(path, rows_xml: str):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3">'
               f'<office:body><office:spreadsheet><table:table table:name="Feuille1">{rows_xml}</table:table>'
               f'</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return path


def test_ods_repeated_cells_and_rows(tmp_path):
    def cell(text):
        return f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"
    rows = ("<table:table-row>" + cell("Bénéficiaire") + cell("Objet") + cell("Subvention") + "</table:table-row>"
            "<table:table-row>" + cell("Régie de quartier Les Trois Ponts") + cell("Jardin partagé")
            + '<table:table-cell office:value-type="float" office:value="3500"><text:p>3 500,00</text:p>'
              "</table:table-cell>"
            + '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row>')
    doc = read_document(_ods(tmp_path / "subventions.ods", rows))
    assert doc.lines == ["Bénéficiaire | Objet | Subvention", "Régie de quartier Les Trois Ponts | Jardin partagé | 3500"]
    assert doc.media_type == "application/vnd.oasis.opendocument.spreadsheet"


@pytest.mark.parametrize("name,data", [("broken.xlsx", b"PK\x03\x04 not a zip"), ("broken.ods", b"not a zip"),
                                       ("broken.xls", b"\xd0\xcf\x11\xe0 not really OLE2"), ("renamed.xls", b"PK\x03\x04"),
                                       ("binary.csv", b"\x00\x01\x02" * 200)])
def test_broken_tables_one_line_naming_the_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert name in exc.value.one_line() and "\n" not in exc.value.one_line()


def test_tables_are_documents_of_a_folder(tmp_path):
    for name in ("a.csv", "b.tsv", "c.xlsx", "d.ods", "e.xls", "f.numbers"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in list_documents(tmp_path)] == ["a.csv", "b.tsv", "c.xlsx", "d.ods", "e.xls"]


def test_xls_workbook_of_excel_97_2003(tmp_path):
    """An .xls (xlwt writes it here): numbers, a date as its ISO date, a hidden sheet left out."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Subventions 2024")
    for c, v in enumerate(["Bénéficiaire", "Objet", "Commune", "Montant attribué", "Date de la décision"]):
        ws.write(0, c, v)
    date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate([("Association Les Vélos du Marais", "Vélo-école pour adultes", "Marans", 3500.0),
                             ("Épicerie solidaire Le Panier Charentais", "Livraisons à domicile", "Surgères", 1250.5)],
                            start=1):
        for c, v in enumerate(row):
            ws.write(r, c, v)
        ws.write(r, 4, dt.datetime(2024, 3, 14), date)
    hidden = wb.add_sheet("Calculs")
    hidden.write(0, 0, "ne pas publier")
    hidden.visibility = 1
    path = tmp_path / "subventions.xls"
    wb.save(str(path))
    doc = read_document(path)
    assert doc.media_type == "application/vnd.ms-excel"
    assert doc.lines[1] == "Association Les Vélos du Marais | Vélo-école pour adultes | Marans | 3500 | 2024-03-14"
    assert "ne pas publier" not in doc.text
    _, recs = registry.extract(doc)
    assert [r.title for r in recs] == ["Vélo-école pour adultes", "Livraisons à domicile"]


@pytest.mark.parametrize("header,field", [("nomBeneficiaire", "porteur"), ("nomAttribuant", "financeurs"),
                                          ("MONTANT_ATTRIBUE", "montant"), ("dateConvention", "annee"),
                                          ("idBeneficiaire", "siret"), ("idAttribuant", "siret_attribuant"), ("rnaBeneficiaire", "numero"), ("pourcentageSubvention", None),
                                          ("conditionsVersement", None)])
def test_column_names_of_data_files(header, field):
    assert label_field(header, table=True) == field


@pytest.mark.parametrize("text,sentence,expected", [
    ("CCAS DE PLOUMAGOAR", False, "CCAS de Ploumagoar"),
    ("SCOP LES BRAS CROISÉS", False, "SCOP Les Bras Croisés"),  # the article after a body's type begins its name
    ("CENTRE SOCIAL L'ESCALE", False, "Centre social L'Escale"),  # (a type is a common noun)
    ("ASSOCIATION DES AMIS DE LA FORÊT", False, "Association des Amis de la Forêt"),
    ("DÉPARTEMENT DE LA SOMME", False, "Département de la Somme"),
    ("VILLE DE QUIMPERLÉ", False, "Ville de Quimperlé"),
    ("SUBVENTION 2024 DCM 22 DU 21 MARS 2024 FONCTIONNEMENT", True,
     "Subvention 2024 DCM 22 du 21 mars 2024 fonctionnement"),
])
def test_names_in_capitals_written_as_words(text, sentence, expected):
    assert uncapitalised(text, sentence=sentence) == expected


def test_contact_columns_of_a_table_are_never_published(tmp_path):
    """A spreadsheet's 'Référent | Courriel | Téléphone' columns: masked in the published text, in no file."""
    out = _built(tmp_path, "aides.csv",
        "Bénéficiaire;Objet;Montant;Référent;Courriel;Téléphone\n"
        "Association Les Jardins du Lac;Jardin partagé;3000;Mme Sylvie Garnier;s.garnier@jardins-lac.fr;06 12 34 56 78\n"
        "Régie de quartier Nord;Laverie solidaire;5000;Karim Benali;contact@regie-nord.fr;0298765432\n")
    text = (out / "documents" / "aides-csv.txt").read_text(encoding="utf-8")
    assert text.splitlines()[1] == "Association Les Jardins du Lac | Jardin partagé | 3000 | [nom] | [courriel] | [téléphone]"
    for f, body in _published_texts(out):
        assert not any(s in body for s in ("Garnier", "Benali", "jardins-lac.fr", "56 78", "0298765432")), f


def test_individual_beneficiaries_of_a_grants_list_are_never_published(tmp_path):
    """A commune's grants list also pays individuals ('DUPONT Jean', 'Mme MARTIN Sylvie', 'LE GALL Yann'): no
    actor, masked in the published text; the association of the same list is published."""
    out = _built(tmp_path, "aides.csv",
        "nomAttribuant;nomBeneficiaire;objet;montant\n"
        "VILLE DE PLOUMAGOAR;DUPONT Jean;Aide au permis de conduire;500\n"
        "VILLE DE PLOUMAGOAR;Mme MARTIN Sylvie;Bourse aux projets jeunes;300\n"
        "VILLE DE PLOUMAGOAR;LE GALL Yann;Aide BAFA;250\n"
        "VILLE DE PLOUMAGOAR;ASSOCIATION LES AMIS DU TRIEUX;Fête de quartier;1200\n")
    assert "Association Les Amis du Trieux" in (out / "acteurs.csv").read_text(encoding="utf-8")
    for f, body in _published_texts(out):
        assert not any(s in body.casefold() for s in ("dupont", "martin", "gall", "yann", "sylvie")), f


def test_a_grant_column_without_its_giver_is_no_budget(tmp_path):
    """A Région's open-data export of its aids names no attributing body ('Nom du bénéficiaire | … | Montant
    voté'): the amount is a grant by someone the file does not name, never the project's budget."""
    path = tmp_path / "aides.csv"
    path.write_text("Année;Nom du bénéficiaire;Commune du bénéficiaire;Intitulé du projet;Montant voté\n"
                    "2025;ASSOCIATION LE RELAIS DU MORVAN;CHÂTEAU-CHINON (VILLE);Création d'une ressourcerie;25000\n"
                    "2025;CENTRE SOCIAL DU VAL DE LOIRE;COSNE-COURS-SUR-LOIRE;Ateliers numériques;7500\n",
                    encoding="utf-8")
    _, recs = registry.extract(read_document(path))
    assert [(r.title, r.budget, r.financements) for r in recs] == [("Création d'une ressourcerie", None, []),
                                                                   ("Ateliers numériques", None, [])]
    assert [[m.name for m in r.porteurs] for r in recs] == [["Association Le Relais du Morvan"],
                                                          ["Centre social du Val de Loire"]]


def test_every_sheet_of_a_workbook_is_read(tmp_path):
    """A commune's grants, one sheet a year, each under its caption ('Subventions aux associations – Ville de
    Quimper – 2024') with its total row: every sheet's rows are initiatives, each with its sheet's year, funded by
    the commune the caption names, in its territory (the rows name no place)."""
    import xlsxwriter

    path = tmp_path / "subventions.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for year, rows in (("2024", [("Association Les Voisins du Likès", "Fête de quartier et repas partagé", 1200),
                                 ("Épicerie solidaire Ti Ar Vro", "Fonctionnement", 8000)]),
                       ("2025", [("Association Vélo Kemper", "Atelier d'autoréparation", 3500)])):
        ws = wb.add_worksheet(year)
        ws.write_row(0, 0, [f"Subventions aux associations – Ville de Quimper – {year}"])
        ws.write_row(2, 0, ["Association", "Objet", "Montant accordé (€)"])
        for k, r in enumerate(rows, start=3):
            ws.write_row(k, 0, r)
        ws.write_row(3 + len(rows), 0, ["Total", "", sum(r[2] for r in rows)])
    wb.close()
    _, recs = registry.extract(read_document(path))
    assert [(r.title, [m.name for m in r.porteurs], r.annee) for r in recs] == [
        ("Fête de quartier et repas partagé", ["Association Les Voisins du Likès"], [2024]),
        ("Fonctionnement", ["Épicerie solidaire Ti Ar Vro"], [2024]),
        ("Atelier d'autoréparation", ["Association Vélo Kemper"], [2025])]
    assert [funders(r) for r in recs] == [[("Ville de Quimper", Decimal(n))] for n in (1200, 8000, 3500)]
    assert [[m.name for m in r.territoires] for r in recs] == [["Quimper"]] * 3


def test_a_workbooks_sheet_titled_call_dash_body_dash_list_grants_its_rows(tmp_path):
    """Two sheets of a Département's call, each under a merged title row 'Appel à projets « X » 2024 – Département du
    Gers – Liste des lauréats' over 'N° | Structure | Intitulé du projet | Commune | Montant voté': the body is the
    Département (its name ends at the next dash: was 'Département du Gers - Liste', and no row had a funder)."""
    from openpyxl import Workbook

    from isgraph.extract import registry

    wb = Workbook()
    for k, (year, rows) in enumerate([("2023", [("1", "Association Les Jardins de Gascogne", "Paniers solidaires",
                                                  "Mirande", 8000)]),
                                      ("2024", [("1", "Association Vélo d'Armagnac", "Atelier vélo solidaire", "Eauze",
                                                 7500), ("2", "Centre social Cœur de Lomagne", "Transport solidaire",
                                                         "Lectoure", 12000)])]):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = f"Lauréats {year}"
        ws.append([f"Appel à projets « Solidarités rurales » {year} – Département du Gers – Liste des lauréats"])
        ws.merge_cells("A1:E1")
        ws.append(["N°", "Structure", "Intitulé du projet", "Commune", "Montant voté"])
        for r in rows:
            ws.append(list(r))
        ws.append(["", "TOTAL", "", "", sum(r[4] for r in rows)])
    path = tmp_path / "laureats-solidarites-rurales.xlsx"
    wb.save(path)
    family, recs = registry.extract(read_document(path))
    assert [r.title for r in recs] == ["Paniers solidaires", "Atelier vélo solidaire", "Transport solidaire"]
    assert [[(f.funder, f.amount) for f in r.financements] for r in recs] == [
        [("Département du Gers", Decimal("8000"))], [("Département du Gers", Decimal("7500"))],
        [("Département du Gers", Decimal("12000"))]]
