"""What a build reads and says: per-document reader and initiatives, --verbose spans, documents that yield nothing,
a build without any initiative (an error), the published texts (OUT/documents/), document identity (distinct,
stable IRIs) and inputs that used to corrupt silently or hang (stray cp1252 byte, FIFO, character device)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

import guards
from formats import write_pdf, write_scanned_pdf
from isgraph.cli import main
from isgraph.rdf.graphio import load_graph
from isgraph.namespaces import ISG

ROOT = Path(__file__).resolve().parent.parent
NEOTERRA = ROOT / "seeds" / "003_d2f6919879ef3aac.txt"  # 14 initiatives, fast to build
RESSOURCE = ROOT / "seeds" / "001_3372ed18df074b49.txt"  # 1 initiative
DOC = "https://w3id.org/isgraph/id/document/"


def hang_guard(seconds: int = 120):
    return guards.hang_guard(seconds)


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in res.output, res.output
    return res


@pytest.fixture
def small(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(NEOTERRA, d / NEOTERRA.name)
    shutil.copy(RESSOURCE, d / RESSOURCE.name)
    return d


def test_summary_names_reader_and_count_per_document_and_skips(small, tmp_path):
    (small / "recette.txt").write_text("Recette de la tarte aux pommes.\nÉplucher les pommes.\n" * 5, encoding="utf-8")
    write_scanned_pdf(small / "scan.pdf")
    res = run("build", small, "--out", tmp_path / "out", "-j", "1")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "  001_3372ed18df074b49.txt (TXT): reader ressource-web, 1 initiative" in lines
    assert "  003_d2f6919879ef3aac.txt (TXT): reader neoterra, 14 initiatives" in lines
    assert "  recette.txt (TXT): skipped: no initiative found (the generic reader found no initiative block)" in lines
    assert ("  scan.pdf: skipped: no text layer (2 pages; scanned PDF?); OCR is not supported" in lines)
    assert any(line.startswith("isgraph: warning: ") and "scan.pdf" in line and "no text layer" in line
               for line in lines)
    # --verbose: each initiative's span and title, under its document
    assert not any(line.startswith("      l.") for line in lines)


def test_verbose_lists_each_initiative_span_and_title(small, tmp_path):
    res = run("build", small, "--out", tmp_path / "out", "-j", "1", "--verbose")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    at = lines.index("  003_d2f6919879ef3aac.txt (TXT): reader neoterra, 14 initiatives")
    spans = [line for line in lines[at + 1:at + 15]]
    assert all(line.startswith("      l.") for line in spans), spans
    g = load_graph(tmp_path / "out" / "isgraph.ttl")
    doc = URIRef(DOC + "003-d2f6919879ef3aac")
    expected = sorted(
        f"      l.{g.value(i, ISG.ligneDebut)}-{g.value(i, ISG.ligneFin)}  {g.value(i, URIRef('http://www.w3.org/2000/01/rdf-schema#label'))}"
        for i in g.subjects(PROV.wasDerivedFrom, doc) if (i, RDF.type, ISG.Initiative) in g)
    assert sorted(spans) == expected


def test_no_initiative_at_all_is_an_error_and_keeps_previous_output(small, tmp_path):
    out = tmp_path / "out"
    assert run("build", small, "--out", out, "-j", "1").exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "recette.txt").write_text("Recette de la tarte aux pommes.\nÉplucher les pommes.\n" * 5, encoding="utf-8")
    write_scanned_pdf(empty / "scan.pdf")
    res = run("build", empty, "--out", out, "-j", "1")
    assert res.exit_code == 2
    errors = [line for line in res.output.splitlines() if line.startswith("isgraph: error:")]
    assert len(errors) == 1 and "no initiative found" in errors[0] and str(empty) in errors[0]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    fresh = tmp_path / "fresh"
    assert run("build", empty, "--out", fresh, "-j", "1").exit_code == 2 and not fresh.exists()


def test_published_texts_match_the_provenance(small, tmp_path):
    (small / "contact.txt").write_bytes(NEOTERRA.read_bytes().replace(
        b"Fiche Ambition", b"Contact : Jeanne Martin, jeanne.martin@exemple.fr, 03 27 00 00 00. Fiche Ambition", 1))
    out = tmp_path / "out"
    assert run("build", small, "--out", out, "-j", "1").exit_code == 0
    g = load_graph(out / "isgraph.ttl")
    for name, key in (("003_d2f6919879ef3aac.txt", "003-d2f6919879ef3aac"), ("contact.txt", "contact")):
        doc = URIRef(DOC + key)
        source = (small / name).read_bytes()
        assert g.value(doc, ISG.fichier) == Literal(name)
        assert g.value(doc, ISG.sha256) == Literal(hashlib.sha256(source).hexdigest())
        assert g.value(doc, DCTERMS.format) == URIRef("http://www.iana.org/assignments/media-types/text/plain")
        assert g.value(doc, ISG.texte) == Literal(f"documents/{key}.txt")
        published = (out / "documents" / f"{key}.txt").read_text(encoding="utf-8").split("\n")[:-1]
        original = source.decode("utf-8").split("\n")
        assert len(published) == int(g.value(doc, ISG.nombreLignes))
        for i in g.subjects(PROV.wasDerivedFrom, doc):
            if (i, RDF.type, ISG.Initiative) in g:
                a, b = int(g.value(i, ISG.ligneDebut)), int(g.value(i, ISG.ligneFin))
                assert published[a - 1:b] == original[a - 1:b] or name == "contact.txt"
    contact = (out / "documents" / "contact.txt").read_text(encoding="utf-8")
    assert "jeanne.martin" not in contact and "03 27 00 00 00" not in contact and "Jeanne Martin" not in contact
    assert "Contact : [nom], [courriel], [téléphone]. Fiche Ambition" in contact
    sums = (out / "SHA256SUMS").read_text()
    assert "  documents/contact.txt\n" in sums and "  documents/003-d2f6919879ef3aac.txt\n" in sums


def test_pdf_document_pages_and_published_text(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    lines = NEOTERRA.read_text(encoding="utf-8").split("\n")
    shutil.copy(NEOTERRA, d / "fiche.txt")
    # the same Néo Terra sheet as a PDF: its lines are too long for a page, so only the .txt gives initiatives;
    # a second PDF carries the ressource-web seed (1 initiative, a few pages)
    write_pdf(lines, d / "fiche.pdf")
    write_pdf(RESSOURCE.read_text(encoding="utf-8").split("\n"), d / "ressource.pdf")
    out = tmp_path / "out"
    res = run("build", d, "--out", out, "-j", "1", "-v")
    assert res.exit_code == 0, res.output
    g = load_graph(out / "isgraph.ttl")
    txt, pdf, res_pdf = URIRef(DOC + "fiche"), URIRef(DOC + "fiche-pdf"), URIRef(DOC + "ressource-pdf")
    assert g.value(txt, ISG.fichier) == Literal("fiche.txt")
    assert "  ressource.pdf (PDF, 2 pages): reader ressource-web, 1 initiative" in res.output.splitlines()
    if (pdf, RDF.type, ISG.Document) in g:
        assert g.value(pdf, ISG.fichier) == Literal("fiche.pdf")
    assert g.value(res_pdf, ISG.fichier) == Literal("ressource.pdf")
    assert g.value(res_pdf, DCTERMS.format) == URIRef("http://www.iana.org/assignments/media-types/application/pdf")
    assert int(g.value(res_pdf, ISG.nombrePages)) == 2
    init = next(i for i in g.subjects(PROV.wasDerivedFrom, res_pdf) if (i, RDF.type, ISG.Initiative) in g)
    assert 1 <= int(g.value(init, ISG.pageDebut)) <= int(g.value(init, ISG.pageFin)) <= 2
    tsv = (out / "documents" / "ressource-pdf.pages.tsv").read_text().splitlines()
    assert tsv[0] == "page\tligne_debut\tligne_fin" and [r.split("\t")[0] for r in tsv[1:]] == ["1", "2"]
    text = (out / "documents" / "ressource-pdf.txt").read_text(encoding="utf-8").split("\n")
    a = int(g.value(init, ISG.ligneDebut))
    first_page_end = int(tsv[1].split("\t")[2])
    assert (int(g.value(init, ISG.pageDebut)) == 1) == (a <= first_page_end)
    assert text[a - 1].strip()


def test_colliding_names_get_distinct_stable_iris(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(RESSOURCE, d / "a b.txt")
    shutil.copy(RESSOURCE, d / "a-b.txt")
    res = run("build", d, "--out", tmp_path / "out", "-j", "1")
    assert res.exit_code == 0, res.output
    assert any("a b.txt" in line and "a-b.txt" in line and "same document IRI" in line
               for line in res.output.splitlines() if line.startswith("isgraph: warning:"))
    g = load_graph(tmp_path / "out" / "isgraph.ttl")
    docs = {str(g.value(doc, ISG.fichier)): str(doc) for doc in g.subjects(RDF.type, ISG.Document)}
    expected = {n: DOC + "a-b-" + hashlib.sha256(n.encode()).hexdigest()[:8] for n in ("a b.txt", "a-b.txt")}
    assert docs == expected
    # the same IRIs when another document is added
    shutil.copy(NEOTERRA, d / "zz.txt")
    assert run("build", d, "--out", tmp_path / "out2", "-j", "1").exit_code == 0
    g2 = load_graph(tmp_path / "out2" / "isgraph.ttl")
    docs2 = {str(g2.value(doc, ISG.fichier)): str(doc) for doc in g2.subjects(RDF.type, ISG.Document)}
    assert {k: v for k, v in docs2.items() if k != "zz.txt"} == expected


def test_stray_cp1252_byte_in_utf8_is_repaired_alone(tmp_path):
    from isgraph.ingest.documents import read_document

    text = "Région Hauts-de-France\nL’épicerie « solidaire »\nCafé associatif\n"
    data = text.encode("utf-8").replace("Café".encode("utf-8"), b"Caf\xe9")
    path = tmp_path / "mixte.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == text and doc.encoding == "utf-8" and doc.repaired_lines == [3]
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(NEOTERRA, d / "fiche.txt")
    raw = NEOTERRA.read_bytes().replace("Fiche Ambition".encode(), "Fiche Ambition caf\xe9".encode("cp1252"), 1)
    (d / "fiche.txt").write_bytes(raw)
    line = raw[:raw.index(b"caf\xe9")].count(b"\n") + 1
    res = run("build", d, "--out", tmp_path / "out", "-j", "1")
    assert res.exit_code == 0, res.output
    assert f"isgraph: warning: {d / 'fiche.txt'}:{line}: invalid UTF-8 bytes read as cp1252" in res.output.splitlines()
    published = (tmp_path / "out" / "documents" / "fiche.txt").read_text(encoding="utf-8")
    assert "Fiche Ambition café" in published and "Ã" not in published and "NÉO" in published


def test_whole_cp1252_file_still_decoded_as_cp1252(tmp_path):
    from isgraph.ingest.documents import read_document

    path = tmp_path / "ancien.txt"
    path.write_bytes("Région été — 5 000 €\nDeuxième ligne\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.encoding == "cp1252" and doc.lines == ["Région été — 5 000 €", "Deuxième ligne"]
    assert doc.repaired_lines == []


def test_fifo_in_input_directory_is_refused_without_hanging(small, tmp_path):
    fifo = small / "x.txt"
    os.mkfifo(fifo)
    with hang_guard():
        res = run("build", small, "--out", tmp_path / "out", "-j", "1")
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [f"isgraph: error: {fifo}: a FIFO (named pipe), not a regular file: "
                                               "refusing to read it"]
    assert not (tmp_path / "out").exists()
    with hang_guard():
        res = run("build", fifo, "--out", tmp_path / "out")
    assert res.exit_code == 2 and str(fifo) in res.output and "FIFO" in res.output


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_character_device_input_is_refused_without_reading(tmp_path):
    with hang_guard():
        res = run("build", "/dev/zero", "--out", tmp_path / "out")
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == ["isgraph: error: /dev/zero: a character device, not a regular file: "
                                               "refusing to read it"]


def test_read_bytes_reads_at_most_the_limit_plus_one(tmp_path, monkeypatch):
    import isgraph.ingest.documents as documents

    reads = []
    real_read = os.read

    def counting_read(fd, n):
        reads.append(n)
        return real_read(fd, n)
    monkeypatch.setattr(os, "read", counting_read)
    path = tmp_path / "grows.txt"
    path.write_bytes(b"x" * 50)
    monkeypatch.setattr(documents, "MAX_BYTES", 10)
    with pytest.raises(documents.InputError, match="too large"):
        documents.read_document(path)
    assert sum(reads) == 0  # refused from its size, nothing read
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: _fake_small_stat(p))
    with pytest.raises(documents.InputError, match="too large"):
        documents.read_bytes(path, limit=10)
    assert sum(reads) <= 11


def _fake_small_stat(path):
    """A stat that claims the file is tiny (a file that grows after stat)."""
    real = os.lstat(path)
    return os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink, real.st_uid, real.st_gid, 1,
                           int(real.st_atime), int(real.st_mtime), int(real.st_ctime)))
