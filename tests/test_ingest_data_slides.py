"""Data files (.json, .geojson, .jsonl / .ndjson) and slide decks (.pptx, .odp) as documents.

The files are written by the tests (invented organisations, projects and amounts; real places); the expected lines
and initiatives are written by hand. The decks are written with python-pptx (an independent writer of the format:
its files are what PowerPoint reads) and, for OpenDocument, as the XML LibreOffice Impress writes."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal

import pytest

from isgraph.errors import InputError
from isgraph.extract import registry
from isgraph.ingest.documents import NoTextError, list_documents, read_document


def funders(rec):
    return [(f.funder, f.amount) for f in rec.financements]


def porteurs(rec):
    return [m.name for m in rec.porteurs]


# ---- JSON ------------------------------------------------------------------------------------------------------

ODS_GRANTS = [  # an OpenDataSoft export of SCDL grants: lower-cased field names, numbers as numbers, a geo point
    {"nomattribuant": "Département de la Somme", "idattribuant": "22800001500015", "dateconvention": "2025-02-11",
     "nombeneficiaire": "Association Roue Libre Picarde", "idbeneficiaire": None,
     "objet": "Atelier d'autoréparation de vélos à Abbeville", "montant": 12000.0, "nature": "aide en numéraire",
     "geo_point_2d": {"lon": 1.83, "lat": 50.1}},
    {"nomattribuant": "Département de la Somme", "idattribuant": "22800001500015", "dateconvention": "2025-05-03",
     "nombeneficiaire": "Centre social Les Tilleuls", "objet": "Ateliers cuisine contre l'isolement des seniors",
     "montant": 8500.5, "nature": "aide en numéraire"},
]


def test_opendatasoft_export_is_a_table_of_grants(tmp_path):
    """A list of records -> a header line and one line per record; the glued lower-case SCDL names
    ('nombeneficiaire') are the table's fields; the coordinates are left out."""
    path = tmp_path / "subventions.json"
    path.write_text(json.dumps(ODS_GRANTS, ensure_ascii=False, indent=1), encoding="utf-8")
    doc = read_document(path)
    assert doc.media_type == "application/json"
    assert doc.lines[0] == ("nomattribuant | idattribuant | dateconvention | nombeneficiaire | objet | montant | "
                            "nature")  # (idbeneficiaire: null in every record; geo_point_2d: coordinates)
    assert doc.lines[2] == ("Département de la Somme | 22800001500015 | 2025-05-03 | Centre social Les Tilleuls | "
                            "Ateliers cuisine contre l'isolement des seniors | 8500.5 | aide en numéraire")
    family, recs = registry.extract(doc)
    assert family == "generique"
    assert [r.title for r in recs] == ["Atelier d'autoréparation de vélos à Abbeville",
                                       "Ateliers cuisine contre l'isolement des seniors"]
    assert [porteurs(r) for r in recs] == [["Association Roue Libre Picarde"], ["Centre social Les Tilleuls"]]
    assert [funders(r) for r in recs] == [[("Département de la Somme", Decimal("12000"))],
                                          [("Département de la Somme", Decimal("8500.5"))]]
    assert [(r.start, r.end) for r in recs] == [(2, 2), (3, 3)]
    assert [r.annee for r in recs] == [[2025], [2025]]  # the 'dateconvention' column
    assert [m.name for m in recs[0].territoires] == ["Abbeville"]


@pytest.mark.parametrize("wrap", [
    lambda rs: {"total_count": len(rs), "results": rs},  # OpenDataSoft API v2.1
    lambda rs: {"nhits": len(rs), "parameters": {"rows": 10},  # API v1: the fields inside each record
                "records": [{"datasetid": "x", "recordid": str(k), "fields": r, "record_timestamp": "2025"}
                            for k, r in enumerate(rs)]},
    lambda rs: {"success": True, "result": {"records": rs, "total": len(rs)}},  # CKAN datastore_search
    lambda rs: {"type": "FeatureCollection",  # GeoJSON
                "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.8, 50.1]},
                              "properties": r} for r in rs]},
], ids=["ods-v2", "ods-v1", "ckan", "geojson"])
def test_api_answers_are_read_as_their_list_of_records(tmp_path, wrap):
    rows = [{"nom_du_projet": "Repair café itinérant", "porteur": "Association Vis ta Vis", "commune": "Saint-Omer",
             "montant_accorde": 8000},
            {"nom_du_projet": "Épicerie sociale mobile", "porteur": "CCAS de Béthune", "commune": "Béthune",
             "montant_accorde": 12500}]
    path = tmp_path / "projets.geojson"
    path.write_text(json.dumps(wrap(rows), ensure_ascii=False), encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == ["nom_du_projet | porteur | commune | montant_accorde",
                         "Repair café itinérant | Association Vis ta Vis | Saint-Omer | 8000",
                         "Épicerie sociale mobile | CCAS de Béthune | Béthune | 12500"]
    _, recs = registry.extract(doc)
    # (a commune's name qualified by its département where the name alone is ambiguous: 'Saint-Omer (Pas-de-Calais)')
    assert [(r.title, porteurs(r), [m.name.split(" (")[0] for m in r.territoires]) for r in recs] == [
        ("Repair café itinérant", ["Association Vis ta Vis"], ["Saint-Omer"]),
        ("Épicerie sociale mobile", ["CCAS de Béthune"], ["Béthune"])]


def test_one_project_object_is_read_as_a_card(tmp_path):
    """A JSON object that is no list of records: 'key : value' lines (the card fields), lists joined, a nested list
    of objects under a heading of its key, HTML markup in a value read as text."""
    project = {"titre": "Tiers-lieu nourricier des Quatre Vents", "porteur": "Association Les Quatre Vents",
               "description": "<p>Un tiers-lieu pour <strong>l'alimentation durable</strong> à "
                              "Montreuil-sur-Mer.</p>",
               "budget": "120 000 €", "financeurs": ["Région Hauts-de-France", "Fondation de France"],
               "partenaires": [{"nom": "Ville de Montreuil-sur-Mer"}, {"nom": "Lycée agricole du Boulonnais"}]}
    path = tmp_path / "projet.json"
    path.write_text(json.dumps(project, ensure_ascii=False), encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == ["titre : Tiers-lieu nourricier des Quatre Vents",
                         "porteur : Association Les Quatre Vents",
                         "description : Un tiers-lieu pour l'alimentation durable à Montreuil-sur-Mer.",
                         "budget : 120 000 €",
                         "financeurs : Région Hauts-de-France ; Fondation de France",
                         "",
                         "## partenaires",
                         "• Ville de Montreuil-sur-Mer",
                         "• Lycée agricole du Boulonnais"]
    _, recs = registry.extract(doc)
    assert len(recs) == 1
    rec = recs[0]
    assert (rec.title, porteurs(rec), rec.budget) == ("Tiers-lieu nourricier des Quatre Vents",
                                                      ["Association Les Quatre Vents"], Decimal("120000"))
    assert sorted(f.funder for f in rec.financements) == ["Fondation de France", "Région Hauts-de-France"]
    assert "Montreuil-sur-Mer" in [m.name for m in rec.territoires]


def test_an_api_answer_s_title_and_publisher_name_the_body_of_its_amounts(tmp_path):
    """An API answer wrapping its records ('records') with its own title and publisher: both written above the
    table (record k on line k + 4), so that a results list without a granting column is granted by the body the
    answer names; its links and counts are not written."""
    answer = {"dataset": "tiers-lieux-ruraux-2025", "title": "Appel à projets Tiers-lieux ruraux – projets retenus",
              "producer": "Région Normandie – Direction des territoires", "total_count": 2,
              "links": {"self": "https://data.example.org/api/records?rows=2"},
              "records": [
                  {"nom_projet": "La Grange Commune", "structure_porteuse": "Association Bocage Vivant",
                   "commune": "Vire Normandie", "montant_aide": 42000, "cout_total": 130000},
                  {"nom_projet": "Le Quai des Savoirs", "structure_porteuse": "SCIC Pays d'Auge Coop",
                   "commune": "Lisieux", "montant_aide": 28500, "cout_total": 91000}]}
    path = tmp_path / "projets-retenus.json"
    path.write_text(json.dumps(answer, ensure_ascii=False, indent=2), encoding="utf-8")
    doc = read_document(path)
    assert doc.lines[:3] == ["Appel à projets Tiers-lieux ruraux – projets retenus",
                             "producer : Région Normandie – Direction des territoires", ""]
    assert doc.lines[3] == "nom_projet | structure_porteuse | commune | montant_aide | cout_total"
    family, recs = registry.extract(doc)
    assert [r.title for r in recs] == ["La Grange Commune", "Le Quai des Savoirs"]
    assert [(r.start, r.end) for r in recs] == [(5, 5), (6, 6)]
    assert [funders(r) for r in recs] == [[("Région Normandie", Decimal("42000"))],
                                          [("Région Normandie", Decimal("28500"))]]
    assert [r.budget for r in recs] == [Decimal("130000"), Decimal("91000")]
    assert "data.example.org" not in doc.text and "total_count" not in doc.text


def test_json_lines_one_record_per_line(tmp_path):
    path = tmp_path / "laureats.ndjson"
    path.write_text('{"laureat": "SCIC Bois Commun", "projet": "Filière bois-énergie locale", "ville": "Amiens"}\n'
                    "\n"
                    '{"laureat": "Association Pédale Douce", "projet": "Vélo-école", "ville": "Roubaix", '
                    '"themes": ["mobilité", "insertion"]}\n', encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == ["laureat | projet | ville | themes",
                         "SCIC Bois Commun | Filière bois-énergie locale | Amiens | –",
                         "Association Pédale Douce | Vélo-école | Roubaix | mobilité ; insertion"]
    _, recs = registry.extract(doc)
    assert [(r.title, porteurs(r)) for r in recs] == [("Filière bois-énergie locale", ["SCIC Bois Commun"]),
                                                      ("Vélo-école", ["Association Pédale Douce"])]


def test_bad_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "cassé.json"
    path.write_text('[\n {"nom": "A"},\n {"nom": "B",,}\n]\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 3 and "cassé.json" in str(err.value) and "not a readable JSON file" in str(err.value)
    lines = tmp_path / "cassé.jsonl"
    lines.write_text('{"nom": "A"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(lines)
    assert err.value.line == 2 and "a list instead of an object" in str(err.value)
    empty = tmp_path / "vide.json"
    empty.write_text("[]", encoding="utf-8")
    with pytest.raises(NoTextError):  # well-formed, nothing to read: skipped by a build, with a warning
        read_document(empty)
    deep = tmp_path / "profond.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="JSON"):
        read_document(deep)


def test_data_and_deck_files_are_listed_as_documents(tmp_path):
    # (a tool's metadata with a JSON suffix is no document: a data package, npm files, a schema)
    for name in ("a.json", "b.geojson", "c.jsonl", "d.ndjson", "e.pptx", "f.odp", "g.ppt",
                 "datapackage.json", "package.json", "subventions.schema.json"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in list_documents(tmp_path)] == ["a.json", "b.geojson", "c.jsonl", "d.ndjson", "e.pptx",
                                                         "f.odp"]


# ---- PPTX ------------------------------------------------------------------------------------------------------

def _deck(path):
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Appel à projets « Territoires solidaires » 2025"
    s.placeholders[1].text = "Présentation des lauréats – Département de la Somme"

    def laureate(title, bullets):
        sl = prs.slides.add_slide(prs.slide_layouts[1])
        sl.shapes.title.text = title
        tf = sl.placeholders[1].text_frame
        tf.text = bullets[0]
        for b in bullets[1:]:
            tf.add_paragraph().text = b
        return sl

    laureate("La Fabrique à Vélos", ["Porteur : Association Roue Libre Picarde",
                                     "Atelier d'autoréparation de vélos pour les habitants d'Abbeville",
                                     "Subvention départementale : 12 000 €"])
    sl = laureate("Cuisine partagée du Vimeu", ["Porteur : Centre social Les Tilleuls",
                                                "Des ateliers cuisine pour les seniors de Friville-Escarbotin",
                                                "Subvention départementale : 8 500 €"])
    # a text box drawn low on the slide (after the body, whose position comes from the layout) and a note
    sl.shapes.add_textbox(Inches(7), Inches(6.8), Inches(2), Inches(0.4)).text_frame.text = "Lauréat 2025"
    sl.notes_slide.notes_text_frame.text = "Contact : Odile Vasseur, 03 22 00 00 00"
    hidden = laureate("Projet retiré", ["Porteur : Association Fantôme"])
    hidden._element.set("show", "0")
    sl = prs.slides.add_slide(prs.slide_layouts[5])
    sl.shapes.title.text = "Récapitulatif des aides"
    rows = [("Lauréat", "Projet", "Montant"), ("Association Roue Libre Picarde", "La Fabrique à Vélos", "12 000 €"),
            ("Centre social Les Tilleuls", "Cuisine partagée du Vimeu", "8 500 €")]
    table = sl.shapes.add_table(3, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(2)).table
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            table.cell(i, j).text = c
    prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(
        Inches(1), Inches(1), Inches(8), Inches(1)).text_frame.text = "Merci de votre attention"
    prs.save(path)
    return path


def test_pptx_slides_in_reading_order(tmp_path):
    doc = read_document(_deck(tmp_path / "laureats.pptx"))
    assert doc.media_type == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert doc.lines == [
        "Appel à projets « Territoires solidaires » 2025", "Présentation des lauréats – Département de la Somme", "",
        "", "La Fabrique à Vélos", "• Porteur : Association Roue Libre Picarde",
        "• Atelier d'autoréparation de vélos pour les habitants d'Abbeville", "• Subvention départementale : 12 000 €",
        "", "",  # (two empty lines between slides)
        "Cuisine partagée du Vimeu", "• Porteur : Centre social Les Tilleuls",
        "• Des ateliers cuisine pour les seniors de Friville-Escarbotin", "• Subvention départementale : 8 500 €", "",
        "Lauréat 2025", "", "",
        "Récapitulatif des aides", "Lauréat | Projet | Montant",
        "Association Roue Libre Picarde | La Fabrique à Vélos | 12 000 €",
        "Centre social Les Tilleuls | Cuisine partagée du Vimeu | 8 500 €", "", "",
        "Merci de votre attention"]
    assert {"La Fabrique à Vélos", "Cuisine partagée du Vimeu", "Récapitulatif des aides"} <= doc.headings
    assert "Vasseur" not in doc.text and "Fantôme" not in doc.text  # speaker notes, hidden slides: never read


def test_pptx_laureates_become_initiatives(tmp_path):
    """One initiative per laureate slide, the closing table repeating them adds none."""
    doc = read_document(_deck(tmp_path / "laureats.pptx"))
    family, recs = registry.extract(doc)
    assert [(r.title, porteurs(r)) for r in recs] == [
        ("La Fabrique à Vélos", ["Association Roue Libre Picarde"]),
        ("Cuisine partagée du Vimeu", ["Centre social Les Tilleuls"])]
    assert [funders(r) for r in recs] == [[("Département de la Somme", Decimal("12000"))],
                                          [("Département de la Somme", Decimal("8500"))]]
    assert [m.name for m in recs[0].territoires] == ["Abbeville"]


def test_broken_pptx_is_one_clear_error(tmp_path):
    path = tmp_path / "cassé.pptx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("ppt/presentation.xml", "<not xml")
    with pytest.raises(InputError, match="not a readable PPTX file") as err:
        read_document(path)
    assert "cassé.pptx" in str(err.value)
    (tmp_path / "b.pptx").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(InputError, match="PPTX"):
        read_document(tmp_path / "b.pptx")


# ---- ODP -------------------------------------------------------------------------------------------------------

ODP_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"')


def _frame(cls, y, body, x="2cm"):
    kind = f' presentation:class="{cls}"' if cls else ""
    return (f'<draw:frame{kind} svg:x="{x}" svg:y="{y}" svg:width="20cm" svg:height="3cm">'
            f"<draw:text-box>{body}</draw:text-box></draw:frame>")


def _page(name, frames, style="dp1"):
    return f'<draw:page draw:name="{name}" draw:style-name="{style}">{"".join(frames)}</draw:page>'


def test_odp_pages_as_slides(tmp_path):
    items = "".join(f"<text:list-item><text:p>{t}</text:p></text:list-item>" for t in (
        "Porteur : Association Les Jardins du Marais", "Un jardin partagé pour les habitants de Saint-Omer",
        "Aide de la Région : 15 000 €"))
    pages = [
        _page("p1", [_frame("outline", "5cm", f"<text:list>{items}</text:list>"),  # written before the title
                     _frame("title", "1cm", "<text:p>Jardin partagé du Haut-Pont</text:p>"),
                     _frame("page-number", "18cm", "<text:p>2</text:p>"),
                     '<presentation:notes><draw:frame presentation:class="notes"><draw:text-box><text:p>Appeler '
                     "Jeanne Morel au 06 00 00 00 00</text:p></draw:text-box></draw:frame></presentation:notes>"]),
        _page("p2", [_frame("title", "1cm", "<text:p>Brouillon</text:p>")], style="dp2"),
        _page("p3", [_frame(None, "9cm", "<text:p>Contact presse : voir le site</text:p>", x="12cm"),
                     _frame(None, "9cm", "<text:p>Lauréat 2025</text:p>")]),
    ]
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODP_NS} office:version="1.3">'
               '<office:automatic-styles><style:style style:name="dp2" style:family="drawing-page">'
               '<style:drawing-page-properties presentation:visibility="hidden"/></style:style>'
               "</office:automatic-styles>"
               f"<office:body><office:presentation>{''.join(pages)}</office:presentation></office:body>"
               "</office:document-content>")
    path = tmp_path / "jardins.odp"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.presentation")
        z.writestr("content.xml", content)
    doc = read_document(path)
    assert doc.media_type == "application/vnd.oasis.opendocument.presentation"
    assert doc.lines == ["Jardin partagé du Haut-Pont", "• Porteur : Association Les Jardins du Marais",
                         "• Un jardin partagé pour les habitants de Saint-Omer", "• Aide de la Région : 15 000 €",
                         "", "",
                         "Lauréat 2025", "", "Contact presse : voir le site"]
    assert "Jardin partagé du Haut-Pont" in doc.headings
    assert "Morel" not in doc.text and "Brouillon" not in doc.text
    _, recs = registry.extract(doc)
    assert [(r.title, porteurs(r)) for r in recs][:1] == [("Jardin partagé du Haut-Pont",
                                                          ["Association Les Jardins du Marais"])]


# ---- a build -----------------------------------------------------------------------------------------------------

def test_build_of_a_portal_export_and_a_deck(tmp_path):
    """`isgraph build` (in-process) of a JSON export and a deck: initiatives with their line spans in the published
    text of each document, the funders with their amounts, the documents' media types; no speaker note published."""
    import csv

    from click.testing import CliRunner

    from isgraph.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "subventions.json").write_text(json.dumps(ODS_GRANTS, ensure_ascii=False), encoding="utf-8")
    _deck(docs / "laureats.pptx")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "--site", "never", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "subventions.json (JSON): generic reader, 2 initiatives" in res.output
    assert "laureats.pptx (PPTX): generic reader, 2 initiatives" in res.output
    rows = list(csv.DictReader((out / "initiatives.csv").open(encoding="utf-8")))
    spans = {(r["fichier"], r["libelle"]): (int(r["ligne_debut"]), int(r["ligne_fin"])) for r in rows}
    assert spans == {("laureats.pptx", "La Fabrique à Vélos"): (5, 8),
                     ("laureats.pptx", "Cuisine partagée du Vimeu"): (11, 16),  # (its slide, text box too)
                     ("subventions.json", "Atelier d'autoréparation de vélos à Abbeville"): (2, 2),
                     ("subventions.json", "Ateliers cuisine contre l'isolement des seniors"): (3, 3)}
    deck = (out / "documents" / "laureats-pptx.txt").read_text(encoding="utf-8").split("\n")
    assert deck[4] == "La Fabrique à Vélos" and deck[10] == "Cuisine partagée du Vimeu"
    grants = (out / "documents" / "subventions-json.txt").read_text(encoding="utf-8").split("\n")
    assert grants[1].startswith("Département de la Somme | 22800001500015 | 2025-02-11 | Association Roue Libre")
    money = {(r["initiative_libelle"], r["financeur_libelle"], r["montant"])
             for r in csv.DictReader((out / "financements.csv").open(encoding="utf-8"))}
    assert ("Ateliers cuisine contre l'isolement des seniors", "Département de la Somme", "8500.5") in money
    assert ("La Fabrique à Vélos", "Département de la Somme", "12000") in money
    nt = (out / "isgraph.nt").read_text(encoding="utf-8")
    assert "<http://www.iana.org/assignments/media-types/application/json>" in nt
    assert ("<http://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument."
            "presentationml.presentation>") in nt
    for f in out.rglob("*"):
        if f.is_file() and ".cache" not in f.parts:
            assert b"Vasseur" not in f.read_bytes(), f
