"""Word 97-2003 documents (.doc): the main text from the piece table, tables as rows, fields by their result.

The .doc files are written by LibreOffice Writer (an independent writer of the format) from Word documents the
tests write with python-docx (invented organisations and amounts); the reference lines are those of the DOCX
reader on the same document, and hand-written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from isgraph.errors import InputError
from isgraph.extract import registry
from isgraph.ingest.documents import NoTextError, read_document

WRITER = Path("/usr/lib/libreoffice/program/libswlo.so")


def _as_doc(docx_path: Path, tmp: Path, fmt: str = "doc") -> Path:
    """The document saved by LibreOffice Writer as `fmt` (doc, pdf)."""
    soffice = shutil.which("soffice")
    if soffice is None or not WRITER.exists():
        pytest.skip("LibreOffice Writer absent (Debian libreoffice-writer-nogui: scripts/install-servers.sh)")
    res = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                          "--convert-to", fmt, "--outdir", str(tmp), str(docx_path)],
                         capture_output=True, text=True, timeout=180)
    out = tmp / (docx_path.stem + "." + fmt)
    assert out.exists(), res.stdout + res.stderr
    return out


def _minutes(path: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Mairie de Boisrond – en-tête"
    d.add_paragraph("Compte rendu du conseil municipal du 12 mars 2025")
    d.add_paragraph("Délibération 2025-14 : subvention à l'association Les Potagers du Val")
    d.add_paragraph("Le conseil municipal décide d'attribuer une subvention de 3 500 € à l'association Les Potagers "
                    "du Val pour la création d'un jardin partagé à Boisrond (≥ 40 parcelles, « Łąka » en polonais).")
    p = d.add_paragraph("Voir le dossier sur ")
    from docx.opc.constants import RELATIONSHIP_TYPE

    rid = d.part.relate_to("https://example.org/dossier", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    p._p.append(parse_xml(  # a hyperlink: in a .doc a HYPERLINK field, its code never read
        '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"><w:r><w:t>le site de la commune</w:t></w:r></w:hyperlink>'))
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate([("Bénéficiaire", "Objet", "Montant"),
                             ("Association Les Potagers du Val", "Jardin partagé", "3 500 €"),
                             ("Comité des fêtes de Boisrond", "Fête de la pomme", "800 €")]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(2, 1).add_paragraph("(édition 2025)")  # a cell of two paragraphs: one cell
    d.add_paragraph("Adopté à l'unanimité.")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def minutes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("doc")
    docx_path = _minutes(tmp / "conseil.docx")
    return docx_path, _as_doc(docx_path, tmp)


def test_doc_text_as_the_docx_reader_reads_it(minutes):
    docx_path, doc_path = minutes
    doc = read_document(doc_path)
    assert doc.media_type == "application/msword"
    assert doc.lines == [
        "Compte rendu du conseil municipal du 12 mars 2025",
        "Délibération 2025-14 : subvention à l'association Les Potagers du Val",
        "Le conseil municipal décide d'attribuer une subvention de 3 500 € à l'association Les Potagers du Val pour "
        "la création d'un jardin partagé à Boisrond (≥ 40 parcelles, « Łąka » en polonais).",
        "Voir le dossier sur le site de la commune",
        "Bénéficiaire | Objet | Montant",
        "Association Les Potagers du Val | Jardin partagé | 3 500 €",
        "Comité des fêtes de Boisrond | Fête de la pomme (édition 2025) | 800 €",
        "Adopté à l'unanimité."]
    assert "en-tête" not in doc.text and "HYPERLINK" not in doc.text and "example.org" not in doc.text
    reference = [ln for ln in read_document(docx_path).lines if ln]  # the DOCX reader, on the same document
    assert doc.lines == reference


def test_doc_grants_become_initiatives(minutes):
    _, doc_path = minutes
    _, recs = registry.extract(read_document(doc_path))
    assert [(r.title, [m.name for m in r.porteurs]) for r in recs][:2] == [
        ("Jardin partagé", ["Association Les Potagers du Val"]),
        ("Fête de la pomme (édition 2025)", ["Comité des fêtes de Boisrond"])]


def _patched(src: Path, dst: Path, offset: int, value: int) -> Path:
    """A copy of a .doc whose WordDocument stream has the 16-bit `value` at `offset` (same stream size)."""
    import olefile

    shutil.copy(src, dst)
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        data = bytearray(ole.openstream("WordDocument").read())
        data[offset : offset + 2] = value.to_bytes(2, "little")
        ole.write_stream("WordDocument", bytes(data))
    return dst


def test_encrypted_and_word95_files_are_skipped_with_the_reason(minutes, tmp_path):
    _, doc_path = minutes
    import olefile

    with olefile.OleFileIO(str(doc_path)) as ole:
        stream = ole.openstream("WordDocument").read()
    flags = int.from_bytes(stream[0x0A:0x0C], "little")
    with pytest.raises(NoTextError, match="encrypted"):
        read_document(_patched(doc_path, tmp_path / "secret.doc", 0x0A, flags | 0x0100))
    with pytest.raises(NoTextError, match="Word 6 / 95"):
        read_document(_patched(doc_path, tmp_path / "ancien.doc", 0x02, 100))


def test_files_that_are_no_word_document_are_one_clear_error(tmp_path):
    import xlwt

    (tmp_path / "renomme.doc").write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a .docx renamed
    with pytest.raises(InputError, match="not a readable DOC file") as err:
        read_document(tmp_path / "renomme.doc")
    assert "renomme.doc" in str(err.value)
    book = xlwt.Workbook()
    book.add_sheet("Feuille").write(0, 0, "x")
    book.save(str(tmp_path / "classeur.doc"))  # an OLE file, but an Excel workbook
    with pytest.raises(InputError, match="no WordDocument stream"):
        read_document(tmp_path / "classeur.doc")
    (tmp_path / "tronque.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match="not a readable DOC file"):
        read_document(tmp_path / "tronque.doc")


def _grid(d, rows: list[tuple[str, ...]]) -> None:
    """A bordered Word table of these rows (the first the header) added to the python-docx document `d`."""
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text


def test_a_pdf_deliberations_table_with_wrapped_cells(tmp_path):
    """A council's deliberation written in Word and saved as PDF by LibreOffice: its table's narrow columns wrap
    the names and the objects over two or three lines; one initiative per row, the council funding each with the
    row's amount, the TOTAL row none."""
    import docx

    d = docx.Document()
    d.add_paragraph("COMMUNAUTÉ DE COMMUNES DU PAYS DE LUMBRES")
    d.add_paragraph("Délibération n° 2025-087 : attribution des subventions du fonds d'initiatives solidaires")
    d.add_paragraph("Le Conseil communautaire, après en avoir délibéré, DÉCIDE d'attribuer les subventions suivantes :")
    rows = [("Bénéficiaire", "Commune", "Objet", "Montant"),
            ("Association Les Potes du Bourg", "Lumbres", "Épicerie sociale itinérante", "6 000 €"),
            ("Comité d'animation d'Elnes", "Elnes", "Repair café mensuel", "1 500 €"),
            ("Association Cultures Partagées", "Esquerdes", "Jardin partagé intergénérationnel", "2 800 €"),
            ("TOTAL", "", "", "10 300 €")]
    _grid(d, rows)
    d.add_paragraph("Les crédits sont inscrits au budget 2025.")
    d.save(tmp_path / "deliberation.docx")
    pdf = _as_doc(tmp_path / "deliberation.docx", tmp_path, "pdf")
    _, recs = registry.extract(read_document(pdf))
    assert [(r.title, [m.name for m in r.porteurs]) for r in recs] == [
        ("Épicerie sociale itinérante", ["Association Les Potes du Bourg"]),
        ("Repair café mensuel", ["Comité d'animation d'Elnes"]),
        ("Jardin partagé intergénérationnel", ["Association Cultures Partagées"])]
    assert [[(f.funder.lower(), int(f.amount)) for f in r.financements] for r in recs] == [
        [("communauté de communes du pays de lumbres", n)] for n in (6000, 1500, 2800)]


def test_a_pdf_table_of_co_financings_with_empty_cells(tmp_path):
    """A contrat de ville's programme written in Word and saved as PDF: one column per funder, its header wrapped
    over three lines ('État' / '(BOP' / '147)'), some cells empty. Each row's funders are the columns holding an
    amount in that row, the empty cells none, and no amount slides into the next column."""
    import docx

    d = docx.Document()
    d.add_paragraph("Programmation 2024 du contrat de ville de Vierzon")
    d.add_paragraph("Le comité de pilotage du 12 mars 2024 a retenu les actions suivantes (montants en euros).")
    rows = [("Porteur", "Action", "État (BOP 147)", "Ville de Vierzon", "CAF du Cher", "Coût total"),
            ("Association Les Ateliers du Canal", "Atelier couture et insertion des femmes", "5 500", "2 000", "",
             "16 000"),
            ("Centre socioculturel Colombier", "Ludothèque mobile dans les quartiers", "4 000", "", "3 000", "12 400"),
            ("Association Sport Passion Vierzon", "Marche nordique pour les seniors", "3 200", "1 500", "1 000",
             "9 800")]
    _grid(d, rows)
    d.add_paragraph("Le service politique de la ville reste à la disposition des porteurs de projets.")
    d.save(tmp_path / "programmation.docx")
    pdf = _as_doc(tmp_path / "programmation.docx", tmp_path, "pdf")
    _, recs = registry.extract(read_document(pdf))
    assert [(r.title, [m.name for m in r.porteurs]) for r in recs] == [(row[1], [row[0]]) for row in rows[1:]]
    assert [sorted((f.funder, int(f.amount)) for f in r.financements) for r in recs] == [
        [("Ville de Vierzon", 2000), ("État", 5500)],
        [("CAF du Cher", 3000), ("État", 4000)],
        [("CAF du Cher", 1000), ("Ville de Vierzon", 1500), ("État", 3200)]]
    assert [int(r.budget) for r in recs] == [16000, 12400, 9800]
