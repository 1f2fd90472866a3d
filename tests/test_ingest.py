"""Ingestion of every format: PDF (text layer, pages), HTML (main content), DOCX, ODT, Markdown; twins of a seed
give the same initiatives; bad or text-less files give one clear line naming the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from formats import (lines_per_page, odt_paragraphs, write_docx, write_html, write_odt, write_pdf,
                     write_scanned_pdf)
from isgraph.ingest.documents import NoTextError, read_document
from isgraph.errors import InputError
from isgraph.extract import registry

ROOT = Path(__file__).resolve().parent.parent
TERRITORIA = ROOT / "seeds" / "002_88f36d25790b1621.txt"  # a PDF-born press kit: the twin's layout is the seed's


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The TERRITORIA seed written as PDF, DOCX, HTML and ODT (made once for the module)."""
    d = tmp_path_factory.mktemp("twins")
    lines = seed_lines(TERRITORIA)
    return {
        "pdf": write_pdf(lines, d / "palmares.pdf"),
        "docx": write_docx(lines, d / "palmares.docx"),
        "html": write_html(lines, d / "palmares.html"),
        "odt": write_odt(odt_paragraphs(lines), d / "palmares.odt"),
    }


@pytest.fixture(scope="module")
def seed_titles():
    family, records = registry.extract(read_document(TERRITORIA))
    assert family == "territoria" and len(records) == 50
    return family, [r.title for r in records]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "odt"])
def test_twin_gives_the_same_initiatives(twins, seed_titles, fmt):
    doc = read_document(twins[fmt])
    family, records = registry.extract(doc)
    assert (family, [r.title for r in records]) == seed_titles
    for rec in records:  # every span points at lines of the text read
        assert 1 <= rec.start <= rec.end <= len(doc.lines)


def test_document_keeps_original_name_media_type_and_hash(twins):
    path = twins["pdf"]
    doc = read_document(path)
    assert doc.name == "palmares.pdf" and doc.media_type == "application/pdf"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.key == "palmares-pdf"
    docx = read_document(twins["docx"])
    assert docx.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.pages is None and docx.page_of(1) is None


def test_pdf_page_of_each_line(twins):
    doc = read_document(twins["pdf"])
    source = seed_lines(TERRITORIA)
    per_page = lines_per_page()
    assert doc.page_count == (len(source) - 1) // per_page + 1
    checked = 0
    for i, line in enumerate(source):
        text = line.strip()
        if len(text) > 30 and sum(1 for s in source if s.strip() == text) == 1:
            found = [n for n, got in enumerate(doc.lines, 1) if got.strip() == text]
            assert len(found) == 1, text
            assert doc.page_of(found[0]) == i // per_page + 1, text
            checked += 1
    assert checked > 200


def test_scanned_pdf_is_a_clear_skip(tmp_path):
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(NoTextError) as exc:
        read_document(path)
    line = exc.value.one_line()
    assert "scan.pdf" in line and "no text layer" in line and "OCR is not supported" in line and "\n" not in line


@pytest.mark.parametrize("name,data", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n garbage"),
    ("broken.docx", b"PK\x03\x04 not really a zip"),
    ("broken.odt", b"this is not a zip at all"),
    ("deep.html", b"<html><body>" + b"<div>" * 5000 + b"texte" + b"</div>" * 5000 + b"</body></html>"),
    ("pdf-named.html", b"%PDF-1.4\n%binary"),
])
def test_corrupt_files_one_line_naming_the_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_document(path)
    line = exc.value.one_line()
    assert name in line and "\n" not in line


def test_html_main_content_without_chrome(tmp_path):
    page = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Épicerie | Ville</title>
    <style>p { color: red }</style></head><body>
    <header class="site-header"><a href="/">Accueil</a><nav><ul><li>Actualités</li><li>Agenda</li></ul></nav></header>
    <div id="tarteaucitronRoot">Ce site utilise des cookies. <button>OK</button></div>
    <nav class="breadcrumb">Accueil &gt; Solidarités</nav>
    <main>
      <article>
        <header><h1>L'épicerie solidaire des Tilleuls</h1><p class="date">Publié le 3 mars</p></header>
        <p>Portée par l'association   Panier Partagé,
           l'épicerie ouvre trois jours par semaine.</p>
        <h2>Partenaires</h2>
        <ul><li>CCAS de Villebrune</li><li>Banque alimentaire</li></ul>
        <ol><li>Inscription</li><li>Premier rendez-vous</li></ol>
        <table><tr><th>Porteur</th><td>Association Panier Partagé</td></tr>
               <tr><td>Budget :</td><td>12 000 €</td></tr>
               <tr><td>2024</td><td>40 familles</td><td>3 bénévoles</td></tr></table>
        <div class="share-buttons">Partager sur Facebook</div>
      </article>
      <aside><h2>À lire aussi</h2><p>Le marché de Noël</p></aside>
    </main>
    <footer><p>Mentions légales</p></footer>
    <script>console.log("x")</script></body></html>"""
    path = tmp_path / "epicerie.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == [
        "L'épicerie solidaire des Tilleuls",
        "",
        "Publié le 3 mars",
        "",
        "Portée par l'association Panier Partagé, l'épicerie ouvre trois jours par semaine.",
        "",
        "Partenaires",
        "",
        "• CCAS de Villebrune",
        "• Banque alimentaire",
        "",
        "1. Inscription",
        "2. Premier rendez-vous",
        "",
        "Porteur : Association Panier Partagé",
        "Budget : 12 000 €",
        "2024 | 40 familles | 3 bénévoles",
    ]
    assert doc.media_type == "text/html"


def test_html_declared_charset_is_honoured(tmp_path):
    path = tmp_path / "ancien.htm"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
                     "<body><p>Région Grand Est : 5 000 €uros</p></body></html>".encode("cp1252", "replace")
                     .replace("€".encode("cp1252"), b"E"))
    assert read_document(path).lines == ["Région Grand Est : 5 000 Euros"]


def test_docx_lists_tables_and_breaks(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Atelier vélo solidaire", level=1)
    d.add_paragraph("Porté par l'association Roue Libre.")
    d.add_paragraph("Réparation", style="List Bullet")
    d.add_paragraph("Prêt de vélos", style="List Bullet")
    p = d.add_paragraph("Première ligne")
    p.add_run().add_break()
    p.add_run("deuxième ligne")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Financeur", "Département de la Marne"
    t.cell(1, 0).text, t.cell(1, 1).text = "Montant", "8 000 €"
    d.add_paragraph("Fin.")
    path = tmp_path / "velo.docx"
    d.save(str(path))
    assert read_document(path).lines == [
        "Atelier vélo solidaire",
        "Porté par l'association Roue Libre.",
        "• Réparation",
        "• Prêt de vélos",
        "Première ligne",
        "deuxième ligne",
        "Financeur : Département de la Marne",
        "Montant : 8 000 €",
        "",
        "Fin.",
    ]


def test_odt_headings_lists_tables_spaces(tmp_path):
    body = ('<text:h text:outline-level="1">Jardin partagé</text:h>'
            "<text:p>Porteur :<text:s/>Association<text:s text:c=\"2\"/>Les Racines<text:note><text:note-body>"
            "<text:p>note</text:p></text:note-body></text:note></text:p>"
            "<text:list><text:list-item><text:p>Compost</text:p></text:list-item>"
            "<text:list-item><text:p>Semis</text:p></text:list-item></text:list>"
            "<table:table><table:table-row><table:table-cell><text:p>Lieu</text:p></table:table-cell>"
            "<table:table-cell><text:p>Villebrune</text:p></table:table-cell></table:table-row></table:table>"
            "<text:p>a<text:line-break/>b</text:p>")
    doc = read_document(write_odt(body, tmp_path / "jardin.odt"))
    assert doc.lines == ["Jardin partagé", "Porteur : Association  Les Racines", "• Compost", "• Semis",
                         "Lieu : Villebrune", "", "a", "b"]
    assert doc.media_type == "application/vnd.oasis.opendocument.text"


def test_markdown_is_text(tmp_path):
    path = tmp_path / "fiche.md"
    path.write_text("# Titre\n\n- un\n- deux\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == ["# Titre", "", "- un", "- deux"] and doc.media_type == "text/markdown"


def test_pdf_two_columns_read_column_by_column(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    left = [f"Colonne gauche ligne {i} du texte" for i in range(1, 21)]
    right = [f"Colonne droite ligne {i} du texte" for i in range(1, 21)]
    path = tmp_path / "colonnes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 9)
    for i, (a, b) in enumerate(zip(left, right)):
        c.drawString(40, 800 - 12 * i, a)
        c.drawString(320, 800 - 12 * i, b)
    c.save()
    lines = [line for line in read_document(path).lines if line.strip()]
    assert lines == left + right


def test_html_without_landmarks_reads_the_title_block(tmp_path):
    page = """<html><head><meta charset="utf-8"></head><body><table><tr><td colspan="2">
    <div><a href="/">Accueil</a> | <a href="/mairie">La mairie</a> | <a href="/vie">Vie locale</a></div>
    <div>Nous utilisons des traceurs pour mesurer l'audience de ce site et vous proposer des contenus adaptés.</div>
    </td></tr><tr><td><ul><li><a href="/a">Enfance</a></li><li><a href="/b">Seniors</a></li></ul></td>
    <td><h1>Transport solidaire</h1><p>Des bénévoles conduisent les habitants sans voiture.</p>
    <p>Le service est porté par le CCAS de Villebrune.</p></td></tr>
    <tr><td colspan="2"><p>Hôtel de ville, place de la République, ouvert du lundi au vendredi de 8 h 30 à 12 h et
    de 13 h 30 à 17 h, le samedi matin de 9 h à 12 h ; accueil téléphonique aux mêmes horaires.</p>
    <p>Plan du site · Mentions légales · Accessibilité · Données personnelles · Crédits</p></td></tr></table>
    </body></html>"""
    path = tmp_path / "transport.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).lines == [
        "Transport solidaire",
        "",
        "Des bénévoles conduisent les habitants sans voiture.",
        "",
        "Le service est porté par le CCAS de Villebrune.",
    ]


def test_encrypted_pdf_skipped_unless_the_user_password_is_empty(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    for user in ("secret", ""):
        path = tmp_path / f"chiffre-{user or 'ouvert'}.pdf"
        c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="proprio", canPrint=0))
        c.drawString(50, 800, "Association Les Amis du Parc porte le projet")
        c.save()
        if user:
            with pytest.raises(NoTextError, match="encrypted PDF") as exc:
                read_document(path)
            assert path.name in exc.value.one_line()
        else:  # restrictions only (an owner password): the text is read
            assert read_document(path).lines == ["Association Les Amis du Parc porte le projet"]


def test_utf16_text_with_bom(tmp_path):
    path = tmp_path / "bloc-notes.txt"
    path.write_bytes("Région Grand Est\r\nÉpicerie solidaire – 5 000 €\r\n".encode("utf-16"))
    doc = read_document(path)
    assert doc.lines == ["Région Grand Est", "Épicerie solidaire – 5 000 €"] and doc.encoding == "utf-16"


def test_headings_of_html_docx_odt_are_told_to_the_readers(tmp_path):
    """<h2>, Word's 'Heading 2' style and ODT's <text:h> mark the same lines as headings (the text itself is the
    same as without them): the readers take them as headings (isgraph.extract.blocks.clean_lines)."""
    import html as h

    import docx

    from isgraph.extract.blocks import clean_lines

    heading, items = "Dans le Cantal, deux projets dans le domaine de la santé", [
        "L'association Bocage Uni (Aurillac) pour son projet « Bus Santé ».",
        "Le collectif Terres Hautes (Mauriac) pour son projet de maison de santé rurale."]
    page = (f"<html><body><main><h1>Les lauréats</h1><h2>{h.escape(heading)}</h2><ul>"
            + "".join(f"<li>{h.escape(i)}</li>" for i in items) + "</ul></main></body></html>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    d = docx.Document()
    d.add_heading("Les lauréats", level=1)
    d.add_heading(heading, level=2)
    for i in items:
        d.add_paragraph(i, style="List Bullet")
    d.save(str(tmp_path / "p.docx"))
    write_odt(f'<text:h text:outline-level="1">Les lauréats</text:h><text:h text:outline-level="2">{h.escape(heading)}'
              "</text:h><text:list>" + "".join(f"<text:list-item><text:p>{h.escape(i)}</text:p></text:list-item>"
                                               for i in items) + "</text:list>", tmp_path / "p.odt")
    for name in ("p.html", "p.docx", "p.odt"):
        doc = read_document(tmp_path / name)
        assert doc.headings == {"Les lauréats", heading}, name
        assert [ln.text for ln in clean_lines(doc) if ln.heading] == ["Les lauréats", heading], name
    plain = read_document(write_docx(["Les lauréats", heading] + items, tmp_path / "plain.docx"))
    assert plain.headings == frozenset() and not any(ln.heading for ln in clean_lines(plain))


# ---- Markdown front matter -------------------------------------------------------------------------------------

def test_markdown_front_matter_is_the_pages_title_and_lead(tmp_path):
    """A static site's page (Jekyll / Hugo / a CMS export): the YAML front matter's title is the page's heading, its
    description its lead; layout, date, tags, author, image are no text (the author is a staff name: never read).
    Every line keeps its number."""
    from isgraph.extract import registry
    from isgraph.ingest.documents import read_document

    page = ("---\nlayout: post\ntitle: \"Le Garage solidaire du Ternois\"\ndate: 2025-09-12\n"
            "tags: [insertion, mobilité]\nauthor: Martine Lefebvre\ndescription: >\n"
            "  Un garage associatif pour les personnes\n  en insertion.\nimage: /img/garage.jpg\n---\n\n"
            "Porté par l'association Roues de Secours, le garage ouvre à Saint-Pol-sur-Ternoise. Il a reçu "
            "35 000 € de la Région Hauts-de-France.\n")
    path = tmp_path / "garage.md"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.lines[:12] == ["", "", "# Le Garage solidaire du Ternois", "", "", "", "",
                              "Un garage associatif pour les personnes", "en insertion.", "", "", ""]
    assert len(doc.lines) == len(page.rstrip("\n").split("\n"))
    assert "Lefebvre" not in doc.text and "layout" not in doc.text
    _, recs = registry.extract(doc)
    assert [(r.title, [m.name for m in r.porteurs]) for r in recs] == [
        ("Le Garage solidaire du Ternois", ["association Roues de Secours"])]
    assert [(f.funder, int(f.amount)) for f in recs[0].financements] == [("Région Hauts-de-France", 35000)]


def test_toml_front_matter_and_pages_without_one(tmp_path):
    from isgraph.ingest.text import without_front_matter

    assert without_front_matter('+++\ntitle = "Le Repair café"\nsummary = \'Réparer ensemble\'\ndraft = false\n'
                                "+++\nTexte.\n") == "\n# Le Repair café\nRéparer ensemble\n\n\nTexte.\n"
    # no closing fence: not a front matter, the text as it is; a rule '---' further down is Markdown's
    assert without_front_matter("---\ntitle: x\nTexte\n") == "---\ntitle: x\nTexte\n"
    assert without_front_matter("Texte\n---\ntitle: x\n---\n") == "Texte\n---\ntitle: x\n---\n"


def test_files_of_other_formats_are_named_in_one_warning(tmp_path):
    """A user's folder holds photos and old formats beside the documents: the build names them in one warning
    (with what to save them as), and reads the rest; a folder of documents only gets no warning."""
    from click.testing import CliRunner

    from isgraph.cli import main
    from isgraph.ingest.documents import unread_files

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "laureats.txt").write_text(
        "Les lauréats sont l'association Les Jardins du Marais (Saint-Omer) pour son jardin partagé et la SCIC Bois "
        "Commun (Amiens) pour sa chaufferie.\n", encoding="utf-8")
    assert unread_files(docs) is None
    for name in ("vieux.ppt", "photo.jpg", "note.rtf", ".DS_Store", "datapackage.json"):
        (docs / name).write_bytes(b"x")
    (docs / "sous-dossier").mkdir()
    assert unread_files(docs) == (f"{docs}: 3 files of other formats not read: note.rtf, photo.jpg, vieux.ppt (save "
                                  ".ppt as PPTX or PDF, .rtf as DOCX, ODT or PDF)")
    res = CliRunner().invoke(main, ["build", str(docs), "--out", str(tmp_path / "out"), "--site", "never"])
    assert res.exit_code == 0, res.output
    assert "3 files of other formats not read: note.rtf, photo.jpg, vieux.ppt" in res.output


def test_docx_text_boxes_are_read_once(tmp_path):
    """A flyer written in Word keeps its text in shapes: a DrawingML text box (with the VML copy Word writes as its
    fallback: read once) and a VML one; their paragraphs follow the paragraph they are anchored in."""
    import docx
    from docx.oxml import parse_xml

    from isgraph.ingest.documents import read_document

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')

    def box(lines):
        return "<w:txbxContent>" + "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in lines) + "</w:txbxContent>"

    first = ["Le Repair café de Tulle", "Porteur : Association Répare Corrèze"]
    d = docx.Document()
    d.add_paragraph("Affiche de novembre")
    p = d.add_paragraph()
    p._p.append(parse_xml(f"<w:r {ns}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
                          f"{box(first)}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
                          f"<v:textbox>{box(first)}</v:textbox></v:shape></w:pict></mc:Fallback>"
                          "</mc:AlternateContent></w:r>"))
    q = d.add_paragraph("Ouvert à tous")
    q._p.append(parse_xml(f"<w:r {ns}><w:pict><v:shape><v:textbox>{box(['Financeur : Département de la Corrèze'])}"
                          "</v:textbox></v:shape></w:pict></w:r>"))
    d.save(tmp_path / "affiche.docx")
    doc = read_document(tmp_path / "affiche.docx")
    assert [ln for ln in doc.lines if ln] == ["Affiche de novembre", "Le Repair café de Tulle",
                                             "Porteur : Association Répare Corrèze", "Ouvert à tous",
                                             "Financeur : Département de la Corrèze"]


def test_odt_text_boxes_are_lines_of_their_own(tmp_path):
    """An ODT flyer's frame ('draw:frame/draw:text-box') inside a paragraph: each of its paragraphs is a line, not
    glued to the next ('Le Repair café de TullePorteur : …' before)."""
    from formats import write_odt

    from isgraph.ingest.documents import read_document

    body = ('<text:p>Affiche</text:p><text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:'
            'drawing:1.0"><draw:text-box><text:p>Le Repair café de Tulle</text:p><text:p>Porteur : Association '
            "Répare Corrèze</text:p></draw:text-box></draw:frame>Ouvert à tous</text:p>")
    doc = read_document(write_odt(body, tmp_path / "affiche.odt"))
    assert doc.lines == ["Affiche", "Le Repair café de Tulle", "Porteur : Association Répare Corrèze",
                         "Ouvert à tous"]


def test_an_html_layout_table_is_read_as_the_blocks_its_cells_hold():
    """An e-mail newsletter laid out with tables ('<tr><td><h2>…</h2><p>…</p></td></tr>'): each heading and
    paragraph its own line (was: the whole cell one line, the items' headings lost). A data table whose cells wrap
    their text in one '<p>' (as word processors write it) stays one line a row."""
    from isgraph.ingest.html import html_lines

    layout = ("<html><body><table><tr><td><h2>Un garage solidaire</h2><p>Il ouvre à Aubenas.</p></td></tr>"
              "<tr><td><h2>Une épicerie</h2><p>Premier paragraphe.</p><p>Second paragraphe.</p></td></tr></table>"
              "</body></html>")
    headings: set[str] = set()
    lines = [x for x in html_lines(layout, headings) if x]
    assert lines == ["Un garage solidaire", "Il ouvre à Aubenas.", "Une épicerie", "Premier paragraphe.",
                     "Second paragraphe."]
    assert headings == {"Un garage solidaire", "Une épicerie"}
    data = ("<html><body><main><p>Les lauréats de l'appel à projets sont les suivants.</p><table><tr><th>Projet</th>"
            "<th>Commune</th><th>Montant</th></tr><tr><td><p>La Filature</p></td><td><p>Vierzon</p></td>"
            "<td><p>8 000 €</p></td></tr></table></main></body></html>")
    assert [x for x in html_lines(data) if x][1:] == ["Projet | Commune | Montant", "La Filature | Vierzon | 8 000 €"]


def test_pdf_columns_under_a_masthead_and_over_a_footer_across_the_page():
    """A municipal bulletin's page: a masthead and a footer run across the page, two columns of prose between
    them. Was: no gutter found (the masthead and footer cross it), the two articles read side by side on each line
    and the document skipped."""
    from isgraph.ingest.pdf import find_columns

    left = ["Le minibus des aînés roule depuis", "mars dans les hameaux de la", "commune, grâce aux bénévoles de",
            "l'association du bourg, qui assure", "deux matinées par semaine le", "transport vers le marché et la",
            "pharmacie du chef-lieu."]
    right = ["Une cuisine partagée ouvrira", "dans l'ancienne cantine, mise à", "disposition des producteurs",
             "du canton par la commune pour", "transformer fruits et légumes", "en conserves et confitures", "dès l'automne."]
    page = ["BULLETIN MUNICIPAL D'INFORMATION – N° 12 – PRINTEMPS – page 4", "", "              VIE LOCALE", ""]
    page += [f"{a:<45}{b}" for a, b in zip(left, right)]
    page += ["", "Mairie – place de la Mairie – accueil du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h",
             "Directeur de la publication : le Maire. Ne pas jeter sur la voie publique."]
    gutter, top, bottom = find_columns(page)
    assert 36 <= gutter <= 46 and (top, bottom) == (3, 4 + len(left))  # (the masthead above, the footer under)
    # a table under its title is no pair of columns (its cells are cut by runs of spaces on both sides)
    table = ["Subventions 2024"] + [f"{'Association ' + str(k):<20}{'Objet ' + str(k):<25}{k * 1000} €"
                                     for k in range(1, 9)]
    assert find_columns(table) is None


def test_a_two_column_bulletin_pdf_is_read_column_after_column():
    """The invented bulletin page (LibreOffice PDF): its masthead, then the left column's article whole, then the
    right one's, then the footer (was: both articles interleaved line by line, and the document skipped)."""
    doc = read_document(Path(__file__).parent / "fixtures" / "generic" / "bulletin-municipal-deux-colonnes.pdf")
    text = "\n".join(doc.lines)
    order = [text.index(s) for s in ("BULLETIN MUNICIPAL", "Le « Bus des Aînés » roule depuis", "Lien Vicois. Pour réserver",
                                     "Une cuisine partagée pour les", "Guillaume Dastugue", "Mairie de Vic-Fezensac")]
    assert order == sorted(order)
    assert all("  " not in line.strip() for line in doc.lines)  # (no line holds both columns)
