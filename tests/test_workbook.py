"""OUT/isgraph.xlsx (issue 14): one sheet per table, labels first, " ; " lists, paired columns in the same order;
opened by LibreOffice headless. Also the CSV's paired columns."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from isgraph.publication.bundle import TABLES, table_rows
from isgraph.publication.workbook import WORKBOOK_FILE, workbook_bytes

SCALC = Path("/usr/lib/libreoffice/program/libsclo.so")
TITLE = "Accompagnement des acteurs vers une meilleure acccessibilité physique"


@pytest.fixture(scope="module")
def out(built):
    return built[1]


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_paired_columns_line_up(out):
    labels = {r["id"]: r["libelle"] for r in read_csv(out / "territoires.csv")}
    actors = {r["id"]: r["libelle"] for r in read_csv(out / "acteurs.csv")}
    rows = read_csv(out / "initiatives.csv")
    multi = [r for r in rows if ";" in r["territoires"]]
    assert multi
    for r in rows:
        iris = r["territoires"].split(";") if r["territoires"] else []
        names = r["territoires_libelles"].split(";") if r["territoires_libelles"] else []
        assert names == [labels[i] for i in iris], r["id"]
        iris = r["porteurs"].split(";") if r["porteurs"] else []
        names = r["porteurs_libelles"].split(";") if r["porteurs_libelles"] else []
        assert names == [actors[i] for i in iris], r["id"]


def test_initiatives_csv_names_its_funders(out):
    row = next(r for r in read_csv(out / "initiatives.csv") if r["libelle"] == TITLE)
    # the card's funders (see tests/data/gold/000_dev.json): four named bodies and "Europe", a generic mention
    assert row["nombre_financeurs"] == "4"
    assert row["financeurs_libelles"].split(";") == ["ENRx", "Jeunesse et sports", "ligue de voile",
                                                     "Syndicat Mixte de gestion du Parc"]
    assert row["financeurs_generiques"] == "Europe"


def test_workbook_sheets_and_determinism(out, seed_graph):
    data = (out / WORKBOOK_FILE).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        assert names == list(TABLES)
        # one fixed date on every entry (XlsxWriter's constant_memory mode stamps its temporary files 1980-01-31)
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    rows = table_rows(seed_graph)
    assert workbook_bytes(rows, seed_graph) == workbook_bytes(rows, seed_graph)
    sums = (out / "SHA256SUMS").read_text()
    assert f"  {WORKBOOK_FILE}\n" in sums


def _libreoffice_csv(xlsx: Path, tmp: Path) -> dict[str, list[list[str]]]:
    soffice = shutil.which("soffice")
    if soffice is None or not SCALC.exists():
        pytest.skip("LibreOffice Calc absent (Debian libreoffice-calc: scripts/install-servers.sh)")
    # 44 = comma, 34 = double quote, 76 = UTF-8, ..., -1 = every sheet to its own file
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    res = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                          target, "--outdir", str(tmp), str(xlsx)], capture_output=True, text=True, timeout=300)
    sheets = {}
    for name in TABLES:
        path = tmp / f"{xlsx.stem}-{name}.csv"
        assert path.exists(), f"LibreOffice did not write {path.name}: {res.stdout} {res.stderr}"
        sheets[name] = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return sheets


def test_workbook_opens_in_libreoffice(out, tmp_path):
    sheets = _libreoffice_csv(out / WORKBOOK_FILE, tmp_path)
    head, *rows = sheets["initiatives"]
    assert head[0] == "libellé" and head[-4:] == ["IRI", "territoires", "porteurs", "document"]
    assert len(rows) == len(read_csv(out / "initiatives.csv"))
    row = dict(zip(head, next(r for r in rows if r[0] == TITLE)))
    assert row["financeurs libellés"] == "ENRx ; Jeunesse et sports ; ligue de voile ; Syndicat Mixte de gestion du Parc"
    assert row["financeurs génériques"] == "Europe"
    # themes by their French labels, in the CSV's order (codes sorted)
    assert row["thèmes"] == "Handicap et accessibilité ; Mobilité et transport ; Personnes âgées ; Sport"
    assert row["nombre financeurs"] == "4"
    # paired columns line up in the workbook too
    terr_head, *terr_rows = sheets["territoires"]
    names = {r[terr_head.index("IRI")]: r[terr_head.index("libellé")] for r in terr_rows}
    for r in rows:
        d = dict(zip(head, r))
        if d["territoires"]:
            assert d["territoires libellés"].split(" ; ") == [names[i] for i in d["territoires"].split(" ; ")]
    act_head, *_ = sheets["acteurs"]
    assert act_head[:3] == ["libellé", "type acteur", "financeur"]


def test_workbook_left_out_when_a_table_exceeds_the_spreadsheet_row_limit(seed_graph, tmp_path, monkeypatch):
    """A sheet is never cut: when a table has more rows than a spreadsheet holds, the workbook is not written
    (nor listed in the catalogue) and the CSV files hold every row."""
    from isgraph.publication import bundle, workbook

    rows = table_rows(seed_graph)
    biggest = max(len(r) for r in rows.values())
    monkeypatch.setattr(workbook, "EXCEL_MAX_ROWS", biggest)  # the largest table no longer fits
    written = bundle.write_tables(seed_graph, tmp_path)
    assert WORKBOOK_FILE not in written and not (tmp_path / WORKBOOK_FILE).exists()
    name = max(rows, key=lambda n: len(rows[n]))
    assert len(read_csv(tmp_path / f"{name}.csv")) == biggest
    monkeypatch.setattr(workbook, "EXCEL_MAX_ROWS", biggest + 1)
    assert WORKBOOK_FILE in bundle.write_tables(seed_graph, tmp_path / "again")


NASTY = ["", " lead", "trail ", "\ttab", "a & b < c > d", 'quote " here', "ligne\nsuivante", "ctl\x01\x1f",
         "_x0041_ literal", "\x0b", "\ufffe\uffff", "émoji 😀", "x" * 40000, "😀" * 17000, "a;b;c", "; ;",
         "'apostrophe'", "]]>", "&amp;"]
NUMBERS = ["0", "-3.5", "1e20", "0.1", "123456789012345678", "2.5e-7"]


def _nasty_rows(rows: dict, seed: int) -> dict:
    """The seeds' rows plus rows whose text cells are awkward strings (XML specials, control characters,
    XlsxWriter's own _xHHHH_ escapes, edge whitespace, over-long cells, astral characters) and numbers of every
    form, one row left entirely empty."""
    import random

    rnd = random.Random(seed)
    out = {}
    for name, table in rows.items():
        fields = TABLES[name]["fields"]
        extra = [["" for _ in fields]]
        for _ in range(30):
            row = []
            for _f, spec, _d in fields:
                kind = spec.get("type")
                if kind == "integer":
                    row.append(rnd.choice(["", str(rnd.randint(-5, 10**12))]))
                elif kind == "number":
                    row.append(rnd.choice([""] + NUMBERS))
                elif kind == "boolean":
                    row.append(rnd.choice(["", "true", "false"]))
                else:
                    row.append(rnd.choice(NASTY))
            extra.append(row)
        out[name] = table + extra
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_workbook_rows_written_as_xml_match_xlsxwriter_cell_by_cell(seed_graph, seed, monkeypatch):
    """`workbook._write_rows` (the sheets' rows written as XML) against XlsxWriter's own write_string /
    write_number calls, the reference: the same bytes, on the seeds' tables and on awkward cells."""
    from isgraph.publication import workbook

    rows = _nasty_rows(table_rows(seed_graph), seed)
    sheets = []
    write_rows = workbook._write_rows
    monkeypatch.setattr(workbook, "_write_rows", lambda ws, cells, n: (sheets.append(ws.name), write_rows(ws, cells, n)))
    fast = workbook_bytes(rows, seed_graph, fast=True)
    assert sheets == list(TABLES)  # the XML path was taken for every sheet
    reference = workbook_bytes(rows, seed_graph, fast=False)
    with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(reference)) as b:
        assert a.namelist() == b.namelist()
        for name in b.namelist():
            assert a.read(name) == b.read(name), name
        sheet = b.read("xl/worksheets/sheet1.xml").decode()
        assert "_x005F_x0041_" in sheet and "_x0001_" in sheet and 'xml:space="preserve"' in sheet  # exercised
    assert fast == reference
    plain = table_rows(seed_graph)
    assert workbook_bytes(plain, seed_graph, fast=True) == workbook_bytes(plain, seed_graph, fast=False)
